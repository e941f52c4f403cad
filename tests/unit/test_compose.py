"""docker-compose.yml is validated here, not run: CI machines have no Docker engine.

Here: our own deployment rules (table-driven, least privilege included), and that the
schema check can fail. The checks every compose file passes (.env.example, the Compose
Specification JSON schema shipped with Debian's docker-compose package, and
`docker-compose config`, which parses and interpolates the file exactly as Compose does)
are in test_compose_files.py.

The roles and users that es-setup creates (`clinics roles`) are checked as the request
bodies it sends: the local test engine has no security API (docs/engine.md), so one
integration test runs the command against it and expects the clear refusal.
"""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from clinics.commands import roles

unit = pytest.mark.unit  # every test here but the last, which runs `clinics roles` on a node

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SUPERUSER_SERVICES = {"elasticsearch", "es-setup"}
SCHEMA_PATHS = sorted(
    Path("/usr/lib/python3/dist-packages/compose/config").glob("compose_spec.json")
)


def engine_version() -> str:
    pom = (ROOT / "engine" / "pom.xml").read_text()
    return re.search(r"<elasticsearch.version>([^<]+)<", pom).group(1)


@unit
def test_elasticsearch_image_matches_the_local_engine_version():
    assert SERVICES["elasticsearch"]["image"].endswith(":" + engine_version())


@unit
def test_python_client_major_matches_the_server_major():
    pyproject = (ROOT / "pyproject.toml").read_text()
    client_range = re.search(r'"elasticsearch>=([0-9]+)[^"]*<([0-9]+)"', pyproject)
    assert client_range, "the elasticsearch client must be pinned to one major version"
    major = engine_version().split(".")[0]
    assert client_range.group(1) == major
    assert int(client_range.group(2)) == int(major) + 1


@unit
@pytest.mark.parametrize(
    ("service", "rule"),
    [
        ("elasticsearch", "security on"),
        ("elasticsearch", "single node"),
        ("elasticsearch", "password from .env"),
        ("elasticsearch", "healthcheck"),
        ("elasticsearch", "data volume"),
        ("elasticsearch", "ports on loopback"),
        ("ui", "ports on loopback"),
        ("ui", "waits for a healthy engine"),
        ("crawl", "jobs profile"),
        ("index", "jobs profile"),
        ("es-setup", "runs clinics roles once"),
        ("es-setup", "waits for a healthy engine"),
        ("es-setup", "is the only job with the superuser"),
        ("ui", "user clinics_ui"),
        ("index", "user clinics_indexer"),
        ("reports", "user clinics_reports"),
        ("ui", "waits for es-setup"),
        ("index", "waits for es-setup"),
        ("reports", "waits for es-setup"),
        ("crawl", "no Elasticsearch credentials"),
        ("crawl", "does not wait for the engine"),
        ("ui", "no maintainer token"),
        ("ui", "no access to the crawl files"),
        ("reports", "purges every hour"),
        ("api", "runs clinics api"),
        ("api", "the UI's image"),
        ("api", "ports on loopback"),
        ("api", "waits for a healthy engine"),
        ("api", "waits for es-setup"),
        ("api", "user clinics_ui"),
        ("api", "no maintainer token"),
        ("api", "no access to the crawl files"),
        ("api", "answers its healthcheck"),
    ],
)
def test_deployment_rules(service, rule):
    spec = SERVICES[service]
    env = spec.get("environment", {})
    if rule == "security on":
        assert env["xpack.security.enabled"] == "true"
    elif rule == "single node":
        assert env["discovery.type"] == "single-node"
    elif rule == "password from .env":
        assert env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    elif rule == "healthcheck":
        assert "_cluster/health" in " ".join(spec["healthcheck"]["test"])
    elif rule == "data volume":
        assert any(v.endswith(":/usr/share/elasticsearch/data") for v in spec["volumes"])
    elif rule == "ports on loopback":
        assert spec["ports"] and all(p.startswith("127.0.0.1:") for p in spec["ports"])
    elif rule == "waits for a healthy engine":
        assert spec["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    elif rule == "jobs profile":
        assert spec["profiles"] == ["jobs"]
    elif rule == "runs clinics roles once":
        assert spec["command"] == ["clinics", "roles"]
        assert spec["restart"] == "no"
    elif rule == "is the only job with the superuser":
        assert env["ES_USERNAME"] == "elastic"
        assert env["ES_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    elif rule.startswith("user "):
        username = rule.removeprefix("user ")
        assert env["ES_USERNAME"] == username
        variable = roles.PASSWORD_ENVS[username]
        assert env["ES_PASSWORD"].startswith("${" + variable + ":?")
    elif rule == "waits for es-setup":
        assert spec["depends_on"]["es-setup"]["condition"] == "service_completed_successfully"
    elif rule == "no Elasticsearch credentials":
        assert not [name for name in env if name.startswith("ES_")]
        assert "ELASTIC_PASSWORD" not in json.dumps(spec)
    elif rule == "does not wait for the engine":
        assert "depends_on" not in spec
    elif rule == "no maintainer token":
        assert "CLINICS_MAINTAINER_TOKEN" not in env
    elif rule == "no access to the crawl files":
        assert not any(v.startswith("appdata:") for v in spec.get("volumes", []))
    elif rule == "purges every hour":
        assert spec["command"] == ["clinics", "reports", "purge", "--every", "3600"]
        assert spec["restart"] == "unless-stopped"
    elif rule == "runs clinics api":
        assert spec["command"][:2] == ["clinics", "api"]
        assert spec["restart"] == "unless-stopped"
    elif rule == "the UI's image":
        assert spec["image"] == SERVICES["ui"]["image"]
    elif rule == "answers its healthcheck":
        port = spec["command"][spec["command"].index("--port") + 1]
        assert f"127.0.0.1:{port}/" in " ".join(spec["healthcheck"]["test"])
        assert any(p.endswith(f":{port}") for p in spec["ports"])
    else:
        raise AssertionError(f"no check for rule {rule!r}")


@unit
def test_env_file_is_not_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
    assert (ROOT / ".env.example").exists()


@unit
def test_a_schema_violation_is_caught():
    """The schema check can fail: a service with an unknown key is rejected."""
    if not SCHEMA_PATHS:
        pytest.skip("Debian's docker-compose is not installed (.ci/run installs it)")
    import jsonschema

    broken = json.loads(json.dumps(COMPOSE))
    broken["services"]["ui"]["portz"] = ["8501"]
    validator = jsonschema.Draft201909Validator(json.loads(SCHEMA_PATHS[0].read_text()))
    assert list(validator.iter_errors(broken))


@unit
def test_only_the_engine_and_es_setup_see_the_superuser_password():
    holders = {name for name, spec in SERVICES.items() if "ELASTIC_PASSWORD" in json.dumps(spec)}
    assert holders == SUPERUSER_SERVICES
    users = {spec.get("environment", {}).get("ES_USERNAME") for spec in SERVICES.values()}
    assert users - {None} == {"elastic", *roles.PASSWORD_ENVS}


@unit
def test_every_role_password_is_in_env_example():
    # (every variable the file uses: test_compose_files.py)
    example = (ROOT / ".env.example").read_text()
    defined = set(re.findall(r"^([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    for variable in roles.PASSWORD_ENVS.values():
        assert variable in defined


# ---------------------------------------------------------------- roles of `clinics roles`

# Index and cluster privileges as documented for Elasticsearch 9 (security privileges).
INDEX_PRIVILEGES = {
    "all",
    "auto_configure",
    "create",
    "create_doc",
    "create_index",
    "cross_cluster_replication",
    "cross_cluster_replication_internal",
    "delete",
    "delete_index",
    "index",
    "maintenance",
    "manage",
    "manage_data_stream_lifecycle",
    "manage_follow_index",
    "manage_ilm",
    "manage_leader_index",
    "monitor",
    "none",
    "read",
    "read_cross_cluster",
    "view_index_metadata",
    "write",
}
# Privileges that read documents, and those that change or delete data or indices.
READS = {"all", "read"}
CHANGES = {
    "all",
    "create",
    "create_doc",
    "create_index",
    "delete",
    "delete_index",
    "index",
    "manage",
    "write",
}
ROLES = roles.role_bodies("providers", "provider-reports", "provider-crawls")


def granted(role: str, index: str) -> set[str]:
    """The privileges a role has on one concrete index or alias name."""
    import fnmatch

    found: set[str] = set()
    for entry in ROLES[role]["indices"]:
        if any(fnmatch.fnmatchcase(index, pattern) for pattern in entry["names"]):
            found.update(entry["privileges"])
    return found


@unit
def test_every_privilege_name_exists():
    for body in ROLES.values():
        for entry in body["indices"]:
            assert set(entry["privileges"]) <= INDEX_PRIVILEGES, entry
        assert set(body["cluster"]) <= {"monitor"}


@unit
def test_the_ui_may_read_the_alias_and_add_reports_only():
    ui = roles.UI_USER
    assert ROLES[ui]["cluster"] == []
    assert granted(ui, "providers") == {"read", "view_index_metadata"}
    assert granted(ui, "providers-20261201t000000") == {"view_index_metadata"}  # no documents
    assert granted(ui, "provider-reports") == {"create_doc", "view_index_metadata"}
    assert not granted(ui, "provider-reports") & READS  # contacts stay unreadable
    assert granted(ui, "provider-crawls") == set()
    assert granted(ui, ".security-7") == set()
    changes = {name: granted(ui, name) & CHANGES for name in ("providers", "providers-x")}
    assert changes == {"providers": set(), "providers-x": set()}


@unit
def test_the_index_job_manages_providers_indices_and_the_alias_only():
    job = roles.INDEXER_USER
    assert ROLES[job]["cluster"] == ["monitor"]  # GET / before a load
    for name in ("providers", "providers-20261201t000000"):
        assert {"manage", "read", "write"} <= granted(job, name)
    assert {"create_index", "write", "read"} <= granted(job, "provider-crawls")
    assert granted(job, "provider-reports") == set()
    assert granted(job, "other-index") == set()


@unit
def test_the_reports_job_touches_the_reports_index_only():
    job = roles.REPORTS_USER
    assert ROLES[job]["cluster"] == []
    assert {"read", "write"} <= granted(job, "provider-reports")
    assert "delete_index" not in granted(job, "provider-reports")
    for name in ("providers", "providers-x", "provider-crawls"):
        assert granted(job, name) == set()


@unit
def test_each_user_gets_its_own_role_and_only_that():
    secrets = {name: f"{name}-password-long-enough" for name in roles.PASSWORD_ENVS}
    sent = roles.requests(secrets)
    assert [(method, path) for method, path, _ in sent] == [
        ("PUT", "/_security/role/clinics_ui"),
        ("PUT", "/_security/role/clinics_indexer"),
        ("PUT", "/_security/role/clinics_reports"),
        ("PUT", "/_security/user/clinics_ui"),
        ("PUT", "/_security/user/clinics_indexer"),
        ("PUT", "/_security/user/clinics_reports"),
    ]
    users = {path.rsplit("/", 1)[1]: body for _, path, body in sent if "/user/" in path}
    for name, body in users.items():
        assert body["roles"] == [name]
        assert body["password"] == secrets[name]


@unit
def test_roles_follow_the_configured_names(monkeypatch):
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", "directory")
    monkeypatch.setenv("CLINICS_REPORTS_INDEX", "directory-reports-x")
    bodies = {path: body for _, path, body in roles.requests()}
    ui = bodies["/_security/role/clinics_ui"]["indices"]
    assert [entry["names"] for entry in ui] == [
        ["directory"],
        ["directory-*"],
        ["directory-reports-x"],
    ]


@unit
@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "CLINICS_UI_ES_PASSWORD is not set"),
        (
            {
                "CLINICS_UI_ES_PASSWORD": "change-me-ui-password",
                "CLINICS_INDEXER_ES_PASSWORD": "x" * 20,
                "CLINICS_REPORTS_ES_PASSWORD": "y" * 20,
            },
            "not the example value",
        ),
        (
            {
                "CLINICS_UI_ES_PASSWORD": "short",
                "CLINICS_INDEXER_ES_PASSWORD": "x" * 20,
                "CLINICS_REPORTS_ES_PASSWORD": "y" * 20,
            },
            "at least 16 characters",
        ),
    ],
)
def test_missing_short_or_example_passwords_are_refused(environ, message):
    from clinics.errors import UsageError

    with pytest.raises(UsageError, match=message):
        roles.passwords(environ)


@unit
def test_print_shows_the_requests_without_passwords(monkeypatch):
    from clinics.cli import main

    for variable in roles.PASSWORD_ENVS.values():
        monkeypatch.setenv(variable, "a-secret-that-must-not-print")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["roles", "--print"]) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 6
    assert "a-secret-that-must-not-print" not in out.getvalue()
    assert {line["body"].get("password") for line in lines[3:]} == {roles.HIDDEN}


@pytest.mark.integration
def test_clinics_roles_on_an_engine_without_security_says_so(es, es_url, monkeypatch):
    """The local engine has no security API: the command must stop with one clear line
    and change nothing (the reports index is created only after the check)."""
    from clinics.cli import main

    monkeypatch.setenv("ES_URL", es_url)
    index = "test-roles-reports-absent"
    monkeypatch.setenv("CLINICS_REPORTS_INDEX", index)
    for variable in roles.PASSWORD_ENVS.values():
        monkeypatch.setenv(variable, "a-long-enough-password-123")
    err = io.StringIO()
    with redirect_stderr(err):
        status = main(["roles"])
    assert status == 1
    assert err.getvalue().count("\n") == 1
    assert "no security API" in err.getvalue()
    assert not es.indices.exists(index=index)

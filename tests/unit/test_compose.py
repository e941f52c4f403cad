"""docker-compose.yml is validated here, not run: CI machines have no Docker engine.

Three checks: our own deployment rules (table-driven), the Compose Specification JSON
schema shipped with Debian's docker-compose package, and `docker-compose config`, which
parses and interpolates the file exactly as Compose does.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SCHEMA_PATHS = sorted(
    Path("/usr/lib/python3/dist-packages/compose/config").glob("compose_spec.json")
)


def engine_version() -> str:
    pom = (ROOT / "engine" / "pom.xml").read_text()
    return re.search(r"<elasticsearch.version>([^<]+)<", pom).group(1)


def test_elasticsearch_image_matches_the_local_engine_version():
    assert SERVICES["elasticsearch"]["image"].endswith(":" + engine_version())


def test_python_client_major_matches_the_server_major():
    pyproject = (ROOT / "pyproject.toml").read_text()
    client_range = re.search(r'"elasticsearch>=([0-9]+)[^"]*<([0-9]+)"', pyproject)
    assert client_range, "the elasticsearch client must be pinned to one major version"
    major = engine_version().split(".")[0]
    assert client_range.group(1) == major
    assert int(client_range.group(2)) == int(major) + 1


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


def test_env_file_is_not_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
    assert (ROOT / ".env.example").exists()


@pytest.mark.skipif(
    not SCHEMA_PATHS, reason="Debian's docker-compose is not installed (.ci/run installs it)"
)
def test_matches_the_compose_specification_schema():
    import jsonschema

    schema = json.loads(SCHEMA_PATHS[0].read_text())
    validator = jsonschema.Draft201909Validator(schema)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(COMPOSE)]
    assert errors == []


@pytest.mark.skipif(
    not shutil.which("docker-compose"),
    reason="docker-compose is not installed (.ci/run installs it)",
)
def test_docker_compose_config_accepts_the_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text((ROOT / ".env.example").read_text())
    result = subprocess.run(
        [
            "docker-compose",
            "--env-file",
            str(env_file),
            "--profile",
            "jobs",
            "-f",
            "docker-compose.yml",
            "config",
            "--services",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"elasticsearch", "ui", "crawl", "index"}


def test_a_schema_violation_is_caught():
    """The schema check can fail: a service with an unknown key is rejected."""
    if not SCHEMA_PATHS:
        pytest.skip("Debian's docker-compose is not installed (.ci/run installs it)")
    import jsonschema

    broken = json.loads(json.dumps(COMPOSE))
    broken["services"]["ui"]["portz"] = ["8501"]
    validator = jsonschema.Draft201909Validator(json.loads(SCHEMA_PATHS[0].read_text()))
    assert list(validator.iter_errors(broken))

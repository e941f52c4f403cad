"""`clinics roles`: least-privilege roles and users on a secured Elasticsearch.

docker compose runs it once as its `es-setup` service, with the `elastic` superuser, before
anything else starts; then each part of the deployment connects as its own user:

| user | may | used by |
| --- | --- | --- |
| clinics_ui | read the providers alias (and see its indices' metadata); add reports, never read them | the internet-facing UI |
| clinics_indexer | manage `providers-*` and the alias, the crawls index; cluster `monitor` (GET /) | the index job |
| clinics_reports | read reports and remove old contacts | the reports retention job, `clinics reports list` |

The crawl job gets no Elasticsearch credentials at all. Every request is a PUT of the
whole role or user, so running it again (to change a password, or after an upgrade of
these definitions) converges. It also creates the reports index with its mapping, so
the UI never needs the right to create an index.

    clinics roles            # apply (ES_URL, ES_USERNAME/ES_PASSWORD of an admin)
    clinics roles --print    # the requests it would send, passwords hidden; no engine
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping

from clinics.errors import ClinicsError, UsageError

UI_USER = "clinics_ui"
INDEXER_USER = "clinics_indexer"
REPORTS_USER = "clinics_reports"
PASSWORD_ENVS = {
    UI_USER: "CLINICS_UI_ES_PASSWORD",
    INDEXER_USER: "CLINICS_INDEXER_ES_PASSWORD",
    REPORTS_USER: "CLINICS_REPORTS_ES_PASSWORD",
}
FULL_NAMES = {
    UI_USER: "clinics search app",
    INDEXER_USER: "clinics index job",
    REPORTS_USER: "clinics reports retention and reading",
}
MIN_PASSWORD_CHARS = 16
PLACEHOLDER_PREFIX = "change-me"  # .env.example's values; never accepted
HIDDEN = "<hidden>"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "roles",
        help="create least-privilege Elasticsearch roles and users (docs/security.md)",
        description="Create or update the roles and users of the UI, the index job and the "
        "reports job through the Elasticsearch security API. Needs an admin user in "
        "ES_USERNAME/ES_PASSWORD and the users' passwords in "
        + ", ".join(PASSWORD_ENVS.values())
        + ".",
    )
    parser.add_argument(
        "--print",
        dest="print_only",
        action="store_true",
        help="print the requests as JSON (passwords hidden) and send nothing",
    )
    parser.set_defaults(run=run)


def names() -> tuple[str, str, str]:
    """(alias, reports index, crawls index) as the rest of the deployment names them."""
    from indexer import crawls
    from indexer.load_settings import default_alias, reports_index

    alias = default_alias()
    return alias, reports_index(), crawls.crawls_index_for(alias)


def role_bodies(alias: str, reports_index: str, crawls_index: str) -> dict[str, dict]:
    """The body of PUT /_security/role/<name> for each role (roles and users share names)."""
    versions = f"{alias}-*"  # the versioned indices behind the alias (indexer.aliases)
    return {
        UI_USER: {
            "cluster": [],
            "indices": [
                {"names": [alias], "privileges": ["read", "view_index_metadata"]},
                # which index the alias points to (the sample-data check); no documents
                {"names": [versions], "privileges": ["view_index_metadata"]},
                # append a report; reading reports (contacts) is not allowed
                {"names": [reports_index], "privileges": ["create_doc", "view_index_metadata"]},
            ],
            "metadata": {"clinics": "the internet-facing search app"},
        },
        INDEXER_USER: {
            "cluster": ["monitor"],
            "indices": [
                {"names": [alias, versions], "privileges": ["manage", "read", "write"]},
                {
                    "names": [crawls_index],
                    "privileges": [
                        "create_index",
                        "view_index_metadata",
                        "read",
                        "write",
                        "maintenance",
                    ],
                },
            ],
            "metadata": {"clinics": "loads crawls: new versioned index, alias swap"},
        },
        REPORTS_USER: {
            "cluster": [],
            "indices": [
                {
                    "names": [reports_index],
                    "privileges": ["read", "write", "view_index_metadata", "maintenance"],
                }
            ],
            "metadata": {"clinics": "reads reports, removes contacts past their retention"},
        },
    }


def user_body(username: str, password: str) -> dict:
    return {"password": password, "roles": [username], "full_name": FULL_NAMES[username]}


def passwords(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each user's password from its variable; refuses missing, short or example values."""
    environ = os.environ if environ is None else environ
    found = {}
    for username, variable in PASSWORD_ENVS.items():
        value = (environ.get(variable) or "").strip()
        if not value:
            raise UsageError(f"{variable} is not set (the password of {username})")
        if len(value) < MIN_PASSWORD_CHARS or value.startswith(PLACEHOLDER_PREFIX):
            raise UsageError(
                f"{variable} must be at least {MIN_PASSWORD_CHARS} characters and not the "
                "example value of .env.example"
            )
        found[username] = value
    return found


def requests(secrets: dict[str, str] | None = None) -> list[tuple[str, str, dict]]:
    """(method, path, body) of every request, in order; passwords as given (or hidden)."""
    alias, reports_index, crawls_index = names()
    out: list[tuple[str, str, dict]] = []
    for name, body in role_bodies(alias, reports_index, crawls_index).items():
        out.append(("PUT", f"/_security/role/{name}", body))
    for username in PASSWORD_ENVS:
        password = (secrets or {}).get(username, HIDDEN)
        out.append(("PUT", f"/_security/user/{username}", user_body(username, password)))
    return out


def _security_available(client) -> bool:
    from elasticsearch import ApiError

    try:
        client.security.authenticate()
    except ApiError as exc:
        if exc.meta.status in (400, 404, 405) and "no handler found" in str(exc):
            return False
        if exc.meta.status == 401:
            raise ClinicsError(
                "the engine refused ES_USERNAME/ES_PASSWORD; `clinics roles` needs an admin "
                "user (docker compose passes `elastic`)"
            ) from exc
        raise
    return True


def apply(client, secrets: dict[str, str]) -> list[str]:
    """Create the reports index, then PUT every role and user; returns what was done."""
    from indexer import mapping
    from indexer.crawls import ensure_index

    if not _security_available(client):
        raise ClinicsError(
            "this Elasticsearch has no security API (security is off or not installed), so "
            "there are no users to create; docker compose runs it with "
            "xpack.security.enabled=true"
        )
    _, reports_index, _ = names()
    ensure_index(client, reports_index, mapping.reports_body())
    done = [f"index {reports_index}: present"]
    for method, path, body in requests(secrets):
        kind, name = path.rsplit("/", 2)[-2:]
        if kind == "role":
            client.security.put_role(name=name, **body)
        else:
            client.security.put_user(username=name, **body)
        done.append(f"{method} {path}")
    return done


def run(args: argparse.Namespace) -> int:
    if args.print_only:
        for method, path, body in requests():
            print(json.dumps({"method": method, "path": path, "body": body}, sort_keys=True))
        return 0
    secrets = passwords()
    from indexer.client import get_client

    client = get_client(max_retries=3)
    try:
        for line in apply(client, secrets):
            print(line)
    finally:
        client.close()
    return 0

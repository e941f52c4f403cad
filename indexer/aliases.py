"""Versioned indices behind an alias: create, swap atomically, clean up.

A rebuild writes `<prefix>YYYYmmddHHMMSSffffff`, and when it is complete moves the alias to
it in one `update_aliases` call. The index the alias left is kept (a quick way back); any
older versioned index is deleted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from elasticsearch import NotFoundError

from clinics.errors import ClinicsError
from indexer import mapping

VERSION_SUFFIX = re.compile(r"^\d{20}$")


def new_index_name(prefix: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{prefix}{now.strftime('%Y%m%d%H%M%S%f')}"


def is_versioned(name: str, prefix: str) -> bool:
    return name.startswith(prefix) and bool(VERSION_SUFFIX.match(name[len(prefix) :]))


def alias_indices(client, alias: str) -> list[str]:
    """The indices the alias points to ([] when there is no such alias)."""
    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError:
        return []
    return sorted(found.body.keys())


def versioned_indices(client, prefix: str) -> list[str]:
    found = client.indices.get(
        index=f"{prefix}*", allow_no_indices=True, expand_wildcards="open,closed"
    )
    return sorted(name for name in found.body if is_versioned(name, prefix))


def check_alias_is_free(client, alias: str) -> None:
    """Refuse when a concrete index has the alias's name (an alias could never take it)."""
    if client.indices.exists(index=alias) and not alias_indices(client, alias):
        raise ClinicsError(f"'{alias}' is an index, not an alias; delete or rename it first")


def create_index(client, name: str, shards: int, replicas: int, loading: bool = False) -> None:
    body = mapping.index_body(shards=shards, replicas=replicas)
    if loading:
        body["settings"]["refresh_interval"] = "-1"
    client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])


def finish_loading(client, name: str) -> None:
    """Back to the default refresh interval, then make everything searchable."""
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
    client.indices.refresh(index=name)


def swap_alias(client, alias: str, new_index: str) -> list[str]:
    """Point the alias at new_index only, in one atomic call; returns the indices it left."""
    previous = [name for name in alias_indices(client, alias) if name != new_index]
    actions: list[dict[str, dict[str, str | bool]]] = [
        {"remove": {"index": name, "alias": alias}} for name in previous
    ]
    actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    return previous


def delete_older(client, prefix: str, keep: set[str]) -> list[str]:
    """Delete versioned indices under prefix except those in keep; returns what went."""
    doomed = [name for name in versioned_indices(client, prefix) if name not in keep]
    for name in doomed:
        client.indices.delete(index=name, ignore_unavailable=True)
    return doomed


def delete_quietly(client, name: str) -> bool:
    try:
        client.indices.delete(index=name, ignore_unavailable=True)
        return True
    except Exception:
        return False

"""Snapshots of the indices in a filesystem repository (`clinics es snapshot`).

    create(client, name=None)   # every open index that is not hidden, and which aliases
                                # point where (kept in the snapshot's metadata)
    list_snapshots(client)
    restore(client, name)       # the snapshot's indices that are missing now, then its
                                # aliases moved back in one atomic call

The repository is CLINICS_SNAPSHOT_REPOSITORY (default `clinics`); when it does not exist
yet it is registered as a filesystem repository at CLINICS_SNAPSHOT_LOCATION (default the
local engine's snapshots/ folder, which is every local node's path.repo). On a cluster of
several machines the location must be a folder every node mounts (docs/operations.md).

Restoring never overwrites: an index of the snapshot that exists now is kept as it is and
named in the answer. The aliases recorded at creation are then applied as they were (the
alias leaves the indices it points to now), so a restored index is searched at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from elasticsearch import ApiError, NotFoundError

from clinics import settings as clinics_settings
from clinics.errors import ClinicsError, UsageError

DEFAULT_REPOSITORY = "clinics"
ALIASES_KEY = "clinics_aliases"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,200}$")
RESTORE_HEALTH_TIMEOUT = "120s"


@dataclass(frozen=True)
class Snapshot:
    name: str
    repository: str
    state: str
    started: str
    indices: list[str]
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Restored:
    indices: list[str]
    aliases: dict[str, list[str]]
    skipped: list[str]


def repository_name() -> str:
    return os.environ.get("CLINICS_SNAPSHOT_REPOSITORY", "").strip() or DEFAULT_REPOSITORY


def repository_location() -> str:
    from clinics.engine import snapshot_dir

    explicit = os.environ.get("CLINICS_SNAPSHOT_LOCATION", "").strip()
    return explicit or str(snapshot_dir(clinics_settings.load().engine_home))


def _reason(exc: ApiError) -> str:
    info = exc.info if isinstance(exc.info, dict) else {}
    error = info.get("error", {})
    if isinstance(error, dict):
        root = (error.get("root_cause") or [error])[0]
        return str(root.get("reason") or error.get("reason") or exc.message)[:300]
    return str(exc.message)[:300]


def ensure_repository(client) -> str:
    """The repository's name, registered first as a filesystem repository when missing."""
    name = repository_name()
    try:
        client.snapshot.get_repository(name=name)
        return name
    except NotFoundError:
        pass
    location = repository_location()
    try:
        client.snapshot.create_repository(
            name=name, repository={"type": "fs", "settings": {"location": location}}
        )
    except ApiError as exc:
        raise ClinicsError(
            f"cannot register snapshot repository {name} at {location}: {_reason(exc)} "
            "(every node's path.repo must include it; docs/operations.md)"
        ) from None
    return name


def _snapshot_of(item: dict, repository: str) -> Snapshot:
    metadata = item.get("metadata") or {}
    aliases = metadata.get(ALIASES_KEY) if isinstance(metadata, dict) else None
    return Snapshot(
        name=item["snapshot"],
        repository=repository,
        state=str(item.get("state", "?")),
        started=str(item.get("start_time", "")),
        indices=sorted(item.get("indices") or []),
        aliases=aliases if isinstance(aliases, dict) else {},
    )


def _aliases_of(client, indices: list[str]) -> dict[str, list[str]]:
    found = client.indices.get_alias(index=",".join(indices), expand_wildcards="open").body
    aliases: dict[str, list[str]] = {}
    for index, body in found.items():
        for alias in body.get("aliases", {}):
            aliases.setdefault(alias, []).append(index)
    return {alias: sorted(names) for alias, names in sorted(aliases.items())}


def create(client, name: str | None = None) -> Snapshot:
    """Snapshot every open, visible index (and where the aliases point); waits for it."""
    name = name or datetime.now(UTC).strftime("clinics-%Y%m%d-%H%M%S")
    if not NAME.match(name):
        raise UsageError(f"snapshot name {name!r}: use lowercase letters, digits, '.', '_' and '-'")
    repository = ensure_repository(client)
    indices = sorted(client.indices.get(index="*", expand_wildcards="open").body)
    if not indices:
        raise ClinicsError("there is no index to snapshot")
    aliases = _aliases_of(client, indices)
    try:
        response = client.options(request_timeout=3600).snapshot.create(
            repository=repository,
            snapshot=name,
            indices=",".join(indices),
            include_global_state=False,
            metadata={ALIASES_KEY: aliases},
            wait_for_completion=True,
        )
    except ApiError as exc:
        error = UsageError if exc.meta.status == 400 else ClinicsError
        raise error(f"snapshot {name} was not made: {_reason(exc)}") from None
    made = _snapshot_of(response["snapshot"], repository)
    if made.state != "SUCCESS":
        failures = response["snapshot"].get("failures") or []
        first = f"; first failure: {failures[0].get('reason')}" if failures else ""
        raise ClinicsError(f"snapshot {name} ended {made.state}{first}")
    return made


def list_snapshots(client) -> list[Snapshot]:
    repository = ensure_repository(client)
    found = client.snapshot.get(repository=repository, snapshot="_all")
    snapshots = [_snapshot_of(item, repository) for item in found.get("snapshots", [])]
    return sorted(snapshots, key=lambda s: (s.started, s.name))


def get(client, name: str) -> Snapshot:
    """One snapshot; a name the repository does not hold is a usage error (exit 2)."""
    repository = ensure_repository(client)
    try:
        found = client.snapshot.get(repository=repository, snapshot=name)
    except NotFoundError:
        raise UsageError(
            f"no snapshot {name!r} in repository {repository} (clinics es snapshot list)"
        ) from None
    except ApiError as exc:
        raise ClinicsError(f"cannot read snapshot {name}: {_reason(exc)}") from None
    items = found.get("snapshots") or []
    if not items:
        raise UsageError(
            f"no snapshot {name!r} in repository {repository} (clinics es snapshot list)"
        )
    return _snapshot_of(items[0], repository)


def restore(client, name: str) -> Restored:
    """Restore the snapshot's missing indices and point its aliases as they were."""
    snapshot = get(client, name)
    if snapshot.state not in ("SUCCESS", "PARTIAL"):
        raise ClinicsError(f"snapshot {name} is {snapshot.state} and cannot be restored")
    existing = set(
        client.indices.get(
            index=",".join(snapshot.indices), expand_wildcards="all", ignore_unavailable=True
        ).body
    )
    missing = [index for index in snapshot.indices if index not in existing]
    skipped = [index for index in snapshot.indices if index in existing]
    recorded_aliases = bool(snapshot.aliases)
    if missing:
        try:
            client.options(request_timeout=3600).snapshot.restore(
                repository=snapshot.repository,
                snapshot=name,
                indices=",".join(missing),
                include_aliases=not recorded_aliases,
                include_global_state=False,
                wait_for_completion=True,
            )
        except ApiError as exc:
            raise ClinicsError(f"restoring {name} failed: {_reason(exc)}") from None
        health = client.options(request_timeout=180).cluster.health(
            index=",".join(missing), wait_for_status="yellow", timeout=RESTORE_HEALTH_TIMEOUT
        )
        if health.get("timed_out"):
            raise ClinicsError(
                f"restored {', '.join(missing)}, but they were not searchable after "
                f"{RESTORE_HEALTH_TIMEOUT} (health {health.get('status')})"
            )
    aliases = _restore_aliases(client, snapshot) if recorded_aliases else {}
    return Restored(indices=missing, aliases=aliases, skipped=skipped)


def _restore_aliases(client, snapshot: Snapshot) -> dict[str, list[str]]:
    """Every recorded alias back on its indices, and off any other, in one atomic call."""
    actions: list[dict] = []
    applied: dict[str, list[str]] = {}
    for alias, indices in snapshot.aliases.items():
        try:
            now = set(client.indices.get_alias(name=alias).body)
        except NotFoundError:
            now = set()
        actions += [{"remove": {"index": index, "alias": alias}} for index in sorted(now)]
        for index in indices:
            add: dict = {"index": index, "alias": alias}
            if len(indices) == 1:
                add["is_write_index"] = True
            actions.append({"add": add})
        applied[alias] = list(indices)
    if actions:
        try:
            client.indices.update_aliases(actions=actions)
        except ApiError as exc:
            raise ClinicsError(
                f"restored the indices of {snapshot.name}, but its aliases could not be set: "
                f"{_reason(exc)}"
            ) from None
    return applied

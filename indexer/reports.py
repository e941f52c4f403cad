""" "Report incorrect information": messages about a provider, kept in their own index with
a timestamp, for a maintainer to read.

A report may carry the reporter's contact (an e-mail address or a phone number): personal
data. It is kept for CLINICS_REPORTS_CONTACT_DAYS days (default 30) and then removed from
the stored report; the message stays. `purge_contacts` does the removal: after every
report written (when the writer may modify reports) and from `clinics reports purge`, which
docker compose runs every hour. `list_reports(contact_days=...)` also never returns a
contact older than that, whether or not a purge has run yet.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta

from indexer import fields as doc
from indexer import mapping
from indexer.crawls import ensure_index

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
MAX_CONTACT_CHARS = 300

CONTACT_DAYS_ENV = "CLINICS_REPORTS_CONTACT_DAYS"
DEFAULT_CONTACT_DAYS = 30
MAX_CONTACT_DAYS = 3650
PURGE_PAGE = 500
PURGE_KEEP_ALIVE = "1m"


def contact_days() -> int:
    """Days a reporter's contact is kept (CLINICS_REPORTS_CONTACT_DAYS, 0..3650, default 30);
    0 removes it at the next purge."""
    text = os.environ.get(CONTACT_DAYS_ENV, "").strip()
    if not text:
        return DEFAULT_CONTACT_DAYS
    if not (text.isascii() and text.isdecimal()):
        log.warning("%s=%r is not a number of days; using %d", CONTACT_DAYS_ENV, text[:20], 30)
        return DEFAULT_CONTACT_DAYS
    return min(int(text[:6]), MAX_CONTACT_DAYS)


def add_report(
    client,
    doc_id: str,
    message: str,
    contact: str | None = None,
    *,
    index: str = doc.REPORTS_INDEX,
    now: datetime | None = None,
    purge: bool = True,
) -> str:
    """Store one report about document `doc_id`; returns the report's id. Then removes the
    contacts that are past their retention (quietly: a writer that may only add reports,
    like the UI's user in docker compose, leaves that to `clinics reports purge`)."""
    message = (message or "").strip()
    if not message:
        raise ValueError("a report needs a message")
    ensure_index(client, index, mapping.reports_body())
    now = now or datetime.now(UTC)
    response = client.index(
        index=index,
        document={
            mapping.REPORT_DOC_ID: doc_id,
            mapping.REPORT_MESSAGE: message[:MAX_MESSAGE_CHARS],
            mapping.REPORT_CONTACT: (contact or "").strip()[:MAX_CONTACT_CHARS] or None,
            mapping.REPORT_CREATED_AT: now.isoformat(),
        },
        op_type="create",  # append only: the `create_doc` privilege is enough
        refresh="wait_for",
    )
    if purge:
        try:
            purge_contacts(client, index=index, now=now)
        except Exception as exc:  # the report is stored; the retention job will catch up
            log.info("purging old report contacts after a write failed: %s", exc)
    return response["_id"]


def _cutoff(days: int | None, now: datetime | None) -> datetime:
    days = contact_days() if days is None else max(0, min(int(days), MAX_CONTACT_DAYS))
    return (now or datetime.now(UTC)) - timedelta(days=days)


def list_reports(
    client,
    size: int = 50,
    *,
    index: str = doc.REPORTS_INDEX,
    contact_days: int | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """The newest reports first, each with its `id`. With contact_days, a contact older than
    that many days is returned as None even before a purge has removed it."""
    if not client.indices.exists(index=index):
        return []
    response = client.search(
        index=index,
        size=max(1, min(size, 1000)),
        sort=[{mapping.REPORT_CREATED_AT: "desc"}],
        query={"match_all": {}},
    )
    found = [{"id": hit["_id"], **hit["_source"]} for hit in response["hits"]["hits"]]
    if contact_days is not None:
        cutoff = _cutoff(contact_days, now)
        for report in found:
            if _created(report) < cutoff:
                report[mapping.REPORT_CONTACT] = None
    return found


def _created(report: dict) -> datetime:
    try:
        created = datetime.fromisoformat(str(report.get(mapping.REPORT_CREATED_AT)))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)  # unreadable: treat as old
    return created if created.tzinfo else created.replace(tzinfo=UTC)


def purge_contacts(
    client,
    *,
    index: str = doc.REPORTS_INDEX,
    days: int | None = None,
    now: datetime | None = None,
) -> int:
    """Remove the contact from every report created more than `days` days before `now`
    (default: contact_days() before the current time); returns how many reports changed.

    Reports older than the cutoff are read through a point in time, page by page, and each
    one that still has a contact is written back without it, only if it has not changed
    since it was read (if_seq_no); a report changed meanwhile is left for the next purge.
    No script and no _update_by_query, so it works on every engine.
    """
    if not client.indices.exists(index=index):
        return 0
    cutoff = _cutoff(days, now)
    pit = client.open_point_in_time(index=index, keep_alive=PURGE_KEEP_ALIVE)["id"]
    changed = 0
    after = None
    try:
        while True:
            page = client.search(
                pit={"id": pit, "keep_alive": PURGE_KEEP_ALIVE},
                size=PURGE_PAGE,
                query={"range": {mapping.REPORT_CREATED_AT: {"lt": cutoff.isoformat()}}},
                sort=[{mapping.REPORT_CREATED_AT: "asc"}],
                search_after=after,
                seq_no_primary_term=True,
            )
            pit = page.get("pit_id", pit)
            hits = page["hits"]["hits"]
            if not hits:
                break
            after = hits[-1]["sort"]
            changed += _remove_contacts(client, index, hits)
    finally:
        try:
            client.close_point_in_time(id=pit)
        except Exception:
            log.debug("closing the point in time failed", exc_info=True)
    if changed:
        client.indices.refresh(index=index)
    return changed


def _remove_contacts(client, index: str, hits: list[dict]) -> int:
    operations: list[dict] = []
    for hit in hits:
        source = dict(hit.get("_source") or {})
        if not source.pop(mapping.REPORT_CONTACT, None):
            continue
        operations.append(
            {
                "index": {
                    "_index": hit.get("_index", index),
                    "_id": hit["_id"],
                    "if_seq_no": hit["_seq_no"],
                    "if_primary_term": hit["_primary_term"],
                }
            }
        )
        operations.append(source)
    if not operations:
        return 0
    response = client.bulk(operations=operations)
    done = 0
    for item in response["items"]:
        result = item.get("index") or {}
        if result.get("status") in (200, 201):
            done += 1
        elif result.get("status") != 409:  # 409: changed since read, next purge
            log.warning("removing a report's contact failed: %s", result.get("error"))
    return done

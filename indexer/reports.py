""" "Report incorrect information": messages about a provider, kept in their own index with
a timestamp, for a maintainer to read."""

from __future__ import annotations

from datetime import UTC, datetime

from indexer import fields as doc
from indexer import mapping
from indexer.crawls import ensure_index

MAX_MESSAGE_CHARS = 5000
MAX_CONTACT_CHARS = 300


def add_report(
    client,
    doc_id: str,
    message: str,
    contact: str | None = None,
    *,
    index: str = doc.REPORTS_INDEX,
    now: datetime | None = None,
) -> str:
    """Store one report about document `doc_id`; returns the report's id."""
    message = (message or "").strip()
    if not message:
        raise ValueError("a report needs a message")
    ensure_index(client, index, mapping.reports_body())
    created = (now or datetime.now(UTC)).isoformat()
    response = client.index(
        index=index,
        document={
            mapping.REPORT_DOC_ID: doc_id,
            mapping.REPORT_MESSAGE: message[:MAX_MESSAGE_CHARS],
            mapping.REPORT_CONTACT: (contact or "").strip()[:MAX_CONTACT_CHARS] or None,
            mapping.REPORT_CREATED_AT: created,
        },
        refresh="wait_for",
    )
    return response["_id"]


def list_reports(client, size: int = 50, *, index: str = doc.REPORTS_INDEX) -> list[dict]:
    """The newest reports first, each with its `id`."""
    if not client.indices.exists(index=index):
        return []
    response = client.search(
        index=index,
        size=max(1, min(size, 1000)),
        sort=[{mapping.REPORT_CREATED_AT: "desc"}],
        query={"match_all": {}},
    )
    return [{"id": hit["_id"], **hit["_source"]} for hit in response["hits"]["hits"]]

"""What is in the index: alias and index, documents by source, last crawl per source, the
oldest `last_verified`. Used by `clinics status` and the UI's maintainer page."""

from __future__ import annotations

from indexer import aliases, crawls, mapping
from indexer import fields as doc
from indexer.load_settings import default_alias

MAX_SOURCES = 200


def index_status(client, alias: str | None = None) -> dict:
    """A plain dict:

    {"alias", "indices": [names], "index", "documents", "by_source": {source: docs},
     "last_crawls": {source: {"finished_at", "loaded_at", "records", "full", "file"}},
     "oldest_last_verified", "newest_last_seen", "sample": bool, "other_versions": [names]}
    `index` is None and `documents` 0 when the alias does not exist.
    """
    alias = alias or default_alias()
    indices = aliases.alias_indices(client, alias)
    status: dict = {
        "alias": alias,
        "indices": indices,
        "index": indices[0] if len(indices) == 1 else None,
        "documents": 0,
        "by_source": {},
        "last_crawls": {},
        "oldest_last_verified": None,
        "newest_last_seen": None,
        "sample": False,
        "other_versions": [],
    }
    if indices:
        response = client.search(
            index=alias,
            size=0,
            track_total_hits=True,
            aggs={
                "by_source": {"terms": {"field": doc.SOURCE_NAMES, "size": MAX_SOURCES}},
                "oldest_verified": {"min": {"field": doc.LAST_VERIFIED}},
                "newest_seen": {"max": {"field": doc.LAST_SEEN}},
                "sample": {"filter": {"term": {"is_sample": True}}},
            },
        )
        aggs = response["aggregations"]
        status["documents"] = response["hits"]["total"]["value"]
        status["by_source"] = {b["key"]: b["doc_count"] for b in aggs["by_source"]["buckets"]}
        status["oldest_last_verified"] = aggs["oldest_verified"].get("value_as_string")
        status["newest_last_seen"] = aggs["newest_seen"].get("value_as_string")
        status["sample"] = aggs["sample"]["doc_count"] > 0
        prefix = f"{alias}-"
        status["other_versions"] = [
            name for name in aliases.versioned_indices(client, prefix) if name not in indices
        ]
    status["last_crawls"] = last_crawls(client, alias)
    return status


def last_crawls(client, alias: str) -> dict[str, dict]:
    """The most recently finished crawl loaded for each source."""
    name = crawls.crawls_index_for(alias)
    if not client.indices.exists(index=name):
        return {}
    response = client.search(
        index=name,
        size=0,
        aggs={
            "sources": {
                "terms": {"field": mapping.CRAWL_SOURCE, "size": MAX_SOURCES},
                "aggs": {
                    "last": {
                        "top_hits": {
                            "size": 1,
                            "sort": [
                                {mapping.CRAWL_FINISHED_AT: "desc"},
                                {mapping.CRAWL_LOADED_AT: "desc"},
                            ],
                            "_source": {"excludes": [mapping.CRAWL_SUMMARY]},
                        }
                    }
                },
            }
        },
    )
    found = {}
    for bucket in response["aggregations"]["sources"]["buckets"]:
        hit = bucket["last"]["hits"]["hits"][0]["_source"]
        found[bucket["key"]] = {
            key: hit.get(key)
            for key in (
                mapping.CRAWL_FINISHED_AT,
                mapping.CRAWL_LOADED_AT,
                mapping.CRAWL_RECORDS,
                mapping.CRAWL_FULL,
                mapping.CRAWL_FILE,
            )
        }
    return found


def is_sample_index(client, alias: str | None = None) -> bool:
    """True when any document behind the alias is fictional sample data (UI banner)."""
    alias = alias or default_alias()
    if not aliases.alias_indices(client, alias):
        return False
    response = client.search(
        index=alias, size=0, track_total_hits=1, query={"term": {"is_sample": True}}
    )
    return response["hits"]["total"]["value"] > 0


def format_status(status: dict) -> list[str]:
    """Readable lines for the command line."""
    if not status["indices"]:
        lines = [f"alias {status['alias']}: not found (load data with `clinics index FILE`)"]
    else:
        lines = [
            f"alias {status['alias']} -> {', '.join(status['indices'])}: "
            f"{status['documents']} documents" + (" (sample data)" if status["sample"] else "")
        ]
        if status["other_versions"]:
            lines.append(f"other versions kept: {', '.join(status['other_versions'])}")
        lines.append("documents by source:")
        width = max((len(s) for s in status["by_source"]), default=6)
        for source, count in sorted(status["by_source"].items()):
            lines.append(f"  {source:<{width}}  {count}")
        lines.append(f"oldest last_verified: {status['oldest_last_verified'] or '-'}")
        lines.append(f"newest last_seen:     {status['newest_last_seen'] or '-'}")
    if status["last_crawls"]:
        lines.append("last crawl per source:")
        for source, crawl in sorted(status["last_crawls"].items()):
            lines.append(
                f"  {source}: finished {crawl.get('finished_at') or '-'}, "
                f"{crawl.get('records') or 0} records, "
                f"{'full' if crawl.get('full') else 'partial'}, loaded {crawl.get('loaded_at')}"
            )
    return lines

"""schema.org RDFa (vocab/typeof/property), read by extruct, as JSON-LD-like dicts.

extruct (pyRdfa) gives expanded JSON-LD: full property IRIs, every value a list of
{"@value"} or {"@id"}, nested items as separate nodes joined by blank-node ids. Each
schema.org node that no other node points to becomes {"@type": local type, prop: value}
with the nodes it points to nested, so the same mapping code reads RDFa and JSON-LD.
RDFa needs its own parse of the page (pyRdfa walks a DOM), so it only runs on pages that
carry `typeof`.
"""

from __future__ import annotations

from typing import Any

from extruct.rdfa import RDFaExtractor
from extruct.utils import parse_xmldom_html

_EXTRACTOR = RDFaExtractor()
_SCHEMA = ("http://schema.org/", "https://schema.org/")


def _local(iri: str) -> str | None:
    for prefix in _SCHEMA:
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


def _types(node: dict) -> list[str]:
    return [t for t in (_local(iri) for iri in node.get("@type") or []) if t]


def _build(node: dict, by_id: dict[str, dict], seen: frozenset[str]) -> dict:
    out: dict[str, Any] = {}
    types = _types(node)
    if types:
        out["@type"] = types[0] if len(types) == 1 else types
    if not str(node.get("@id", "_:")).startswith("_:"):
        out["@id"] = node["@id"]
    for iri, raw in node.items():
        name = _local(iri)
        if not name or not isinstance(raw, list):
            continue
        values = []
        for entry in raw:
            if "@value" in entry:
                values.append(entry["@value"])
            elif "@id" in entry:
                target = by_id.get(entry["@id"])
                if target is not None and entry["@id"] not in seen:
                    values.append(_build(target, by_id, seen | {entry["@id"]}))
                elif not entry["@id"].startswith("_:"):
                    values.append(entry["@id"])
        if values:
            out[name] = values[0] if len(values) == 1 else values
    return out


def as_nodes(expanded: list[dict]) -> list[dict]:
    """The top-level schema.org nodes of extruct's RDFa output, nested."""
    by_id = {node["@id"]: node for node in expanded if "@id" in node}
    pointed_to = {
        entry["@id"]
        for node in expanded
        for raw in node.values()
        if isinstance(raw, list)
        for entry in raw
        if isinstance(entry, dict) and "@id" in entry
    }
    return [
        _build(node, by_id, frozenset({node.get("@id", "")}))
        for node in expanded
        if _types(node) and node.get("@id") not in pointed_to
    ]


def items(text: str, base_url: str | None = None) -> list[dict]:
    """Top-level schema.org RDFa items of an HTML page (the page's text, not its tree)."""
    document = parse_xmldom_html(text.encode("utf-8"), encoding="UTF-8")
    return as_nodes(_EXTRACTOR.extract_items(document, base_url=base_url))

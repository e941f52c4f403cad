"""schema.org microdata (itemscope/itemtype/itemprop), read by extruct, as JSON-LD-like dicts.

extruct gives {"type": URL, "properties": {...}}; each top-level item becomes
{"@type": local type, prop: value, ...} with nested items as nested dicts and a property
given twice as a list, so the same mapping code reads microdata and JSON-LD. `tel:` and
`mailto:` links lose their scheme (`<a itemprop="telephone" href="tel:...">`).
"""

from __future__ import annotations

from typing import Any

from extruct.w3cmicrodata import MicrodataExtractor
from lxml import html as lxml_html

_EXTRACTOR = MicrodataExtractor()
_LINK_SCHEMES = ("tel:", "mailto:")


def _value(raw: Any) -> Any:
    if isinstance(raw, dict):
        return as_node(raw) if "type" in raw or "properties" in raw else raw
    if isinstance(raw, list):
        return [_value(item) for item in raw]
    if isinstance(raw, str) and raw.startswith(_LINK_SCHEMES):
        return raw.split(":", 1)[1]
    return raw


def as_node(item: dict) -> dict:
    """One extruct microdata item as a JSON-LD-like node."""
    node: dict[str, Any] = {}
    types = item.get("type")
    if types:
        local = [t.rsplit("/", 1)[-1] for t in (types if isinstance(types, list) else [types])]
        node["@type"] = local[0] if len(local) == 1 else local
    if item.get("id"):
        node["@id"] = item["id"]
    for name, raw in (item.get("properties") or {}).items():
        node[name] = _value(raw)
    return node


def items(root: Any, base_url: str | None = None) -> list[dict]:
    """Top-level microdata items (those that are not a property of another item)."""
    if not root.xpath("boolean(//@itemscope)"):
        return []
    return [as_node(item) for item in _EXTRACTOR.extract_items(root, base_url)]


def items_from_html(text: str) -> list[dict]:
    return items(lxml_html.fromstring(text))

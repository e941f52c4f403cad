"""schema.org microdata (itemscope/itemtype/itemprop) read into JSON-LD-like dicts.

Each top-level item becomes {"@type": ..., prop: value, ...}; nested items become nested
dicts, and a property given twice becomes a list, so the same mapping code reads
microdata and JSON-LD.
"""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html

from crawler.pages.text import squash

_URL_TAGS = {"a": "href", "link": "href", "area": "href", "img": "src", "audio": "src", "video": "src", "source": "src", "iframe": "src", "embed": "src", "object": "data"}  # fmt: skip


def _prop_value(element: Any) -> Any:
    if element.get("itemscope") is not None:
        return read_item(element)
    if element.get("content") is not None:
        return element.get("content")
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _URL_TAGS and element.get(_URL_TAGS[tag]):
        link = element.get(_URL_TAGS[tag])
        if link.startswith("tel:") or link.startswith("mailto:"):
            return link.split(":", 1)[1]
        return link
    if tag == "time" and element.get("datetime"):
        return element.get("datetime")
    return squash(element.text_content())


def _collect(element: Any, item: dict) -> None:
    for child in element.iterchildren():
        if not isinstance(child.tag, str):
            continue
        names = (child.get("itemprop") or "").split()
        if names:
            value = _prop_value(child)
            for name in names:
                if name in item:
                    existing = item[name]
                    item[name] = (
                        [*existing, value] if isinstance(existing, list) else [existing, value]
                    )
                else:
                    item[name] = value
        if child.get("itemscope") is None:
            _collect(child, item)


def read_item(element: Any) -> dict:
    item: dict[str, Any] = {}
    itemtype = (element.get("itemtype") or "").split()
    if itemtype:
        item["@type"] = [t.rsplit("/", 1)[-1] for t in itemtype]
        if len(item["@type"]) == 1:
            item["@type"] = item["@type"][0]
    if element.get("itemid"):
        item["@id"] = element.get("itemid")
    _collect(element, item)
    return item


def items(root: Any) -> list[dict]:
    """Top-level microdata items (those that are not a property of another item)."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("itemscope") is not None and element.get("itemprop") is None:
            found.append(read_item(element))
    return found


def items_from_html(text: str) -> list[dict]:
    return items(lxml_html.fromstring(text))

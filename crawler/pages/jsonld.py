"""schema.org JSON-LD as found on real sites: read by extruct, repaired by json-repair.

extruct reads each `<script type="application/ld+json">` block (valid JSON, raw newlines
inside strings, `//` and `/* */` comments). A block it cannot read goes to json-repair,
which fixes what site builders and hand edits break: trailing commas, an extra closing
brace after the object (`{...}}`), unescaped double quotes inside a string (HTML pasted
into "description"), several objects written one after another. A block that is cut off,
or whose repair holds no schema.org node, is reported as beyond repair. `nodes` flattens
everything into a list of dict nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import json_repair
from extruct.jsonld import JsonLdExtractor
from lxml import etree

_EXTRACTOR = JsonLdExtractor()
SCRIPTS = etree.XPath('//script[@type="application/ld+json"]')
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRAPPERS = (("<!--", "-->"), ("<![CDATA[", "]]>"))


def _unwrap(text: str) -> str:
    """The block without the HTML comment or CDATA wrapper some CMSs put around it."""
    text = text.strip()
    for opener, closer in _WRAPPERS:
        if text.startswith(opener) and text.endswith(closer):
            text = text[len(opener) : -len(closer)].strip()
    return text


def repair(text: str) -> tuple[list[Any], str | None]:
    """(values, error) of a block that is not valid JSON."""
    cleaned = _unwrap(text).rstrip(";")
    if not cleaned:
        return [], None
    if cleaned[-1] not in "}]":
        return [], "JSON-LD beyond repair: the block is cut off"
    # Objects written one after another are separate nodes; read as the items of one array,
    # json-repair keeps them all (at top level it would keep only the last of look-alikes).
    try:
        values = json_repair.loads(f"[{cleaned}]", skip_json_loads=True)
    except (ValueError, RecursionError) as exc:
        return [], f"JSON-LD beyond repair: {exc}"
    if not isinstance(values, list) or not any(True for _ in nodes(values)):
        return [], "JSON-LD beyond repair: no schema.org node in the repaired block"
    return values, None


def read_script(script: Any) -> tuple[list[Any], str | None]:
    """(values, error): the JSON values of one JSON-LD <script> element."""
    try:
        return list(_EXTRACTOR.extract_items(script)), None
    except (ValueError, RecursionError):  # json's and jstyleson's decode errors
        return repair(script.xpath("string()"))


def parse_block(text: str) -> tuple[list[Any], str | None]:
    """(values, error): the JSON values of the text of one JSON-LD block."""
    script = etree.Element("script", type="application/ld+json")
    script.text = _NOT_XML.sub("", text)  # as an HTML parser would have dropped them
    return read_script(script)


def nodes(values: list[Any]) -> Iterator[dict]:
    """Every typed dict node in the values, with @graph members and list items flattened."""
    for item in values:
        if isinstance(item, list):
            yield from nodes(item)
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if isinstance(graph, list):
                yield from nodes(graph)
            if "@type" in item:
                yield item


def types_of(node: dict) -> list[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    # "https://schema.org/Physician", "schema:Physician" and "Physician" are the same type
    return [str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v]

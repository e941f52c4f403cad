"""A tolerant reader of schema.org JSON-LD as found on real sites.

Real pages carry JSON-LD with // and /* */ comments, trailing commas, raw newlines inside
strings, HTML comment wrappers, several objects in one block, several blocks, and nodes
nested in `@graph`. `parse_block` repairs what it safely can; `nodes` flattens everything
into a list of dict nodes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

_DECODER = json.JSONDecoder(strict=False)


def strip_comments_and_trailing_commas(text: str) -> str:
    """Remove JS comments and commas before } or ], leaving string contents alone."""
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
            out.append(ch)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif ch == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j < n and text[j] in "}]":
                i += 1  # drop the trailing comma
            else:
                out.append(ch)
                i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _unwrap(text: str) -> str:
    text = text.strip()
    for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>")):
        if text.startswith(opener) and text.endswith(closer):
            text = text[len(opener) : -len(closer)].strip()
    return text


def _decode_all(text: str) -> list[Any]:
    """Decode one JSON value, or several written one after another."""
    values = []
    index = 0
    text = text.strip()
    while index < len(text):
        value, end = _DECODER.raw_decode(text, index)
        values.append(value)
        index = end
        while index < len(text) and text[index] in " \t\r\n;,":
            index += 1
    return values


def parse_block(text: str) -> tuple[list[Any], str | None]:
    """(values, error): the JSON values of one <script type=application/ld+json> block."""
    cleaned = _unwrap(text)
    if not cleaned:
        return [], None
    try:
        return _decode_all(cleaned), None
    except ValueError:
        pass
    try:
        return _decode_all(strip_comments_and_trailing_commas(cleaned)), None
    except ValueError as exc:
        return [], f"JSON-LD beyond repair: {exc}"


def nodes(values: list[Any]) -> Iterator[dict]:
    """Every dict node in the values, with @graph members and list items flattened."""
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
    return [str(v).rsplit("/", 1)[-1] for v in values if v]

"""Small text helpers shared by the page objects."""

from __future__ import annotations

import re

from parsel import Selector

_SPACE = re.compile(r"\s+")
PLACEHOLDERS = {"", "--", "-", "n/a", "na", "none", "null", "undefined"}


def squash(text: str | None) -> str:
    """Collapse runs of whitespace; None becomes ''."""
    return _SPACE.sub(" ", text or "").strip()


def value(text: object) -> str | None:
    """A source value as a clean string, or None for blanks and placeholders like '--'."""
    if text is None:
        return None
    cleaned = squash(str(text))
    return None if cleaned.lower() in PLACEHOLDERS else cleaned


def decode(body: bytes | str) -> str:
    if isinstance(body, bytes):
        return body.decode("utf-8", errors="replace")
    return body


# Elements that start a new line of text: a heading, a list item or a paragraph is its own
# sentence for the classifier ("Ketamine Infusions" above "Ketamine is an anaesthetic ...").
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul", "option",
        "summary", "details", "button", "label",
    }
)  # fmt: skip
# Page furniture that states nothing about the practice: menus, footers, sidebars and their
# widgets ("Recent posts: Ketamine for depression, what to know"), related-post lists. Whole
# class names only: page builders put "elementor-widget" around everything.
FURNITURE_CLASSES = (
    "sidebar",
    "widget",
    "widget-area",
    "widget_recent_entries",
    "recent-posts",
    "related-posts",
    "breadcrumb",
    "breadcrumbs",
    "menu",
)
_FURNITURE = " or ".join(
    f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in FURNITURE_CLASSES
)
_TEXT_NODES = (
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
    " and not(ancestor::nav) and not(ancestor::footer) and not(ancestor::template)"
    f" and not(ancestor::aside) and not(ancestor::*[{_FURNITURE}])]"
)
_LINE_SPACE = re.compile(r"[ \t\r\f\v]+")


def _block_of(node: object) -> object:
    """The nearest block element that holds a text node (its parent for text, the element's
    parent for tail text)."""
    element = node.getparent()
    if element is not None and node.is_tail:
        if element.tag in BLOCK_TAGS:  # text after </p> belongs to the next line
            return (element, "tail")
        element = element.getparent()
    while element is not None and element.tag not in BLOCK_TAGS:
        element = element.getparent()
    return element


def visible_text(selector: Selector, limit: int = 20_000) -> str:
    """The page's readable text, at most `limit` chars, one line per block element.

    Scripts, styles, navigation and footers are left out (menus like "Home | Ketamine |
    Contact" are not statements about the practice). Headings, list items and paragraphs
    end with a line break, so a heading is never read as part of the sentence below it.
    """
    lines: list[str] = []
    current: list[str] = []
    last_block: object = None
    size = 0
    for node in selector.root.xpath(_TEXT_NODES):
        piece = _LINE_SPACE.sub(" ", str(node).replace("\n", " ")).strip()
        if not piece:
            continue
        block = _block_of(node)
        if block != last_block and current:
            lines.append(" ".join(current))
            current = []
        last_block = block
        current.append(piece)
        size += len(piece) + 1
        if size > limit:
            break
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)[:limit]


def is_sample_page(selector: Selector) -> bool:
    marker = selector.xpath('//meta[@name="clinics:sample"]/@content').get()
    return (marker or "").strip().lower() == "true"


def join_address(*parts: str | None) -> str | None:
    kept = [part for part in (squash(p) for p in parts if p) if part]
    return ", ".join(kept) or None

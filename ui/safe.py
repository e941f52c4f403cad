"""Crawled text shown as text: never as HTML, markdown, LaTeX, emoji codes or links.

Streamlit's markdown understands CommonMark, raw HTML (dropped unless allowed), `$`
LaTeX, `:emoji:` and `:material/icon:` short codes and `:color[...]` directives. Every
ASCII punctuation character gets a backslash (CommonMark shows it literally) and every
colon is followed by an invisible WORD JOINER (U+2060), so no short code or URL can form.

Backslashes do not stop GitHub-flavoured "literal" autolinks, which are found in the text
after escapes are resolved: `www.example.org` and `someone@example.org` would still become
links. So a WORD JOINER also goes between `www` and its dot, and after every `@`.
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

_PUNCTUATION = set(string.punctuation) - {":"}
WORD_JOINER = "\u2060"
_COLON = ":" + WORD_JOINER  # looks like ":" but never starts a short code, directive or URL
_AT = "\\@" + WORD_JOINER  # no e-mail autolink: its domain must follow the @ directly
_WWW_DOT = re.compile(r"(www)(\.)", re.IGNORECASE)  # "www." starts a literal autolink


def _as_text(value: object) -> str:
    """str(value) that never raises (an int past Python's 4,300-digit limit does)."""
    if value is None:
        return ""
    try:
        return str(value)
    except ValueError:
        return f"({type(value).__name__} too long to show)"


def md_text(value: object, limit: int = 2_000) -> str:
    """Escape any value for safe use inside st.markdown; long values are cut with an ellipsis."""
    text = _as_text(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _WWW_DOT.sub(lambda match: match.group(1) + WORD_JOINER + match.group(2), text)
    out = []
    for char in text:
        if char == ":":
            out.append(_COLON)
        elif char == "@":
            out.append(_AT)
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def plain(value: object, limit: int = 2_000) -> str:
    """A value as a single line of plain text (for st.text, captions of widgets, tables)."""
    text = _as_text(value)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_http_url(value: object) -> str | None:
    """An http(s) URL fit for a markdown link target, or None (javascript:, data:, junk)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if len(url) > 2_000 or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Characters that would end or break a markdown link target are percent-encoded.
    return quote(url, safe="/:?&=#%+@,;~!*'._-")


def tel_url(phone: object) -> str | None:
    """tel: link target for an E.164 or plain phone number; None when it has too few digits."""
    if not isinstance(phone, str):
        return None
    digits = re.sub(r"[^\d+]", "", phone)
    digits = digits[0] + digits[1:].replace("+", "") if digits else digits
    return f"tel:{digits}" if sum(c.isdigit() for c in digits) >= 7 else None


def md_link(label: object, url: str | None) -> str:
    """A markdown link with an escaped label, or the escaped label alone when url is None."""
    text = md_text(label, limit=200)
    return f"[{text}]({url})" if url else text

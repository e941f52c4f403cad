"""Crawled text is shown as text: markdown, HTML, LaTeX and short codes are neutralised."""

import re

import pytest

from ui.safe import md_link, md_text, plain, safe_http_url, tel_url

pytestmark = pytest.mark.unit

WORD_JOINER = "\u2060"


def visible(escaped: str) -> str:
    """What CommonMark shows for an escaped string: backslash escapes and joiners removed."""
    return re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "**bold** _em_ `code`",
        "[link](javascript:alert(1))",
        "# Heading",
        "1. list",
        "- item",
        "> quote",
        ":red[coloured] :smile: :material/home:",
        "$x^2$ and $$y$$",
        "| a | b |",
        "~~strike~~",
        "<img src=x onerror=alert(1)>",
        "https://example.org/a_b",
        "Bayou Ketamine Collective 🧠",
        "O'Brien & Sons (LPC)",
    ],
)
def test_markdown_syntax_is_escaped_and_reads_the_same(text):
    escaped = md_text(text)
    assert visible(escaped) == text
    # every ASCII punctuation character except the colon is preceded by a backslash
    for index, char in enumerate(escaped):
        if char in "<>*_`[]()#!|~$-+.>&'\"=/{}%^":
            assert escaped[index - 1] == "\\", (char, escaped)
    assert ":" not in escaped.replace(":" + WORD_JOINER, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ""),
        ("  many \n\n lines\t", "many lines"),
        ("a\x00b\x07c", "abc"),
        (12, "12"),
    ],
)
def test_whitespace_and_control_characters(text, expected):
    assert md_text(text) == expected


def test_long_text_is_cut():
    assert len(md_text("x" * 10_000, limit=100)) == 100


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/clinic", "https://example.org/clinic"),
        ("http://example.org/a?b=c&d=e#f", "http://example.org/a?b=c&d=e#f"),
        ("https://example.org/a(b)", "https://example.org/a%28b%29"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>", None),
        ("ftp://example.org", None),
        ("//example.org", None),
        ("https://", None),
        ("https://exa mple.org", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_only_http_links_survive(url, safe):
    assert safe_http_url(url) == safe


@pytest.mark.parametrize(
    ("phone", "target"),
    [
        ("+17135550101", "tel:+17135550101"),
        ("(713) 555-0101", "tel:7135550101"),
        ("+1 55", None),
        ("<b>call</b>", None),
        ("", None),
        (None, None),
    ],
)
def test_tel_links(phone, target):
    assert tel_url(phone) == target


def test_link_label_is_escaped():
    assert md_link("[x](y)", "https://a.org") == r"[\[x\]\(y\)](https://a.org)"
    assert md_link("*a*", None) == r"\*a\*"


# GitHub-flavoured markdown turns "literal" www. addresses and e-mail addresses into links
# after backslash escapes are resolved (remark-gfm, which Streamlit uses). These patterns
# follow its rules closely enough to catch both, run over what CommonMark shows.
GFM_WWW = re.compile(r"(?:^|[\s*_~(])www\.[\w-]", re.IGNORECASE)
GFM_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w-]+")


def resolved(escaped: str) -> str:
    """The text a markdown renderer sees once backslash escapes are resolved (joiners kept)."""
    return re.sub(r"\\(.)", r"\1", escaped)


@pytest.mark.parametrize(
    "text",
    [
        "Visit www.example.org for details",
        "WWW.EXAMPLE.ORG",
        "(www.example.org)",
        "*www.example.org*",
        "write to intake@example.org today",
        "first.last+tag@sub.example.co.uk",
        "a@b.co and www.c.de",
    ],
)
def test_no_literal_autolink_can_form(text):
    shown = resolved(md_text(text))
    assert not GFM_WWW.search(shown), shown
    assert not GFM_EMAIL.search(shown), shown
    assert visible(md_text(text)) == text  # it still reads the same


def test_the_autolink_patterns_catch_unprotected_text():
    """The check above can fail: plain escaping alone leaves both autolinks in place."""
    escaped = re.sub(r"([.@])", r"\\\1", "see www.example.org or a@b.co")
    assert GFM_WWW.search(resolved(escaped))
    assert GFM_EMAIL.search(resolved(escaped))


def test_an_integer_too_long_to_print_is_not_raised():
    assert md_text(10**5000) == md_text("(int too long to show)")
    assert plain(10**5000) == "(int too long to show)"

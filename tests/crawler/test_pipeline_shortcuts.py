"""The pipelines' shortcuts give what the long way gives: memoized string cleaning, and the
direct reading of common US phone shapes next to phonenumbers.parse."""

from __future__ import annotations

import html
import random
import re

import phonenumbers
import pytest

from crawler.bulk import records
from crawler.pipelines import clean_strings, phone

pytestmark = pytest.mark.unit

_SPACE = re.compile(r"\s+")


def _clean_the_long_way(text: str) -> str | None:
    cleaned = _SPACE.sub(" ", html.unescape(text).replace("\u00a0", " ")).strip()
    return None if cleaned.lower() in clean_strings.JUNK else cleaned


@pytest.mark.parametrize(
    "text",
    [
        "  Bayou   City\n Ketamine ",
        "Smith &amp; Jones",
        "A\u00a0B",
        "\u2003wide\u2009spaces\u3000",
        "tabs\tand\r\nlines\x0bvt\x0cff\x1c\x1d\x1e\x1f\x85",
        "&nbsp;N/A&nbsp;",
        " -- ",
        "Undefined",
        "",
        "x" * 500 + "  y",
        "/bench/provider/1?pages=2&per=20&delay_ms=0",
    ],
)
def test_clean_text_equals_the_regex_version(text):
    assert clean_strings.clean_text(text) == _clean_the_long_way(text)
    assert clean_strings.clean_text(text) == _clean_the_long_way(text)  # from the cache


_SHAPES = (
    "({a}) {b}-{c}",
    "({a}){b}-{c}",
    "({a}) {b}.{c}",
    "({a}) {b} {c}",
    "({a}){b}{c}",
    "{a}-{b}-{c}",
    "{a}.{b}.{c}",
    "{a} {b} {c}",
    "{a}{b}{c}",
)


def test_us_shapes_read_directly_equal_phonenumbers_parse():
    rng = random.Random(7)
    for area in range(200, 1000):
        exchange, line = f"{rng.randrange(1000):03d}", f"{rng.randrange(10000):04d}"
        for shape in _SHAPES:
            text = shape.format(a=area, b=exchange, c=line)
            assert phone._US_SHAPES.fullmatch(text), text
            direct, parsed = phone._parse(text, "US"), phonenumbers.parse(text, "US")
            assert direct == parsed, text
            assert phonenumbers.is_valid_number(direct) == phonenumbers.is_valid_number(parsed)


@pytest.mark.parametrize(
    "text",
    [
        "713-529 2019",
        "(113) 555-1234",
        "113-555-1234",
        "1-713-555-1234",
        "+1 713-555-1234",
        "713-555-12345",
        "(713 555-1234",
        "\u0667\u0661\u0663\u0665\u0665\u0665\u0661\u0662\u0663\u0664",
        "713-555-1234 x12",
        " 713-555-1234",
    ],
)
def test_other_shapes_go_through_phonenumbers(text):
    assert not phone._US_SHAPES.fullmatch(text)


@pytest.mark.parametrize("region", ["US", "CA", "GB"])
def test_to_e164_is_the_same_for_every_region(region):
    for text in ("(713) 791-4420", "020 7946 0018", "416-555-0199", "713-000-0000"):
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            expected = (None, None)
        else:
            expected = (
                (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None)
                if phonenumbers.is_valid_number(number)
                else (None, None)
            )
        assert phone.to_e164(text, region) == expected


def test_nanp_numbers_asked_once_per_deciding_prefix_equal_phonenumbers(monkeypatch):
    """us_digits_e164 answers from phonenumbers once per deciding prefix: every area code,
    numbers that share that prefix and differ after it, and the Caribbean area codes whose
    patterns read further, all as phonenumbers says."""
    monkeypatch.setattr(phone, "_nanp_valid_prefixes", {})
    monkeypatch.setattr(phone, "_nanp_depth", None)
    rng = random.Random(11)
    numbers = [f"{area}{rng.randrange(10**7):07d}" for area in range(200, 1000) for _ in range(25)]
    for area in ("246", "876", "809", "800", "523", "268", "441", "787"):
        numbers += [
            f"{area}{rng.randrange(10**4):04d}{rng.randrange(1000):03d}" for _ in range(2000)
        ]
        numbers += [f"{area}5210{n:03d}" for n in range(0, 1000, 7)]  # BB's 246521[0369]\d{3}
    valid = 0
    for digits in numbers:
        number = phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
        expected = "+1" + digits if phonenumbers.is_valid_number(number) else None
        assert phone.us_digits_e164(digits) == expected, digits
        valid += expected is not None
    assert 0 < valid < len(numbers)
    # the shortcut is taken: Houston's 25 numbers were asked by at most 10 prefixes
    assert len([p for p in phone._nanp_valid_prefixes if p.startswith("713")]) <= 10
    assert phone._nanp_depth is not None and phone._nanp_depth("7135550123") == 4


@pytest.mark.parametrize(
    ("text", "keeps"),
    [
        ("https://npiregistry.cms.hhs.gov/api/?version=2.1&number=1700000106", True),
        ("Smith &amp; Jones", False),
        ("Smith &amp Jones", False),  # a bare legacy name
        ("Fish &chips", True),
        ("&copyright 2026", False),  # "copy" is a bare name: unescape takes the prefix
        ("&notit;", False),  # "not" without ";"
        ("&#38;", False),
        ("&#x26;", False),
        ("&#", True),
        ("&#x", True),
        ("& more", True),
        ("R&D", True),
        ("a&b=c&d=e", True),
        ("&frac12", False),
        ("&fra", True),
    ],
)
def test_unescape_keeps_table(text, keeps):
    assert records.unescape_keeps(text) is keeps
    assert (html.unescape(text) == text) is keeps


def test_unescape_keeps_equals_html_unescape_on_random_text():
    rng = random.Random(1202)
    names = ["amp", "amp;", "lt", "not", "notin;", "copy", "frac12", "nu;", "number", "x", "#"]
    pieces = ["&", "#", "x", ";", "a", "b", "1", "9", "F", " ", "=", "?", *names]
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert records.unescape_keeps(text) is (html.unescape(text) == text), text

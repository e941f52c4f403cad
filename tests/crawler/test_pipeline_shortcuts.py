"""The pipelines' shortcuts give what the long way gives: memoized string cleaning, and the
direct reading of common US phone shapes next to phonenumbers.parse."""

from __future__ import annotations

import html
import random
import re

import phonenumbers
import pytest

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

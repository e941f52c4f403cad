"""The NPI check digit (clinics.record.npi_check_digit): Luhn over "80840" + nine digits.

The fast path sums digit bytes; it must agree with the textbook Luhn everywhere.
"""

from __future__ import annotations

import random

import pytest

from clinics.record import npi_check_digit, npi_check_digit_ok


def textbook_luhn_check_digit(payload: str) -> str:
    """Luhn's check digit for `payload`, written the long way (rightmost digit doubled)."""
    total = 0
    for place, char in enumerate(reversed(payload)):
        digit = int(char)
        if place % 2 == 0:
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


@pytest.mark.parametrize(
    ("first9", "check"),
    [
        ("123456789", "3"),  # CMS's own worked example: NPI 1234567893
        ("000000000", "6"),  # only the prefix counts: 24 -> 6
        ("999999999", textbook_luhn_check_digit("80840999999999")),
        ("170000010", textbook_luhn_check_digit("80840170000010")),
    ],
)
def test_known_check_digits(first9: str, check: str) -> None:
    assert npi_check_digit(first9) == check


def test_agrees_with_textbook_luhn_on_random_payloads() -> None:
    rng = random.Random(20261202)
    for _ in range(20_000):
        first9 = f"{rng.randrange(10**9):09d}"
        assert npi_check_digit(first9) == textbook_luhn_check_digit("80840" + first9), first9


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),
        ("1234567890", False),
        ("123456789", False),  # nine digits
        ("12345678930", False),  # eleven
        ("123456789a", False),
        ("１２３４５６７８９３", False),  # full-width digits are not an NPI
    ],
)
def test_npi_check_digit_ok(npi: str, ok: bool) -> None:
    assert npi_check_digit_ok(npi) is ok

"""Comparison keys for merging: phone, ZIP, street address, name, block."""

from __future__ import annotations

import pytest

from indexer import normalize as norm

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("phone", "key"),
    [
        ("+17135550101", "7135550101"),
        ("(713) 555-0101", "7135550101"),
        ("1-713-555-0101", "7135550101"),
        ("713.555.0101", "7135550101"),
        ("555-0101", None),
        ("0000000000", None),
        ("", None),
        (None, None),
        ("undefined", None),
    ],
)
def test_phone_key(phone, key):
    assert norm.phone_key(phone) == key


@pytest.mark.parametrize(
    ("postal", "key"),
    [
        ("77030", "77030"),
        ("77030-1234", "77030"),
        ("770301234", "77030"),
        ("7703", None),
        ("00000", None),
        (None, None),
        ("n/a", None),
    ],
)
def test_zip5(postal, key):
    assert norm.zip5(postal) == key


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("6560 Fannin St", "6560 fanninstreet"),
        ("6560 Fannin Street", "6560 fanninstreet"),
        ("6560 FANNIN ST., Suite 1200", "6560 fanninstreet"),
        ("6560 Fannin St Ste 1200", "6560 fanninstreet"),
        ("6560 Fannin St #1200", "6560 fanninstreet"),
        ("6560 Fannin St 1200", "6560 fanninstreet"),
        ("1200 N. Main Avenue", "1200 northmainavenue"),
        ("1200 North Main Ave", "1200 northmainavenue"),
        ("2500 Southwest Fwy, Floor 3", "2500 southwestfreeway"),
        ("2500 SW Freeway 3rd Floor", "2500 southwestfreeway"),
        ("100 Kirby Boulevard Unit B", "100 kirbyboulevard"),
        ("100 Kirby Blvd", "100 kirbyboulevard"),
        ("71 Tan Bark Plaza", "71 tanbarkplaza"),
        ("71 Tanbark Plz", "71 tanbarkplaza"),
        ("Fannin Street", None),
        ("PO Box 12", None),
        ("P.O. Box 12", None),
        ("", None),
        (None, None),
    ],
)
def test_address_key(line, key):
    assert norm.address_key(line) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Dr. Avery Lin, MD", "avery lin"),
        ("Avery Lin MD PLLC", "avery lin"),
        ("AVERY LIN", "avery lin"),
        ("José Peña, LPC", "jose pena"),
        ("The Bayou Ketamine Clinic, LLC", "bayou ketamine clinic"),
        ("", ""),
        (None, ""),
    ],
)
def test_name_key(name, key):
    assert norm.name_key(name) == key


@pytest.mark.parametrize(
    ("postal", "city", "state", "block"),
    [
        ("77030-4000", "Houston", "TX", "zip:77030"),
        (None, "Sugar Land", "TX", "city:tx|sugar land"),
        (None, "SUGAR LAND", "tx", "city:tx|sugar land"),
        (None, None, "TX", "none"),
    ],
)
def test_block_key(postal, city, state, block):
    assert norm.block_key(postal, city, state) == block

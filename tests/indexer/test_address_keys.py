"""Address keys for merging, as a specification: which spellings of one place read the same.

A place is a building (house number and street: `address_key`) and a unit in it (suite,
floor, building letter: `unit_key`). The addresses below are invented.
"""

from __future__ import annotations

import pytest

from indexer import normalize as norm

pytestmark = pytest.mark.unit


# One place written two ways: the building key and the unit key are equal.
SAME_PLACE = [
    # street names joined or spaced
    ("71 Tan Bark Plaza", "71 Tanbark Plaza"),
    ("420 Mac Arthur Blvd", "420 MacArthur Boulevard"),
    ("1201 Lake Shore Dr Suite 4-B", "1201 Lakeshore Drive Ste 4B"),
    ("300 Northgate Blvd", "300 North Gate Boulevard"),
    # street types
    ("71 Tan Bark Plaza", "71 TANBARK PLZ."),
    ("1835 Willow Creek Street", "1835 Willow Creek St."),
    ("1835 Willow Creek St", "1835 WILLOW CREEK STR"),
    ("909 Larkspur Avenue", "909 Larkspur Av"),
    ("3301 Quarry Ridge Parkway", "3301 Quarry Ridge Pkwy"),
    ("77 Pinecrest Ct", "77 Pinecrest Court"),
    # directionals, with or without periods
    ("58 N. Alder Rd", "58 North Alder Road"),
    ("2750 Southwest Cedar Loop", "2750 SW Cedar Loop"),
    ("2750 S.W. Cedar Loop", "2750 SW Cedar Loop"),
    ("612 W Fifth Ave", "612 West 5th Avenue"),
    # ordinal words and numbers, Saint and St
    ("612 Fifth Ave", "612 5th Avenue"),
    ("88 Saint Ives Ln", "88 St. Ives Lane"),
    # suites: the designator does not matter, the number does
    ("1400 Heron Bay Dr, Suite 210", "1400 HERON BAY DRIVE STE 210"),
    ("1400 Heron Bay Dr Ste. 210", "1400 Heron Bay Dr #210"),
    ("1400 Heron Bay Dr Unit 210", "1400 Heron Bay Dr Suite # 210"),
    ("8120 Osprey Hwy Ste100", "8120 Osprey Highway Suite 100"),
    ("19 Bellflower Way 205", "19 Bellflower Way Suite 205"),
    ("77 Pinecrest Ct Rm 4", "77 Pinecrest Court Room 4"),
    # buildings and floors
    ("5020 Old Mill Rd Bldg C", "5020 Old Mill Road, Building C"),
    ("5020 Old Mill Rd, Fl 3", "5020 Old Mill Rd 3rd Floor"),
    ("5020 Old Mill Rd Third Floor", "5020 Old Mill Rd Floor 3"),
    ("5020 Old Mill Rd Bldg C Ste 12", "5020 Old Mill Road Suite 12, Building C"),
    # numbered roads: the tagger reads where the name ends ("RM" is a road, not a room)
    ("640 Hwy 290 Ste 8", "640 Highway 290 #8"),
    ("1335 RM 620 N Ste 5", "1335 RM 620 North Suite 5"),
]


@pytest.mark.parametrize(("line_a", "line_b"), SAME_PLACE)
def test_variants_of_one_place_give_the_same_keys(line_a, line_b):
    assert norm.address_key(line_a) is not None
    assert norm.address_key(line_a) == norm.address_key(line_b)
    assert norm.unit_key(line_a) == norm.unit_key(line_b)


# Two buildings: the building keys differ, whatever the unit.
DIFFERENT_BUILDINGS = [
    ("58 N Alder Rd", "58 S Alder Rd"),
    ("58 N Alder Rd", "58 Alder Rd"),
    ("58 Alder Rd", "58 Alder St"),
    ("58 Alder Rd", "580 Alder Rd"),
    ("612 5th Ave", "612 6th Ave"),
    ("612 W 5th Ave", "612 E 5th Ave"),
    ("900 Park Ave S", "900 Park Ave"),
    ("900 Park Ave S", "900 S Park Ave"),
    ("1201 Lake Shore Dr", "1201 Lake Shore Blvd"),
    ("33 Rosewood Ln", "33 Redwood Ln"),
    ("4 Oak Hollow Dr", "4 Hollow Oak Dr"),
    ("71 Tanbark Plz", "71 Tanbark Pl"),
    ("71 Tan Bark Plaza Suite 5", "71 Tan Barks Plaza Suite 5"),
]


@pytest.mark.parametrize(("line_a", "line_b"), DIFFERENT_BUILDINGS)
def test_different_buildings_give_different_keys(line_a, line_b):
    assert norm.address_key(line_a) != norm.address_key(line_b)


# One building, two units: the building keys agree, the units disagree.
DIFFERENT_UNITS = [
    ("2000 Main St Suite 100", "2000 Main St Ste 200"),
    ("2000 Main St #100", "2000 Main Street Unit 101"),
    ("2000 Main St Bldg A Ste 100", "2000 Main St Bldg B Ste 100"),
    ("2000 Main St Fl 2", "2000 Main St 3rd Floor"),
    ("2000 Main St Suite 100-A", "2000 Main St Suite 100-B"),
]


@pytest.mark.parametrize(("line_a", "line_b"), DIFFERENT_UNITS)
def test_two_units_of_one_building_disagree(line_a, line_b):
    assert norm.address_key(line_a) == norm.address_key(line_b)
    assert norm.units_disagree(norm.unit_key(line_a), norm.unit_key(line_b))
    assert norm.units_disagree(norm.unit_key(line_b), norm.unit_key(line_a))


# One building, a unit unknown on one side: a missing unit, or a kind of unit the other
# line does not name, is not a different unit.
UNKNOWN_UNITS = [
    ("2000 Main St", "2000 Main St Suite 100"),
    ("2000 Main St Suite 100", "2000 Main St Floor 3"),
    ("2000 Main St Bldg B", "2000 Main St Ste 300"),
    ("2000 Main St Ste 300", "2000 Main St Bldg B Ste 300"),
]


@pytest.mark.parametrize(("line_a", "line_b"), UNKNOWN_UNITS)
def test_a_unit_missing_on_one_side_does_not_disagree(line_a, line_b):
    assert norm.address_key(line_a) == norm.address_key(line_b)
    assert not norm.units_disagree(norm.unit_key(line_a), norm.unit_key(line_b))
    assert not norm.units_disagree(norm.unit_key(line_b), norm.unit_key(line_a))


@pytest.mark.parametrize(
    ("line_1", "line_2", "unit"),
    [
        ("1400 Heron Bay Dr Ste 210", None, "suite 210"),
        ("1400 Heron Bay Dr", "Suite 210", "suite 210"),
        ("1400 Heron Bay Dr", "STE. 210", "suite 210"),
        ("1400 Heron Bay Dr", "#210", "suite 210"),
        ("1400 Heron Bay Dr", "210", "suite 210"),
        ("1400 Heron Bay Dr", "3rd Floor, Suite 210", "floor 3, suite 210"),
        ("1400 Heron Bay Dr Bldg C", "Suite 210", "building c, suite 210"),
        # the first line wins a kind both lines name
        ("1400 Heron Bay Dr Ste 210", "Suite 300", "suite 210"),
        # words that name no unit say nothing
        ("1400 Heron Bay Dr", "Heron Medical Tower", None),
        ("1400 Heron Bay Dr Ste 210 East Wing", None, "suite 210"),
        ("1400 Heron Bay Dr", None, None),
        (None, None, None),
    ],
)
def test_unit_key_reads_both_address_lines(line_1, line_2, unit):
    assert norm.unit_key(line_1, line_2) == unit

"""The tolerant JSON-LD reader, microdata, and opening hours: tables of real-world input."""

from __future__ import annotations

import pytest

from crawler.pages import hours, jsonld, microdata

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('{"@type": "MedicalClinic", "name": "A"}', ["A"]),
        ('{"@type": "MedicalClinic", "name": "A",}', ["A"]),  # trailing comma
        ('{\n // comment\n "@type": "MedicalClinic", /* note */ "name": "A"}', ["A"]),
        ('{"@type": "MedicalClinic", "name": "http://a.example/x//y"}', ["http://a.example/x//y"]),
        ('[{"@type": "Physician", "name": "A"}, {"@type": "Physician", "name": "B"},]', ["A", "B"]),
        (
            '{"@graph": [{"@type": "WebSite", "name": "W"}, {"@type": "LocalBusiness", "name": "L"}]}',
            ["W", "L"],
        ),
        (
            '{"@type": "MedicalClinic", "name": "A"}\n{"@type": "MedicalClinic", "name": "B"}',
            ["A", "B"],
        ),
        ('<!-- {"@type": "MedicalClinic", "name": "A"} -->', ["A"]),
        ('{"@type": "MedicalClinic", "name": "line\nbreak"}', ["line\nbreak"]),
        ("", []),
    ],
)
def test_json_ld_is_read_despite_real_world_damage(text, names):
    values, error = jsonld.parse_block(text)
    assert error is None
    assert [node.get("name") for node in jsonld.nodes(values)] == names


@pytest.mark.parametrize("text", ['{"@type": "Medical', "{{{", '{"a": }'])
def test_json_ld_beyond_repair_reports_an_error(text):
    values, error = jsonld.parse_block(text)
    assert values == [] and error.startswith("JSON-LD beyond repair")


@pytest.mark.parametrize(
    ("node", "types"),
    [
        ({"@type": "MedicalClinic"}, ["MedicalClinic"]),
        (
            {"@type": ["LocalBusiness", "https://schema.org/Psychiatrist"]},
            ["LocalBusiness", "Psychiatrist"],
        ),
        ({"@type": None}, []),
    ],
)
def test_types_of(node, types):
    assert jsonld.types_of(node) == types


def test_microdata_nested_items_and_repeated_properties():
    html = """<div itemscope itemtype="https://schema.org/MedicalClinic">
      <h1 itemprop="name">A Clinic</h1>
      <a itemprop="telephone" href="tel:713-526-8814">call</a>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
        <span itemprop="postalCode">77098</span></div>
      <meta itemprop="openingHours" content="Mo-Fr 09:00-17:00">
      <meta itemprop="openingHours" content="Sa 10:00-12:00">
    </div>"""
    [item] = microdata.items_from_html(html)
    assert item["@type"] == "MedicalClinic"
    assert item["name"] == "A Clinic"
    assert item["telephone"] == "713-526-8814"
    assert item["address"] == {"@type": "PostalAddress", "postalCode": "77098"}
    assert item["openingHours"] == ["Mo-Fr 09:00-17:00", "Sa 10:00-12:00"]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("Mo-Fr 09:00-17:00", [("MO,TU,WE,TH,FR", "09:00", "17:00")]),
        ("Mo,We,Fr 9:00-17:30", [("MO,WE,FR", "09:00", "17:30")]),
        ("Sa 10:00-14:00; Su 12:00-16:00", [("SA", "10:00", "14:00"), ("SU", "12:00", "16:00")]),
        ("Fr-Mo 10:00-14:00", [("FR,SA,SU,MO", "10:00", "14:00")]),
        ("Monday 08:00-12:00", [("MO", "08:00", "12:00")]),
        ("by appointment", []),
        ("Mo-Fr 25:00-26:00", []),
        ("", []),
    ],
)
def test_opening_hours_strings(text, rows):
    parsed = hours.parse_opening_hours(text)
    assert [(r["byday"], r["opens_at"], r["closes_at"]) for r in parsed] == rows


def test_opening_hours_specification():
    spec = [
        {
            "dayOfWeek": ["https://schema.org/Monday", "Tuesday"],
            "opens": "08:00:00",
            "closes": "17:00",
        },
        {"dayOfWeek": "Saturday", "opens": "09:00", "closes": "noon"},
        "junk",
    ]
    assert hours.parse_specification(spec) == [
        {"byday": "MO,TU", "opens_at": "08:00", "closes_at": "17:00"}
    ]

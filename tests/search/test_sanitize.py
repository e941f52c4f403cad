"""Sanitizers: every parameter is clamped, trimmed or dropped with a note, never an error."""

from __future__ import annotations

import pytest

from search import sanitize as s
from search.types import GeoPoint, SearchParams

pytestmark = pytest.mark.unit

VOCABULARY = s.Vocabulary(
    therapies=frozenset({"cbt", "emdr", "ketamine_assisted_psychotherapy"}),
    conditions=frozenset({"anxiety", "ptsd"}),
    provider_types=frozenset({"psychiatrist"}),
)


def _clean(function, *args):
    notes: list[str] = []
    return function(*args, notes), notes


@pytest.mark.parametrize(
    ("raw", "expected", "warned"),
    [
        (15, 15.0, False),
        (0.5, 0.5, False),
        (0.1, 0.5, True),
        (-3, 0.5, True),
        (100, 100.0, False),
        (250, 100.0, True),
        ("7.5", 7.5, False),
        ("far", 15.0, True),
        (None, 15.0, True),
        (float("nan"), 15.0, True),
        (float("inf"), 15.0, True),
        (True, 15.0, True),
    ],
)
def test_radius_is_clamped_to_half_a_mile_through_100(raw, expected, warned):
    value, notes = _clean(s.clean_radius, raw)
    assert value == expected
    assert bool(notes) is warned


@pytest.mark.parametrize(
    ("raw", "expected", "warned"),
    [
        (10, 10, False),
        (1, 1, False),
        (0, 1, True),
        (-5, 1, True),
        (50, 50, False),
        (51, 50, True),
        (10_000, 50, True),
        ("20", 20, False),
        ("x", 10, True),
        (None, 10, True),
    ],
)
def test_size_is_clamped_to_1_through_50(raw, expected, warned):
    value, notes = _clean(s.clean_size, raw)
    assert value == expected
    assert bool(notes) is warned


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("  ketamine   clinic ", "ketamine clinic"),
        ("cbt\x00\x07 for\tanxiety\r\n", "cbt for anxiety"),
        ('AND OR ( " * ~', 'AND OR ( " * ~'),
        ("<b>emdr</b>", "<b>emdr</b>"),
        ("🧠 therapy", "🧠 therapy"),
        ("bad \ud800 surrogate", "bad surrogate"),
    ],
)
def test_text_loses_control_characters_and_extra_spaces(raw, expected):
    value, notes = _clean(s.clean_text, raw)
    assert value == expected
    assert notes == []


@pytest.mark.parametrize("function", [s.clean_text, s.clean_near_text])
def test_long_text_is_cut_to_200_characters_with_a_note(function):
    value, notes = _clean(function, "x" * 10_000)
    assert len(value) == 200
    assert "200" in notes[0]


@pytest.mark.parametrize(
    ("raw", "expected", "warned"),
    [
        (("cbt",), ("cbt",), False),
        (("CBT", " EMDR "), ("cbt", "emdr"), False),
        (("Ketamine-Assisted Psychotherapy",), ("ketamine_assisted_psychotherapy",), False),
        (("cbt", "cbt"), ("cbt",), False),
        (("cbt", "reiki"), ("cbt",), True),
        ("cbt", ("cbt",), False),  # a single string is one code, not letters
        ((None, ""), (), False),
        (None, (), False),
    ],
)
def test_unknown_taxonomy_codes_are_dropped_with_a_note(raw, expected, warned):
    value, notes = _clean(lambda v, n: s.clean_codes("therapy", v, VOCABULARY["therapies"], n), raw)
    assert value == expected
    assert bool(notes) is warned
    if warned:
        assert "reiki" in notes[0]


def test_too_many_codes_are_capped():
    value, notes = _clean(s.clean_values, "language", [f"lang{i}" for i in range(30)])
    assert len(value) == 20
    assert notes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (("Aetna", "aetna", " Blue Cross "), ("aetna", "blue cross")),
        (("",), ()),
        ("Spanish", ("spanish",)),
    ],
)
def test_free_values_are_lowercase_and_unique(raw, expected):
    value, _ = _clean(s.clean_values, "insurance", raw)
    assert value == expected


@pytest.mark.parametrize(
    ("raw", "expected", "warned"),
    [
        (True, True, False),
        (None, None, False),
        (False, None, False),
        ("yes", True, False),
        ("no", None, False),
        ("maybe", None, True),
    ],
)
def test_flags_only_restrict_when_true(raw, expected, warned):
    value, notes = _clean(lambda v, n: s.clean_flag("telehealth", v, n), raw)
    assert value is expected
    assert bool(notes) is warned


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (GeoPoint(29.7, -95.4), GeoPoint(29.7, -95.4)),
        (GeoPoint(91, 0), None),
        (GeoPoint(0, 181), None),
        (GeoPoint(float("nan"), 0), None),
        (None, None),
    ],
)
def test_points_outside_the_globe_are_dropped(raw, expected):
    value, notes = _clean(s.clean_point, raw)
    assert value == expected
    assert bool(notes) is (raw is not None and expected is None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("distance", "distance"),
        ("relevance", "relevance"),
        ("recent", "recent"),
        ("name", "distance"),
        (None, "distance"),
    ],
)
def test_unknown_sort_falls_back_to_distance(raw, expected):
    value, _ = _clean(s.clean_sort, raw)
    assert value == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ((1.5, "a"), (1.5, "a")),
        ([1.5, "a"], (1.5, "a")),
        ((), None),
        (({"x": 1},), None),
        (tuple(range(9)), None),
        (None, None),
    ],
)
def test_search_after_must_be_a_short_tuple_of_scalars(raw, expected):
    value, _ = _clean(s.clean_search_after, raw)
    assert value == expected


@pytest.mark.parametrize(
    ("sort", "has_point", "has_text", "expected", "warned"),
    [
        ("distance", True, False, "distance", False),
        ("distance", False, True, "relevance", True),
        ("distance", False, False, "recent", True),
        ("recent", False, True, "recent", False),
        ("relevance", False, False, "relevance", False),
    ],
)
def test_distance_sort_without_a_location(sort, has_point, has_text, expected, warned):
    notes: list[str] = []
    assert s.clean_sort_for_location(sort, has_point, has_text, notes) == expected
    assert bool(notes) is warned


def test_sanitize_cleans_every_parameter_at_once():
    notes: list[str] = []
    clean = s.sanitize(
        SearchParams(
            near_text=" 77030 ",
            radius_mi=500,
            therapies=("CBT", "nope"),
            text="x" * 300,
            size=0,
            sort="random",  # type: ignore[arg-type]
        ),
        notes,
        VOCABULARY,
    )
    assert clean.near_text == "77030"
    assert clean.radius_mi == 100
    assert clean.therapies == ("cbt",)
    assert len(clean.text) == 200
    assert clean.size == 1
    assert clean.sort == "distance"
    assert len(notes) == 5


HUGE = 10**400  # float(HUGE) raises OverflowError


@pytest.mark.parametrize(
    ("function", "raw", "expected"),
    [
        (s.clean_radius, HUGE, 100.0),
        (s.clean_radius, -HUGE, 0.5),
        (s.clean_size, HUGE, 50),
        (s.clean_size, -HUGE, 1),
        (s.clean_radius, "1" * 5_000, 15.0),
    ],
)
def test_huge_numbers_are_clamped_not_raised(function, raw, expected):
    value, notes = _clean(function, raw)
    assert value == expected
    assert notes


@pytest.mark.parametrize(
    "point", [GeoPoint(HUGE, 0), GeoPoint(0, -HUGE), GeoPoint(HUGE, HUGE), GeoPoint(1e308, 0)]
)
def test_huge_coordinates_are_dropped_not_raised(point):
    value, notes = _clean(s.clean_point, point)
    assert value is None
    assert notes


def test_text_of_an_enormous_integer_is_not_raised():
    # str(10**5000) raises ValueError (Python's limit on int-to-text conversion)
    notes: list[str] = []
    clean = s.sanitize(
        SearchParams(text=10**5000, near_text=10**5000, sort=10**5000, therapies=(10**5000,)),  # type: ignore[arg-type]
        notes,
        VOCABULARY,
    )
    assert clean.sort == "distance"
    assert clean.therapies == ()


@pytest.mark.parametrize(
    "raw",
    [
        (float("inf"), "a"),
        (float("nan"),),
        (HUGE, "a"),
        (2**63, "a"),
        ("\ud800",),
        ("x" * 10_000,),
        (True,),
        ((1, 2),),
        "[1, 2]",
    ],
)
def test_search_after_values_the_engine_could_not_have_sent_are_refused(raw):
    value, notes = _clean(s.clean_search_after, raw)
    assert value is None
    assert notes


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[1.5,"kap-near"]', (1.5, "kap-near")),
        ('["a]]]]]\\"[[[", 2]', ('a]]]]]"[[[', 2)),
        ("[-9223372036854775808]", (-(2**63),)),
        (deep(10_000), None),
        (deep(2), None),
        ("[[1]]", None),
        ('[{"a": 1}]', None),
        ("[NaN]", None),
        ("[Infinity]", None),
        ("[1e999]", None),
        ("[" + "9" * 5_000 + "]", None),
        ("[" + "9" * 400 + "]", None),
        ("[]", None),
        ("{}", None),
        ("3", None),
        ("not json", None),
        ("", None),
        (None, None),
        (12, None),
        ("[" + ",".join(["1"] * 5) + "]", None),
    ],
)
def test_parse_cursor_checks_size_and_nesting_before_parsing(text, expected):
    assert s.parse_cursor(text) == expected


def test_json_depth_ignores_brackets_inside_strings():
    assert s.json_depth_at_most('["[[[[", "\\\\", "]"]', 1)
    assert not s.json_depth_at_most("[[", 1)

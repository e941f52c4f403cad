"""A card's badges: a fictional listing says so first, then therapies, then access."""

import pytest

from ui.render.cards import SAMPLE_BADGE, badges

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({}, ""),
        ({"is_sample": True}, SAMPLE_BADGE),
        ({"is_sample": False, "telehealth": True}, ":blue-badge[Telehealth]"),
        (
            {"is_sample": True, "therapies": ["cbt"], "accepting_new_patients": True},
            f"{SAMPLE_BADGE} :violet-badge[Cognitive behavioral therapy \\(CBT\\)]"
            " :green-badge[Accepting new patients]",
        ),
        ({"accepting_new_patients": False}, ":orange-badge[Not accepting new patients]"),
        ({"is_sample": "yes"}, ""),  # only a real boolean marks a listing as a sample
    ],
)
def test_badges(document, expected):
    assert badges(document) == expected

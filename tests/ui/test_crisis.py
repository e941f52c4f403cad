"""Crisis language in a query opens the help panel; ordinary searches do not."""

import pytest

from ui.crisis import BANNER_MARKDOWN, suggests_crisis

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "query",
    [
        "suicidal",
        "I feel suicidal",
        "SUICIDE",
        "suicide thoughts therapist",
        "want to die",
        "I just wanna die",
        "i want to die 77030",
        "kill myself",
        "how to kill my self",
        "going to end my life",
        "end it all",
        "I want to end it",
        "take my own life",
        "better off dead",
        "no reason to live",
        "I don't want to live anymore",
        "I don’t want to be alive",  # curly apostrophe
        "self harm",
        "self-harm therapist",
        "hurting myself",
        "overdose",
        "  WANT   TO   DIE  ",
        "kill myself!!!",
    ],
)
def test_crisis_queries_open_the_panel(query):
    assert suggests_crisis(query)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "ketamine",
        "ketamine-assisted psychotherapy for anxiety",
        "CBT near Sugar Land",
        "die casting",  # a word, not a wish
        "skill building",
        "endocrinologist",
        "treatment resistant depression",
        "diet and depression",
        "Kill Devil Hills, NC",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "🧠💊",
    ],
)
def test_ordinary_queries_do_not(query):
    assert not suggests_crisis(query)


def test_any_of_several_texts_counts():
    assert suggests_crisis(None, "77030", "want to die")
    assert not suggests_crisis(None, "", "77030")


def test_banner_names_988_call_and_text_and_911():
    assert "tel:988" in BANNER_MARKDOWN
    assert "sms:988" in BANNER_MARKDOWN
    assert "tel:911" in BANNER_MARKDOWN

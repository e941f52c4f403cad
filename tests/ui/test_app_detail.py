"""Provider detail, reports and hostile content, in AppTest (the maintainer page:
tests/ui/test_maintainer.py)."""

from __future__ import annotations

import pytest

from search.filters import BY_NAME
from tests.ui import providers
from tests.ui.apptest_helpers import all_text, card_names, healthy, query_of, start, texts
from ui import state
from ui.safe import md_text

pytestmark = pytest.mark.integration


def open_first_card(app):
    app.button(key="open_1").click().run()
    return app


def test_detail_shows_every_source_hours_and_fields(ui_env):
    app = open_first_card(start({"near": "77030", "therapy": providers.KAP}))
    assert healthy(app)
    shown = all_text(app)
    assert "Sample Bayou Ketamine Collective" in texts(app, "header")
    assert "Sources" in texts(app, "subheader")
    assert "https://example.org/sample/kap-near" in shown
    assert "https://example.org/clinic_sites/kap-near" in shown
    assert "fetched 20 Nov 2026" in shown
    assert "Monday, Tuesday, Wednesday, Thursday, Friday 09:00–17:00" in texts(app, "text")
    assert "**Languages:** English, Spanish" in shown
    assert "**Last verified:** 1 Oct 2026" in shown
    assert query_of(app)["provider"] == "kap-near"


def test_detail_says_why_each_therapy_is_listed(ui_env):
    app = open_first_card(start({"near": "77030", "therapy": providers.KAP}))
    assert healthy(app)
    assert "Why these therapies and conditions are listed" in texts(app, "subheader")
    shown = all_text(app)
    why = [line for line in shown.splitlines() if line.startswith("- Listed for")]
    assert len(why) == 4, why  # KAP and CBT, anxiety and depression
    kap = next(line for line in why if "Ketamine" in line)
    assert "because their site says" in kap
    assert "Fictional sample: we offer ketamine assisted psychotherapy." in kap
    assert "(https://example.org/kap-near/services)" in kap and "20 Nov 2026" in kap


def test_a_provider_link_opens_the_detail_directly_and_back_restores_the_search(ui_env):
    app = start({"near": "77030", "therapy": providers.KAP, "provider": "kap-mid"})
    assert "Dr. Sample Avery Lin" in texts(app, "header")
    app.button(key="back_to_results").click().run()
    assert card_names(app) == providers.KAP_NEAREST_FIRST
    assert app.checkbox(key=state.widget_key(BY_NAME["therapies"]) + providers.KAP).value is True
    assert "provider" not in query_of(app)


def test_unknown_provider_link_says_so(ui_env):
    app = start({"provider": "no-such-provider"})
    assert healthy(app)
    assert any("not in the directory" in w for w in texts(app, "warning"))


def test_reporting_incorrect_information_is_stored_and_listed(ui_env, es, monkeypatch):
    app = open_first_card(start({"near": "77030"}))
    app.text_area(key="report_message").input("Phone number is wrong <b>really</b>")
    app.text_input(key="report_contact").input("someone@example.org")
    app.button[-1].click().run()  # Send report
    assert any("Thank you" in s for s in texts(app, "success"))
    assert "someone@example.org" not in all_text(app)

    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", "a-maintainer-token-for-tests")
    maintainer = start()
    maintainer.switch_page("views/maintainer.py").run()
    maintainer.text_input(key="maintainer_token").input("a-maintainer-token-for-tests")
    next(b for b in maintainer.button if b.label == "Sign in").click().run()
    assert healthy(maintainer)
    table = maintainer.dataframe[-1].value
    assert "Phone number is wrong <b>really</b>" in list(table["Message"])
    assert "cbt-near" in list(table["Provider id"])


def test_an_empty_report_is_not_sent(ui_env):
    app = open_first_card(start({"near": "77030"}))
    app.button[-1].click().run()
    assert any("describe what is wrong" in w for w in texts(app, "warning"))


def test_hostile_names_are_shown_as_plain_text(ui_env):
    app = start({"near": "77030"})
    assert healthy(app)
    assert providers.HOSTILE_NAME in card_names(app)
    raw = [element.value for element in app.markdown]
    escaped_title = md_text(providers.HOSTILE_NAME, 300)
    assert any(escaped_title in value for value in raw)
    for value in raw:  # no markdown element carries a live tag, link or short code from data
        assert "<script>" not in value
        assert "](javascript" not in value
        assert ":red[" not in value
    assert all(not getattr(e.proto, "allow_html", False) for e in app.markdown)


def test_hostile_detail_page_raises_nothing(ui_env):
    app = start({"near": "77030", "provider": "hostile"})
    assert healthy(app)
    shown = all_text(app)
    assert "<img src=x onerror=alert(1)>" in shown  # shown, as text
    assert "Website" not in shown  # a javascript: link is never offered


@pytest.mark.parametrize(
    "words",
    [
        'name:(foo OR bar) AND "unclosed',
        "*:* || {!join} /regex.*/ ~2 ^10",
        "<script>alert(1)</script>",
        "**bold** [x](javascript:alert(1)) $x$ :smile:",
        "🧠💊🙂 emdr",
        "x" * 10_240,
        "\x00\x1b[31m",
    ],
)
def test_hostile_search_text_raises_nothing(ui_env, words):
    app = start()
    app.text_input(key=state.K_NEAR).input("77030")
    app.text_input(key=state.K_TEXT).input(words)
    app.button[0].click().run()
    assert healthy(app)
    assert not any("went wrong" in e for e in texts(app, "error"))


@pytest.mark.parametrize("place", ["x" * 10_240, "<script>", "🧠", "'; DROP TABLE", "-95.4, 29.7"])
def test_hostile_places_raise_nothing(ui_env, place):
    app = start({"near": place})
    assert healthy(app)
    assert not any("went wrong" in e for e in texts(app, "error"))

"""The maintainer page is private; reporters' contact details are kept a limited time.

AppTest drives ui/app.py on a real node: without CLINICS_MAINTAINER_TOKEN the page does
not exist; with it, nothing is shown before the token is entered. The retention of contact
details (indexer.reports, `clinics reports`) runs against the same real node.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indexer import reports
from tests.ui import providers
from tests.ui.apptest_helpers import RUN_TIMEOUT_S, all_text, healthy, start, texts
from ui.app_path import APP_FILE

pytestmark = pytest.mark.integration

TOKEN = "correct horse battery staple 42"
CONTACT = "reporter@example.org"
MAINTAINER_FILE = APP_FILE.parent / "views" / "maintainer.py"


@pytest.fixture(autouse=True)
def fresh_resources():
    """Cached resources (the shared failed-attempts counter) start empty in every test."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def reports_index(ui_env) -> str:
    return f"{ui_env}-reports"


@pytest.fixture
def a_report(es, reports_index) -> str:
    es.indices.delete(index=reports_index, ignore_unavailable=True)
    reports.add_report(es, "kap-near", "The phone number is wrong", CONTACT, index=reports_index)
    yield CONTACT
    es.indices.delete(index=reports_index, ignore_unavailable=True)


def maintainer_page(token: str | None = None) -> AppTest:
    app = start()
    app.switch_page("views/maintainer.py").run()
    if token is not None:
        sign_in(app, token)
    return app


def sign_in(app: AppTest, token: str) -> AppTest:
    app.text_input(key="maintainer_token").input(token)
    next(b for b in app.button if b.label == "Sign in").click().run()
    return app


def shows_private_data(app: AppTest) -> bool:
    shown = all_text(app) + "".join(str(frame.value) for frame in app.dataframe)
    return CONTACT in shown or bool(app.metric) or bool(app.dataframe)


# ---------------------------------------------------------------- no token: no page


def test_without_a_token_the_app_has_no_maintainer_page(ui_env, a_report, monkeypatch):
    monkeypatch.delenv("CLINICS_MAINTAINER_TOKEN", raising=False)
    app = start({"near": "77030"})
    assert healthy(app)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/maintainer.py")
    assert CONTACT not in all_text(app)
    assert "Maintainer" not in all_text(app)


@pytest.mark.parametrize("token", [None, "", "   ", "too-short"])
def test_the_page_file_itself_shows_nothing_without_a_usable_token(
    ui_env, a_report, monkeypatch, token
):
    """Run directly (as an older app.py did for every visitor), it still shows nothing."""
    if token is None:
        monkeypatch.delenv("CLINICS_MAINTAINER_TOKEN", raising=False)
    else:
        monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", token)
    app = AppTest.from_file(str(MAINTAINER_FILE), default_timeout=RUN_TIMEOUT_S).run()
    assert not app.exception
    assert not shows_private_data(app)
    assert not app.text_input  # no sign-in form either: the page is off


def test_a_short_token_leaves_the_page_off(ui_env, monkeypatch):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", "x" * 15)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        start().switch_page("views/maintainer.py")


# ---------------------------------------------------------------- with a token


def test_with_a_token_nothing_shows_before_signing_in(ui_env, a_report, monkeypatch):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    app = maintainer_page()
    assert healthy(app)
    field = app.text_input(key="maintainer_token")
    assert field.proto.type == field.proto.PASSWORD  # the typed token is masked
    assert not shows_private_data(app)


@pytest.mark.parametrize(
    "wrong", ["", "correct horse battery staple", TOKEN + " ", TOKEN.upper(), "ключ-🔑" * 4]
)
def test_a_wrong_token_shows_nothing(ui_env, a_report, monkeypatch, wrong):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    app = maintainer_page(wrong)
    assert healthy(app)
    assert "That token is not right." in texts(app, "error")
    assert not shows_private_data(app)


def test_the_right_token_shows_status_and_reports_with_contacts(ui_env, a_report, monkeypatch):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    app = maintainer_page(TOKEN)
    assert healthy(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Providers"] == str(len(providers.PROVIDERS))
    table = app.dataframe[-1].value
    assert list(table["Contact"]) == [CONTACT]
    assert list(table["Message"]) == ["The phone number is wrong"]
    assert any("removed 30 days after" in c for c in texts(app, "caption"))
    # the session stays signed in on the next run, and signs out
    app.run()
    assert app.dataframe
    next(b for b in app.button if b.label == "Sign out").click().run()
    assert not shows_private_data(app)


def test_wrong_tokens_close_the_form_for_a_minute(ui_env, a_report, monkeypatch):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    for attempt in range(5):
        assert "That token is not right." in texts(maintainer_page(f"guess {attempt}"), "error")
    # a new session (a new visitor) is refused too, even with the right token
    app = maintainer_page(TOKEN)
    assert any("Too many wrong tokens" in e for e in texts(app, "error"))
    assert not shows_private_data(app)


def test_the_page_is_not_linked_from_the_search(ui_env, monkeypatch):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    app = start({"near": "77030"})
    assert healthy(app)
    assert "Maintainer" not in all_text(app)
    assert not [b for b in app.button if "aintainer" in str(b.label)]


def test_signed_in_with_the_engine_down(ui_env, monkeypatch):
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    monkeypatch.setenv("ES_URL", "http://127.0.0.1:9")
    app = maintainer_page(TOKEN)
    assert healthy(app)
    assert any("not reachable" in e for e in texts(app, "error"))


def test_a_token_beyond_ascii_works(ui_env, monkeypatch):
    token = "pässwörd-ключ-🔑-long-enough"
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", token)
    assert "That token is not right." in texts(
        maintainer_page("passwort-ключ-🔑-long-enough"), "error"
    )
    app = maintainer_page(token)
    assert healthy(app)
    assert app.metric


# ---------------------------------------------------------------- retention of contacts


def test_an_expired_contact_is_not_shown_even_before_a_purge(ui_env, es, monkeypatch):
    index = f"{ui_env}-reports"
    es.indices.delete(index=index, ignore_unavailable=True)
    old = datetime.now(UTC) - timedelta(days=31)
    reports.add_report(es, "kap-near", "Moved away", "old@example.org", index=index, now=old)
    stored = es.search(index=index)["hits"]["hits"][0]["_source"]
    assert stored["contact"] == "old@example.org"  # a write at time `old` purged nothing
    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    app = maintainer_page(TOKEN)
    assert list(app.dataframe[-1].value["Contact"]) == [""]
    assert "old@example.org" not in all_text(app)
    es.indices.delete(index=index, ignore_unavailable=True)


def seed(es, index: str, ages_days: list[float], now: datetime) -> None:
    for number, age in enumerate(ages_days):
        reports.add_report(
            es,
            f"doc-{number}",
            f"message {number}",
            f"person{number}@example.org",
            index=index,
            now=now - timedelta(days=age),
            purge=False,
        )


def contacts_by_doc(es, index: str) -> dict[str, str | None]:
    hits = es.search(index=index, size=100)["hits"]["hits"]
    return {hit["_source"]["doc_id"]: hit["_source"].get("contact") for hit in hits}


def test_purge_removes_contacts_past_their_retention_and_keeps_the_messages(es, index_name):
    index = f"{index_name}-reports"
    now = datetime.now(UTC)
    seed(es, index, [0, 29.9, 30.1, 45, 400], now)
    assert reports.purge_contacts(es, index=index, days=30, now=now) == 3
    assert contacts_by_doc(es, index) == {
        "doc-0": "person0@example.org",
        "doc-1": "person1@example.org",
        "doc-2": None,
        "doc-3": None,
        "doc-4": None,
    }
    messages = {hit["_source"]["message"] for hit in es.search(index=index)["hits"]["hits"]}
    assert messages == {f"message {n}" for n in range(5)}
    assert reports.purge_contacts(es, index=index, days=30, now=now) == 0  # idempotent
    later = now + timedelta(seconds=1)
    assert reports.purge_contacts(es, index=index, days=0, now=later) == 2


def test_purge_pages_through_many_reports(es, index_name):
    index = f"{index_name}-reports"
    now = datetime.now(UTC)
    operations = []
    for number in range(1_234):
        operations.append({"index": {"_index": index}})
        operations.append(
            {
                "doc_id": f"doc-{number}",
                "message": "m",
                "contact": f"p{number}@example.org",
                "created_at": (now - timedelta(days=40, seconds=number % 7)).isoformat(),
            }
        )
    reports.add_report(es, "first", "creates the index", index=index, purge=False)
    es.bulk(operations=operations, refresh=True)
    assert reports.purge_contacts(es, index=index, days=30, now=now) == 1_234
    left = es.count(index=index, query={"exists": {"field": "doc_id"}})["count"]
    assert left == 1_235
    assert all(contact is None for contact in contacts_by_doc(es, index).values())


def test_a_new_report_purges_old_contacts(es, index_name):
    index = f"{index_name}-reports"
    seed(es, index, [45], datetime.now(UTC))
    reports.add_report(es, "doc-new", "new", "new@example.org", index=index)
    assert contacts_by_doc(es, index) == {"doc-0": None, "doc-new": "new@example.org"}


@pytest.mark.parametrize(
    ("value", "days"), [(None, 30), ("7", 7), ("0", 0), ("99999", 3650), ("²", 30), ("x", 30)]
)
def test_retention_setting(monkeypatch, value, days):
    if value is None:
        monkeypatch.delenv(reports.CONTACT_DAYS_ENV, raising=False)
    else:
        monkeypatch.setenv(reports.CONTACT_DAYS_ENV, value)
    assert reports.contact_days() == days


def clinics(es_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clinics.cli", "reports", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ES_URL": es_url, **env},
        timeout=120,
        check=False,
    )


def test_clinics_reports_purge_and_list(es, es_url, index_name):
    index = f"{index_name}-reports"
    seed(es, index, [1, 10, 45], datetime.now(UTC))
    listed = clinics(
        es_url, "list", "--json", CLINICS_REPORTS_CONTACT_DAYS="5", CLINICS_REPORTS_INDEX=index
    )
    assert listed.returncode == 0, listed.stderr
    shown = [line for line in listed.stdout.splitlines() if line]
    assert len(shown) == 3 and "person0@example.org" in shown[0]
    assert "person1@example.org" not in listed.stdout  # older than 5 days: hidden
    purged = clinics(es_url, "purge", "--index", index, CLINICS_REPORTS_CONTACT_DAYS="5")
    assert purged.returncode == 0, purged.stderr
    assert "removed the contact from 2 report(s) older than 5 days" in purged.stdout
    assert contacts_by_doc(es, index) == {
        "doc-0": "person0@example.org",
        "doc-1": None,
        "doc-2": None,
    }
    bad = clinics(es_url, "purge", "--days", "-1")
    assert bad.returncode == 2


def test_clinics_reports_with_the_engine_down():
    result = clinics("http://127.0.0.1:9", "purge")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cannot purge the reports" in result.stderr


def test_the_maintainer_page_in_spanish(ui_env, a_report, monkeypatch):
    """?lang=es: the form, the figures, the tables and the notes come from the catalog's
    Spanish; the data (messages, contacts) stay as they were written."""
    from ui.messages import ES

    monkeypatch.setenv("CLINICS_MAINTAINER_TOKEN", TOKEN)
    app = start({"lang": "es"})
    app.switch_page("views/maintainer.py").run()
    assert app.title[0].value == ES["app.page_maintainer"]
    assert ES["maint.for_maintainers"] in texts(app, "caption")
    assert app.text_input(key="maintainer_token").label == ES["maint.token"]
    app.text_input(key="maintainer_token").input("not the token")
    next(b for b in app.button if b.label == ES["maint.sign_in"]).click().run()
    assert ES["maint.wrong"] in texts(app, "error")
    app.text_input(key="maintainer_token").input(TOKEN)
    next(b for b in app.button if b.label == ES["maint.sign_in"]).click().run()
    assert healthy(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[ES["maint.providers"]] == str(len(providers.PROVIDERS))
    assert ES["maint.sources"] in metrics
    sources, found = app.dataframe[0].value, app.dataframe[-1].value
    assert ES["maint.col_source"] in sources.columns
    assert list(found[ES["maint.col_contact"]]) == [CONTACT]
    assert list(found[ES["maint.col_message"]]) == ["The phone number is wrong"]
    assert ES["maint.reports"] in texts(app, "subheader")
    assert any("se borran 30 días después" in c for c in texts(app, "caption"))
    assert any(b.label == ES["maint.sign_out"] for b in app.button)

"""The maintainer's page: what the index holds, how fresh it is, and the reports sent in.

Private: ui/app.py registers this page only when CLINICS_MAINTAINER_TOKEN is set, and the
page shows nothing but a sign-in form until the visitor enters that token (compared with
hmac.compare_digest; a few wrong tokens a minute, across all visitors, close the form for
the rest of that minute). Reporters' contact details appear here only, and only until
their retention (CLINICS_REPORTS_CONTACT_DAYS) runs out. See docs/security.md.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import deque

import streamlit as st

from ui import formatting, services
from ui import settings as ui_settings
from ui.messages import t
from ui.render import banners
from ui.safe import md_text, plain

log = logging.getLogger("clinics.ui")

SIGNED_IN = "maintainer_signed_in"  # session key: a fingerprint of the token signed in with
MAX_FAILURES = 5  # wrong tokens per window, across all sessions of this server
FAILURE_WINDOW_S = 60.0


class Attempts:
    """Wrong tokens of the last FAILURE_WINDOW_S seconds, shared by every session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: deque[float] = deque()

    def _prune(self, now: float) -> None:
        while self._failures and now - self._failures[0] > FAILURE_WINDOW_S:
            self._failures.popleft()

    def allowed(self) -> bool:
        with self._lock:
            self._prune(time.monotonic())
            return len(self._failures) < MAX_FAILURES

    def failed(self) -> None:
        with self._lock:
            self._failures.append(time.monotonic())


@st.cache_resource(show_spinner=False)
def _attempts() -> Attempts:
    return Attempts()


def _fingerprint(token: str) -> str:
    return hashlib.sha256(b"clinics-maintainer\0" + token.encode("utf-8")).hexdigest()


def token_matches(entered: str, token: str) -> bool:
    """Constant-time comparison of UTF-8 bytes (compare_digest refuses non-ASCII str)."""
    entered_bytes = entered.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(entered_bytes, token.encode("utf-8", "surrogatepass"))


def signed_in(token: str) -> bool:
    return hmac.compare_digest(str(st.session_state.get(SIGNED_IN, "")), _fingerprint(token))


def sign_in_form(token: str) -> None:
    st.caption(t("maint.for_maintainers"))
    with st.form("maintainer_sign_in", clear_on_submit=True):
        entered = st.text_input(t("maint.token"), type="password", key="maintainer_token")
        submitted = st.form_submit_button(t("maint.sign_in"))
    if not submitted:
        return
    attempts = _attempts()
    if not attempts.allowed():
        st.error(t("maint.too_many"), icon=":material/lock:")
        return
    if entered and token_matches(entered, token):
        st.session_state[SIGNED_IN] = _fingerprint(token)
        st.rerun()
    attempts.failed()
    log.warning("a wrong maintainer token was entered")
    st.error(t("maint.wrong"), icon=":material/lock:")


def _engine_call(call):
    """(value, None) or (None, a friendly sentence); a 401/403 says which privilege is
    missing instead of "not reachable"."""
    from elasticsearch import ApiError

    try:
        return call(services.client()), None
    except ApiError as exc:
        if exc.meta.status in (401, 403):
            return None, t("maint.not_allowed")
        log.warning("maintainer page: engine call failed", exc_info=True)
        return None, t("error.unavailable")
    except Exception:
        log.warning("maintainer page: engine call failed", exc_info=True)
        return None, t("error.unavailable")


def status_section(cfg: ui_settings.UiSettings) -> None:
    from indexer.status import index_status

    status, error = _engine_call(lambda client: index_status(client, alias=cfg.index_alias))
    if error:
        st.error(error, icon=":material/error:")
        return
    if not status.get("indices"):
        st.warning(t("maint.no_alias", alias=md_text(cfg.index_alias)), icon=":material/inbox:")
        return
    columns = st.columns(4)
    columns[0].metric(t("maint.providers"), f"{status.get('documents', 0):,}")
    columns[1].metric(t("maint.sources"), len(status.get("by_source") or {}))
    columns[2].metric(
        t("maint.oldest_verified"), formatting.day(status.get("oldest_last_verified")) or "–"
    )
    columns[3].metric(t("maint.newest_seen"), formatting.day(status.get("newest_last_seen")) or "–")
    indices = ", ".join(f"`{plain(name)}`" for name in status.get("indices") or [])
    st.markdown(
        t("maint.alias", alias=md_text(status.get("alias")), indices=indices)
        + (t("maint.holds_sample") if status.get("sample") else "")
    )
    if status.get("other_versions"):
        st.caption(t("maint.older_versions", names=md_text(", ".join(status["other_versions"]))))

    st.subheader(t("maint.by_source"))
    by_source = status.get("by_source") or {}
    crawls = status.get("last_crawls") or {}
    rows = []
    for source in sorted(set(by_source) | set(crawls)):
        crawl = crawls.get(source) or {}
        rows.append(
            {
                t("maint.col_source"): formatting.source_name(source),
                t("maint.col_code"): source,
                t("maint.col_providers"): by_source.get(source, 0),
                t("maint.col_crawl_finished"): formatting.day(crawl.get("finished_at")),
                t("maint.col_records"): crawl.get("records"),
                t("maint.col_full"): bool(crawl.get("full")) if crawl else None,
                t("maint.col_loaded"): formatting.day(crawl.get("loaded_at")),
            }
        )
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption(t("maint.no_documents"))


def reports_section(cfg: ui_settings.UiSettings) -> None:
    from indexer.reports import contact_days, list_reports

    days = contact_days()
    st.subheader(t("maint.reports"))
    st.caption(t("maint.contact_note", days=days))
    found, error = _engine_call(
        lambda client: list_reports(client, 200, index=cfg.reports_index, contact_days=days)
    )
    if error:
        st.error(error, icon=":material/error:")
        return
    if not found:
        st.caption(t("maint.no_reports"))
        return
    rows = [
        {
            t("maint.col_received"): plain(item.get("created_at")),
            t("maint.col_provider_id"): plain(item.get("doc_id"), 200),
            t("maint.col_message"): plain(item.get("message"), 2_000),
            t("maint.col_contact"): plain(item.get("contact"), 300),
        }
        for item in found
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def page() -> None:
    cfg = ui_settings.load()
    banners.crisis_banner()
    st.title(t("app.page_maintainer"), anchor=False)
    token = cfg.maintainer_token
    if not token:  # ui/app.py does not even register the page then; this is a second lock
        st.error(t("maint.off"), icon=":material/lock:")
        return
    if not signed_in(token):
        sign_in_form(token)
        return
    banners.sample_banner(services.holds_sample_records(cfg.index_alias))
    st.caption(t("maint.caption"))
    if st.button(t("maint.sign_out"), key="maintainer_sign_out"):
        st.session_state.pop(SIGNED_IN, None)
        st.rerun()
    status_section(cfg)
    reports_section(cfg)


page()

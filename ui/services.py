"""The app's only door to the indexer: a cached client and calls that never raise.

Every call returns a value or an Outcome with a friendly message; the stack trace goes to
the server log, never to the page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import streamlit as st
from elasticsearch import ApiError, TransportError

from clinics import settings as clinics_settings
from indexer import reports as index_reports
from indexer import status as index_status_module
from indexer.client import get_client
from search import service
from search.types import GeoPoint, Hit, SearchParams, SearchResponse
from ui import settings as ui_settings
from ui.messages import EN, t

log = logging.getLogger("clinics.ui")

# English texts of the catalog's messages (ui.messages); the page shows t(...) of each.
FAILED = EN["error.failed"]
PAGE_FAILED = EN["app.page_failed"]


@dataclass(frozen=True)
class Outcome:
    response: SearchResponse | None
    error: str | None = None  # a friendly sentence when response is None


def _es_url() -> str:
    return clinics_settings.load().es_url


@st.cache_resource(show_spinner=False)
def _client_for(es_url: str) -> Any:
    return get_client(request_timeout=10, max_retries=1)


def client() -> Any:
    """One client per engine address, shared by every session of the app."""
    return _client_for(_es_url())


# The engine is down, unreachable or overloaded: a friendly "try again", not a failure.
UNAVAILABLE_ERRORS = (
    service.SearchUnavailable,
    TransportError,
    ApiError,
    ConnectionError,
    TimeoutError,
)


def run_search(params: SearchParams) -> Outcome:
    try:
        return Outcome(service.search(client(), params, index=ui_settings.load().index_alias))
    except UNAVAILABLE_ERRORS:
        log.warning("search unavailable", exc_info=True)
        return Outcome(None, t("error.unavailable"))
    except Exception:
        log.exception("search failed for %r", params)
        return Outcome(None, t("error.failed"))


def find_provider(doc_id: str, point: GeoPoint | None = None) -> tuple[Hit | None, str | None]:
    """One provider by id (with its distance from point), or None and a friendly reason."""
    try:
        index = ui_settings.load().index_alias
        return service.get_provider(client(), doc_id, index=index, point=point), None
    except UNAVAILABLE_ERRORS:
        log.warning("provider lookup unavailable", exc_info=True)
        return None, t("error.unavailable")
    except Exception:
        log.exception("provider lookup failed for %r", doc_id)
        return None, t("error.failed")


def holds_sample_records(alias: str) -> bool:
    return _holds_sample_records(_es_url(), alias)


@st.cache_data(ttl=ui_settings.load().status_ttl_s, show_spinner=False)
def _holds_sample_records(es_url: str, alias: str) -> bool:
    try:
        return bool(index_status_module.is_sample_index(client(), alias))
    except Exception:
        log.info("sample check failed", exc_info=True)
        return False


def add_report(doc_id: str, message: str, contact: str | None) -> tuple[Any, str | None]:
    try:
        index = ui_settings.load().reports_index
        return index_reports.add_report(
            client(), doc_id, message, contact=contact, index=index
        ), None
    except Exception:
        log.warning("storing a report failed", exc_info=True)
        return None, t("error.report_failed")

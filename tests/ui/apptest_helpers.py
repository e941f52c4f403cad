"""Helpers to drive ui/app.py with streamlit.testing.v1.AppTest and read what it shows."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from ui.app_path import APP_FILE
from ui.services import PAGE_FAILED

RUN_TIMEOUT_S = 60
CARD_TITLE = re.compile(r"^\*\*(\d+)\. (.*)\*\*(?: — .*)?$")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def start(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(APP_FILE), default_timeout=RUN_TIMEOUT_S)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    return app.run()


def healthy(app: AppTest) -> bool:
    """No exception escaped, and the app's last-resort error message is not shown."""
    return not app.exception and PAGE_FAILED not in [e.value for e in app.error]


def card_names(app: AppTest) -> list[str]:
    """Provider names of the result cards, in the order shown."""
    names = []
    for element in app.markdown:
        match = CARD_TITLE.match(element.value)
        if match:
            names.append(unescape(match.group(2)))
    return names


def texts(app: AppTest, kind: str) -> list[str]:
    """What elements of one kind read like on screen (markdown escapes removed)."""
    return [unescape(str(element.value)) for element in getattr(app, kind)]


def all_text(app: AppTest) -> str:
    parts = []
    for kind in (
        "markdown",
        "caption",
        "warning",
        "error",
        "info",
        "success",
        "subheader",
        "header",
        "title",
        "text",
    ):
        parts.extend(unescape(str(element.value)) for element in getattr(app, kind))
    return "\n".join(parts)


def query_of(app: AppTest) -> dict:
    return {key: app.query_params[key] for key in app.query_params}

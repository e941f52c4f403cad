"""Streamlit entry point: `streamlit run ui/app.py` (or `clinics ui`).

Two pages: the search (default) and the maintainer's status page. Each page draws the
crisis banner and, when the index holds sample records, the sample-data notice.

The maintainer page shows reporters' contact details and index internals, so it exists
only when the operator sets CLINICS_MAINTAINER_TOKEN (docs/security.md); even then no
link leads to it (the navigation is hidden) and it asks for the token first.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, str(ROOT))

from ui import messages, style  # noqa: E402  (after the path fix above)
from ui import settings as ui_settings  # noqa: E402
from ui.messages import t  # noqa: E402

# The language: ?lang=es on a session's first run, then the session's (the switch sets it).
if messages.LANG not in st.session_state:
    st.session_state[messages.LANG] = messages.normalise(st.query_params.get(messages.Q_LANG))

st.set_page_config(
    page_title=t("app.title"),
    page_icon=":material/explore:",
    layout="wide",
    initial_sidebar_state="auto",
)

HERE = Path(__file__).resolve().parent


def html_lang(lang: str) -> None:
    """<html lang> follows the page's language on every page, so screen readers read Spanish
    with a Spanish voice. Streamlit's page says lang="en" and has no setting for it; this
    one constant script sets it (the code is "en" or "es", never text from the URL) from a
    hidden element."""
    code = json.dumps(messages.normalise(lang))
    with st.container(key="html_lang"):
        st.html(
            "<style>.st-key-html_lang { display: none; }</style>"
            f"<script>document.documentElement.lang = {code};</script>",
            unsafe_allow_javascript=True,
        )


style.apply()
html_lang(st.session_state[messages.LANG])
pages = [
    st.Page(
        HERE / "views" / "search.py",
        title=t("app.page_search"),
        icon=":material/search:",
        default=True,
    )
]
if ui_settings.load().maintainer_token:
    pages.append(
        st.Page(
            HERE / "views" / "maintainer.py",
            title=t("app.page_maintainer"),
            icon=":material/build:",
            url_path="maintainer",
        )
    )
navigation = st.navigation(pages, position="hidden")
try:
    navigation.run()
except Exception:  # a bug must never show a stack trace to a person looking for help
    logging.getLogger("clinics.ui").exception("page failed")
    st.error(t("app.page_failed"), icon=":material/error:")

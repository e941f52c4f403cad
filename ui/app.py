"""Streamlit entry point: `streamlit run ui/app.py` (or `clinics ui`).

Two pages: the search (default) and the maintainer's status page. Each page draws the
crisis banner and, when the index holds sample records, the sample-data notice.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, str(ROOT))

st.set_page_config(
    page_title="Find therapy and ketamine treatment near you",
    page_icon=":material/explore:",
    layout="wide",
    initial_sidebar_state="auto",
)

from ui.services import PAGE_FAILED  # noqa: E402  (after the path fix above)

HERE = Path(__file__).resolve().parent
navigation = st.navigation(
    [
        st.Page(
            HERE / "views" / "search.py",
            title="Find a provider",
            icon=":material/search:",
            default=True,
        ),
        st.Page(HERE / "views" / "maintainer.py", title="Maintainer", icon=":material/build:"),
    ]
)
try:
    navigation.run()
except Exception:  # a bug must never show a stack trace to a person looking for help
    logging.getLogger("clinics.ui").exception("page failed")
    st.error(PAGE_FAILED, icon=":material/error:")

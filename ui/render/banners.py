"""What every page shows: the crisis line, the sample-data notice, the endorsement note."""

from __future__ import annotations

import streamlit as st

from ui import crisis

SAMPLE_NOTICE = (
    "**Sample data.** This directory currently holds fictional sample listings, each "
    "marked “Fictional sample”. They are for trying the app only; do not contact them."
)


def crisis_banner() -> None:
    """Shown at the top of every page, always; it has no close button."""
    with st.container(key="crisis_banner"):
        st.error(crisis.BANNER_MARKDOWN, icon=":material/call:")


def sample_banner(holds_samples: bool) -> None:
    if holds_samples:
        st.warning(SAMPLE_NOTICE, icon=":material/science:")


def crisis_panel() -> None:
    with st.container(border=True, key="crisis_panel"):
        st.subheader(crisis.PANEL_TITLE)
        st.markdown(crisis.PANEL_MARKDOWN)


def endorsement_note() -> None:
    st.caption(crisis.NOT_ENDORSEMENT)

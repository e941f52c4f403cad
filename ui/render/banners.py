"""What every page shows: the crisis line, the sample-data notice, the endorsement note."""

from __future__ import annotations

import streamlit as st

from ui.messages import t


def crisis_banner() -> None:
    """Shown at the top of every page, always; it has no close button."""
    with st.container(key="crisis_banner"):
        st.error(t("crisis.banner"), icon=":material/call:")


def sample_banner(holds_samples: bool) -> None:
    if holds_samples:
        st.warning(t("banner.sample"), icon=":material/science:")


def crisis_panel() -> None:
    with st.container(border=True, key="crisis_panel"):
        st.subheader(t("crisis.panel_title"))
        st.markdown(t("crisis.panel"))


def endorsement_note() -> None:
    st.caption(t("crisis.not_endorsement"))

"""Empty and error states: what to say when there is nothing (yet) to show."""

from __future__ import annotations

import streamlit as st

from search.types import SearchResponse
from ui.messages import t
from ui.safe import md_text

EXAMPLES = ("77030", "Sugar Land, TX", "Austin, TX 78701", "29.7604, -95.3698")


def welcome() -> None:
    st.info(t("state.welcome"), icon=":material/search:")


def engine_error(message: str) -> None:
    with st.container(key="engine_error"):
        st.error(message, icon=":material/error:")


def location_not_found(near_text: str, response: SearchResponse | None, on_pick) -> None:
    st.warning(t("state.not_found", place=md_text(near_text, 200)), icon=":material/location_off:")
    suggestions = list(response.location_suggestions) if response else []
    if suggestions:
        st.markdown(t("state.did_you_mean"))
        columns = st.columns(min(len(suggestions), 4))
        for number, suggestion in enumerate(suggestions[:8]):
            columns[number % len(columns)].button(
                md_text(suggestion, 80),
                key=f"suggest_{number}",
                on_click=on_pick,
                args=(suggestion,),
            )
    else:
        st.markdown(t("state.examples", examples=", ".join(f"“{md_text(e)}”" for e in EXAMPLES)))


def nothing_found(radius_mi: float, has_place: bool) -> None:
    text = t("state.nothing_within", miles=radius_mi) if has_place else t("state.nothing")
    with st.container(key="empty_result"):
        st.warning(text, icon=":material/search_off:")


def beyond_radius(radius_mi: float, nearest_mi: float | None) -> None:
    nearest = t("state.beyond_nearest", miles=nearest_mi) if nearest_mi else ""
    st.warning(t("state.beyond", miles=radius_mi, nearest=nearest), icon=":material/explore:")


def relax_options(options: list[tuple[str, int, object]], on_apply) -> None:
    """(description, count, params) rows: 'Without Telehealth: 3 providers' with a button."""
    useful = [row for row in options if row[1] > 0]
    if not useful:
        st.markdown(t("relax.none"))
        return
    st.markdown(t("relax.title"))
    for number, (description, count, params) in enumerate(useful):
        text = (
            t("relax.option_one", description=description)
            if count == 1
            else t("relax.option", description=description, count=count)
        )
        st.button(
            md_text(text, 300),
            key=f"relax_{number}",
            on_click=on_apply,
            args=(params,),
        )

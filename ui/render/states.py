"""Empty and error states: what to say when there is nothing (yet) to show."""

from __future__ import annotations

import streamlit as st

from search.types import SearchResponse
from ui.safe import md_text

EXAMPLES = ("77030", "Sugar Land, TX", "Austin, TX 78701", "29.7604, -95.3698")


def welcome() -> None:
    st.info(
        "Type a ZIP code, a city (“Sugar Land, TX”), an address or “lat, lon” above, or use "
        "your location. Then narrow the list with the filters.",
        icon=":material/search:",
    )


def engine_error(message: str) -> None:
    with st.container(key="engine_error"):
        st.error(message, icon=":material/error:")


def location_not_found(near_text: str, response: SearchResponse | None, on_pick) -> None:
    st.warning(
        f"We could not find a place called “{md_text(near_text, 200)}”. "
        "Try a 5-digit ZIP code, “City, ST” or a full street address.",
        icon=":material/location_off:",
    )
    suggestions = list(response.location_suggestions) if response else []
    if suggestions:
        st.markdown("Did you mean:")
        columns = st.columns(min(len(suggestions), 4))
        for number, suggestion in enumerate(suggestions[:8]):
            columns[number % len(columns)].button(
                md_text(suggestion, 80),
                key=f"suggest_{number}",
                on_click=on_pick,
                args=(suggestion,),
            )
    else:
        st.markdown("Examples: " + ", ".join(f"“{md_text(e)}”" for e in EXAMPLES))


def nothing_found(radius_mi: float, has_place: bool) -> None:
    where = f" within {radius_mi:g} miles" if has_place else ""
    with st.container(key="empty_result"):
        st.warning(f"No providers match this search{where}.", icon=":material/search_off:")


def beyond_radius(radius_mi: float, nearest_mi: float | None) -> None:
    nearest = f" The nearest matches are about {nearest_mi:.0f} miles away." if nearest_mi else ""
    st.warning(
        f"Nothing matches within {radius_mi:g} miles.{nearest} They are listed below.",
        icon=":material/explore:",
    )


def relax_options(options: list[tuple[str, int, object]], on_apply) -> None:
    """(description, count, params) rows: 'Without Telehealth: 3 providers' with a button."""
    useful = [row for row in options if row[1] > 0]
    if not useful:
        st.markdown("Removing any single filter would not help; try another place or fewer words.")
        return
    st.markdown("**Try relaxing one filter:**")
    for number, (description, count, params) in enumerate(useful):
        noun = "provider" if count == 1 else "providers"
        prefix = "" if description.startswith("Radius") else "Without "
        st.button(
            md_text(f"{prefix}{description} → {count} {noun}", 300),
            key=f"relax_{number}",
            on_click=on_apply,
            args=(params,),
        )

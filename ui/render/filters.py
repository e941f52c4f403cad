"""The filters in the sidebar, each option with its live count from the search facets."""

from __future__ import annotations

import streamlit as st

from clinics import fields as record
from search.types import FacetBucket, SearchResponse
from ui import state, vocabulary
from ui.safe import md_text, plain

FLAG_TRUE = ("true", "1", "True")


def counts(response: SearchResponse | None, facet: str) -> dict[str, int] | None:
    """Code -> count of one facet; None when there is no response to count from."""
    if response is None:
        return None
    buckets: tuple[FacetBucket, ...] = response.facets.get(facet, ())
    return {bucket.code: bucket.count for bucket in buckets}


def with_count(label: str, count: int | None) -> str:
    return label if count is None else f"{label} ({count})"


def _checkboxes(
    choices: list[vocabulary.Choice], found: dict[str, int] | None, prefix: str
) -> None:
    for choice in choices:
        key = prefix + choice.code
        count = None if found is None else found.get(choice.code, 0)
        if found is not None and not count and not st.session_state.get(key):
            continue  # nothing to find here; hide instead of offering an empty filter
        st.checkbox(md_text(with_count(choice.label, count), 200), key=key)


def therapy_filters(response: SearchResponse | None) -> None:
    found = counts(response, record.THERAPIES)
    groups = vocabulary.therapy_groups()
    known = {choice.code for _, choices in groups for choice in choices}
    extra_codes = set(found or {}) | {
        key[len(state.THERAPY_PREFIX) :]
        for key, on in st.session_state.items()
        if str(key).startswith(state.THERAPY_PREFIX) and on
    }
    unknown = [vocabulary.Choice(c, vocabulary.label(c)) for c in sorted(extra_codes - known)]
    if unknown:
        groups = [*groups, (vocabulary.OTHER_HEADING, unknown)]
    st.markdown("**Therapy**")
    shown_any = False
    for number, (heading, choices) in enumerate(groups):
        visible = [
            c
            for c in choices
            if found is None
            or found.get(c.code)
            or st.session_state.get(state.THERAPY_PREFIX + c.code)
        ]
        if not visible:
            continue
        shown_any = True
        with st.expander(heading, expanded=number == 0 or found is not None):
            _checkboxes(visible, found, state.THERAPY_PREFIX)
    if not shown_any:
        st.caption("No therapy information in these results.")


def condition_filters(response: SearchResponse | None) -> None:
    found = counts(response, record.CONDITIONS)
    choices = vocabulary.choices("CONDITIONS")
    known = {c.code for c in choices}
    for code in sorted(set(found or {}) - known):
        choices.append(vocabulary.Choice(code, vocabulary.label(code)))
    with st.expander("Condition", expanded=found is not None):
        _checkboxes(choices, found, state.CONDITION_PREFIX)
        if found is not None and not any(found.values()):
            st.caption("No condition information in these results.")


def _flag_count(response: SearchResponse | None, facet: str) -> int | None:
    found = counts(response, facet)
    if found is None:
        return None
    return sum(count for code, count in found.items() if str(code) in FLAG_TRUE)


def access_filters(response: SearchResponse | None) -> None:
    st.markdown("**Access**")
    st.checkbox(
        with_count("Telehealth available", _flag_count(response, record.TELEHEALTH)),
        key=state.K_TELEHEALTH,
    )
    st.checkbox(
        with_count("Accepting new patients", _flag_count(response, record.ACCEPTING_NEW_PATIENTS)),
        key=state.K_ACCEPTING,
    )


def _multiselect(
    title: str, facet: str, key: str, response: SearchResponse | None, label_of
) -> None:
    found = counts(response, facet) or {}
    selected = list(st.session_state.get(key) or [])
    options = sorted(found, key=lambda code: (-found[code], label_of(code).lower()))
    options += [value for value in selected if value not in options]
    st.multiselect(
        title,
        options=options,
        key=key,
        format_func=lambda code: plain(with_count(label_of(code), found.get(code)), 120),
        placeholder="Any",
    )


def value_label(value: str) -> str:
    """Facet values arrive lower-cased by the index ("blue cross blue shield"): capitalise
    each word for reading; values with capitals of their own are kept as they are."""
    text = plain(value, 60)
    if text != text.lower():
        return text
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def other_filters(response: SearchResponse | None) -> None:
    _multiselect(
        "Provider type",
        record.PROVIDER_TYPES,
        state.K_PROVIDER_TYPES,
        response,
        vocabulary.label,
    )
    _multiselect("Insurance", record.INSURANCE, state.K_INSURANCE, response, value_label)
    _multiselect("Language", record.LANGUAGES, state.K_LANGUAGES, response, value_label)


def render(response: SearchResponse | None, on_clear) -> None:
    st.header("Filters")
    therapy_filters(response)
    condition_filters(response)
    access_filters(response)
    other_filters(response)
    st.button("Clear all filters", key="clear_filters", on_click=on_clear)

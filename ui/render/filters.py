"""The filters in the sidebar, each option with its live count from the search facets."""

from __future__ import annotations

import streamlit as st

from search.filters import FILTER_GROUPS, FLAG_CODE, Filter
from search.types import FacetBucket, SearchResponse
from ui import state, vocabulary
from ui.messages import t
from ui.safe import md_text, plain


def title(group: Filter) -> str:
    """A filter's title in the page's language (the catalog's filter.<name>)."""
    return t(f"filter.{group.name}")


def noun(group: Filter) -> str:
    return t(f"filter.{group.name}.noun")


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


def _extra_choices(group: Filter, found: dict[str, int] | None, known: set[str]) -> list:
    """Codes counted or checked that the taxonomy does not list, labelled readably."""
    prefix = state.widget_key(group)
    codes = set(found or {}) | {
        str(key)[len(prefix) :]
        for key, on in st.session_state.items()
        if str(key).startswith(prefix) and on
    }
    return [vocabulary.Choice(c, vocabulary.label(c)) for c in sorted(codes - known)]


def grouped_checkboxes(group: Filter, response: SearchResponse | None) -> None:
    """One checkbox per code, under the taxonomy's group headings (therapies)."""
    found = counts(response, group.name)
    prefix = state.widget_key(group)
    groups = vocabulary.therapy_groups()
    known = {choice.code for _, choices in groups for choice in choices}
    unknown = _extra_choices(group, found, known)
    if unknown:
        groups = [*groups, (vocabulary.other_heading(), unknown)]
    st.markdown(f"**{title(group)}**")
    shown_any = False
    for number, (heading, choices) in enumerate(groups):
        visible = [
            c
            for c in choices
            if found is None or found.get(c.code) or st.session_state.get(prefix + c.code)
        ]
        if not visible:
            continue
        shown_any = True
        with st.expander(heading, expanded=number == 0 or found is not None):
            _checkboxes(visible, found, prefix)
    if not shown_any:
        st.caption(t("filters.none", noun=noun(group)))


def checkboxes(group: Filter, response: SearchResponse | None) -> None:
    """One checkbox per code of the filter's taxonomy table, in one expander (conditions)."""
    found = counts(response, group.name)
    choices = vocabulary.choices(group.taxonomy or "")
    choices += _extra_choices(group, found, {c.code for c in choices})
    with st.expander(title(group), expanded=found is not None):
        _checkboxes(choices, found, state.widget_key(group))
        if found is not None and not any(found.values()):
            st.caption(t("filters.none", noun=noun(group)))


def _flag_count(response: SearchResponse | None, facet: str) -> int | None:
    found = counts(response, facet)
    if found is None:
        return None
    return found.get(FLAG_CODE, 0)


def flag_checkbox(group: Filter, response: SearchResponse | None) -> None:
    st.checkbox(
        with_count(title(group), _flag_count(response, group.name)), key=state.widget_key(group)
    )


def value_label(value: str) -> str:
    """Facet values arrive lower-cased by the index ("blue cross blue shield"): capitalise
    each word for reading; values with capitals of their own are kept as they are."""
    text = plain(value, 60)
    if text != text.lower():
        return text
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def multiselect(group: Filter, response: SearchResponse | None) -> None:
    """A list to pick from, most common first; codes labelled by the taxonomy."""
    label_of = vocabulary.label if group.kind == "codes" else value_label
    key = state.widget_key(group)
    found = counts(response, group.name) or {}
    selected = list(st.session_state.get(key) or [])
    options = sorted(found, key=lambda code: (-found[code], label_of(code).lower()))
    options += [value for value in selected if value not in options]
    st.multiselect(
        title(group),
        options=options,
        key=key,
        format_func=lambda code: plain(with_count(label_of(code), found.get(code)), 120),
        placeholder=t("filters.any"),
    )


def _of_widget(*widgets: str) -> list[Filter]:
    return [group for group in FILTER_GROUPS if group.widget in widgets]


def render(response: SearchResponse | None, on_clear) -> None:
    """Every filter of the registry: per-code checkboxes, then the access flags, then lists."""
    st.header(t("filters.header"))
    for group in _of_widget("grouped", "checkboxes"):
        (grouped_checkboxes if group.widget == "grouped" else checkboxes)(group, response)
    flags = _of_widget("checkbox")
    if flags:
        st.markdown(t("filters.access"))
        for group in flags:
            flag_checkbox(group, response)
    for group in _of_widget("multiselect"):
        multiselect(group, response)
    st.button(t("filters.clear"), key="clear_filters", on_click=on_clear)

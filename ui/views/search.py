"""The search page: location, words and filters in; a crisis-aware list, map and detail out.

The URL is the shareable state: on the first run of a session (and when coming back from
a provider's page) the widgets are filled from st.query_params; after every change the
URL is rewritten from the widgets, so copying it copies the whole search.
"""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

from search.types import SORT_ORDERS, GeoPoint, Hit, SearchParams, SearchResponse
from ui import crisis, formatting, relax, services, state
from ui import settings as ui_settings
from ui.messages import LANG, LANGUAGES, Q_LANG, current, t
from ui.render import banners, cards, detail, filters, states
from ui.render import map as result_map
from ui.safe import md_text

SORT_LABELS = {
    "distance": "sort.distance",
    "relevance": "sort.relevance",
    "recent": "sort.recent",
}
S_SYNCED = "s_url_synced"
S_RESYNC = "s_resync_from_url"
S_STACK = "s_page_cursors"  # search_after of each page shown so far; [None] is page one
S_SIGNATURE = "s_signature"
S_PROVIDER = "s_provider"
S_HITS = "s_hits_by_id"
S_GEO_SEEN = "s_geo_seen"
S_CENTRE = "s_centre"  # GeoPoint of the last search, for distances on a provider's page


# ---------------------------------------------------------------- URL <-> session


def _query_dict() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def sync_from_url(cfg: ui_settings.UiSettings) -> None:
    """Fill the widgets from the URL: on a session's first run, and back from a provider."""
    returning = st.session_state.pop(S_RESYNC, False)
    if st.session_state.get(S_SYNCED) and not returning:
        return
    view = state.view_from_query(_query_dict(), cfg.default_radius_mi, cfg.page_size)
    state.state_from_params(view.params, st.session_state)
    after = view.params.search_after
    st.session_state[S_STACK] = [None] * (view.page - 1) + [after] if after else [None]
    st.session_state[S_SIGNATURE] = _signature(state.without_paging(view.params))
    st.session_state[S_PROVIDER] = None if returning else view.provider
    st.session_state[S_SYNCED] = True


def write_url(view: state.View, cfg: ui_settings.UiSettings) -> None:
    wanted = state.query_from_view(view, cfg.default_radius_mi)
    current = {k: v if len(v) > 1 else v[0] for k, v in _query_dict().items() if v}
    if st.session_state.get(LANG, "en") != "en":
        wanted[Q_LANG] = st.session_state[LANG]
    if current != wanted:
        st.query_params.from_dict(wanted)


def _signature(params: SearchParams) -> str:
    return repr(params)


# ---------------------------------------------------------------- callbacks (run before a rerun)


def open_provider(doc_id: str) -> None:
    st.session_state[S_PROVIDER] = doc_id


def back_to_results() -> None:
    st.session_state[S_PROVIDER] = None
    st.session_state[S_RESYNC] = True


def pick_place(text: str) -> None:
    st.session_state[state.K_NEAR] = text
    st.session_state[state.K_POINT] = None


def on_submit() -> None:
    if (st.session_state.get(state.K_NEAR) or "").strip():
        st.session_state[state.K_POINT] = None


def clear_filters() -> None:
    state.clear_filters(st.session_state)


def apply_params(params: SearchParams) -> None:
    state.state_from_params(params, st.session_state)


def next_page(cursor: tuple) -> None:
    st.session_state[S_STACK] = [*st.session_state.get(S_STACK, [None]), cursor]


def previous_page() -> None:
    stack = st.session_state.get(S_STACK, [None])[:-1] or [None]
    if stack[-1] is None:
        stack = [None]  # a page restored from a link knows only its own cursor
    st.session_state[S_STACK] = stack


def use_browser_position(lat: float, lon: float) -> None:
    st.session_state[state.K_POINT] = (lat, lon)
    st.session_state[state.K_NEAR] = ""


# ---------------------------------------------------------------- parts of the page


def location_button() -> None:
    """ "Use my location": the browser asks the person; nothing happens when they decline."""
    try:
        from ui import geolocation

        position = geolocation.button(t("geo.button"), t("geo.denied"), st.session_state[LANG])
    except Exception:
        services.log.info("geolocation component unavailable", exc_info=True)
        st.caption(t("geo.unavailable"))
        return
    lat = (position or {}).get("latitude")
    lon = (position or {}).get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        seen = (round(lat, 5), round(lon, 5))
        if st.session_state.get(S_GEO_SEEN) != seen:
            st.session_state[S_GEO_SEEN] = seen
            use_browser_position(float(lat), float(lon))


def search_form(cfg: ui_settings.UiSettings) -> None:
    lang = current()  # format_func may be called outside this run (AppTest does)
    radius_now = float(st.session_state.get(state.K_RADIUS) or cfg.default_radius_mi)
    st.session_state[state.K_RADIUS] = radius_now
    with st.form("search_form", border=False, enter_to_submit=True):
        where, what, within = st.columns([5, 4, 2], vertical_alignment="bottom")
        where.text_input(
            t("form.where"),
            key=state.K_NEAR,
            placeholder=t("form.where_placeholder"),
            max_chars=state.MAX_TEXT_CHARS,
        )
        what.text_input(
            t("form.what"),
            key=state.K_TEXT,
            placeholder=t("form.what_placeholder"),
            max_chars=state.MAX_TEXT_CHARS,
        )
        within.selectbox(
            t("form.within"),
            options=state.radius_choices(radius_now),
            key=state.K_RADIUS,
            format_func=lambda miles: t("form.miles", lang, miles=miles),
        )
        st.form_submit_button(
            t("form.search"), type="primary", on_click=on_submit, icon=":material/search:"
        )


def location_line(params: SearchParams, response: SearchResponse) -> None:
    if response.location is None:
        return
    text = formatting.location(response.location)
    if params.point is not None:
        text = t("location.yours") + " · " + t("precision.point")
        place = _nearest_place(params.point)
        if place:
            text = t("location.yours_place", place=place)
    st.markdown(":material/location_on: " + md_text(text, 300))


def _nearest_place(point: GeoPoint) -> str | None:
    return _place_near(round(point.lat, 4), round(point.lon, 4))


# A position's nearest ZIP does not change while the app runs (the offline gazetteer ships
# with the code; an online geocoder's answer is as stable), so each position is looked up
# once per process, rounded to 4 decimal places (about 11 m).
@st.cache_data(max_entries=1024, show_spinner=False)
def _place_near(lat: float, lon: float) -> str | None:
    try:
        from clinics.geocode import reverse

        match = reverse(lat, lon)
    except Exception:
        return None
    return getattr(match, "matched_name", None) if match else None


def sort_control() -> None:
    lang = current()
    st.radio(
        t("sort.label"),
        options=list(SORT_ORDERS),
        format_func=lambda order: t(SORT_LABELS[order], lang),
        key=state.K_SORT,
        horizontal=True,
        label_visibility="collapsed",
    )


def relax_rows(params: SearchParams) -> list[tuple[str, int, SearchParams]]:
    rows = []
    for option in relax.relaxations(params):
        outcome = services.run_search(replace(option.params, size=1))
        if outcome.response is not None and not outcome.response.beyond_radius:
            rows.append((option.description, outcome.response.total, option.params))
    return rows


def results(params: SearchParams, response: SearchResponse, cfg: ui_settings.UiSettings) -> None:
    """The list and the map of one response; sizes and the radius are those searched
    (response.params), relaxations start from what the person asked (params)."""
    searched = response.params
    page = len(st.session_state.get(S_STACK, [None]))
    first = (page - 1) * searched.size + 1
    if response.beyond_radius:
        states.beyond_radius(searched.radius_mi, response.nearest_beyond_mi)
        states.relax_options(relax_rows(params), apply_params)
    else:
        last = first + len(response.hits) - 1
        if response.total > len(response.hits):
            announce(t("count.range", first=first, last=last, total=response.total))
        else:
            announce(
                t("count.one") if response.total == 1 else t("count.all", total=response.total)
            )
    sort_control()
    banners.endorsement_note()
    st.caption(t("results.filters_hint"))
    list_column, map_column = st.columns([3, 2], gap="medium")
    with map_column, st.container(border=True):
        deck = result_map.build_deck(
            response.hits, response.location, searched.radius_mi, cfg.tile_url
        )
        st.pydeck_chart(deck, height=360, key="results_map")
        st.caption(t("map.note"))
        map_as_text(response.hits)
    with list_column:
        for number, hit in enumerate(response.hits, start=first):
            cards.render(hit, number, open_provider)
        pager(response, page)


def announce(text: str) -> None:
    """The result count in a polite live region: screen readers say it after each search.
    st.html (sanitised by the front end), not markdown: no markdown element allows HTML."""
    st.html(
        f'<p role="status" aria-live="polite" class="result-count"><strong>{html.escape(text)}'
        "</strong></p>"
    )


def map_as_text(hits: tuple[Hit, ...]) -> None:
    """What the map shows, as a list: each numbered pin with its name and distance."""
    pins = result_map.points(hits)
    lines = [f"- {md_text(pin['tip'], 300)}" for pin in pins]
    with st.container(key="map_as_text"), st.expander(t("map.as_list")):
        st.markdown("\n".join(lines) if lines else t("map.none"))


def pager(response: SearchResponse, page: int) -> None:
    if page == 1 and response.next_search_after is None:
        return
    back, label, forward = st.columns([1, 1, 1])
    back.button(t("pager.previous"), key="page_prev", on_click=previous_page, disabled=page == 1)
    label.markdown(t("pager.page", page=page))
    forward.button(
        t("pager.next"),
        key="page_next",
        on_click=next_page,
        args=(response.next_search_after,),
        disabled=response.next_search_after is None,
    )


def provider_page(doc_id: str) -> None:
    hit: Hit | None = st.session_state.get(S_HITS, {}).get(doc_id)
    error = None
    if hit is None:
        hit, error = services.find_provider(doc_id, st.session_state.get(S_CENTRE))
    if hit is None:
        st.button(t("provider.back"), key="back_to_results", on_click=back_to_results)
        if error:
            states.engine_error(error)
        else:
            st.warning(t("provider.gone"), icon=":material/search_off:")
        return
    banners.endorsement_note()
    with st.container(key="provider_detail"):
        detail.render(hit, back_to_results)


# ---------------------------------------------------------------- the page


def set_language() -> None:
    st.session_state[LANG] = st.session_state.get("w_lang") or "en"


def language_switch() -> None:
    """English / Español: the search stays, the URL gains or loses lang=es."""
    st.session_state["w_lang"] = st.session_state.get(LANG, "en")
    with st.container(key="language_switch"):
        st.radio(
            t("app.language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="w_lang",
            horizontal=True,
            on_change=set_language,
        )


def current_view(cfg: ui_settings.UiSettings) -> state.View:
    """The search the widgets describe, on the page of results shown; writes the URL."""
    params = state.params_from_state(st.session_state, cfg.default_radius_mi, cfg.page_size)
    signature = _signature(params)
    if st.session_state.get(S_SIGNATURE) != signature:
        st.session_state[S_SIGNATURE] = signature
        st.session_state[S_STACK] = [None]
    stack = st.session_state.get(S_STACK) or [None]
    view = state.View(
        replace(params, search_after=stack[-1]), len(stack), st.session_state.get(S_PROVIDER)
    )
    write_url(view, cfg)
    return view


def page() -> None:
    """What changes only with the language or the browser's position; the search form,
    the filters and the results are a fragment of their own (search_area)."""
    cfg = ui_settings.load()
    banners.crisis_banner()
    language_switch()
    banners.sample_banner(services.holds_sample_records(cfg.index_alias))
    sync_from_url(cfg)

    if st.session_state.get(S_PROVIDER):
        view = current_view(cfg)
        provider_page(view.provider or "")
        return
    st.markdown("## " + t("search.heading"))
    location_button()
    st.caption(t("geo.caption"))
    search_area(cfg)


@st.fragment
def search_area(cfg: ui_settings.UiSettings) -> None:
    """The search form, the filters, the crisis panel, the list, the map and the pages.
    A search, a filter, the sort or a page button reruns only this function (st.fragment):
    not the banners, the language switch and the location component above it, which
    depend on none of them. Opening a provider changes the whole page, so it reruns it."""
    if st.session_state.get(S_PROVIDER):
        st.rerun(scope="app")
    search_form(cfg)
    view = current_view(cfg)
    params = view.params
    filters_slot = st.container(key="filters_slot")
    if crisis.suggests_crisis(params.text, params.near_text):
        banners.crisis_panel()
    if params.point is not None:
        st.caption(t("geo.searching"))

    response = None
    if not state.has_search(params):
        states.welcome()
    else:
        outcome = services.run_search(params)
        response = outcome.response
        if response is None:
            states.engine_error(outcome.error or t("error.failed"))
            sort_control()
        elif params.near_text and response.location is None and params.point is None:
            states.location_not_found(params.near_text, response, pick_place)
            sort_control()
        else:
            location_line(response.params, response)
            for note in response.warnings:
                st.caption(t("note.prefix", note=md_text(note, 300)))
            st.session_state[S_HITS] = {hit.doc_id: hit for hit in response.hits}
            if response.location is not None:
                where = response.location
                st.session_state[S_CENTRE] = GeoPoint(where.lat, where.lon)
            if not response.hits:
                states.nothing_found(response.params.radius_mi, bool(response.location))
                sort_control()
                states.relax_options(relax_rows(params), apply_params)
            else:
                results(params, response, cfg)

    # One clearly labelled control opens the filters, on a phone as on a desktop.
    with filters_slot, st.popover(t("filters.open"), icon=":material/tune:"):
        filters.render(response, clear_filters)


page()

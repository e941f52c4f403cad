"""The filter registry (search.filters): every filter declared once, every part looping over it."""

from __future__ import annotations

import argparse
import dataclasses

import pytest

from clinics import taxonomy
from clinics.commands import search as search_command
from search.filters import BY_NAME, FILTER_GROUPS
from search.query.groups import group_clauses
from search.types import SearchParams
from ui import relax, state

pytestmark = pytest.mark.unit

NOT_FILTERS = {"near_text", "point", "radius_mi", "text", "sort", "size", "search_after"}


def _on(group) -> tuple[str, ...] | bool:
    if group.kind == "flag":
        return True
    return ("cbt",) if group.kind == "codes" else ("spanish",)


def test_every_filter_attribute_of_search_params_is_declared_once():
    attributes = {f.name for f in dataclasses.fields(SearchParams)} - NOT_FILTERS
    assert attributes == set(BY_NAME)
    assert len(BY_NAME) == len(FILTER_GROUPS)


@pytest.mark.parametrize("attribute", ["url_key", "cli_flag", "label"])
def test_keys_flags_and_labels_are_unique(attribute):
    values = [getattr(group, attribute) for group in FILTER_GROUPS]
    assert len(values) == len(set(values))


def test_widget_keys_never_overlap():
    keys = [state.widget_key(group) for group in FILTER_GROUPS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert not any(other != key and other.startswith(key) for other in keys)


@pytest.mark.parametrize("group", FILTER_GROUPS, ids=lambda group: group.name)
def test_codes_filters_name_a_taxonomy_table(group):
    if group.kind == "codes":
        assert isinstance(getattr(taxonomy, group.taxonomy or ""), dict)
    else:
        assert group.taxonomy is None


@pytest.mark.parametrize("group", FILTER_GROUPS, ids=lambda group: group.name)
def test_each_filter_goes_through_every_part(group):
    params = dataclasses.replace(SearchParams(near_text="77030"), **{group.name: _on(group)})
    assert set(group_clauses(params)) == {group.name}
    # the URL and the widgets carry it both ways
    view = state.view_from_query(state.query_from_view(state.View(params)))
    assert getattr(view.params, group.name) == getattr(params, group.name)
    session: dict = {}
    state.state_from_params(params, session)
    assert getattr(state.params_from_state(session), group.name) == getattr(params, group.name)
    # it can be relaxed
    assert any(
        getattr(option.params, group.name) in ((), None) for option in relax.relaxations(params)
    )
    # and `clinics search` offers it
    parser = argparse.ArgumentParser()
    search_command.register(parser.add_subparsers())
    value = _on(group)
    argv = ["search", group.cli_flag, *([] if value is True else list(value))]
    args = parser.parse_args(argv)
    assert getattr(search_command.params_from_args(args), group.name) == value

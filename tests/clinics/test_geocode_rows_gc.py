"""The gazetteer's rows are tuples of plain values, which the garbage collector leaves
alone: 42,000 of them must not make every full collection of a crawl slower."""

from __future__ import annotations

import gc

import pytest

from clinics.geocode import gazetteer

pytestmark = pytest.mark.unit


def test_zip_and_city_rows_are_not_tracked_by_the_garbage_collector(tmp_path):
    data = gazetteer.build(tmp_path)
    assert data.city("houston", "TX") is not None
    gc.collect()
    row = data.zip_row("77030")
    assert row[:3] == ("77030", "Houston", "TX")
    assert not gc.is_tracked(row)
    assert not any(gc.is_tracked(row) for row in data._city_rows["cities"][:1000])
    assert data.zip("77030").city == "Houston"

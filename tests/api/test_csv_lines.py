"""The exports' own CSV lines are csv.writer's, byte for byte: HSDS rows (api.export.RowLines,
one row at a time and a batch at once) and the flat csv row (flat_line), with values that
need quoting, numbers, None and odd key orders; and a part file appended after the kernel
copy stopped half way."""

from __future__ import annotations

import csv
import io
import itertools
import os

import pytest

from api import export, tabular
from tests.api import documents

pytestmark = pytest.mark.unit

ODD = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "nul\x00", "", " spaced ", "ü", 1.5, 7]


def writer_text(rows: list[list]) -> str:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue()


def attribute_rows() -> list[dict]:
    rows = []
    for n, value in enumerate(ODD):
        row = {"id": f"id-{n}", "link_id": "l", "taxonomy_term_id": "t", "link_type": "access"}
        row["link_entity"] = "service"
        row["value"] = value
        rows.append(row)
    rows.append({"id": "no-value", "link_id": "l", "taxonomy_term_id": "t"})  # a prefix
    rows.append({"link_id": "l", "id": "out-of-order", "value": "v"})  # another order
    rows.append({"id": "gap", "taxonomy_term_id": "t", "value": None})  # a None
    rows.append({"id": "extra", "not_a_column": "x", "value": "v"})  # a key of no column
    return rows


def test_row_lines_are_csv_writer_lines():
    columns = tabular.columns("attribute")
    lines = export.RowLines(columns)
    rows = attribute_rows()
    expected = [writer_text([[row.get(c) for c in columns]]) for row in rows]
    assert [lines.line(row) for row in rows] == expected
    # a batch at once: the good rows alone take the fast path, any bad row the slow one
    for size in (1, 2, 3, len(rows)):
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            assert lines.text(batch) == "".join(expected[start : start + size])


@pytest.mark.parametrize("table", tabular.ORDER)
def test_every_table_of_real_documents(table):
    from api.hsds import Entities

    columns = tabular.columns(table)
    rows = [
        row
        for document in itertools.chain(documents.small_set(), documents.many(300))
        for row in Entities(document).tables().get(table, ())
    ]
    expected = writer_text([[row.get(c) for c in columns] for row in rows])
    assert export.RowLines(columns).text(rows) == expected


def test_flat_lines_are_csv_writer_lines():
    docs = list(documents.many(200)) + documents.small_set()
    for n, value in enumerate(ODD):
        odd = dict(docs[n])
        odd["name"] = value
        odd["hours"] = [{"notes": value}] if isinstance(value, str) else [value]
        docs.append(odd)
    for document in docs:
        assert export.flat_line(document) == writer_text([export.flat_row(document)])


def test_a_part_is_appended_whole_when_the_kernel_copy_stops(tmp_path, monkeypatch):
    part = tmp_path / "part"
    part.write_bytes(bytes(range(256)) * 1000)
    real = os.copy_file_range
    calls = []

    def half_then_fail(source, target, count, *args):
        calls.append(count)
        if len(calls) > 1:
            raise OSError("cross-device")
        return real(source, target, count // 2, *args)

    monkeypatch.setattr(os, "copy_file_range", half_then_fail)
    out = tmp_path / "out"
    with open(out, "wb") as handle:
        handle.write(b"header\n")
        export._append_file(part, handle)
    assert out.read_bytes() == b"header\n" + part.read_bytes()
    assert len(calls) == 2

"""The sample records are valid records and cannot be mistaken for real providers."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinics import fields as F
from clinics.record import read_jsonl

pytestmark = pytest.mark.unit

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "providers.sample.jsonl"
ROWS = list(read_jsonl(SAMPLES))


def test_there_are_sample_records():
    assert len(ROWS) >= 10


@pytest.mark.parametrize(("line", "record", "error"), ROWS, ids=[str(r[0]) for r in ROWS])
def test_sample_record_is_valid_and_marked(line, record, error):
    assert error is None
    data = record.model_dump()
    assert data[F.IS_SAMPLE] is True
    assert "Sample" in data[F.NAME]
    assert "Sample" in data[F.ADDRESS_1]
    assert data[F.DESCRIPTION].startswith("Fictional sample listing.")
    assert "example.org" in data[F.SOURCE_URL]

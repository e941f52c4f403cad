"""Hostile input files: every bad line costs one dead letter with the right reason, the good
lines of the same file load, and nothing raises (no RecursionError, no oversize request).

Reasons (docs/record-format.md): invalid_json (with `raw`), json_too_deep (with `raw`),
record_too_large (with the start of the line as `raw`), invalid_record (with `record`).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import replace

import pytest

from clinics.deadletter import read_dead_letters
from clinics.record import MAX_JSON_DEPTH, MAX_RECORD_BYTES, read_jsonl
from indexer import load_settings
from indexer.bulk import BulkSender
from indexer.load import load_files
from tests.indexer.records import many_records, record
from tests.reliability.conftest import report

REASONS = {"invalid_json", "json_too_deep", "record_too_large", "invalid_record"}
SEED = int(os.environ.get("CLINICS_FAULT_SEED", "20261201"))


def _deep(depth: int, rng: random.Random) -> str:
    """A JSON text of `depth` arrays and objects inside each other, kinds chosen at random."""
    opens, closes = [], []
    for _ in range(depth):
        if rng.random() < 0.5:
            opens.append("[")
            closes.append("]")
        else:
            opens.append('{"k":')
            closes.append("}")
    return "".join(opens) + "1" + "".join(reversed(closes))


def _hostile_lines(rng: random.Random) -> list[tuple[str, str]]:
    """(line, expected reason) pairs, generated from the seed."""
    good = json.dumps(record("npi", "fuzz"))
    cases: list[tuple[str, str]] = []
    for _ in range(120):
        depth = rng.choice([MAX_JSON_DEPTH + 1, 100, 1_000, 10_000, 100_000, rng.randint(65, 5000)])
        text = _deep(depth, rng)
        if rng.random() < 0.5:  # inside a record-shaped object
            text = good[:-1] + ', "extras": ' + text + "}"
        cases.append((text, "json_too_deep"))
    for _ in range(120):
        cut = rng.randint(1, len(good) - 2)
        broken = rng.choice(
            [
                good[:cut],  # truncated (a killed writer)
                good[:cut] + "\x00" + good[cut:],
                good.replace('"', "'", 1),
                good + "}",
                "NaN",
                "[" * rng.randint(1, 64),
                "\ufeff" + good,  # a byte order mark after the first line
                good[:-1] + ', "extras": {"x": ["\\ud800"]}}',  # a lone surrogate
                rng.choice(["[]", "[1, 2]", '"text"', "null", "true", "12"]),
            ]
        )
        cases.append((broken, "invalid_json"))
    for _ in range(60):
        changed = record("npi", "fuzz")
        field, value = rng.choice(
            [
                ("phone", "555"),
                ("latitude", 1e400),
                ("postal_code", {"nested": [1, 2]}),
                ("fetched_at", "yesterday"),
                ("name", ""),
                ("source", 12),
                ("therapies", ["not_a_code"]),
            ]
        )
        changed[field] = value
        cases.append((json.dumps(changed), "invalid_record"))
    return cases


@pytest.mark.unit
def test_generated_hostile_lines_never_raise_and_get_their_reason(tmp_path):
    rng = random.Random(SEED)
    cases = _hostile_lines(rng)
    good = json.dumps(record("npi", "ok"))
    path = tmp_path / "hostile.jsonl"
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as handle:
        handle.write("\ufeff" + good + "\n")  # a byte order mark before the first line
        for line, _reason in cases:
            handle.write(line.replace("\n", " ") + "\n")
        handle.write(good + "\n")
    rows = list(read_jsonl(path))
    assert rows[0][1] is not None, f"a BOM on the first line was refused: {rows[0][2]}"
    assert rows[-1][1] is not None
    for (number, kept, error), (line, expected) in zip(rows[1:-1], cases, strict=True):
        assert kept is None, (number, line[:80])
        assert error.reason == expected, (number, line[:80], str(error))
        assert ("record" if expected == "invalid_record" else "raw") in (
            ("record" if error.record is not None else "") + ("raw" if error.raw else "")
        )
    report("hostile lines read", len(cases) + 2, seed=SEED)


@pytest.mark.integration
def test_a_bad_file_dead_letters_each_bad_line_and_loads_the_good_ones(es, index_name, tmp_path):
    rng = random.Random(SEED)
    good = many_records(6)
    huge = record("npi", "huge", description="ketamine therapy " * 600_000)  # 10 MB
    lines = [
        "\ufeff" + json.dumps(good[0]),  # byte order mark on the first line
        json.dumps(good[1]),
        _deep(100_000, rng),  # deep nesting: was a RecursionError that loaded nothing
        json.dumps(good[2]),
        json.dumps(huge),  # schema-valid, 10 MB: was an oversize bulk request
        json.dumps(good[3]),
        '{"source": "npi", "name": ',  # invalid JSON
        json.dumps(good[4]),
        json.dumps(record("npi", "bad-phone", phone="555")),  # valid JSON, invalid record
        json.dumps(good[5]),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dead = tmp_path / "dead.jsonl"
    cases = 0
    for mode in ("rebuild", "upsert"):
        dead.unlink(missing_ok=True)
        result = load_files(es, [path], mode, alias=index_name, dead_letter_path=dead)
        assert (result.records_read, result.records_loaded) == (10, 6), mode
        assert result.documents == 6 and result.bulk_errors == 0, mode
        letters = read_dead_letters(dead)
        assert [(d["line"], d["reason"]) for d in letters] == [
            (3, "json_too_deep"),
            (5, "record_too_large"),
            (7, "invalid_json"),
            (9, "invalid_record"),
        ], mode
        assert letters[0]["raw"].startswith("[") or letters[0]["raw"].startswith("{")
        assert len(letters[1]["raw"]) == 10_000
        assert f"at most {MAX_RECORD_BYTES:,}" in letters[1]["detail"]
        assert letters[2]["raw"] == '{"source": "npi", "name": '
        assert letters[3]["record"]["source_ref"] == "bad-phone" and "raw" not in letters[3]
        cases += len(lines)
    es.indices.refresh(index=index_name)
    assert es.count(index=index_name)["count"] == 6
    report("bad input file loaded", cases, modes="rebuild+upsert")


@pytest.mark.integration
def test_extract_refuses_deep_json_in_one_line(tmp_path):
    from crawler.pages import PageError
    from crawler.pages.findtreatment import FindTreatmentPage
    from crawler.pages.npi import NpiApiPage

    rng = random.Random(SEED)
    cases = 0
    pages = {"npi": NpiApiPage, "findtreatment": FindTreatmentPage}
    for page in pages.values():  # the readers: the limit itself, in process
        with pytest.raises(PageError, match="nested deeper than"):
            page(None, '{"results": ' + _deep(MAX_JSON_DEPTH, rng) + ', "rows": []}')
        page(None, '{"results": [], "rows": [], "x": ' + _deep(MAX_JSON_DEPTH - 2, rng) + "}")
        cases += 2
    for source in pages:  # the command, on what was a RecursionError
        path = tmp_path / f"{source}.json"
        path.write_text('{"results": ' + _deep(50_000, rng) + "}", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "clinics.cli", "extract", source, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, (source, done.stderr[-500:])
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "nested deeper than" in lines[0], done.stderr[-500:]
        cases += 1
    report("extract deep JSON", cases)


@pytest.mark.integration
def test_bulk_requests_are_sized_by_bytes(es, index_name, tmp_path):
    """Documents of about 400 KB with a 1 MB request budget: never three in one request."""
    settings = replace(load_settings.load(index_name), chunk_bytes=1_000_000, chunk_docs=1000)
    es.indices.create(index=f"{index_name}-bytes", settings={"number_of_replicas": 0})
    sender = BulkSender(es, f"{index_name}-bytes", settings)
    sizes: list[int] = []
    sender._on_sent = sizes.append
    for n in range(12):
        sender.index_document(f"d{n}", {"id": f"d{n}", "description": "x" * 400_000})
    stats = sender.flush()
    sender.close()
    assert stats.indexed == 12 and stats.error_count == 0
    assert max(sizes) == 2, sizes
    report("bulk sized by bytes", len(sizes), docs_per_request=sizes)

"""The HSDS export output stored at load time (api/materialized.py): the same bytes as the
live conversion, a stamp that changes whenever that output changes, exports of indices
with the field, without it and with stale stamps all byte for byte the live conversion,
and no reader but the export ever getting the field."""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

import orjson
import pytest

from api import materialized
from api.export import LinesWriter, PackageWriter, Summary, convert, export
from api.searching import SOURCE_EXCLUDES
from api.store import Filters, Store
from indexer.fields import HSDS_EXPORT
from tests.api import documents

pytestmark = pytest.mark.integration

# The stamp and a hash of the stored output of GOLDEN_DOCUMENTS. When the HSDS output
# changes, this test fails: bump api/materialized.py FORMAT_VERSION (so documents loaded
# by older code are converted live), then write the new pair here. When the stamp changed
# alone (a taxonomy or column change), write the new pair too.
GOLDEN = ("27fc28cd552d", "f5286bd56acee679")


def golden_documents() -> list[dict]:
    return documents.small_set() + list(documents.many(60))


def output_hash(docs: list[dict]) -> str:
    digest = hashlib.sha256()
    for document in docs:
        found = materialized.materialize(document)
        digest.update(orjson.dumps([found["json"], found["tables"]], option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()[:16]


def test_stored_output_changes_only_with_the_stamp():
    stamp, output = materialized.stamp(), output_hash(golden_documents())
    assert output == GOLDEN[1] or stamp != GOLDEN[0], (
        "the HSDS export output changed and the stamp did not: bump "
        "api/materialized.py FORMAT_VERSION, then update GOLDEN"
    )
    assert (stamp, output) == GOLDEN, f"update GOLDEN to {(stamp, output)!r}"


def test_materialized_is_the_live_conversion():
    for document in golden_documents() + list(documents.many(400, seed=5)):
        found = materialized.materialize(document)
        assert found["stamp"] == materialized.stamp()
        assert (found["json"] + "\n").encode() == convert("hsds-json", [document])
        live = {t: v for t, v in convert("hsds", [document]).items() if v[1]}
        assert {t: (text, rows) for t, (text, rows) in found["tables"].items()} == live


# ---- exports of real indices -------------------------------------------------------------

COUNT = 2_500


def _with_field(docs: list[dict]) -> list[dict]:
    return [{**d, HSDS_EXPORT: materialized.materialize(d)} for d in docs]


def _stale(docs: list[dict]) -> list[dict]:
    """Every 7th document without the field, every 5th with another stamp (and output
    that must not be written)."""
    out = []
    for n, document in enumerate(docs):
        document = dict(document)
        if n % 7 == 0:
            document.pop(HSDS_EXPORT)
        elif n % 5 == 0:
            document[HSDS_EXPORT] = {
                "stamp": "000000000000",
                "json": '{"stale": true}',
                "tables": {"service": ["stale\r\n", 1]},
            }
        out.append(document)
    return out


@pytest.fixture(scope="module")
def indices(es):
    docs = list(documents.many(COUNT, seed=3))
    names = {
        kind: f"test-api-materialized-{kind}-{uuid.uuid4().hex[:8]}" for kind in ("all", "mixed")
    }
    documents.create_index(es, names["all"], _with_field(docs))
    documents.create_index(es, names["mixed"], _stale(_with_field(docs)))
    for name in names.values():
        es.indices.refresh(index=name)
    yield names
    for name in names.values():
        es.indices.delete(index=name, ignore_unavailable=True)


def _live(store: Store, fmt: str, path: Path) -> None:
    """What the export wrote before materializing: every document of one scan (the same
    `_shard_doc` order) converted by convert()."""
    docs = [d for batch in store.scan_batches() for d in batch]
    assert docs and all(HSDS_EXPORT not in d for d in docs)
    summary = Summary(fmt, str(path))
    if fmt == "hsds":
        path.mkdir()
        writer = PackageWriter(path, summary)
        writer.write(docs)
        writer.close()
        return
    handle = io.BytesIO()
    lines = LinesWriter(fmt, handle, summary)
    lines.write(docs)
    lines.close()
    path.write_bytes(handle.getvalue())


def _files(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {"": path.read_bytes()}
    found = {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    package = orjson.loads(found.pop("datapackage.json"))
    package.pop("created")
    found["datapackage.json"] = orjson.dumps(package, option=orjson.OPT_SORT_KEYS)
    return found


@pytest.mark.parametrize("kind", ["all", "mixed"])
@pytest.mark.parametrize("fmt", ["hsds", "hsds-json"])
def test_export_is_the_live_conversion_byte_for_byte(es, indices, tmp_path, fmt, kind):
    store = Store(es, indices[kind])
    expected, got = tmp_path / "live", tmp_path / "export"
    _live(store, fmt, expected)
    summary = export(store, fmt, str(got), progress=False, workers=1)
    assert summary.documents == COUNT
    assert _files(got) == _files(expected)


@pytest.mark.parametrize("fmt", ["hsds", "hsds-json"])
def test_sliced_export_of_a_mixed_index_writes_the_same_lines(es, indices, tmp_path, fmt):
    store = Store(es, indices["mixed"])
    expected, got = tmp_path / "live", tmp_path / "export"
    _live(store, fmt, expected)
    summary = export(store, fmt, str(got), progress=False, workers=2)
    assert summary.workers == 2
    for name, data in _files(expected).items():
        exported = _files(got)[name]
        assert sorted(exported.splitlines()) == sorted(data.splitlines()), name


def test_no_reader_but_the_export_gets_the_field(es, indices):
    from api import searching

    assert HSDS_EXPORT in SOURCE_EXCLUDES
    store = Store(es, indices["all"])
    _, page = store.page(Filters(), 1, 20)
    assert page and all(HSDS_EXPORT not in d for d in page)
    assert all(HSDS_EXPORT not in d for batch in store.scan_batches() for d in batch)
    one = store.document(page[0]["doc_id"])
    assert one is not None and HSDS_EXPORT not in one
    response = searching.run_search(
        es, searching.SearchParams(size=20, sort="recent"), index=indices["all"]
    )
    assert response.hits and all(HSDS_EXPORT not in hit.document for hit in response.hits)

"""`clinics export` of a 10,000-document index: every format compared with the index (same
ids, same fields), every hsds-json record valid HSDS, the tabular package accepted by
`frictionless validate`, and the GeoJSON read by shapely (GEOS's GeoJSON reader)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import helpers

from api import ids, tabular
from api import taxonomy as tax
from tests.api.conftest import LARGE_COUNT, ROOT
from tests.api.packages import frictionless_report

pytestmark = pytest.mark.integration

# HSDS requires these keys, but an empty string is a value there (previous_value is always
# empty: we keep no change log), and an empty CSV cell reads as missing; api/tabular.py.
EMPTY_IS_A_VALUE = {
    "metadata": ("last_action_date", "previous_value", "replacement_value", "updated_by")
}


@pytest.fixture(scope="module")
def index_documents(es, large_index) -> dict[str, dict]:
    return {
        hit["_source"]["doc_id"]: hit["_source"]
        for hit in helpers.scan(es, index=large_index, size=1000)
    }


def _export(es_url: str, index: str, fmt: str, path: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "clinics.cli", "export", fmt, "-o", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "ES_URL": es_url, "CLINICS_INDEX_ALIAS": index},
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"exported {LARGE_COUNT} providers" in done.stderr
    assert "doc" in done.stderr  # the progress bar went to stderr
    return done


@pytest.fixture(scope="module")
def exports(tmp_path_factory, es_url, large_index) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    paths = {
        "hsds": folder / "hsds",
        "hsds-json": folder / "services.jsonl",
        "geojson": folder / "providers.geojson",
        "csv": folder / "providers.csv",
    }
    for fmt, path in paths.items():
        _export(es_url, large_index, fmt, path)
        assert not path.with_name(path.name + ".partial").exists()
    return paths


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_matches_the_index(exports, index_documents):
    rows = _read_csv(exports["csv"])
    assert len(rows) == LARGE_COUNT
    assert {row["doc_id"] for row in rows} == set(index_documents)
    for row in rows:
        doc = index_documents[row["doc_id"]]
        assert row["service_id"] == ids.entity_id("service", row["doc_id"])
        assert row["name"] == doc["name"]
        assert row["therapies"] == "; ".join(doc["therapies"])
        assert row["conditions"] == "; ".join(doc["conditions"])
        assert row["insurance"] == "; ".join(doc["insurance"])
        assert row["phone"] == doc.get("phone", "")
        assert row["address_1"] == doc.get("address_1", "")
        assert row["postal_code"] == doc.get("postal_code", "")
        assert row["telehealth"] == str(doc["telehealth"]).lower()
        assert row["last_verified"] == doc["last_verified"]
        assert row["sources"] == "; ".join(s["source"] for s in doc["sources"])
        location = doc.get("location")
        assert row["latitude"] == ("" if location is None else str(location["lat"]))
        assert json.loads(row["evidence"] or "[]") == doc.get("evidence", [])


def test_hsds_json_matches_the_index_and_validates(exports, index_documents, hsds):
    lines = exports["hsds-json"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == LARGE_COUNT
    seen = set()
    for line in lines:
        service = json.loads(line)
        hsds.check("service", service)
        doc_id = ids.doc_id_of("service", service["id"])
        seen.add(doc_id)
        doc = index_documents[doc_id]
        assert service["name"] == doc["name"]
        codes = {a["taxonomy_term"]["code"] for a in service["attributes"]}
        assert set(doc["therapies"]) | set(doc["conditions"]) <= codes
        location = service["service_at_locations"][0]["location"]
        if "location" in doc:
            assert (location["latitude"], location["longitude"]) == (
                doc["location"]["lat"],
                doc["location"]["lon"],
            )
        else:
            assert "latitude" not in location
        sources = [
            m["updated_by"] for m in service["metadata"] if m["last_action_type"] == "source"
        ]
        assert sources == [s["source"] for s in doc["sources"]]
        evidence = [
            m
            for a in service["attributes"]
            for m in a.get("metadata", ())
            if m["last_action_type"] == "evidence"
        ]
        assert len(evidence) == len(doc["evidence"])
        costs = [e for e in doc.get("costs", ()) if e["kind"] != "sliding_scale"]
        options = service.get("cost_options", [])
        assert [o["amount"] for o in options] == [e.get("amount", 0) for e in costs]
        assert all(len(o["metadata"]) == 2 for o in options)
    assert seen == set(index_documents)


def test_hsds_package_matches_the_index(exports, index_documents):
    folder = exports["hsds"]
    package = json.loads((folder / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == list(tabular.ORDER)
    services = _read_csv(folder / "services.csv")
    assert {ids.doc_id_of("service", row["id"]) for row in services} == set(index_documents)
    for table in ("organizations", "locations", "service_at_location"):
        assert len(_read_csv(folder / f"{table}.csv")) == LARGE_COUNT
    attributes = _read_csv(folder / "attributes.csv")
    expected = sum(
        len(d["therapies"])
        + len(d["conditions"])
        + len(d["provider_types"])
        + bool(d["telehealth"])
        + bool(d["accepting_new_patients"])
        + len(d["insurance"])
        for d in index_documents.values()
    )
    assert len(attributes) == expected
    phones = _read_csv(folder / "phones.csv")
    assert len(phones) == sum(1 for d in index_documents.values() if d.get("phone"))
    options = _read_csv(folder / "cost_options.csv")
    assert options and len(options) == sum(
        1
        for d in index_documents.values()
        for e in d.get("costs", ())
        if e["kind"] != "sliding_scale"
    )
    terms = _read_csv(folder / "taxonomy_terms.csv")
    assert len(terms) == len(tax.terms())
    by_name = {row["name"] for row in services}
    assert by_name == {d["name"] for d in index_documents.values()}


def test_hsds_package_passes_frictionless(exports):
    """The whole package through `frictionless validate` (types, formats, required and
    unique fields, enums, primary and foreign keys)."""
    report = frictionless_report(exports["hsds"] / "datapackage.json", timeout=600)
    rows = {task["name"]: task["stats"]["rows"] for task in report["tasks"]}
    assert rows["service"] == LARGE_COUNT


def test_package_columns_follow_the_published_tabular_schema(hsds):
    published = json.loads((hsds_dir() / "compiled" / "tabular.json").read_text())["properties"]
    for table in tabular.ORDER:
        spec = published[table]["items"]
        assert spec["path"] == tabular.TABLES[table]["path"]
        expected = [
            name
            for name, field in spec["properties"].items()
            if field.get("type") not in ("array", "object") and "$ref" not in field
        ]
        assert tabular.columns(table) == expected, table
        schema = tabular.table_schema(table)
        for field in schema["fields"]:
            theirs = spec["properties"][field["name"]]
            assert field["type"] == theirs["type"], (table, field["name"])
            if theirs.get("format") in ("uuid", "uri", "email"):
                assert field.get("format") == theirs["format"], (table, field["name"])
            required = set(spec.get("required", ())) | set(spec.get("tabular_required") or ())
            if field["name"] in required and field["name"] not in EMPTY_IS_A_VALUE.get(table, ()):
                assert field.get("constraints", {}).get("required"), (table, field["name"])
            if "enum" in theirs:
                assert field["constraints"]["enum"] == theirs["enum"]


def hsds_dir() -> Path:
    from tests.api.conftest import HSDS_DIR

    return HSDS_DIR


def test_geojson_loads_in_shapely(exports, index_documents):
    import shapely

    text = exports["geojson"].read_text(encoding="utf-8")
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    located = {k: d for k, d in index_documents.items() if "location" in d}
    assert {f["id"] for f in collection["features"]} == set(located)
    geometry = shapely.from_geojson(text)  # GEOS's own GeoJSON reader, the whole file
    assert geometry.geom_type == "GeometryCollection"
    points = list(geometry.geoms)
    assert len(points) == len(located)
    assert all(p.geom_type == "Point" and p.is_valid for p in points)
    for feature, point in zip(collection["features"], points, strict=True):
        doc = located[feature["id"]]
        assert (point.x, point.y) == (doc["location"]["lon"], doc["location"]["lat"])
        properties = feature["properties"]
        assert properties["name"] == doc["name"]
        assert properties["therapies"] == doc["therapies"]
        assert properties["phone"] == doc.get("phone")
        assert [s["source"] for s in properties["sources"]] == [s["source"] for s in doc["sources"]]


def test_export_to_stdout_and_refusals(tmp_path, es_url, large_index):
    env = {**os.environ, "ES_URL": es_url, "CLINICS_INDEX_ALIAS": large_index}
    out = subprocess.run(
        [sys.executable, "-m", "clinics.cli", "export", "csv", "-o", "-", "--quiet"],
        capture_output=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0
    assert out.stdout.count(b"\n") == LARGE_COUNT + 1
    (tmp_path / "keep.txt").write_text("not an export")
    refused = subprocess.run(
        [sys.executable, "-m", "clinics.cli", "export", "hsds", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert refused.returncode == 2 and "other files" in refused.stderr
    assert (tmp_path / "keep.txt").exists()


def test_export_with_the_engine_down(tmp_path):
    from tests.api.conftest import free_port

    env = {**os.environ, "ES_URL": f"http://127.0.0.1:{free_port()}"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clinics.cli",
            "export",
            "geojson",
            "-o",
            str(tmp_path / "x.geojson"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "not reachable" in done.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", ["hsds", "hsds-json", "csv"])
def test_worker_processes_write_the_same_rows(tmp_path, es, es_url, large_index, fmt):
    """Large exports are written by worker processes, one slice of the point in time each
    (their own connections), appended in slice order: the same lines as from one process,
    every document once."""
    from elasticsearch import Elasticsearch

    from api.export import export
    from api.store import Store

    store = Store(es, large_index, connect=lambda: Elasticsearch(es_url))
    one, two = tmp_path / "one", tmp_path / "two"
    export(store, fmt, str(one), progress=False, workers=1)
    summary = export(store, fmt, str(two), progress=False, workers=2)
    assert summary.documents == summary.written == LARGE_COUNT
    assert not list(tmp_path.glob("*partial*"))  # the parts folder is gone too

    def lines(path: Path) -> list[str]:
        return sorted(path.read_text(encoding="utf-8").split("\n"))

    if fmt != "hsds":
        assert lines(one) == lines(two)
        if fmt == "csv":  # the header first, once
            assert two.read_text(encoding="utf-8").startswith("doc_id,service_id,")
        return
    for table in tabular.ORDER:
        name = tabular.TABLES[table]["path"]
        assert lines(one / name) == lines(two / name), name
        assert (two / name).read_text(encoding="utf-8").startswith("id,"), name

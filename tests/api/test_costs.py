"""Costs in HSDS (api/hsds.py): each price and free care a cost_option of the service with
its source and quote as metadata, sliding scale and free care in fees_description; the
nested service valid HSDS, and the tabular package's cost_options.csv accepted by
`frictionless validate`. The endpoint and whole-index export checks are in test_endpoints.py
and test_export.py."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import orjson
import pytest

from api import export, ids
from api.hsds import Entities, price_text
from tests.api import documents
from tests.api.packages import frictionless_report

pytestmark = pytest.mark.unit


def kap_near() -> dict:
    return next(d for d in documents.small_set() if d["doc_id"] == "kap-near")


def no_costs() -> dict:
    return next(d for d in documents.small_set() if not d.get("costs"))


def check_costs(service: dict) -> None:
    """kap-near's: $150 per session, $400–$650 per treatment, a sliding scale, free care."""
    service_id = ids.entity_id("service", "kap-near")
    options = service["cost_options"]
    assert [(o["amount"], o.get("option"), o["currency"]) for o in options] == [
        (150, "session", "USD"),
        (400, "treatment", "USD"),
        (0, "free care", "USD"),
    ]
    assert [o["amount_description"] for o in options] == [
        "$150 per session (source: clinic_sites)",
        "$400–$650 per treatment (source: clinic_sites)",
        "Free care (source: clinic_sites)",
    ]
    assert all(o["service_id"] == service_id for o in options)
    assert len({o["id"] for o in options}) == 3
    for option, quote in zip(
        options,
        [
            "Fictional sample: preparation and integration sessions are $150.",
            "Fictional sample: ketamine dosing sessions are $400 to $650 per treatment.",
            documents.KAP_NEAR_FREE["quote"],
        ],
        strict=True,
    ):
        source, evidence = option["metadata"]
        assert (source["last_action_type"], source["updated_by"]) == ("source", "clinic_sites")
        assert source["replacement_value"].startswith("https://example.org/kap-near/")
        assert source["last_action_date"] in ("2026-11-03", "2026-11-04")
        assert (evidence["last_action_type"], evidence["replacement_value"]) == ("evidence", quote)
        assert {source["resource_id"], evidence["resource_id"]} == {option["id"]}
        assert source["resource_type"] == "cost_option"
    fees = service["fees_description"]
    assert fees.startswith("Insurance: ")
    assert (
        'Sliding scale: "Fictional sample: we offer a sliding scale for integration sessions."'
        " (clinic_sites, 2026-11-03)"
    ) in fees
    assert f'Free care: "{documents.KAP_NEAR_FREE["quote"]}" (clinic_sites, 2026-11-04)' in fees
    on_fees = [m for m in service["metadata"] if m["field_name"] == "fees_description"]
    assert [m["last_action_type"] for m in on_fees] == ["evidence", "evidence"]
    assert on_fees[0]["updated_by"] == "https://example.org/kap-near/fees"


def test_price_text():
    assert price_text(150) == "$150"
    assert price_text(150, 200, "session") == "$150–$200 per session"
    assert price_text(99.5) == "$99.50"
    assert price_text(1250.0, None, "series") == "$1,250 per series"


def test_the_service_has_its_cost_options(hsds):
    service = Entities(kap_near()).service_full()
    hsds.check("service", service)
    check_costs(service)


def test_no_costs_no_cost_options(hsds):
    document = no_costs()
    entities = Entities(document)
    service = entities.service_full()
    hsds.check("service", service)
    assert "cost_options" not in service
    assert entities.tables()["cost_option"] == []
    assert not any(m["resource_type"] == "cost_option" for m in entities.metadata)
    assert not any(m["field_name"] == "fees_description" for m in entities.metadata)


def test_incomplete_entries_are_left_out(hsds):
    document = kap_near()
    document["costs"] = [
        {"kind": "price", "amount": 150, "currency": "USD", "quote": "no source or date"},
        {"kind": "price", "amount": 150, "currency": "EUR", "quote": "q", "source": "s",
         "date": "2026-11-01"},
        {"kind": "sliding_scale", "quote": "q", "source": "s"},
        "not an entry",
    ]  # fmt: skip
    service = Entities(document).service_full()
    hsds.check("service", service)
    assert "cost_options" not in service
    assert "Sliding scale" not in service["fees_description"]


def test_a_listing_value_is_not_quoted_twice():
    document = no_costs()
    value = "Sliding fee scale (fee is based on income and other factors)"
    document["payment"] = [value]
    document["costs"] = [
        {"kind": "sliding_scale", "quote": value, "source": "findtreatment",
         "date": "2026-11-20", "field": "payment"},
    ]  # fmt: skip
    fees = Entities(document).service["fees_description"]
    assert fees.startswith(f"Payment: {value}")
    assert fees.endswith("; Sliding scale (findtreatment, 2026-11-20)")
    assert fees.count(value) == 1


def test_hsds_json_line(hsds):
    lines = export.convert("hsds-json", [kap_near(), no_costs()]).splitlines()
    with_costs, without = (json.loads(line) for line in lines)
    hsds.check("service", with_costs)
    check_costs(with_costs)
    assert "cost_options" not in without


def test_tabular_package(tmp_path: Path):
    """cost_options.csv and its metadata rows in a package `frictionless validate` accepts."""
    docs = [kap_near(), no_costs(), *documents.many(120)]
    writer = export.PackageWriter(tmp_path, export.Summary("hsds", str(tmp_path)))
    writer.write(docs)
    writer.close()
    package = orjson.loads((tmp_path / "datapackage.json").read_bytes())
    resource = next(r for r in package["resources"] if r["name"] == "cost_option")
    assert resource["path"] == "cost_options.csv"
    with open(tmp_path / "cost_options.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    service_id = ids.entity_id("service", "kap-near")
    mine = [row for row in rows if row["service_id"] == service_id]
    assert [(r["amount"], r["option"], r["amount_description"]) for r in mine] == [
        ("150", "session", "$150 per session (source: clinic_sites)"),
        ("400", "treatment", "$400–$650 per treatment (source: clinic_sites)"),
        ("0", "free care", "Free care (source: clinic_sites)"),
    ]
    expected = sum(sum(1 for e in d.get("costs", ()) if e["kind"] != "sliding_scale") for d in docs)
    assert len(rows) == expected == package["x_row_counts"]["cost_option"]
    with open(tmp_path / "metadata.csv", newline="", encoding="utf-8") as handle:
        metadata = list(csv.DictReader(handle))
    on_options = {row["resource_id"] for row in metadata if row["resource_type"] == "cost_option"}
    assert on_options == {row["id"] for row in rows}
    frictionless_report(tmp_path / "datapackage.json", timeout=300)

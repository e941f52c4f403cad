"""`clinics search` through a real subprocess against a real node."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest

from tests.builders import create_index
from tests.search.providers import KAP, PROVIDERS

pytestmark = pytest.mark.integration

CLINICS = [sys.executable, "-m", "clinics.cli", "search"]


@pytest.fixture(scope="module")
def index(es):
    name = f"test-search-cli-{uuid.uuid4().hex[:8]}"
    create_index(es, name, PROVIDERS)
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


def clinics_search(es_url: str, index: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ES_URL": es_url}
    if index:
        env["CLINICS_INDEX_ALIAS"] = index
    return subprocess.run(
        [*CLINICS, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_table_lists_matching_providers_nearest_first(es_url, index):
    result = clinics_search(es_url, index, "--near", "77030", "--radius-mi", "5", "--therapy", KAP)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("3 providers within 5 mi of")
    assert lines[1].split()[:4] == ["NAME", "DISTANCE", "CITY", "THERAPIES"]
    names = [line.split("  ")[0] for line in lines[2:5]]
    assert names == ["Bayou Ketamine Collective", "Montrose Mind Clinic", "Heights Healing Center"]
    assert "Ketamine-assisted psychotherapy" in lines[2]  # labels, not codes
    assert "0.3 mi" in lines[2]


def test_json_is_the_whole_response(es_url, index):
    result = clinics_search(
        es_url,
        index,
        "--lat",
        "29.7041",
        "--lon",
        "-95.401",
        "--radius-mi",
        "5",
        "--telehealth",
        "--accepting",
        "--limit",
        "2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout)
    assert [hit["doc_id"] for hit in response["hits"]] == ["cbt-near", "kap-near"]
    assert response["hits"][0]["distance_mi"] == pytest.approx(0.09, abs=0.05)
    assert {bucket["code"] for bucket in response["facets"]["therapies"]} >= {"cbt", KAP}
    assert response["location"]["precision"] == "point"


def test_warnings_go_to_stderr(es_url, index):
    result = clinics_search(
        es_url,
        index,
        "--lat",
        "29.7041",
        "--lon",
        "-95.401",
        "--radius-mi",
        "500",
        "--therapy",
        "reiki",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert "radius clamped to 100 miles" in result.stderr
    assert "reiki" in result.stderr
    json.loads(result.stdout)


def test_beyond_radius_says_how_far(es_url, index):
    result = clinics_search(
        es_url,
        index,
        "--lat",
        "29.7041",
        "--lon",
        "-95.401",
        "--radius-mi",
        "2",
        "--therapy",
        "tms",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Nothing within 2 mi")
    assert "Katy Brain Stimulation" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--sort", "name"),
        ("--lat", "29.7"),
        ("--near", "77030", "--lat", "29.7", "--lon", "-95.4"),
        ("--radius-mi", "far"),
    ],
)
def test_bad_usage_exits_2(es_url, index, args):
    result = clinics_search(es_url, index, *args)
    assert result.returncode == 2
    assert result.stderr.strip()


def test_unknown_place_exits_1_with_suggestions(es_url, index):
    result = clinics_search(es_url, index, "--near", "Huston, TX")
    assert result.returncode == 1
    assert "Houston, TX" in result.stderr.strip().splitlines()[-1]


def test_unreachable_engine_exits_1_with_one_line():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = clinics_search(f"http://127.0.0.1:{port}", "providers", "--near", "77030")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not reachable" in result.stderr


def test_after_pages_through_every_provider_once(es_url, index):
    base = ("--near", "77030", "--radius-mi", "50", "--limit", "2", "--json")
    first = json.loads(clinics_search(es_url, index, *base).stdout)
    seen = [hit["doc_id"] for hit in first["hits"]]
    cursor = first["next_search_after"]
    while cursor is not None:
        result = clinics_search(es_url, index, *base, "--after", json.dumps(cursor))
        assert result.returncode == 0, result.stderr
        page = json.loads(result.stdout)
        seen += [hit["doc_id"] for hit in page["hits"]]
        cursor = page["next_search_after"]
    assert len(seen) == len(set(seen)) == first["total"] > 2


def test_the_table_prints_the_next_page_cursor(es_url, index):
    result = clinics_search(es_url, index, "--near", "77030", "--radius-mi", "50", "--limit", "1")
    assert result.returncode == 0, result.stderr
    assert "--after '[" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize("cursor", ["not json", "{}", "[]", "3"])
def test_a_bad_cursor_is_a_usage_error(es_url, index, cursor):
    result = clinics_search(es_url, index, "--near", "77030", "--after", cursor)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--after" in result.stderr

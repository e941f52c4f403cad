"""`clinics geocode TEXT [--json]` run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def run_cli(tmp_path_factory):
    env = dict(os.environ)
    env["CLINICS_GEOCODER"] = "offline"
    env["CLINICS_GEOCODE_DIR"] = str(tmp_path_factory.mktemp("geocode"))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "clinics.cli", "geocode", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    return run


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (["77030"], ["29.70410", "-95.40100", "zip", "Houston, TX 77030"]),
        (["Sugar", "Land,", "TX"], ["city", "Sugar Land, TX"]),
        (["29.7, -95.4"], ["29.70000", "-95.40000", "point"]),
    ],
)
def test_prints_lat_lon_precision_and_name(run_cli, args, fields):
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    columns = done.stdout.splitlines()[0].split("\t")
    assert len(columns) == 4
    for field in fields:
        assert field in columns


def test_json_output(run_cli):
    done = run_cli("--json", "Springfield")
    assert done.returncode == 0, done.stderr
    match = json.loads(done.stdout)
    assert match["matched_name"] == "Springfield, IL"
    assert match["precision"] == "city"
    assert match["ambiguous"] is True
    assert "Springfield, MO" in match["candidates"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Huston, TX", "did you mean: Houston, TX"),
        ("Paris, France", "not a US state"),
        ("", "empty"),
        ("x" * 10_000, "too long"),
        ("<script>alert(1)</script>", "HTML"),
    ],
)
def test_no_match_exits_1_with_a_one_line_reason(run_cli, text, reason):
    done = run_cli(text)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("clinics geocode: no match for ")
    assert reason in lines[0]
    assert len(lines[0]) < 300

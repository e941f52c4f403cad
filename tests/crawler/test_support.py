"""Opt-out files, retry timing, directory configs and output paths."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.directory_config import ConfigError, load_config
from crawler.middlewares.retry import backoff_seconds, retry_after_seconds
from crawler.optout import load_optout
from crawler.outputs import dead_letter_path, summary_path

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"3", 3.0),
        ("120", 120.0),
        ("Wed, 25 Nov 2026 12:00:30 GMT", 30.0),
        ("Wed, 25 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
        (b"", None),
    ],
)
def test_retry_after(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


@pytest.mark.parametrize(("retry", "seconds"), [(1, 1.0), (2, 2.0), (3, 4.0), (10, 60.0)])
def test_backoff_doubles_up_to_the_cap(retry, seconds):
    assert backoff_seconds(retry, base=1.0, cap=60.0) == seconds


def test_optout_yaml_and_txt(tmp_path):
    yaml_file = tmp_path / "optout.yaml"
    yaml_file.write_text(
        "npis: ['1234567893']\nnames: ['A Clinic']\nurls: []\ndomains: ['x.example']\n"
    )
    listed = load_optout(yaml_file)
    assert listed.npis == {"1234567893"} and listed.domains == {"x.example"}
    txt_file = tmp_path / "optout.txt"
    txt_file.write_text(
        "# comment\nnpi:1234567893\nhttps://y.example/a\nz.example\nname: B Clinic\n"
    )
    listed = load_optout(txt_file)
    assert listed.url_reason("https://y.example/a/") and listed.url_reason(
        "https://www.z.example/q"
    )
    assert listed.provider_reason(None, "b clinic")
    assert not load_optout(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("npis: 5\n", "npis: must be a list"),
        ("colors: []\n", "unknown key"),
        ("[1\n", "not valid YAML"),
    ],
)
def test_bad_optout_file_is_one_line(tmp_path, text, message):
    path = tmp_path / "optout.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=message) as caught:
        load_optout(path)
    assert "\n" not in str(caught.value)


def test_example_directory_config_loads():
    config = load_config(Path("crawler/sources/example.yaml"))
    assert config.name == "example" and config.row == "article.listing"
    assert next(spec.name for spec in config.row_fields) == "name"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("start_urls: [/]\n", "listing.row: is required"),
        ("listing: {row: x, fields: {name: h1}}\n", "start_urls: is required"),
        (
            "start_urls: [/]\nlisting: {row: x, fields: {colour: h1, name: h1}}\n",
            "listing.fields.colour: unknown field",
        ),
        (
            "start_urls: [/]\nlisting: {row: x, fields: {phone: p}}\n",
            "listing.fields.name: is required",
        ),
        (
            "start_urls: [/]\nlisting: {row: x, fields: {name: h1, telehealth: p}}\n",
            "needs a 'match' regex",
        ),
        (
            "start_urls: [/]\nlisting: {row: x, fields: {name: {css: h1, split: '('}}}\n",
            "bad regex",
        ),
        ("start_urls: [/\n", "not valid YAML"),
    ],
)
def test_bad_directory_config_is_one_line_naming_the_key(tmp_path, text, message):
    path = tmp_path / "site.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("settings", "dead", "summary"),
    [
        (
            {"FEEDS": {"/d/npi.jsonl": {"format": "jsonl"}}},
            "/d/npi.dead.jsonl",
            "/d/npi.summary.json",
        ),
        ({"FEEDS": {"file:///d/x.jl": {}}}, "/d/x.dead.jsonl", "/d/x.summary.json"),
        (
            {"CRAWL_OUTPUT_DIR": "/o"},
            "/o/directory-example.dead.jsonl",
            "/o/directory-example.summary.json",
        ),
        ({"DEAD_LETTER_FILE": "/a.jsonl", "SUMMARY_FILE": "/b.json"}, "/a.jsonl", "/b.json"),
    ],
)
def test_outputs_sit_next_to_the_feed(settings, dead, summary):
    values = Settings(settings)
    assert dead_letter_path(values, "directory:example") == Path(dead)
    assert summary_path(values, "directory:example") == Path(summary)

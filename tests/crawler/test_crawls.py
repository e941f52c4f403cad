"""Spiders through the real Scrapy engine (a `scrapy crawl` subprocess) against the local
fixture server: valid JSONL, robots.txt obeyed, 429 retried, dead letters with reasons
while good records are kept, opt-out honored, and a killed crawl resumed with its JOBDIR."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter

import phonenumbers
import pytest

from clinics import fields as F
from clinics.deadletter import read_dead_letters
from crawler.fixture_sites import clinic_pages, directory_pages, multi_page_sites
from crawler.fixture_sites.generated import write_generated_config
from crawler.run import REPO_ROOT, scrapy_command
from indexer.crawls import read_crawl_info
from tests.crawler.conftest import TEST_SETTINGS, crawl, read_records

pytestmark = pytest.mark.integration


def assert_clean(records: list[dict]) -> None:
    ids = [r[F.ID] for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for record in records:
        assert record[F.IS_SAMPLE] is True
        if record.get(F.PHONE):
            assert phonenumbers.is_valid_number(phonenumbers.parse(record[F.PHONE]))


def test_clinic_sites_crawl(tmp_path, fixture_site, base_url):
    result = crawl(
        "clinic_sites",
        tmp_path / "clinics.jsonl",
        arguments={"sitemaps": f"{base_url}/clinics/sitemap.xml"},
    )
    records = read_records(result.output)
    assert_clean(records)
    by_url = {r[F.SOURCE_URL]: r for r in records}
    expected = {f"{base_url}/clinics/{c.slug}/" for c in clinic_pages.CLINICS}
    expected |= {f"{base_url}/clinics/{name}/" for name in ("flaky", "slow", "huge")}
    single = {url for url in by_url if url.startswith(f"{base_url}/clinics/")}
    assert single == expected  # every good one-page site kept
    # the multi-page sites listed page by page: one record per location of each site
    whole_sites = Counter(
        r[F.SOURCE_REF] for r in records if r[F.SOURCE_REF].startswith(f"{base_url}/sites/")
    )
    assert whole_sites == {
        base_url + multi_page_sites.site_path(slug): count
        for slug, count in (
            ("oak-forest-anxiety", 1),
            ("lone-star-ketamine", 2),
            ("green-oak-counseling", 1),
        )
    }
    # robots.txt read and obeyed: the disallowed page was never requested
    assert "/robots.txt" in fixture_site.request_log
    assert not [path for path in fixture_site.request_log if path.startswith("/private/")]
    # 429 with Retry-After: retried, and the page's record is there
    assert fixture_site.hits["/clinics/flaky/"] == 2
    # bad pages are dead letters with reasons
    dead = {
        row["record"]["source_url"]: row
        for row in read_dead_letters(tmp_path / "clinics.dead.jsonl")
    }
    assert dead[f"{base_url}/clinics/unavailable/"]["reason"] == "http_500"
    assert dead[f"{base_url}/clinics/under-construction/"]["reason"] == "no_provider_data"
    assert "JSON-LD beyond repair" in dead[f"{base_url}/clinics/under-construction/"]["detail"]
    summary = result.summary
    assert summary["records"] == len(records) == 16 + 4
    assert summary["retries"] >= 1 + 3  # the 429 once, the 500 three times
    assert summary["skipped"]["not_html"] == 1
    # the sitemap lists blog posts, careers and shop pages of the multi-page sites: skipped
    assert not [path for path in fixture_site.request_log if "/blog/" in path or "/shop/" in path]
    assert summary["skipped"]["robots_or_opt_out"] == 2  # /private/ and a site's client forms
    assert summary["errors"] == {"http_500": 1, "no_provider_data": 1}
    # seeds given by hand and a page lost: partial, so the indexer removes nothing
    assert summary["full"] is False
    assert summary["partial_because"] == ["narrowed by -a sitemaps", "pages lost: http_500 1"]
    # the classifier saw the page text: negated ketamine is not ketamine
    rice = by_url[f"{base_url}/clinics/rice-village-cbt/"]
    assert "cbt" in rice[F.THERAPIES] and not any(
        t.startswith("ketamine") for t in rice[F.THERAPIES]
    )
    kap = [r for r in records if "ketamine_assisted_psychotherapy" in r[F.THERAPIES]]
    assert len(kap) >= 5
    assert all(r[F.GEO_PRECISION] != "none" for r in records)


def test_the_crawler_says_who_it_is_on_every_request(tmp_path, fixture_site, base_url):
    urls = f"{base_url}/clinics/{clinic_pages.CLINICS[0].slug}/"
    crawl("clinic_sites", tmp_path / "ua.jsonl", settings={"CLINIC_SITES_URLS": urls})
    assert "/robots.txt" in fixture_site.request_log
    [agent] = fixture_site.user_agents  # robots.txt and pages alike
    assert agent.startswith("clinics-directory-bot/") and "(+http" in agent


def records_without_fetch_time(path) -> list[dict]:
    return [{k: v for k, v in r.items() if k != F.FETCHED_AT} for r in read_records(path)]


def test_the_development_cache_answers_a_second_crawl(tmp_path, fixture_site, base_url):
    path = f"/clinics/{clinic_pages.CLINICS[0].slug}/"
    cache = {"HTTPCACHE_ENABLED": "True", "HTTPCACHE_DIR": str(tmp_path / "httpcache")}
    settings = {"CLINIC_SITES_URLS": base_url + path, **cache}
    first = crawl("clinic_sites", tmp_path / "first.jsonl", settings=settings)
    second = crawl("clinic_sites", tmp_path / "second.jsonl", settings=settings)
    assert fixture_site.hits[path] == 1  # the second crawl never asked the site
    assert records_without_fetch_time(first.output) == records_without_fetch_time(second.output)


def test_a_crawl_of_the_configured_seeds_that_lost_no_page_is_full(tmp_path, base_url):
    urls = ",".join(f"{base_url}/clinics/{c.slug}/" for c in clinic_pages.CLINICS[:3])
    result = crawl("clinic_sites", tmp_path / "seeds.jsonl", settings={"CLINIC_SITES_URLS": urls})
    assert len(read_records(result.output)) == 3
    assert result.summary["full"] is True and result.summary["partial_because"] == []
    # the indexer reads the summary beside the feed: this crawl may remove missing records
    info = read_crawl_info(result.output)
    assert info.full is True and info.source == "clinic_sites"


def test_npi_crawl_one_record_per_practice_location(tmp_path, base_url):
    result = crawl(
        "npi",
        tmp_path / "npi.jsonl",
        settings={"NPI_API_URL": f"{base_url}/npi/api/"},
        arguments={"city": "Houston", "state": "TX"},
    )
    records = read_records(result.output)
    assert_clean(records)
    assert result.summary["dropped"] == {"out_of_scope": 2}  # the dentist and the optometrist
    ids = {r[F.ID] for r in records}
    assert len(records) == 17
    assert {i for i in ids if i.count(":") == 2 and not i.endswith(":0")}  # practice locations
    assert all(r[F.PROVIDER_TYPES] for r in records)
    wells = next(r for r in records if r[F.NAME] == "Jordan Wells")
    assert F.PHONE not in wells or wells[F.PHONE] is None
    assert wells[F.FIELD_ISSUES][0]["field"] == F.PHONE


def test_npi_crawl_splits_capped_queries_and_survives_error_bodies(tmp_path, base_url):
    result = crawl(
        "npi",
        tmp_path / "pasadena.jsonl",
        settings={"NPI_API_URL": f"{base_url}/npi/api/"},
        arguments={"city": "Pasadena", "state": "TX"},
    )
    records = read_records(result.output)
    assert len(records) == 1350 == len({r[F.ID] for r in records})  # complete, no duplicates
    assert result.summary["errors"] == {"api_error": 1}
    assert result.summary["partial_because"] == [
        "narrowed by -a city, state",
        "pages lost: api_error 1",
    ]
    [dead] = read_dead_letters(tmp_path / "pasadena.dead.jsonl")
    assert dead["reason"] == "api_error" and "postal_code=77508" in dead["record"]["source_url"]
    assert result.summary["dropped_total"] == 0


def test_findtreatment_crawl_all_pages(tmp_path, base_url):
    result = crawl(
        "findtreatment",
        tmp_path / "ft.jsonl",
        settings={"FINDTREATMENT_API_URL": f"{base_url}/findtreatment/locator/exportsAsJson/v2"},
        arguments={"near": "77030", "radius_mi": "40", "page_size": "5"},
    )
    records = read_records(result.output)
    assert_clean(records)
    assert len(records) == 14 and result.summary["pages"] == 1 + 3
    kinds = Counter(r[F.EXTRAS]["facility_type"] for r in records)
    assert kinds["MH"] and kinds["SA"]
    katy = next(r for r in records if r[F.NAME].startswith("Katy Freeway"))
    assert katy[F.GEO_PRECISION] == "zip"  # its broken point was dropped and it was geocoded
    assert all(isinstance(r[F.LATITUDE], float) for r in records)


def test_directory_crawl_keeps_good_rows_and_dead_letters_bad_ones(tmp_path, base_url):
    result = crawl(
        "directory", tmp_path / "dir.jsonl", arguments={"name": "example", "base_url": base_url}
    )
    records = read_records(result.output)
    assert_clean(records)
    named = [listing for listing in directory_pages.LISTINGS if listing.name]
    assert {r[F.NAME] for r in records} == {listing.name for listing in named}
    assert all(r[F.SOURCE] == "directory:example" for r in records)
    [dead] = read_dead_letters(tmp_path / "dir.dead.jsonl")
    assert dead["reason"] == "invalid_record" and dead["detail"] == "name: is required"
    romero = next(r for r in records if r[F.NAME] == "Isaac Romero")
    assert romero[F.FIELD_ISSUES][0]["reason"] == "profile page failed: HTTP 404"
    avery = next(r for r in records if r[F.NAME] == "Avery Lin")
    assert avery[F.TELEHEALTH] is True and "ketamine_assisted_psychotherapy" in avery[F.THERAPIES]


def test_opt_out_list_and_slow_pages(tmp_path, fixture_site, base_url):
    optout = tmp_path / "optout.yaml"
    optout.write_text(
        f"urls: ['{base_url}/clinics/flaky/']\nnames: ['Memorial DBT Center (sample)']\n"
    )
    pages = ["bayou-city-ketamine", "memorial-dbt-center", "flaky", "slow"]
    result = crawl(
        "clinic_sites",
        tmp_path / "optout.jsonl",
        settings={"OPTOUT_FILE": str(optout), "DOWNLOAD_TIMEOUT": "0.5", "RETRY_TIMES": "0"},
        arguments={"urls": ",".join(f"{base_url}/clinics/{p}/" for p in pages)},
    )
    records = read_records(result.output)
    assert [r[F.NAME] for r in records] == ["Bayou City Ketamine & Wellness (Sample)"]
    assert "/clinics/flaky/" not in fixture_site.request_log  # never requested
    assert result.summary["dropped"] == {"opted_out": 1}
    assert result.summary["skipped"]["opted_out_request"] == 1
    dead = read_dead_letters(tmp_path / "optout.dead.jsonl")
    assert [row["reason"] for row in dead] == ["download_error"]  # the slow page timed out
    assert "Memorial" not in (tmp_path / "optout.dead.jsonl").read_text()


def _count_lines(path) -> int:
    try:
        return sum(1 for _ in open(path, encoding="utf-8"))
    except FileNotFoundError:
        return 0


def test_killed_crawl_resumes_with_its_jobdir_losing_and_duplicating_nothing(tmp_path, base_url):
    pages, per_page = 30, 5
    config = write_generated_config(
        tmp_path / "generated.yaml", base_url, pages=pages, per_page=per_page, delay_ms=40
    )
    output = tmp_path / "resumed.jsonl"
    settings = dict(
        TEST_SETTINGS, JOBDIR=str(tmp_path / "job"), CONCURRENT_REQUESTS="2", LOG_LEVEL="INFO"
    )
    command = scrapy_command(
        "directory", output, settings=list(settings.items()), arguments=[("config", str(config))]
    )
    first = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while _count_lines(output) < 20 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.1)
    first.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy stops gracefully and keeps its queue
    stdout, stderr = first.communicate(timeout=60)
    first_summary = json.loads(stdout[stdout.index("{") :])
    assert first_summary["finish_reason"] == "shutdown", stderr[-2000:]
    written_first = _count_lines(output)
    assert 0 < written_first < pages * per_page

    second = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert second.returncode == 0, second.stderr[-2000:]
    records = read_records(output)
    ids = [r[F.ID] for r in records]
    assert len(ids) == len(set(ids)), "a resumed crawl wrote a record twice"
    expected = {
        f"directory:generated:/bench/provider/{i}?pages={pages}&per={per_page}&delay_ms=40"
        for i in range(pages * per_page)
    }
    assert set(ids) == expected, "a resumed crawl lost records"


def test_clinics_crawl_command_prints_and_writes_the_summary(tmp_path, base_url):
    output = tmp_path / "cli.jsonl"
    command = [
        sys.executable,
        "-m",
        "clinics.cli",
        "crawl",
        "directory:example",
        "-o",
        str(output),
        "-a",
        f"base_url={base_url}",
    ]
    for name, value in TEST_SETTINGS:
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = json.loads(done.stdout[done.stdout.index("{") :])
    written = json.loads((tmp_path / "cli.summary.json").read_text())
    assert printed["records"] == written["records"] == 13
    assert set(written) >= {"pages", "records", "dropped", "errors", "duration_s"}
    assert (tmp_path / "cli.dead.jsonl").exists()


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["crawl", "nowhere"], 2, "unknown source 'nowhere'"),
        (["crawl", "directory:missing"], 2, "no directory config"),
        (["crawl", "npi", "-s", "oops"], 2, "expected NAME=VALUE"),
    ],
)
def test_clinics_crawl_bad_usage_is_one_line(argv, status, message):
    done = subprocess.run(
        [sys.executable, "-m", "clinics.cli", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == status
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1

"""Crawls killed with SIGINT, SIGTERM and SIGKILL at seeded random points and resumed with
their JOBDIR: after the final part the output holds every provider exactly once and its
summary is full; no part that was not complete removes anything from the index; and
`clinics crawl` passes SIGTERM on to its Scrapy child and exits with its status.

The crawls run the real Scrapy engine (subprocesses) against the local fixture server's
generated directory (12 listing pages of 10 providers, each response delayed 30 ms). A
SIGKILLed crawl is killed twice before its final part (a restart killed again).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clinics import fields as F
from crawler.extensions import JOURNAL_NAME
from crawler.fixture_sites.generated import pages_of, write_generated_config
from crawler.run import REPO_ROOT, scrapy_command
from indexer.load import load_files
from tests.crawler.conftest import TEST_SETTINGS
from tests.reliability.conftest import report

pytestmark = pytest.mark.integration

SEED = int(os.environ.get("CLINICS_FAULT_SEED", "20261201"))
PAGES, PER_PAGE, DELAY_MS = 12, 10, 30
KILLS = {signal.SIGINT: 1, signal.SIGTERM: 1, signal.SIGKILL: 2}  # kills before the final part


def _ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    ids = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ids.append(json.loads(line)[F.ID])
    return ids


def _expected_ids() -> set[str]:
    suffix = f"?pages={PAGES}&per={PER_PAGE}&delay_ms={DELAY_MS}"
    return {f"directory:generated:/bench/provider/{i}{suffix}" for i in range(PAGES * PER_PAGE)}


def _settings(job: Path) -> list[tuple[str, str]]:
    return list(dict(TEST_SETTINGS, JOBDIR=str(job), CONCURRENT_REQUESTS="2").items())


def _run_part(command, server, kill_after: int | None, sig: int) -> tuple[bool, int]:
    """One part of a crawl; with kill_after, `sig` is sent once the server has answered
    that many requests of this part. Returns (killed, exit status)."""
    served_before = len(server.request_log)
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    killed = False
    try:
        if kill_after is not None:
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                if len(server.request_log) - served_before >= kill_after:
                    process.send_signal(sig)
                    killed = True
                    break
                time.sleep(0.01)
        _stdout, stderr = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if not killed:
        assert process.returncode == 0, stderr[-3000:]
    return killed, process.returncode


def _summary(output: Path) -> dict | None:
    path = output.with_name(output.name.removesuffix(".jsonl") + ".summary.json")
    return json.loads(path.read_text()) if path.exists() else None


def test_killed_and_resumed_crawls_lose_and_duplicate_nothing(
    tmp_path, fixture_site, es, index_name
):
    config = write_generated_config(
        tmp_path / "generated.yaml",
        fixture_site.base_url,
        pages=PAGES,
        per_page=PER_PAGE,
        delay_ms=DELAY_MS,
    )
    arguments = [("config", str(config))]
    expected = _expected_ids()
    requests_per_crawl = pages_of(PAGES, PER_PAGE)

    # the index holds every provider, as after an earlier complete crawl
    baseline = tmp_path / "baseline.jsonl"
    command = scrapy_command(
        "directory", baseline, settings=_settings(tmp_path / "job-baseline"), arguments=arguments
    )
    assert _run_part(command, fixture_site, None, 0) == (False, 0)
    assert sorted(_ids(baseline)) == sorted(expected)
    load_files(es, [baseline], alias=index_name)

    rng = random.Random(SEED)
    parts = kills = loads = 0
    for sig, kills_before_final in KILLS.items():
        job = tmp_path / f"job-{sig.name}"
        output = tmp_path / f"{sig.name}.jsonl"
        left = requests_per_crawl
        for _ in range(kills_before_final):
            command = scrapy_command(
                "directory", output, settings=_settings(job), arguments=arguments
            )
            kill_after = rng.randint(1, max(1, left - 10))
            served_before = len(fixture_site.request_log)
            killed, _status = _run_part(command, fixture_site, kill_after, sig)
            parts += 1
            kills += killed
            served = len(fixture_site.request_log) - served_before
            journal = job / JOURNAL_NAME
            entries = (
                [json.loads(x) for x in journal.read_text().splitlines()]
                if journal.exists()
                else []
            )
            restarts = bool(entries) and entries[-1]["event"] == "start"  # killed before closing
            left = requests_per_crawl if restarts else max(1, left - served)
            ids = _ids(output)
            assert len(ids) == len(set(ids)), f"{sig.name}: a record written twice"
            summary = _summary(output)
            if killed and summary is not None:
                assert summary["full"] is False, f"{sig.name}: a stopped part says full"
            # a part that was stopped never removes anything from the index
            result = load_files(es, [output], "upsert", alias=index_name)
            loads += 1
            assert result.deleted == 0, f"{sig.name}: removed {result.deleted} documents"
            assert es.count(index=index_name)["count"] == len(expected)

        command = scrapy_command("directory", output, settings=_settings(job), arguments=arguments)
        assert _run_part(command, fixture_site, None, 0) == (False, 0)
        parts += 1
        ids = _ids(output)
        assert len(ids) == len(set(ids)), f"{sig.name}: records written twice after resuming"
        assert set(ids) == expected, (
            f"{sig.name}: {len(expected - set(ids))} records lost after resuming"
        )
        summary = _summary(output)
        assert summary["full"] is True and summary["records"] == len(expected), summary
        result = load_files(es, [output], "upsert", alias=index_name)
        loads += 1
        assert result.deleted == 0 and result.full_sources == ["directory:generated"]
        assert es.count(index=index_name)["count"] == len(expected)
    report(
        "crawls killed and resumed",
        parts,
        kills=kills,
        signals="SIGINT,SIGTERM,SIGKILL",
        index_loads=loads,
        seed=SEED,
    )


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_clinics_crawl_passes_sigterm_on_and_exits_with_the_crawls_status(tmp_path, fixture_site):
    config = write_generated_config(
        tmp_path / "generated.yaml",
        fixture_site.base_url,
        pages=PAGES,
        per_page=PER_PAGE,
        delay_ms=DELAY_MS,
    )
    output = tmp_path / "wrapped.jsonl"
    job = tmp_path / "job"
    command = [sys.executable, "-m", "clinics.cli", "crawl", "directory:example", "-o",
               str(output), "-a", f"config={config}"]  # fmt: skip
    for name, value in [*TEST_SETTINGS, ("JOBDIR", str(job)), ("CONCURRENT_REQUESTS", "2")]:
        command += ["-s", f"{name}={value}"]
    wrapper = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(fixture_site.request_log) < 40 and time.monotonic() < deadline:
            assert wrapper.poll() is None, wrapper.communicate()[1][-2000:]
            time.sleep(0.02)
        (child,) = _children(wrapper.pid)
        wrapper.send_signal(signal.SIGTERM)  # what `docker stop` sends to PID 1
        _stdout, stderr = wrapper.communicate(timeout=60)
    finally:
        if wrapper.poll() is None:
            wrapper.kill()
            wrapper.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the Scrapy child outlived clinics crawl (orphaned)"
    assert wrapper.returncode == 128 + signal.SIGTERM, stderr[-2000:]
    assert "ended early: shutdown" in stderr and "SIGTERM" in stderr, stderr[-2000:]
    summary = json.loads(output.with_name("wrapped.summary.json").read_text())
    assert summary["finish_reason"] == "shutdown" and summary["full"] is False

    resumed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    ids = _ids(output)
    assert len(ids) == len(set(ids)) and set(ids) == _expected_ids()
    report("clinics crawl signal forwarding", 2, exit_status=wrapper.returncode)


@pytest.mark.unit
def test_one_jobdir_is_held_by_one_crawl_and_a_torn_line_is_cut(tmp_path):
    from crawler.extensions import CrawlJournal
    from crawler.outputs import repair_feed

    held = CrawlJournal(tmp_path / "job")
    held.lock()
    with pytest.raises(RuntimeError, match="in use by another crawl"):
        CrawlJournal(tmp_path / "job").lock()

    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"id": "old"}\n{"id": "a"}\n{"id": "b"}\n{"id": "c", "na')
    contents = repair_feed(feed, offset=len(b'{"id": "old"}\n'))
    assert (contents.records, contents.ids, contents.cut_bytes) == (2, {"a", "b"}, 15)
    assert feed.read_bytes().endswith(b'{"id": "b"}\n')
    report("journal lock and torn line", 2)

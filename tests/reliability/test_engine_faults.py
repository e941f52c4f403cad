"""The engine's pid file and a killed engine: a stale pid file never gets a stranger
signalled, a JVM killed with SIGKILL (a zombie until reaped) never blocks the next start,
and a load or an upsert cut by a killed engine leaves the alias where it was and gives the
same documents once run again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from clinics import engine
from indexer import aliases, load_settings
from indexer.load import load_files
from indexer.retry import EngineUnreachable
from tests.indexer.records import many_records, record, write_jsonl
from tests.reliability.conftest import free_port, report

pytestmark = pytest.mark.integration


def _clinics(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clinics.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _alive(process: subprocess.Popen) -> bool:
    if process.poll() is not None:
        return False
    state = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state not in ("Z", "X")


def _starttime(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def _launchers_of(home: Path) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if engine.LAUNCHER_MAIN in line and str(home) in line]


@pytest.fixture
def stranger():
    """A live process unrelated to the engine, leader of its own process group (so a
    killpg of its number would reach it)."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True
    )
    yield process
    process.kill()
    process.wait(timeout=10)


def test_a_stale_pid_file_never_gets_a_stranger_signalled(tmp_path, stranger):
    home = tmp_path / "engine"
    home.mkdir()
    env = dict(
        os.environ,
        ES_URL=f"http://127.0.0.1:{free_port()}",
        CLINICS_ENGINE_HOME=str(home),
        CLINICS_ENGINE_HEAP="256m",
    )
    pid = stranger.pid
    launcher_command = ["java", "-cp", "x", engine.LAUNCHER_MAIN, str(home), "9200"]
    own_command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
    pid_files = {
        "old format, a bare number": f"{pid}\n",
        "an engine that ran earlier under the same number": json.dumps(
            {"pid": pid, "starttime": _starttime(pid) - 7, "cmdline": launcher_command}
        ),
        "this very process, but not an engine launcher": json.dumps(
            {"pid": pid, "starttime": _starttime(pid), "cmdline": own_command}
        ),
        "a start time that matches and a command that does not": json.dumps(
            {"pid": pid, "starttime": _starttime(pid), "cmdline": launcher_command}
        ),
        "not a pid file at all": "engine\n",
    }
    for case, text in pid_files.items():
        (home / "engine.pid").write_text(text)
        stopped = _clinics(env, "es", "stop")
        assert stopped.returncode == 0, (case, stopped.stderr)
        assert "engine was not running" in stopped.stdout, case
        time.sleep(0.2)
        assert _alive(stranger), f"clinics es stop signalled a stranger ({case})"
        assert not (home / "engine.pid").exists(), case

    # `start` with a stale pid file: the engine it starts misses a 2 s deadline and is
    # stopped again, and only that engine (the stranger lives on).
    (home / "engine.pid").write_text(f"{pid}\n")
    started = _clinics(dict(env, CLINICS_ENGINE_START_TIMEOUT="2"), "es", "start")
    assert started.returncode == 1
    assert "not healthy after 2 s" in started.stderr, started.stderr
    time.sleep(0.2)
    assert _alive(stranger), "clinics es start signalled a stranger after its start-up timeout"
    deadline = time.monotonic() + 20
    while _launchers_of(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _launchers_of(home) == [], "the engine that missed its deadline is still running"
    report("stale pid file", len(pid_files) + 1, stranger_survived=True)


def _documents(client, alias: str) -> dict[str, dict]:
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def _kill_engine(config) -> None:
    """SIGKILL the JVM (a child of this process: it stays a zombie until reaped)."""
    pid = engine._read_pid(config)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}/stat").exists() and time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            break
        time.sleep(0.05)


def _restart(config) -> float:
    started = time.monotonic()
    engine.start(config)
    return time.monotonic() - started


def test_an_engine_killed_during_a_load_and_an_upsert(es, index_name, tmp_path, private_engine):
    first = write_jsonl(tmp_path / "first.jsonl", many_records(150))
    changed = [
        record("npi", f"r{n}", name=f"Renamed Provider {n}", address_1=f"{1000 + n} Test St",
               postal_code=("77030", "77002", "77004", "77025", "77401")[n % 5],
               phone=f"+1713555{n:04d}")
        for n in range(0, 150, 2)
    ]  # fmt: skip
    second = write_jsonl(tmp_path / "second.jsonl", changed)
    load_files(es, [first], alias=index_name)
    expected_rebuild = _documents(es, index_name)
    load_files(es, [second], "upsert", alias=index_name)
    expected_upsert = _documents(es, index_name)

    client = Elasticsearch(private_engine.es_url, max_retries=0, request_timeout=10)
    alias = "providers-killed"
    settings = replace(
        load_settings.load(alias), chunk_docs=20, bulk_threads=1, retries=1, backoff_s=0.05
    )
    restarts = []
    cases = 0
    for mode, path, expected in (
        ("rebuild", first, expected_rebuild),
        ("upsert", second, expected_upsert),
    ):
        chunks = 0

        def kill_after_three_chunks(_sent: int) -> None:
            nonlocal chunks
            chunks += 1
            if chunks == 3:
                _kill_engine(private_engine)

        with pytest.raises(EngineUnreachable) as caught:
            load_files(
                client,
                [path],
                mode,
                alias=alias,
                settings=settings,
                after_chunk=kill_after_three_chunks,
            )
        assert "\n" not in str(caught.value)
        seconds = _restart(private_engine)  # at once: the killed JVM may still be a zombie
        restarts.append(round(seconds, 1))
        assert seconds < 60, f"the engine took {seconds:.0f} s to start after a kill"
        if mode == "rebuild":
            assert aliases.alias_indices(client, alias) == []  # the alias never moved
        load_files(client, [path], mode, alias=alias, settings=settings)
        assert _documents(client, alias) == expected, f"{mode} after a kill differs"
        cases += 1
    client.close()
    report("engine killed during a load", cases, restart_seconds=restarts)

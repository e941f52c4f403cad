"""Fixtures of the fault tests: the fixture-site server, a private engine that may be
killed (the session's shared node never is), and a way to print how many cases ran.

Every test here is bounded: a fixed number of seeded cases, each with its own timeout.
"""

from __future__ import annotations

import os
import socket
from dataclasses import replace
from pathlib import Path

import pytest

COUNT_LINES: list[str] = []


def report(test: str, cases: int, **details: object) -> None:
    """Print how many cases a fault test ran (also repeated in pytest's terminal summary)."""
    extra = "".join(f" {key}={value}" for key, value in details.items())
    line = f"{test}: {cases} cases{extra}"
    COUNT_LINES.append(line)
    print(f"\n[reliability] {line}")


def pytest_terminal_summary(terminalreporter) -> None:
    if COUNT_LINES:
        terminalreporter.section("reliability: cases run")
        for line in COUNT_LINES:
            terminalreporter.write_line(line)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fixture_site():
    from crawler.fixture_sites.server import serve

    server, _base_url = serve()
    yield server
    server.shutdown()


@pytest.fixture
def private_engine(tmp_path_factory):
    """An engine of its own (port, home), which a test may kill; stopped at the end."""
    from clinics import engine, settings

    config = replace(
        settings.load(),
        es_url=f"http://127.0.0.1:{free_port()}",
        engine_home=Path(tmp_path_factory.mktemp("killable-engine")),
        engine_heap=os.environ.get("CLINICS_TEST_ENGINE_HEAP", "512m"),
        engine_start_timeout_s=90.0,
    )
    engine.start(config)
    try:
        yield config
    finally:
        engine.stop(config)

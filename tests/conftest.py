"""Session-wide fixtures: a real Elasticsearch node and per-test index names.

When ES_URL is set, tests use that node. Otherwise the session starts the local engine
once (clinics es start, on a free port with its own home under a temp dir) and stops it
at the end. Each test that needs an index gets its own name and the index is removed.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import replace
from pathlib import Path

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CLINICS_TESTS_NO_SKIP=1 (set by .ci/run) a skipped test fails: CI has Chromium,
    docker-compose and the engine, so a skip there means a test silently did not run."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CLINICS_TESTS_NO_SKIP") == "1":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, and CLINICS_TESTS_NO_SKIP=1 forbids skips: {reason}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def es_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from clinics import engine, settings

    if os.environ.get("ES_URL"):
        yield os.environ["ES_URL"].rstrip("/")
        return
    home = Path(tmp_path_factory.mktemp("engine"))
    config = replace(
        settings.load(),
        es_url=f"http://127.0.0.1:{_free_port()}",
        engine_home=home,
        engine_heap=os.environ.get("CLINICS_ENGINE_HEAP", "1g"),
    )
    engine.start(config)
    # Subprocesses (CLI tests, crawls, the UI server) inherit the node's address.
    os.environ["ES_URL"] = config.es_url
    try:
        yield config.es_url
    finally:
        os.environ.pop("ES_URL", None)
        engine.stop(config)


@pytest.fixture(scope="session")
def es(es_url: str):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(
        es_url,
        basic_auth=(
            (os.environ["ES_USERNAME"], os.environ.get("ES_PASSWORD", ""))
            if os.environ.get("ES_USERNAME")
            else None
        ),
        request_timeout=60,
    )
    yield client
    client.close()


@pytest.fixture
def index_name(es, request: pytest.FixtureRequest) -> str:
    """A unique index (or alias) name for this test; everything under it is removed after."""
    base = "".join(c if c.isalnum() else "-" for c in request.node.name.lower())[:40]
    name = f"test-{base}-{uuid.uuid4().hex[:8]}"
    yield name
    es.indices.delete(index=f"{name}*", ignore_unavailable=True, allow_no_indices=True)

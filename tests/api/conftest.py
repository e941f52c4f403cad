"""Fixtures of the API tests: indices on the session's real node, `clinics api` started for
real (uvicorn on 127.0.0.1, a free port), httpx clients, and the published HSDS schemas
read from ../shared/data/hsds (skipped, with the reason, when they are not there)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx
import pytest

from tests.api import documents
from tests.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[2]
HSDS_DIR = Path(os.environ.get("CLINICS_HSDS_SCHEMAS") or shared_data_dir() / "hsds")
STARTUP_S = 60
LARGE_COUNT = 10_000
LARGE_WINDOW = 1_000  # a small result window, so paging to the end takes the deep path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def client(self, **options) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **options)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(tmp_dir: Path, env: dict[str, str]) -> Server:
    """`clinics api` in its own process, answering on a free port."""
    port = free_port()
    log = tmp_dir / f"api-{port}.log"
    environment = {**os.environ, **env}
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "clinics.cli",
                "api",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"clinics api exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Server(url, process, log)
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"clinics api did not listen within {STARTUP_S} s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=15)


@pytest.fixture(scope="session")
def small_index(es):
    name = f"test-api-small-{uuid.uuid4().hex[:8]}"
    documents.create_index(es, name, documents.small_set())
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture(scope="session")
def large_index(es):
    """10,000 documents; max_result_window lowered so deep pages walk with search_after."""
    name = f"test-api-large-{uuid.uuid4().hex[:8]}"
    documents.create_index(es, name, list(documents.many(LARGE_COUNT)))
    es.indices.put_settings(index=name, settings={"index.max_result_window": LARGE_WINDOW})
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


def _server(tmp_path_factory, es_url: str, index: str, **env) -> Server:
    settings = {
        "ES_URL": es_url,
        "CLINICS_INDEX_ALIAS": index,
        "CLINICS_API_RATE_LIMIT": "off",
        **env,
    }
    return start_server(tmp_path_factory.mktemp("api"), settings)


@pytest.fixture(scope="session")
def api(tmp_path_factory, es_url, small_index):
    """The API over the small index, no rate limit."""
    server = _server(tmp_path_factory, es_url, small_index)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def large_api(tmp_path_factory, es_url, large_index):
    server = _server(tmp_path_factory, es_url, large_index)
    yield server
    stop_server(server)


@pytest.fixture
def http(api):
    with api.client() as client:
        yield client


# ---- the published HSDS schemas ----------------------------------------------------------


@cache
def _schema(relative: str) -> dict:
    return json.loads((HSDS_DIR / relative).read_text())


def require_schemas() -> None:
    if not (HSDS_DIR / "compiled" / "service.json").exists():
        pytest.skip(
            f"the HSDS 3 schemas are not at {HSDS_DIR} (shared/data/hsds beside the repository; "
            "CLINICS_HSDS_SCHEMAS names another folder)"
        )


class Schemas:
    """Validators of the compiled HSDS schemas, with format checks (uuid, uri, email,
    date-time)."""

    def __init__(self) -> None:
        from jsonschema import Draft202012Validator, FormatChecker

        self._checker = FormatChecker()
        self._validator_class = Draft202012Validator
        self._validators: dict[str, object] = {}

    def schema(self, name: str) -> dict:
        if name in ("taxonomy_term", "taxonomy"):
            term = _schema("compiled/service.json")["properties"]["attributes"]["items"][
                "properties"
            ]["taxonomy_term"]
            return term if name == "taxonomy_term" else term["properties"]["taxonomy_detail"]
        return _schema(f"compiled/{name}.json")

    def validator(self, name: str):
        if name not in self._validators:
            self._validators[name] = self._validator_class(
                self.schema(name), format_checker=self._checker
            )
        return self._validators[name]

    def errors(self, name: str, instance) -> list[str]:
        return [
            f"{error.json_path}: {error.message[:200]}"
            for error in self.validator(name).iter_errors(instance)
        ][:5]

    def check(self, name: str, instance) -> None:
        problems = self.errors(name, instance)
        assert not problems, f"not a valid HSDS {name}: {problems}"

    def page_schema(self) -> dict:
        return _schema("openapi.json")["components"]["schemas"]["Page"]

    def check_page(self, body: dict, item_schema: str) -> None:
        from jsonschema import Draft202012Validator

        errors = list(Draft202012Validator(self.page_schema()).iter_errors(body))
        assert not errors, [e.message for e in errors]
        for key in ("total_items", "total_pages", "page_number", "size", "contents"):
            assert key in body
        assert body["size"] == len(body["contents"])
        for item in body["contents"]:
            self.check(item_schema, item)


@pytest.fixture(scope="session")
def hsds():
    require_schemas()
    return Schemas()

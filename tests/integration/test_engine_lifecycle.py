"""`clinics es start|stop|status` as a user runs them, on a private port and home."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clinics(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clinics.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _our_java_processes(home: str) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [
        line for line in out.splitlines() if "org.clinics.engine.Launcher" in line and home in line
    ]


@pytest.fixture
def engine_env(tmp_path):
    env = dict(os.environ)
    env["ES_URL"] = f"http://127.0.0.1:{_free_port()}"
    env["CLINICS_ENGINE_HOME"] = str(tmp_path / "engine")
    env["CLINICS_ENGINE_HEAP"] = "512m"
    yield env
    _clinics(env, "es", "stop")


def test_start_status_stop(engine_env):
    home = engine_env["CLINICS_ENGINE_HOME"]

    started = _clinics(engine_env, "es", "start")
    assert started.returncode == 0, started.stderr
    assert "9.5.3" in started.stdout

    request = urllib.request.Request(engine_env["ES_URL"] + "/_cluster/health", method="GET")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["X-Elastic-Product"] == "Elasticsearch"

    recorded = json.loads((Path(home) / "engine.pid").read_text())
    assert set(recorded) == {"pid", "starttime", "boot_id", "cmdline"}
    assert "org.clinics.engine.Launcher" in recorded["cmdline"]

    again = _clinics(engine_env, "es", "start")  # idempotent
    assert again.returncode == 0, again.stderr
    assert len(_our_java_processes(home)) == 1

    status = _clinics(engine_env, "es", "status")
    assert status.returncode == 0
    assert "9.5.3" in status.stdout

    stopped = _clinics(engine_env, "es", "stop")
    assert stopped.returncode == 0
    deadline = time.monotonic() + 10
    while _our_java_processes(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _our_java_processes(home) == []

    after = _clinics(engine_env, "es", "status")
    assert after.returncode == 1
    assert "not reachable" in after.stderr
    assert len(after.stderr.strip().splitlines()) == 1


def test_start_fails_fast_when_the_port_is_taken(engine_env):
    port = int(engine_env["ES_URL"].rsplit(":", 1)[1])
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        started_at = time.monotonic()
        result = _clinics(engine_env, "es", "start", timeout=60)
        elapsed = time.monotonic() - started_at
    assert result.returncode == 1
    assert f"port {port} is already taken" in result.stderr
    assert elapsed < 30  # fails fast instead of waiting for a health check that never comes
    assert _our_java_processes(engine_env["CLINICS_ENGINE_HOME"]) == []

"""`clinics es start|status` with several nodes, as a user runs them: status shows every node
and start is idempotent; bad usage gets one line: --nodes 0, ports that overlap, a port
that is taken, a node count that does not match the home's data. (`clinics es start
--node` and `clinics search` with a node down are in test_failover.py, `clinics es stop
--node` and `clinics es stop` in the session's teardown, conftest.py.)"""

from __future__ import annotations

import os
import socket
import time

import pytest

from clinics import engine
from tests.cluster.conftest import NODES, clinics, free_port_range, launchers_of

pytestmark = pytest.mark.integration


def _without_es_url(env: dict) -> dict:
    return {key: value for key, value in env.items() if key != "ES_URL"}


def _pids(home) -> list[str]:
    return sorted(line.split()[0] for line in launchers_of(home))


def test_status_shows_every_node_and_start_is_idempotent(cluster):
    status = clinics(_without_es_url(cluster.env), "es", "status")
    assert status.returncode == 0, status.stderr
    assert f"{NODES} nodes ({NODES} data)" in status.stdout
    for node in cluster.nodes:
        line = next(row for row in status.stdout.splitlines() if row.startswith(node.name))
        assert str(node.http_port) in line and str(engine.node_pid(node)) in line
        assert "master,data" in line and "mb" in line and " up" in line
    assert "elected master" in status.stdout

    pids = _pids(cluster.config.engine_home)
    assert len(pids) == NODES
    again = clinics(cluster.env, "es", "start")  # no --nodes: the home's 3-node cluster
    assert again.returncode == 0, again.stderr
    assert f"{NODES} nodes" in again.stdout
    assert _pids(cluster.config.engine_home) == pids


@pytest.mark.parametrize(
    ("args", "extra_env", "message"),
    [
        (["--nodes", "0"], {}, "--nodes must be between 1 and 9 (got 0)"),
        (["--nodes", "three"], {}, "--nodes must be a whole number"),
        (["--nodes", "3"], {"transport": 1}, "overlap; set CLINICS_ENGINE_TRANSPORT_PORT"),
        (["--nodes", "3", "--node", "clinics-node-1"], {}, "not both"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(tmp_path, args, extra_env, message):
    first = free_port_range(3)
    env = dict(
        os.environ,
        ES_URL=f"http://127.0.0.1:{first}",
        CLINICS_ENGINE_HOME=str(tmp_path / "engine"),
    )
    if "transport" in extra_env:
        env["CLINICS_ENGINE_TRANSPORT_PORT"] = str(first + extra_env["transport"])
    result = clinics(env, "es", "start", *args, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert launchers_of(tmp_path / "engine") == []


def test_a_node_count_that_does_not_match_the_home_is_refused(cluster):
    result = clinics(cluster.env, "es", "start", "--nodes", "2", timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "holds the data of a 3-node cluster" in result.stderr


def test_a_taken_transport_port_fails_fast_naming_it(tmp_path):
    first = free_port_range(3)
    home = tmp_path / "engine"
    env = dict(
        os.environ,
        ES_URL=f"http://127.0.0.1:{first}",
        CLINICS_ENGINE_HOME=str(home),
        CLINICS_ENGINE_CLUSTER_HEAP="256m",
    )
    taken = first + engine.TRANSPORT_OFFSET + 1
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        started = time.monotonic()
        result = clinics(env, "es", "start", "--nodes", "3", timeout=60)
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert f"port {taken} (transport of clinics-node-2) is already taken" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert elapsed < 30
    assert launchers_of(home) == []

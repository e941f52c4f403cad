"""A real 3-node cluster for the failover and snapshot tests, started once per session.

Three JVMs (`clinics.engine.start(..., nodes=3)`) with 512 MB of heap each, in a temporary
engine home, HTTP and transport on free loopback ports found at run time; stopped at the
end of the session, which then checks that no JVM of it is left. The tests may kill a
node (kill -9) and must start it again (`engine.start_node`) before they end, so each test
begins with a green cluster of three nodes.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from clinics import engine
from clinics import settings as clinics_settings

NODES = 3
HEAP = os.environ.get("CLINICS_TEST_CLUSTER_HEAP", "512m")
COUNT_LINES: list[str] = []


def report(test: str, **counts: object) -> None:
    """Print what a cluster test ran (also repeated in pytest's terminal summary)."""
    line = f"{test}: " + " ".join(f"{key}={value}" for key, value in counts.items())
    COUNT_LINES.append(line)
    print(f"\n[cluster] {line}")


def pytest_terminal_summary(terminalreporter) -> None:
    if COUNT_LINES:
        terminalreporter.section("cluster: what ran")
        for line in COUNT_LINES:
            terminalreporter.write_line(line)


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_range(count: int, offset: int = engine.TRANSPORT_OFFSET) -> int:
    """A first port P such that P..P+count-1 and P+offset..P+offset+count-1 are all free."""
    rng = random.Random()
    for _ in range(200):
        first = rng.randrange(20000, 60000 - offset - count)
        ports = [*range(first, first + count), *range(first + offset, first + offset + count)]
        if all(_free(port) for port in ports):
            return first
    raise RuntimeError("no free range of loopback ports")


def launchers_of(home: Path) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if engine.LAUNCHER_MAIN in line and str(home) in line]


def clinics(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clinics.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class LocalCluster:
    config: clinics_settings.Settings  # es_url: node 1; engine_home: the cluster's home
    nodes: tuple[engine.Node, ...]

    @property
    def env(self) -> dict:
        """Environment of a `clinics` subprocess that uses this cluster (ES_URL: node 1)."""
        return dict(
            os.environ,
            ES_URL=self.config.es_url,
            CLINICS_ENGINE_HOME=str(self.config.engine_home),
            CLINICS_ENGINE_CLUSTER_HEAP=HEAP,
        )

    def client(self, **options):
        from indexer.client import get_client

        return get_client(self.config, **options)

    def kill(self, node: engine.Node) -> int:
        """kill -9 the node's JVM; returns its pid."""
        import signal

        pid = engine.node_pid(node)
        assert pid is not None, f"{node.name} is not running"
        os.kill(pid, signal.SIGKILL)
        return pid

    def restart(self, node: engine.Node) -> float:
        """Start the node again; seconds until it has joined."""
        started = time.monotonic()
        engine.start_node(self.config, node.name, heap=HEAP)
        return time.monotonic() - started

    def ensure_all_up(self) -> None:
        """Start any node that is down (`clinics es start` keeps the running ones)."""
        engine.start(self.config, heap=HEAP)

    def wait_green(self, client, timeout_s: int = 120) -> float:
        started = time.monotonic()
        health = client.options(request_timeout=timeout_s + 10).cluster.health(
            wait_for_status="green", wait_for_nodes=str(NODES), timeout=f"{timeout_s}s"
        )
        assert not health["timed_out"], f"not green after {timeout_s} s: {dict(health)}"
        return time.monotonic() - started


@pytest.fixture(scope="session")
def cluster(tmp_path_factory) -> LocalCluster:
    home = Path(tmp_path_factory.mktemp("cluster"))
    first = free_port_range(NODES)
    config = replace(
        clinics_settings.load(),
        es_url=f"http://127.0.0.1:{first}",
        engine_home=home,
        engine_start_timeout_s=240.0,
    )
    os.environ.pop("CLINICS_ENGINE_TRANSPORT_PORT", None)
    started = time.monotonic()
    engine.start(config, nodes=NODES, heap=HEAP)
    recorded = engine.recorded_cluster(home)
    assert recorded is not None and recorded.size == NODES
    report("cluster started", nodes=NODES, heap=HEAP, seconds=round(time.monotonic() - started))
    local = LocalCluster(config, recorded.nodes)
    try:
        yield local
    finally:
        # The way a user stops it: one node (a drill), then the rest; no JVM may be left.
        last = recorded.nodes[-1]
        one = clinics(local.env, "es", "stop", "--node", last.name)
        rest = clinics(local.env, "es", "stop")
        engine.stop(config)  # in case the commands above failed
        deadline = time.monotonic() + 30
        while launchers_of(home) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = launchers_of(home)
        assert left == [], f"JVMs left after clinics es stop: {left}"
        assert one.returncode == 0 and f"{last.name} stopped" in one.stdout, one
        assert rest.returncode == 0 and f"({NODES - 1} nodes)" in rest.stdout, rest

"""How `clinics es start --nodes N` lays out its nodes and how clients find them, without
starting anything: ports, folders, the launcher's arguments, the recorded cluster, the
client's node list, and the one-line usage errors."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr
from dataclasses import replace
from pathlib import Path

import pytest

from clinics import engine
from clinics import settings as clinics_settings
from clinics.errors import UsageError

pytestmark = pytest.mark.unit


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.delenv("ES_URL", raising=False)
    monkeypatch.delenv("CLINICS_ENGINE_TRANSPORT_PORT", raising=False)
    return replace(
        clinics_settings.load(), es_url="http://127.0.0.1:9200", engine_home=tmp_path / "engine"
    )


def test_three_nodes_get_consecutive_ports_and_their_own_folders(config):
    cluster = engine.plan(config, 3)
    assert [n.name for n in cluster.nodes] == ["clinics-node-1", "clinics-node-2", "clinics-node-3"]
    assert [n.http_port for n in cluster.nodes] == [9200, 9201, 9202]
    assert [n.transport_port for n in cluster.nodes] == [9300, 9301, 9302]
    home = config.engine_home
    assert [n.home for n in cluster.nodes] == [
        home,
        home / "nodes" / "clinics-node-2",
        home / "nodes" / "clinics-node-3",
    ]


def test_one_node_keeps_the_single_node_layout(config):
    (node,) = engine.plan(config, 1).nodes
    assert (node.home, node.http_port, node.transport_port) == (config.engine_home, 9200, 0)


def test_the_transport_range_follows_its_setting(config, monkeypatch):
    monkeypatch.setenv("CLINICS_ENGINE_TRANSPORT_PORT", "19300")
    assert [n.transport_port for n in engine.plan(config, 2).nodes] == [19300, 19301]


@pytest.mark.parametrize(
    ("count", "transport", "message"),
    [
        (0, None, "--nodes must be between 1 and 9 (got 0)"),
        (10, None, "--nodes must be between 1 and 9 (got 10)"),
        (3, "9202", "HTTP ports 9200-9202 and transport ports 9202-9204 overlap"),
        (3, "9198", "overlap"),
        (3, "65534", "transport ports 65534-65536 are not all valid port numbers"),
        (3, "x", "CLINICS_ENGINE_TRANSPORT_PORT must be a port number"),
    ],
)
def test_bad_layouts_are_usage_errors(config, monkeypatch, count, transport, message):
    if transport:
        monkeypatch.setenv("CLINICS_ENGINE_TRANSPORT_PORT", transport)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        engine.plan(config, count)


def test_discovery_settings_of_the_launcher(config):
    cluster = engine.plan(config, 3)
    java = Path("/jdk/bin/java")
    first = engine._command(java, cluster, cluster.nodes[1], "512m", bootstrap=True)
    assert "-Xmx512m" in first
    assert first[first.index(engine.LAUNCHER_MAIN) + 1 :][:3] == [
        str(cluster.nodes[1].home),
        "9201",
        engine.CLUSTER_NAME,
    ]
    assert "node.name=clinics-node-2" in first
    assert "transport.port=9301" in first
    assert "discovery.type=multi-node" in first
    assert "discovery.seed_hosts=127.0.0.1:9300,127.0.0.1:9301,127.0.0.1:9302" in first
    assert "cluster.initial_master_nodes=clinics-node-1,clinics-node-2,clinics-node-3" in first
    assert f"path.repo={config.engine_home / 'snapshots'}" in first
    later = engine._command(java, cluster, cluster.nodes[1], "512m", bootstrap=False)
    assert not [arg for arg in later if arg.startswith("cluster.initial_master_nodes")]
    single = engine.plan(config, 1)
    alone = engine._command(java, single, single.nodes[0], "1g", bootstrap=False)
    assert not [arg for arg in alone if arg.startswith(("discovery.", "node.name"))]


def test_each_node_folder_is_its_own_pid_check(config):
    """Node 1's check never accepts node 2's JVM, whose folder lies inside node 1's."""
    cluster = engine.plan(config, 2)
    command = tuple(engine._command(Path("java"), cluster, cluster.nodes[1], "1g", False))
    assert engine._is_engine_command(command, cluster.nodes[1].home)
    assert not engine._is_engine_command(command, cluster.nodes[0].home)


def _record(config, count: int, formed: bool = True) -> engine.Cluster:
    cluster = engine.plan(config, count)
    config.engine_home.mkdir(parents=True)
    engine._record_cluster(cluster, formed=formed)
    return cluster


def test_clients_know_every_recorded_node(config, monkeypatch):
    _record(config, 3)
    urls = ["http://127.0.0.1:9200", "http://127.0.0.1:9201", "http://127.0.0.1:9202"]
    assert engine.node_urls(config) == urls  # ES_URL unset
    one = replace(config, es_url="http://localhost:9201")  # one node of it: all, that first
    assert engine.node_urls(one) == ["http://localhost:9201", urls[0], urls[2]]
    listed = replace(config, es_url="http://a:9200, http://b:9200/")
    assert engine.node_urls(listed) == ["http://a:9200", "http://b:9200"]
    monkeypatch.setenv("ES_URL", "http://127.0.0.1:9999")
    other = replace(config, es_url="http://127.0.0.1:9999")  # not ours: only that one
    assert engine.node_urls(other) == ["http://127.0.0.1:9999"]


def test_a_home_that_ran_three_nodes_is_not_started_with_two(config):
    _record(config, 3)
    assert engine.recorded_size(config.engine_home) == 3
    with pytest.raises(UsageError, match="holds the data of a 3-node cluster"):
        engine._planned(config, 2)
    assert engine._planned(config, None).size == 3  # no --nodes: the home's size


def test_a_home_with_single_node_data_is_a_one_node_cluster(config):
    (config.engine_home / "data" / "nodes").mkdir(parents=True)
    assert engine.recorded_size(config.engine_home) == 1
    with pytest.raises(UsageError, match="1-node cluster"):
        engine._planned(config, 3)


def test_a_cluster_that_never_formed_may_be_planned_again(config):
    _record(config, 3, formed=False)
    assert engine.recorded_size(config.engine_home) is None
    assert engine._planned(config, 2).size == 2


def test_the_client_holds_every_node_and_fails_over(config):
    from indexer.client import get_client

    _record(config, 3)
    client = get_client(config, max_retries=0)
    try:
        assert len(client.transport.node_pool.all()) == 3
        assert client._max_retries == 2  # the client passes these with every request
        assert client._retry_on_timeout is True
    finally:
        client.close()
    single = get_client(replace(config, engine_home=config.engine_home / "none"), max_retries=0)
    try:
        assert len(single.transport.node_pool.all()) == 1
        assert single._max_retries == 0
    finally:
        single.close()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["es", "start", "--nodes", "0"], "--nodes must be between 1 and 9 (got 0)"),
        (["es", "stop", "--nodes", "2"], "--nodes goes with clinics es start"),
        (["es", "status", "--node", "clinics-node-1"], "--node goes with"),
        (["es", "snapshot"], "es snapshot needs one of"),
        (["es", "snapshot", "restore"], "needs one snapshot NAME"),
        (["es", "status", "extra"], "takes no argument"),
        (["es", "stop", "--node", "clinics-node-7"], "no cluster recorded"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(config, monkeypatch, argv, message):
    from clinics.cli import main

    monkeypatch.setenv("CLINICS_ENGINE_HOME", str(config.engine_home))
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(argv) == 2
    assert err.getvalue().count("\n") == 1, err.getvalue()
    assert message in err.getvalue()


def test_recorded_cluster_file_is_json_with_every_node(config):
    _record(config, 2)
    body = json.loads((config.engine_home / "cluster.json").read_text())
    assert body["formed"] is True
    assert [(n["name"], n["http_port"], n["transport_port"]) for n in body["nodes"]] == [
        ("clinics-node-1", 9200, 9300),
        ("clinics-node-2", 9201, 9301),
    ]

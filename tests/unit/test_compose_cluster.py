"""docker-compose.cluster.yml is validated here, not run (CI machines have no Docker engine):
our cluster rules (three nodes, security and TLS between them, discovery, volumes,
healthchecks, the app pointed at every node, least privilege). The checks every compose
file passes (.env.example, the Compose Specification schema, `docker-compose config`) are
in test_compose_files.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from clinics.commands import roles

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
FILE = "docker-compose.cluster.yml"
COMPOSE = yaml.safe_load((ROOT / FILE).read_text())
SERVICES = COMPOSE["services"]
SINGLE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
NODES = ("es01", "es02", "es03")
APP = ("es-setup", "ui", "api", "reports", "index")
SNAPSHOTS = "/usr/share/elasticsearch/snapshots"


def engine_version() -> str:
    pom = (ROOT / "engine" / "pom.xml").read_text()
    return re.search(r"<elasticsearch.version>([^<]+)<", pom).group(1)


def env(service: str) -> dict:
    return SERVICES[service].get("environment", {})


@pytest.mark.parametrize("node", NODES)
def test_each_node_is_a_secured_cluster_member(node):
    spec, settings = SERVICES[node], env(node)
    assert spec["image"] == f"docker.elastic.co/elasticsearch/elasticsearch:{engine_version()}"
    assert settings["node.name"] == node
    assert settings["cluster.name"] == "clinics"
    assert "discovery.type" not in settings  # never single-node
    assert set(settings["discovery.seed_hosts"].split(",")) == set(NODES) - {node}
    assert settings["cluster.initial_master_nodes"].split(",") == list(NODES)
    assert settings["xpack.security.enabled"] == "true"
    assert settings["xpack.security.transport.ssl.enabled"] == "true"
    assert settings["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    assert "${ES_HEAP" in settings["ES_JAVA_OPTS"]
    assert "_cluster/health" in " ".join(spec["healthcheck"]["test"])
    assert spec["depends_on"]["certs"]["condition"] == "service_completed_successfully"
    assert spec["restart"] == "unless-stopped"


@pytest.mark.parametrize("node", NODES)
def test_each_node_has_its_data_and_shares_the_snapshots_and_certificates(node):
    volumes = SERVICES[node]["volumes"]
    assert f"{node}data:/usr/share/elasticsearch/data" in volumes
    assert f"snapshots:{SNAPSHOTS}" in volumes
    assert env(node)["path.repo"] == SNAPSHOTS
    assert "certs:/usr/share/elasticsearch/config/certs:ro" in volumes
    keystore = env(node)["xpack.security.transport.ssl.keystore.path"]
    assert keystore.startswith("certs/") and keystore in " ".join(SERVICES["certs"]["command"])


def test_nodes_publish_distinct_loopback_ports():
    ports = [port for node in NODES for port in SERVICES[node]["ports"]]
    assert all(port.startswith("127.0.0.1:") for port in ports)
    assert len({port.split(":")[1] for port in ports}) == len(NODES)


def test_the_certificates_are_made_once_by_a_one_shot_service():
    certs = SERVICES["certs"]
    assert certs["restart"] == "no"
    assert certs["image"] == SERVICES["es01"]["image"]
    assert "elasticsearch-certutil" in " ".join(certs["command"])
    assert "ELASTIC_PASSWORD" not in json.dumps(certs)


@pytest.mark.parametrize("service", APP)
def test_the_app_knows_every_node_and_waits_for_the_cluster(service):
    urls = env(service)["ES_URL"].split(",")
    assert urls == [f"http://{node}:9200" for node in NODES]
    depends = SERVICES[service]["depends_on"]
    assert all(depends[node]["condition"] == "service_healthy" for node in NODES)
    if service != "es-setup":
        assert depends["es-setup"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("service", ["ui", "api", "reports", "crawl", "index", "es-setup"])
def test_the_app_runs_as_in_the_single_node_file(service):
    """Same commands, users, profiles and passwords as docker-compose.yml: the two files
    differ only in where Elasticsearch is."""
    mine, single = SERVICES[service], SINGLE[service]
    assert mine["command"] == single["command"]
    assert mine.get("profiles") == single.get("profiles")
    for key in ("ES_USERNAME", "ES_PASSWORD"):
        assert mine.get("environment", {}).get(key) == single.get("environment", {}).get(key)
    assert mine.get("ports") == single.get("ports")


def test_the_api_is_the_single_node_files_api():
    """The HSDS API as in docker-compose.yml: same image, settings, loopback port and
    healthcheck; read-only (the UI's user), after es-setup."""
    mine, single = SERVICES["api"], SINGLE["api"]
    assert mine["image"] == single["image"] == SERVICES["ui"]["image"]
    assert mine["ports"] == single["ports"]
    assert all(port.startswith("127.0.0.1:") for port in mine["ports"])
    assert mine["healthcheck"] == single["healthcheck"]
    assert mine["restart"] == single["restart"]
    assert env("api")["ES_USERNAME"] == "clinics_ui"
    for key, value in single["environment"].items():
        if key != "ES_URL":
            assert env("api")[key] == value, key
    assert "volumes" not in mine  # no crawl files, no UI data


def test_snapshots_are_taken_where_the_nodes_keep_them():
    assert env("es-setup")["CLINICS_SNAPSHOT_LOCATION"] == SNAPSHOTS
    assert env("es-setup")["ES_USERNAME"] == "elastic"


def test_the_crawl_job_has_no_elasticsearch_access():
    assert not [name for name in env("crawl") if name.startswith("ES_")]
    assert "depends_on" not in SERVICES["crawl"]


def test_only_the_nodes_and_es_setup_see_the_superuser_password():
    holders = {name for name, spec in SERVICES.items() if "ELASTIC_PASSWORD" in json.dumps(spec)}
    assert holders == {*NODES, "es-setup"}
    users = {spec.get("environment", {}).get("ES_USERNAME") for spec in SERVICES.values()}
    assert users - {None} == {"elastic", *roles.PASSWORD_ENVS}
    assert "CLINICS_MAINTAINER_TOKEN" not in env("ui")

"""Shards, replicas and write safety of a providers index on one node or on a cluster.

    layout(client, settings)          # shards, replicas and wait_for_active_shards to use
    loading(client, index) / loaded(client, index)
    wait_until_ready(client, index, layout, timeout_s)   # before the alias moves

Defaults (each one a setting, docs/indexer.md): 1 replica when the cluster has 2 or more
data nodes, 0 on one node; a write waits until min(2, replicas + 1) copies of its shard
are active, so a write that was acknowledged is on two nodes and survives the loss of one;
the alias moves to a new index only once it is green (yellow on one node, where replicas
have nowhere to go).

While a rebuild loads, a replica lost with its node is rebuilt on another node after 5 s
(`index.unassigned.node_left.delayed_timeout`, 1 min by default, which waits for the node
to come back): writes need that copy, and the load would stall for the minute. The
default comes back when the load is finished.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinics.errors import ClinicsError

LOADING_NODE_LEFT_DELAY = "5s"
NODE_LEFT_DELAY = "index.unassigned.node_left.delayed_timeout"


@dataclass(frozen=True)
class Layout:
    shards: int
    replicas: int
    wait_for_active_shards: str
    data_nodes: int

    @property
    def ready_status(self) -> str:
        """The health a new index must reach before the alias moves to it."""
        return "green" if self.data_nodes >= 2 else "yellow"


def data_nodes(client) -> int:
    return int(client.cluster.health()["number_of_data_nodes"])


def layout(client, settings) -> Layout:
    """The index layout for this cluster: the explicit settings, else the defaults."""
    nodes = data_nodes(client)
    replicas = settings.replicas if settings.replicas is not None else (1 if nodes >= 2 else 0)
    wait = settings.wait_for_active_shards or str(min(2, replicas + 1))
    return Layout(settings.shards, replicas, wait, nodes)


def layout_of_index(client, index: str, settings) -> Layout:
    """The layout of an existing index: writes wait for the copies it really has."""
    found = client.indices.get_settings(index=index, name="index.number_of_*")
    values = next(iter(found.body.values()))["settings"]["index"]
    shards, replicas = int(values["number_of_shards"]), int(values["number_of_replicas"])
    wait = settings.wait_for_active_shards or str(min(2, replicas + 1))
    return Layout(shards, replicas, wait, data_nodes(client))


def loading(client, index: str) -> None:
    client.indices.put_settings(index=index, settings={NODE_LEFT_DELAY: LOADING_NODE_LEFT_DELAY})


def loaded(client, index: str) -> None:
    client.indices.put_settings(index=index, settings={NODE_LEFT_DELAY: None})


def wait_until_ready(client, index: str, layout: Layout, timeout_s: float) -> None:
    """Wait for the index's health; a one-line ClinicsError when it is not reached."""
    health = client.options(request_timeout=timeout_s + 30).cluster.health(
        index=index, wait_for_status=layout.ready_status, timeout=f"{int(timeout_s)}s"
    )
    if health.get("timed_out"):
        raise ClinicsError(
            f"{index} is {health.get('status')}, not {layout.ready_status}, after "
            f"{timeout_s:.0f} s (CLINICS_INDEX_HEALTH_TIMEOUT; {layout.replicas} replicas on "
            f"{layout.data_nodes} data nodes, {health.get('unassigned_shards')} shard copies "
            "unassigned)"
        )

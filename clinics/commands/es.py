"""`clinics es start|stop|status|build|snapshot`: the local Elasticsearch engine.

clinics es start [--nodes N]        # N nodes in N JVMs (default: this home's cluster, or 1)
clinics es start --node NAME        # start one stopped node again (it rejoins)
clinics es stop [--node NAME]       # every node, or one (a failover drill)
clinics es status                   # every node and the cluster's health
clinics es snapshot create [NAME] | list | restore NAME
"""

from __future__ import annotations

import argparse
import sys

ACTIONS = ("start", "stop", "status", "build", "snapshot")
SNAPSHOT_ACTIONS = ("create", "list", "restore")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "es",
        help="start, stop or check the local Elasticsearch engine; snapshots",
        description="The local Elasticsearch engine (docs/engine.md) and snapshots of the "
        "indices (docs/operations.md).",
    )
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument(
        "words", nargs="*", metavar="ARG", help="snapshot: create [NAME] | list | restore NAME"
    )
    parser.add_argument(
        "--nodes", default=None, metavar="N", help="start: how many nodes (default 1)"
    )
    parser.add_argument(
        "--node", default=None, metavar="NAME", help="start or stop one node, e.g. clinics-node-2"
    )
    parser.set_defaults(run=run)


def _node_count(text: str | None) -> int | None:
    from clinics.errors import UsageError

    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"--nodes must be a whole number (got {text!r})") from None


def _check_usage(args: argparse.Namespace) -> None:
    from clinics.errors import UsageError

    if args.action != "snapshot" and args.words:
        raise UsageError(f"es {args.action} takes no argument (got {' '.join(args.words)})")
    if args.nodes is not None and args.action != "start":
        raise UsageError("--nodes goes with clinics es start")
    if args.node is not None and args.action not in ("start", "stop"):
        raise UsageError("--node goes with clinics es start or stop")
    if args.node is not None and args.nodes is not None:
        raise UsageError("give --nodes (the whole cluster) or --node (one node), not both")


def run(args: argparse.Namespace) -> int:
    from clinics import engine, settings

    _check_usage(args)
    config = settings.load()
    if args.action == "build":
        engine.build_launcher(config, force=True)
        print("engine launcher built")
        return 0
    if args.action == "snapshot":
        return _snapshot(args.words)
    if args.action == "start":
        if args.node:
            current = engine.start_node(config, args.node)
            print(f"{args.node} is up; the cluster is {current.health}")
        else:
            current = engine.start(config, nodes=_node_count(args.nodes))
            cluster = engine.recorded_cluster(config.engine_home)
            if cluster is None or cluster.size == 1:
                print(f"Elasticsearch {current.version} is {current.health} at {config.es_url}")
                print(f"log: {engine.log_file(config)}")
                return 0
            print(f"Elasticsearch {current.version}: {cluster.size} nodes, {current.health}")
        _print_nodes(engine.cluster_state(config)[2])
        return 0
    if args.action == "stop":
        if args.node:
            stopped = engine.stop_node(config, args.node)
            print(f"{args.node} stopped" if stopped else f"{args.node} was not running")
            return 0
        count = engine.stop(config)
        if count == 1:
            print("engine stopped")
        elif count:
            print(f"engine stopped ({count} nodes)")
        else:
            print("engine was not running")
        return 0
    current, health, nodes = engine.cluster_state(config)
    if not current.reachable:
        print(f"clinics es status: {current.detail}", file=sys.stderr)
        return 1
    where = ", ".join(engine.node_urls(config))
    if health is None:
        print(f"Elasticsearch {current.version} at {where}: no cluster health ({current.detail})")
    elif len(nodes) <= 1:
        print(f"Elasticsearch {current.version} at {where}: {current.health}")
    if health is not None and len(nodes) > 1:
        print(
            f"cluster {health.get('cluster_name')}: {health.get('status')}, "
            f"{health.get('number_of_nodes')} nodes ({health.get('number_of_data_nodes')} "
            f"data), {health.get('active_shards')} active shards, "
            f"{health.get('unassigned_shards')} unassigned; Elasticsearch {current.version}"
        )
    if len(nodes) > 1:
        _print_nodes(nodes)
    return 0


def _print_nodes(nodes) -> None:
    print(f"{'node':<16} {'http':<6} {'pid':<8} {'role':<19} {'heap':<7} state")
    for node in nodes:
        port = node.url.rsplit(":", 1)[-1]
        if not node.up:
            state = "down"
        elif not node.roles:
            state = "up, not in the cluster's list"
        else:
            state = "up, elected master" if node.master else "up"
        pid = str(node.pid) if node.pid else "-"
        print(
            f"{node.name:<16} {port:<6} {pid:<8} {node.roles or '-':<19} {node.heap or '-':<7} {state}"
        )


def _snapshot(words: list[str]) -> int:
    from clinics.errors import UsageError
    from indexer import snapshots
    from indexer.client import get_client

    if not words or words[0] not in SNAPSHOT_ACTIONS:
        raise UsageError("es snapshot needs one of: create [NAME], list, restore NAME")
    action, rest = words[0], words[1:]
    if action == "list" and rest:
        raise UsageError("es snapshot list takes no name")
    if action == "restore" and len(rest) != 1:
        raise UsageError("es snapshot restore needs one snapshot NAME (clinics es snapshot list)")
    if action == "create" and len(rest) > 1:
        raise UsageError("es snapshot create takes at most one NAME")
    client = get_client(request_timeout=600)
    try:
        if action == "create":
            made = snapshots.create(client, rest[0] if rest else None)
            print(
                f"snapshot {made.name} in repository {made.repository}: {made.state}, "
                f"{len(made.indices)} indices ({', '.join(made.indices)})"
            )
        elif action == "list":
            found = snapshots.list_snapshots(client)
            if not found:
                print(f"no snapshots in repository {snapshots.repository_name()}")
            for item in found:
                print(
                    f"{item.name:<32} {item.state:<8} {item.started:<25} "
                    f"{len(item.indices)} indices: {', '.join(item.indices)}"
                )
        else:
            restored = snapshots.restore(client, rest[0])
            print(f"restored {rest[0]}: {', '.join(restored.indices) or 'no index'}")
            for alias, indices in sorted(restored.aliases.items()):
                print(f"alias {alias} -> {', '.join(indices)}")
            if restored.skipped:
                print(f"kept as they are (they exist): {', '.join(restored.skipped)}")
    finally:
        client.close()
    return 0

"""`clinics es start|stop|status`: the local Elasticsearch engine."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("es", help="start, stop or check the local Elasticsearch engine")
    parser.add_argument("action", choices=("start", "stop", "status", "build"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from clinics import engine, settings

    config = settings.load()
    if args.action == "build":
        engine.build_launcher(config, force=True)
        print("engine launcher built")
        return 0
    if args.action == "start":
        current = engine.start(config)
        print(f"Elasticsearch {current.version} is {current.health} at {config.es_url}")
        print(f"log: {engine.log_file(config)}")
        return 0
    if args.action == "stop":
        if engine.stop(config):
            print("engine stopped")
        else:
            print("engine was not running")
        return 0
    current = engine.status(config)
    if not current.reachable:
        print(f"clinics es status: {current.detail}", file=sys.stderr)
        return 1
    print(f"Elasticsearch {current.version} at {config.es_url}: {current.health}")
    return 0

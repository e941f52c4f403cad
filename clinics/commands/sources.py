"""`clinics sources`: the crawler's sources and their arguments."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sources", help="list the crawler's sources and their arguments")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.catalog import describe

    for info in describe():
        print(f"{info.source}: {info.summary}")
        for name, meaning in info.arguments.items():
            print(f"    -a {name}=...  {meaning}")
    print(
        "\nclinics crawl SOURCE [-o FILE] [-s NAME=VALUE ...] [-a NAME=VALUE ...]; see docs/crawler.md"
    )
    return 0

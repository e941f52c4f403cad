"""`clinics index FILE... [--mode rebuild|upsert]`: load crawled records into Elasticsearch."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "index",
        help="merge, enrich and load JSONL records into the search index",
        description=(
            "Load ProviderRecord JSONL files. rebuild (default) loads a new index and moves "
            "the alias to it atomically; upsert updates the current index in place."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL files of records")
    parser.add_argument("--mode", choices=("rebuild", "upsert"), default="rebuild")
    parser.add_argument(
        "--full-source",
        action="append",
        default=[],
        metavar="NAME",
        help="this load holds every record of source NAME: remove its records not in it "
        "(also set by '\"full\": true' in the crawl summary next to the file)",
    )
    parser.add_argument(
        "--alias",
        default=None,
        help="alias to load behind (default: CLINICS_INDEX_ALIAS or providers)",
    )
    parser.add_argument(
        "--dead-letters",
        default=None,
        metavar="PATH",
        help="where bad lines go (default: <first file>.index-dead-letters.jsonl)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from api.materialized import materialize
    from indexer.client import get_client
    from indexer.load import load_files

    client = get_client(max_retries=0, request_timeout=120)
    try:
        result = load_files(
            client,
            args.files,
            args.mode,
            alias=args.alias,
            full_sources=args.full_source,
            dead_letter_path=args.dead_letters,
            materialize=materialize,
        )
    finally:
        client.close()
    for line in result.summary_lines():
        print(line)
    if result.bulk_errors:
        print(
            f"clinics index: {result.bulk_errors} documents were rejected; see {result.dead_letter_path}",
            file=sys.stderr,
        )
        return 1
    return 0

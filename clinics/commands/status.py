"""`clinics status`: the alias and its index, documents by source, last crawl per source."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("status", help="what is in the search index")
    parser.add_argument(
        "--alias", default=None, help="alias (default CLINICS_INDEX_ALIAS or providers)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from indexer.client import get_client
    from indexer.load_settings import load
    from indexer.retry import with_retries
    from indexer.status import format_status, index_status

    settings = load(args.alias)
    client = get_client(max_retries=0)
    try:
        status = with_retries(
            lambda: index_status(client, settings.alias),
            what="reading the index status",
            client=client,
            retries=min(settings.retries, 2),
            backoff_s=settings.backoff_s,
        )
    finally:
        client.close()
    if args.json:
        print(json.dumps(status, indent=2, sort_keys=True))
    else:
        print("\n".join(format_status(status)))
    return 0

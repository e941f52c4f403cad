"""`clinics export FORMAT -o PATH`: the whole index in an open format (api/export.py).

    clinics export hsds -o out/hsds            # HSDS 3 tabular data package (a directory)
    clinics export hsds-json -o services.jsonl # one fully nested HSDS service per line
    clinics export geojson -o providers.geojson
    clinics export csv -o providers.csv        # one flat row per provider at a location

Streamed from the live index (point in time + search_after), with a progress bar on
stderr; `-o -` writes to standard output (not for hsds).
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("hsds", "hsds-json", "geojson", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="export the index as HSDS (tabular or JSON), GeoJSON or CSV",
        description="Export every provider of the index. hsds: an Open Referral HSDS 3 "
        "tabular data package (one CSV per table and datapackage.json) in a directory; "
        "hsds-json: one fully nested HSDS service per line; geojson: a FeatureCollection "
        "of points; csv: one flat row per provider at a location.",
    )
    parser.add_argument("format", choices=FORMATS, metavar="FORMAT", help=", ".join(FORMATS))
    parser.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="where to write (- for stdout)"
    )
    parser.add_argument(
        "--index", default=None, help="index or alias (default CLINICS_INDEX_ALIAS or providers)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from api import searching
    from api.export import export
    from api.store import Store
    from clinics.errors import ClinicsError
    from indexer.client import get_client

    client = get_client()
    store = Store(client, args.index or searching.index_alias())
    try:
        summary = export(store, args.format, args.output, progress=not args.quiet)
    except searching.SearchUnavailable as exc:
        raise ClinicsError(str(exc)) from None
    except OSError as exc:
        raise ClinicsError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    finally:
        client.close()
    note = f"; {summary.skipped} without a map position left out" if summary.skipped else ""
    where = "standard output" if args.output == "-" else args.output
    print(
        f"exported {summary.documents} providers as {args.format} to {where}{note}",
        file=sys.stderr,
    )
    return 0

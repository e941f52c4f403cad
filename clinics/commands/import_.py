"""`clinics import nppes|table`: bulk public files to crawl-format JSONL (docs/sources.md).

    clinics import nppes NPPES_ZIP_OR_CSV [-o FILE] [--locations PL_CSV] [--taxonomy-file NUCC_CSV]
                         [--workers N]
    clinics import table FILE --source NAME [-o FILE] [--sheet NAME]

The output is what a crawl writes (records, `<stem>.dead.jsonl`, `<stem>.summary.json`),
ready for `clinics index`. Bad input (wrong header, a damaged zip, a binary or empty file)
is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse

DEFAULT_NPPES_OUTPUT = "data/import/npi.jsonl"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import", help="bulk public files (NPPES, directory exports) to crawl-format JSONL"
    )
    kinds = parser.add_subparsers(dest="import_kind", metavar="KIND")
    kinds.required = True

    nppes = kinds.add_parser(
        "nppes",
        help="the NPPES monthly file: behavioral-health providers, one record per location",
        description="Stream the NPPES monthly zip (or its extracted npidata_pfile_*.csv) "
        "into crawl-format JSONL: providers with a behavioral-health taxonomy in any of the "
        "15 slots, deactivated NPIs left out, one record per practice location.",
    )
    nppes.add_argument("path", help="NPPES_Data_Dissemination_*.zip or npidata_pfile_*.csv")
    nppes.add_argument(
        "-o",
        "--output",
        default=DEFAULT_NPPES_OUTPUT,
        help=f"JSONL (default {DEFAULT_NPPES_OUTPUT})",
    )
    nppes.add_argument(
        "--locations",
        help="the pl_pfile_*.csv practice locations (default: in the zip or beside the CSV)",
    )
    nppes.add_argument(
        "--taxonomy-file",
        help="the NUCC taxonomy CSV, for the taxonomy descriptions (specialties) "
        "the NPI API gives; without it records carry the codes only",
    )
    nppes.add_argument(
        "--fetched-at",
        help="date of the file, YYYY-MM-DD (default: the date in the file name, else its mtime)",
    )
    nppes.add_argument(
        "--workers",
        type=_workers,
        help="worker processes that parse and clean the rows (default: one per usable CPU, "
        "at most 8; 1: all in this process)",
    )
    nppes.set_defaults(run=run_nppes)

    table = kinds.add_parser(
        "table",
        help="a directory's CSV or XLSX export through a mapping in crawler/sources/tables/",
        description="Read a CSV or XLSX export through the YAML mapping "
        "crawler/sources/tables/NAME.yaml into crawl-format JSONL.",
    )
    table.add_argument("file", help="the CSV or XLSX file")
    table.add_argument(
        "--source", required=True, help="mapping name: crawler/sources/tables/NAME.yaml"
    )
    table.add_argument("-o", "--output", help="JSONL (default data/import/NAME.jsonl)")
    table.add_argument("--sheet", help="XLSX sheet (default: the mapping's, else the first)")
    table.add_argument("--mappings-dir", help="folder of mappings (default crawler/sources/tables)")
    table.set_defaults(run=run_table)


def _date(text: str | None):
    from datetime import UTC, datetime

    from clinics.errors import UsageError

    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise UsageError(f"--fetched-at: not a date like 2025-06-08 (got {text!r})") from None


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"a number of processes, 1 or more (got {text!r})")
    return count


def run_nppes(args: argparse.Namespace) -> int:
    from crawler.bulk.nppes import default_workers, import_nppes
    from crawler.settings import NPI_API_URL, OPTOUT_FILE

    result = import_nppes(
        args.path,
        args.output,
        locations=args.locations,
        taxonomy_file=args.taxonomy_file,
        optout_file=OPTOUT_FILE,
        api_url=NPI_API_URL,
        fetched_at=_date(args.fetched_at),
        workers=args.workers or default_workers(),
    )
    for line in result.lines():
        print(f"import nppes: {line}")
    return 0


def run_table(args: argparse.Namespace) -> int:
    from pathlib import Path

    from crawler.bulk.table import import_table
    from crawler.settings import OPTOUT_FILE

    result = import_table(
        args.file,
        args.source,
        args.output,
        sheet=args.sheet,
        mappings_dir=Path(args.mappings_dir) if args.mappings_dir else None,
        optout_file=OPTOUT_FILE,
    )
    for line in result.lines():
        print(f"import table: {line}")
    return 0

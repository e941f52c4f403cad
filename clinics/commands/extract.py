"""`clinics extract SOURCE FILE [--url URL] [--explain]`: a saved response in, JSONL out.

The same page objects and cleaning pipelines as a crawl, with no network: the
maintainer's tool for "why did this page give nothing?". Records go to stdout; what was
dropped and why goes to stderr. `--explain` prints, per therapy and condition, the evidence
kept and the sentences rejected and why, instead of the records.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("extract", help="extract records from a saved response (offline)")
    parser.add_argument("source", help="npi, findtreatment, clinic_sites or directory:<name>")
    parser.add_argument("file", help="the saved response body")
    parser.add_argument("--url", help="the URL the response came from (default: the file)")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="instead of JSONL, print per therapy and condition the evidence kept and the "
        "sentences rejected and why (negated, question, hedged, article text, ...)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from clinics.errors import ClinicsError, UsageError
    from crawler.catalog import UnknownSource, resolve
    from crawler.directory_config import ConfigError
    from crawler.offline import explain_lines, extract
    from crawler.pages import PageError
    from crawler.settings import OPTOUT_FILE

    try:
        resolve(args.source)
    except UnknownSource as exc:
        raise UsageError(str(exc)) from None
    except ConfigError as exc:
        raise ClinicsError(str(exc)) from None
    if args.source in ("directory",):
        raise UsageError("use directory:<name>")
    path = Path(args.file)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise ClinicsError(f"{path}: cannot read ({exc.strerror})") from None
    url = args.url or path.resolve().as_uri()
    try:
        result = extract(args.source, body, url, optout_file=OPTOUT_FILE)
    except PageError as exc:
        raise ClinicsError(f"{path}: {exc}") from None
    for record, rejected in zip(result.records, result.rejected, strict=True):
        if args.explain:
            sys.stdout.write("\n".join(explain_lines(record, rejected)) + "\n")
        else:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    dropped = ", ".join(f"{reason} {count}" for reason, count in sorted(result.dropped.items()))
    print(
        f"extract: {len(result.records)} records" + (f"; dropped: {dropped}" if dropped else ""),
        file=sys.stderr,
    )
    for problem in result.problems:
        print(f"extract: {problem}", file=sys.stderr)
    if not result.records and not result.dropped and result.problems:
        return 1
    return 0

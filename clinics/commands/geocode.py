"""`clinics geocode TEXT [--json]`: where a ZIP, city, address or "lat, lon" is."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "geocode",
        help="look up a US ZIP, city, address or coordinates (offline unless configured)",
    )
    parser.add_argument("text", nargs="*", help='what to look up, e.g. 77030 or "Sugar Land, TX"')
    parser.add_argument("--json", action="store_true", help="print the match as one JSON object")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="build the offline index now (once per install) so first lookups are fast",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from clinics.errors import ClinicsError, UsageError
    from clinics.geocode import lookup

    if args.prepare:
        return _prepare()
    if not args.text:
        raise UsageError("give the text to look up, e.g. clinics geocode 77030")
    text = " ".join(args.text)
    found = lookup(text)
    match = found.best
    if match is None:
        reason = found.reason or "no match"
        if found.suggestions:
            reason += "; did you mean: " + "; ".join(found.suggestions)
        raise ClinicsError(f"no match for {_shown(text)}: {reason}")
    if args.json:
        print(json.dumps(match.as_dict(), ensure_ascii=False))
        return 0
    print(f"{match.lat:.5f}\t{match.lon:.5f}\t{match.precision}\t{match.matched_name}")
    if match.ambiguous:
        print(f"ambiguous: also {'; '.join(match.candidates[1:])}")
    if match.note:
        print(f"note: {match.note}")
    return 0


def _prepare() -> int:
    from clinics.errors import ClinicsError
    from clinics.geocode import config, gazetteer

    index_dir = config.load().index_dir
    if index_dir is None:
        raise ClinicsError("no folder for the geocoding index is set (CLINICS_DATA_DIR)")
    files = gazetteer.prepare(index_dir)
    for path in files:
        print(f"{path}\t{path.stat().st_size / 1_000_000:.1f} MB")
    return 0


def _shown(text: str, limit: int = 60) -> str:
    printable = "".join(ch if ch.isprintable() else "?" for ch in text)
    return repr(printable if len(printable) <= limit else printable[:limit] + "…")

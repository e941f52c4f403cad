"""`clinics geocode TEXT [--json]`: where a ZIP, city, address or "lat, lon" is."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "geocode",
        help="look up a US ZIP, city, address or coordinates (offline unless configured)",
    )
    parser.add_argument("text", nargs="+", help='what to look up, e.g. 77030 or "Sugar Land, TX"')
    parser.add_argument("--json", action="store_true", help="print the match as one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from clinics.errors import ClinicsError
    from clinics.geocode import lookup

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


def _shown(text: str, limit: int = 60) -> str:
    printable = "".join(ch if ch.isprintable() else "?" for ch in text)
    return repr(printable if len(printable) <= limit else printable[:limit] + "…")

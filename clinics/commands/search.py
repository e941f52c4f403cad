"""`clinics search`: the one search (search.service) from the command line.

    clinics search --near 77030 --radius-mi 5 --therapy ketamine_assisted_psychotherapy
    clinics search --lat 29.70 --lon -95.40 --q "emdr" --sort relevance --json

Prints a table (or the whole SearchResponse as JSON with --json); warnings go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from clinics.errors import ClinicsError, UsageError
from search.filters import FILTER_GROUPS
from search.types import SORT_ORDERS

THERAPY_COLUMN_CHARS = 48
ECHO_CHARS = 80  # input quoted back in a message is cut to this many characters


def _echo(value: object) -> str:
    """A value quoted back to the person, at most ECHO_CHARS long as printed (repr turns
    one lone surrogate or control character into up to ten)."""
    text = value if isinstance(value, str) else str(value)
    shown = repr(text[: ECHO_CHARS + 1])
    return shown if len(shown) <= ECHO_CHARS else shown[: ECHO_CHARS - 1] + "…"


def _number_arg(kind: type, name: str):
    """An argparse type that reads a number and, when it cannot, echoes a short excerpt
    (argparse's own message repeats the whole value, however long)."""

    def convert(text: str):
        try:
            return kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"{name} wants a number, not {_echo(text)}") from None

    convert.__name__ = kind.__name__
    return convert


def _sort_arg(text: str) -> str:
    if text not in SORT_ORDERS:
        raise argparse.ArgumentTypeError(
            f"--sort is one of {', '.join(SORT_ORDERS)}, not {_echo(text)}"
        )
    return text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "search",
        help="search providers near a place, with filters",
        description="Search providers near a place or a point, with filters. "
        "Codes are taxonomy codes (e.g. cbt, ketamine_assisted_psychotherapy).",
    )
    parser.add_argument("--near", metavar="TEXT", help='a ZIP, "City, ST" or an address')
    parser.add_argument(
        "--lat", type=_number_arg(float, "--lat"), metavar="N", help="latitude (with --lon)"
    )
    parser.add_argument(
        "--lon", type=_number_arg(float, "--lon"), metavar="N", help="longitude (with --lat)"
    )
    parser.add_argument(
        "--radius-mi", type=_number_arg(float, "--radius-mi"), default=None, metavar="N"
    )
    for group in FILTER_GROUPS:
        if group.kind == "flag":
            parser.add_argument(
                group.cli_flag, dest=group.name, action="store_true", help=group.cli_help
            )
        else:
            parser.add_argument(
                group.cli_flag,
                dest=group.name,
                action="extend",
                nargs="+",
                default=[],
                metavar="CODE" if group.kind == "codes" else "X",
                help=group.cli_help,
            )
    parser.add_argument("--q", metavar="TEXT", help="free text (plain words)")
    parser.add_argument(
        "--sort", type=_sort_arg, default="distance", metavar="{" + ",".join(SORT_ORDERS) + "}"
    )
    parser.add_argument("--limit", type=_number_arg(int, "--limit"), default=None, metavar="N")
    parser.add_argument(
        "--after",
        metavar="JSON",
        help="the next page: the cursor a previous search printed (next_search_after)",
    )
    parser.add_argument("--json", action="store_true", help="print the response as JSON")
    parser.set_defaults(run=run)


def params_from_args(args: argparse.Namespace):
    from search import defaults
    from search.types import GeoPoint, SearchParams

    if (args.lat is None) != (args.lon is None):
        raise UsageError("--lat and --lon go together")
    if args.near and args.lat is not None:
        raise UsageError("use either --near or --lat/--lon, not both")
    point = GeoPoint(args.lat, args.lon) if args.lat is not None else None
    filters: dict[str, Any] = {
        group.name: (True if getattr(args, group.name) else None)
        if group.kind == "flag"
        else tuple(getattr(args, group.name))
        for group in FILTER_GROUPS
    }
    return SearchParams(
        search_after=_cursor(args.after),
        near_text=args.near,
        point=point,
        radius_mi=args.radius_mi if args.radius_mi is not None else defaults.DEFAULT_RADIUS_MI,
        **filters,
        text=args.q,
        sort=args.sort,
        size=args.limit if args.limit is not None else defaults.DEFAULT_SIZE,
    )


def _cursor(text: str | None) -> tuple | None:
    """The --after cursor (search.sanitize.parse_cursor checks its size and nesting first)."""
    from search.sanitize import parse_cursor

    if text is None:
        return None
    cursor = parse_cursor(text)
    if cursor is None:
        raise UsageError(
            f"--after wants the JSON list a previous search printed, not {_echo(text)}"
        )
    return cursor


def _label(code: str) -> str:
    from clinics import taxonomy

    try:
        return taxonomy.label(code)
    except (KeyError, ValueError):
        return code


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _distance(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} mi"


def _rows(response) -> list[tuple[str, ...]]:
    from clinics import fields as F

    rows: list[tuple[str, ...]] = []
    for hit in response.hits:
        therapies = ", ".join(_label(code) for code in hit.document.get(F.THERAPIES) or ())
        sources = ", ".join(dict.fromkeys(ref.source for ref in hit.sources))
        rows.append(
            (
                hit.name,
                _distance(hit.distance_mi),
                str(hit.document.get(F.CITY) or ""),
                _shorten(therapies, THERAPY_COLUMN_CHARS),
                sources,
            )
        )
    return rows


def _table(rows: list[tuple[str, ...]]) -> str:
    header = ("NAME", "DISTANCE", "CITY", "THERAPIES", "SOURCES")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    )


def _headline(response) -> str:
    radius = response.params.radius_mi  # what was searched, after clamping
    where = ""
    if response.location is not None:
        approximate = " (approximate)" if response.location.approximate else ""
        where = f" of {response.location.matched_name}{approximate}"
    if response.beyond_radius:
        return (
            f"Nothing within {radius:g} mi{where}; the nearest "
            f"{len(response.hits)} beyond it (closest {response.nearest_beyond_mi:.1f} mi):"
        )
    count = f"{response.total} provider{'' if response.total == 1 else 's'}"
    if response.location is not None:
        return f"{count} within {radius:g} mi{where}:"
    return f"{count}:"


def render_table(response) -> str:
    lines = [_headline(response)]
    if response.hits:
        lines.append(_table(_rows(response)))
    if response.next_search_after is not None:
        cursor = json.dumps(list(response.next_search_after), separators=(",", ":"))
        lines.append(
            f"(showing {len(response.hits)} of {response.total}; raise --limit for more,"
            f" or add --after '{cursor}' for the next page)"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from indexer.client import get_client
    from search.service import search

    params = params_from_args(args)
    client = get_client()
    try:
        response = search(client, params)
    finally:
        client.close()
    for warning in response.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if params.near_text and response.location is None and params.point is None:
        hint = ""
        if response.location_suggestions:
            hint = "; did you mean: " + ", ".join(response.location_suggestions[:5]) + "?"
        raise ClinicsError(f"no place matches {_echo(params.near_text)}{hint}")
    if args.json:
        print(json.dumps(asdict(response), ensure_ascii=False, indent=2, default=str))
    else:
        print(render_table(response))
    return 0

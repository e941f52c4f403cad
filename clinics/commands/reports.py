"""`clinics reports`: read the "report incorrect information" messages, and remove reporters'
contact details once they are past their retention (indexer.reports).

    clinics reports list [--limit N] [--json]
    clinics reports purge [--days N] [--every SECONDS]

The index is CLINICS_REPORTS_INDEX (default provider-reports), as in the UI. `purge
--every 3600` repeats until stopped (docker compose runs it so); one failed round is
reported on stderr and the next round tries again.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from clinics.errors import ClinicsError, UsageError

MIN_EVERY_S = 60


def _reports_index() -> str:
    from indexer.load_settings import reports_index

    return reports_index()


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "reports",
        help="read reports of incorrect information; remove old contact details",
        description="Reports of incorrect information sent from the app. Contact details "
        "are kept for CLINICS_REPORTS_CONTACT_DAYS days (default 30), then removed.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="the newest reports first")
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.add_argument("--json", action="store_true", help="print JSON lines")
    listing.add_argument("--index", default=None, help="reports index (CLINICS_REPORTS_INDEX)")
    listing.set_defaults(run=run_list)

    purge = actions.add_parser("purge", help="remove contact details past their retention")
    purge.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help="keep contacts this many days (default CLINICS_REPORTS_CONTACT_DAYS or 30)",
    )
    purge.add_argument(
        "--every",
        type=int,
        default=None,
        metavar="SECONDS",
        help=f"repeat every SECONDS (at least {MIN_EVERY_S}) until stopped",
    )
    purge.add_argument("--index", default=None, help="reports index (CLINICS_REPORTS_INDEX)")
    purge.set_defaults(run=run_purge)


def run_list(args: argparse.Namespace) -> int:
    from indexer.client import get_client
    from indexer.reports import contact_days, list_reports

    client = get_client(max_retries=1)
    try:
        found = list_reports(
            client,
            max(1, min(args.limit, 1000)),
            index=args.index or _reports_index(),
            contact_days=contact_days(),
        )
    except Exception as exc:
        raise ClinicsError(f"cannot read the reports: {_reason(exc)}") from exc
    finally:
        client.close()
    for report in found:
        if args.json:
            print(json.dumps(report, ensure_ascii=False, sort_keys=True))
        else:
            contact = report.get("contact") or "-"
            message = " ".join(str(report.get("message") or "").split())
            print(f"{report.get('created_at')}  {report.get('doc_id')}  {contact}  {message}")
    if not found and not args.json:
        print("no reports")
    return 0


def _reason(exc: Exception) -> str:
    from elasticsearch import ApiError

    if isinstance(exc, ApiError) and exc.meta.status in (401, 403):
        return f"HTTP {exc.meta.status}: this Elasticsearch user may not (see docs/security.md)"
    return str(exc)[:200]


def _purge_once(index: str, days: int | None) -> int:
    from indexer.client import get_client
    from indexer.reports import purge_contacts

    client = get_client(max_retries=1)
    try:
        return purge_contacts(client, index=index, days=days)
    finally:
        client.close()


def run_purge(args: argparse.Namespace) -> int:
    from indexer.reports import MAX_CONTACT_DAYS, contact_days

    if args.days is not None and not 0 <= args.days <= MAX_CONTACT_DAYS:
        raise UsageError(f"--days is 0..{MAX_CONTACT_DAYS}")
    if args.every is not None and args.every < MIN_EVERY_S:
        raise UsageError(f"--every is at least {MIN_EVERY_S} seconds")
    index = args.index or _reports_index()
    days = contact_days() if args.days is None else args.days
    if args.every is None:
        try:
            changed = _purge_once(index, days)
        except Exception as exc:
            raise ClinicsError(f"cannot purge the reports: {_reason(exc)}") from exc
        print(f"removed the contact from {changed} report(s) older than {days} days")
        return 0
    stop = threading.Event()
    # As PID 1 of a container, a process without a SIGTERM handler ignores `docker stop`.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.is_set():
        try:
            changed = _purge_once(index, days)
            print(f"removed the contact from {changed} report(s) older than {days} days")
        except Exception as exc:
            print(f"clinics reports purge: this round failed: {_reason(exc)}", file=sys.stderr)
        sys.stdout.flush()
        stop.wait(args.every)
    return 0

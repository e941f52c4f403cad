"""`clinics crawl SOURCE [-o FILE] [-s K=V] [-a K=V]`: one crawl through the real Scrapy engine.

Runs `scrapy crawl` from the repository root (scrapy.cfg), writes JSONL to FILE (default
data/crawl/<source>.jsonl), dead letters and a summary JSON next to it, and prints the
summary. With `-s JOBDIR=DIR` the crawl is resumable and the output is appended to.

SIGINT, SIGTERM and SIGHUP are passed on to the crawl, which stops gracefully (its JOBDIR
is then resumable); this command waits for it and exits with its status: the crawl's own
non-zero status (128 + N when it died of signal N), 128 + N when it stopped early after a
signal N passed on to it, 1 when it ended early otherwise, 0 when it finished.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("crawl", help="crawl one source into a JSONL file")
    parser.add_argument(
        "source", help="npi, findtreatment, clinic_sites or directory:<name> (see clinics sources)"
    )
    parser.add_argument("-o", "--output", help="JSONL file (default: data/crawl/<source>.jsonl)")
    parser.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Scrapy setting (repeatable), e.g. -s JOBDIR=data/jobs/npi",
    )
    parser.add_argument(
        "-a",
        "--arg",
        dest="arguments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="spider argument (repeatable), e.g. -a city=Houston",
    )
    parser.set_defaults(run=run)


def _pairs(values: list[str], flag: str) -> list[tuple[str, str]]:
    from clinics.errors import UsageError

    pairs = []
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{flag} {value!r}: expected NAME=VALUE")
        pairs.append((name.strip(), setting))
    return pairs


def run(args: argparse.Namespace) -> int:
    import signal
    from pathlib import Path

    from clinics.errors import ClinicsError, UsageError
    from crawler.catalog import UnknownSource, resolve
    from crawler.directory_config import ConfigError
    from crawler.run import run_scrapy_crawl
    from crawler.settings import CRAWL_OUTPUT_DIR

    try:
        spider, spider_args = resolve(args.source)
    except UnknownSource as exc:
        raise UsageError(str(exc)) from None
    except ConfigError as exc:
        raise ClinicsError(str(exc)) from None
    settings = _pairs(args.settings, "-s")
    arguments = _pairs(args.arguments, "-a")
    output = (
        Path(args.output)
        if args.output
        else Path(CRAWL_OUTPUT_DIR) / f"{args.source.replace(':', '-')}.jsonl"
    )
    result = run_scrapy_crawl(
        spider,
        output,
        settings=settings,
        arguments=[*spider_args.items(), *arguments],
        reraise_signals=False,  # the exit status says it (below)
    )
    if result.returncode != 0:
        status = result.returncode if result.returncode > 0 else 128 - result.returncode
        how = (
            f"was killed by signal {-result.returncode}"
            if result.returncode < 0
            else f"failed with status {result.returncode}"
        )
        raise _failed(f"scrapy crawl {spider} {how} (see the log above)", status)
    if result.summary is None:
        raise ClinicsError(f"the crawl wrote no summary at {result.summary_path}")
    if result.summary.get("finish_reason") != "finished":
        message = f"the crawl ended early: {result.summary.get('finish_reason')}"
        if result.forwarded_signal:
            name = signal.Signals(result.forwarded_signal).name
            raise _failed(
                f"{message} ({name} passed on; resume it with the same -s JOBDIR)",
                128 + result.forwarded_signal,
            )
        raise ClinicsError(message)
    return 0


def _failed(message: str, status: int):
    from clinics.errors import ClinicsError

    error = ClinicsError(message)
    error.exit_status = status
    return error

"""The `clinics` command: one subcommand per module in clinics/commands/.

Each command module defines register(subparsers) and keeps heavy imports inside its run
function, so `clinics --help` stays fast. A command module that fails to import is a bug and
stops the command with its error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from clinics.errors import ClinicsError

COMMAND_MODULES = (
    "es",
    "crawl",
    "extract",
    "sources",
    "index",
    "search",
    "status",
    "reports",
    "roles",
    "geocode",
    "ui",
    "demo",
    "import_",
    "api",
    "export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinics",
        description="Directory and search of anxiety-therapy and ketamine-therapy providers.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"clinics.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.run(args)
    except ClinicsError as exc:
        print(f"clinics {args.command}: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print(f"clinics {args.command}: interrupted", file=sys.stderr)
        return 130
    return int(status or 0)


if __name__ == "__main__":
    sys.exit(main())

"""An exported HSDS tabular package through `frictionless validate`, the third party's
reading (types, formats, required and unique fields, enums, primary and foreign keys)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def frictionless_report(datapackage: Path, timeout: int = 600) -> dict:
    """frictionless's JSON report on the package; fails the test, with the first problems
    of each table and of the package, unless it calls the package valid."""
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("frictionless")),
            "validate",
            "--json",
            str(datapackage),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    report = json.loads(done.stdout)
    problems = [
        (task.get("name"), error.get("message"))
        for task in report.get("tasks", ())
        for error in task.get("errors", ())[:3]
    ] + [error.get("message") for error in report.get("errors", ())[:3]]
    assert report["valid"], problems[:10]
    assert done.returncode == 0
    return report

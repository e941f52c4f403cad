"""Run `scrapy crawl` as a subprocess from the repository root (a fresh Twisted reactor
for every crawl) and read back the summary it wrote next to its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CrawlResult:
    returncode: int
    output: Path
    summary_path: Path
    summary: dict | None
    stdout: str | None = None
    stderr: str | None = None


def summary_path_for(output: Path, settings: Sequence[tuple[str, str]] = ()) -> Path:
    explicit = dict(settings).get("SUMMARY_FILE")
    if explicit:
        return Path(explicit)
    name = output.name
    for suffix in (".jsonl", ".jl", ".json", ".ndjson"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return output.with_name(name + ".summary.json")


def scrapy_command(
    spider: str,
    output: Path,
    *,
    settings: Sequence[tuple[str, str]] = (),
    arguments: Sequence[tuple[str, str]] = (),
) -> list[str]:
    append = any(name == "JOBDIR" for name, _ in settings)
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    command += ["-o" if append else "-O", f"{output}:jsonl"]
    for name, value in settings:
        command += ["-s", f"{name}={value}"]
    for name, value in arguments:
        command += ["-a", f"{name}={value}"]
    return command


def run_scrapy_crawl(
    spider: str,
    output: Path,
    *,
    settings: Sequence[tuple[str, str]] = (),
    arguments: Sequence[tuple[str, str]] = (),
    capture: bool = False,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> CrawlResult:
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    summary_path = summary_path_for(output, settings)
    if summary_path.exists():
        summary_path.unlink()
    command = scrapy_command(spider, output, settings=settings, arguments=arguments)
    completed = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=capture,
        text=True,
        timeout=timeout,
        check=False,
    )
    summary = (
        json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
    )
    return CrawlResult(
        completed.returncode, output, summary_path, summary, completed.stdout, completed.stderr
    )

"""Run `scrapy crawl` as a subprocess from the repository root (a fresh Twisted reactor
for every crawl) and read back the summary it wrote next to its output.

The wrapper passes SIGINT, SIGTERM and SIGHUP on to the crawl and waits for it: the crawl
runs in its own process group, so a terminal's Ctrl-C reaches it once (through us), and
`docker stop` (SIGTERM to the wrapper, often PID 1) stops it gracefully instead of leaving
it orphaned. Once the crawl has exited, the signal is raised again in the caller (Ctrl-C
becomes KeyboardInterrupt), except where the caller takes it from CrawlResult (`clinics
crawl` exits with the crawl's status). On Linux the crawl also gets SIGTERM if the
wrapper itself dies.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass
class CrawlResult:
    returncode: int
    output: Path
    summary_path: Path
    summary: dict | None
    stdout: str | None = None
    stderr: str | None = None
    forwarded_signal: int | None = None  # the last signal passed on to the crawl, if any


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


def _resuming(settings: Sequence[tuple[str, str]]) -> bool:
    """True when JOBDIR names a job that already ran."""
    jobdir = dict(settings).get("JOBDIR")
    if not jobdir:
        return False
    path = Path(jobdir)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path.is_dir() and any(path.iterdir())


def scrapy_command(
    spider: str,
    output: Path,
    *,
    settings: Sequence[tuple[str, str]] = (),
    arguments: Sequence[tuple[str, str]] = (),
) -> list[str]:
    append = any(name == "JOBDIR" for name, _ in settings)  # a resumable crawl appends
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    command += ["-o" if append else "-O", f"{output}:jsonl"]
    for name, value in settings:
        command += ["-s", f"{name}={value}"]
    for name, value in arguments:
        command += ["-a", f"{name}={value}"]
    return command


def _parent_death_signal():
    """A function for the child, between fork and exec, that asks Linux for SIGTERM when
    the parent dies (prctl PR_SET_PDEATHSIG); None elsewhere. Everything it needs is looked
    up here, in the parent: the child must not import or allocate before exec."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def set_parent_death_signal() -> None:
        prctl(pr_set_pdeathsig, int(signal.SIGTERM))
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return set_parent_death_signal


def run_forwarding_signals(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    capture: bool,
    timeout: float | None,
    reraise: bool = True,
) -> tuple[subprocess.CompletedProcess, int | None]:
    """Run the command like subprocess.run, passing our SIGINT/SIGTERM/SIGHUP on to it;
    returns the completed process and the last signal passed on (None if none).

    Once the command has exited, a signal that was passed on is raised again in this
    process (with the handler it had before: Ctrl-C becomes KeyboardInterrupt), unless
    `reraise` is False and the caller deals with it.
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
        text=True,
        process_group=0 if in_main_thread else None,
        preexec_fn=_parent_death_signal(),
    )
    forwarded: int | None = None
    previous: dict[int, object] = {}

    def forward(signum: int, _frame: object) -> None:
        nonlocal forwarded
        forwarded = signum
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)

    if in_main_thread:
        for number in FORWARDED_SIGNALS:
            previous[number] = signal.signal(number, forward)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
    if forwarded is not None and reraise:
        signal.raise_signal(forwarded)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), forwarded


def run_scrapy_crawl(
    spider: str,
    output: Path,
    *,
    settings: Sequence[tuple[str, str]] = (),
    arguments: Sequence[tuple[str, str]] = (),
    capture: bool = False,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    reraise_signals: bool = True,
) -> CrawlResult:
    """Run one crawl and read its summary. A SIGINT/SIGTERM/SIGHUP received meanwhile goes
    to the crawl (which stops gracefully) and is raised again here once it has exited,
    unless reraise_signals is False (then CrawlResult.forwarded_signal says which)."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    summary_path = summary_path_for(output, settings)
    if summary_path.exists():
        summary_path.unlink()
    if dict(settings).get("JOBDIR") and not _resuming(settings):
        output.unlink(missing_ok=True)  # a new resumable crawl starts an empty output
    command = scrapy_command(spider, output, settings=settings, arguments=arguments)
    completed, forwarded = run_forwarding_signals(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        capture=capture,
        timeout=timeout,
        reraise=reraise_signals,
    )
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = None
    return CrawlResult(
        completed.returncode,
        output,
        summary_path,
        summary,
        completed.stdout,
        completed.stderr,
        forwarded,
    )

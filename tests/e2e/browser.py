"""Debian's Chromium driven by Playwright (no browser download), and `clinics ui` on a port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
UI_START_TIMEOUT_S = 90


def chromium_missing() -> bool:
    return not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clinics_command() -> list[str]:
    found = shutil.which("clinics", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "clinics.cli"]


@contextmanager
def running_ui(env: dict[str, str], log_path: Path):
    """`clinics ui --port N` in the background; yields its base URL; stops it after."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*clinics_command(), "ui", "--port", str(port)],
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(base, process, log_path)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@contextmanager
def ui_over(es, es_url: str, documents: list[dict], name: str, **env: str):
    """`clinics ui` over `documents` behind a throw-away alias `test-NAME-...` (its reports
    index beside it), logging to artifacts/ui-NAME.log; yields the base URL, then drops
    the alias's indices. Keyword arguments are further environment variables."""
    from tests import builders

    alias = f"test-{name}-{uuid.uuid4().hex[:8]}"
    builders.create_alias(es, alias, documents)
    settings = {
        "ES_URL": es_url,
        "CLINICS_INDEX_ALIAS": alias,
        "CLINICS_REPORTS_INDEX": f"{alias}-reports",
        **env,
    }
    try:
        with running_ui(settings, SCREENSHOTS.parent / f"ui-{name}.log") as base:
            yield base
    finally:
        builders.drop(es, alias)


@contextmanager
def ui_engine_down(name: str):
    """`clinics ui` pointed at a port where no engine answers (artifacts/ui-NAME-down.log)."""
    settings = {"ES_URL": f"http://127.0.0.1:{free_port()}", "CLINICS_INDEX_ALIAS": "none"}
    with running_ui(settings, SCREENSHOTS.parent / f"ui-{name}-down.log") as base:
        yield base


def wait_for_health(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + UI_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"clinics ui exited early: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"clinics ui did not answer within {UI_START_TIMEOUT_S}s")


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Until Streamlit has finished the current script run (its status widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def card_titles(page) -> list[str]:
    """The bold first line of each result card, e.g. '1. Sample Bayou Ketamine Collective'."""
    return page.locator("[class*='st-key-card_'] p strong").all_inner_texts()

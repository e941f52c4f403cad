"""Crawl benchmark: pages/s with all pipelines on and off, and peak memory by crawl size.

    .venv/bin/python bench/crawl.py [--pages 5000] [--concurrency 16]

Crawls the generated fixture directory (listing pages of 20 profiles, served by the local
fixture server) through the real Scrapy engine three times in one run:
  1. all pipelines on, about --pages pages;
  2. pipelines off (ITEM_PIPELINES={}), same pages;
  3. all pipelines on, half the pages (peak memory must not grow with crawl size).
Prints pages/s of each, the on/off ratio (target >= 0.8) and the peak RSS of each crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from crawler.fixture_sites.generated import pages_of, write_generated_config  # noqa: E402
from crawler.fixture_sites.server import serve  # noqa: E402
from crawler.run import scrapy_command  # noqa: E402

PER_PAGE = 20


def run_crawl(
    base_url: str, workdir: Path, label: str, listing_pages: int, pipelines: bool, concurrency: int
) -> dict:
    config = write_generated_config(
        workdir / f"{label}.yaml", base_url, pages=listing_pages, per_page=PER_PAGE
    )
    output = workdir / f"{label}.jsonl"
    settings = [
        ("AUTOTHROTTLE_ENABLED", "0"),
        ("DOWNLOAD_DELAY", "0"),
        ("CONCURRENT_REQUESTS", str(concurrency)),
        ("CONCURRENT_REQUESTS_PER_DOMAIN", str(concurrency)),
        ("LOG_LEVEL", "WARNING"),
        ("HTTPCACHE_ENABLED", "0"),
        ("OPTOUT_FILE", ""),
    ]
    if not pipelines:
        settings.append(("ITEM_PIPELINES", "{}"))
    command = scrapy_command(
        "directory", output, settings=settings, arguments=[("config", str(config))]
    )
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    stdout = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(f"bench: crawl {label} failed with status {process.returncode}")
    summary = json.loads((workdir / f"{label}.summary.json").read_text())
    pages = summary["pages"]
    return {
        "label": label,
        "pipelines": pipelines,
        "pages": pages,
        "expected_pages": pages_of(listing_pages, PER_PAGE),
        "records": summary["records"],
        "crawl_s": summary["duration_s"],
        "wall_s": round(wall, 2),
        "pages_per_s": round(pages / summary["duration_s"], 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "printed_summary": bool(stdout.strip()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=int, default=5000, help="pages of the big crawls (default 5000)"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    listing_pages = -(-args.pages // (PER_PAGE + 1))  # ceil: each listing page brings 20 profiles
    server, base_url = serve()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
            workdir = Path(tmp)
            runs = [
                run_crawl(base_url, workdir, "on", listing_pages, True, args.concurrency),
                run_crawl(base_url, workdir, "off", listing_pages, False, args.concurrency),
                run_crawl(
                    base_url, workdir, "on_half", max(1, listing_pages // 2), True, args.concurrency
                ),
            ]
    finally:
        server.shutdown()
    print(
        f"{'crawl':<10}{'pipelines':>10}{'pages':>8}{'records':>9}{'seconds':>9}{'pages/s':>9}{'peak RSS MB':>13}"
    )
    for run in runs:
        print(
            f"{run['label']:<10}{'on' if run['pipelines'] else 'off':>10}{run['pages']:>8}{run['records']:>9}"
            f"{run['crawl_s']:>9.1f}{run['pages_per_s']:>9.1f}{run['peak_rss_mb']:>13.1f}"
        )
    on, off, half = runs
    ratio = on["pages_per_s"] / off["pages_per_s"]
    growth = on["peak_rss_mb"] / half["peak_rss_mb"]
    print(f"pages/s ratio pipelines on/off: {ratio:.2f} (target >= 0.80)")
    print(
        f"peak RSS {half['pages']} pages -> {on['pages']} pages: {half['peak_rss_mb']:.1f} MB -> "
        f"{on['peak_rss_mb']:.1f} MB (x{growth:.2f} for x{on['pages'] / half['pages']:.2f} the pages)"
    )
    print(json.dumps({"ratio": round(ratio, 3), "rss_growth": round(growth, 3), "runs": runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

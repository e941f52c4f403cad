"""UI benchmark: from submitting a search to results drawn in Chromium, against the search
module's own time for the same query.

    .venv/bin/python bench/ui.py [--runs 15]

Loads the fictional sample records (samples/providers.sample.jsonl) through the real
loader into an alias of its own, starts `clinics ui` on a free port, and in Debian's
Chromium alternates two searches (ZIP 77030 and 77006, filtered to ketamine-assisted
psychotherapy): type the ZIP, press Enter, stop the clock when the location line and the
first result card of the new search are on the page. Then times search.service.search()
in-process for the same two queries. Prints both medians and their ratio (UI / search).
Needs a running engine (ES_URL, default http://127.0.0.1:9200) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from search.types import SearchParams  # noqa: E402
from tests.e2e import browser  # noqa: E402

SAMPLES = REPO_ROOT / "samples" / "providers.sample.jsonl"
THERAPY = "ketamine_assisted_psychotherapy"
QUERIES = (("77030", "Houston, TX 77030"), ("77006", "Houston, TX 77006"))
WHERE_LABEL = "Where? ZIP code, city, address or “lat, lon”"


def load_samples(client, alias: str) -> None:
    from indexer.load import load_files

    result = load_files(client, [SAMPLES], mode="rebuild", alias=alias)
    print(f"loaded {result.documents} sample documents into {alias}")


def time_ui(base: str, runs: int) -> list[float]:
    seconds: list[float] = []
    with browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 1400})
        page.goto(f"{base}/?near=77006&therapy={THERAPY}")
        page.get_by_text(f"near {QUERIES[1][1]}").wait_for(timeout=120_000)
        browser.wait_until_idle(page)
        where = page.get_by_label(WHERE_LABEL)
        for run in range(runs + 1):  # the first round warms caches and is not counted
            zip_code, matched = QUERIES[run % 2]
            where.fill(zip_code)
            started = time.perf_counter()
            where.press("Enter")
            page.wait_for_function(
                """matched => {
                    const text = document.body.innerText;
                    return text.includes('near ' + matched)
                        && document.querySelector("[class*='st-key-card_1'] p strong") !== null
                        && !document.querySelector('[data-testid="stStatusWidget"]');
                }""",
                arg=matched,
                timeout=60_000,
                polling="raf",
            )
            if run:
                seconds.append(time.perf_counter() - started)
    return seconds


def time_search(client, alias: str, runs: int) -> list[float]:
    from search.service import search

    seconds: list[float] = []
    for run in range(runs + 1):
        zip_code, _ = QUERIES[run % 2]
        params = SearchParams(near_text=zip_code, therapies=(THERAPY,))
        started = time.perf_counter()
        response = search(client, params, index=alias)
        elapsed = time.perf_counter() - started
        assert response.hits, f"no results for {zip_code}"
        if run:
            seconds.append(elapsed)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if browser.chromium_missing():
        print(f"bench/ui.py: {browser.CHROMIUM} is missing (apt-get install chromium)")
        return 1

    from indexer.client import get_client

    es_url = os.environ.get("ES_URL", "http://127.0.0.1:9200").rstrip("/")
    os.environ["ES_URL"] = es_url
    client = get_client()
    alias = f"bench-ui-{uuid.uuid4().hex[:8]}"
    try:
        load_samples(client, alias)
        search_s = time_search(client, alias, args.runs)
        env = {
            "ES_URL": es_url,
            "CLINICS_INDEX_ALIAS": alias,
            "CLINICS_REPORTS_INDEX": f"{alias}-reports",
        }
        log = REPO_ROOT / "artifacts" / "bench-ui.log"
        with browser.running_ui(env, log) as base:
            ui_s = time_ui(base, args.runs)
    finally:
        client.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)

    ui_median = statistics.median(ui_s) * 1000
    search_median = statistics.median(search_s) * 1000
    print(f"runs per side: {args.runs} (after one warm-up each), alternating 77030 / 77006")
    print(f"search module  median {search_median:8.1f} ms  (min {min(search_s) * 1000:.1f})")
    print(f"UI in Chromium median {ui_median:8.1f} ms  (min {min(ui_s) * 1000:.1f})")
    print(f"ratio UI / search: {ui_median / search_median:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

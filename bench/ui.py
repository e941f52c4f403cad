"""UI benchmark: from an action in Chromium to its results drawn, against the search
module's own time for the same query.

    .venv/bin/python bench/ui.py [--runs 15] [--before DIR]

Loads the fictional sample records (samples/providers.sample.jsonl) through the real
loader into an alias of its own, starts `clinics ui` on a free port and times two actions
in Debian's Chromium:

- ZIP search: alternate two searches (ZIP 77030 and 77006, filtered to ketamine-assisted
  psychotherapy): type the ZIP, press Enter;
- filter toggle: at 77006 with the same therapy, tick and untick "Accepting new patients"
  in the open Filters popover (a mouse click where its label is);

and stops the clock when the new search is drawn: its location line, result count, first
card and number of cards are on the page, and no element of the previous run is left.

Then times search.service.search() in-process for the same queries. Prints each median and
its ratio to the search module's.

--before DIR serves a second copy of the app from another checkout (for example
`git worktree add /tmp/ui-before <commit>`) and interleaves the two, round by round, in the
same browser: the fair before/after on a shared machine. Needs a running engine (ES_URL,
default http://127.0.0.1:9200) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from search.types import SearchParams  # noqa: E402
from tests.e2e import browser  # noqa: E402

SAMPLES = REPO_ROOT / "samples" / "providers.sample.jsonl"
THERAPY = "ketamine_assisted_psychotherapy"
QUERIES = (("77030", "Houston, TX 77030"), ("77006", "Houston, TX 77006"))
FILTER_ZIP = "77006"
WHERE_LABEL = "Where? ZIP code, city, address or “lat, lon”"
ACCEPTING = re.compile(r"^Accepting new patients")

# Drawn: the new search's result count, first card and number of cards are on the page,
# and no element of the previous run is left (Streamlit marks them data-stale until the
# run that replaces them ends). Checked on every animation frame, so it reads textContent,
# which needs no layout (innerText would lay the page out each time and slow the page).
DRAWN = """want => {
    const count = document.querySelector('.result-count');
    const first = document.querySelector("[class*='st-key-card_1'] p strong");
    return document.body.textContent.includes(want.near)
        && count !== null && count.textContent.trim() === want.count
        && first !== null && first.textContent.trim() === want.first
        && document.querySelector('.st-key-card_' + want.cards) !== null
        && document.querySelector('.st-key-card_' + (want.cards + 1)) === null
        && !document.querySelector('[data-stale="true"]')
        && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def load_samples(client, alias: str) -> None:
    from indexer.load import load_files

    result = load_files(client, [SAMPLES], mode="rebuild", alias=alias)
    print(f"loaded {result.documents} sample documents into {alias}")


def filter_params(accepting: bool) -> SearchParams:
    return SearchParams(
        near_text=FILTER_ZIP, therapies=(THERAPY,), accepting_new_patients=accepting or None
    )


def search_params(zip_code: str) -> SearchParams:
    return SearchParams(near_text=zip_code, therapies=(THERAPY,))


def expected(client, alias: str, params: SearchParams) -> dict:
    """What the page shows for a search: place, result count, first card, number of cards."""
    from search.service import search

    response = search(client, params, index=alias)
    total = response.total
    return {
        "near": f"near {response.location.matched_name}",
        "count": "1 provider" if total == 1 else f"{total} providers",
        "first": f"1. {response.hits[0].name}",
        "cards": len(response.hits),
    }


def expectations(client, alias: str) -> dict:
    """{"search": [per ZIP of QUERIES], "filter": {False: ..., True: ...}}; each action
    must change what the page shows, or its end could not be seen."""
    wanted = {
        "search": [expected(client, alias, search_params(zip_code)) for zip_code, _ in QUERIES],
        "filter": {on: expected(client, alias, filter_params(on)) for on in (False, True)},
    }
    assert wanted["search"][0]["first"] != wanted["search"][1]["first"]
    assert wanted["filter"][False]["count"] != wanted["filter"][True]["count"]
    return wanted


TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, CPU seconds used, command line) of every process (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / TICKS,
            command,
        )
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants so far."""
    table = _processes()
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        if current in table:
            total += table[current][1]
            todo.extend(child for child, row in table.items() if row[0] == current)
    return total


def server_pid(base: str) -> int:
    """The Streamlit process serving base (`clinics ui` becomes it with exec)."""
    flag = f"--server.port={base.rsplit(':', 1)[1]}"
    return next(pid for pid, row in _processes().items() if flag in row[2].split())


def browser_pid(seen: set[int]) -> int:
    """The main process of the Chromium launched after `seen` was taken."""
    return next(
        pid
        for pid, (_, _, command) in _processes().items()
        if pid not in seen and "chromium" in command.split(" ")[0] and "--type=" not in command
    )


class Tab:
    """One app in a Chromium of its own, so the CPU each uses can be told apart."""

    def __init__(self, stack: ExitStack, playwright, base: str) -> None:
        seen = set(_processes())
        chromium = playwright.chromium.launch(
            executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS
        )
        stack.callback(chromium.close)
        self.pids = (server_pid(base), browser_pid(seen))
        self.base = base
        self.page = chromium.new_page(viewport={"width": 1280, "height": 1400})
        self.accepting = False

    def open(self, query: str, marker: str) -> None:
        self.page.goto(f"{self.base}/?{query}")
        self.page.get_by_text(marker).first.wait_for(timeout=120_000)
        browser.wait_until_idle(self.page)

    def cpu(self) -> tuple[float, float]:
        return cpu_seconds(self.pids[0]), cpu_seconds(self.pids[1])

    def measured(self, act, wanted: dict) -> tuple[float, float, float]:
        """(seconds to drawn, server CPU seconds, browser CPU seconds) of one action; the
        CPU counted until the run has ended and the page is idle."""
        before = self.cpu()
        started = time.perf_counter()
        act()
        self.page.wait_for_function(DRAWN, arg=wanted, timeout=60_000, polling="raf")
        elapsed = time.perf_counter() - started
        browser.wait_until_idle(self.page)
        after = self.cpu()
        return elapsed, after[0] - before[0], after[1] - before[1]

    def search_once(self, run: int, wanted: dict) -> tuple[float, float, float]:
        zip_code, _ = QUERIES[run % 2]
        where = self.page.get_by_label(WHERE_LABEL)
        where.fill(zip_code)
        return self.measured(lambda: where.press("Enter"), wanted["search"][run % 2])

    def filter_once(self, wanted: dict) -> tuple[float, float, float]:
        """Click the checkbox's label where it is (found before the clock starts)."""
        body = self.page.get_by_test_id("stPopoverBody")
        if not body.is_visible():
            self.page.get_by_role("button", name="Filters").click()
            body.wait_for(timeout=30_000)
        box = body.get_by_text(ACCEPTING)
        box.scroll_into_view_if_needed(timeout=30_000)
        where = box.bounding_box(timeout=30_000)
        self.accepting = not self.accepting
        x, y = where["x"] + 10, where["y"] + where["height"] / 2
        return self.measured(lambda: self.page.mouse.click(x, y), wanted["filter"][self.accepting])


def time_ui(bases: dict[str, str], runs: int, wanted: dict) -> dict:
    """{app: {"search": [(s, server CPU s, browser CPU s)...], "filter": [...]}}, the apps
    interleaved round by round."""
    seconds: dict[str, dict[str, list]] = {name: {"search": [], "filter": []} for name in bases}
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack:
        playwright = stack.enter_context(sync_playwright())
        tabs = {name: Tab(stack, playwright, base) for name, base in bases.items()}
        for tab in tabs.values():
            tab.open(f"near=77006&therapy={THERAPY}", f"near {QUERIES[1][1]}")
        for run in range(runs + 1):  # the first round warms caches and is not counted
            for name, tab in tabs.items():
                measured = tab.search_once(run, wanted)
                if run:
                    seconds[name]["search"].append(measured)
        for tab in tabs.values():
            tab.open(f"near={FILTER_ZIP}&therapy={THERAPY}", f"near {QUERIES[1][1]}")
        for run in range(runs + 1):
            for name, tab in tabs.items():
                measured = tab.filter_once(wanted)
                if run:
                    seconds[name]["filter"].append(measured)
    return seconds


def time_search(client, alias: str, runs: int) -> dict[str, list[float]]:
    from search.service import search

    seconds: dict[str, list[float]] = {"search": [], "filter": []}
    for run in range(runs + 1):
        zip_code, _ = QUERIES[run % 2]
        for kind, params in (
            ("search", search_params(zip_code)),
            ("filter", filter_params(run % 2 == 1)),
        ):
            started = time.perf_counter()
            response = search(client, params, index=alias)
            elapsed = time.perf_counter() - started
            assert response.hits, f"no results for {params}"
            if run:
                seconds[kind].append(elapsed)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        help="another checkout of the repository whose app is timed alongside, interleaved",
    )
    args = parser.parse_args()
    if browser.chromium_missing():
        print(f"bench/ui.py: {browser.CHROMIUM} is missing (apt-get install chromium)")
        return 1
    if args.before is not None and not (args.before / "ui" / "app.py").is_file():
        print(f"bench/ui.py: {args.before} holds no ui/app.py")
        return 1

    from indexer.client import get_client

    es_url = os.environ.get("ES_URL", "http://127.0.0.1:9200").rstrip("/")
    os.environ["ES_URL"] = es_url
    client = get_client()
    alias = f"bench-ui-{uuid.uuid4().hex[:8]}"
    env = {
        "ES_URL": es_url,
        "CLINICS_INDEX_ALIAS": alias,
        "CLINICS_REPORTS_INDEX": f"{alias}-reports",
    }
    try:
        load_samples(client, alias)
        wanted = expectations(client, alias)
        search_s = time_search(client, alias, args.runs)
        with ExitStack() as stack:
            bases = {}
            if args.before is not None:
                before_env = {**env, "PYTHONPATH": str(args.before.resolve())}
                log = REPO_ROOT / "artifacts" / "bench-ui-before.log"
                bases["before"] = stack.enter_context(browser.running_ui(before_env, log))
            log = REPO_ROOT / "artifacts" / "bench-ui.log"
            bases["now"] = stack.enter_context(browser.running_ui(env, log))
            ui_s = time_ui(bases, args.runs, wanted)
    finally:
        client.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:8.1f} ms  (min {min(values) * 1000:.1f})"

    print(f"runs per side: {args.runs} (after one warm-up each)")
    if args.before is not None:
        print(f"before: the app of {args.before}, interleaved round by round with this one")
    titles = {
        "search": "ZIP search, alternating 77030 / 77006:",
        "filter": f"filter toggle, 'Accepting new patients' on / off at {FILTER_ZIP}:",
    }
    for kind, title in titles.items():
        search_median = statistics.median(search_s[kind])
        print(title)
        print(f"  search module           median {ms(search_s[kind])}")
        for name in bases:
            label = "UI in Chromium" + (f" ({name})" if args.before is not None else "")
            rows = ui_s[name][kind]
            wall = [row[0] for row in rows]
            median = statistics.median(wall)
            print(
                f"  {label:<23} median {ms(wall)}  ratio UI / search {median / search_median:.1f}x"
            )
            server = statistics.median(row[1] for row in rows) * 1000
            chrome = statistics.median(row[2] for row in rows) * 1000
            print(f"  {'':<23} CPU per action: server {server:.0f} ms, Chromium {chrome:.0f} ms")
        if args.before is not None:
            change = statistics.median(row[0] for row in ui_s["now"][kind]) / statistics.median(
                row[0] for row in ui_s["before"][kind]
            )
            print(f"  now / before: {change:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

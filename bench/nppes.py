"""NPPES import benchmark: `clinics import nppes` against csv.reader and bare line reading.

    .venv/bin/python bench/nppes.py [--rows 1000000] [--memory-rows 100000] [--zip]

Writes a synthetic NPPES monthly file of --rows rows in the exact published format
(crawler.fixture_sites.nppes_file: the 330 quoted columns, ISO-8859-1, about 10 %
behavioral-health rows, deactivated NPIs, 5- and 9-digit ZIPs, a pl_pfile of further
practice locations) and times, each in its own process, on the same file:

  (a) `clinics import nppes FILE -o OUT` (the whole command, start-up included);
  (b) Python's csv.reader over the file, doing nothing else (the naive floor);
  (c) reading the file's lines only (the I/O limit);
  (a1) the import's first stage alone, in one process: the blocks, the search for mapped
       codes and the CSV parse of the lines that hold one, without mapping, pipelines or
       output (what skipping costs; with workers, they do it).

Prints the seconds, rows/s, each against (b), the CPU seconds (user + system, the worker
processes' included), the peak RSS (of the largest process: the import's main process, or
one of its workers) and the peak of the summed PSS of the process and its children (sampled
from /proc/<pid>/smaps_rollup every 0.2 s: with worker processes, memory is the sum over
them, pages shared copy-on-write counted once); then the import's peak RSS on the first --memory-rows rows of the same
file (memory must stay flat as the file grows) and the time projected for the
9,000,000-row national file. With --repeat N, (b) and (a) run N times, alternating, and
the best time of each is kept: on a shared machine the load changes from one minute to
the next, and the best of interleaved runs is what the code costs, not what the
neighbours ran meanwhile. With --workers-list 1 2, (a) runs once per worker count
(`--workers N`) in each round, and the outputs are compared byte for byte. Targets:
(a) / (b) <= 1.0; the import's peak memory (the summed PSS with workers) under 200 MB and
flat.

With --load, the import is then loaded together with the real SAMHSA locator export
(../shared/data, or CLINICS_SHARED_DATA; imported with `clinics import table`) by
`clinics index --mode rebuild` into a throw-away alias of the engine at ES_URL (or of a
node this bench starts and stops), and the load's rate, peak RSS, documents and merges
are printed.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from crawler.bulk import nppes_format as fmt  # noqa: E402

# The bench process stays small: peak RSS is read from each child's rusage, and a child
# forked from a big parent starts with the parent's pages counted. The synthetic file is
# written by a child too.
MAIN_NAME = "npidata_pfile_20050523-20250608.csv"
LOCATIONS_NAME = "pl_pfile_20050523-20250608.csv"

SAMHSA = Path("samhsa") / "mental_health_facilities_2020.csv"
NATIONAL_ROWS = 9_000_000
RSS_TARGET_MB = 200

CSV_FLOOR = f"""
import csv, sys
with open(sys.argv[1], encoding={fmt.ENCODING!r}, newline="") as handle:
    rows = sum(1 for _ in csv.reader(handle)) - 1
print(rows)
"""
# The import's first stage alone: the blocks, the search for mapped codes, the CSV parse of
# the candidate lines; no mapping, no pipelines, no output.
SCAN_ONLY = """
import sys
from crawler.bulk.nppes import _candidates, _parse, _ranges, _read_block
rows = candidates = 0
with open(sys.argv[1], "rb") as handle:
    handle.readline()
    for offset, length in _ranges(handle.fileno(), handle.tell()):
        chunk = _read_block(handle.fileno(), offset, length)
        rows += chunk.count(b"\\n")
        for _offset, line in _candidates(chunk):
            candidates += 1
            _parse(line.decode("iso-8859-1"))
print(rows, candidates)
"""
GENERATE = """
import csv, json, sys
from crawler.fixture_sites.nppes_file import facility_as_nppes, write_nppes
extra = []
if len(sys.argv) > 4:  # every 20th SAMHSA facility is listed in the NPPES file too
    with open(sys.argv[4], encoding="utf-8", newline="") as handle:
        extra = [facility_as_nppes(r) for i, r in enumerate(csv.DictReader(handle)) if i % 20 == 0]
w = write_nppes(sys.argv[1], int(sys.argv[2]), zipped=sys.argv[3] == "1", extra_rows=extra)
print(json.dumps({"main": str(w.main), "zip": str(w.zip) if w.zip else None, "rows": w.rows,
                  "bytes": w.bytes, "kinds": w.kinds, "pl": w.practice_locations}))
"""
LINES_ONLY = """
import sys
with open(sys.argv[1], "rb", buffering=1 << 20) as handle:
    rows = sum(1 for _ in handle) - 1
print(rows)
"""


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc/*/stat)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")"
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class PssSampler(threading.Thread):
    """The peak, over samples every 0.2 s, of the summed PSS of a process and its
    descendants (the import's workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.most_processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            tree, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += _children(pid)
            total = sum(_pss_kb(pid) for pid in tree)
            self.peak_kb = max(self.peak_kb, total)
            self.most_processes = max(self.most_processes, len(tree))


def timed_rss(label: str, command: list[str], env: dict | None = None) -> dict:
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    sampler = PssSampler(process.pid)
    sampler.start()
    stdout = process.stdout.read() if process.stdout else ""
    stderr = process.stderr.read() if process.stderr else ""
    sampler.done.set()
    sampler.join()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: {label} failed: {stderr.strip()[-500:]}")
    return {
        "label": label,
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "peak_pss_sum_mb": round(sampler.peak_kb / 1024, 1),
        "processes": sampler.most_processes,
        "stdout": stdout.strip(),
    }


def best(runs: list[dict]) -> dict:
    """The fastest of repeated runs of one task (its CPU seconds the least too)."""
    fastest = dict(min(runs, key=lambda run: run["seconds"]))
    fastest["cpu_seconds"] = min(run["cpu_seconds"] for run in runs)
    fastest["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    fastest["peak_pss_sum_mb"] = max(run["peak_pss_sum_mb"] for run in runs)
    fastest["repeats"] = len(runs)
    return fastest


def import_command(source: Path, output: Path, workers: int | None = None) -> list[str]:
    command = [sys.executable, "-m", "clinics.cli", "import", "nppes", str(source)]
    command += ["-o", str(output)]
    return command + (["--workers", str(workers)] if workers else [])


def import_label(workers: int | None) -> str:
    if workers is None:
        return "(a) clinics import nppes"
    return f"(a) import, {workers} worker{'s' if workers > 1 else ''}"


def head_copy(folder: Path, target: Path, rows: int) -> Path:
    """The first `rows` rows of the main file (and their practice locations) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    last_npi = ""
    with (
        open(folder / MAIN_NAME, "rb") as src,
        open(target / MAIN_NAME, "wb") as dst,
    ):
        dst.write(src.readline())
        for _ in range(rows):
            line = src.readline()
            if not line:
                break
            dst.write(line)
            last_npi = line[1:11].decode()
    with (
        open(folder / LOCATIONS_NAME, "rb") as src,
        open(target / LOCATIONS_NAME, "wb") as dst,
    ):
        dst.write(src.readline())
        for line in src:
            if line[1:11].decode() <= last_npi:
                dst.write(line)
    return target / MAIN_NAME


def shared_data() -> Path:
    configured = os.environ.get("CLINICS_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT / ".." / "shared" / "data"


def load_figures(work: Path, npi_jsonl: Path) -> dict:
    """Import the real SAMHSA export, load it with the NPPES import, count what came out."""
    samhsa = shared_data() / SAMHSA
    if not samhsa.is_file():
        raise SystemExit(f"bench: --load needs {samhsa} (set CLINICS_SHARED_DATA)")
    engine = None
    env = dict(os.environ)
    if not env.get("ES_URL"):
        engine = start_engine(work / "engine")
        env["ES_URL"] = engine.es_url
    alias = f"bench-nppes-{os.getpid()}"
    env["CLINICS_INDEX_ALIAS"] = alias
    try:
        table = timed_rss(
            "import table (SAMHSA)",
            [sys.executable, "-m", "clinics.cli", "import", "table", str(samhsa),
             "--source", "samhsa_locator_2020", "-o", str(work / "samhsa.jsonl")],
        )  # fmt: skip
        table_summary = json.loads((work / "samhsa.summary.json").read_text())
        load = timed_rss(
            "clinics index (rebuild)",
            [sys.executable, "-m", "clinics.cli", "index", str(npi_jsonl),
             str(work / "samhsa.jsonl"), "--mode", "rebuild", "--alias", alias],
            env=env,
        )  # fmt: skip
        counts = subprocess.run(
            [sys.executable, "-c", COUNT_DOCS, alias],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if counts.returncode != 0:
            raise SystemExit(f"bench: counting documents failed: {counts.stderr.strip()[-800:]}")
        return {
            "table": table,
            "table_rows": table_summary["rows_read"],
            "table_records": table_summary["records"],
            "load": load,
            **json.loads(counts.stdout),
        }
    finally:
        subprocess.run(
            [sys.executable, "-c", DROP_ALIAS, alias], cwd=REPO_ROOT, env=env, check=False
        )
        if engine is not None:
            stop_engine(engine)


def start_engine(home: Path):
    import socket
    from dataclasses import replace

    from clinics import engine, settings

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = replace(
        settings.load(),
        es_url=f"http://127.0.0.1:{port}",
        engine_home=home,
        engine_heap=os.environ.get("CLINICS_ENGINE_HEAP", "1g"),
    )
    engine.start(config)
    return config


def stop_engine(config) -> None:
    from clinics import engine

    engine.stop(config)


COUNT_DOCS = """
import json, sys
from indexer.client import get_client
alias = sys.argv[1]
es = get_client(request_timeout=120)
es.indices.refresh(index=alias)
both = {"bool": {"filter": [{"term": {"source_names": "npi"}},
                            {"term": {"source_names": "samhsa_locator_2020"}}]}}
print(json.dumps({
    "documents": es.count(index=alias)["count"],
    "documents_npi_and_samhsa": es.count(index=alias, query=both)["count"],
}))
"""
DROP_ALIAS = """
import sys
from indexer.client import get_client
es = get_client(request_timeout=120)
alias = sys.argv[1]
es.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows (default 1,000,000)")
    parser.add_argument(
        "--memory-rows",
        type=int,
        nargs="*",
        default=[100_000],
        help="smaller files (first rows of the big one) to compare peak RSS (default 100,000)",
    )
    parser.add_argument("--zip", action="store_true", help="also time the import from the zip")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run (b) and (a) this many times, alternating, and keep the best of each",
    )
    parser.add_argument("--workdir", help="keep the files here (default: a temp dir)")
    parser.add_argument(
        "--workers-list",
        type=int,
        nargs="+",
        help="time (a) with each of these --workers counts (default: the command's default)",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="then load the import with the real SAMHSA export into a throw-away alias",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-nppes-") as tmp:
        work = Path(args.workdir or tmp)
        folder = work / f"nppes-{args.rows}"
        started = time.monotonic()
        generate = [
            sys.executable,
            "-c",
            GENERATE,
            str(folder),
            str(args.rows),
            "1" if args.zip else "0",
            *([str(shared_data() / SAMHSA)] if args.load else []),
        ]
        # A --workdir keeps the file: the same arguments use it again instead of writing it
        made = folder / "written.json"
        if made.is_file() and json.loads(made.read_text()).get("command") == generate[3:]:
            written = json.loads(made.read_text())
        else:
            generated = subprocess.run(
                generate, cwd=REPO_ROOT, check=True, capture_output=True, text=True
            )
            written = json.loads(generated.stdout)
            made.write_text(json.dumps({**written, "command": generate[3:]}))
        print(
            f"synthetic file: {written['rows']:,} rows, {written['bytes'] / 1e6:,.1f} MB, "
            f"{written['pl']:,} further practice locations, kinds {written['kinds']} "
            f"(written in {time.monotonic() - started:.0f} s)",
            flush=True,
        )
        main_file = Path(written["main"])
        counts: list[int | None] = list(args.workers_list or [None])
        outputs = {w: work / (f"a{w}.jsonl" if w else "a.jsonl") for w in counts}
        floors: list[dict] = []
        imports: dict[int | None, list[dict]] = {w: [] for w in counts}
        for _ in range(max(1, args.repeat)):
            floors.append(
                timed_rss("(b) csv.reader", [sys.executable, "-c", CSV_FLOOR, str(main_file)])
            )
            for w in counts:
                imports[w].append(
                    timed_rss(import_label(w), import_command(main_file, outputs[w], w))
                )
        runs = [
            timed_rss("(c) read lines", [sys.executable, "-c", LINES_ONLY, str(main_file)]),
            best(floors),
            *(best(imports[w]) for w in counts),
            timed_rss(
                "(a1) its scan and parse only", [sys.executable, "-c", SCAN_ONLY, str(main_file)]
            ),
        ]
        first_output = outputs[counts[0]]
        summary = json.loads(first_output.with_suffix(".summary.json").read_text())
        # compared in small reads: a bench process grown big would inflate the peak RSS of
        # the processes it starts next (a child starts with its parent's peak)
        same_output = all(filecmp.cmp(outputs[w], first_output, shallow=False) for w in counts[1:])
        if args.zip and written["zip"]:
            runs.append(
                timed_rss(
                    "(a) ... from the zip", import_command(Path(written["zip"]), work / "z.jsonl")
                )
            )
        loaded = load_figures(work, first_output) if args.load else None
        memory = []
        for rows in sorted(r for r in args.memory_rows if r < args.rows):
            small = head_copy(folder, work / f"nppes-{rows}", rows)
            for w in counts:
                run = timed_rss(
                    f"{import_label(w)}, {rows:,} rows",
                    import_command(small, work / f"m{rows}.jsonl", w),
                )
                run["rows"], run["workers"] = rows, w
                memory.append(run)

    floor, floor_cpu = runs[1]["seconds"], runs[1]["cpu_seconds"]
    rows = written["rows"]
    if args.repeat > 1:
        print(f"(b) and (a): the best of {args.repeat} alternating runs each")
    print(
        f"{'task':<30}{'seconds':>8}{'rows/s':>11}{'/ (b)':>7}"
        f"{'CPU s':>7}{'/ (b)':>7}{'peak RSS MB':>13}{'PSS sum MB':>12}"
    )
    for run in runs:
        print(
            f"{run['label']:<30}{run['seconds']:>8.1f}{rows / run['seconds']:>11,.0f}"
            f"{run['seconds'] / floor:>7.2f}{run['cpu_seconds']:>7.1f}"
            f"{run['cpu_seconds'] / floor_cpu:>7.2f}{run['peak_rss_mb']:>13.1f}"
            f"{run['peak_pss_sum_mb']:>12.1f}"
        )
    a, b, c = runs[2], runs[1], runs[0]
    if len(counts) > 1:
        print(
            f"outputs of {', '.join(r['label'] for r in runs[2:-1])}: "
            f"{'byte-identical' if same_output else 'DIFFERENT'}"
        )
    print(
        f"import: {summary['rows_kept']:,} providers kept, {summary['records']:,} records; "
        f"rows dropped {summary['rows_dropped']}; records dropped {summary['records_dropped']}"
    )
    for w, a in zip(counts, runs[2:-1], strict=True):
        print(
            f"ratios{'' if w is None else f', {w} worker(s)'}: (a)/(b) "
            f"{a['seconds'] / b['seconds']:.2f} (target <= 1.00; CPU "
            f"{a['cpu_seconds'] / b['cpu_seconds']:.2f}), "
            f"(a)/(c) {a['seconds'] / c['seconds']:.1f}, (b)/(c) {b['seconds'] / c['seconds']:.1f}"
        )
    for run in memory:
        a = runs[2 + counts.index(run["workers"])]
        print(
            f"peak memory of {import_label(run['workers'])}"
            f": {run['rows']:,} rows RSS {run['peak_rss_mb']:.1f} MB, PSS sum "
            f"{run['peak_pss_sum_mb']:.1f} MB -> {rows:,} rows RSS {a['peak_rss_mb']:.1f} MB, "
            f"PSS sum {a['peak_pss_sum_mb']:.1f} MB (x{a['peak_pss_sum_mb'] / run['peak_pss_sum_mb']:.2f} "
            f"for x{rows / run['rows']:.0f} the rows; target < {RSS_TARGET_MB} MB, flat)"
        )
    for a in runs[2:-1]:
        print(
            f"projected for the {NATIONAL_ROWS:,}-row national file: {a['label']} "
            f"{a['seconds'] / rows * NATIONAL_ROWS / 60:.1f} min, (b) "
            f"{b['seconds'] / rows * NATIONAL_ROWS / 60:.1f} min, "
            f"(c) {c['seconds'] / rows * NATIONAL_ROWS / 60:.1f} min"
        )
    if loaded:
        load, records = loaded["load"], summary["records"] + loaded["table_records"]
        print(
            f"SAMHSA import: {loaded['table_rows']:,} rows -> {loaded['table_records']:,} records "
            f"in {loaded['table']['seconds']:.1f} s ({loaded['table_rows'] / loaded['table']['seconds']:,.0f} rows/s), "
            f"peak RSS {loaded['table']['peak_rss_mb']:.1f} MB"
        )
        print(
            f"load (clinics index --mode rebuild): {records:,} records -> "
            f"{loaded['documents']:,} documents in {load['seconds']:.1f} s "
            f"({records / load['seconds']:,.0f} records/s), peak RSS {load['peak_rss_mb']:.1f} MB; "
            f"{records - loaded['documents']:,} records merged into another's document, "
            f"{loaded['documents_npi_and_samhsa']:,} documents listed by both NPPES and SAMHSA"
        )
    print(
        json.dumps(
            {
                "rows": rows,
                "bytes": written["bytes"],
                "runs": [{k: v for k, v in r.items() if k != "stdout"} for r in runs],
                "memory": [{k: v for k, v in r.items() if k != "stdout"} for r in memory],
                "same_output": same_output,
                "load": {k: v for k, v in (loaded or {}).items() if k not in ("table", "load")},
                "import_summary": {
                    k: summary.get(k)
                    for k in ("rows_read", "rows_kept", "records", "rows_dropped", "duration_s")
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

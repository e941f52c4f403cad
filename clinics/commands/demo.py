"""`clinics demo`: the whole pipeline on embedded defaults, then the UI.

engine -> crawl the fixture sources (fictional sites served on 127.0.0.1) -> index them with
the sample records -> one search from Elasticsearch -> serve the UI.
"""

from __future__ import annotations

import argparse

DEMO_SEARCH = [
    "--near",
    "77030",
    "--radius-mi",
    "15",
    "--therapy",
    "ketamine_assisted_psychotherapy",
]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="run everything on embedded sample data, then the UI")
    parser.add_argument("--port", type=int, default=None, help="UI port (default 8501)")
    parser.add_argument(
        "--no-ui", action="store_true", help="stop after the search instead of serving the UI"
    )
    parser.set_defaults(run=run)


def _step(number: int, text: str) -> None:
    print(f"\n== demo {number}/5: {text}", flush=True)


def run(args: argparse.Namespace) -> int:
    from clinics import engine, settings
    from clinics.cli import main as clinics_main
    from clinics.errors import ClinicsError
    from clinics.settings import REPO_ROOT
    from crawler.fixture_sites.crawl_all import crawl_all_fixture_sources

    config = settings.load()

    _step(1, f"Elasticsearch at {config.es_url}")
    if config.es_host in ("127.0.0.1", "localhost"):
        current = engine.start(config)
    else:
        current = engine.status(config)
        if not current.reachable:
            raise ClinicsError(current.detail)
    print(f"Elasticsearch {current.version}: {current.health}")

    _step(2, "crawl the fixture sources (fictional sites on 127.0.0.1) with the real Scrapy engine")
    crawl_dir = config.data_dir / "demo" / "crawls"
    crawl_dir.mkdir(parents=True, exist_ok=True)
    results = crawl_all_fixture_sources(crawl_dir)
    files = []
    for source, result in results.items():
        summary = result.summary or {}
        if result.returncode != 0:
            raise ClinicsError(
                f"crawl of {source} failed (exit {result.returncode}); see {result.summary_path}"
            )
        print(
            f"{source:<18} pages {summary.get('pages', '?'):>3}  records {summary.get('records', '?'):>3}"
            f"  dropped {summary.get('dropped', {})}  -> {result.output}"
        )
        files.append(str(result.output))
    files.append(str(REPO_ROOT / "samples" / "providers.sample.jsonl"))

    _step(3, "classify, geocode, merge and load into a new index behind the alias")
    status = clinics_main(["index", *files, "--mode", "rebuild"])
    if status:
        return status

    _step(4, "search: ketamine-assisted psychotherapy within 15 miles of 77030")
    status = clinics_main(["search", *DEMO_SEARCH])
    if status:
        return status

    if args.no_ui:
        print("\ndemo done (--no-ui). Start the UI with: clinics ui")
        return 0
    _step(5, "serve the UI")
    ui_args = ["ui"] + (["--port", str(args.port)] if args.port else [])
    return clinics_main(ui_args)

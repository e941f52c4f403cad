"""A directory config for the generated fixture directory (/bench/...): the benchmark and
the resume test crawl it with the `directory` spider and `-a config=PATH`."""

from __future__ import annotations

from pathlib import Path

import yaml

EXAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "sources" / "example.yaml"


def write_generated_config(
    path: Path, base_url: str, *, pages: int, per_page: int = 20, delay_ms: int = 0
) -> Path:
    """Write a config crawling `pages` listing pages of `per_page` profiles each."""
    config = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    config["name"] = "generated"
    config["title"] = f"Generated fixture directory ({pages} x {per_page})"
    config["base_url"] = base_url
    config["start_urls"] = [f"/bench/list/1?pages={pages}&per={per_page}&delay_ms={delay_ms}"]
    config["max_pages"] = pages + 1
    path = Path(path)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def pages_of(pages: int, per_page: int) -> int:
    """HTTP pages a crawl of the generated directory fetches (listings + profiles + robots)."""
    return pages + pages * per_page + 1

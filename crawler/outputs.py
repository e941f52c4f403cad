"""Where a crawl writes: the JSONL feed, its dead letters and its summary, side by side.

`clinics crawl -o data/crawl/npi.jsonl` gives data/crawl/npi.dead.jsonl and
data/crawl/npi.summary.json. DEAD_LETTER_FILE and SUMMARY_FILE override the derived paths;
without a feed they go to CRAWL_OUTPUT_DIR under the spider's name.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy.settings import BaseSettings


def feed_path(settings: BaseSettings) -> Path | None:
    """The first local file among the FEEDS, if any."""
    feeds = settings.getdict("FEEDS")
    for uri in feeds:
        text = str(uri)
        parts = urlsplit(text)
        if parts.scheme in ("", "file") or len(parts.scheme) == 1:  # C:\ on Windows
            local = unquote(parts.path) if parts.scheme == "file" else text
            if "%(" not in local:
                return Path(local)
    return None


def _stem(path: Path) -> Path:
    name = path.name
    for suffix in (".jsonl", ".jl", ".json", ".ndjson"):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)])
    return path


def _default_base(settings: BaseSettings, spider_name: str) -> Path:
    feed = feed_path(settings)
    if feed is not None:
        return _stem(feed)
    safe = spider_name.replace(":", "-")
    return Path(settings.get("CRAWL_OUTPUT_DIR") or "data/crawl") / safe


def dead_letter_path(settings: BaseSettings, spider_name: str) -> Path:
    explicit = settings.get("DEAD_LETTER_FILE")
    if explicit:
        return Path(explicit)
    base = _default_base(settings, spider_name)
    return base.with_name(base.name + ".dead.jsonl")


def summary_path(settings: BaseSettings, spider_name: str) -> Path:
    explicit = settings.get("SUMMARY_FILE")
    if explicit:
        return Path(explicit)
    base = _default_base(settings, spider_name)
    return base.with_name(base.name + ".summary.json")

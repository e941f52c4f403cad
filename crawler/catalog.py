"""The sources the crawler knows: spider names, their arguments, and directory configs.

A source is `npi`, `findtreatment`, `clinic_sites` or `directory:<name>` (a YAML config
under crawler/sources/). `resolve` turns a source into a spider name and arguments.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from crawler.directory_config import available, config_path, load_config

SPIDER_CLASSES = {
    "npi": "crawler.spiders.npi:NpiSpider",
    "findtreatment": "crawler.spiders.findtreatment:FindTreatmentSpider",
    "clinic_sites": "crawler.spiders.clinic_sites:ClinicSitesSpider",
    "directory": "crawler.spiders.directory:DirectorySpider",
}


class UnknownSource(ValueError):
    pass


@dataclass(frozen=True)
class SourceInfo:
    source: str
    spider: str
    summary: str
    arguments: dict[str, str]


def spider_class(spider: str) -> type:
    module_name, _, class_name = SPIDER_CLASSES[spider].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def resolve(source: str, sources_dir: Path | None = None) -> tuple[str, dict[str, str]]:
    """(spider name, extra spider arguments) for a source name; raises UnknownSource."""
    if source.startswith("directory:"):
        name = source.split(":", 1)[1]
        path = config_path(name, sources_dir)
        if not path.exists():
            known = ", ".join(f"directory:{n}" for n in available(sources_dir)) or "none"
            raise UnknownSource(f"no directory config {path} (known: {known})")
        load_config(path)  # a bad config fails here, in one line
        return "directory", {"name": name}
    if source in SPIDER_CLASSES:
        return source, {}
    raise UnknownSource(
        f"unknown source {source!r} (known: {', '.join(known_sources(sources_dir))})"
    )


def known_sources(sources_dir: Path | None = None) -> list[str]:
    names = [name for name in SPIDER_CLASSES if name != "directory"]
    return names + [f"directory:{name}" for name in available(sources_dir)]


def describe(sources_dir: Path | None = None) -> list[SourceInfo]:
    infos = []
    for source in known_sources(sources_dir):
        spider = source.split(":", 1)[0]
        cls = spider_class(spider)
        doc = (cls.__module__ and importlib.import_module(cls.__module__).__doc__) or ""
        summary = doc.strip().splitlines()[0] if doc.strip() else ""
        arguments = dict(cls.arguments)
        if spider == "directory":
            config = load_config(config_path(source.split(":", 1)[1], sources_dir))
            summary = f"{config.title} ({config.path})"
            arguments = {k: v for k, v in arguments.items() if k != "name"}
        infos.append(SourceInfo(source, spider, summary, arguments))
    return infos

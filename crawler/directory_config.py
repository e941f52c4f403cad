"""Directory site configs: crawler/sources/<name>.yaml read and checked.

A config says where the listing starts, which element is one provider row, how to read
each field (CSS or XPath), where the next page and the optional detail page are, and
which fields the detail page adds. docs/crawler.md describes the format; a bad config
fails with one line naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clinics import fields as F

# fields a config may fill, and how values are shaped
LIST_FIELDS = {
    F.ALTERNATE_NAMES, F.CREDENTIALS, F.THERAPIES_RAW, F.CONDITIONS_RAW, F.SPECIALTIES_RAW,
    F.INSURANCE, F.PAYMENT, F.LANGUAGES, F.AGES_SERVED, F.HOURS_RAW,
}  # fmt: skip
BOOL_FIELDS = {F.TELEHEALTH, F.ACCEPTING_NEW_PATIENTS}
TEXT_FIELDS = {
    F.SOURCE_REF, F.NAME, F.ORGANIZATION_NAME, F.NPI, F.DESCRIPTION, F.ADDRESS_RAW, F.ADDRESS_1,
    F.ADDRESS_2, F.CITY, F.STATE_PROVINCE, F.POSTAL_CODE, F.COUNTRY, F.LATITUDE, F.LONGITUDE,
    F.PHONE, F.PHONE_EXT, F.FAX, F.WEBSITE, F.EMAIL,
}  # fmt: skip
CONFIGURABLE_FIELDS = LIST_FIELDS | BOOL_FIELDS | TEXT_FIELDS


class ConfigError(ValueError):
    """A directory config that cannot be used; str() is one line naming file and key."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    css: str | None = None
    xpath: str | None = None
    join: str = " "
    split: str | None = None  # regex splitting one text into a list
    match: str | None = None  # regex: a bool field is true when it matches (case-insensitive)


@dataclass(frozen=True)
class DirectoryConfig:
    name: str
    path: Path
    title: str
    start_urls: tuple[str, ...]
    base_url: str | None
    row: str
    row_fields: tuple[FieldSpec, ...]
    detail_link: str | None = None
    next_page: str | None = None
    detail_fields: tuple[FieldSpec, ...] = ()
    kind: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)
    max_pages: int = 1000


def _fail(path: Path, key: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {message}")


def _field_specs(path: Path, section: str, raw: Any) -> tuple[FieldSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _fail(path, section, "must be a mapping of field name to selector")
    specs = []
    for name, spec in raw.items():
        key = f"{section}.{name}"
        if name not in CONFIGURABLE_FIELDS:
            raise _fail(
                path, key, f"unknown field (one of: {', '.join(sorted(CONFIGURABLE_FIELDS))})"
            )
        if isinstance(spec, str):
            spec = {"css": spec}
        if not isinstance(spec, dict) or not (spec.get("css") or spec.get("xpath")):
            raise _fail(path, key, "needs a css or xpath selector")
        unknown = set(spec) - {"css", "xpath", "join", "split", "match"}
        if unknown:
            raise _fail(path, key, f"unknown option {sorted(unknown)[0]!r}")
        for option in ("split", "match"):
            if spec.get(option):
                try:
                    re.compile(spec[option])
                except re.error as exc:
                    raise _fail(path, f"{key}.{option}", f"bad regex: {exc}") from None
        if name in BOOL_FIELDS and not spec.get("match"):
            raise _fail(path, key, "a yes/no field needs a 'match' regex")
        specs.append(
            FieldSpec(
                name=name,
                css=spec.get("css"),
                xpath=spec.get("xpath"),
                join=str(spec.get("join", " ")),
                split=spec.get("split"),
                match=spec.get("match"),
            )
        )
    return tuple(specs)


def load_config(path: Path) -> DirectoryConfig:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a YAML mapping")
    listing = data.get("listing")
    if not isinstance(listing, dict) or not listing.get("row"):
        raise _fail(path, "listing.row", "is required (a CSS selector matching one provider)")
    start_urls = data.get("start_urls")
    if isinstance(start_urls, str):
        start_urls = [start_urls]
    if not start_urls or not all(isinstance(u, str) for u in start_urls):
        raise _fail(path, "start_urls", "is required (a list of URLs or paths)")
    detail = data.get("detail") or {}
    if not isinstance(detail, dict):
        raise _fail(path, "detail", "must be a mapping")
    row_fields = _field_specs(path, "listing.fields", listing.get("fields"))
    if not any(spec.name == F.NAME for spec in row_fields):
        raise _fail(path, "listing.fields.name", "is required")
    kind = data.get("kind")
    if kind is not None and kind not in F.KINDS:
        raise _fail(path, "kind", f"must be one of {', '.join(F.KINDS)}")
    return DirectoryConfig(
        name=str(data.get("name") or path.stem),
        path=path,
        title=str(data.get("title") or path.stem),
        start_urls=tuple(start_urls),
        base_url=data.get("base_url"),
        row=str(listing["row"]),
        row_fields=row_fields,
        detail_link=listing.get("detail_link"),
        next_page=listing.get("next_page"),
        detail_fields=_field_specs(path, "detail.fields", detail.get("fields")),
        kind=kind,
        defaults=dict(data.get("defaults") or {}),
        max_pages=int(data.get("max_pages", 1000)),
    )


def sources_dir() -> Path:
    return Path(__file__).resolve().parent / "sources"


def config_path(name: str, directory: Path | None = None) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name or ""):
        raise ConfigError(f"directory name {name!r}: use letters, digits, '-' and '_' only")
    return (directory or sources_dir()) / f"{name}.yaml"


def available(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or sources_dir()).glob("*.yaml"))

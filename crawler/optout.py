"""The opt-out list: providers, URLs and domains that the crawler never collects.

The file (setting OPTOUT_FILE, default crawler/optout.yaml) is YAML:

    npis: ["1234567893"]
    names: ["Example Counseling PLLC"]       # compared case- and space-insensitively
    urls: ["https://example.org/team/jane"]  # exact page URLs (scheme and trailing / ignored)
    domains: ["example.net"]                 # the domain and all its subdomains

or a .txt file with one entry a line: `npi:1234567893`, `name:...`, `url:...`,
`domain:...` (a bare URL or a bare domain is understood too; # starts a comment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml


def _norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _norm_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


@dataclass
class OptOutList:
    npis: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.npis or self.names or self.urls or self.domains)

    def add(self, kind: str, entry: str) -> None:
        entry = entry.strip()
        if not entry:
            return
        if kind == "npi":
            self.npis.add(entry)
        elif kind == "name":
            self.names.add(_norm_name(entry))
        elif kind == "url":
            self.urls.add(_norm_url(entry))
        elif kind == "domain":
            self.domains.add(entry.lower().removeprefix("www.").strip("."))
        else:
            raise ValueError(f"unknown opt-out kind {kind!r} (npi, name, url or domain)")

    def url_reason(self, url: str | None) -> str | None:
        if not url:
            return None
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        for domain in self.domains:
            if host == domain or host.endswith("." + domain):
                return f"domain {domain} opted out"
        if _norm_url(url) in self.urls:
            return "URL opted out"
        return None

    def provider_reason(self, npi: str | None, name: str | None) -> str | None:
        if npi and str(npi) in self.npis:
            return f"NPI {npi} opted out"
        if name and _norm_name(name) in self.names:
            return "provider name opted out"
        return None


def load_optout(path: str | Path | None) -> OptOutList:
    """Read the list; a missing file is an empty list, a malformed one a one-line error."""
    result = OptOutList()
    if not path:
        return result
    path = Path(path)
    if not path.exists():
        return result
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: must be a mapping with npis, names, urls, domains")
        for key, kind in (
            ("npis", "npi"),
            ("names", "name"),
            ("urls", "url"),
            ("domains", "domain"),
        ):
            entries = data.get(key) or []
            if not isinstance(entries, list):
                raise ValueError(f"{path}: {key}: must be a list")
            for entry in entries:
                result.add(kind, str(entry))
        unknown = set(data) - {"npis", "names", "urls", "domains"}
        if unknown:
            raise ValueError(
                f"{path}: unknown key {sorted(unknown)[0]!r} (npis, names, urls, domains)"
            )
        return result
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        kind, sep, entry = line.partition(":")
        if sep and kind.strip().lower() in ("npi", "name", "url", "domain"):
            result.add(kind.strip().lower(), entry)
        elif line.startswith(("http://", "https://")):
            result.add("url", line)
        elif re.fullmatch(r"\d{10}", line):
            result.add("npi", line)
        elif re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", line.lower()):
            result.add("domain", line)
        else:
            raise ValueError(f"{path}:{number}: cannot read opt-out entry {line!r}")
    return result

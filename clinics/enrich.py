"""One enrichment path for a record: taxonomy codes with their evidence, and a map point.

Both the crawler (crawler.pipelines.classify, crawler.pipelines.geocode) and the indexer
(indexer.enrich, on every load) call these functions, so a record is classified and placed
by the same rules wherever it is.

Classification only adds. A code stays on a record while the record carries evidence for it
(`evidence`: the sentence, its page and date, or the source code); the indexer re-reads the
record's own fields with the current taxonomy and adds what they say, but it never drops a
code the crawler found in page text that is gone by load time. A code without any evidence
is dropped: trust over reach (docs/taxonomy.md, "Evidence").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import accumulate
from typing import Any

from clinics import evidence as ev
from clinics import fields as F
from clinics import taxonomy
from clinics.classify import (
    Analysis,
    Classification,
    Finding,
    analyze,
    classify,
    normalize,
    settle_codes,
)
from clinics.taxonomy import CONDITION, THERAPY

# Record fields read as the provider's (or the source's) own words, one at a time, so a
# negation or a question in one field never reaches another.
TEXT_FIELDS = (
    F.NAME,
    F.ORGANIZATION_NAME,
    F.ALTERNATE_NAMES,
    F.CREDENTIALS,
    F.DESCRIPTION,
    F.SPECIALTIES_RAW,
    F.THERAPIES_RAW,
    F.CONDITIONS_RAW,
)
NAME_FIELDS = frozenset({F.NAME, F.ORGANIZATION_NAME, F.ALTERNATE_NAMES})
# In a program's or facility's name an acronym names the program, not a therapy: "Bushwick
# ACT", "ACT Program" (Assertive Community Treatment teams in SAMHSA's locator).
NAME_ACRONYMS = {"ACT": "Assertive Community Treatment"}
_NAME_ACRONYM = re.compile(r"\b(?:" + "|".join(NAME_ACRONYMS) + r")\b")
PAGE_URL = "url"
PAGE_TEXT = "text"
PAGE_ARTICLE = "article"

GEOCODE_CACHE_SIZE = 50_000
MAX_EVIDENCE_PER_CODE = 5  # each from another page, field or source code first
# GeoMatch.precision -> record geo_precision
GEO_PRECISION = {"address": "address", "zip": "zip", "city": "city", "point": "source"}

Analyzer = Callable[..., Analysis]


# ---- classification ------------------------------------------------------------------------


def field_texts(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(field, text) for every text value of the record the classifier reads; names with
    their program acronyms spelled out (NAME_ACRONYMS)."""
    for name in TEXT_FIELDS:
        value = record.get(name)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple):
            continue
        for item in values:
            if isinstance(item, str) and item.strip():
                yield name, _spell_out(item) if name in NAME_FIELDS else item


def _spell_out(name: str) -> str:
    if not any(acronym in name for acronym in NAME_ACRONYMS):
        return name
    return _NAME_ACRONYM.sub(lambda m: NAME_ACRONYMS[m.group(0)], name)


def source_code_label(code: str) -> str:
    """How a source code reads as evidence: "NUCC 2084P0800X", "SAMHSA service code: EMDR"."""
    namespace, sep, rest = code.partition(":")
    if sep and namespace.lower() == "samhsa":
        _category, sep2, value = rest.partition(":")
        return f"SAMHSA service code: {value if sep2 else rest}"
    if sep and namespace.lower() == "nucc":
        return f"NUCC {rest}"
    return f"NUCC {code}" if taxonomy.is_nucc_code(code) else code


def fetched_day(value: Any) -> str | None:
    """The YYYY-MM-DD of a fetch time (datetime, date or ISO text)."""
    if isinstance(value, datetime):
        return (
            value.astimezone(UTC).date().isoformat() if value.tzinfo else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 10:
        return value[:10]
    return None


def _evidence_of(finding: Finding, url: str | None, day: str | None, field: str | None) -> dict:
    entry = {
        ev.CODE: finding.code,
        ev.KIND: finding.kind,
        ev.QUOTE: finding.quote,
    }
    if url:
        entry[ev.URL] = url
    if day:
        entry[ev.DATE] = day
    if field:
        entry[ev.FIELD] = field
    return entry


def _source_code_evidence(codes: Iterable[Any]) -> list[dict]:
    entries = []
    for code in codes:
        mapping = taxonomy.source_code_mapping(code) if isinstance(code, str) else None
        if mapping is None:
            continue
        label = source_code_label(code.strip())
        for kind, found in ((THERAPY, mapping.therapies), (CONDITION, mapping.conditions)):
            for found_code in found:
                entries.append(
                    {
                        ev.CODE: found_code,
                        ev.KIND: kind,
                        ev.SOURCE_CODE: label,
                    }
                )
    return entries


def _valid_evidence(value: Any) -> list[dict]:
    if not isinstance(value, list):
        return []
    return [
        dict(entry)
        for entry in value
        if isinstance(entry, Mapping)
        and isinstance(entry.get(ev.CODE), str)
        and entry.get(ev.KIND) in (THERAPY, CONDITION)
        and (entry.get(ev.QUOTE) or entry.get(ev.SOURCE_CODE))
    ]


def classify_record(
    record: dict[str, Any],
    pages: Sequence[Mapping[str, Any]] = (),
    analyzer: Analyzer | None = None,
) -> Classification:
    """Set the record's therapies, conditions, provider types, telehealth and evidence.

    `pages` are the texts the crawler read around the record ({"url", "text", "article"});
    the indexer passes none (the page text is gone by then) and keeps the evidence the
    crawler stored. Returns what was found in this call (fields, pages, source codes).
    """
    analyzer = analyzer or analyze
    url = record.get(F.SOURCE_URL) or record.get(F.WEBSITE)
    day = fetched_day(record.get(F.FETCHED_AT))
    evidence = _valid_evidence(record.get(F.EVIDENCE))
    found = Classification()
    # All fields in one text, one line each (a sentence never spans two fields): one pass of
    # the classifier per record; each offer is traced back to its field by its offset.
    parts = [(field, normalize(text)) for field, text in field_texts(record)]
    if parts:
        joined = "\n".join(text for _, text in parts)
        if analyzer is analyze and _nothing_new(classify(joined), evidence):
            result = Analysis(classify(joined))  # a re-load: every code already has evidence
        else:
            result = analyzer(joined)
        found = found.merge(result.classification)
        starts = list(accumulate((len(text) + 1 for _, text in parts[:-1]), initial=0))
        for finding in result.offers:
            field = parts[max(0, bisect_right(starts, finding.offset) - 1)][0]
            evidence.append(_evidence_of(finding, url, day, field))
    for page in pages:
        text = page.get(PAGE_TEXT)
        if not text:
            continue
        result = analyzer(text, article=bool(page.get(PAGE_ARTICLE)))
        found = found.merge(result.classification)
        page_url = page.get(PAGE_URL) or url
        evidence += [_evidence_of(f, page_url, day, None) for f in result.offers]
    codes = tuple(c for c in record.get(F.SOURCE_CODES) or () if isinstance(c, str))
    if codes:
        found = found.merge(_source_classification(codes))
        evidence += _source_code_evidence(codes)
    _apply(record, found, evidence)
    return found


def rejected_mentions(
    record: Mapping[str, Any], pages: Sequence[Mapping[str, Any]] = ()
) -> list[tuple[Finding, str | None]]:
    """Every therapy or condition the record's fields and pages mention without offering it,
    with the page it is on: (finding with its reason, url). For `clinics extract --explain`."""
    url = record.get(F.SOURCE_URL) or record.get(F.WEBSITE)
    found: list[tuple[Finding, str | None]] = []
    for _, text in field_texts(record):
        found += [(f, url) for f in analyze(text).rejected]
    for page in pages:
        if page.get(PAGE_TEXT):
            result = analyze(page[PAGE_TEXT], article=bool(page.get(PAGE_ARTICLE)))
            found += [(f, page.get(PAGE_URL) or url) for f in result.rejected]
    return list(dict.fromkeys(found))


def _nothing_new(found: Classification, evidence: list[dict]) -> bool:
    """True when evidence is already on the record for every code the fields give."""
    if not evidence:
        return not (found.therapies or found.conditions)
    have = {(entry[ev.KIND], entry[ev.CODE]) for entry in evidence}
    return all((THERAPY, code) in have for code in found.therapies) and all(
        (CONDITION, code) in have for code in found.conditions
    )


def _chosen_evidence(evidence: list[dict]) -> list[dict]:
    """At most MAX_EVIDENCE_PER_CODE entries a code, each from another place (page, field or
    source code) first: the services page's sentence is not crowded out by three from the
    home page. Order is kept."""
    first_pass: list[dict] = []
    rest: list[dict] = []
    seen: set[tuple] = set()
    places: set[tuple] = set()
    for entry in evidence:
        key = tuple(entry.get(k) for k in ev.KEYS)
        if key in seen:
            continue
        seen.add(key)
        place = (entry[ev.CODE], entry.get(ev.URL), entry.get(ev.FIELD), entry.get(ev.SOURCE_CODE))
        (rest if place in places else first_pass).append(entry)
        places.add(place)
    count: dict[str, int] = {}
    chosen: list[dict] = []
    for entry in first_pass + rest:
        code = entry[ev.CODE]
        if count.get(code, 0) < MAX_EVIDENCE_PER_CODE:
            count[code] = count.get(code, 0) + 1
            chosen.append(entry)
    order = {id(entry): n for n, entry in enumerate(evidence)}
    return sorted(chosen, key=lambda entry: order[id(entry)])


@lru_cache(maxsize=4096)
def _source_classification(codes: tuple[str, ...]) -> Classification:
    return analyze("", codes).classification


def _apply(record: dict[str, Any], found: Classification, evidence: list[dict]) -> None:
    codes: dict[str, set[str]] = {THERAPY: set(), CONDITION: set()}
    for entry in evidence:
        codes[entry[ev.KIND]].add(entry[ev.CODE])
    types = {t for t in record.get(F.PROVIDER_TYPES) or () if isinstance(t, str)}
    types |= set(found.provider_types)
    telehealth = settle_codes(codes[THERAPY], types, found.telehealth)
    unique = _chosen_evidence([e for e in evidence if e[ev.CODE] in codes[e[ev.KIND]]])
    for field, kind in ((F.THERAPIES, THERAPY), (F.CONDITIONS, CONDITION)):
        if codes[kind]:
            record[field] = sorted(codes[kind])
        else:
            record.pop(field, None)
    if unique:
        record[F.EVIDENCE] = unique
    else:
        record.pop(F.EVIDENCE, None)
    if types:
        record[F.PROVIDER_TYPES] = sorted(types)
    else:
        record.pop(F.PROVIDER_TYPES, None)
    if not isinstance(record.get(F.TELEHEALTH), bool) and telehealth is not None:
        record[F.TELEHEALTH] = telehealth


# ---- geocoding -----------------------------------------------------------------------------


def geocode_query(record: Mapping[str, Any], with_street: bool = True) -> str | None:
    """What to ask the geocoder: the full address, else 'City, ST ZIP', the ZIP, 'City, ST',
    and the raw address line when nothing else is known."""
    city, state, postal = (
        record.get(F.CITY),
        record.get(F.STATE_PROVINCE),
        record.get(F.POSTAL_CODE),
    )
    street = record.get(F.ADDRESS_1) if with_street else None
    if street and (postal or (city and state)):
        place = " ".join(part for part in (state, postal) if part)
        return ", ".join(part for part in (street, city, place) if part)
    if postal and city and state:
        return f"{city}, {state} {postal}"
    if postal:
        return postal
    if city and state:
        return f"{city}, {state}"
    raw = record.get(F.ADDRESS_RAW)
    return raw if isinstance(raw, str) and raw.strip() else None


def street_level_geocoder() -> bool:
    """True when the configured geocoder places street addresses (an online service).

    Offline, an address is placed at its ZIP centre, so callers ask by 'City, ST ZIP' and one
    lookup serves every provider of that place.
    """
    from clinics.geocode import config

    try:
        return bool(config.load().online)
    except ValueError:
        return False


@lru_cache(maxsize=GEOCODE_CACHE_SIZE)
def _locate(query: str) -> tuple[float, float, str] | None:
    from clinics.geocode import geocode

    try:
        match = geocode(query)
    except Exception:  # a geocoder failure leaves the record without a point, never stops a run
        return None
    return _point(match)


def _point(match: Any) -> tuple[float, float, str] | None:
    if match is None or getattr(match, "ambiguous", False):
        return None  # an ambiguous place is left without a point rather than guessed
    precision = GEO_PRECISION.get(str(getattr(match, "precision", "")))
    if precision is None:
        return None
    return float(match.lat), float(match.lon), precision


def place_record(
    record: dict[str, Any], geocode: Callable[[str], Any] | None = None, with_street: bool = True
) -> str | None:
    """Give a record without coordinates the point of its address, ZIP or city.

    Returns the query that could not be placed (for the caller to note), else None.
    """
    if record.get(F.LATITUDE) is not None:
        return None
    query = geocode_query(record, with_street)
    if not query:
        return None
    if geocode is None:
        point = _locate(query)
    else:
        try:
            point = _point(geocode(query))
        except Exception:  # never stops a crawl or a load
            point = None
    if point is None:
        return query
    record[F.LATITUDE], record[F.LONGITUDE], record[F.GEO_PRECISION] = point
    return None

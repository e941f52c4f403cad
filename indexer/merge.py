"""Merging records into one document per provider at a location.

Records only merge within one block (ZIP5, else city: see indexer.normalize.block_key).
A record's place is its building (house number and street, indexer.normalize.address_key)
and its unit (suite, floor, building letter: indexer.normalize.unit_key). Two places
disagree when both have a building and the buildings differ, or both name the same kind
of unit with different identifiers ("Suite 100" and "Ste 200"); a unit missing on one
side is unknown, not different. Two records are the same provider at the same location
when (match_reason):

- `npi`: both have the same NPI, and their places do not disagree;
- `address+name`: same building, places not disagreeing, and similar names;
- `phone+name`: same phone, places not disagreeing, and similar names;

and never when both have an NPI and the NPIs differ, or one is a person and the other an
organization without a shared NPI. Names are compared by `similar_names` (rapidfuzz).
Matches are transitive (connected components), except that two groups whose places
disagree are not joined through a record that matches both (a listing without a suite
joins one of two suites of its building, not both).

Conflicting values are resolved by SOURCE_PRIORITY (lower wins), then by the most recent
`fetched_at`; `field_winners` records which source supplied each single value. List fields
that describe what a provider offers are the union over sources.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz

from clinics import costs
from clinics import evidence as ev
from clinics import fields as F
from indexer import fields as doc
from indexer import mapping
from indexer import normalize as norm

NAME_SIMILARITY = 85.0
TYPO_SIMILARITY = 80.0

# Who wins a conflict: the provider's own site, then the federal registry, then locators,
# then listing directories (any "directory:<name>"), then everything else.
SOURCE_PRIORITY = (
    ("clinic_sites", 0),
    ("npi", 1),
    ("findtreatment", 2),
    ("directory", 3),
)
OTHER_SOURCE_PRIORITY = 9

# Sources whose listing the provider keeps up to date: they set `last_verified`.
VERIFYING_SOURCES = frozenset({"clinic_sites", "npi"})

GEO_PRECISION_RANK = {"source": 0, "address": 1, "zip": 2, "city": 3, "none": 9}

# Single values: the best-ranked source that has one wins.
SINGLE_FIELDS = (
    F.KIND,
    F.NAME,
    F.ORGANIZATION_NAME,
    F.NPI,
    F.DESCRIPTION,
    F.ADDRESS_1,
    F.ADDRESS_2,
    F.CITY,
    F.STATE_PROVINCE,
    F.POSTAL_CODE,
    F.COUNTRY,
    F.PHONE,
    F.PHONE_EXT,
    F.WEBSITE,
    F.EMAIL,
    F.TELEHEALTH,
    F.ACCEPTING_NEW_PATIENTS,
    F.ACCEPTING_AS_OF,
    F.HOURS,
)
# Lists: the union, in order of source rank.
UNION_FIELDS = (
    F.ALTERNATE_NAMES,
    F.CREDENTIALS,
    F.PROVIDER_TYPES,
    F.THERAPIES,
    F.CONDITIONS,
    F.INSURANCE,
    F.PAYMENT,
    F.LANGUAGES,
    F.AGES_SERVED,
)
SORTED_UNION_FIELDS = frozenset({F.PROVIDER_TYPES, F.THERAPIES, F.CONDITIONS})
# Raw words that feed the free-text field besides name and description.
SEARCH_TEXT_FIELDS = (F.THERAPIES_RAW, F.CONDITIONS_RAW, F.SPECIALTIES_RAW)


def merged_evidence(records: list[dict[str, Any]], document: dict[str, Any]) -> list[dict]:
    """Every source's evidence for the codes the document lists, each entry once."""
    listed = set(document.get(F.THERAPIES) or ()) | set(document.get(F.CONDITIONS) or ())
    unique: dict[tuple, dict] = {}
    for record in records:
        for entry in record.get(F.EVIDENCE) or ():
            if isinstance(entry, dict) and entry.get(ev.CODE) in listed:
                unique.setdefault(tuple(sorted(entry.items())), entry)
    return list(unique.values())


def merged_costs(records: list[dict[str, Any]]) -> list[dict]:
    """Every source's cost statements, best source first, each once, with its provenance
    (source, page, fetch day, quote); incomplete entries are never kept (clinics.costs)."""
    return costs.unique(
        entry for record in records for entry in costs.valid_entries(record.get(F.COSTS))
    )


def source_rank(source: str) -> int:
    family = source.split(":", 1)[0]
    for name, rank in SOURCE_PRIORITY:
        if family == name:
            return rank
    return OTHER_SOURCE_PRIORITY


def record_order(record: dict) -> tuple:
    """Sort key: best source first, then the most recent fetch, then the id (stable)."""
    return (source_rank(record[F.SOURCE]), _newest_first(record.get(F.FETCHED_AT)), record[F.ID])


def _newest_first(fetched: str | None) -> float:
    """fetched_at as a number that sorts the newest first (UTC ISO strings from enrich)."""
    if not fetched:
        return float("inf")
    try:
        return -datetime.fromisoformat(fetched).timestamp()
    except ValueError:
        return float("inf")


# ---------------------------------------------------------------- matching


def similar_names(name_a: str | None, name_b: str | None) -> bool:
    """Same name, up to titles, credentials, word order, typos and extra words.

    Equal word sets match; so does a name of two or more words contained in the other
    ("Bayou Center" in "Bayou Center Adult Program"). Otherwise every word that differs
    must be a near spelling (rapidfuzz ratio >= TYPO_SIMILARITY, 3+ letters) of a
    different word of the other name, and the whole must score NAME_SIMILARITY on
    token_sort_ratio: "Avery Linn" is "Avery Lin", "Provider A" is not "Provider C".
    """
    key_a, key_b = norm.name_key(name_a), norm.name_key(name_b)
    if not key_a or not key_b:
        return False
    words_a, words_b = set(key_a.split()), set(key_b.split())
    if words_a == words_b:
        return True
    smaller, larger = sorted((words_a, words_b), key=len)
    if len(smaller) >= 2 and smaller <= larger:
        return True
    only_a, only_b = sorted(words_a - words_b), sorted(words_b - words_a)
    if len(only_a) != len(only_b):
        return False
    for word in only_a:
        if len(word) < 3 or not any(
            len(other) >= 3 and fuzz.ratio(word, other) >= TYPO_SIMILARITY for other in only_b
        ):
            return False
    return fuzz.token_sort_ratio(key_a, key_b) >= NAME_SIMILARITY


def _similar_names(a: dict, b: dict) -> bool:
    return similar_names(a.get(F.NAME), b.get(F.NAME))


Place = tuple[str | None, str | None]


def place_of(record: dict) -> Place:
    """(building key, unit key) of a record's address."""
    line_1 = record.get(F.ADDRESS_1)
    return norm.address_key(line_1), norm.unit_key(line_1, record.get(F.ADDRESS_2))


def places_disagree(a: Place, b: Place) -> bool:
    """Two buildings that differ, or the same kind of unit with two identifiers."""
    (street_a, unit_a), (street_b, unit_b) = a, b
    return bool(street_a and street_b and street_a != street_b) or norm.units_disagree(
        unit_a, unit_b
    )


def match_reason(a: dict, b: dict) -> str | None:
    """Why two records of one block are the same provider at a location, or None."""
    return _match_reason(a, b, place_of(a), place_of(b))


def _match_reason(a: dict, b: dict, place_a: Place, place_b: Place) -> str | None:
    npi_a, npi_b = a.get(F.NPI), b.get(F.NPI)
    disagree = places_disagree(place_a, place_b)
    if npi_a and npi_b:
        return "npi" if npi_a == npi_b and not disagree else None
    kind_a, kind_b = a.get(F.KIND), b.get(F.KIND)
    if kind_a and kind_b and kind_a != kind_b:
        return None
    if disagree:
        return None
    street_a, street_b = place_a[0], place_b[0]
    if street_a and street_a == street_b and _similar_names(a, b):
        return "address+name"
    phone_a = norm.phone_key(a.get(F.PHONE))
    same_phone = bool(phone_a) and phone_a == norm.phone_key(b.get(F.PHONE))
    if same_phone and _similar_names(a, b):
        return "phone+name"
    return None


def candidate_keys(record: dict) -> Iterator[str]:
    """Exact keys two records must share before they are compared at all."""
    if record.get(F.NPI):
        yield f"npi:{record[F.NPI]}"
    phone = norm.phone_key(record.get(F.PHONE))
    if phone:
        yield f"phone:{phone}"
    street = norm.address_key(record.get(F.ADDRESS_1))
    if street:
        yield f"street:{street}"


def cluster(records: list[dict]) -> list[list[dict]]:
    """Group one block's records into providers-at-location (connected components).

    Pairs are tried in record_order (best source first), so the result does not depend on
    the order of `records`. A match does not join two groups whose places disagree.
    """
    records = sorted(records, key=record_order)
    parent = list(range(len(records)))
    place = [place_of(record) for record in records]
    places = [{own} for own in place]  # the places of each group, at its root

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in candidate_keys(record):
            by_key[key].append(index)
    for members in by_key.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                root_i, root_j = find(i), find(j)
                if (
                    root_i != root_j
                    and _match_reason(records[i], records[j], place[i], place[j])
                    and not any(
                        places_disagree(a, b) for a in places[root_i] for b in places[root_j]
                    )
                ):
                    parent[root_j] = root_i
                    places[root_i] |= places[root_j]
    groups: dict[int, list[dict]] = defaultdict(list)
    for index, record in enumerate(records):
        groups[find(index)].append(record)  # in record_order, as `records`
    return sorted(groups.values(), key=lambda group: min(r[F.ID] for r in group))


# ---------------------------------------------------------------- building documents


def doc_id(block: str, records: Iterable[dict]) -> str:
    """Stable id: a hash of the block and the smallest record id of the group."""
    anchor = min(record[F.ID] for record in records)
    return hashlib.sha1(f"{block}|{anchor}".encode()).hexdigest()[:20]


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _location(records: list[dict]) -> tuple[dict | None, str, str | None]:
    located = [r for r in records if r.get(F.LATITUDE) is not None]
    if not located:
        return None, "none", None
    best = min(
        located,
        key=lambda r: (
            GEO_PRECISION_RANK.get(r.get(F.GEO_PRECISION) or "none", 9),
            record_order(r),
        ),
    )
    point = {"lat": best[F.LATITUDE], "lon": best[F.LONGITUDE]}
    return point, best.get(F.GEO_PRECISION) or "none", best[F.SOURCE]


def _suggest_inputs(document: dict) -> list[str]:
    names = [document.get(F.NAME), document.get(F.ORGANIZATION_NAME)]
    names += document.get(F.ALTERNATE_NAMES, [])
    inputs = [name.strip()[:100] for name in names if name and name.strip()]
    return list(dict.fromkeys(inputs))


def _search_text(records: list[dict], document: dict) -> str:
    parts: list[str] = [document.get(F.NAME) or "", document.get(F.ORGANIZATION_NAME) or ""]
    parts += document.get(F.ALTERNATE_NAMES, [])
    seen_descriptions: set[str] = set()
    for record in records:
        description = record.get(F.DESCRIPTION)
        if description and description not in seen_descriptions:
            seen_descriptions.add(description)
            parts.append(description)
        for field in SEARCH_TEXT_FIELDS:
            parts += record.get(field) or []
    parts += [document.get(F.CITY) or ""]
    return "\n".join(dict.fromkeys(part for part in parts if part))


def source_entry(record: dict, first_seen: str | None = None) -> dict:
    return {
        F.SOURCE: record[F.SOURCE],
        F.SOURCE_REF: record[F.SOURCE_REF],
        mapping.SOURCE_URL_KEY: record.get(F.SOURCE_URL),
        F.FETCHED_AT: record.get(F.FETCHED_AT),
        mapping.SOURCE_FIRST_SEEN: first_seen or record.get(F.FETCHED_AT),
        mapping.SOURCE_RECORD: record,
    }


def build_document(
    block: str, records: list[dict], first_seen: dict[str, str] | None = None
) -> dict:
    """One index document from the records of one provider-at-location.

    `first_seen` maps record ids to when they were first loaded (kept across upserts).
    """
    records = sorted(records, key=record_order)
    first_seen = first_seen or {}
    document: dict[str, Any] = {doc.DOC_ID: doc_id(block, records), mapping.MERGE_BLOCK: block}
    winners: dict[str, str | None] = {}
    for field in SINGLE_FIELDS:
        for record in records:
            if _present(record.get(field)):
                document[field] = record[field]
                winners[field] = record[F.SOURCE]
                break
    for field in UNION_FIELDS:
        values: list = []
        for record in records:
            values += record.get(field) or []
        unique = list(dict.fromkeys(values))
        if field == F.ALTERNATE_NAMES:
            names = [r.get(F.NAME) for r in records if r.get(F.NAME) != document.get(F.NAME)]
            unique = list(dict.fromkeys(unique + [n for n in names if n]))
        if field in SORTED_UNION_FIELDS:
            unique = sorted(unique)
        if unique:
            document[field] = unique
    evidence = merged_evidence(records, document)
    if evidence:
        document[F.EVIDENCE] = evidence
    stated_costs = merged_costs(records)
    if stated_costs:
        document[F.COSTS] = stated_costs
        document[doc.COST_KINDS] = costs.kinds(stated_costs)
    point, precision, geo_source = _location(records)
    document[F.GEO_PRECISION] = precision
    if point:
        document[doc.LOCATION] = point
        winners[doc.LOCATION] = geo_source
    document[F.IS_SAMPLE] = any(r.get(F.IS_SAMPLE) for r in records)
    entries = [source_entry(r, first_seen.get(r[F.ID])) for r in records]
    document[doc.SOURCES] = entries
    document[doc.SOURCE_NAMES] = sorted({r[F.SOURCE] for r in records})
    document[doc.FIELD_WINNERS] = winners
    fetched = [r[F.FETCHED_AT] for r in records if r.get(F.FETCHED_AT)]
    seen = [e[mapping.SOURCE_FIRST_SEEN] for e in entries if e[mapping.SOURCE_FIRST_SEEN]]
    if seen:
        document[doc.FIRST_SEEN] = min(seen)
    if fetched:
        document[doc.LAST_SEEN] = max(fetched)
    verified = [
        r[F.FETCHED_AT]
        for r in records
        if r.get(F.FETCHED_AT) and r[F.SOURCE].split(":", 1)[0] in VERIFYING_SOURCES
    ]
    if verified:
        document[doc.LAST_VERIFIED] = max(verified)
    suggest = _suggest_inputs(document)
    if suggest:
        document[doc.NAME_SUGGEST] = {"input": suggest, "weight": len(records)}
    document[doc.SEARCH_TEXT] = _search_text(records, document)
    return document


def merge_block(block: str, records: list[dict], first_seen: dict[str, str] | None = None):
    """Documents of one block, in a stable order."""
    return [build_document(block, group, first_seen) for group in cluster(records)]


def records_of(document: dict) -> list[dict]:
    """The source records a stored document was built from."""
    return [entry[mapping.SOURCE_RECORD] for entry in document.get(doc.SOURCES, [])]


def first_seen_of(document: dict) -> dict[str, str]:
    seen = {}
    for entry in document.get(doc.SOURCES, []):
        record = entry.get(mapping.SOURCE_RECORD) or {}
        if record.get(F.ID) and entry.get(mapping.SOURCE_FIRST_SEEN):
            seen[record[F.ID]] = entry[mapping.SOURCE_FIRST_SEEN]
    return seen

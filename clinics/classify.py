"""Classify free text and source codes into taxonomy codes.

``classify(text, source_codes=())`` returns a Classification: sorted tuples of therapy,
condition and provider-type codes, and telehealth (True, False, or None when unknown).

How text is read (docs/taxonomy.md has the full rules):
- HTML tags and entities are stripped; the text is split into word tokens and clauses
  (a clause ends at . ! ? ; a bullet, a line break, or "but"/"however"/"although").
- Synonyms of clinics.taxonomy match whole words; the longest synonym at a position wins;
  "=ACT"-style synonyms are case-sensitive. Near rules pair "ketamine" with a nearby word
  ("ketamine ... infusions") inside one clause, with no "and"/"or"/negation between.
- A match is negated when a negation cue comes shortly before it in its clause ("we do not
  offer ketamine", "no Spravato", "not a ketamine clinic") or an unavailability phrase
  follows it ("ketamine is not available"). Negated matches count for nothing.
- Conditions imply their parent (panic -> anxiety). "ketamine_unspecified" is dropped when
  a specific ketamine route (other than esketamine) is found. At-home ketamine implies
  telehealth.
- Source codes (NUCC, SAMHSA; see clinics.taxonomy.sources) are added as they map.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from clinics import taxonomy
from clinics.taxonomy import CONDITION, PROVIDER_TYPE, THERAPY, Term
from clinics.taxonomy.terms import STOP_PHRASES

MAX_TEXT_CHARS = 200_000  # longer text is cut: a huge page must not stall a crawl

TELEHEALTH = "telehealth"  # pseudo kind for telehealth phrases

_TELEHEALTH_YES = (
    "telehealth",
    "tele health",
    "telemedicine",
    "teletherapy",
    "telepsychiatry",
    "telepsychology",
    "tele mental health",
    "virtual visit",
    "virtual session",
    "virtual appointment",
    "virtual therapy",
    "virtual care",
    "video session",
    "video visit",
    "video appointment",
    "video therapy",
    "online therapy",
    "online counseling",
    "online counselling",
    "online session",
    "remote session",
)
_TELEHEALTH_NO = (
    "in person only",
    "in office only",
    "office visits only",
    "in person sessions only",
    "in person appointments only",
)

_BOUNDARY_TOKENS = frozenset({".", "!", "?", ";", "•", "|", "\n"})
_BOUNDARY_WORDS = frozenset({"but", "however", "although", "though", "whereas"})
_STRONG_CUES = frozenset(
    {
        "not",
        "never",
        "don't",
        "dont",
        "doesn't",
        "doesnt",
        "didn't",
        "isn't",
        "aren't",
        "won't",
        "cannot",
        "can't",
        "neither",
    }
)
_SHORT_CUES = frozenset({"no", "without", "non", "nor", "except", "instead", "rather", "excluding"})
_STRONG_WINDOW = 4  # words allowed between a strong cue and the match
_SHORT_WINDOW = 2
# Cue followed by one of these is not a negation ("not only", "no cost", "no referral needed").
_PSEUDO_AFTER = frozenset(
    {
        "only",
        "just",
        "sure",
        "matter",
        "cost",
        "charge",
        "fee",
        "wait",
        "waiting",
        "waitlist",
        "referral",
        "obligation",
        "doubt",
        "judgment",
        "judgement",
        "stigma",
        "problem",
        "accepting",
        "required",
        "needed",
        "necessary",
        "always",
        "alone",
    }
)
_AFTER_SKIP = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "be",
        "currently",
        "presently",
        "still",
        "yet",
        "being",
        "also",
        "treatment",
        "treatments",
        "therapy",
        "therapies",
        "services",
        "service",
        "sessions",
    }
)
_AFTER_CUES = frozenset({"not", "isn't", "aren't", "no", "never"})
_UNAVAILABLE = frozenset(
    {
        "available",
        "offered",
        "provided",
        "performed",
        "prescribed",
        "administered",
        "given",
        "done",
        "supported",
        "offer",
        "provide",
    }
)
_UNAVAILABLE_WORDS = frozenset({"unavailable", "discontinued"})
_NEAR_BLOCKERS = (
    frozenset({"and", "or", "nor", "plus", "versus", "vs"})
    | _STRONG_CUES
    | {
        "no",
        "without",
    }
)

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.!?;•|\n]")
_TAG = re.compile(r"<[^>]{0,1000}>")
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00a0": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\r": "\n",
    }
)


@dataclass(frozen=True)
class Classification:
    """Taxonomy codes found for one record; tuples are sorted and unique."""

    therapies: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    provider_types: tuple[str, ...] = ()
    telehealth: bool | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.therapies or self.conditions or self.provider_types)

    def merge(self, other: Classification) -> Classification:
        """Union of two classifications; telehealth True wins, then False, then None."""
        return Classification(
            therapies=tuple(sorted({*self.therapies, *other.therapies})),
            conditions=tuple(sorted({*self.conditions, *other.conditions})),
            provider_types=tuple(sorted({*self.provider_types, *other.provider_types})),
            telehealth=_merge_telehealth(self.telehealth, other.telehealth),
        )


@dataclass(frozen=True)
class Match:
    """One synonym found in the text (for explain())."""

    kind: str
    code: str
    text: str
    start: int
    end: int
    negated: bool


def _merge_telehealth(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    if a is False or b is False:
        return False
    return None


# ---- compiled synonyms ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    lowers: tuple[str, ...]
    exact: tuple[str, ...] | None  # set for case-sensitive synonyms
    codes: tuple[tuple[str, str], ...]  # (kind, code); empty for stop phrases
    needs_ketamine: bool = False
    stop: bool = False


@dataclass(frozen=True)
class _NearRule:
    anchors: frozenset[str]
    partners_lower: frozenset[str]
    partners_exact: frozenset[str]
    distance: int
    codes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Compiled:
    index: dict[str, tuple[_Phrase, ...]]  # first token (lower) -> phrases, longest first
    near_by_anchor: dict[str, tuple[_NearRule, ...]]


def _tokens_of(phrase: str) -> list[str]:
    return [t for t in _TOKEN.findall(phrase.translate(_TRANSLATE)) if t not in _BOUNDARY_TOKENS]


def _phrase_variants(
    text: str, codes: tuple[tuple[str, str], ...], needs_ketamine: bool = False, stop=False
) -> list[_Phrase]:
    exact = text.startswith("=")
    tokens = _tokens_of(text[1:] if exact else text)
    if not tokens:
        return []
    variants = [tokens]
    last = tokens[-1]
    if last[-1:].isalpha() and not last.lower().endswith("s"):
        variants.append([*tokens[:-1], last + "s"])
        variants.append([*tokens[:-1], last + "es"])
    elif last[-1:].isalpha():
        variants.append([*tokens[:-1], last + "es"])
    return [
        _Phrase(
            lowers=tuple(t.lower() for t in variant),
            exact=tuple(variant) if exact else None,
            codes=codes,
            needs_ketamine=needs_ketamine,
            stop=stop,
        )
        for variant in variants
    ]


def _term_phrases(t: Term) -> list[_Phrase]:
    phrases: list[_Phrase] = []
    own = ((t.kind, t.code),)
    for synonym in t.synonyms:
        if isinstance(synonym, tuple):
            text, *extra = synonym
            codes = own + tuple((_kind_of(code), code) for code in extra)
        else:
            text, codes = synonym, own
        phrases.extend(_phrase_variants(text, codes))
    for synonym in t.context_synonyms:
        phrases.extend(_phrase_variants(synonym, own, needs_ketamine=True))
    return phrases


def _kind_of(code: str) -> str:
    found = taxonomy.term(code)
    if found is None:
        raise ValueError(f"taxonomy: synonym names unknown code {code!r}")
    return found.kind


@cache
def _compiled() -> _Compiled:
    phrases: list[_Phrase] = []
    near_rules: list[_NearRule] = []
    for t in taxonomy.all_terms():
        phrases.extend(_term_phrases(t))
        for rule in t.near:
            near_rules.append(
                _NearRule(
                    anchors=frozenset(a.lower() for a in rule.anchors),
                    partners_lower=frozenset(p.lower() for p in rule.partners if p[0] != "="),
                    partners_exact=frozenset(p[1:] for p in rule.partners if p[0] == "="),
                    distance=rule.distance,
                    codes=((t.kind, t.code),),
                )
            )
    for text in _TELEHEALTH_YES:
        phrases.extend(_phrase_variants(text, ((TELEHEALTH, "yes"),)))
    for text in _TELEHEALTH_NO:
        phrases.extend(_phrase_variants(text, ((TELEHEALTH, "no"),)))
    for text in STOP_PHRASES:
        phrases.extend(_phrase_variants(text, (), stop=True))
    index: dict[str, list[_Phrase]] = {}
    for phrase in phrases:
        index.setdefault(phrase.lowers[0], []).append(phrase)
    near_by_anchor: dict[str, list[_NearRule]] = {}
    for rule in near_rules:
        for anchor in rule.anchors:
            near_by_anchor.setdefault(anchor, []).append(rule)
    return _Compiled(
        index={
            k: tuple(sorted(v, key=lambda p: (-len(p.lowers), p.stop is False)))
            for k, v in index.items()
        },
        near_by_anchor={k: tuple(v) for k, v in near_by_anchor.items()},
    )


# ---- scanning ------------------------------------------------------------------------------


def _normalize(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text)
    text = text[:MAX_TEXT_CHARS]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text.translate(_TRANSLATE)


@dataclass
class _Hit:
    start: int  # token index
    end: int  # token index, exclusive
    codes: tuple[tuple[str, str], ...]
    needs_ketamine: bool
    negated: bool


class _Scan:
    """Tokens of one text with clause numbers and the negation test."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.lowers = [t.lower() for t in tokens]
        clauses = []
        clause = 0
        for low in self.lowers:
            if low in _BOUNDARY_TOKENS or low in _BOUNDARY_WORDS:
                clause += 1
            clauses.append(clause)
        self.clauses = clauses

    def negated(self, start: int, end: int) -> bool:
        lowers, clauses = self.lowers, self.clauses
        clause = clauses[start]
        # cue before the match
        j = start - 1
        while j >= 0 and clauses[j] == clause and start - 1 - j <= _STRONG_WINDOW:
            low = lowers[j]
            gap = start - 1 - j
            if low in _STRONG_CUES or (low in _SHORT_CUES and gap <= _SHORT_WINDOW):
                follower = lowers[j + 1] if j + 1 < start else None
                if follower not in _PSEUDO_AFTER:
                    return True
            j -= 1
        # "... is not available" after the match
        k = end
        n = len(lowers)
        while k < n and clauses[k] == clause and k - end < 4 and lowers[k] in _AFTER_SKIP:
            k += 1
        if k < n and clauses[k] == clause:
            low = lowers[k]
            if low in _UNAVAILABLE_WORDS:
                return True
            if low in _AFTER_CUES:
                for m in range(k + 1, min(n, k + 3)):
                    if clauses[m] != clause:
                        break
                    if lowers[m] in _UNAVAILABLE:
                        return True
                    if lowers[m] not in _AFTER_SKIP:
                        break
        return False


def _scan(normalized: str) -> tuple[_Scan, list[_Hit]]:
    compiled = _compiled()
    scan = _Scan(_TOKEN.findall(normalized))
    tokens, lowers = scan.tokens, scan.lowers
    n = len(tokens)
    hits: list[_Hit] = []
    blocked_until = 0  # a stop phrase covers tokens up to here
    covered_until = (
        0  # a longer synonym covers tokens up to here: "ketamine-assisted psychotherapy"
    )
    index = compiled.index
    near_by_anchor = compiled.near_by_anchor
    for i in range(n):
        low = lowers[i]
        candidates = index.get(low)
        if candidates is not None and i >= blocked_until:
            for phrase in candidates:
                size = len(phrase.lowers)
                if i + size > n:
                    continue
                if phrase.exact is not None:
                    if tuple(tokens[i : i + size]) != phrase.exact:
                        continue
                elif size > 1 and tuple(lowers[i : i + size]) != phrase.lowers:
                    continue
                if phrase.stop:
                    blocked_until = i + size
                    break
                end = i + size
                if end > covered_until:
                    hits.append(_Hit(i, end, phrase.codes, phrase.needs_ketamine, False))
                    covered_until = end
                break
        rules = near_by_anchor.get(low)
        if rules is not None and i >= blocked_until:
            for rule in rules:
                partner = _find_partner(scan, i, rule)
                if partner is not None:
                    start, end = min(i, partner), max(i, partner) + 1
                    hits.append(_Hit(start, end, rule.codes, False, False))
    for hit in hits:
        hit.negated = scan.negated(hit.start, hit.end)
    return scan, hits


def _find_partner(scan: _Scan, anchor: int, rule: _NearRule) -> int | None:
    lowers, tokens, clauses = scan.lowers, scan.tokens, scan.clauses
    clause = clauses[anchor]
    for step in (1, -1):
        k = anchor + step
        for _ in range(rule.distance + 1):
            if k < 0 or k >= len(lowers) or clauses[k] != clause:
                break
            low = lowers[k]
            if low in rule.partners_lower or tokens[k] in rule.partners_exact:
                return k
            if low in _NEAR_BLOCKERS:
                break
            k += step
    return None


# ---- public API ----------------------------------------------------------------------------


def classify(text: object, source_codes: Iterable[str] = ()) -> Classification:
    """Therapies, conditions, provider types and telehealth from text and source codes.

    Never raises for odd input: None, bytes, junk or an empty string give an empty result.
    """
    found: dict[str, set[str]] = {THERAPY: set(), CONDITION: set(), PROVIDER_TYPE: set()}
    telehealth: bool | None = None
    if text:
        scan, hits = _scan(_normalize(text))
        ketamine_mentioned: bool | None = None
        tele_yes = tele_no = False
        for hit in hits:
            if hit.negated:
                if any(kind == TELEHEALTH for kind, _ in hit.codes):
                    tele_no = True
                continue
            if hit.needs_ketamine:
                if ketamine_mentioned is None:
                    ketamine_mentioned = _mentions_ketamine(scan)
                if not ketamine_mentioned:
                    continue
            for kind, code in hit.codes:
                if kind == TELEHEALTH:
                    if code == "yes":
                        tele_yes = True
                    else:
                        tele_no = True
                else:
                    found[kind].add(code)
        telehealth = True if tele_yes else (False if tele_no else None)
    for code in source_codes or ():
        mapping = taxonomy.source_code_mapping(code) if isinstance(code, str) else None
        if mapping is None:
            continue
        found[THERAPY].update(mapping.therapies)
        found[CONDITION].update(mapping.conditions)
        found[PROVIDER_TYPE].update(mapping.provider_types)
        telehealth = _merge_telehealth(telehealth, mapping.telehealth)
    return _finish(found, telehealth)


def _mentions_ketamine(scan: _Scan) -> bool:
    return any(
        low == "ketamine" and not scan.negated(i, i + 1) for i, low in enumerate(scan.lowers)
    )


_SPECIFIC_KETAMINE = frozenset(
    {
        "ketamine_assisted_psychotherapy",
        "ketamine_infusion",
        "ketamine_intramuscular",
        "ketamine_oral",
        "ketamine_at_home",
    }
)


def _finish(found: dict[str, set[str]], telehealth: bool | None) -> Classification:
    therapies = found[THERAPY]
    if "ketamine_unspecified" in therapies and therapies & _SPECIFIC_KETAMINE:
        therapies.discard("ketamine_unspecified")
    if "ketamine_at_home" in therapies and telehealth is None:
        telehealth = True
    conditions = found[CONDITION]
    for code in list(conditions):
        parent = taxonomy.CONDITIONS[code].parent
        if parent:
            conditions.add(parent)
    return Classification(
        therapies=tuple(sorted(therapies)),
        conditions=tuple(sorted(conditions)),
        provider_types=tuple(sorted(found[PROVIDER_TYPE])),
        telehealth=telehealth,
    )


def explain(text: object) -> list[Match]:
    """Every synonym found in `text`, with its place and whether it was negated.

    For maintainers ("why was this page classified as KAP?"); classify() does not use it.
    """
    normalized = _normalize(text)
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(normalized)]
    _, hits = _scan(normalized)
    matches = []
    for hit in hits:
        start, end = spans[hit.start][0], spans[hit.end - 1][1]
        for kind, code in hit.codes:
            matches.append(
                Match(kind, code, normalized[start:end], start, end, negated=hit.negated)
            )
    return matches


def warm_up() -> None:
    """Compile the synonym tables now instead of on the first call."""
    _compiled()

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
- Offers, not mentions: a therapy or condition counts only where the sentence states it as
  an offer. A sentence that is a question ("What is EMDR?"), hedged or generic ("may
  include", "studies show"), a definition ("DBT is a mindfulness-based therapy"), about
  someone else ("a therapist who said they do CBT", "many clinics offer ketamine") or
  article text (article=True: blog, news) is a mention, unless it also says the offer is
  the provider's own ("we offer", "our ketamine infusions"). analyze() returns, per code,
  the sentences kept as evidence and the ones rejected with the reason.
- Source codes (NUCC, SAMHSA; see clinics.taxonomy.sources) are added as they map.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
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
_LOOKBACK = 12  # at most this many tokens back, whatever they are
_LOOKAHEAD = 6
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
        "insurance",
        "copay",
        "copays",
        "deposit",
        "membership",
        "contract",
        "commitment",
        "hidden",
        "surprise",
        "pressure",
        "accept",
        "accepts",
        "take",
        "takes",
        "bill",
    }
)
_LIST_GLUE = frozenset({"or", "and", "nor", "either", "any", "other"})
_SCOPE_BREAKERS = frozenset({"we", "our", "i", "you", "they", "he", "she", "who", "which"})
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
        "will",
        "can",
        "must",
        "should",
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
        "dispensed",
        "sold",
    }
)
_UNAVAILABLE_WORDS = frozenset({"unavailable", "discontinued"})
_NEAR_BLOCKERS = (
    frozenset({"and", "or", "nor", "plus", "versus", "vs"})
    | {"near", "close", "away", "minutes", "miles"}  # "ketamine clinic near your home"
    | _STRONG_CUES
    | {
        "no",
        "without",
    }
)

_ANY_CUE = _STRONG_CUES | _SHORT_CUES | _AFTER_CUES | _UNAVAILABLE_WORDS

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.!?;•|\n]")
_TAG = re.compile(r"<[^>]{0,1000}>")
_REPLACEMENTS = (  # typographic variants -> the plain characters the synonyms use
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u00a0", " "),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u2012", "-"),
    ("\u2013", "-"),
    ("\u2014", "-"),
)


def _plain(text: str) -> str:
    """Typographic quotes, dashes and no-break spaces made plain; CR made a line break.

    str.replace per character is much faster than str.translate on non-ASCII text.
    """
    if "\r" in text:
        text = text.replace("\r", "\n")
    if "`" in text:
        text = text.replace("`", "'")
    if not text.isascii():
        for old, new in _REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
    return text


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


class _Node:
    """A trie node over word tokens: children by token, and the phrase that ends here."""

    __slots__ = ("children", "phrase")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.phrase: _Phrase | None = None


@dataclass(frozen=True)
class _NearAnchor:
    """All near rules of one anchor word, merged: partner word -> [(distance, codes)]."""

    reach: int  # the largest distance of its rules
    partners_lower: dict[str, tuple[tuple[int, tuple[tuple[str, str], ...]], ...]]
    partners_exact: dict[str, tuple[tuple[int, tuple[tuple[str, str], ...]], ...]]


@dataclass(frozen=True)
class _Compiled:
    lower_trie: dict[str, _Node]  # case-insensitive phrases, keyed by lower-case tokens
    exact_trie: dict[str, _Node]  # case-sensitive phrases ("=ACT")
    near: dict[str, _NearAnchor]
    flags: dict[str, int]  # lower-case word -> what it may start or mean (_F_* bits)


_F_BOUNDARY = 1
_F_CUE = 2
_F_LOWER = 4
_F_EXACT = 8
_F_NEAR = 16


def _tokens_of(phrase: str) -> list[str]:
    return [t for t in _TOKEN.findall(_plain(phrase)) if t not in _BOUNDARY_TOKENS]


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


def _insert(trie: dict[str, _Node], keys: tuple[str, ...], phrase: _Phrase) -> None:
    node = trie.setdefault(keys[0], _Node())
    for key in keys[1:]:
        node = node.children.setdefault(key, _Node())
    if node.phrase is None or (phrase.stop and not node.phrase.stop):
        node.phrase = phrase
    elif not node.phrase.stop and not phrase.stop and phrase.codes != node.phrase.codes:
        merged = tuple(dict.fromkeys(node.phrase.codes + phrase.codes))
        node.phrase = _Phrase(
            node.phrase.lowers,
            node.phrase.exact,
            merged,
            node.phrase.needs_ketamine and phrase.needs_ketamine,
        )


@cache
def _compiled() -> _Compiled:
    phrases: list[_Phrase] = []
    near: dict[str, dict[str, dict[str, list]]] = {}
    reach: dict[str, int] = {}
    for t in taxonomy.all_terms():
        phrases.extend(_term_phrases(t))
        for rule in t.near:
            for anchor in rule.anchors:
                anchor = anchor.lower()
                reach[anchor] = max(reach.get(anchor, 0), rule.distance)
                tables = near.setdefault(anchor, {"lower": {}, "exact": {}})
                for partner in rule.partners:
                    table, word = (
                        (tables["exact"], partner[1:])
                        if partner.startswith("=")
                        else (tables["lower"], partner.lower())
                    )
                    table.setdefault(word, []).append((rule.distance, ((t.kind, t.code),)))
    for text in _TELEHEALTH_YES:
        phrases.extend(_phrase_variants(text, ((TELEHEALTH, "yes"),)))
    for text in _TELEHEALTH_NO:
        phrases.extend(_phrase_variants(text, ((TELEHEALTH, "no"),)))
    for text in STOP_PHRASES:
        phrases.extend(_phrase_variants(text, (), stop=True))
    lower_trie: dict[str, _Node] = {}
    exact_trie: dict[str, _Node] = {}
    for phrase in phrases:
        if phrase.exact is not None:
            _insert(exact_trie, phrase.exact, phrase)
        else:
            _insert(lower_trie, phrase.lowers, phrase)
    flags: dict[str, int] = {}
    for words, bit in (
        (_BOUNDARY_TOKENS | _BOUNDARY_WORDS, _F_BOUNDARY),
        (_ANY_CUE, _F_CUE),
        (lower_trie, _F_LOWER),
        ({key.lower() for key in exact_trie}, _F_EXACT),
        ({key.lower() for key in near}, _F_NEAR),
    ):
        for word in words:
            flags[word] = flags.get(word, 0) | bit
    return _Compiled(
        lower_trie=lower_trie,
        exact_trie=exact_trie,
        flags=flags,
        near={
            anchor: _NearAnchor(
                reach=reach[anchor],
                partners_lower={k: tuple(v) for k, v in tables["lower"].items()},
                partners_exact={k: tuple(v) for k, v in tables["exact"].items()},
            )
            for anchor, tables in near.items()
        },
    )


# ---- scanning ------------------------------------------------------------------------------


def normalize(text: object) -> str:
    """The text as the classifier reads it (tags stripped, entities and typography plain);
    Finding.offset counts characters of this text."""
    return _normalize(text)


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
    return _plain(text)


@dataclass(slots=True)
class _Hit:
    start: int  # token index
    end: int  # token index, exclusive
    codes: tuple[tuple[str, str], ...]
    needs_ketamine: bool
    negated: bool


class _Scan:
    """Tokens of one text, where its clauses end, and the negation test."""

    def __init__(self, tokens: list[str], flags_of: dict[str, int]) -> None:
        self.tokens = tokens
        # One join/lower/split instead of a .lower() per token (tokens never hold NUL).
        self.lowers = "\x00".join(tokens).lower().split("\x00") if tokens else []
        self.flags_of = flags_of
        self.cues: list[int] = []  # positions of negation words, ascending
        self.covered = bytearray(len(tokens))  # 1 for tokens inside a match
        self.ketamine: list[int] = []  # positions of the word "ketamine"
        self.boundary = bytearray(len(tokens))  # 1 where a clause ends
        self.sentence_ends: list[int] | None = None  # positions of . ! ? ; • | and line breaks
        self.quotes: dict[tuple[int, int], str] = {}  # sentence bounds -> evidence quote

    def negated(self, start: int, end: int) -> bool:
        cues = self.cues
        first = bisect_left(cues, start - _LOOKBACK)
        if first == len(cues) or cues[first] > end + _LOOKAHEAD:
            return False  # no negation word anywhere near
        lowers, boundary = self.lowers, self.boundary
        # cue before the match; other matches and list glue between do not count as
        # distance ("not offer ketamine, TMS or Spravato"), a new subject ends the scope
        covered = self.covered
        j = start - 1
        gap = 0
        stop = max(-1, start - 1 - _LOOKBACK)
        while j > stop and gap <= _STRONG_WINDOW and not boundary[j]:
            low = lowers[j]
            if low in _STRONG_CUES or (low in _SHORT_CUES and gap <= _SHORT_WINDOW):
                follower = lowers[j + 1] if j + 1 < start else None
                if follower not in _PSEUDO_AFTER:
                    return True
            if low in _SCOPE_BREAKERS:
                break
            if not covered[j] and low not in _LIST_GLUE:
                gap += 1
            j -= 1
        # "... is not available" after the match
        n = len(lowers)
        k = end
        while k < n and k - end < 4 and lowers[k] in _AFTER_SKIP:
            k += 1
        if k < n and not boundary[k]:
            low = lowers[k]
            if low in _UNAVAILABLE_WORDS:
                return True
            if low in _AFTER_CUES:
                for m in range(k + 1, min(n, k + 3)):
                    if boundary[m]:
                        break
                    if lowers[m] in _UNAVAILABLE:
                        return True
                    if lowers[m] not in _AFTER_SKIP:
                        break
        return False


def _longest(trie: dict[str, _Node], keys: list[str], i: int) -> _Phrase | None:
    node = trie.get(keys[i])
    best = None
    j = i + 1
    n = len(keys)
    while node is not None:
        if node.phrase is not None:
            best = node.phrase
        if j >= n or not node.children:
            break
        node = node.children.get(keys[j])
        j += 1
    return best


def _scan(normalized: str) -> tuple[_Scan, list[_Hit]]:
    """Find every synonym and near pair; negation is left to the caller (_Scan.negated)."""
    compiled = _compiled()
    flags_of = compiled.flags
    scan = _Scan(_TOKEN.findall(normalized), flags_of)
    tokens, lowers = scan.tokens, scan.lowers
    lower_trie, exact_trie, near = compiled.lower_trie, compiled.exact_trie, compiled.near
    hits: list[_Hit] = []
    anchors: list[int] = []
    cues, boundary = scan.cues, scan.boundary
    blocked_until = 0  # a stop phrase covers tokens up to here
    covered_until = 0  # a longer synonym covers tokens up to here
    for i in [i for i, low in enumerate(lowers) if low in flags_of]:
        flags = flags_of[lowers[i]]
        if flags & _F_BOUNDARY:
            boundary[i] = 1
        if flags & _F_CUE:
            cues.append(i)
        if i < blocked_until:
            continue
        if flags & _F_LOWER:
            node = lower_trie[lowers[i]]
            phrase = _longest(lower_trie, lowers, i) if node.children else node.phrase
        else:
            phrase = None
        if flags & _F_EXACT and tokens[i] in exact_trie:
            exact = _longest(exact_trie, tokens, i)
            if exact is not None and (
                phrase is None
                or len(exact.lowers) > len(phrase.lowers)
                or (len(exact.lowers) == len(phrase.lowers) and exact.stop)
            ):
                phrase = exact
        if phrase is not None:
            end = i + len(phrase.lowers)
            if phrase.stop:
                blocked_until = end
                continue
            if end > covered_until:
                hits.append(_Hit(i, end, phrase.codes, phrase.needs_ketamine, False))
                covered_until = end
        if flags & _F_NEAR:
            anchors.append(i)
    for anchor in anchors:
        if lowers[anchor] == "ketamine":
            scan.ketamine.append(anchor)
        hits.extend(_near_hits(scan, anchor, near[lowers[anchor]]))
    covered = scan.covered
    for hit in hits:
        covered[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return scan, hits


def _near_hits(scan: _Scan, anchor: int, rules: _NearAnchor) -> list[_Hit]:
    lowers, tokens, boundary = scan.lowers, scan.tokens, scan.boundary
    n = len(lowers)
    nearest: dict[tuple[tuple[str, str], ...], int] = {}  # codes -> partner position
    for step in (1, -1):
        k = anchor + step
        for offset in range(1, rules.reach + 2):
            if k < 0 or k >= n or boundary[k]:
                break
            low = lowers[k]
            found = rules.partners_lower.get(low) or rules.partners_exact.get(tokens[k])
            if found:
                for distance, codes in found:
                    if offset <= distance + 1 and codes not in nearest:
                        nearest[codes] = k
            if low in _NEAR_BLOCKERS:
                break
            k += step
    return [
        _Hit(min(anchor, k), max(anchor, k) + 1, codes, False, False)
        for codes, k in nearest.items()
    ]


# ---- offers versus mentions ----------------------------------------------------------------

# Reasons a sentence's therapy or condition is not taken as an offer (shown by --explain).
NEGATED = "negated"
QUESTION = "question"
HEDGED = "hedged or generic"
DEFINITION = "definition"
SOMEONE_ELSE = "about someone else"
ARTICLE = "article text"
REJECTION_REASONS = (NEGATED, QUESTION, HEDGED, DEFINITION, SOMEONE_ELSE, ARTICLE)

QUOTE_CHARS = 200  # evidence sentences are trimmed to about this many characters
MAX_OFFERS_PER_CODES = 3  # sentences collected as evidence for one match's codes

_SENTENCE_END = frozenset({".", "!", "?", ";", "•", "|", "\n"})
_SENTENCE_REACH = 60  # tokens looked at on each side of a match for its sentence
_FIRST_PERSON = frozenset(
    {"we", "our", "us", "i", "my", "ours", "we're", "we've", "we'll", "i'm", "i've", "i'll"}
)
_OWN_VERBS = frozenset(
    {
        "offer",
        "offers",
        "offering",
        "offered",
        "provide",
        "provides",
        "providing",
        "specialize",
        "specializes",
        "specializing",
        "specialise",
        "specialises",
        "specialising",
        "deliver",
        "delivers",
        "administer",
        "administers",
        "perform",
        "performs",
        "practice",
        "practices",
        "use",
        "uses",
        "utilize",
        "utilizes",
        "treat",
        "treats",
        "treating",
        "include",
        "includes",
        "trained",
        "certified",
        "help",
        "helps",
        "helping",
        "work",
        "works",
        "focus",
        "focuses",
        "available",
        "integrate",
        "integrates",
        "combine",
        "combines",
        "draw",
        "incorporate",
        "incorporates",
        "incorporated",
        "employ",
        "employs",
        "apply",
        "see",
        "serve",
        "serves",
        "support",
        "supports",
        "guide",
        "guides",
        # "we are a Spravato provider": who the speaker is
        "provider",
        "center",
        "centre",
        "clinic",
        "specialist",
        "specialists",
    }
)
# "our blog: Ketamine and ...": these nouns between "our" and a match make it no offer.
_NOT_SERVICES = frozenset(
    {
        "blog",
        "article",
        "articles",
        "post",
        "posts",
        "news",
        "newsletter",
        "podcast",
        "video",
        "videos",
        "guide",
        "story",
        "stories",
        "latest",
        "recent",
        "friends",
        "partner",
        "partners",
    }
)
_QUESTION_STARTS = frozenset(
    {
        "what",
        "what's",
        "whats",
        "how",
        "why",
        "who",
        "when",
        "which",
        "does",
        "do",
        "is",
        "are",
        "can",
        "should",
        "will",
        "could",
        "would",
    }
)
_HEDGES = frozenset(
    {
        "may",
        "might",
        "could",
        "can",
        "perhaps",
        "possibly",
        "potential",
        "potentially",
        "promising",
        "study",
        "studies",
        "research",
        "researchers",
        "trial",
        "trials",
        "journal",
        "published",
        "suggest",
        "suggests",
        "suggested",
        "shown",
        "whether",
        "considering",
        "wondering",
        "curious",
        "exploring",
        "blog",
        "newsletter",
        "podcast",
        "article",
        "news",
        "announced",
        "headline",
        "headlines",
        "read",
        "learn",
        "typically",
        "generally",
        "usually",
        "often",
        "sometimes",
        "unlike",
        "fda",
        "approved",
        "approval",
        "extensively",
        "widely",
        "commonly",
        "increasingly",
        "considered",
        "believed",
    }
)
# Sending people elsewhere is not offering: "we refer clients to ketamine clinics", "for
# clients who had ketamine treatment elsewhere".
_REFERRAL = frozenset({"refer", "refers", "referrals", "referring", "referred", "elsewhere"})
# Not offered yet: "coming soon", "we hope to offer", "waitlist for our future program".
_NOT_YET = frozenset({"soon", "upcoming", "future", "hope", "hoping", "planning"})
# Words just before a match that make it the reader's idea, not the provider's offer:
# "clients considering ketamine therapy", "curious about EMDR".
_CONSIDERING = frozenset(
    {"considering", "exploring", "curious", "interested", "wondering", "thinking", "about"}
)
# A match followed by these names other providers: "local ketamine clinics", "EMDR therapists
# near you" (unless "our" or "my" comes first).
_PROVIDERS_AFTER = frozenset(
    {
        "clinics",
        "providers",
        "centers",
        "centres",
        "practitioners",
        "prescribers",
        "therapists",
        "doctors",
        "companies",
        "directory",
        "directories",
    }
)
_REPORTED = frozenset(
    {
        "said",
        "says",
        "told",
        "tells",
        "claims",
        "claimed",
        "reports",
        "reported",
        "according",
        "reportedly",
        "allegedly",
    }
)
_QUANTIFIERS = frozenset({"other", "some", "many", "most", "several", "another", "few", "certain"})
_OTHERS = frozenset(
    {
        "clinic",
        "clinics",
        "provider",
        "providers",
        "therapist",
        "therapists",
        "practice",
        "practices",
        "doctor",
        "doctors",
        "psychiatrists",
        "centers",
        "centres",
        "people",
        "patients",
        "celebrities",
        "companies",
        "programs",
        "states",
        "countries",
        "experts",
    }
)
_DEFINING_VERBS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "works",
        "involves",
        "refers",
        "means",
        "combines",
        "uses",
        "acts",
        "differs",
        "became",
        "remains",
        "targets",
        "helps",
        "teaches",
        "focuses",
        "aims",
        "originated",
        "began",
        "blocks",
        "affects",
        "increases",
        "reduces",
        "stands",
        "relies",
    }
)
# "Ketamine is available here": the verb after "is" says offer, not definition.
_OFFER_STATES = frozenset(
    {
        "available",
        "offered",
        "provided",
        "now",
        "also",
        "performed",
        "administered",
        "covered",
        "done",
        "here",
        "accepted",
        "included",
        "given",
        "delivered",
    }
)
# Ketamine is written about far more than it is offered: a full sentence about it needs a word
# of offering (the "no page that merely mentions ketamine" rule).
KETAMINE_FAMILY = frozenset(
    {
        "ketamine_assisted_psychotherapy",
        "ketamine_infusion",
        "ketamine_intramuscular",
        "ketamine_oral",
        "ketamine_at_home",
        "ketamine_unspecified",
        "esketamine_spravato",
    }
)
_GENERAL_VERBS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "been",
        "involves",
        "involve",
        "involving",
        "uses",
        "using",
        "used",
        "works",
        "acts",
        "causes",
        "shows",
        "became",
        "remains",
        "produces",
        "induces",
        "leads",
    }
)
_OFFER_WORDS = frozenset(
    {
        "offer",
        "offers",
        "offered",
        "offering",
        "available",
        "provide",
        "provides",
        "provided",
        "providing",
        "schedule",
        "book",
        "appointment",
        "appointments",
        "consultation",
        "consultations",
        "administer",
        "administered",
        "administers",
        "accepting",
    }
)
_SUBJECT_LEAD = frozenset({"the", "a", "an", "this", "that", "these"})
_SUBJECT_TRAIL = frozenset(
    {
        "therapy",
        "therapies",
        "treatment",
        "treatments",
        "sessions",
        "session",
        "infusion",
        "infusions",
        "itself",
    }
)


def _sentence_bounds(scan: _Scan, start: int, end: int) -> tuple[int, int]:
    """Token range [first, last) of the sentence around a match; last includes its end mark.

    At most _SENTENCE_REACH tokens on each side (a page without punctuation is not one
    sentence). Sentence ends are found once per text.
    """
    ends = scan.sentence_ends
    if ends is None:
        ends = scan.sentence_ends = [
            i for i, word in enumerate(scan.lowers) if word in _SENTENCE_END
        ]
    k = bisect_left(ends, start)
    first = ends[k - 1] + 1 if k > 0 else 0
    j = bisect_left(ends, end, k)
    last = ends[j] + 1 if j < len(ends) else len(scan.lowers)
    return max(first, start - _SENTENCE_REACH), min(last, end + _SENTENCE_REACH)


def _is_own(scan: _Scan, first: int, last: int, start: int, present: set[str]) -> bool:
    """The sentence states the offer as the provider's own ("we offer", "our KAP program")."""
    lowers = scan.lowers
    if not (present.isdisjoint(_FIRST_PERSON) or present.isdisjoint(_OWN_VERBS)):
        return True
    for j in (start - 1, start - 2):  # "our ketamine infusions", "our new EMDR intensives"
        if j < first:
            break
        if lowers[j] in ("our", "my"):
            return j == start - 1 or lowers[start - 1] not in _NOT_SERVICES
    return False


def _definition(scan: _Scan, first: int, last: int) -> bool:
    """The sentence is a general statement whose subject is a match ("DBT is a ...",
    "Ketamine has been used ...", "EMDR therapy helps ...")."""
    lowers, covered = scan.lowers, scan.covered
    k = first
    while k < last and lowers[k] in _SUBJECT_LEAD:
        k += 1
    if k >= last or not covered[k]:
        return False
    steps = 0
    while k < last and steps < 8 and (covered[k] or lowers[k] in _SUBJECT_TRAIL):
        k += 1  # "Ketamine-assisted psychotherapy (KAP) is ...", "EMDR therapy is ..."
        steps += 1
    if k >= last or lowers[k] not in _DEFINING_VERBS:
        return False
    following = lowers[k + 1] if k + 1 < last else ""
    return following not in _OFFER_STATES


def _negative(words: list[str], present: set[str]) -> bool:
    """A sentence that negates something and does not state an own offer is not an offer."""
    if present.isdisjoint(_STRONG_CUES):
        return False
    for i, word in enumerate(words):
        if word in _STRONG_CUES and (i + 1 >= len(words) or words[i + 1] not in _PSEUDO_AFTER):
            return True
    return False


def _someone_else(words: list[str], present: set[str]) -> bool:
    if present.isdisjoint(_QUANTIFIERS):
        return False
    for i, word in enumerate(words):
        if word in _QUANTIFIERS and any(w in _OTHERS for w in words[i + 1 : i + 3]):
            return True
    return False


def _judge(scan: _Scan, hit: _Hit, article: bool, bounds: tuple[int, int]) -> str | None:
    """Why a therapy or condition match is not an offer, or None when it is one."""
    first, last = bounds
    words = scan.lowers[first:last]
    present = set(words)
    if not (present.isdisjoint(_REPORTED) and present.isdisjoint(_REFERRAL)):
        return SOMEONE_ELSE
    if not present.isdisjoint(_NOT_YET):
        return HEDGED  # "Coming soon: ketamine-assisted psychotherapy"
    if _is_own(scan, first, last, hit.start, present):
        return None
    if _negative(words, present):
        return NEGATED  # "Spravato will not be dispensed to take home like ketamine troches"
    if words and (words[-1] == "?" or words[0] in _QUESTION_STARTS):
        return QUESTION
    if _someone_else(words, present):
        return SOMEONE_ELSE
    if not present.isdisjoint(_HEDGES):
        return HEDGED
    if _definition(scan, first, last):
        return DEFINITION
    if article:
        return ARTICLE
    if _is_ketamine(hit) and _general_statement(present):
        return HEDGED
    return None


def _hit_reason(scan: _Scan, hit: _Hit) -> str | None:
    """Why this one match, whatever its sentence says, is not an offer."""
    lowers = scan.lowers
    own = hit.start > 0 and lowers[hit.start - 1] in ("our", "my")
    if own:
        return None
    if not set(lowers[max(0, hit.start - 3) : hit.start]).isdisjoint(_CONSIDERING):
        return HEDGED
    following = lowers[hit.end] if hit.end < len(lowers) else ""
    if following in _PROVIDERS_AFTER or lowers[hit.end - 1] in _PROVIDERS_AFTER:
        return SOMEONE_ELSE
    if following == "integration" and _is_ketamine(hit):
        return SOMEONE_ELSE  # integrating sessions given elsewhere is integration therapy
    return None


def _is_ketamine(hit: _Hit) -> bool:
    return any(code in KETAMINE_FAMILY for _, code in hit.codes)


def _general_statement(present: set[str]) -> bool:
    """A full sentence about a treatment ("Psychedelic-assisted therapy involves ketamine,
    psilocybin and MDMA") with no word of offering: for ketamine, not enough. Headings, list
    items and fragments ("IV ketamine for depression") and availability ("Ketamine infusions
    are available on weekdays") still count."""
    return present.isdisjoint(_OFFER_WORDS) and not present.isdisjoint(_GENERAL_VERBS)


@dataclass(frozen=True)
class Finding:
    """One therapy or condition read in a sentence: an offer (reason None) or a mention."""

    kind: str
    code: str
    quote: str
    reason: str | None = None
    offset: int = dc_field(default=-1, compare=False)  # where the match starts in the text


@dataclass(frozen=True)
class Analysis:
    """classify() with its reasons: the codes, the offers kept and the mentions rejected."""

    classification: Classification
    offers: tuple[Finding, ...] = ()
    rejected: tuple[Finding, ...] = ()


def _quote(
    normalized: str, spans: list[tuple[int, int]], scan: _Scan, hit: _Hit, bounds: tuple[int, int]
) -> str:
    first, last = bounds
    while last > first + 1 and scan.lowers[last - 1] == "\n":
        last -= 1
    begin, finish = spans[first][0], spans[last - 1][1]
    if finish - begin > QUOTE_CHARS:  # keep the match, centred in the window
        centre = (spans[hit.start][0] + spans[hit.end - 1][1]) // 2
        begin = max(begin, min(centre - QUOTE_CHARS // 2, finish - QUOTE_CHARS))
        finish = min(finish, begin + QUOTE_CHARS)
        text = normalized[begin:finish].strip()
        return ("..." if begin > spans[first][0] else "") + text + "..."
    return " ".join(normalized[begin:finish].split())


# ---- public API ----------------------------------------------------------------------------


def classify(
    text: object, source_codes: Iterable[str] = (), article: bool = False
) -> Classification:
    """Therapies, conditions, provider types and telehealth from text and source codes.

    `article` marks blog, news or article text: there a therapy or condition counts only
    where the sentence says the offer is the provider's own. Never raises for odd input:
    None, bytes, junk or an empty string give an empty result.
    """
    return _analyze(text, source_codes, article, collect=False).classification


def analyze(text: object, source_codes: Iterable[str] = (), article: bool = False) -> Analysis:
    """classify() with its evidence: each offer's sentence and each rejected mention's reason.

    Offers hold one Finding per code and sentence; source codes are not findings (they are
    their own evidence).
    """
    return _analyze(text, source_codes, article, collect=True)


_GATED = frozenset({THERAPY, CONDITION})  # kinds that need an offer, not a mention


def _analyze(text: object, source_codes: Iterable[str], article: bool, collect: bool) -> Analysis:
    found: dict[str, set[str]] = {THERAPY: set(), CONDITION: set(), PROVIDER_TYPE: set()}
    telehealth: bool | None = None
    offers: list[Finding] = []
    rejected: list[Finding] = []
    if text:
        normalized = _normalize(text)
        scan, hits = _scan(normalized)
        spans = [m.span() for m in _TOKEN.finditer(normalized)] if collect and hits else []
        ketamine_mentioned: bool | None = None
        tele_yes = tele_no = False
        affirmed: set[tuple[tuple[str, str], ...]] = set()
        verdicts: dict[tuple, str | None] = {}  # (sentence, ketamine?) -> reason
        shown: dict[tuple[tuple[str, str], ...], int] = {}  # codes -> offers collected
        for hit in hits:
            if hit.codes in affirmed and (
                not collect or shown.get(hit.codes, 0) >= MAX_OFFERS_PER_CODES
            ):
                continue  # nothing new: skip the tests
            gated = any(kind in _GATED for kind, _ in hit.codes)
            if scan.negated(hit.start, hit.end):
                if any(kind == TELEHEALTH for kind, _ in hit.codes):
                    tele_no = True
                if collect and gated:
                    bounds = _sentence_bounds(scan, hit.start, hit.end)
                    rejected.extend(_findings(normalized, spans, scan, hit, NEGATED, bounds))
                continue
            if hit.needs_ketamine:
                if ketamine_mentioned is None:
                    ketamine_mentioned = any(not scan.negated(i, i + 1) for i in scan.ketamine)
                if not ketamine_mentioned:
                    continue
            if gated:
                bounds = _sentence_bounds(scan, hit.start, hit.end)
                key = (*bounds, _is_ketamine(hit))
                if key not in verdicts:
                    verdicts[key] = _judge(scan, hit, article, bounds)
                reason = verdicts[key] or _hit_reason(scan, hit)
                if reason is not None:
                    if collect:
                        rejected.extend(_findings(normalized, spans, scan, hit, reason, bounds))
                    continue
                if collect:
                    offers.extend(_findings(normalized, spans, scan, hit, None, bounds))
                    shown[hit.codes] = shown.get(hit.codes, 0) + 1
            affirmed.add(hit.codes)
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
    classification = _finish(found, telehealth)
    if collect:
        kept = set(classification.therapies) | set(classification.conditions)
        offers = _with_parents(_unique(f for f in offers if f.code in kept), kept)
        rejected = _unique(rejected)
    return Analysis(classification, tuple(offers), tuple(rejected))


def _findings(
    normalized: str,
    spans: list[tuple[int, int]],
    scan: _Scan,
    hit: _Hit,
    reason: str | None,
    bounds: tuple[int, int],
) -> list[Finding]:
    quotes = scan.quotes
    quote = quotes.get(bounds)
    if quote is None:
        quote = _quote(normalized, spans, scan, hit, bounds)
        if spans[bounds[1] - 1][1] - spans[bounds[0]][0] <= QUOTE_CHARS:
            quotes[bounds] = quote  # a short sentence is the same quote for every match
    offset = spans[hit.start][0]
    return [
        Finding(kind, code, quote, reason, offset) for kind, code in hit.codes if kind in _GATED
    ]


def _with_parents(offers: list[Finding], kept: set[str]) -> list[Finding]:
    """A parent condition implied by a child (panic -> anxiety) shares the child's sentence."""
    have = {f.code for f in offers}
    for finding in list(offers):
        term = taxonomy.CONDITIONS.get(finding.code) if finding.kind == CONDITION else None
        parent = term.parent if term else None
        if parent and parent in kept and parent not in have:
            offers.append(Finding(CONDITION, parent, finding.quote, None, finding.offset))
            have.add(parent)
    return offers


def _unique(findings) -> list[Finding]:
    return list(dict.fromkeys(findings))


SPECIFIC_KETAMINE = frozenset(
    {
        "ketamine_assisted_psychotherapy",
        "ketamine_infusion",
        "ketamine_intramuscular",
        "ketamine_oral",
        "ketamine_at_home",
    }
)


# "psychotherapist" means talk-therapy wording without a named license: dropped when one is named.
LICENSED_CLINICIANS = frozenset(
    {
        "psychiatrist",
        "psychologist",
        "counselor",
        "clinical_social_worker",
        "social_worker",
        "marriage_family_therapist",
        "psychiatric_nurse_practitioner",
        "psychoanalyst",
    }
)


def settle_codes(
    therapies: set[str], provider_types: set[str], telehealth: bool | None
) -> bool | None:
    """The rules between codes, applied in place; returns the telehealth answer.

    "ketamine_unspecified" goes when a specific route is found, "psychotherapist" when a
    licensed clinician type is, and at-home ketamine means telehealth when nothing says so.
    """
    if "ketamine_unspecified" in therapies and therapies & SPECIFIC_KETAMINE:
        therapies.discard("ketamine_unspecified")
    if "psychotherapist" in provider_types and provider_types & LICENSED_CLINICIANS:
        provider_types.discard("psychotherapist")
    if "ketamine_at_home" in therapies and telehealth is None:
        return True
    return telehealth


def _finish(found: dict[str, set[str]], telehealth: bool | None) -> Classification:
    therapies = found[THERAPY]
    provider_types = found[PROVIDER_TYPE]
    telehealth = settle_codes(therapies, provider_types, telehealth)
    conditions = found[CONDITION]
    for code in list(conditions):
        parent = taxonomy.CONDITIONS[code].parent
        if parent:
            conditions.add(parent)
    return Classification(
        therapies=tuple(sorted(therapies)),
        conditions=tuple(sorted(conditions)),
        provider_types=tuple(sorted(provider_types)),
        telehealth=telehealth,
    )


def warm_up() -> None:
    """Compile the synonym tables now instead of on the first call."""
    _compiled()

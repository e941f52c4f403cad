"""What a source states about costs: cash prices, sliding scales and free care, each with
where and when it was said.

An entry (a dict, keys below) is one statement: KIND is `price` (AMOUNT and, for a range,
AMOUNT_MAX, in CURRENCY "USD", per UNIT when the source names one), `sliding_scale` or
`free`; QUOTE is the source's own words (a sentence, a listing value, or the schema.org
offer as text), and SOURCE, URL, DATE (the fetch day, YYYY-MM-DD) and FIELD say where it
came from. An entry without a quote, a source or a date is never kept (`valid_entry`): the
directory shows no price without its source and date.

Inputs, all pure functions of what a page or a listing gave:

- `structured_costs(price_range, offers, url)`: schema.org `priceRange` and
  `offers` / `makesOffer` / `hasOfferCatalog` (Offer, AggregateOffer, priceSpecification);
- `value_costs(values, field)`: listing values such as FindTreatment's "Sliding fee scale
  (fee is based on income and other factors)" or "Treatment at no charge or minimal payment
  for clients who cannot pay" (record fields `payment` and `insurance`);
- `text_costs(text, ...)` / `analyze_text(text, ...)`: page and description text, judged
  sentence by sentence like the classifier's offers (docs/taxonomy.md, "Costs"): a
  negated, hedged, general, reported or someone else's statement is no statement of the
  provider's own ("insurance rarely covers $400-$800 infusions elsewhere", "we do not offer
  a sliding scale", "Many clinics charge $500 per infusion").

`apply_costs(record, pages)` is the one path: the crawler's classify pipeline calls it with
the page texts, the indexer on every load without them; it keeps the entries a record has,
adds what its fields and pages say now, and fills in the record's source, page and fetch day
where a page object could not know them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from price_parser import Price

from clinics import fields as F
from clinics.classify import ARTICLE as ARTICLE_TEXT
from clinics.classify import HEDGED, NEGATED, QUESTION, SOMEONE_ELSE, normalize
from clinics.enrich import PAGE_ARTICLE, PAGE_TEXT, PAGE_URL, fetched_day

# kinds
PRICE = "price"
SLIDING_SCALE = "sliding_scale"
FREE = "free"
KINDS = (PRICE, SLIDING_SCALE, FREE)
LOW_COST_KINDS = (SLIDING_SCALE, FREE)  # the "sliding scale or free" filter

# entry keys
KIND = "kind"
AMOUNT = "amount"
AMOUNT_MAX = "amount_max"
CURRENCY = "currency"
UNIT = "unit"
QUOTE = "quote"
SOURCE = "source"
URL = "url"
DATE = "date"
FIELD = "field"
KEYS = (KIND, AMOUNT, AMOUNT_MAX, CURRENCY, UNIT, QUOTE, SOURCE, URL, DATE, FIELD)

USD = "USD"
# What a price is for, in the order shown; the words that name each.
UNITS: dict[str, tuple[str, ...]] = {
    "session": ("session", "sessions"),
    "infusion": ("infusion", "infusions"),
    "treatment": ("treatment", "treatments", "dose", "doses", "injection", "injections"),
    "series": ("series", "package", "packages", "course", "bundle", "protocol"),
    "visit": ("visit", "visits", "appointment", "appointments"),
    "consultation": ("consultation", "consultations", "consult", "consults"),
    "evaluation": ("evaluation", "evaluations", "assessment", "assessments", "intake"),
    "hour": ("hour", "hours", "hr"),
    "month": ("month", "months", "monthly"),
}
_UNIT_OF = {word: unit for unit, words in UNITS.items() for word in words}
_SERIES_WORDS = frozenset(UNITS["series"])

# a price's entry: at most this many a record, of sliding scale and free at most MAX_OTHER each
MAX_PRICES = 8
MAX_OTHER = 3
QUOTE_CHARS = 200
MAX_AMOUNT = Decimal(100_000)

NOT_A_PRICE = "not a price of care"  # a copay, deposit, late fee, discount, coverage ...

# ---- patterns ------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_MARK = r"(?:US\s?\$|\$|USD\s?)"
PRICE_PATTERN = re.compile(
    rf"(?P<between>\bbetween\s+)?(?P<low>{_MARK}\s?(?:{_NUM}))(?![\d,])"
    rf"(?:\s*(?P<sep>-|to|and)\s*(?P<high>{_MARK}?\s?(?:{_NUM}))(?![\d,]))?",
    re.IGNORECASE,
)
SLIDING_PATTERN = re.compile(
    r"\bsliding[- ](?:fee[- ])?(?:scales?|fees?|rates?)\b"
    r"|\bincome[- ]based (?:fees?|rates?|pricing|sliding)\b"
    r"|\b(?:fees?|rates?|pricing|costs?) (?:are )?based on (?:your |household |family )?income\b"
    r"|\breduced[- ](?:fees?|rates?|costs?)\b",
    re.IGNORECASE,
)
FREE_PATTERN = re.compile(
    r"(?<![\w-])(?:free of charge|at no cost|at no charge|no cost|no charge|without charge"
    r"|no fees?|pro bono|no payment accepted|free)(?![\w-])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|/|\$[\d,.]+", re.IGNORECASE)
_SENTENCES = re.compile(
    r"(?<=[.!?;])\s+|[\n•|]+|,?\s+(?=\b(?:but|however|although|though|whereas)\b)",
    re.IGNORECASE,
)
_TRIM = re.compile(r"^[\s\-–—:*#>]+|\s+$")

# ---- words of the judgement --------------------------------------------------------------

_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my", "ours", "we're", "we've", "i'm"})
_STRONG_CUES = frozenset(
    {"not", "never", "don't", "dont", "doesn't", "doesnt", "isn't", "aren't", "won't",
     "cannot", "can't", "neither", "longer"}
)  # fmt: skip
_SHORT_CUES = frozenset({"no", "without", "nor", "except", "excluding"})
# "no cost CBT groups", "without insurance, sessions are $150": the cue is about these
_PSEUDO_AFTER = frozenset(
    {"cost", "costs", "charge", "fee", "fees", "insurance", "insured", "copay", "referral",
     "wait", "waiting", "waitlist", "hidden", "surprise", "obligation", "matter", "only",
     "just", "doubt", "contract", "membership", "deposit"}
)  # fmt: skip
_STRONG_WINDOW = 4
_SHORT_WINDOW = 2
_UNAVAILABLE = frozenset({"available", "offered", "provided", "accepted", "possible", "offer"})
_AFTER_CUES = frozenset({"not", "isn't", "aren't", "no", "never"})
_UNAVAILABLE_WORDS = frozenset({"unavailable", "discontinued"})

_SOMEONE_ELSE_WORDS = frozenset(
    {"elsewhere", "refer", "refers", "referral", "referrals", "referring", "said", "says",
     "told", "according", "claims", "claimed", "reported", "reportedly", "competitors"}
)  # fmt: skip
_QUANTIFIERS = frozenset({"other", "some", "many", "most", "several", "certain", "few", "another"})
_OTHERS = frozenset(
    {"clinic", "clinics", "provider", "providers", "practice", "practices", "therapist",
     "therapists", "doctors", "psychiatrists", "centers", "centres", "places", "offices",
     "insurers", "plans", "companies", "programs", "people", "patients"}
)  # fmt: skip
_NOT_YET = frozenset({"soon", "upcoming", "future", "planning", "hope", "hoping"})
_HEDGES = frozenset(
    {"may", "might", "could", "can", "typically", "typical", "usually", "generally", "often",
     "average", "averages", "rarely", "seldom", "nationally", "nationwide", "estimate",
     "estimated", "estimates", "studies", "study", "research", "anywhere", "upwards",
     "expect", "blog", "article", "news"}
)  # fmt: skip
_QUESTION_STARTS = frozenset(
    {"what", "what's", "how", "why", "who", "when", "which", "does", "do", "is", "are", "can",
     "should", "will", "could", "would"}
)  # fmt: skip
# Money in these sentences is not what care costs.
_NOT_A_PRICE = re.compile(
    r"\b(?:co-?pays?|co-?insurance|deductibles?|deposits?|cancell?ations?|cancel(?:l?ed)?"
    r"|late fees?|no[- ]shows?|missed|parking|discounts?|discounted|save|savings|refunds?"
    r"|gift|donat\w*|raised|grants?|salary|salaries|reimburs\w*|financing|loans?"
    r"|per (?:year|annum)|out-of-network)\b",
    re.IGNORECASE,
)
_COVERAGE = re.compile(
    r"\b(?:insurance|insurer|insurers|medicare|medicaid|plans?)\b[^.]*?\b(?:covers?|covered"
    r"|coverage|pays?|paid)\b",
    re.IGNORECASE,
)
_FEE_WORDS = frozenset(
    {"fee", "fees", "cost", "costs", "price", "prices", "pricing", "rate", "rates", "charge",
     "charges", "self", "cash", "pay", "priced", "tuition"}
)  # fmt: skip
_PRICE_LEADS = frozenset({"per", "/", "a", "an", "each", "every", "for"})
# Free what: care, not a consultation, a call or parking.
_CARE_WORDS = frozenset(
    {"therapy", "therapies", "counseling", "counselling", "care", "treatment", "treatments",
     "services", "service", "sessions", "session", "clinic", "groups", "group", "support",
     "psychiatric", "appointments", "visits", "infusions", "medication", "medications",
     "cannot", "uninsured", "low", "income"}
)  # fmt: skip
_NOT_CARE_WORDS = frozenset(
    {"consultation", "consultations", "consult", "call", "calls", "phone", "screening",
     "screenings", "estimate", "quote", "parking", "wifi", "shipping", "trial", "guide",
     "ebook", "download", "webinar", "newsletter", "evaluation", "assessment", "tour",
     "seminar", "event", "events", "samples", "coffee", "toll",
     "verification", "verify", "benefits", "check"}
)  # fmt: skip
_FREE_WINDOW = 5


# ---- small helpers ----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(round(value, 2))


def parse_amount(text: object) -> tuple[Decimal | None, str | None]:
    """(amount, currency mark) of one price text: "$1,250.00" -> (1250.00, "$"); price-parser
    reads the separators ("1.250,00 USD" too)."""
    if isinstance(text, bool) or text is None:
        return None, None
    if isinstance(text, int | float | Decimal):
        try:
            return Decimal(str(text)), None
        except InvalidOperation:
            return None, None
    price = Price.fromstring(str(text)[:100])
    return price.amount, price.currency


def _is_usd(mark: object) -> bool:
    return isinstance(mark, str) and mark.strip().upper() in ("$", "USD", "US$", "US $")


def unit_of(text: object) -> str | None:
    """The unit a short text names: "per infusion" -> "infusion", "Series of 6" -> "series"."""
    words = _words(str(text or ""))
    if any(word in _SERIES_WORDS for word in words):
        return "series"
    for word in words:
        if word in _UNIT_OF:
            return _UNIT_OF[word]
    return None


def _quote(sentence: str, start: int, end: int) -> str:
    text = " ".join(sentence.split())
    if len(text) <= QUOTE_CHARS:
        return text
    middle = (start + end) // 2
    left = max(0, min(middle - QUOTE_CHARS // 2, len(text) - QUOTE_CHARS))
    return ("…" if left else "") + text[left : left + QUOTE_CHARS].strip() + "…"


def sentences(text: object) -> list[str]:
    """The text cut into sentences and clauses (lines, . ! ? ;, bullets, but/however ...)."""
    out = []
    for piece in _SENTENCES.split(normalize(text)):
        piece = _TRIM.sub("", piece or "")
        if piece:
            out.append(piece)
    return out


# ---- the judgement --------------------------------------------------------------------------


def _negated(before: list[str], after: list[str]) -> bool:
    """A negation cue just before the statement ("we do not offer a sliding scale", "no
    sliding fee"), or an unavailability just after ("sliding scale is not available")."""
    for distance, word in enumerate(reversed(before), start=1):
        if distance > _STRONG_WINDOW:
            break
        following = before[len(before) - distance + 1] if distance > 1 else ""
        if following in _PSEUDO_AFTER:
            continue
        if word in _STRONG_CUES or (word in _SHORT_CUES and distance <= _SHORT_WINDOW + 1):
            return True
    window = after[:6]
    if any(word in _UNAVAILABLE_WORDS for word in window):
        return True
    for i, word in enumerate(window):
        if word in _AFTER_CUES and any(w in _UNAVAILABLE for w in window[i + 1 : i + 4]):
            return True
    return False


def _someone_else(words: list[str]) -> bool:
    if any(word in _SOMEONE_ELSE_WORDS for word in words):
        return True
    return any(
        word in _QUANTIFIERS and any(w in _OTHERS for w in words[i + 1 : i + 4])
        for i, word in enumerate(words)
    )


def _judge(sentence: str, start: int, end: int, article: bool, kind: str) -> str | None:
    """Why the statement at sentence[start:end] is not the provider's own, or None."""
    before, after = _words(sentence[:start]), _words(sentence[end:])
    words = _words(sentence)
    if _negated(before, after):
        return NEGATED
    if kind == PRICE and (_NOT_A_PRICE.search(sentence) or _COVERAGE.search(sentence)):
        return NOT_A_PRICE
    if _someone_else(words):
        return SOMEONE_ELSE
    if any(word in _NOT_YET for word in words):
        return HEDGED
    if sentence.rstrip().endswith("?") or (words and words[0] in _QUESTION_STARTS):
        return QUESTION
    if any(word in _FIRST_PERSON for word in words):
        return None
    if any(word in _HEDGES for word in words):
        return HEDGED
    if article:
        return ARTICLE_TEXT
    return None


def _unit_near(sentence: str, start: int, end: int) -> str | None:
    """The unit of the price at sentence[start:end]: named after it ("$150 per session",
    "$2,400 for a series of six"), else the nearest one before it ("Sessions are $150")."""
    after = _words(sentence[end:])[:7]
    if after and after[0] in _PRICE_LEADS:
        unit = unit_of(" ".join(after[1:6]))
        if unit:
            return unit
    if after and after[0] in _UNIT_OF:
        return _UNIT_OF[after[0]]
    before = _words(sentence[:start])[-8:]
    if any(word in _SERIES_WORDS for word in before):
        return "series"
    for word in reversed(before):
        if word in _UNIT_OF:
            return _UNIT_OF[word]
    return None


def _amounts(match: re.Match) -> tuple[Decimal, Decimal | None] | None:
    low, _ = parse_amount(match.group("low"))
    high = None
    if match.group("high") and (match.group("sep").lower() != "and" or match.group("between")):
        high, _ = parse_amount(match.group("high"))
    if low is None or not (Decimal(1) <= low <= MAX_AMOUNT):
        return None
    if high is not None and not (low < high <= MAX_AMOUNT):
        high = None
    return low, high


def price_entry(
    low: Decimal, high: Decimal | None, unit: str | None, quote: str, field: str | None = None
) -> dict:
    entry: dict[str, Any] = {KIND: PRICE, AMOUNT: _number(low), CURRENCY: USD, QUOTE: quote}
    if high is not None:
        entry[AMOUNT_MAX] = _number(high)
    if unit:
        entry[UNIT] = unit
    if field:
        entry[FIELD] = field
    return entry


def _free_is_care(sentence: str, start: int, end: int) -> bool:
    """Free care ("free counseling", "services are provided at no cost"), not a free
    consultation, phone call or parking."""
    before, after = _words(sentence[:start]), _words(sentence[end:])
    if sentence[start:end].lower() == "free" and (
        before[-1:] == ["feel"] or after[:1] in (["to"], ["from"])
    ):
        return False  # "feel free to call", "free from anxiety"
    near = before[-_FREE_WINDOW:] + after[:_FREE_WINDOW]
    if any(word in _NOT_CARE_WORDS for word in near):
        return False
    return any(word in _CARE_WORDS for word in near)


def analyze_text(
    text: object, article: bool = False
) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """(entries, rejected) of a text: entries without provenance (the caller adds it), and
    (kind, sentence, reason) for every statement that is not the provider's own."""
    found: list[dict] = []
    rejected: list[tuple[str, str, str]] = []
    for sentence in sentences(text):
        for match in PRICE_PATTERN.finditer(sentence):
            amounts = _amounts(match)
            if amounts is None:
                continue
            unit = _unit_near(sentence, match.start(), match.end())
            quote = _quote(sentence, match.start(), match.end())
            words = _words(sentence)
            if unit is None and not any(word in _FEE_WORDS for word in words):
                rejected.append((PRICE, quote, NOT_A_PRICE))
                continue
            after = _words(sentence[match.end() :])[:1]
            reason = (
                NOT_A_PRICE
                if after == ["off"]
                else _judge(sentence, match.start(), match.end(), article, PRICE)
            )
            if reason:
                rejected.append((PRICE, quote, reason))
            else:
                found.append(price_entry(*amounts, unit, quote))
        for kind, pattern in ((SLIDING_SCALE, SLIDING_PATTERN), (FREE, FREE_PATTERN)):
            for match in pattern.finditer(sentence):
                quote = _quote(sentence, match.start(), match.end())
                if kind == FREE and not _free_is_care(sentence, match.start(), match.end()):
                    rejected.append((kind, quote, NOT_A_PRICE))
                    continue
                reason = _judge(sentence, match.start(), match.end(), article, kind)
                if reason:
                    rejected.append((kind, quote, reason))
                else:
                    found.append({KIND: kind, QUOTE: quote})
                break  # one entry of a kind a sentence
    return found, rejected


def text_costs(
    text: object, *, url: str | None = None, field: str | None = None, article: bool = False
) -> list[dict]:
    """The cost statements of a text that are the provider's own, with the page or field."""
    entries, _ = analyze_text(text, article)
    for entry in entries:
        if url:
            entry[URL] = url
        if field:
            entry[FIELD] = field
    return entries


def value_costs(values: Iterable[Any], field: str) -> list[dict]:
    """Sliding scale and free care from listing values (FindTreatment's payment assistance:
    "Sliding fee scale (fee is based on income and other factors)", "Treatment at no charge
    or minimal payment for clients who cannot pay"); a negated value says nothing."""
    entries = []
    for value in values or ():
        if not isinstance(value, str) or not value.strip():
            continue
        text = normalize(value).strip()
        for kind, pattern in ((SLIDING_SCALE, SLIDING_PATTERN), (FREE, FREE_PATTERN)):
            match = pattern.search(text)
            if match is None:
                match = (
                    re.search(r"\bsliding\b", text, re.IGNORECASE)
                    if kind == SLIDING_SCALE
                    else None
                )
            if match is None:
                continue
            if _negated(_words(text[: match.start()]), _words(text[match.end() :])):
                continue
            entries.append({KIND: kind, QUOTE: text[:QUOTE_CHARS], FIELD: field})
    return entries


# ---- schema.org --------------------------------------------------------------------------------


def _as_list(raw: Any) -> list:
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list | tuple) else [raw]


def _text(raw: Any) -> str:
    if isinstance(raw, dict):
        raw = raw.get("name") or raw.get("@value") or ""
    if isinstance(raw, list):
        raw = next((item for item in raw if isinstance(item, str | int | float)), "")
    return " ".join(str(raw or "").split())[:QUOTE_CHARS]


def _offer_nodes(raw: Any, depth: int = 0) -> Iterable[dict]:
    """Offer-like nodes (Offer, AggregateOffer, priceSpecification holders), catalogs opened."""
    if depth > 4:
        return
    for item in _as_list(raw):
        if isinstance(item, list | tuple):
            yield from _offer_nodes(item, depth + 1)
            continue
        if not isinstance(item, dict):
            continue
        if "itemListElement" in item:
            for element in _as_list(item.get("itemListElement")):
                if isinstance(element, dict) and "item" in element:
                    element = element["item"]
                yield from _offer_nodes(element, depth + 1)
            continue
        yield item


def _first_given(node: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = node.get(key)
        if value is not None and value != "":
            return value
    return None


def _offer_entry(offer: dict, spec: dict) -> dict | None:
    currency = spec.get("priceCurrency") or offer.get("priceCurrency")
    raw_low = _first_given(spec, ("price", "minPrice")) or _first_given(
        offer, ("price", "lowPrice")
    )
    raw_high = _first_given(spec, ("maxPrice",)) or _first_given(offer, ("highPrice",))
    if raw_low is None and raw_high is not None:
        raw_low, raw_high = raw_high, None
    low, mark = parse_amount(raw_low)
    high, _ = parse_amount(raw_high)
    if not (_is_usd(currency) or (currency is None and _is_usd(mark))):
        return None
    if low is None or not (Decimal(1) <= low <= MAX_AMOUNT):
        return None  # a price of 0 is a free consultation more often than free care
    if high is not None and not (low < high <= MAX_AMOUNT):
        high = None
    name = _text(offer.get("name")) or _text(offer.get("itemOffered"))
    unit_text = _text(spec.get("unitText")) or _text(
        (spec.get("referenceQuantity") or {}).get("unitText")
        if isinstance(spec.get("referenceQuantity"), dict)
        else ""
    )
    unit = unit_of(unit_text) or unit_of(name)
    amount = f"{raw_low}" + (f"-{raw_high}" if high is not None else "")
    quote = ": ".join(
        part for part in (name, " ".join(p for p in (amount, USD, unit_text) if p)) if part
    )
    return price_entry(low, high, unit, quote[:QUOTE_CHARS], "offers")


def structured_costs(price_range: Any, offers: Any, url: str | None = None) -> list[dict]:
    """Prices a schema.org provider node states: `priceRange` ("$150-$250", "$150 per
    session"; "$$" says no amount) and its offers (`offers`, `makesOffer`,
    `hasOfferCatalog`: Offer, AggregateOffer, priceSpecification with unitText), in US
    dollars only. Entries carry the page URL; the record's source and fetch day are added
    by apply_costs."""
    entries: list[dict] = []
    for text in (_text(item) for item in _as_list(price_range)):
        for match in PRICE_PATTERN.finditer(normalize(text)):
            amounts = _amounts(match)
            if amounts:
                unit = _unit_near(text, match.start(), match.end())
                entries.append(price_entry(*amounts, unit, text, "priceRange"))
    for offer in _offer_nodes(offers):
        specs = [s for s in _as_list(offer.get("priceSpecification")) if isinstance(s, dict)]
        for spec in specs or [{}]:
            entry = _offer_entry(offer, spec)
            if entry:
                entries.append(entry)
    for entry in entries:
        if url:
            entry[URL] = url
    return entries


# ---- entries on a record ----------------------------------------------------------------------

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _positive(value: Any) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_AMOUNT
    )


def valid_entry(entry: Any) -> bool:
    """A complete entry: a known kind, the source's words, the source and the fetch day; a
    price also an amount in US dollars (and a range that goes up)."""
    if not isinstance(entry, Mapping) or entry.get(KIND) not in KINDS:
        return False
    for key in (QUOTE, SOURCE):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            return False
    if not isinstance(entry.get(DATE), str) or not _DAY.match(entry[DATE]):
        return False
    for key in (URL, UNIT, FIELD):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return False
    if entry[KIND] != PRICE:
        return True
    if entry.get(CURRENCY) != USD or not _positive(entry.get(AMOUNT)):
        return False
    high = entry.get(AMOUNT_MAX)
    return high is None or (_positive(high) and high > entry[AMOUNT])


def valid_entries(value: Any) -> list[dict]:
    """The complete entries of a value (anything else is left out), known keys only."""
    return [
        {key: entry[key] for key in KEYS if entry.get(key) is not None}
        for entry in _as_list(value)
        if valid_entry(entry)
    ]


def kinds(entries: Iterable[Any]) -> list[str]:
    """The kinds of the complete entries, in KINDS order (the index's cost_kinds)."""
    present = {entry[KIND] for entry in entries or () if valid_entry(entry)}
    return [kind for kind in KINDS if kind in present]


def _key(entry: Mapping) -> tuple:
    if entry[KIND] == PRICE:
        place = entry.get(URL) or entry.get(SOURCE)
        return (PRICE, entry.get(AMOUNT), entry.get(AMOUNT_MAX), entry.get(UNIT), place)
    return (entry[KIND], entry.get(URL) or entry.get(SOURCE), entry.get(QUOTE))


def unique(entries: Iterable[Mapping]) -> list[dict]:
    """Each statement once (a price once per page and amount), at most MAX_PRICES prices and
    MAX_OTHER of each other kind, in their order."""
    seen: set[tuple] = set()
    count: dict[str, int] = {}
    out = []
    for entry in entries:
        key = _key(entry)
        limit = MAX_PRICES if entry[KIND] == PRICE else MAX_OTHER
        if key in seen or count.get(entry[KIND], 0) >= limit:
            continue
        seen.add(key)
        count[entry[KIND]] = count.get(entry[KIND], 0) + 1
        out.append(dict(entry))
    return out


def with_provenance(entry: Mapping, source: Any, day: str | None, url: Any) -> dict:
    """The entry with the record's source, fetch day and page where it has none of its own."""
    out = dict(entry)
    if not out.get(SOURCE) and isinstance(source, str):
        out[SOURCE] = source
    if not out.get(DATE) and day:
        out[DATE] = day
    if not out.get(URL) and isinstance(url, str) and url:
        out[URL] = url
    return out


def read_record(record: Mapping[str, Any], pages: Sequence[Mapping[str, Any]] = ()) -> list[dict]:
    """What a record's fields and its pages say about costs, before provenance is added."""
    entries = list(_as_list(record.get(F.COSTS)))
    for field in (F.PAYMENT, F.INSURANCE):
        entries += value_costs(_as_list(record.get(field)), field)
    description = record.get(F.DESCRIPTION)
    if isinstance(description, str) and description.strip():
        entries += text_costs(description, field=F.DESCRIPTION)
    for page in pages:
        text = page.get(PAGE_TEXT)
        if text:
            url = page.get(PAGE_URL)
            url = url if isinstance(url, str) else None
            entries += text_costs(text, url=url, article=bool(page.get(PAGE_ARTICLE)))
    return [dict(entry) for entry in entries if isinstance(entry, Mapping)]


def apply_costs(record: dict[str, Any], pages: Sequence[Mapping[str, Any]] = ()) -> list[dict]:
    """Set the record's `costs`: the entries it has, and what its fields and pages say now,
    each with the record's source, page and fetch day where it has none; entries still
    without a source or a date are dropped. Returns the entries set."""
    source = record.get(F.SOURCE)
    day = fetched_day(record.get(F.FETCHED_AT))
    url = record.get(F.SOURCE_URL) or record.get(F.WEBSITE)
    entries = [with_provenance(e, source, day, url) for e in read_record(record, pages)]
    kept = unique(valid_entries(entries))
    if kept:
        record[F.COSTS] = kept
    else:
        record.pop(F.COSTS, None)
    return kept

"""Phone and fax numbers to E.164 (+17135550123) with `phonenumbers`.

An extension ("x12", "ext. 12") goes to phone_ext. A number that is not a valid number is
removed and noted in field_issues; the record is kept.

Bulk files (the NPPES monthly file: millions of ten-digit numbers, nearly all different)
made `is_valid_number` a large part of an import, and a cache of whole numbers never hits.
Whether phonenumbers calls a ten-digit NANP number valid depends on its first few digits
only: the patterns of the NANP regions' metadata end in runs of free digits, and those
that can match a given area code leave the last six digits free for nearly every US one.
`_NanpDepth` reads that from the installed metadata, per area code, and phonenumbers is
asked once per deciding prefix (usually 4 digits); its answer holds for every number that
starts with it.
"""

from __future__ import annotations

import re
import re._parser as _sre  # the parse tree of phonenumbers' patterns (see _NanpDepth)
from functools import lru_cache
from typing import Any

import phonenumbers

from clinics import fields as F
from crawler.pipelines import RecordPipeline

# The usual shapes of a US number without country code or extension: (713) 526-8814,
# 713-526-8814, 713.526.8814, 713 526 8814, 7135268814. For these, phonenumbers.parse(text,
# "US") gives PhoneNumber(country_code=1, national_number=<the ten digits>) and nothing
# else (the area code starts with 2-9, so there is no national prefix or IDD to strip);
# building it directly skips most of parse(). Validity is still phonenumbers' to say.
_US_SHAPES = re.compile(
    r"\([2-9][0-9]{2}\) ?[0-9]{3}[-. ]?[0-9]{4}|[2-9][0-9]{2}([-. ]?)[0-9]{3}\1[0-9]{4}"
)
_NOT_DIGIT = re.compile(r"[^0-9]")


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber:
    if region == "US" and _US_SHAPES.fullmatch(text):
        digits = _NOT_DIGIT.sub("", text)
        return phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
    return phonenumbers.parse(text, region)


# The kinds of number phonenumbers tries when it chooses a region and checks a number.
_NUMBER_KINDS = (
    "general_desc",
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
    "no_international_dialling",
)
NANP_DIGITS = 10
AREA_DIGITS = 3


class _Unsupported(Exception):
    """A pattern construct the prefix reading does not know: no shortcut for that number."""


def _alternatives(pattern: str) -> list[tuple[list, int]]:
    """(parsed alternative, how many leading digits decide it) for each top-level
    alternative of a pattern."""
    items = list(_sre.parse(pattern))
    if len(items) == 1 and items[0][0] is _sre.BRANCH:
        branches = [list(branch) for branch in items[0][1][1]]
    else:
        branches = [items]
    return [(branch, _deciding(branch)) for branch in branches]


def _deciding(items: list) -> int:
    """How many leading characters decide whether `items` match a string of its length:
    everything after them is free digits (`\\d`, `\\d{n}`), also inside the last group or
    the branches of the last alternation (`8(?:00\\d{7}|33[2-9]\\d{6})` is decided by 4)."""
    items = list(items)
    while items and _free_width(*items[-1]):
        items.pop()
    if not items:
        return 0
    op, av = items[-1]
    before = sum(_width(o, a) for o, a in items[:-1])
    if op is _sre.SUBPATTERN:
        return before + _deciding(list(av[-1]))
    if op is _sre.BRANCH:
        return before + max(_deciding(list(branch)) for branch in av[1])
    return before + _width(op, av)


def _free_width(op: object, av: Any) -> int:
    """The width of a free-digit element (`\\d` or `\\d{n}`), else 0."""
    if _any_digit(op, av):
        return 1
    if op is _sre.MAX_REPEAT and av[0] == av[1] and _is_digits(list(av[2])):
        return av[0]
    return 0


def _width(op: object, av: Any) -> int:
    """The fixed width of an element; _Unsupported when it has none."""
    if op in (_sre.LITERAL, _sre.IN):
        return 1
    if op is _sre.SUBPATTERN:
        return sum(_width(o, a) for o, a in av[-1])
    if op is _sre.BRANCH:
        widths = {sum(_width(o, a) for o, a in branch) for branch in av[1]}
        if len(widths) == 1:
            return widths.pop()
    elif op is _sre.MAX_REPEAT and av[0] == av[1]:
        return av[0] * sum(_width(o, a) for o, a in av[2])
    raise _Unsupported(op)


def _is_digits(items: list) -> bool:
    return len(items) == 1 and _any_digit(*items[0])


def _any_digit(op: object, av: object) -> bool:
    return op is _sre.IN and av == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]


def _reach(items: list, positions: set[int], text: str) -> set[int]:
    """Where in `text` a match of `items` can end, from each start in `positions`;
    len(text) means the text ran out inside the match (a longer number could match)."""
    end = len(text)
    for op, av in items:
        if end in positions:
            return {end}
        positions = _step(op, av, positions, text)
        if not positions:
            break
    return positions


def _step(op: object, av: Any, positions: set[int], text: str) -> set[int]:
    if op is _sre.LITERAL:
        return {p + 1 for p in positions if ord(text[p]) == av}
    if op is _sre.IN:
        return {p + 1 for p in positions if _in_class(av, text[p])}
    if op is _sre.SUBPATTERN:
        return _reach(list(av[-1]), positions, text)
    if op is _sre.BRANCH:
        out: set[int] = set()
        for branch in av[1]:
            out |= _reach(list(branch), positions, text)
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, sub = av
        out, current = set(), positions
        for count in range(min(high, len(text) + 1) + 1):
            if count >= low:
                out |= current
            if len(text) in current:
                out.add(len(text))
            if count == high or not current:
                break
            current = _reach(list(sub), current, text)
        return out
    raise _Unsupported(op)


def _in_class(members: list, char: str) -> bool:
    code = ord(char)
    for op, av in members:
        if op is _sre.LITERAL and av == code:
            return True
        if op is _sre.RANGE and av[0] <= code <= av[1]:
            return True
        if op is _sre.CATEGORY and av is _sre.CATEGORY_DIGIT and char.isdigit():
            return True
        if op not in (_sre.LITERAL, _sre.RANGE, _sre.CATEGORY):
            raise _Unsupported(op)
    return False


class _NanpDepth:
    """How many leading digits of a ten-digit +1 number decide phonenumbers' validity.

    phonenumbers gives a +1 number the first region whose leading digits match it (a prefix
    test) or whose patterns do, and calls it valid when a pattern of that region matches.
    Only the alternatives of those patterns that can match a number of this area code
    matter, and each is decided by its digits before its free tail. Read once per area code
    from the installed metadata; anything unusual means all ten digits (no shortcut).
    """

    def __init__(self) -> None:
        from phonenumbers.phonemetadata import PhoneMetadata

        self.floor = AREA_DIGITS
        self.alternatives: list[tuple[list, int]] = []
        self.by_area: dict[str, int] = {}
        seen: set[str] = set()
        try:
            for region in phonenumbers.region_codes_for_country_code(1):
                metadata = PhoneMetadata.metadata_for_region(region)
                if metadata is None:
                    raise _Unsupported(region)
                if metadata.leading_digits:
                    width = _sre.parse(metadata.leading_digits).getwidth()[1]
                    self.floor = max(self.floor, min(width, NANP_DIGITS))
                for kind in _NUMBER_KINDS:
                    desc = getattr(metadata, kind, None)
                    pattern = desc.national_number_pattern if desc is not None else None
                    if pattern and pattern not in seen:
                        seen.add(pattern)
                        self.alternatives += [
                            (items, min(deciding, NANP_DIGITS))
                            for items, deciding in _alternatives(pattern)
                        ]
        except (_Unsupported, re.error, TypeError, ValueError):
            self.floor = NANP_DIGITS

    def __call__(self, digits: str) -> int:
        area = digits[:AREA_DIGITS]
        depth = self.by_area.get(area)
        if depth is None:
            depth = self.floor
            try:
                for items, deciding in self.alternatives:
                    if deciding > depth and _reach(items, {0}, area):
                        depth = deciding
            except _Unsupported:
                depth = NANP_DIGITS
            self.by_area[area] = depth
        return depth


_nanp_depth: _NanpDepth | None = None
_nanp_valid_prefixes: dict[str, bool] = {}


def _nanp_valid(digits: str) -> bool:
    """phonenumbers' is_valid_number for ten ASCII digits after +1, asked once per prefix
    that decides it (4 digits for most US area codes: the area code and the exchange's
    first digit; up to 7 for a few Caribbean ones)."""
    global _nanp_depth
    if _nanp_depth is None:
        _nanp_depth = _NanpDepth()
    prefix = digits[: _nanp_depth(digits)]
    valid = _nanp_valid_prefixes.get(prefix)
    if valid is None:
        number = phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
        valid = phonenumbers.is_valid_number(number)
        if len(prefix) < NANP_DIGITS:
            _nanp_valid_prefixes[prefix] = valid
    return valid


def us_digits_e164(digits: str) -> str | None:
    """Ten ASCII digits of a US-shaped number ([2-9] first) -> "+1" + digits when phonenumbers
    calls it valid, else None: what to_e164 gives for them, without parsing."""
    return "+1" + digits if _nanp_valid(digits) else None


@lru_cache(maxsize=4096)
def to_e164(text: str, region: str = "US") -> tuple[str | None, str | None]:
    """(E.164 number, extension) or (None, None) when the text is not a valid number."""
    if region == "US" and _US_SHAPES.fullmatch(text):
        return us_digits_e164(_NOT_DIGIT.sub("", text)), None
    try:
        number = _parse(text, region)
    except phonenumbers.NumberParseException:
        return None, None
    if not phonenumbers.is_valid_number(number):
        return None, None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), number.extension


class PhonePipeline(RecordPipeline):
    def __init__(self, crawler: Any = None, *, region: str | None = None) -> None:
        super().__init__(crawler)
        self.region = region or (
            crawler.settings.get("PHONE_DEFAULT_REGION", "US") if crawler else "US"
        )

    def process_item(self, item: dict, spider: Any = None) -> dict:
        region = (
            item.get(F.COUNTRY)
            if isinstance(item.get(F.COUNTRY), str) and len(item[F.COUNTRY]) == 2
            else self.region
        )
        for field in (F.PHONE, F.FAX):
            raw = item.get(field)
            if raw is None:
                continue
            number, extension = to_e164(str(raw), region.upper())
            if number is None:
                del item[field]
                self.note_issue(item, field, "not a valid phone number", raw)
                continue
            item[field] = number
            if field == F.PHONE and extension and not item.get(F.PHONE_EXT):
                item[F.PHONE_EXT] = extension
        return item

"""Phone and fax numbers to E.164 (+17135550123) with `phonenumbers`.

An extension ("x12", "ext. 12") goes to phone_ext. A number that is not a valid number is
removed and noted in field_issues; the record is kept.
"""

from __future__ import annotations

import re
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


@lru_cache(maxsize=4096)
def to_e164(text: str, region: str = "US") -> tuple[str | None, str | None]:
    """(E.164 number, extension) or (None, None) when the text is not a valid number."""
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

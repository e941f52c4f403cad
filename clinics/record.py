"""ProviderRecord: one provider at one location, as a crawler source gave it, validated.

The schema is docs/record-format.md; the field names are the constants of clinics.fields
(a unit test checks that the model and that module list the same names). Records travel
as JSON Lines: `to_json_line()` / `from_json_line()` for one record, `read_jsonl()` and
`write_jsonl()` for files. `read_jsonl()` streams and never raises on a bad line: it yields
the line number with either a record or a one-line reason, so a loader can dead-letter the
bad line and keep going (see clinics.deadletter).

Validation messages name the field and the reason, e.g.
``phone: must be E.164 like +17135550123 (got '713-555-0123')``.

Untrusted JSON is read with two bounds checked before it is parsed: a record line holds at
most MAX_RECORD_BYTES of UTF-8, and no JSON text nests deeper than MAX_JSON_DEPTH arrays
and objects (`loads_bounded`), so one hostile line costs one dead letter, never a
RecursionError or the memory of a whole file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from clinics import fields as F
from clinics.taxonomy import is_code

Kind = Literal["individual", "organization"]
GeoPrecision = Literal["source", "address", "zip", "city", "none"]

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_NPI = re.compile(r"^\d{10}$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_STATE = re.compile(r"^[A-Z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_EXT = re.compile(r"^\d{1,10}$")


def _shorten(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# Luhn over "80840" + nine digits: the prefix's digits add 24 (its 4 and the 0 beside the
# payload are doubled), the payload's digits at even places (0, 2, ..., 8) are doubled.
_PREFIX_SUM = 24
_DOUBLED = str.maketrans("0123456789", "0246813579")  # 2d, minus 9 when above 9
_ASCII_ZERO = ord("0")


def npi_check_digit(first9: str) -> str:
    """The check digit of an NPI's first nine digits: Luhn over them with the 80840
    card-issuer prefix."""
    if len(first9) == 9 and first9.isascii() and first9.isdigit():
        # every digit as its byte, summed in C: no int() per digit
        doubled = first9[0::2].translate(_DOUBLED).encode("ascii")
        kept = first9[1::2].encode("ascii")
        total = _PREFIX_SUM + sum(doubled) + sum(kept) - _ASCII_ZERO * 9
        return str(-total % 10)
    digits = [int(ch) for ch in "80840" + first9]
    total = 0
    # Double every other digit starting from the rightmost of the payload.
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def npi_check_digit_ok(npi: str) -> bool:
    """True when the 10-digit NPI passes the Luhn check with the 80840 card-issuer prefix."""
    return bool(_NPI.match(npi)) and npi_check_digit(npi[:9]) == npi[9]


def record_id(source: str, source_ref: str, n: int | None = None) -> str:
    """The record id: `source:source_ref`, plus `:n` for the n-th location of one provider."""
    base = f"{source}:{source_ref}"
    return base if n is None else f"{base}:{n}"


class License(BaseModel):
    """A state license: two-letter state and the number as the board prints it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    state: str
    number: str = Field(min_length=1)

    @field_validator("state", mode="before")
    @classmethod
    def _upper_state(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("state")
    @classmethod
    def _check_state(cls, value: str) -> str:
        if not _STATE.match(value):
            raise ValueError(f"must be a two-letter state code (got {_shorten(value)})")
        return value


class FieldIssue(BaseModel):
    """A value dropped or changed while cleaning: which field, why, and the value."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    field: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    value: Any = None


class Evidence(BaseModel):
    """Why a therapy or condition code is on the record: the provider's sentence with its page
    and date, or the source code that says it (clinics.enrich)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    code: str = Field(min_length=1)
    kind: Literal["therapy", "condition"]
    quote: str | None = Field(default=None, max_length=400)
    url: str | None = None
    date: str | None = None
    field: str | None = None
    source_code: str | None = None

    @model_validator(mode="after")
    def _has_a_reason(self) -> Evidence:
        if not (self.quote or self.source_code):
            raise ValueError("evidence needs a quote or a source code")
        return self


_LIST_OF_STR = (
    F.ALTERNATE_NAMES,
    F.CREDENTIALS,
    F.THERAPIES_RAW,
    F.CONDITIONS_RAW,
    F.SPECIALTIES_RAW,
    F.SOURCE_CODES,
    F.INSURANCE,
    F.PAYMENT,
    F.LANGUAGES,
    F.AGES_SERVED,
    F.HOURS_RAW,
)
_LIST_OF_CODES = (F.PROVIDER_TYPES, F.THERAPIES, F.CONDITIONS)
_OPTIONAL_STR = (
    F.SOURCE_URL,
    F.ORGANIZATION_NAME,
    F.DESCRIPTION,
    F.ADDRESS_RAW,
    F.ADDRESS_1,
    F.ADDRESS_2,
    F.CITY,
    F.STATE_PROVINCE,
    F.POSTAL_CODE,
    F.COUNTRY,
    F.PHONE,
    F.PHONE_EXT,
    F.FAX,
    F.WEBSITE,
    F.EMAIL,
    F.NPI,
)


class ProviderRecord(BaseModel):
    """One provider (person or organization) at one location, from one source."""

    model_config = ConfigDict(
        extra="forbid",  # unknown keys never get here: _move_unknown_keys_to_extras
        str_strip_whitespace=True,
    )

    # identity
    id: str = ""
    source: str = Field(min_length=1)
    source_ref: str = Field(min_length=1)
    source_url: str | None = None
    fetched_at: AwareDatetime
    is_sample: bool = False

    # who
    kind: Kind | None = None
    name: str = Field(min_length=1)
    alternate_names: list[str] = Field(default_factory=list)
    credentials: list[str] = Field(default_factory=list)
    organization_name: str | None = None
    npi: str | None = None
    licenses: list[License] = Field(default_factory=list)
    provider_types: list[str] = Field(default_factory=list)

    # what
    description: str | None = None
    therapies_raw: list[str] = Field(default_factory=list)
    conditions_raw: list[str] = Field(default_factory=list)
    specialties_raw: list[str] = Field(default_factory=list)
    source_codes: list[str] = Field(default_factory=list)
    therapies: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    # where
    address_raw: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    country: str | None = None
    latitude: float | None = Field(default=None, ge=-90.0, le=90.0, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180.0, le=180.0, allow_inf_nan=False)
    geo_precision: GeoPrecision = "none"

    # contact
    phone: str | None = None
    phone_ext: str | None = None
    fax: str | None = None
    website: str | None = None
    email: str | None = None

    # access
    telehealth: bool | None = None
    accepting_new_patients: bool | None = None
    accepting_as_of: date | None = None
    insurance: list[str] = Field(default_factory=list)
    payment: list[str] = Field(default_factory=list)
    costs: list[dict[str, Any]] = Field(default_factory=list)  # clinics.costs entries
    languages: list[str] = Field(default_factory=list)
    ages_served: list[str] = Field(default_factory=list)
    hours: list[dict[str, Any]] = Field(default_factory=list)
    hours_raw: list[str] = Field(default_factory=list)

    # bookkeeping
    extras: dict[str, Any] = Field(default_factory=dict)
    field_issues: list[FieldIssue] = Field(default_factory=list)

    # ---- input normalisation -------------------------------------------------------

    @model_validator(mode="before")
    @classmethod
    def _move_unknown_keys_to_extras(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        known = cls.model_fields
        unknown = [key for key in data if key not in known]
        if not unknown:
            return data
        data = dict(data)
        extras = data.get(F.EXTRAS)
        if extras is not None and not isinstance(extras, dict):
            return data  # "extras: Input should be a valid dictionary"; the record is kept whole
        extras = dict(extras or {})
        for key in unknown:
            value = data.pop(key)
            slot = str(key)
            while slot in extras and extras[slot] != value:
                slot += "_"
            extras[slot] = value
        data[F.EXTRAS] = extras
        return data

    @field_validator(*_OPTIONAL_STR, mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator(F.COSTS, mode="before")
    @classmethod
    def _complete_costs_only(cls, value: Any) -> Any:
        """Only complete cost entries are kept: none without its quote, source and date."""
        from clinics.costs import valid_entries

        return valid_entries(value)

    @field_validator(F.LATITUDE, F.LONGITUDE, mode="before")
    @classmethod
    def _no_bool_coordinates(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"must be a number (got {value!r})")
        return value

    @field_validator(F.NPI, F.SOURCE_REF, mode="before")
    @classmethod
    def _number_to_str(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator(*_LIST_OF_STR, *_LIST_OF_CODES, mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value.strip() else []
        if isinstance(value, list | tuple):
            return [item for item in value if not (isinstance(item, str) and not item.strip())]
        return value

    @field_validator(*_LIST_OF_STR)
    @classmethod
    def _dedupe_strings(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(item.strip() for item in value))

    # ---- field checks ---------------------------------------------------------------

    @field_validator(*_LIST_OF_CODES)
    @classmethod
    def _check_codes(cls, value: list[str], info: ValidationInfo) -> list[str]:
        kind = {
            F.PROVIDER_TYPES: "provider_type",
            F.THERAPIES: "therapy",
            F.CONDITIONS: "condition",
        }[str(info.field_name)]
        for code in value:
            if not _CODE.match(code):
                raise ValueError(f"{_shorten(code)} is not a snake_case taxonomy code")
            if not is_code(kind, code):
                raise ValueError(f"{_shorten(code)} is not a {kind} code of clinics.taxonomy")
        return sorted(set(value))

    @field_validator(F.NPI)
    @classmethod
    def _check_npi(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _NPI.match(value):
            raise ValueError(f"must be 10 digits (got {_shorten(value)})")
        if not npi_check_digit_ok(value):
            raise ValueError(f"fails the NPI check digit (Luhn, prefix 80840) (got {value!r})")
        return value

    @field_validator(F.PHONE, F.FAX)
    @classmethod
    def _check_e164(cls, value: str | None) -> str | None:
        if value is not None and not _E164.match(value):
            raise ValueError(f"must be E.164 like +17135550123 (got {_shorten(value)})")
        return value

    @field_validator(F.PHONE_EXT)
    @classmethod
    def _check_ext(cls, value: str | None) -> str | None:
        if value is not None and not _EXT.match(value):
            raise ValueError(f"must be 1 to 10 digits (got {_shorten(value)})")
        return value

    @field_validator(F.WEBSITE, F.SOURCE_URL)
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.match(value):
            raise ValueError(f"must be an http(s) URL (got {_shorten(value)})")
        return value

    @field_validator(F.EMAIL)
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"must be an email address (got {_shorten(value)})")
        return value

    @field_validator(F.COUNTRY, mode="before")
    @classmethod
    def _upper_country(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator(F.COUNTRY)
    @classmethod
    def _check_country(cls, value: str | None) -> str | None:
        if value is not None and not _COUNTRY.match(value):
            raise ValueError(f"must be an ISO 3166-1 alpha-2 code like 'US' (got {value!r})")
        return value

    @field_validator(F.HOURS)
    @classmethod
    def _check_hours(cls, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for index, row in enumerate(rows):
            byday = row.get("byday")
            if byday is not None:
                days = [day.strip() for day in str(byday).split(",")]
                bad = [day for day in days if day not in WEEKDAYS]
                if bad:
                    raise ValueError(
                        f"row {index}: byday must be comma-separated MO..SU (got {byday!r})"
                    )
            for key in ("opens_at", "closes_at"):
                moment = row.get(key)
                if moment is not None and not (isinstance(moment, str) and _TIME.match(moment)):
                    raise ValueError(f"row {index}: {key} must be HH:MM (got {moment!r})")
        return rows

    @model_validator(mode="after")
    def _check_identity_and_geo(self) -> ProviderRecord:
        base = record_id(self.source, self.source_ref)
        if not self.id:
            self.id = base
        elif self.id != base and not (
            self.id.startswith(base + ":") and self.id[len(base) + 1 :].isdigit()
        ):
            raise ValueError(
                f"id: must be '{base}' or '{base}:<n>' (source:source_ref[:n]) "
                f"(got {_shorten(self.id)})"
            )
        has_lat = self.latitude is not None
        has_lon = self.longitude is not None
        if has_lat != has_lon:
            raise ValueError("latitude/longitude: both or neither must be set")
        if has_lat and self.geo_precision == "none":
            raise ValueError(
                "geo_precision: must say how the point was found "
                "(source, address, zip or city) when latitude/longitude are set"
            )
        if not has_lat and self.geo_precision != "none":
            raise ValueError(
                f"geo_precision: is {self.geo_precision!r} but latitude/longitude are not set"
            )
        return self

    # ---- JSON Lines --------------------------------------------------------------------

    def to_json_line(self) -> str:
        """One compact JSON object, no trailing newline; None values are left out."""
        return self.model_dump_json(exclude_none=True)

    @classmethod
    def from_json_line(cls, line: str | bytes) -> ProviderRecord:
        """Parse one JSON line. Raises RecordError with a one-line reason and its code
        (`error.reason`: record_too_large, json_too_deep, invalid_json or invalid_record)."""
        size = _utf8_size(line)
        if size > MAX_RECORD_BYTES:
            raise RecordError(
                f"record too large: {size:,} bytes (at most {MAX_RECORD_BYTES:,})",
                reason="record_too_large",
            )
        if isinstance(line, bytes | bytearray):
            line = bytes(line).decode("utf-8", errors="replace")
        try:
            data = loads_bounded(line)
        except JsonTooDeep as exc:
            raise RecordError(f"invalid JSON: {exc}", reason="json_too_deep") from None
        except ValueError as exc:
            raise RecordError(f"invalid JSON: {exc}", reason="invalid_json") from None
        if not isinstance(data, dict):
            raise RecordError(
                f"not a JSON object (got {type(data).__name__})", reason="invalid_json"
            )
        if _SURROGATE_ESCAPE.search(line):
            _refuse_lone_surrogates(data)
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProviderRecord:
        """Validate a dict. Raises RecordError with a one-line reason."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise RecordError(
                describe_validation_error(exc), reason="invalid_record", data=data
            ) from None


class RecordError(ValueError):
    """A record that cannot be read or validated; str() is a one-line reason.

    `reason` is the dead-letter code (docs/record-format.md): `invalid_record` (a JSON
    object that is not a valid record; `data` is that object), `invalid_json` (not JSON,
    or not an object), `json_too_deep` or `record_too_large`.
    """

    def __init__(
        self, message: str, *, reason: str = "invalid_record", data: dict | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.data = data


# ---- bounded JSON ------------------------------------------------------------------------

MAX_JSON_DEPTH = 64  # arrays and objects inside each other; records use fewer than 5
MAX_RECORD_BYTES = 1_000_000  # UTF-8 bytes of one record line (a record is a few KB)

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


class JsonTooDeep(ValueError):
    """JSON text nested deeper than allowed (refused before parsing)."""


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays and objects nest deeper than `limit` in the JSON text.

    Cheap and never recursive: text with at most `limit` opening brackets cannot be too
    deep (two C-speed counts); otherwise strings are blanked out with one regex and only
    the brackets left are walked, stopping at the first level past the limit.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def loads_bounded(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """json.loads for untrusted text: raises JsonTooDeep (a ValueError) instead of parsing
    JSON nested deeper than `max_depth`, and ValueError for anything that is not JSON."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if json_depth_exceeds(text, max_depth):
        raise JsonTooDeep(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except RecursionError:  # only if the interpreter's own limit is below max_depth
        raise JsonTooDeep(f"nested deeper than {max_depth} levels") from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_lone_surrogates(data: Any) -> None:
    """A string escaped as a lone UTF-16 surrogate (\\ud800) has no UTF-8 form: such a
    record could be neither indexed nor written anywhere, so the line is refused."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(
            "invalid JSON: a string holds a lone UTF-16 surrogate, which UTF-8 cannot carry",
            reason="invalid_json",
        ) from None


def _utf8_size(line: str | bytes) -> int:
    if isinstance(line, bytes | bytearray):
        return len(line)
    if len(line) * 4 <= MAX_RECORD_BYTES:
        return len(line)  # cannot be over the cap: skip the encoding
    return len(line.encode("utf-8", errors="surrogatepass"))


def describe_validation_error(exc: ValidationError) -> str:
    """One line: 'field: reason; field: reason' from a pydantic ValidationError."""
    parts = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error.get("loc", ()))
        message = str(error.get("msg", "invalid"))
        for prefix in ("Value error, ", "Assertion failed, "):
            if message.startswith(prefix):
                message = message[len(prefix) :]
        if error.get("type") == "missing":
            message = "is required"
        if location and not message.startswith(location + ":"):
            parts.append(f"{location}: {message}")
        else:
            parts.append(message)
    return "; ".join(parts) or "invalid record"


# ---- files -----------------------------------------------------------------------------


class LineError(str):
    """The one-line reason of a bad line (a str), with what a dead letter needs:
    `reason` (its code, see RecordError), `record` (the JSON object, for invalid_record)
    and `raw` (the start of the line's text otherwise)."""

    reason: str
    record: dict | None
    raw: str | None

    @classmethod
    def of(cls, message: str, reason: str, record: dict | None, raw: str | None) -> LineError:
        error = cls(message)
        error.reason = reason
        error.record = record
        error.raw = raw
        return error


RAW_KEPT_CHARS = 10_000  # the start of a bad line kept for its dead letter
_BOM = "\ufeff"


def read_jsonl(
    source: str | Path | IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes],
) -> Iterator[tuple[int, ProviderRecord | None, LineError | None]]:
    """Stream records from a JSONL path, an open file or an iterable of lines.

    Yields `(line_number, record, None)` for a good line and `(line_number, None, reason)`
    for a bad one (line numbers start at 1; blank lines are skipped). The reason is a
    LineError: a str with the dead-letter code and the record or raw text. Never raises
    for bad content, so the caller decides what to do with each bad line. A UTF-8 byte
    order mark before the first line is ignored. A line over MAX_RECORD_BYTES is never
    held whole in memory when reading a file: its start is kept, the rest skipped.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield from _read_lines(_bounded_lines(handle))
    elif hasattr(source, "readline"):
        yield from _read_lines(_bounded_lines(source))  # type: ignore[arg-type]
    else:
        yield from _read_lines((line, None) for line in source)


def _bounded_lines(handle: IO[str] | IO[bytes]) -> Iterator[tuple[str | bytes, int | None]]:
    """(line, None) for each line, or (start of the line, its size) for one over the cap."""
    limit = MAX_RECORD_BYTES + 1  # the newline
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) <= limit or line.endswith(newline):  # type: ignore[arg-type]
            yield line, None
            continue
        size = len(line)
        rest = line
        while rest and not rest.endswith(newline):  # type: ignore[arg-type]
            rest = handle.readline(1 << 20)
            size += len(rest)
        yield line[: RAW_KEPT_CHARS * 4], size


def _read_lines(
    lines: Iterable[tuple[str | bytes, int | None]],
) -> Iterator[tuple[int, ProviderRecord | None, LineError | None]]:
    for number, (line, oversize) in enumerate(lines, start=1):
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        if oversize is not None:
            message = f"record too large: {oversize:,} bytes (at most {MAX_RECORD_BYTES:,})"
            raw = line[:RAW_KEPT_CHARS]
            yield number, None, LineError.of(message, "record_too_large", None, raw)
            continue
        if not line.strip():
            continue
        try:
            yield number, ProviderRecord.from_json_line(line), None
        except RecordError as exc:
            text = None if exc.data is not None else line.rstrip("\r\n")[:RAW_KEPT_CHARS]
            yield number, None, LineError.of(str(exc), exc.reason, exc.data, text)


def write_jsonl(records: Iterable[ProviderRecord], target: str | Path | IO[str]) -> int:
    """Write records one per line to a path or an open text file; returns how many."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8") as handle:
            return _write_lines(records, handle)
    return _write_lines(records, target)


def _write_lines(records: Iterable[ProviderRecord], handle: IO[str]) -> int:
    count = 0
    for record in records:
        handle.write(record.to_json_line())
        handle.write("\n")
        count += 1
    return count

"""One stored document (a provider at one location) as HSDS 3 entities.

`Entities.of(document)` builds the flat rows once: organization, service, location,
service_at_location, address, phones, schedules, languages, attributes (taxonomy terms),
organization identifiers (NPI) and metadata (provenance and evidence). The API's list
and detail forms and every export are put together from those rows, so they never
disagree. docs/api.md has the table of which field goes where.

- provenance: one metadata row per source (`last_action_type` "source": the source's
  name in `updated_by`, its URL in `replacement_value`, the fetch time in
  `last_action_date`) and one for `last_verified`;
- evidence: each therapy or condition attribute carries one metadata row per evidence
  entry (`last_action_type` "evidence": the quote or source code in `replacement_value`,
  the page in `updated_by`, the page's date in `last_action_date`);
- costs (clinics/costs.py): each price, and free care, is a cost_option of the service
  (free care with amount 0) carrying two metadata rows, "source" (the source's name, its
  URL, the fetch day) and "evidence" (the quote); sliding scale and free care are also
  sentences of the service's `fees_description`, each quote an "evidence" row on the
  service with `field_name` fees_description.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from api import ids
from api import taxonomy as terms
from clinics import costs as cost
from clinics import evidence as ev
from clinics import fields as F
from clinics import taxonomy

DOC_ID = "doc_id"  # indexer.fields.DOC_ID
LOCATION = "location"
SOURCES = "sources"
FIRST_SEEN = "first_seen"
LAST_SEEN = "last_seen"
LAST_VERIFIED = "last_verified"
SOURCE_URL = "url"  # indexer.mapping.SOURCE_URL_KEY

DIRECTORY = "clinics directory"
SAMPLE_ALERT = "Fictional sample listing: not a real provider."
ALTERNATE_NAME_SEPARATOR = "; "

_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DIGITS = re.compile(r"^\d{1,10}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")

LANGUAGE_CODES = {
    "english": "en",
    "spanish": "es",
    "vietnamese": "vi",
    "chinese": "zh",
    "mandarin": "zh",
    "french": "fr",
    "arabic": "ar",
    "hindi": "hi",
    "korean": "ko",
    "tagalog": "tl",
    "russian": "ru",
    "portuguese": "pt",
    "german": "de",
    "urdu": "ur",
    "persian": "fa",
    "farsi": "fa",
    "japanese": "ja",
    "italian": "it",
    "polish": "pl",
    "gujarati": "gu",
}

SCHEDULE_TEXT_KEYS = (
    "valid_from",
    "valid_to",
    "dtstart",
    "until",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "notes",
    "attending_type",
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def timestamp(value: Any) -> str | None:
    """An RFC 3339 date-time (UTC 'Z' when the value has no offset); None when unreadable."""
    if isinstance(value, str):
        return _timestamp_text(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            moment = datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.isoformat().replace("+00:00", "Z")
    return _timestamp_text(str(value))


@lru_cache(maxsize=4096)  # a load writes the same few fetch times on many documents
def _timestamp_text(text: str) -> str | None:
    text = text.strip()
    if len(text) == 10:
        try:
            date.fromisoformat(text)
        except ValueError:
            return None
        return f"{text}T00:00:00Z"
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")


def day(value: Any) -> str | None:
    stamp = timestamp(value)
    return stamp[:10] if stamp else None


def _text(value: Any) -> str | None:
    if value.__class__ is str:  # the common case, first
        return value.strip() or None
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _url(value: Any) -> str | None:
    text = _text(value)
    return text if text and _URL.match(text) else None


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _labels(codes: list) -> str:
    return ", ".join(taxonomy.label(code) for code in codes)


@lru_cache(maxsize=4096)
def _attribute_key(link_type: str, code: str, value: str | None) -> tuple[str, str]:
    """(the part name of an attribute's id, its taxonomy term's id): the same for every
    document that has the code."""
    key = f"attribute:{link_type}:{code}" + (f":{value}" if value is not None else "")
    return key, terms.term_id(code)


_METADATA_PARTS = tuple(f"metadata:{n}" for n in range(64))
_LANGUAGE_PARTS = tuple(f"language:{n}" for n in range(16))
_SCHEDULE_PARTS = tuple(f"schedule:{n}" for n in range(16))
_COST_PARTS = tuple(f"cost_option:{n}" for n in range(16))

FEES_FIELD = "fees_description"
COST_LABELS = {cost.SLIDING_SCALE: "Sliding scale", cost.FREE: "Free care"}
FREE_OPTION = "free care"


def _numbered(parts: tuple[str, ...], prefix: str, n: int) -> str:
    return parts[n] if n < len(parts) else f"{prefix}:{n}"


def _money(value: float) -> str:
    if value == int(value):
        return f"${int(value):,}"
    return f"${value:,.2f}"


def price_text(amount: float, amount_max: float | None = None, unit: str | None = None) -> str:
    """A price as people write it: "$150 per session", "$400–$650 per treatment"."""
    text = _money(amount)
    if amount_max is not None:
        text += "–" + _money(amount_max)
    return f"{text} per {unit}" if unit else text


def _evidence_by_code(value: Any) -> dict[str, list[dict]]:
    """The evidence entries of each code, quotes first, in their order (as
    clinics.evidence.for_code gives them)."""
    quotes: dict[str, list[dict]] = {}
    others: dict[str, list[dict]] = {}
    for entry in _list(value):
        if not isinstance(entry, dict):
            continue
        code = entry.get(ev.CODE)
        if code.__class__ is not str:
            continue
        (quotes if entry.get(ev.QUOTE) else others).setdefault(code, []).append(entry)
    for code, entries in others.items():
        quotes.setdefault(code, []).extend(entries)
    return quotes


class Entities:
    """The HSDS rows of one document (flat: one-to-one fields and foreign keys only)."""

    __slots__ = (
        "_codes",
        "_notes",
        "addresses",
        "attributes",
        "cost_options",
        "doc_id",
        "document",
        "identifiers",
        "languages",
        "location",
        "metadata",
        "organization",
        "part",
        "phones",
        "schedules",
        "service",
        "service_at_location",
    )

    def __init__(self, document: dict) -> None:
        self.document = document
        get = document.get
        doc_id = self.doc_id = str(get(DOC_ID) or "")
        self.part = ids.PartIds(doc_id)
        org_id, service_id, location_id, sal_id = ids.entity_ids(doc_id)
        name = _text(get(F.NAME)) or "(no name)"
        org_name = _text(get(F.ORGANIZATION_NAME)) or name
        description = _text(get(F.DESCRIPTION)) or self._summary(name)
        website = _url(get(F.WEBSITE))
        email = _text(get(F.EMAIL))
        if email and not _EMAIL.match(email):
            email = None
        alternates = [str(a) for a in _list(get(F.ALTERNATE_NAMES)) if a]
        if org_name != name:
            alternates = [n for n in alternates if n != org_name]

        organization = {"id": org_id, "name": org_name}
        if org_name != name:
            organization["alternate_name"] = name
        organization["description"] = description
        if email is not None:
            organization["email"] = email
        if website is not None:
            organization["website"] = website
        self.organization = organization

        service = {"id": service_id, "organization_id": org_id, "name": name}
        if alternates:
            service["alternate_name"] = ALTERNATE_NAME_SEPARATOR.join(alternates)
        service["description"] = description
        if website is not None:
            service["url"] = website
        if email is not None:
            service["email"] = email
        service["status"] = "active"
        costs = get(F.COSTS)
        costs = [e for e in _list(costs) if cost.valid_entry(e)] if costs else ()
        fees = self._fees(costs)
        if fees is not None:
            service["fees_description"] = fees
        ages = self._ages()
        if ages is not None:
            service["eligibility_description"] = ages
        assured = day(get(LAST_VERIFIED))
        if assured is not None:
            service["assured_date"] = assured
        if get(F.IS_SAMPLE):
            service["alert"] = SAMPLE_ALERT
        modified = timestamp(get(LAST_SEEN))
        if modified is not None:
            service["last_modified"] = modified
        self.service = service

        location = {
            "id": location_id,
            "location_type": "physical",
            "organization_id": org_id,
            "name": name,
        }
        point = get(LOCATION)
        if isinstance(point, dict):
            lat, lon = point.get("lat"), point.get("lon")
            if isinstance(lat, int | float):
                location["latitude"] = float(lat)
            if isinstance(lon, int | float):
                location["longitude"] = float(lon)
        location["external_identifier"] = doc_id
        location["external_identifier_type"] = "clinics doc_id"
        self.location = location

        self.service_at_location = {
            "id": sal_id,
            "service_id": service_id,
            "location_id": location_id,
        }
        self.addresses = self._addresses(location_id)
        self.phones = self._phones(service_id)
        self.schedules = self._schedules(service_id) if get(F.HOURS) else []
        self.languages = self._languages(service_id)
        self.identifiers = self._identifiers(org_id)
        self.metadata: list[dict] = []
        self._codes: list[str] = []  # the term code of each attribute
        self._notes: dict[str, list[dict]] | None = None
        self.attributes = self._attributes(service_id, org_id)
        self._provenance(service_id)
        self.cost_options = self._cost_options(service_id, costs) if costs else []

    # ---- one-to-one helpers ------------------------------------------------------------

    def _summary(self, name: str) -> str:
        document = self.document
        where = ", ".join(
            str(document[key]) for key in (F.CITY, F.STATE_PROVINCE) if document.get(key)
        )
        offers = _labels(_list(document.get(F.THERAPIES)))
        text = name
        if offers:
            text += f" offers {offers}"
        if where:
            text += f" in {where}"
        return text + "."

    def _fees(self, costs) -> str | None:
        """Payment, insurance, then each sliding scale and free care statement: its label,
        the quote (unless it is a payment value already shown) and its source and day."""
        get = self.document.get
        payment, insurance = get(F.PAYMENT), get(F.INSURANCE)
        if not payment and not insurance and not costs:
            return None
        parts = []
        payment = [str(p) for p in _list(payment) if p]
        insurance = [str(i) for i in _list(insurance) if i]
        if payment:
            parts.append("Payment: " + ", ".join(payment))
        if insurance:
            parts.append("Insurance: " + ", ".join(insurance))
        for entry in costs:
            label = COST_LABELS.get(entry[cost.KIND])
            if label is None:
                continue
            quote = " ".join(entry[cost.QUOTE].split())
            said = "" if quote in payment else f': "{quote}"'
            parts.append(f"{label}{said} ({entry[cost.SOURCE]}, {entry[cost.DATE]})")
        return "; ".join(parts) or None

    def _ages(self) -> str | None:
        ages = self.document.get(F.AGES_SERVED)
        if not ages:
            return None
        ages = [str(a) for a in _list(ages) if a]
        return ("Ages served: " + ", ".join(ages)) if ages else None

    # ---- related rows ------------------------------------------------------------------

    def _addresses(self, location_id: str) -> list[dict]:
        get = self.document.get
        address_1 = _text(get(F.ADDRESS_1))
        city = _text(get(F.CITY))
        state = _text(get(F.STATE_PROVINCE))
        postal_code = _text(get(F.POSTAL_CODE))
        if not (address_1 and city and state and postal_code):
            return []  # HSDS requires all of them; the location keeps its position
        row = {"id": self.part("address"), "location_id": location_id, "address_1": address_1}
        address_2 = _text(get(F.ADDRESS_2))
        if address_2 is not None:
            row["address_2"] = address_2
        row["city"] = city
        row["state_province"] = state
        row["postal_code"] = postal_code
        row["country"] = _text(get(F.COUNTRY)) or "US"
        row["address_type"] = "physical"
        return [row]

    def _phones(self, service_id: str) -> list[dict]:
        number = _text(self.document.get(F.PHONE))
        if not number:
            return []
        row: dict = {"id": self.part("phone"), "service_id": service_id, "number": number}
        extension = _text(self.document.get(F.PHONE_EXT))
        if extension and _DIGITS.match(extension):
            row["extension"] = int(extension)
        row["type"] = "voice"
        return [row]

    def _schedules(self, service_id: str) -> list[dict]:
        rows = []
        for n, hours in enumerate(_list(self.document.get(F.HOURS))):
            if not isinstance(hours, dict):
                continue
            row: dict = {
                "id": self.part(_numbered(_SCHEDULE_PARTS, "schedule", n)),
                "service_id": service_id,
            }
            for key in SCHEDULE_TEXT_KEYS:
                value = _text(hours.get(key))
                if value is not None:
                    row[key] = value
            for key in ("opens_at", "closes_at"):
                value = _text(hours.get(key))
                if value is not None and _TIME.match(value):
                    row[key] = value
            freq = _text(hours.get("freq"))
            if freq in ("WEEKLY", "MONTHLY"):
                row["freq"] = freq
            elif "byday" in row:
                row["freq"] = "WEEKLY"
            wkst = _text(hours.get("wkst"))
            if wkst in WEEKDAYS:
                row["wkst"] = wkst
            interval = hours.get("interval")
            if isinstance(interval, int | float) and not isinstance(interval, bool):
                row["interval"] = interval
            rows.append(row)
        return rows

    def _languages(self, service_id: str) -> list[dict]:
        rows = []
        part = self.part
        for n, name in enumerate(_list(self.document.get(F.LANGUAGES))):
            text = _text(name)
            if not text:
                continue
            row = {
                "id": part(_numbered(_LANGUAGE_PARTS, "language", n)),
                "service_id": service_id,
                "name": text,
            }
            code = LANGUAGE_CODES.get(text.casefold())
            if code is not None:
                row["code"] = code
            rows.append(row)
        return rows

    def _identifiers(self, org_id: str) -> list[dict]:
        npi = _text(self.document.get(F.NPI))
        if not npi:
            return []
        return [
            {
                "id": self.part("npi"),
                "organization_id": org_id,
                "identifier_scheme": "US-NPI",
                "identifier_type": "National Provider Identifier",
                "identifier": npi,
            }
        ]

    def _attribute(
        self, link_id: str, entity: str, link_type: str, code: str, value: str | None = None
    ) -> dict:
        key, term_id = _attribute_key(link_type, code, value)
        row = {
            "id": self.part(key),
            "link_id": link_id,
            "taxonomy_term_id": term_id,
            "link_type": link_type,
            "link_entity": entity,
        }
        if value is not None:
            row["value"] = value
        self._codes.append(code)
        return row

    def _attributes(self, service_id: str, org_id: str) -> list[dict]:
        get = self.document.get
        known = terms.by_code()
        rows = []
        therapies, conditions = get(F.THERAPIES), get(F.CONDITIONS)
        evidence = _evidence_by_code(get(F.EVIDENCE)) if therapies or conditions else {}
        for codes, kind in ((therapies, "therapy"), (conditions, "condition")):
            if not codes:
                continue
            for code in _list(codes):
                if code.__class__ is not str or code not in known:
                    continue
                row = self._attribute(service_id, "service", kind, code)
                rows.append(row)
                for entry in evidence.get(code, ()):
                    self._evidence(row["id"], entry)
        for code in _list(get(F.PROVIDER_TYPES)):
            if code.__class__ is str and code in known:
                rows.append(self._attribute(org_id, "organization", "provider_type", code))
        if get(F.TELEHEALTH) is True:
            rows.append(self._attribute(service_id, "service", "access", terms.TELEHEALTH, "true"))
        if get(F.ACCEPTING_NEW_PATIENTS) is True:
            row = self._attribute(service_id, "service", "access", terms.ACCEPTING, "true")
            rows.append(row)
            as_of = day(get(F.ACCEPTING_AS_OF))
            if as_of:
                self._meta(row["id"], "attribute", as_of, "as_of", F.ACCEPTING_AS_OF, as_of)
        for plan in _list(get(F.INSURANCE)):
            text = _text(plan)
            if text:
                rows.append(self._attribute(service_id, "service", "access", terms.INSURANCE, text))
        return rows

    def _cost_options(self, service_id: str, costs) -> list[dict]:
        """A cost_option of each price and of free care (amount 0), each with its source
        and quote as metadata rows; sliding scale and free care quotes as evidence of the
        service's fees_description."""
        rows = []
        for entry in costs:
            kind = entry[cost.KIND]
            when = entry[cost.DATE]
            by = _text(entry.get(cost.URL)) or entry[cost.SOURCE]
            quote = " ".join(entry[cost.QUOTE].split())
            if kind != cost.PRICE:
                self._meta(service_id, "service", when, "evidence", FEES_FIELD, quote, by)
            if kind == cost.SLIDING_SCALE:
                continue
            row_id = self.part(_numbered(_COST_PARTS, "cost_option", len(rows)))
            row: dict = {"id": row_id, "service_id": service_id}
            if kind == cost.PRICE:
                unit = _text(entry.get(cost.UNIT))
                if unit is not None:
                    row["option"] = unit
                row["currency"] = cost.USD
                row["amount"] = entry[cost.AMOUNT]
                text = price_text(entry[cost.AMOUNT], entry.get(cost.AMOUNT_MAX), unit)
            else:
                row["option"] = FREE_OPTION
                row["currency"] = cost.USD
                row["amount"] = 0
                text = "Free care"
            row["amount_description"] = f"{text} (source: {entry[cost.SOURCE]})"
            rows.append(row)
            source_url = _text(entry.get(cost.URL)) or ""
            self._meta(
                row_id, "cost_option", when, "source", F.SOURCE, source_url, entry[cost.SOURCE]
            )
            field = _text(entry.get(cost.FIELD)) or ("page" if source_url else "record")
            self._meta(row_id, "cost_option", when, "evidence", field, quote, by)
        return rows

    # ---- metadata ----------------------------------------------------------------------

    def _meta(
        self,
        resource_id: str,
        resource_type: str,
        when: str | None,
        action: str,
        field: str,
        value: str,
        by: str = DIRECTORY,
    ) -> None:
        n = len(self.metadata)
        self.metadata.append(
            {
                "id": self.part(_numbered(_METADATA_PARTS, "metadata", n)),
                "resource_id": resource_id,
                "resource_type": resource_type,
                "last_action_date": when or self._fallback_date(),
                "last_action_type": action,
                "field_name": field,
                "previous_value": "",
                "replacement_value": value,
                "updated_by": by,
            }
        )

    def _fallback_date(self) -> str:
        """When nothing says when: the document's last fetch (empty when unknown)."""
        return timestamp(self.document.get(LAST_SEEN)) or ""

    def _evidence(self, attribute_id: str, entry: dict) -> None:
        get = entry.get
        quote = _text(get(ev.QUOTE))
        code = _text(get(ev.SOURCE_CODE))
        field = _text(get(ev.FIELD)) or ("page" if quote else "source_code")
        by = _text(get(ev.URL)) or code or DIRECTORY
        when = get(ev.DATE)
        self._meta(
            attribute_id,
            "attribute",
            day(when) or _text(when),
            "evidence",
            field,
            quote or code or "",
            by,
        )

    def _provenance(self, service_id: str) -> None:
        for entry in _list(self.document.get(SOURCES)):
            if not isinstance(entry, dict) or not entry.get(F.SOURCE):
                continue
            self._meta(
                service_id,
                "service",
                timestamp(entry.get(F.FETCHED_AT)),
                "source",
                F.SOURCE,
                _text(entry.get(SOURCE_URL)) or _text(entry.get(F.SOURCE_REF)) or "",
                str(entry[F.SOURCE]),
            )
        verified = timestamp(self.document.get(LAST_VERIFIED))
        if verified:
            self._meta(service_id, "service", verified, "verified", LAST_VERIFIED, verified)

    # ---- nested forms ------------------------------------------------------------------

    def _attributes_of(self, link_id: str) -> list[dict]:
        notes = self._notes
        if notes is None:
            notes = self._notes = {}
            for row in self.metadata:
                notes.setdefault(row["resource_id"], []).append(row)
        out = []
        for row, code in zip(self.attributes, self._codes, strict=True):
            if row["link_id"] != link_id:
                continue
            item = {**row, "taxonomy_term": terms.hsds_term(code)}
            found = notes.get(row["id"])
            if found is not None:
                item["metadata"] = found
            out.append(item)
        return out

    def _cost_options_full(self) -> list[dict]:
        by_resource: dict[str, list[dict]] = {}
        for row in self.metadata:
            if row["resource_type"] == "cost_option":
                by_resource.setdefault(row["resource_id"], []).append(row)
        return [{**row, "metadata": by_resource.get(row["id"], [])} for row in self.cost_options]

    def organization_full(self, services: str = "list") -> dict:
        """The organization with identifiers, provider-type attributes, its location and
        its service (one-to-one fields, or fully nested with services="full")."""
        org = dict(self.organization)
        org["organization_identifiers"] = self.identifiers
        org["attributes"] = self._attributes_of(org["id"])
        org["locations"] = [self.location_full()]
        if services == "full":
            service = self.service_full(with_organization=False)
        else:
            service = dict(self.service)
        org["services"] = [service]
        return org

    def location_full(self) -> dict:
        location = dict(self.location)
        location["addresses"] = self.addresses
        return location

    def service_full(self, *, with_organization: bool = True, with_locations: bool = True) -> dict:
        """The fully nested service (compiled/service.json)."""
        service = dict(self.service)
        service["phones"] = self.phones
        service["schedules"] = self.schedules
        service["languages"] = self.languages
        service["attributes"] = self._attributes_of(service["id"])
        service["metadata"] = [m for m in self.metadata if m["resource_id"] == service["id"]]
        if self.cost_options:
            service["cost_options"] = self._cost_options_full()
        if with_organization:
            org = dict(self.organization)
            org["organization_identifiers"] = self.identifiers
            org["attributes"] = self._attributes_of(org["id"])
            service["organization"] = org
        if with_locations:
            sal = dict(self.service_at_location)
            sal["location"] = self.location_full()
            service["service_at_locations"] = [sal]
        return service

    def service_list_item(self) -> dict:
        return {**self.service, "organization": self.organization}

    def service_at_location_list_item(self) -> dict:
        return {**self.service_at_location, "location": self.location, "service": self.service}

    def service_at_location_full(self) -> dict:
        sal = dict(self.service_at_location)
        sal["location"] = self.location_full()
        sal["service"] = self.service_full(with_locations=False)
        return sal

    # ---- tables ------------------------------------------------------------------------

    def tables(self) -> dict[str, list[dict]]:
        """The rows of each HSDS table (tabular names) this document contributes."""
        return {
            "organization": [self.organization],
            "service": [self.service],
            "location": [self.location],
            "service_at_location": [self.service_at_location],
            "address": self.addresses,
            "phone": self.phones,
            "schedule": self.schedules,
            "language": self.languages,
            "cost_option": self.cost_options,
            "attribute": self.attributes,
            "organization_identifier": self.identifiers,
            "metadata": self.metadata,
        }

"""Source codes to taxonomy codes: NUCC provider taxonomy (NPPES) and SAMHSA FindTreatment.

Namespacing of `source_codes` (what the crawler stores in ProviderRecord.source_codes):

- ``nucc:<CODE>``: a NUCC Health Care Provider Taxonomy code as NPPES gives it, e.g.
  ``nucc:2084P0800X``. A bare code (``2084P0800X``) is accepted too.
- ``samhsa:<CATEGORY>:<value>``: one value of a FindTreatment ``services[]`` entry, where
  CATEGORY is the entry's ``f2`` and value one item of its ``f3`` ("a; b; c"), e.g.
  ``samhsa:TAP:Cognitive behavioral therapy``. The value may also be the service's short
  code (``samhsa:TAP:CBT``). Values match case-insensitively; text in parentheses is
  ignored when the full value is not known.
- ``samhsa:typeFacility:<MH|SA>``: the row's ``typeFacility``.

Unknown codes map to nothing (they stay in source_codes as the source gave them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class SourceMapping:
    """What one source code says in taxonomy codes."""

    therapies: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    provider_types: tuple[str, ...] = ()
    telehealth: bool | None = None


def _m(
    provider_types: str = "", conditions: str = "", therapies: str = "", telehealth=None
) -> SourceMapping:
    return SourceMapping(
        therapies=tuple(therapies.split()),
        conditions=tuple(conditions.split()),
        provider_types=tuple(provider_types.split()),
        telehealth=telehealth,
    )


# ---- NUCC ------------------------------------------------------------------------------

NUCC_CODES: dict[str, SourceMapping] = {
    # Psychiatry & Neurology: psychiatry and its subspecialties (not neurology)
    "2084P0800X": _m("psychiatrist"),  # Psychiatry
    "2084P0802X": _m("psychiatrist", "substance_use"),  # Addiction Psychiatry
    "2084P0804X": _m("psychiatrist"),  # Child & Adolescent Psychiatry
    "2084P0805X": _m("psychiatrist"),  # Geriatric Psychiatry
    "2084F0202X": _m("psychiatrist"),  # Forensic Psychiatry
    "2084P0015X": _m("psychiatrist"),  # Psychosomatic Medicine
    # Addiction medicine under several boards
    "2084A0401X": _m("addiction_medicine", "substance_use"),  # Psychiatry & Neurology
    "207QA0401X": _m("addiction_medicine", "substance_use"),  # Family Medicine
    "207RA0401X": _m("addiction_medicine", "substance_use"),  # Internal Medicine
    "207LA0401X": _m("anesthesiology addiction_medicine", "substance_use"),  # Anesthesiology
    # Psychologists (103T...) with subspecialties that name a condition or a therapy
    "103TA0400X": _m("psychologist", "substance_use"),  # Addiction (Substance Use Disorder)
    "103TB0200X": _m("psychologist", "", "cbt"),  # Cognitive & Behavioral
    "103TP2701X": _m("psychologist", "", "group_therapy"),  # Group Psychotherapy
    "103TP0814X": _m("psychologist", "", "psychodynamic"),  # Psychoanalysis
    "103TF0000X": _m("psychologist", "", "family_couples"),  # Family
    "103G00000X": _m("psychologist"),  # Clinical Neuropsychologist
    # Counselors (101Y...)
    "101YA0400X": _m("counselor", "substance_use"),  # Addiction (Substance Use Disorder)
    # Social workers
    "104100000X": _m("social_worker"),  # Social Worker
    "1041C0700X": _m("clinical_social_worker"),  # Social Worker, Clinical
    # Therapists
    "106H00000X": _m("marriage_family_therapist", "", "family_couples"),
    "102L00000X": _m("psychoanalyst", "", "psychodynamic"),  # Psychoanalyst
    # Nurse practitioner, psychiatric/mental health
    "363LP0808X": _m("psychiatric_nurse_practitioner"),
    # Clinics and facilities
    "261QM0801X": _m("mental_health_clinic"),  # Mental Health (incl. CMHC)
    "261QM0850X": _m("mental_health_clinic"),  # Adult Mental Health
    "261QM0855X": _m("mental_health_clinic"),  # Adolescent and Children Mental Health
    "261QR0405X": _m("substance_use_facility", "substance_use"),  # Rehab, Substance Use
    "261QM2800X": _m("substance_use_facility", "substance_use"),  # Methadone
    "324500000X": _m("substance_use_facility", "substance_use"),  # SUD Rehabilitation Facility
    "3245S0500X": _m("substance_use_facility", "substance_use"),  # ... Children
    "283Q00000X": _m("psychiatric_hospital"),  # Psychiatric Hospital
    "273R00000X": _m("psychiatric_hospital"),  # Psychiatric Unit
    "323P00000X": _m("psychiatric_residential_facility"),  # Psychiatric Residential Treatment
    "320800000X": _m("psychiatric_residential_facility"),  # Residential, Mental Illness
    "322D00000X": _m(
        "psychiatric_residential_facility"
    ),  # Residential, Emotionally Disturbed Children
    # Anesthesia (ketamine infusion clinics); in scope only with a therapy or condition
    "207LP2900X": _m("anesthesiology", "chronic_pain"),  # Anesthesiology, Pain Medicine
    "367500000X": _m("nurse_anesthetist"),  # Nurse Anesthetist, Certified Registered
}

# Whole families: every code that starts with the prefix (after the exact codes above).
NUCC_PREFIXES: dict[str, SourceMapping] = {
    "103T": _m("psychologist"),  # Psychologist and all its specializations
    "101Y": _m("counselor"),  # Counselor and all its specializations
    "207L": _m("anesthesiology"),  # Anesthesiology and its subspecialties
}

_NUCC_SHAPE = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")


def is_nucc_code(code: str) -> bool:
    """True for a string shaped like a NUCC taxonomy code (10 characters ending in X)."""
    return bool(_NUCC_SHAPE.match(code.strip().upper()))


def nucc_mapping(code: str) -> SourceMapping | None:
    code = code.strip().upper()
    if code in NUCC_CODES:
        return NUCC_CODES[code]
    for prefix, mapping in NUCC_PREFIXES.items():
        if code.startswith(prefix):
            return mapping
    return None


def nucc_source_code(code: str) -> str:
    """The namespaced form the crawler stores: 'nucc:2084P0800X'."""
    return f"nucc:{code.strip().upper()}"


# ---- SAMHSA FindTreatment ----------------------------------------------------------------

# Values of services[].f3 (any category), lower case, as FindTreatment words them in its
# service code list (treatment approaches, type of care, facility types, special programs).
SAMHSA_VALUES: dict[str, SourceMapping] = {
    # TAP: treatment approaches
    "cognitive behavioral therapy": _m(therapies="cbt"),
    "dialectical behavior therapy": _m(therapies="dbt"),
    "eye movement desensitization and reprocessing therapy": _m(therapies="emdr"),
    "trauma-related counseling": _m(therapies="trauma_focused"),
    "couples/family therapy": _m(therapies="family_couples"),
    "group therapy": _m(therapies="group_therapy"),
    "ketamine infusion therapy": _m(therapies="ketamine_infusion"),
    "transcranial magnetic stimulation": _m(therapies="tms"),
    "psychotropic medication": _m(therapies="medication_management"),
    "rational emotive behavioral therapy": _m(therapies="cbt"),
    "telemedicine/telehealth therapy": _m(telehealth=True),
    "telemedicine/telehealth": _m(telehealth=True),
    "integrated mental and substance use disorder treatment": _m(conditions="substance_use"),
    "substance use disorder counseling": _m(conditions="substance_use"),
    "relapse prevention": _m(conditions="substance_use"),
    "12-step facilitation": _m(conditions="substance_use"),
    "matrix model": _m(conditions="substance_use"),
    # TC: type of care
    "mental health treatment": _m("mental_health_clinic"),
    "substance use treatment": _m("substance_use_facility", "substance_use"),
    "detoxification": _m("substance_use_facility", "substance_use"),
    # FT: facility type
    "community mental health center": _m("mental_health_clinic"),
    "certified community behavioral health clinic": _m("mental_health_clinic"),
    "outpatient mental health facility": _m("mental_health_clinic"),
    "multi-setting mental health facility": _m("mental_health_clinic"),
    "partial hospitalization/day treatment facility": _m("mental_health_clinic"),
    "psychiatric hospital": _m("psychiatric_hospital"),
    "state hospital": _m("psychiatric_hospital"),
    "general hospital with separate psychiatric unit": _m("psychiatric_hospital"),
    "residential treatment center for children": _m("psychiatric_residential_facility"),
    "residential treatment center for adults": _m("psychiatric_residential_facility"),
    # SG: special programs or groups
    "persons with post-traumatic stress disorder": _m(conditions="ptsd"),
    "clients with co-occurring mental and substance use disorders": _m(conditions="substance_use"),
}

# Short service codes (the FindTreatment service code list), any category.
SAMHSA_SERVICE_CODES: dict[str, SourceMapping] = {
    "CBT": _m(therapies="cbt"),
    "DBT": _m(therapies="dbt"),
    "EMDR": _m(therapies="emdr"),
    "CFT": _m(therapies="family_couples"),
    "GT": _m(therapies="group_therapy"),
    "KIT": _m(therapies="ketamine_infusion"),
    "TMS": _m(therapies="tms"),
    "TELE": _m(telehealth=True),
    "IDD": _m(conditions="substance_use"),
    "PTSD": _m(conditions="ptsd"),
    "CO": _m(conditions="substance_use"),
    "MH": _m("mental_health_clinic"),
    "SA": _m("substance_use_facility", "substance_use"),
}

SAMHSA_TYPE_FACILITY: dict[str, SourceMapping] = {
    "MH": _m("mental_health_clinic"),
    "SA": _m("substance_use_facility", "substance_use"),
}

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_SPACES = re.compile(r"\s+")


def _normalize_value(value: str) -> str:
    return _SPACES.sub(" ", value.strip().lower())


def samhsa_mapping(category: str | None, value: str) -> SourceMapping | None:
    """Mapping of one FindTreatment service value (label or short code)."""
    value = value.strip()
    if category is not None and category.lower() == "typefacility":
        return SAMHSA_TYPE_FACILITY.get(value.upper())
    if value in SAMHSA_SERVICE_CODES:
        return SAMHSA_SERVICE_CODES[value]
    key = _normalize_value(value)
    if key in SAMHSA_VALUES:
        return SAMHSA_VALUES[key]
    return SAMHSA_VALUES.get(_normalize_value(_PARENTHESES.sub("", value)))


def samhsa_source_codes(
    services: Iterable[Mapping[str, Any]] | None, type_facility: str | None = None
) -> list[str]:
    """Namespaced source codes of one FindTreatment row (services[] and typeFacility).

    Malformed entries are skipped, never an error.
    """
    codes: list[str] = []
    if type_facility and isinstance(type_facility, str) and type_facility.strip():
        codes.append(f"samhsa:typeFacility:{type_facility.strip()}")
    for service in services or ():
        if not isinstance(service, Mapping):
            continue
        category = str(service.get("f2") or "").strip()
        values = service.get("f3")
        if not category or not isinstance(values, str):
            continue
        for value in values.split(";"):
            value = _SPACES.sub(" ", value.strip())
            if value:
                codes.append(f"samhsa:{category}:{value}")
    return list(dict.fromkeys(codes))


# ---- one entry point ---------------------------------------------------------------------


@lru_cache(maxsize=4096)
def source_code_mapping(code: str) -> SourceMapping | None:
    """Mapping of one namespaced (or bare NUCC) source code; None when it means nothing."""
    if not isinstance(code, str) or not code.strip():
        return None
    text = code.strip()
    namespace, _, rest = text.partition(":")
    namespace = namespace.lower()
    if namespace == "nucc" and rest:
        return nucc_mapping(rest)
    if namespace == "samhsa" and rest:
        category, sep, value = rest.partition(":")
        if sep:
            return samhsa_mapping(category, value)
        return samhsa_mapping(None, category)
    if is_nucc_code(text):
        return nucc_mapping(text)
    return None

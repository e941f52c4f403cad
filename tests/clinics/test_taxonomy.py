"""The taxonomy: codes, labels, groups, and what NUCC and SAMHSA source codes mean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinics import taxonomy
from clinics.taxonomy import (
    CONDITIONS,
    PROVIDER_TYPES,
    THERAPIES,
    is_code,
    label,
    samhsa_source_codes,
    source_code_mapping,
    therapy_groups,
)
from clinics.taxonomy.sources import NUCC_CODES, SAMHSA_VALUES

pytestmark = pytest.mark.unit

DESIGN_THERAPIES = {
    "ketamine_assisted_psychotherapy",
    "ketamine_infusion",
    "ketamine_intramuscular",
    "ketamine_oral",
    "ketamine_at_home",
    "esketamine_spravato",
    "cbt",
    "dbt",
    "act",
    "emdr",
    "exposure_therapy",
    "psychodynamic",
    "mindfulness_based",
    "interpersonal",
    "trauma_focused",
    "family_couples",
    "group_therapy",
    "integration_therapy",
    "medication_management",
    "tms",
}
DESIGN_CONDITIONS = {
    "anxiety",
    "panic",
    "social_anxiety",
    "generalized_anxiety",
    "depression",
    "treatment_resistant_depression",
    "ptsd",
    "ocd",
    "bipolar",
    "substance_use",
    "postpartum_depression",
    "chronic_pain",
}
BRIEF_PROVIDER_TYPES = {
    "psychiatrist",
    "psychologist",
    "counselor",
    "clinical_social_worker",
    "marriage_family_therapist",
    "psychiatric_nurse_practitioner",
    "mental_health_clinic",
    "anesthesiology",
    "substance_use_facility",
}


def test_design_codes_are_all_present() -> None:
    assert set(THERAPIES) >= DESIGN_THERAPIES
    assert set(CONDITIONS) >= DESIGN_CONDITIONS
    assert set(PROVIDER_TYPES) >= BRIEF_PROVIDER_TYPES


def test_codes_are_snake_case_unique_and_labelled() -> None:
    terms = taxonomy.all_terms()
    codes = [t.code for t in terms]
    assert len(codes) == len(set(codes))
    for t in terms:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", t.code), t.code
        assert t.label and t.label != t.code
        assert t.kind in taxonomy.KINDS


def test_every_therapy_has_a_known_group() -> None:
    assert {t.group for t in THERAPIES.values()} == {"ketamine", "talk", "medical"}


def test_therapy_groups_in_display_order() -> None:
    groups = therapy_groups()
    assert [name for name, _ in groups] == ["Ketamine treatments", "Talk therapies", "Medical"]
    assert sorted(code for _, codes in groups for code in codes) == sorted(THERAPIES)
    assert "cbt" in dict(groups)["Talk therapies"]
    assert "tms" in dict(groups)["Medical"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ketamine_assisted_psychotherapy", "Ketamine-assisted psychotherapy (KAP)"),
        ("cbt", "Cognitive behavioral therapy (CBT)"),
        ("esketamine_spravato", "Esketamine (Spravato)"),
        ("ptsd", "PTSD"),
        ("psychiatric_nurse_practitioner", "Psychiatric nurse practitioner (PMHNP)"),
        ("some_new_code", "Some new code"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_label_never_raises(code: object, expected: str) -> None:
    assert label(code) == expected


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        ("therapy", "cbt", True),
        ("therapies", "cbt", True),
        ("condition", "cbt", False),
        ("condition", "anxiety", True),
        ("provider_type", "psychiatrist", True),
        ("provider_types", "psychiatrist", True),
        ("therapy", "ketamine", False),
        ("nonsense", "cbt", False),
        ("therapy", None, False),
    ],
)
def test_is_code(kind: str, code: object, expected: bool) -> None:
    assert is_code(kind, code) is expected


def test_condition_parents_are_conditions() -> None:
    for t in CONDITIONS.values():
        assert t.parent is None or t.parent in CONDITIONS


def test_synonym_extra_codes_exist() -> None:
    for t in taxonomy.all_terms():
        for synonym in t.synonyms:
            if isinstance(synonym, tuple):
                for code in synonym[1:]:
                    assert taxonomy.term(code) is not None, (t.code, synonym)


def test_only_anesthesia_and_chronic_pain_are_not_behavioral_on_their_own() -> None:
    not_behavioral = {t.code for t in taxonomy.all_terms() if not t.behavioral_health}
    assert not_behavioral == {"anesthesiology", "nurse_anesthetist", "chronic_pain"}


# ---- source codes ------------------------------------------------------------------------

NUCC = [
    ("2084P0800X", "psychiatrist"),
    ("2084P0802X", "psychiatrist"),
    ("2084P0804X", "psychiatrist"),
    ("2084P0805X", "psychiatrist"),
    ("103T00000X", "psychologist"),
    ("103TC0700X", "psychologist"),
    ("101YM0800X", "counselor"),
    ("101YP2500X", "counselor"),
    ("101YA0400X", "counselor"),
    ("1041C0700X", "clinical_social_worker"),
    ("106H00000X", "marriage_family_therapist"),
    ("363LP0808X", "psychiatric_nurse_practitioner"),
    ("261QM0801X", "mental_health_clinic"),
    ("261QR0405X", "substance_use_facility"),
    ("324500000X", "substance_use_facility"),
    ("283Q00000X", "psychiatric_hospital"),
    ("207L00000X", "anesthesiology"),
    ("367500000X", "nurse_anesthetist"),
]


@pytest.mark.parametrize(("code", "provider_type"), NUCC)
@pytest.mark.parametrize("form", ["nucc:{}", "{}", "NUCC:{}", " {} "])
def test_nucc_codes(code: str, provider_type: str, form: str) -> None:
    mapping = source_code_mapping(form.format(code))
    assert mapping is not None and provider_type in mapping.provider_types


@pytest.mark.parametrize(
    "code",
    ["2084N0400X", "1223G0001X", "122300000X", "152W00000X", "213E00000X", "111N00000X", "X"],
)
def test_out_of_scope_nucc_codes_map_to_nothing(code: str) -> None:
    assert source_code_mapping(code) is None


@pytest.mark.parametrize(
    ("code", "therapies", "conditions", "provider_types", "telehealth"),
    [
        ("samhsa:TAP:Cognitive behavioral therapy", ("cbt",), (), (), None),
        ("samhsa:TAP:cognitive  behavioral THERAPY", ("cbt",), (), (), None),
        ("samhsa:TAP:Dialectical behavior therapy", ("dbt",), (), (), None),
        ("samhsa:TAP:Trauma-related counseling", ("trauma_focused",), (), (), None),
        ("samhsa:TAP:Couples/family therapy", ("family_couples",), (), (), None),
        ("samhsa:TAP:Ketamine Infusion Therapy", ("ketamine_infusion",), (), (), None),
        ("samhsa:TAP:Telemedicine/telehealth therapy", (), (), (), True),
        ("samhsa:TAP:TMS", ("tms",), (), (), None),
        (
            "samhsa:TC:Substance use treatment",
            (),
            ("substance_use",),
            ("substance_use_facility",),
            None,
        ),
        ("samhsa:TC:Mental health treatment", (), (), ("mental_health_clinic",), None),
        ("samhsa:FT:Community mental health center", (), (), ("mental_health_clinic",), None),
        (
            "samhsa:FT:Residential treatment center (RTC) for children",
            (),
            (),
            ("psychiatric_residential_facility",),
            None,
        ),
        ("samhsa:typeFacility:MH", (), (), ("mental_health_clinic",), None),
        ("samhsa:Cognitive behavioral therapy", ("cbt",), (), (), None),
    ],
)
def test_samhsa_codes(code, therapies, conditions, provider_types, telehealth) -> None:
    mapping = source_code_mapping(code)
    assert mapping is not None
    assert mapping.therapies == therapies
    assert mapping.conditions == conditions
    assert mapping.provider_types == provider_types
    assert mapping.telehealth is telehealth


@pytest.mark.parametrize(
    "code", ["samhsa:PAY:Medicaid", "samhsa:SL:Spanish", "samhsa:", "other:CBT", "", "   "]
)
def test_unmapped_codes(code: str) -> None:
    assert source_code_mapping(code) is None


def test_samhsa_source_codes_from_a_findtreatment_row() -> None:
    services = [
        {"f1": "Type of Care", "f2": "TC", "f3": "Mental health treatment"},
        {
            "f1": "Treatment Approaches",
            "f2": "TAP",
            "f3": "Cognitive behavioral therapy; Dialectical behavior therapy;  ",
        },
        {"f1": "Broken", "f2": "", "f3": "x"},
        {"f1": "Broken too", "f2": "SL"},
        "not a dict",
    ]
    assert samhsa_source_codes(services, "MH") == [
        "samhsa:typeFacility:MH",
        "samhsa:TC:Mental health treatment",
        "samhsa:TAP:Cognitive behavioral therapy",
        "samhsa:TAP:Dialectical behavior therapy",
    ]
    assert samhsa_source_codes(None) == []


def test_nucc_source_code_form() -> None:
    assert taxonomy.nucc_source_code(" 2084p0800x ") == "nucc:2084P0800X"
    assert taxonomy.is_nucc_code("2084P0800X")
    assert not taxonomy.is_nucc_code("2084P0800")


# ---- the docs stay true -----------------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "taxonomy.md"


@pytest.mark.parametrize("code", [t.code for t in taxonomy.all_terms()])
def test_every_code_and_label_is_documented(code: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"| `{code}` | {label(code)} |" in text


@pytest.mark.parametrize("code", sorted(NUCC_CODES))
def test_every_nucc_mapping_is_documented(code: str) -> None:
    assert f"| `{code}`" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", sorted(SAMHSA_VALUES))
def test_every_samhsa_mapping_is_documented(value: str) -> None:
    assert f"| {value} |" in DOC.read_text(encoding="utf-8")

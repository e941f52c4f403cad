"""Scope: mental-health providers are in, everyone else is out with the reason out_of_scope."""

from __future__ import annotations

import pytest

from clinics.classify import Classification, classify
from clinics.enrich import classify_record
from clinics.record import ProviderRecord
from clinics.scope import OUT_OF_SCOPE, is_in_scope, scope_reason

pytestmark = pytest.mark.unit


def record(**fields: object) -> dict:
    return {
        "source": "npi",
        "source_ref": "1234567893",
        "name": "Sample Provider",
        "fetched_at": "2026-11-20T12:00:00+00:00",
        **fields,
    }


@pytest.mark.parametrize(
    ("description", "item", "reason"),
    [
        ("psychiatrist", Classification(provider_types=("psychiatrist",)), None),
        ("therapy alone", Classification(therapies=("cbt",)), None),
        ("condition alone", Classification(conditions=("anxiety",)), None),
        ("ketamine alone", Classification(therapies=("ketamine_infusion",)), None),
        (
            "anesthesiologist alone",
            Classification(provider_types=("anesthesiology",)),
            OUT_OF_SCOPE,
        ),
        ("crna alone", Classification(provider_types=("nurse_anesthetist",)), OUT_OF_SCOPE),
        (
            "anesthesiologist with ketamine",
            Classification(therapies=("ketamine_infusion",), provider_types=("anesthesiology",)),
            None,
        ),
        ("chronic pain alone", Classification(conditions=("chronic_pain",)), OUT_OF_SCOPE),
        (
            "chronic pain with a therapy",
            Classification(therapies=("ketamine_infusion",), conditions=("chronic_pain",)),
            None,
        ),
        ("nothing", Classification(), OUT_OF_SCOPE),
        (
            "unknown codes",
            Classification(therapies=("reiki",), provider_types=("dentist",)),
            OUT_OF_SCOPE,
        ),
        ("record dict", record(provider_types=["psychologist"]), None),
        ("record dict out", record(), OUT_OF_SCOPE),
        ("record model", ProviderRecord.from_dict(record(therapies=["emdr"])), None),
        ("junk", None, OUT_OF_SCOPE),
        ("junk string", "psychiatrist", OUT_OF_SCOPE),
        ("junk codes", {"therapies": "cbt"}, OUT_OF_SCOPE),
    ],
)
def test_scope_reason(description: str, item: object, reason: str | None) -> None:
    assert scope_reason(item) == reason
    assert is_in_scope(item) is (reason is None)


@pytest.mark.parametrize(
    ("who", "text", "codes"),
    [
        ("dentist", "Sample Family Dentistry, DDS", ("nucc:1223G0001X",)),
        ("optometrist", "Sample Eye Care, OD, optometrist", ("nucc:152W00000X",)),
        ("podiatrist", "Sample Foot and Ankle, DPM", ("nucc:213E00000X",)),
        ("chiropractor", "Sample Chiropractic, DC, spinal adjustments", ("nucc:111N00000X",)),
        ("physical therapist", "Sample Physical Therapy and sports rehab", ("225100000X",)),
        ("neurologist", "Sample Neurology", ("2084N0400X",)),
        ("pain clinic", "Sample pain management clinic", ("nucc:207LP2900X",)),
        ("dental anxiety", "Sample Dental: sedation for dental anxiety", ("1223G0001X",)),
        ("negated ketamine dentist", "We do not offer ketamine. Teeth whitening.", ()),
    ],
)
def test_out_of_scope_providers(who: str, text: str, codes: tuple[str, ...]) -> None:
    assert scope_reason(classify(text, codes)) == OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("who", "text", "codes"),
    [
        ("psychiatrist by code", "Sample Person, MD", ("nucc:2084P0800X",)),
        ("counselor by code", "Sample Person", ("101YM0800X",)),
        ("lcsw by credential", "Sample Person, LCSW", ()),
        ("ketamine infusion anesthesiologist", "IV ketamine infusions", ("nucc:207L00000X",)),
        ("samhsa facility", "Sample Center", ("samhsa:typeFacility:MH",)),
        ("therapy text only", "EMDR and CBT", ()),
    ],
)
def test_in_scope_providers(who: str, text: str, codes: tuple[str, ...]) -> None:
    assert scope_reason(classify(text, codes)) is None


def test_classify_record_then_scope() -> None:
    dentist = record(name="Sample Smiles", source_codes=["nucc:1223G0001X"])
    therapist = record(name="Sample Counseling", specialties_raw=["Anxiety", "CBT"])
    assert scope_reason(classify_record(dentist)) == OUT_OF_SCOPE
    assert scope_reason(classify_record(therapist)) is None

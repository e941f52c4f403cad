"""classify(text, source_codes): the table of what text and codes mean in taxonomy codes.

Each case names the text, the source codes, and the expected value of the parts it checks
(therapies, conditions, provider_types, telehealth); parts a case does not name are free.
"""

from __future__ import annotations

import pytest

from clinics import taxonomy
from clinics.classify import Classification, analyze, classify
from clinics.enrich import classify_record, field_texts

pytestmark = pytest.mark.unit

KAP = "ketamine_assisted_psychotherapy"
IV = "ketamine_infusion"
IM = "ketamine_intramuscular"
ORAL = "ketamine_oral"
HOME = "ketamine_at_home"
SPRAVATO = "esketamine_spravato"
KETAMINE = "ketamine_unspecified"

CASES = [
    # ---- ketamine family: KAP vs infusion-only, routes, esketamine ----
    ("kap phrase", "We offer ketamine-assisted psychotherapy.", (), {"therapies": {KAP}}),
    ("kap acronym", "KAP sessions with a licensed therapist", (), {"therapies": {KAP}}),
    ("kap therapy wording", "Ketamine assisted therapy for PTSD", (), {"therapies": {KAP}}),
    (
        "kap psychotherapy with ketamine",
        "Psychotherapy with ketamine, in a calm room.",
        (),
        {"therapies": {KAP}},
    ),
    (
        "infusion only is not kap",
        "Our clinic provides ketamine infusions for depression.",
        (),
        {"therapies": {IV}},
    ),
    ("iv ketamine", "IV ketamine for treatment-resistant depression", (), {"therapies": {IV}}),
    (
        "intravenous ketamine",
        "Intravenous ketamine in a monitored suite.",
        (),
        {"therapies": {IV}},
    ),
    (
        "psychotherapy and infusions stay apart",
        "We offer psychotherapy and IV ketamine infusions.",
        (),
        {"therapies": {IV}},
    ),
    (
        "kap and infusion both",
        "Ketamine-assisted psychotherapy and ketamine infusions are both available.",
        (),
        {"therapies": {KAP, IV}},
    ),
    ("im ketamine", "IM ketamine injections in the office", (), {"therapies": {IM}}),
    (
        "intramuscular",
        "Intramuscular ketamine with integration",
        (),
        {"therapies": {IM, "integration_therapy"}},
    ),
    ("troches", "Ketamine troches prescribed after an evaluation.", (), {"therapies": {ORAL}}),
    ("sublingual", "Sublingual ketamine lozenges", (), {"therapies": {ORAL}}),
    (
        "lozenge without ketamine is nothing",
        "Throat lozenges are sold at the front desk.",
        (),
        {"therapies": set()},
    ),
    (
        "at-home ketamine",
        "At-home ketamine therapy, prescribed by telehealth.",
        (),
        {"therapies": {HOME}, "telehealth": True},
    ),
    ("telehealth ketamine", "Telehealth ketamine programs", (), {"therapies": {HOME}}),
    (
        "a clinic near your home is not at-home ketamine",
        "IV ketamine clinic near your home",
        (),
        {"therapies": {IV}},
    ),
    ("ketamine therapy at home", "Ketamine therapy at home", (), {"therapies": {HOME}}),
    ("esketamine", "Esketamine nasal spray", (), {"therapies": {SPRAVATO}}),
    ("spravato", "Spravato® treatment center (REMS certified)", (), {"therapies": {SPRAVATO}}),
    ("spravato lower case", "we are a spravato provider", (), {"therapies": {SPRAVATO}}),
    (
        "esketamine is not generic ketamine",
        "Esketamine treatment for depression",
        (),
        {"therapies": {SPRAVATO}},
    ),
    ("generic ketamine", "Ketamine therapy for depression", (), {"therapies": {KETAMINE}}),
    (
        "generic dropped when route known",
        "Ketamine therapy: IV ketamine infusions",
        (),
        {"therapies": {IV}},
    ),
    (
        "ketamine in passing is nothing",
        "Research about ketamine is promising.",
        (),
        {"therapies": set()},
    ),
    # ---- negation ----
    ("do not offer ketamine", "We do not offer ketamine.", (), {"therapies": set()}),
    ("no spravato", "No Spravato.", (), {"therapies": set()}),
    ("not a ketamine clinic", "We are not a ketamine clinic.", (), {"therapies": set()}),
    (
        "ketamine is not available",
        "Ketamine is not available at this office.",
        (),
        {"therapies": set()},
    ),
    ("don't curly apostrophe", "We don’t provide ketamine infusions.", (), {"therapies": set()}),
    (
        "negation stays in its sentence",
        "We do not offer ketamine. We offer CBT and DBT for anxiety.",
        (),
        {"therapies": {"cbt", "dbt"}, "conditions": {"anxiety"}},
    ),
    (
        "negation stops at but",
        "We don't offer ketamine, but we do offer EMDR.",
        (),
        {"therapies": {"emdr"}},
    ),
    (
        "negated list",
        "We do not offer ketamine or TMS.",
        (),
        {"therapies": set()},
    ),
    (
        "not only is not a negation",
        "Not only CBT but also DBT.",
        (),
        {"therapies": {"cbt", "dbt"}},
    ),
    (
        "no cost is not a negation",
        "No cost CBT groups for teens",
        (),
        {"therapies": {"cbt", "group_therapy"}},
    ),
    (
        "no insurance is not a negation of the therapy",
        "No insurance needed CBT and DBT",
        (),
        {"therapies": {"cbt", "dbt"}},
    ),
    (
        "no referral needed",
        "No referral needed for EMDR.",
        (),
        {"therapies": {"emdr"}},
    ),
    (
        "not accepting patients on its own line",
        "Not accepting new patients\nCBT for panic attacks",
        (),
        {"therapies": {"cbt"}, "conditions": {"panic", "anxiety"}},
    ),
    (
        "negated then affirmed elsewhere",
        "We don't do IV infusions of ketamine. Ketamine-assisted psychotherapy is our focus.",
        (),
        {"therapies": {KAP}},
    ),
    ("never", "We never prescribe esketamine.", (), {"therapies": set()}),
    ("no longer", "We no longer offer ketamine infusions.", (), {"therapies": set()}),
    (
        "negation reaches along a list",
        "We do not offer ketamine therapy, TMS, or Spravato.",
        (),
        {"therapies": set()},
    ),
    (
        "short cue along a list",
        "No ketamine, Spravato or TMS here; EMDR yes",
        (),
        {"therapies": {"emdr"}},
    ),
    (
        "a new subject ends the negation",
        "We do not offer ketamine and we offer CBT",
        (),
        {"therapies": {"cbt"}},
    ),
    (
        "not accepting insurance is not a negation of the therapy",
        "We do not accept insurance for CBT",
        (),
        {"therapies": {"cbt"}},
    ),
    (
        "negated provider type",
        "Our providers are not psychiatrists.",
        (),
        {"provider_types": set()},
    ),
    (
        "infusions negated, kap and im affirmed",
        "Ketamine infusions are not offered here, but we offer KAP with IM ketamine.",
        (),
        {"therapies": {KAP, IM}},
    ),
    (
        "without medication",
        "Therapy without medication management; CBT only.",
        (),
        {"therapies": {"cbt"}},
    ),
    # ---- talk therapies and abbreviations ----
    ("cbt", "Cognitive behavioral therapy (CBT)", (), {"therapies": {"cbt"}}),
    ("cbt british", "cognitive behavioural therapy", (), {"therapies": {"cbt"}}),
    ("dbt", "Dialectical Behavior Therapy skills", (), {"therapies": {"dbt"}}),
    ("act acronym", "ACT for chronic worry", (), {"therapies": {"act"}}),
    ("act phrase", "acceptance & commitment therapy", (), {"therapies": {"act"}}),
    ("act lower case word", "We act fast and actually care.", (), {"therapies": set()}),
    ("act inside a word", "CONTACT US or REACT today", (), {"therapies": set()}),
    (
        "assertive community treatment",
        "Assertive Community Treatment (ACT) team",
        (),
        {"therapies": set()},
    ),
    ("affordable care act", "Plans under the Affordable Care Act", (), {"therapies": set()}),
    ("emdr", "EMDR therapy for trauma", (), {"therapies": {"emdr"}}),
    (
        "erp is exposure",
        "ERP for OCD",
        (),
        {"therapies": {"exposure_therapy"}, "conditions": {"ocd"}},
    ),
    (
        "exposure and response prevention",
        "exposure and response prevention",
        (),
        {"therapies": {"exposure_therapy"}},
    ),
    ("erp lower case is not erp", "our erp software", (), {"therapies": set()}),
    ("mbct", "MBCT groups", (), {"therapies": {"mindfulness_based", "group_therapy"}}),
    ("mbsr", "MBSR eight-week course", (), {"therapies": {"mindfulness_based"}}),
    ("ipt", "IPT for postpartum depression", (), {"therapies": {"interpersonal"}}),
    ("ipt lower case", "the ipt", (), {"therapies": set()}),
    ("interpersonal", "Interpersonal psychotherapy", (), {"therapies": {"interpersonal"}}),
    (
        "psychodynamic",
        "Psychodynamic and psychoanalytic therapy",
        (),
        {"therapies": {"psychodynamic"}},
    ),
    ("tf-cbt", "TF-CBT for children", (), {"therapies": {"cbt", "trauma_focused"}}),
    ("couples", "Couples counseling and family therapy", (), {"therapies": {"family_couples"}}),
    ("group", "Group therapy on Tuesdays", (), {"therapies": {"group_therapy"}}),
    (
        "psychedelic integration",
        "Psychedelic integration therapy",
        (),
        {"therapies": {"integration_therapy"}},
    ),
    # ---- medical ----
    ("tms", "TMS therapy for depression", (), {"therapies": {"tms"}}),
    ("rtms", "rTMS (repetitive transcranial magnetic stimulation)", (), {"therapies": {"tms"}}),
    (
        "medication management",
        "Psychiatric medication management",
        (),
        {"therapies": {"medication_management"}},
    ),
    # ---- conditions ----
    ("panic implies anxiety", "Help with panic attacks", (), {"conditions": {"panic", "anxiety"}}),
    ("social anxiety", "social anxiety", (), {"conditions": {"social_anxiety", "anxiety"}}),
    ("gad", "GAD and MDD", (), {"conditions": {"generalized_anxiety", "anxiety", "depression"}}),
    (
        "trd",
        "treatment-resistant depression",
        (),
        {"conditions": {"treatment_resistant_depression", "depression"}},
    ),
    ("ptsd", "post-traumatic stress disorder", (), {"conditions": {"ptsd"}}),
    ("ocd", "obsessive-compulsive disorder", (), {"conditions": {"ocd"}}),
    ("bipolar", "Bipolar disorder", (), {"conditions": {"bipolar"}}),
    (
        "substance use",
        "Substance use disorders and addiction",
        (),
        {"conditions": {"substance_use"}},
    ),
    (
        "postpartum",
        "Postpartum depression support",
        (),
        {"conditions": {"postpartum_depression", "depression"}},
    ),
    ("chronic pain", "fibromyalgia and chronic pain", (), {"conditions": {"chronic_pain"}}),
    # ---- provider types from text ----
    ("lpc", "Jane Roe, LPC", (), {"provider_types": {"counselor"}}),
    ("lcsw", "John Doe, LCSW-S", (), {"provider_types": {"clinical_social_worker"}}),
    (
        "lmft",
        "Marriage and Family Therapist (LMFT)",
        (),
        {"provider_types": {"marriage_family_therapist"}},
    ),
    ("pmhnp", "PMHNP-BC", (), {"provider_types": {"psychiatric_nurse_practitioner"}}),
    ("psychiatrist", "Board-certified psychiatrist", (), {"provider_types": {"psychiatrist"}}),
    ("crna", "Infusions given by a CRNA", (), {"provider_types": {"nurse_anesthetist"}}),
    (
        "a facility phrase keeps its condition",
        "Substance abuse treatment center",
        (),
        {"provider_types": {"substance_use_facility"}, "conditions": {"substance_use"}},
    ),
    (
        "nucc description of a neurologist",
        "Psychiatry & Neurology, Neurology",
        (),
        {"provider_types": set()},
    ),
    (
        "nucc description of a psychiatrist",
        "Psychiatry & Neurology, Psychiatry",
        (),
        {"provider_types": {"psychiatrist"}},
    ),
    (
        "career counseling center is not a clinic",
        "Sample career counseling center",
        (),
        {"provider_types": set()},
    ),
    (
        "juice detox is not addiction care",
        "Juice detox and digital detox",
        (),
        {"conditions": set()},
    ),
    (
        "medical detox",
        "Medically supervised detox for alcohol",
        (),
        {"conditions": {"substance_use"}},
    ),
    (
        "psychotherapist only without a license",
        "Psychologist offering psychotherapy",
        (),
        {"provider_types": {"psychologist"}},
    ),
    # ---- telehealth ----
    ("telehealth yes", "Telehealth sessions available", (), {"telehealth": True}),
    ("telehealth no", "We do not offer telehealth.", (), {"telehealth": False}),
    ("in person only", "In-person only.", (), {"telehealth": False}),
    ("telehealth unknown", "CBT for anxiety", (), {"telehealth": None}),
    # ---- source codes: NUCC ----
    ("nucc psychiatry", "", ("nucc:2084P0800X",), {"provider_types": {"psychiatrist"}}),
    ("bare nucc code", "", ("2084P0804X",), {"provider_types": {"psychiatrist"}}),
    (
        "nucc addiction psychiatry",
        "",
        ("nucc:2084P0802X",),
        {"provider_types": {"psychiatrist"}, "conditions": {"substance_use"}},
    ),
    ("nucc psychologist clinical", "", ("nucc:103TC0700X",), {"provider_types": {"psychologist"}}),
    ("nucc counselor", "", ("101YP2500X",), {"provider_types": {"counselor"}}),
    ("nucc lcsw", "", ("1041C0700X",), {"provider_types": {"clinical_social_worker"}}),
    ("nucc pmhnp", "", ("363LP0808X",), {"provider_types": {"psychiatric_nurse_practitioner"}}),
    ("nucc cmhc", "", ("261QM0801X",), {"provider_types": {"mental_health_clinic"}}),
    ("nucc crna", "", ("367500000X",), {"provider_types": {"nurse_anesthetist"}}),
    ("nucc neurology is out", "", ("2084N0400X",), {"provider_types": set()}),
    ("nucc dentist is out", "", ("1223G0001X",), {"provider_types": set()}),
    # ---- source codes: SAMHSA ----
    (
        "samhsa tap cbt",
        "",
        ("samhsa:TAP:Cognitive behavioral therapy",),
        {"therapies": {"cbt"}},
    ),
    (
        "samhsa tap telehealth",
        "",
        ("samhsa:TAP:Telemedicine/telehealth therapy",),
        {"telehealth": True, "therapies": set()},
    ),
    ("samhsa value code", "", ("samhsa:TAP:KIT",), {"therapies": {IV}}),
    (
        "samhsa ipt is individual psychotherapy, not interpersonal",
        "",
        ("samhsa:TAP:IPT",),
        {"therapies": set()},
    ),
    (
        "samhsa sa facility",
        "",
        ("samhsa:typeFacility:SA",),
        {"provider_types": {"substance_use_facility"}, "conditions": {"substance_use"}},
    ),
    (
        "samhsa special group ptsd",
        "",
        ("samhsa:SG:Persons with post-traumatic stress disorder (PTSD)",),
        {"conditions": {"ptsd"}},
    ),
    (
        "unknown codes are ignored",
        "",
        ("samhsa:PAY:Medicaid", "foo", "", "nucc:"),
        {"therapies": set(), "conditions": set(), "provider_types": set()},
    ),
    (
        "text and codes together",
        "Trauma therapy for veterans",
        ("samhsa:TAP:Dialectical behavior therapy",),
        {"therapies": {"dbt", "trauma_focused"}},
    ),
    # ---- junk ----
    ("empty", "", (), {"therapies": set(), "conditions": set(), "provider_types": set()}),
    ("whitespace", "   \n\t ", (), {"therapies": set()}),
    (
        "junk",
        "asdf qwer ;;; ... 0000 undefined null",
        (),
        {"therapies": set(), "conditions": set()},
    ),
    (
        "html remnants",
        "<ul><li>CBT</li><li>DBT&nbsp;skills</li></ul><script>var act=1;</script>",
        (),
        {"therapies": {"cbt", "dbt"}},
    ),
    ("entities", "Couples &amp; family therapy", (), {"therapies": {"family_couples"}}),
    ("emoji", "🧠 EMDR ✨ for PTSD 💙", (), {"therapies": {"emdr"}, "conditions": {"ptsd"}}),
    ("non latin", "Терапия 認知行動療法 CBT", (), {"therapies": {"cbt"}}),
]


@pytest.mark.parametrize(
    ("text", "source_codes", "expected"),
    [pytest.param(text, codes, expected, id=name) for name, text, codes, expected in CASES],
)
def test_classify(text: str, source_codes: tuple[str, ...], expected: dict) -> None:
    result = classify(text, source_codes)
    for part, value in expected.items():
        got = getattr(result, part)
        if isinstance(value, set):
            got = set(got)
        assert got == value, f"{part}: got {got!r}, expected {value!r}"


def test_table_has_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


def test_every_code_the_classifier_returns_is_a_taxonomy_code() -> None:
    texts = " ".join(text for _, text, _, _ in CASES)
    codes = [code for _, _, source, _ in CASES for code in source]
    result = classify(texts, codes)
    assert all(taxonomy.is_code("therapy", c) for c in result.therapies)
    assert all(taxonomy.is_code("condition", c) for c in result.conditions)
    assert all(taxonomy.is_code("provider_type", c) for c in result.provider_types)


def test_result_tuples_are_sorted_and_unique() -> None:
    result = classify("EMDR, CBT, DBT, CBT and ACT for PTSD and anxiety and depression")
    for part in (result.therapies, result.conditions, result.provider_types):
        assert list(part) == sorted(set(part))


@pytest.mark.parametrize("text", [None, b"CBT for anxiety", 12345, "x" * 300_000])
def test_odd_input_never_raises(text: object) -> None:
    assert isinstance(classify(text), Classification)


def test_bytes_are_decoded() -> None:
    assert classify(b"CBT for anxiety").therapies == ("cbt",)


def test_merge_prefers_true_telehealth() -> None:
    a = Classification(therapies=("cbt",), telehealth=False)
    b = Classification(therapies=("dbt",), telehealth=True)
    assert a.merge(b) == Classification(therapies=("cbt", "dbt"), telehealth=True)


def test_analysis_gives_negated_mentions_their_reason() -> None:
    result = analyze("We do not offer ketamine infusions. We offer CBT.")
    rejected = {(f.code, f.reason) for f in result.rejected}
    assert ("ketamine_infusion", "negated") in rejected
    cbt = next(f for f in result.offers if f.code == "cbt")
    assert cbt.quote == "We offer CBT."
    assert result.classification.therapies == ("cbt",)


def test_record_fields_are_read_apart() -> None:
    record = {"name": "Sample Clinic", "description": "No insurance", "therapies_raw": ["CBT"]}
    assert list(field_texts(record)) == [
        ("name", "Sample Clinic"),
        ("description", "No insurance"),
        ("therapies_raw", "CBT"),
    ]
    assert classify_record(record).therapies == ("cbt",)


def test_classify_record_reads_text_and_source_codes() -> None:
    record = {
        "name": "Sample Practice",
        "description": "EMDR for trauma",
        "source_codes": ["nucc:106H00000X"],
    }
    result = classify_record(record)
    assert result.therapies == ("emdr", "family_couples")
    assert result.provider_types == ("marriage_family_therapist",)
    assert record["therapies"] == ["emdr", "family_couples"]


def test_random_mixtures_of_synonyms_and_cues_never_raise() -> None:
    import random

    words = [
        "ketamine", "not", "no", "IV", "IM", "ACT", "act", "KAP", "Spravato", "CBT", "and",
        "or", "we", "offer", ".", ";", "\n", "infusions", "troches", "is", "available",
        "isn't", "without", "therapy", "assisted", "psychotherapy", "integration", "home",
        "telehealth", "in-person", "only", "<b>", "&amp;", "😀", "ERP", "TMS", "but",
    ]  # fmt: skip
    rng = random.Random(20261125)
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        result = classify(text)
        assert all(taxonomy.is_code("therapy", c) for c in result.therapies)
        assert result.telehealth in (True, False, None)

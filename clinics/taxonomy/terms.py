"""The terms of the taxonomy (docs/taxonomy.md): codes, labels, groups and synonyms.

This is the only place where codes get human labels. Codes are stable snake_case; labels
and synonyms may change freely.

Synonym notation (read by clinics.classify):
- ``"cognitive behavioral therapy"``: a phrase, matched on whole words, case-insensitive;
  punctuation between words does not matter ("ketamine-assisted" = "ketamine assisted"),
  and the last word may carry a plural "s"/"es".
- ``"=ACT"``: a leading "=" makes the phrase case-sensitive (short acronyms that are also
  English words or common abbreviations: ACT, IPT, ERP, IM, GAD ...).
- ``context_synonyms`` count only when the text also mentions ketamine (not negated):
  "troches" alone could be any compounded drug.
- ``("tf cbt", "trauma_focused")``: a phrase that also means other codes (of any kind).
- ``near`` rules: a word of `anchors` and a word of `partners` within `distance` words of
  each other in one clause, with no "and"/"or" between them ("ketamine ... infusions").
"""

from __future__ import annotations

from dataclasses import dataclass, field

THERAPY = "therapy"
CONDITION = "condition"
PROVIDER_TYPE = "provider_type"

THERAPY_GROUP_LABELS = {
    "ketamine": "Ketamine treatments",
    "talk": "Talk therapies",
    "medical": "Medical",
}


@dataclass(frozen=True)
class Near:
    """Two words close together in one clause: an anchor and a partner."""

    anchors: frozenset[str]
    partners: frozenset[str]
    distance: int = 3


def near(anchors: str, partners: str, distance: int = 3) -> Near:
    """Build a Near rule from space-separated words (a leading '=' = exact case)."""
    return Near(frozenset(anchors.split()), frozenset(partners.split()), distance)


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    kind: str  # THERAPY | CONDITION | PROVIDER_TYPE
    group: str | None = None  # therapies: ketamine | talk | medical
    synonyms: tuple[str | tuple[str, ...], ...] = ()  # (phrase, also_code, ...) adds codes
    context_synonyms: tuple[str, ...] = ()  # only when ketamine is mentioned
    near: tuple[Near, ...] = ()
    parent: str | None = None  # conditions: a narrower term implies its parent
    behavioral_health: bool = True  # puts a record in scope on its own (clinics.scope)
    description: str = field(default="", compare=False)


# ---- therapies -------------------------------------------------------------------------

_KETAMINE = (
    Term(
        "ketamine_assisted_psychotherapy",
        "Ketamine-assisted psychotherapy (KAP)",
        THERAPY,
        "ketamine",
        synonyms=(
            "=KAP",
            "ketamine assisted psychotherapy",
            "ketamine assisted therapy",
            "ketamine assisted",
            "ketamine facilitated psychotherapy",
            "ketamine facilitated therapy",
            "ketamine enhanced psychotherapy",
            "ketamine psychotherapy",
            "psychotherapy with ketamine",
            "ketamine with psychotherapy",
            "ketamine combined with psychotherapy",
            "psychedelic assisted psychotherapy with ketamine",
        ),
        near=(
            near(
                "ketamine",
                "psychotherapy psychotherapeutic psychotherapist psychotherapists assisted "
                "facilitated",
                3,
            ),
        ),
        description="Ketamine given together with preparation, psychotherapy and integration.",
    ),
    Term(
        "ketamine_infusion",
        "IV ketamine infusion",
        THERAPY,
        "ketamine",
        synonyms=(
            "ketamine infusion",
            "ketamine infusion therapy",
            "iv ketamine",
            "intravenous ketamine",
            "ketamine iv",
            "infusions of ketamine",
        ),
        context_synonyms=("iv infusion", "infusion therapy", "infusion clinic", "infusion center"),
        near=(near("ketamine", "infusion infusions iv intravenous intravenously drip", 4),),
        description="Intravenous ketamine given in a clinic under monitoring.",
    ),
    Term(
        "ketamine_intramuscular",
        "Intramuscular (IM) ketamine",
        THERAPY,
        "ketamine",
        synonyms=("=IM ketamine", "intramuscular ketamine", "ketamine intramuscular"),
        context_synonyms=("intramuscular injection", "=IM injection", "intramuscular"),
        near=(
            near("ketamine", "intramuscular intramuscularly =IM injection injections shot shots"),
        ),
    ),
    Term(
        "ketamine_oral",
        "Oral or sublingual ketamine (troches, lozenges)",
        THERAPY,
        "ketamine",
        synonyms=(
            "oral ketamine",
            "sublingual ketamine",
            "ketamine troche",
            "ketamine lozenge",
            "ketamine rdt",
        ),
        context_synonyms=(
            "troche",
            "lozenge",
            "sublingual",
            "rapid dissolve tablet",
            "rapid dissolving tablet",
            "orally dissolving tablet",
        ),
        near=(
            near(
                "ketamine",
                "oral orally sublingual sublingually troche troches lozenge lozenges tablet "
                "tablets rdt rdts",
            ),
        ),
    ),
    Term(
        "ketamine_at_home",
        "At-home ketamine (telehealth-prescribed)",
        THERAPY,
        "ketamine",
        synonyms=(
            "at home ketamine",
            "home ketamine",
            "in home ketamine",
            "home based ketamine",
            "ketamine at home",
            "telehealth ketamine",
            "ketamine telehealth",
            "telemedicine ketamine",
            "virtual ketamine",
            "online ketamine",
            "remote ketamine",
            "ketamine by mail",
        ),
        context_synonyms=("comfort of your home", "comfort of your own home", "from your home"),
        near=(near("ketamine", "home", 3),),
    ),
    Term(
        "esketamine_spravato",
        "Esketamine (Spravato)",
        THERAPY,
        "ketamine",
        synonyms=("esketamine", "es ketamine", "spravato", "esketamine nasal spray"),
        description="The FDA-approved nasal spray, given at REMS-certified treatment centers.",
    ),
    Term(
        "ketamine_unspecified",
        "Ketamine treatment (type not stated)",
        THERAPY,
        "ketamine",
        near=(
            near(
                "ketamine",
                "therapy therapies treatment treatments clinic clinics program programs "
                "services service sessions session medicine care provider providers offer "
                "offers offered offering provide provides",
                2,
            ),
        ),
        description=(
            "The source says ketamine without saying which kind; dropped when a specific "
            "ketamine code is found."
        ),
    ),
)

_TALK = (
    Term(
        "cbt",
        "Cognitive behavioral therapy (CBT)",
        THERAPY,
        "talk",
        synonyms=(
            "cbt",
            "cognitive behavioral therapy",
            "cognitive behavioural therapy",
            "cognitive behavior therapy",
            "cognitive behaviour therapy",
            "cognitive behavioral",
            "cognitive behavioural",
            "cognitive therapy",
            "rational emotive behavior therapy",
            "rational emotive behavioral therapy",
            "=REBT",
            ("cbt group", "group_therapy"),
            ("tf cbt", "trauma_focused"),
            ("trauma focused cbt", "trauma_focused"),
            ("trauma focused cognitive behavioral therapy", "trauma_focused"),
        ),
    ),
    Term(
        "dbt",
        "Dialectical behavior therapy (DBT)",
        THERAPY,
        "talk",
        synonyms=(
            "dbt",
            "dialectical behavior therapy",
            "dialectical behavioral therapy",
            "dialectical behaviour therapy",
            "dialectical behavioural therapy",
            ("dbt skills group", "group_therapy"),
            ("dbt group", "group_therapy"),
        ),
    ),
    Term(
        "act",
        "Acceptance and commitment therapy (ACT)",
        THERAPY,
        "talk",
        synonyms=(
            "=ACT",
            "acceptance and commitment therapy",
            "acceptance commitment therapy",
            "acceptance and commitment",
        ),
    ),
    Term(
        "emdr",
        "EMDR (eye movement desensitization and reprocessing)",
        THERAPY,
        "talk",
        synonyms=(
            "emdr",
            "eye movement desensitization and reprocessing",
            "eye movement desensitisation and reprocessing",
            "eye movement desensitization",
            "eye movement desensitisation",
        ),
    ),
    Term(
        "exposure_therapy",
        "Exposure therapy (incl. ERP)",
        THERAPY,
        "talk",
        synonyms=(
            "exposure therapy",
            "=ERP",
            "exposure and response prevention",
            "exposure response prevention",
            "exposure and ritual prevention",
            "exposure based therapy",
            "exposure treatment",
            "in vivo exposure",
            "interoceptive exposure",
            "systematic desensitization",
            ("prolonged exposure", "trauma_focused"),
            ("prolonged exposure therapy", "trauma_focused"),
            ("narrative exposure therapy", "trauma_focused"),
        ),
    ),
    Term(
        "psychodynamic",
        "Psychodynamic therapy",
        THERAPY,
        "talk",
        synonyms=(
            "psychodynamic",
            "psychoanalytic",
            "psychoanalytically",
            "psychoanalysis",
            "insight oriented therapy",
        ),
    ),
    Term(
        "mindfulness_based",
        "Mindfulness-based therapy (MBCT, MBSR)",
        THERAPY,
        "talk",
        synonyms=(
            "mindfulness",
            "mindfulness based",
            "mbct",
            "mbsr",
            ("mbct group", "group_therapy"),
            ("mindfulness group", "group_therapy"),
            "mindfulness based cognitive therapy",
            "mindfulness based stress reduction",
        ),
    ),
    Term(
        "interpersonal",
        "Interpersonal therapy (IPT)",
        THERAPY,
        "talk",
        synonyms=(
            "=IPT",
            "interpersonal therapy",
            "interpersonal psychotherapy",
            "interpersonal and social rhythm therapy",
            "=IPSRT",
        ),
    ),
    Term(
        "trauma_focused",
        "Trauma-focused therapy",
        THERAPY,
        "talk",
        synonyms=(
            "trauma focused",
            "trauma focused therapy",
            "trauma therapy",
            "trauma related counseling",
            "trauma related therapy",
            "trauma counseling",
            "trauma counselling",
            "trauma informed therapy",
            "trauma processing",
            "cognitive processing therapy",
            "somatic experiencing",
        ),
    ),
    Term(
        "family_couples",
        "Family and couples therapy",
        THERAPY,
        "talk",
        synonyms=(
            "family therapy",
            "couples therapy",
            "couple therapy",
            "couples counseling",
            "couples counselling",
            "marriage counseling",
            "marriage counselling",
            "marriage therapy",
            "marital therapy",
            "marital counseling",
            "family counseling",
            "family counselling",
            "couples and family therapy",
            "couples family therapy",
            "relationship counseling",
            "gottman method",
            "emotionally focused couples therapy",
            "family systems therapy",
        ),
    ),
    Term(
        "group_therapy",
        "Group therapy",
        THERAPY,
        "talk",
        synonyms=(
            "group therapy",
            "group counseling",
            "group counselling",
            "group psychotherapy",
            "therapy group",
            "group sessions",
            "process group",
            "skills group",
        ),
    ),
    Term(
        "integration_therapy",
        "Psychedelic integration therapy",
        THERAPY,
        "talk",
        synonyms=(
            "psychedelic integration",
            "psychedelic integration therapy",
            "integration therapy",
            "integration session",
            "integration sessions",
            "integration work",
            "integration support",
            "integration coaching",
            "integration circle",
            "preparation and integration",
            "preparation dosing and integration",
        ),
        context_synonyms=("integration",),
    ),
)

_MEDICAL = (
    Term(
        "medication_management",
        "Medication management",
        THERAPY,
        "medical",
        synonyms=(
            "medication management",
            "med management",
            "medication monitoring",
            "medication evaluation",
            "psychiatric medication",
            "psychotropic medication",
            "psychopharmacology",
            "pharmacotherapy",
        ),
    ),
    Term(
        "tms",
        "Transcranial magnetic stimulation (TMS)",
        THERAPY,
        "medical",
        synonyms=(
            "tms",
            "rtms",
            "dtms",
            "deep tms",
            "transcranial magnetic stimulation",
            "repetitive transcranial magnetic stimulation",
            "theta burst stimulation",
            "itbs",
            "neurostar",
            "brainsway",
        ),
    ),
)

# ---- conditions ------------------------------------------------------------------------

_CONDITIONS = (
    Term(
        "anxiety",
        "Anxiety",
        CONDITION,
        synonyms=("anxiety", "anxious", "anxiety disorder", "anxiety disorders"),
    ),
    Term(
        "panic",
        "Panic disorder",
        CONDITION,
        synonyms=("panic", "panic attack", "panic disorder", "agoraphobia"),
        parent="anxiety",
    ),
    Term(
        "social_anxiety",
        "Social anxiety",
        CONDITION,
        synonyms=("social anxiety", "social anxiety disorder", "social phobia"),
        parent="anxiety",
    ),
    Term(
        "generalized_anxiety",
        "Generalized anxiety (GAD)",
        CONDITION,
        synonyms=(
            "generalized anxiety",
            "generalised anxiety",
            "generalized anxiety disorder",
            "=GAD",
        ),
        parent="anxiety",
    ),
    Term(
        "depression",
        "Depression",
        CONDITION,
        synonyms=(
            "depression",
            "depressive",
            "depressed",
            "major depressive disorder",
            "=MDD",
            "dysthymia",
            "persistent depressive disorder",
        ),
    ),
    Term(
        "treatment_resistant_depression",
        "Treatment-resistant depression",
        CONDITION,
        synonyms=(
            "treatment resistant depression",
            "treatment refractory depression",
            "refractory depression",
            "medication resistant depression",
            "difficult to treat depression",
            "=TRD",
        ),
        parent="depression",
    ),
    Term(
        "ptsd",
        "PTSD",
        CONDITION,
        synonyms=(
            "ptsd",
            "cptsd",
            "c ptsd",
            "complex ptsd",
            "post traumatic stress",
            "posttraumatic stress",
            "post traumatic stress disorder",
        ),
    ),
    Term(
        "ocd",
        "OCD",
        CONDITION,
        synonyms=("ocd", "obsessive compulsive", "obsessive compulsive disorder"),
    ),
    Term(
        "bipolar",
        "Bipolar disorder",
        CONDITION,
        synonyms=("bipolar", "bipolar disorder", "manic depression", "manic depressive"),
    ),
    Term(
        "substance_use",
        "Substance use and addiction",
        CONDITION,
        synonyms=(
            "substance use",
            "substance use disorder",
            "substance abuse",
            "addiction",
            "addictions",
            "addictive disorders",
            "=SUD",
            "=OUD",
            "=AUD",
            "alcohol use disorder",
            "opioid use disorder",
            "alcoholism",
            "alcohol abuse",
            "drug abuse",
            "drug addiction",
            "opioid addiction",
            "chemical dependency",
            "dual diagnosis",
            "co occurring disorders",
            "medication assisted treatment",
            "=MAT",
            "alcohol detox",
            "drug detox",
            "opioid detox",
            "medical detox",
            "medically supervised detox",
            "detox program",
            "medical detoxification",
            "drug detoxification",
            "alcohol detoxification",
        ),
    ),
    Term(
        "postpartum_depression",
        "Postpartum depression",
        CONDITION,
        synonyms=(
            "postpartum depression",
            "post partum depression",
            "postnatal depression",
            "perinatal depression",
            "perinatal mood",
            "maternal mental health",
            "=PPD",
        ),
        parent="depression",
    ),
    Term(
        "chronic_pain",
        "Chronic pain",
        CONDITION,
        synonyms=(
            "chronic pain",
            "fibromyalgia",
            "=CRPS",
            "complex regional pain syndrome",
            "neuropathic pain",
            "pain management",
        ),
        behavioral_health=False,
        description="In scope only with a therapy or a behavioral-health provider type.",
    ),
)

# ---- provider types --------------------------------------------------------------------

_PROVIDER_TYPES = (
    Term(
        "psychiatrist",
        "Psychiatrist",
        PROVIDER_TYPE,
        synonyms=(
            "psychiatrist",
            "psychiatry",
            "child psychiatrist",
            ("addiction psychiatrist", "substance_use"),
        ),
    ),
    Term(
        "psychologist",
        "Psychologist",
        PROVIDER_TYPE,
        synonyms=("psychologist", "psyd", "psy d", "clinical psychology", "neuropsychologist"),
    ),
    Term(
        "counselor",
        "Licensed counselor (LPC, LMHC)",
        PROVIDER_TYPE,
        synonyms=(
            "=LPC",
            "=LPC S",
            "=LPCC",
            "=LCPC",
            "=LMHC",
            "=LPCA",
            "licensed professional counselor",
            "professional counselor",
            "mental health counselor",
            "mental health counsellor",
            ("addiction counselor", "substance_use"),
            ("substance abuse counselor", "substance_use"),
            ("=LCDC", "substance_use"),
            ("=CADC", "substance_use"),
        ),
    ),
    Term(
        "clinical_social_worker",
        "Clinical social worker (LCSW)",
        PROVIDER_TYPE,
        synonyms=(
            "=LCSW",
            "=LCSW S",
            "=LICSW",
            "=LISW",
            "=LCSW C",
            "clinical social worker",
            "licensed clinical social worker",
        ),
    ),
    Term(
        "social_worker",
        "Social worker",
        PROVIDER_TYPE,
        synonyms=("social worker", "=LMSW", "=MSW"),
    ),
    Term(
        "marriage_family_therapist",
        "Marriage and family therapist (LMFT)",
        PROVIDER_TYPE,
        synonyms=(
            "=LMFT",
            "=MFT",
            "=LMFT S",
            "marriage and family therapist",
            "marriage family therapist",
            "marriage and family therapy",
        ),
    ),
    Term(
        "psychiatric_nurse_practitioner",
        "Psychiatric nurse practitioner (PMHNP)",
        PROVIDER_TYPE,
        synonyms=(
            "pmhnp",
            "pmhnp bc",
            "psychiatric nurse practitioner",
            "psychiatric mental health nurse practitioner",
            "psychiatric np",
            "psych np",
        ),
    ),
    Term(
        "psychotherapist",
        "Psychotherapist",
        PROVIDER_TYPE,
        synonyms=(
            "psychotherapist",
            "psychotherapy",
            "talk therapy",
            "mental health therapist",
            "licensed therapist",
            "counseling services",
            "individual psychotherapy",
        ),
        description="Talk-therapy wording without a named license.",
    ),
    Term(
        "psychoanalyst",
        "Psychoanalyst",
        PROVIDER_TYPE,
        synonyms=("psychoanalyst",),
    ),
    Term(
        "addiction_medicine",
        "Addiction medicine physician",
        PROVIDER_TYPE,
        synonyms=(("addiction medicine", "substance_use"), ("addictionologist", "substance_use")),
    ),
    Term(
        "mental_health_clinic",
        "Mental health clinic",
        PROVIDER_TYPE,
        synonyms=(
            "mental health clinic",
            "mental health center",
            "mental health centre",
            "behavioral health clinic",
            "behavioral health center",
            "behavioural health centre",
            "community mental health center",
            "=CMHC",
            "=CCBHC",
            "counseling center",
            "counselling centre",
            "psychiatric clinic",
            "outpatient mental health",
        ),
    ),
    Term(
        "psychiatric_hospital",
        "Psychiatric hospital",
        PROVIDER_TYPE,
        synonyms=("psychiatric hospital", "behavioral hospital", "behavioral health hospital"),
    ),
    Term(
        "psychiatric_residential_facility",
        "Residential mental health treatment",
        PROVIDER_TYPE,
        synonyms=(
            "residential treatment center",
            "residential treatment facility",
            "psychiatric residential treatment",
        ),
    ),
    Term(
        "substance_use_facility",
        "Substance use treatment facility",
        PROVIDER_TYPE,
        synonyms=(
            ("addiction treatment center", "substance_use"),
            ("addiction treatment facility", "substance_use"),
            ("addiction treatment program", "substance_use"),
            ("substance use treatment", "substance_use"),
            ("substance abuse treatment", "substance_use"),
            ("drug rehab", "substance_use"),
            ("alcohol rehab", "substance_use"),
            ("drug and alcohol rehab", "substance_use"),
            ("detox center", "substance_use"),
            ("opioid treatment program", "substance_use"),
            ("methadone clinic", "substance_use"),
        ),
    ),
    Term(
        "anesthesiology",
        "Anesthesiologist",
        PROVIDER_TYPE,
        synonyms=("anesthesiologist", "anesthesiology", "anaesthesiologist", "anaesthesia"),
        behavioral_health=False,
        description="In scope only with a therapy or condition (ketamine infusion clinics).",
    ),
    Term(
        "nurse_anesthetist",
        "Nurse anesthetist (CRNA)",
        PROVIDER_TYPE,
        synonyms=("=CRNA", "nurse anesthetist", "nurse anaesthetist"),
        behavioral_health=False,
        description="In scope only with a therapy or condition (ketamine infusion clinics).",
    ),
)

# Phrases that look like a synonym but are not: matched first and then ignored.
STOP_PHRASES = (
    "assertive community treatment",
    "assertive community treatment act",
    "=ACT team",
    "=ACT teams",
    "=ACT test",
    "=ACT score",
    "=ACT prep",
    "=ACT now",
    "affordable care act",
    "=SAT ACT",
    "cognitive processing speed",
    "dental anxiety",
    "dental phobia",
    "career counseling",
    "career counselling",
    "financial counseling",
    "credit counseling",
    "debt counseling",
    "genetic counseling",
    "nutrition counseling",
    "nutritional counseling",
    "lactation counseling",
    "digital detox",
    # NUCC descriptions ("Psychiatry & Neurology, Neurology"): the board name is not a type
    "psychiatry neurology",
    "psychiatry and neurology",
    "depression glass",
    "family medicine",
    "group practice",
    "physical therapy",
    "occupational therapy",
    "speech therapy",
    "massage therapy",
)

THERAPY_TERMS = _KETAMINE + _TALK + _MEDICAL
CONDITION_TERMS = _CONDITIONS
PROVIDER_TYPE_TERMS = _PROVIDER_TYPES

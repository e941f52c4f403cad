"""Offers, not mentions: what real provider pages say and what the classifier must take.

Every sentence here was written for this table; each reproduces a pattern seen on real
provider pages (KAP therapists, ketamine and Spravato clinics, CBT/EMDR/DBT/ERP practices,
talk-therapy practices that write about ketamine). A case names the text, whether it is
article text (blog, news), the codes that must be found and the codes that must not be.
Half of the cases are traps: a therapy mentioned, never offered.
"""

from __future__ import annotations

import pytest

from clinics.classify import (
    ARTICLE,
    DEFINITION,
    HEDGED,
    NEGATED,
    QUESTION,
    SOMEONE_ELSE,
    analyze,
    classify,
)

pytestmark = pytest.mark.unit

KAP = "ketamine_assisted_psychotherapy"
IV = "ketamine_infusion"
IM = "ketamine_intramuscular"
ORAL = "ketamine_oral"
SPRAVATO = "esketamine_spravato"
KETAMINE = "ketamine_unspecified"
ANY_KETAMINE = {KAP, IV, IM, ORAL, SPRAVATO, KETAMINE, "ketamine_at_home"}

# (name, text, article, must find, must not find)
OFFERS = [
    (
        "first person offer",
        "In my practice I offer ketamine-assisted psychotherapy with a medical partner.",
        False,
        {KAP},
        set(),
    ),
    (
        "we offer with the acronym",
        "We now offer Ketamine-Assisted Psychotherapy (KAP) for adults.",
        False,
        {KAP},
        set(),
    ),
    ("services heading", "Ketamine Infusion Therapy", False, {IV}, set()),
    (
        "bulleted service list",
        "Services\nIV ketamine\nSpravato\nEMDR",
        False,
        {IV, SPRAVATO},
        set(),
    ),
    (
        "announcement of a new offering",
        "Now offering Spravato treatment!",
        False,
        {SPRAVATO},
        set(),
    ),
    (
        "our therapists use",
        "Our therapists use CBT, mindfulness and somatic work in every session.",
        False,
        {"cbt"},
        set(),
    ),
    (
        "only one route is used here",
        "In our program we use only the sublingual ketamine lozenge.",
        False,
        {ORAL},
        {IV},
    ),
    (
        "we treat a list of conditions",
        "We treat anxiety, panic attacks, OCD and PTSD.",
        False,
        {"anxiety", "panic", "ocd", "ptsd"},
        set(),
    ),
    (
        "i help clients with",
        "I help teens and adults with social anxiety and depression.",
        False,
        {"social_anxiety", "depression"},
        set(),
    ),
    (
        "certified emdr clinician",
        "Jordan is an EMDR-certified therapist and offers sessions in person.",
        False,
        {"emdr"},
        set(),
    ),
    (
        "own offer on a blog page",
        "Curious about KAP? Our clinic offers ketamine-assisted psychotherapy on Tuesdays.",
        True,
        {KAP},
        set(),
    ),
    (
        "possessive service on a page",
        "Book a consultation for our IV ketamine infusions today.",
        False,
        {IV},
        set(),
    ),
    (
        "exposure and response prevention",
        "I specialize in exposure and response prevention for OCD.",
        False,
        {"exposure_therapy", "ocd"},
        set(),
    ),
    (
        "dbt skills group",
        "Our weekly DBT skills group meets on Thursday evenings.",
        False,
        {"dbt"},
        set(),
    ),
    (
        "esketamine clinic statement",
        "We are a certified Spravato treatment center and administer it in our office.",
        False,
        {SPRAVATO},
        set(),
    ),
    (
        "kap offered by a counselor with a partner",
        "I provide the psychotherapy part of KAP in partnership with a telehealth medical team.",
        False,
        {KAP},
        set(),
    ),
    (
        "offer stated after an explanation",
        "Ketamine is an anesthetic.\nWe offer IV ketamine infusions in a monitored suite.",
        False,
        {IV},
        set(),
    ),
    (
        "offer with a contrast",
        "Unlike many clinics, we offer both infusions and ketamine-assisted therapy.",
        False,
        {KAP},
        set(),
    ),
    (
        "emdr intensives",
        "Our EMDR intensives run over two or three days.",
        False,
        {"emdr"},
        set(),
    ),
    (
        "practice as the subject",
        "The practice draws on evidence-based methods such as CBT and ERP for OCD.",
        False,
        {"cbt", "exposure_therapy", "ocd"},
        set(),
    ),
    (
        "methods are used here",
        "Empirically supported methods such as ACT and exposure therapy are used in every plan.",
        False,
        {"act", "exposure_therapy"},
        set(),
    ),
    (
        "named practice works with",
        "Harbor Lane Counseling works with teens through CBT and family therapy.",
        False,
        {"cbt", "family_couples"},
        set(),
    ),
    (
        "availability of ketamine with a verb",
        "Ketamine infusions are available on weekday mornings.",
        False,
        {IV},
        set(),
    ),
    (
        "ketamine fragment without a verb",
        "IV ketamine for treatment-resistant depression in a quiet, monitored room",
        False,
        {IV, "treatment_resistant_depression"},
        set(),
    ),
    (
        "learn about our own service",
        "Learn about our ketamine infusions and how to book.",
        False,
        {IV},
        set(),
    ),
    (
        "treatment available passive",
        "Spravato is available at both of our locations.",
        False,
        {SPRAVATO},
        set(),
    ),
]

TRAPS = [
    (
        "negated list joined by or",
        "I do not provide medication, TMS or ketamine therapy in my practice.",
        False,
        set(),
        ANY_KETAMINE | {"tms"},
    ),
    (
        "neither nor routes",
        "We offer neither IV nor IM ketamine.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "we don't offer a list",
        "We don't offer ketamine, Spravato or TMS; we focus on talk therapy.",
        False,
        set(),
        ANY_KETAMINE | {"tms"},
    ),
    ("what is question", "What is EMDR?", False, set(), {"emdr"}),
    (
        "question heading without a mark",
        "How Does Ketamine Therapy Work",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "is it right for me",
        "Is ketamine-assisted psychotherapy right for you?",
        False,
        set(),
        {KAP},
    ),
    (
        "treatment may include",
        "Treatment may include CBT and exposure work.",
        False,
        set(),
        {"cbt"},
    ),
    (
        "definition of dbt",
        "DBT is a mindfulness-based therapy developed in the 1980s.",
        False,
        set(),
        {"dbt", "mindfulness_based"},
    ),
    (
        "definition with an acronym",
        "Ketamine-assisted psychotherapy (KAP) is a treatment that pairs a medicine with talk.",
        False,
        set(),
        {KAP},
    ),
    (
        "history of ketamine",
        "Ketamine has been used as an anesthetic since the 1970s.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "studies show",
        "Studies show that ketamine infusions can lift depression within hours.",
        False,
        set(),
        ANY_KETAMINE | {"depression"},
    ),
    (
        "someone else said",
        "A client told me about a therapist who said they do CBT.",
        False,
        set(),
        {"cbt"},
    ),
    (
        "other clinics offer",
        "Some clinics offer IV ketamine for depression.",
        False,
        set(),
        ANY_KETAMINE | {"depression"},
    ),
    (
        "referral out",
        "We refer clients who want ketamine infusions to trusted partners.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "routes it can be given by",
        "Ketamine can be given by IV infusion, intramuscular injection or lozenge.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "news repost on a blog",
        "The FDA cleared a new esketamine label this spring, a big step for depression care.",
        True,
        set(),
        ANY_KETAMINE | {"depression"},
    ),
    (
        "blog explainer",
        "Ketamine infusions are given over about forty minutes in a clinic chair.",
        True,
        set(),
        ANY_KETAMINE,
    ),
    (
        "blog teaser on a home page",
        "From our blog: ketamine and depression, what the new research says",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "whether you are exploring",
        "Whether you are exploring Spravato or IV ketamine, know what to expect.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "not available statement",
        "Ketamine treatment is not available at this office.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "will not be dispensed",
        "Spravato will not be dispensed to take home.",
        False,
        set(),
        {SPRAVATO},
    ),
    (
        "unlike an infusion clinic",
        "Unlike an infusion clinic, a KAP session centres the therapy relationship.",
        True,
        set(),
        {IV},
    ),
    (
        "considered the most effective",
        "CBT is considered the most effective treatment for OCD.",
        False,
        set(),
        {"cbt", "ocd"},
    ),
    (
        "research shows a treatment works",
        "Research shows ERP helps most people with OCD.",
        False,
        set(),
        {"exposure_therapy", "ocd"},
    ),
    (
        "negated sentence with a comparison",
        "Spravato is never sent home with patients, unlike ketamine lozenges.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "treatment as the subject of a fact",
        "ERP has the strongest research base of any OCD treatment.",
        False,
        set(),
        {"exposure_therapy", "ocd"},
    ),
    (
        "a sentence about a family of treatments",
        "Psychedelic-assisted work involves medicines such as ketamine therapy and psilocybin.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "how a ketamine session feels",
        "During a ketamine infusion, most people feel calm and a little detached.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "integration for sessions had elsewhere",
        "I offer integration sessions for clients who had ketamine treatment elsewhere.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "clients considering a treatment",
        "I also see clients who are considering ketamine therapy.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    (
        "partnering with other clinics",
        "We partner with local ketamine clinics to support our clients.",
        False,
        set(),
        ANY_KETAMINE,
    ),
    ("not offered yet", "Coming soon: ketamine-assisted psychotherapy", False, set(), {KAP}),
    ("a directory call to action", "Find EMDR therapists near you", False, set(), {"emdr"}),
    (
        "fda approval generic",
        "Esketamine was approved by the FDA in 2019 for treatment-resistant depression.",
        False,
        set(),
        {SPRAVATO, "treatment_resistant_depression"},
    ),
]


@pytest.mark.parametrize(
    ("text", "article", "found", "absent"),
    [case[1:] for case in OFFERS + TRAPS],
    ids=[case[0] for case in OFFERS + TRAPS],
)
def test_offers_not_mentions(text, article, found, absent):
    result = classify(text, article=article)
    codes = set(result.therapies) | set(result.conditions)
    assert codes >= found, f"missing {found - codes}"
    assert not codes & absent, f"mentions taken as offers: {codes & absent}"


def test_the_table_is_big_enough_and_half_traps():
    assert len(OFFERS) + len(TRAPS) >= 40
    assert len(TRAPS) * 2 >= len(OFFERS) + len(TRAPS)


@pytest.mark.parametrize(
    ("text", "article", "reason"),
    [
        ("We don't offer ketamine.", False, NEGATED),
        ("What is EMDR?", False, QUESTION),
        ("Treatment may include CBT.", False, HEDGED),
        ("DBT is a skills-based therapy.", False, DEFINITION),
        ("A therapist who said they do CBT.", False, SOMEONE_ELSE),
        ("Ketamine infusions take about forty minutes.", True, ARTICLE),
    ],
)
def test_each_rejected_mention_says_why(text, article, reason):
    analysis = analyze(text, article=article)
    assert analysis.classification.therapies == ()
    assert {finding.reason for finding in analysis.rejected} == {reason}


def test_an_offer_keeps_its_sentence_as_evidence():
    text = "Welcome.\nWe offer EMDR and CBT for trauma. What is DBT?"
    analysis = analyze(text)
    quotes = {f.code: f.quote for f in analysis.offers}
    assert quotes["emdr"] == quotes["cbt"] == "We offer EMDR and CBT for trauma."
    assert [(f.code, f.reason) for f in analysis.rejected] == [("dbt", QUESTION)]


def test_long_sentences_are_trimmed_around_the_match():
    text = "We offer " + "gentle, " * 60 + "EMDR therapy" + " for you" * 60 + "."
    (finding,) = [f for f in analyze(text).offers if f.code == "emdr"]
    assert "EMDR" in finding.quote and len(finding.quote) <= 210

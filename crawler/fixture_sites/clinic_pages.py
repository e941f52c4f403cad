"""Fixture clinic websites: fictional Houston-area practices rendered as real pages.

Each clinic is written in one of the markup styles found on real clinic sites: schema.org
JSON-LD (one block, several blocks, an @graph, or broken JSON-LD with comments and trailing
commas), microdata, or no structured data at all. Every page carries
<meta name="clinics:sample" content="true">: these are fixtures, not real providers.
Phone numbers use real Houston area codes with made-up subscriber numbers.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

SAMPLE_META = '<meta name="clinics:sample" content="true">'


@dataclass(frozen=True)
class Clinic:
    slug: str
    name: str
    schema_type: str
    markup: str  # jsonld | jsonld_graph | jsonld_two_blocks | jsonld_broken | microdata | plain
    street: str
    city: str
    postal_code: str
    phone: str
    paragraphs: tuple[str, ...]
    services: tuple[str, ...] = ()
    suite: str = ""
    latitude: float | None = None
    longitude: float | None = None
    hours: tuple[str, ...] = ()
    email: str = ""
    specialty: str = "Psychiatric"
    extra: dict = field(default_factory=dict)


CLINICS: tuple[Clinic, ...] = (
    Clinic(
        slug="bayou-city-ketamine",
        name="Bayou City Ketamine & Wellness (Sample)",
        schema_type="MedicalClinic",
        markup="jsonld",
        street="6560 Fannin St",
        suite="Suite 1200",
        city="Houston",
        postal_code="77030",
        phone="(713) 791-4420",
        latitude=29.7075,
        longitude=-95.3990,
        hours=("Mo-Fr 08:00-18:00", "Sa 09:00-13:00"),
        email="care@bayoucityketamine.example",
        services=("Ketamine-assisted psychotherapy", "IV ketamine infusion", "Integration therapy"),
        # prices in the markup (clinics.costs.structured_costs): "$$" says no amount
        extra={
            "price_range": "$$",
            "offers": [
                {
                    "@type": "Offer",
                    "itemOffered": {"@type": "MedicalTherapy", "name": "IV ketamine infusion"},
                    "priceSpecification": {
                        "@type": "UnitPriceSpecification",
                        "price": "450.00",
                        "priceCurrency": "USD",
                        "unitText": "per infusion",
                    },
                }
            ],
        },
        paragraphs=(
            "Fictional sample clinic. Our ketamine-assisted psychotherapy (KAP) program pairs "
            "a licensed therapist with medically supervised ketamine sessions for "
            "treatment-resistant depression, anxiety and PTSD.",
            "We also offer IV ketamine infusions and integration sessions after each dose. "
            "Telehealth preparation visits are available across Texas.",
        ),
    ),
    Clinic(
        slug="montrose-mind-collective",
        name="Montrose Mind Collective (Sample)",
        schema_type="MedicalClinic",
        markup="microdata",
        street="2520 Kirby Dr",
        suite="Suite 300",
        city="Houston",
        postal_code="77098",
        phone="713-526-8814",
        latitude=29.7425,
        longitude=-95.4180,
        hours=("Mo-Th 09:00-19:00",),
        services=("Ketamine-assisted psychotherapy", "EMDR", "Psychedelic integration"),
        paragraphs=(
            "Fictional sample practice. Ketamine-assisted therapy with sublingual lozenges in "
            "our calm treatment rooms, followed by integration therapy.",
            "Our therapists are trained in EMDR and trauma-focused care for PTSD and anxiety.",
        ),
    ),
    Clinic(
        slug="galleria-psychiatry-wellness",
        name="Galleria Psychiatry & Wellness (Sample)",
        schema_type="Physician",
        markup="jsonld_graph",
        street="5151 San Felipe St",
        suite="Suite 900",
        city="Houston",
        postal_code="77056",
        phone="+1 713-621-8845",
        latitude=29.7500,
        longitude=-95.4640,
        hours=("Mo-Fr 08:30-17:00",),
        services=(
            "Ketamine-assisted psychotherapy",
            "Spravato (esketamine)",
            "Medication management",
        ),
        paragraphs=(
            "Fictional sample practice. Board-certified psychiatrists offering medication "
            "management, Spravato (esketamine) as a REMS-certified treatment center, and "
            "ketamine-assisted psychotherapy for depression and anxiety.",
        ),
    ),
    Clinic(
        slug="sugar-land-ketamine-therapy",
        name="Sugar Land Ketamine Therapy (Sample)",
        schema_type="MedicalBusiness",
        markup="jsonld_broken",
        street="15200 Southwest Fwy",
        suite="Suite 300",
        city="Sugar Land",
        postal_code="77478",
        phone="281-565-1180",
        hours=("Tu-Sa 10:00-18:00",),
        services=("Ketamine-assisted psychotherapy", "Intramuscular ketamine"),
        paragraphs=(
            "Fictional sample clinic. Ketamine-assisted psychotherapy with intramuscular (IM) "
            "ketamine for treatment-resistant depression, PTSD and anxiety, with a therapist "
            "present for every session.",
        ),
    ),
    Clinic(
        slug="spring-creek-kap",
        name="Spring Creek Psychedelic Therapy (Sample)",
        schema_type="",
        markup="plain",
        street="22400 Kuykendahl Rd",
        suite="Suite B",
        city="Spring",
        postal_code="77379",
        phone="(281) 350-7714",
        paragraphs=(
            "Fictional sample practice. We offer ketamine-assisted psychotherapy (KAP) and "
            "psychedelic integration for adults with depression and anxiety.",
            "Sessions combine preparation, a supervised ketamine session and integration.",
            "Fees: preparation visits are $175 per visit. We offer a sliding scale for "
            "clients with limited income.",
        ),
    ),
    Clinic(
        slug="heights-integrative-therapy",
        name="Heights Integrative Therapy (Sample)",
        schema_type="MedicalBusiness",
        markup="jsonld_two_blocks",
        street="410 W 19th St",
        city="Houston",
        postal_code="77008",
        phone="713-862-4471",
        latitude=29.8030,
        longitude=-95.4040,
        hours=("Mo,We,Fr 09:00-17:00",),
        services=("Cognitive behavioral therapy", "Ketamine-assisted psychotherapy"),
        paragraphs=(
            "Fictional sample practice. Cognitive behavioral therapy (CBT) for anxiety and "
            "panic, and ketamine-assisted psychotherapy for depression. Telehealth sessions "
            "are available.",
        ),
    ),
    Clinic(
        slug="medical-center-infusion",
        name="Medical Center Infusion Suites (Sample)",
        schema_type="MedicalClinic",
        markup="jsonld",
        street="7700 Main St",
        suite="Suite 400",
        city="Houston",
        postal_code="77030",
        phone="713-664-2038",
        latitude=29.6960,
        longitude=-95.4030,
        hours=("Mo-Fr 07:00-15:00",),
        services=("IV ketamine infusion",),
        specialty="Anesthesia",
        paragraphs=(
            "Fictional sample clinic. IV ketamine infusions administered by anesthesiologists "
            "for treatment-resistant depression and chronic pain. We provide infusions only "
            "and coordinate with your own therapist.",
        ),
    ),
    Clinic(
        slug="west-university-infusion",
        name="West University Infusion Center (Sample)",
        schema_type="MedicalBusiness",
        markup="microdata",
        street="3400 Bissonnet St",
        suite="Suite 150",
        city="Houston",
        postal_code="77005",
        phone="713-599-1123",
        latitude=29.7180,
        longitude=-95.4250,
        services=("Ketamine infusion therapy",),
        paragraphs=(
            "Fictional sample clinic. Ketamine infusion therapy for depression in a series of "
            "six intravenous infusions, monitored by a registered nurse.",
        ),
    ),
    Clinic(
        slug="rice-village-cbt",
        name="Rice Village Anxiety & OCD Center (Sample)",
        schema_type="MedicalClinic",
        markup="jsonld",
        street="2500 Bolsover St",
        suite="Suite 210",
        city="Houston",
        postal_code="77005",
        phone="713-526-3390",
        hours=("Mo-Fr 09:00-18:00",),
        services=("Cognitive behavioral therapy", "Exposure and response prevention"),
        paragraphs=(
            "Fictional sample practice. Cognitive behavioral therapy and exposure and response "
            "prevention (ERP) for anxiety, panic and OCD.",
            "We do not offer ketamine or any medication treatment; we focus on talk therapy.",
        ),
    ),
    Clinic(
        slug="memorial-dbt-center",
        name="Memorial DBT Center (Sample)",
        schema_type="MedicalClinic",
        markup="jsonld_graph",
        street="9200 Katy Fwy",
        suite="Suite 500",
        city="Houston",
        postal_code="77024",
        phone="832-412-7730",
        hours=("Mo-Fr 10:00-20:00",),
        services=("Dialectical behavior therapy", "Group therapy"),
        paragraphs=(
            "Fictional sample practice. Comprehensive dialectical behavior therapy (DBT) with "
            "individual sessions and skills groups for adults and teens.",
        ),
    ),
    Clinic(
        slug="midtown-trauma-counseling",
        name="Midtown Trauma Counseling (Sample)",
        schema_type="",
        markup="plain",
        street="1415 Louisiana St",
        suite="Suite 2100",
        city="Houston",
        postal_code="77002",
        phone="713-759-2210",
        paragraphs=(
            "Fictional sample practice. EMDR and trauma-focused cognitive behavioral therapy "
            "for PTSD, with evening telehealth appointments.",
        ),
    ),
    Clinic(
        slug="bellaire-family-therapy",
        name="Bellaire Family & Couples Therapy (Sample)",
        schema_type="LocalBusiness",
        markup="microdata",
        street="5110 Bellaire Blvd",
        city="Bellaire",
        postal_code="77401",
        phone="832-930-2210",
        services=("Family therapy", "Couples counseling"),
        paragraphs=(
            "Fictional sample practice. Family therapy and couples counseling for anxiety, "
            "depression and life transitions.",
        ),
    ),
    Clinic(
        slug="greenway-tms-spravato",
        name="Greenway TMS & Spravato Center (Sample)",
        schema_type="MedicalClinic",
        markup="jsonld",
        street="3 Greenway Plaza",
        suite="Suite 1100",
        city="Houston",
        postal_code="77046",
        phone="713-621-4400",
        latitude=29.7310,
        longitude=-95.4310,
        hours=("Mo-Fr 08:00-17:00",),
        services=("Transcranial magnetic stimulation", "Spravato"),
        extra={"opening_spec": True},
        paragraphs=(
            "Fictional sample clinic. TMS therapy and esketamine (Spravato) nasal spray for "
            "treatment-resistant depression under the REMS program.",
        ),
    ),
)

# Not a clinic at all: a page whose only JSON-LD is beyond repair and that names no one.
BROKEN_PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8">{SAMPLE_META}
<title></title>
<script type="application/ld+json">{{ "@context": "https://schema.org", "@type": "Medical</script>
</head><body><div class="content"><p>Page under construction.</p></div></body></html>
"""


def _address_node(clinic: Clinic) -> dict:
    street = clinic.street + (f", {clinic.suite}" if clinic.suite else "")
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": clinic.city,
        "addressRegion": "TX",
        "postalCode": clinic.postal_code,
        "addressCountry": "US",
    }


def clinic_node(clinic: Clinic, url: str) -> dict:
    node: dict = {
        "@context": "https://schema.org",
        "@type": clinic.schema_type or "MedicalClinic",
        "@id": url + "#clinic",
        "name": clinic.name,
        "url": url,
        "telephone": clinic.phone,
        "description": clinic.paragraphs[0],
        "address": _address_node(clinic),
        "medicalSpecialty": clinic.specialty,
        "isAcceptingNewPatients": True,
    }
    if clinic.email:
        node["email"] = clinic.email
    if clinic.latitude is not None:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": clinic.latitude,
            "longitude": clinic.longitude,
        }
    if clinic.extra.get("opening_spec"):
        node["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [
                    "https://schema.org/Monday",
                    "https://schema.org/Tuesday",
                    "https://schema.org/Wednesday",
                    "https://schema.org/Thursday",
                    "https://schema.org/Friday",
                ],
                "opens": "08:00",
                "closes": "17:00",
            }
        ]
    elif clinic.hours:
        node["openingHours"] = list(clinic.hours) if len(clinic.hours) > 1 else clinic.hours[0]
    if clinic.extra.get("price_range"):
        node["priceRange"] = clinic.extra["price_range"]
    if clinic.extra.get("offers"):
        node["makesOffer"] = clinic.extra["offers"]
    if clinic.services:
        node["availableService"] = [
            {"@type": "MedicalTherapy", "name": service} for service in clinic.services
        ]
    return node


def _jsonld_script(data: dict | list | str) -> str:
    text = data if isinstance(data, str) else json.dumps(data, indent=2)
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _broken_jsonld(clinic: Clinic, url: str) -> str:
    """JSON-LD as careless site builders write it: comments and trailing commas."""
    node = clinic_node(clinic, url)
    lines = [
        "{",
        "  // generated by the site builder",
        '  "@context": "https://schema.org",',
        f'  "@type": "{node["@type"]}",',
        f'  "name": {json.dumps(node["name"])},',
        "  /* phone goes to the front desk */",
        f'  "telephone": {json.dumps(node["telephone"])},',
        f'  "url": {json.dumps(url)},',
        f'  "description": {json.dumps(node["description"])},',
        '  "address": {',
        '    "@type": "PostalAddress",',
        f'    "streetAddress": {json.dumps(node["address"]["streetAddress"])},',
        f'    "addressLocality": {json.dumps(clinic.city)},',
        '    "addressRegion": "TX",',
        f'    "postalCode": "{clinic.postal_code}",',
        "  },",
        f'  "openingHours": {json.dumps(list(clinic.hours))},',
        "}",
    ]
    return _jsonld_script("\n".join(lines))


def _microdata_body(clinic: Clinic) -> str:
    geo = ""
    if clinic.latitude is not None:
        geo = (
            '<span itemprop="geo" itemscope itemtype="https://schema.org/GeoCoordinates">'
            f'<meta itemprop="latitude" content="{clinic.latitude}">'
            f'<meta itemprop="longitude" content="{clinic.longitude}"></span>'
        )
    hours = "".join(
        f'<meta itemprop="openingHours" content="{h}"><span>{html.escape(h)}</span> '
        for h in clinic.hours
    )
    services = "".join(
        f'<li itemprop="availableService" itemscope itemtype="https://schema.org/MedicalTherapy">'
        f'<span itemprop="name">{html.escape(s)}</span></li>'
        for s in clinic.services
    )
    suite = (
        f'<span itemprop="streetAddress">{html.escape(clinic.street)}, {html.escape(clinic.suite)}</span>'
        if clinic.suite
        else f'<span itemprop="streetAddress">{html.escape(clinic.street)}</span>'
    )
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in clinic.paragraphs)
    return f"""
<div itemscope itemtype="https://schema.org/{clinic.schema_type}">
  <h1 itemprop="name">{html.escape(clinic.name)}</h1>
  <div itemprop="description">{paragraphs}</div>
  <ul class="services">{services}</ul>
  <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
    {suite}<br>
    <span itemprop="addressLocality">{html.escape(clinic.city)}</span>,
    <span itemprop="addressRegion">TX</span>
    <span itemprop="postalCode">{clinic.postal_code}</span>
  </div>
  {geo}
  <p>Call <a href="tel:{clinic.phone}" itemprop="telephone">{html.escape(clinic.phone)}</a></p>
  <p class="hours">{hours}</p>
</div>"""


def _plain_body(clinic: Clinic) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in clinic.paragraphs)
    suite = f"<br>{html.escape(clinic.suite)}" if clinic.suite else ""
    return f"""
<header><h1>{html.escape(clinic.name)}</h1></header>
<main>{paragraphs}
<h2>Visit us</h2>
<address>{html.escape(clinic.street)}{suite}<br>{html.escape(clinic.city)}, TX {clinic.postal_code}</address>
<p>Phone: <a href="tel:{clinic.phone}">{html.escape(clinic.phone)}</a></p>
</main>"""


def _page(title: str, head: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
{SAMPLE_META}
<title>{html.escape(title)}</title>
<meta name="description" content="{html.escape(title)}">
{head}
</head><body>
<nav><a href="/clinics/">Home</a> <a href="/private/staff-roster.html">Staff</a></nav>
{body}
<footer>Fictional fixture page for the clinics crawler tests.</footer>
</body></html>
"""


def render_clinic(clinic: Clinic, url: str) -> str:
    """The clinic's home page in its markup style."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in clinic.paragraphs)
    services = "".join(f"<li>{html.escape(s)}</li>" for s in clinic.services)
    content = f"<h1>{html.escape(clinic.name)}</h1>{paragraphs}<ul>{services}</ul>"
    if clinic.markup == "jsonld":
        return _page(clinic.name, _jsonld_script(clinic_node(clinic, url)), content)
    if clinic.markup == "jsonld_graph":
        node = clinic_node(clinic, url)
        node.pop("@context")
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "@id": url + "#website", "name": clinic.name, "url": url},
                {"@type": "WebPage", "@id": url, "name": clinic.name},
                node,
            ],
        }
        return _page(clinic.name, _jsonld_script(graph), content)
    if clinic.markup == "jsonld_two_blocks":
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Home", "item": url}],
        }
        head = _jsonld_script(crumbs) + "\n" + _jsonld_script(clinic_node(clinic, url))
        return _page(clinic.name, head, content)
    if clinic.markup == "jsonld_broken":
        return _page(clinic.name, _broken_jsonld(clinic, url), content)
    if clinic.markup == "microdata":
        return _page(clinic.name, "", _microdata_body(clinic))
    return _page(clinic.name, "", _plain_body(clinic))


def render_huge_page(url: str, size_bytes: int = 3_000_000) -> str:
    """A real clinic page padded with a very long (fictional) blog archive."""
    clinic = Clinic(
        slug="huge",
        name="Cypress Counseling Archive (Sample)",
        schema_type="MedicalClinic",
        markup="jsonld",
        street="11111 Louetta Rd",
        city="Houston",
        postal_code="77070",
        phone="281-419-6620",
        services=("Cognitive behavioral therapy",),
        paragraphs=("Fictional sample practice. CBT for anxiety and depression.",),
    )
    page = render_clinic(clinic, url)
    filler = "<p>Archived newsletter: practical tips for sleep, stress and worry.</p>\n"
    padding = filler * max(1, (size_bytes - len(page)) // len(filler))
    return page.replace("<footer>", padding + "<footer>")


def find_clinic(slug: str) -> Clinic | None:
    return next((clinic for clinic in CLINICS if clinic.slug == slug), None)

"""Fixture directory site ("Gulf Coast Therapist Finder"): listing pages and profiles.

Three pages of five listings each link to profile pages, as paid directories do. The data
is fictional and dirty in the ways real listings are: an impossible phone number, a
listing without a name, a profile link that is gone (404), odd whitespace. The same
markup, generated without end, backs the crawl benchmark (/bench/...).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

PAGE_SIZE = 5
SAMPLE_META = '<meta name="clinics:sample" content="true">'


@dataclass(frozen=True)
class Listing:
    slug: str
    name: str
    credentials: str
    phone: str
    address: str
    specialties: tuple[str, ...]
    approaches: tuple[str, ...]
    bio: str
    telehealth: bool = False
    languages: tuple[str, ...] = ("English",)
    insurance: tuple[str, ...] = ()
    accepting: bool = True


LISTINGS: tuple[Listing, ...] = (
    Listing(
        "avery-lin",
        "Avery Lin",
        "LPC-S",
        "(713) 526-8814",
        "2520 Kirby Dr, Suite 300, Houston, TX 77098",
        ("Anxiety", "Depression"),
        ("Ketamine-Assisted Psychotherapy", "EMDR"),
        "Fictional sample profile. I offer ketamine-assisted psychotherapy in partnership with a medical team, plus EMDR for trauma.",
        telehealth=True,
        insurance=("Aetna", "Self-pay"),
    ),
    Listing(
        "noah-castillo",
        "Noah Castillo",
        "LCSW",
        "713.522.6710",
        "3701 Kirby Dr, Houston, TX 77098",
        ("PTSD", "Anxiety"),
        ("Trauma-Focused CBT", "Cognitive Behavioral Therapy"),
        "Fictional sample profile. Trauma-focused CBT for veterans and first responders.",
        languages=("English", "Spanish"),
    ),
    Listing(
        "hannah-mercer",
        "Dr. Hannah Mercer",
        "PsyD",
        "832-930-4471",
        "4400 Post Oak Pkwy, Suite 1500, Houston, TX 77027",
        ("OCD", "Anxiety"),
        ("Exposure and Response Prevention (ERP)", "ACT"),
        "Fictional sample profile. ERP and acceptance and commitment therapy for OCD and health anxiety.",
        telehealth=True,
    ),
    Listing(
        "kofi-mensah",
        "Kofi Mensah",
        "LMFT",
        "(281) 242-7719",
        "4606 Hwy 6, Suite 120, Sugar Land, TX 77478",
        ("Relationship issues", "Depression"),
        ("Couples Counseling", "Family Therapy"),
        "Fictional sample profile. Couples and family therapy in Sugar Land.",
        insurance=("Blue Cross Blue Shield",),
    ),
    Listing(
        "sofia-alvarez",
        "Sofia Alvarez",
        "LPC",
        "(713) 000-0000",
        "1200 Binz St, Suite 700, Houston, TX 77004",
        ("Depression", "Anxiety"),
        ("Ketamine-Assisted Psychotherapy", "Psychedelic Integration"),
        "Fictional sample profile. KAP preparation and integration sessions near the Medical Center.",
        telehealth=True,
        languages=("English", "Spanish"),
    ),
    Listing(
        "ethan-brooks",
        "Ethan Brooks",
        "MD",
        "713-790-2244",
        "6624 Fannin St, Suite 1600, Houston, TX 77030",
        ("Treatment-resistant depression",),
        ("Medication Management", "Ketamine-Assisted Psychotherapy", "Spravato"),
        "Fictional sample profile. Psychiatrist offering esketamine (Spravato) and ketamine-assisted psychotherapy.",
    ),
    Listing(
        "",
        "",
        "LPC",
        "713-520-1188",
        "2900 Weslayan St, Houston, TX 77027",
        ("Anxiety",),
        ("CBT",),
        "A listing without a name (a directory glitch).",
    ),
    Listing(
        "mia-thompson",
        "Mia Thompson",
        "LCSW-S",
        "281-893-5520",
        "7900 Louetta Rd, Spring, TX 77379",
        ("Anxiety", "Postpartum depression"),
        ("Interpersonal Therapy", "CBT"),
        "Fictional sample profile. Perinatal mental health and postpartum depression.",
        telehealth=True,
    ),
    Listing(
        "lucas-nguyen",
        "Lucas Nguyen",
        "PhD",
        "(713) 995-0770",
        "8300 Bellaire Blvd, Houston, TX 77036",
        ("Depression",),
        ("Psychodynamic Therapy",),
        "Fictional sample profile. Psychodynamic psychotherapy in Vietnamese and English.",
        languages=("English", "Vietnamese"),
    ),
    Listing(
        "zoe-patel",
        "Zoe Patel",
        "LPC",
        "832-767-3310",
        "1919 Taylor St, Houston, TX 77007",
        ("Anxiety", "PTSD"),
        ("Ketamine-Assisted Psychotherapy", "Mindfulness-Based Cognitive Therapy"),
        "Fictional sample profile. Mindfulness-based cognitive therapy and ketamine-assisted therapy in the Heights.",
        telehealth=True,
    ),
    Listing(
        "gone-profile",
        "Isaac Romero",
        "LPC",
        "713-869-0055",
        "505 Yale St, Houston, TX 77007",
        ("Depression",),
        ("DBT",),
        "This profile page was removed from the directory.",
    ),
    Listing(
        "grace-kim",
        "Grace Kim",
        "LMFT",
        "281-446-9901",
        "19333 Hwy 59 N, Humble, TX 77338",
        ("Family conflict",),
        ("Family Therapy",),
        "Fictional sample profile. Family therapy for teens and parents.",
    ),
    Listing(
        "omar-haddad",
        "Omar Haddad",
        "PMHNP",
        "713-436-2288",
        "5656 Kelley St, Houston, TX 77026",
        ("Bipolar disorder", "Depression"),
        ("Medication Management",),
        "Fictional sample profile. Psychiatric nurse practitioner.",
    ),
    Listing(
        "ruth-okafor",
        "Ruth Okafor",
        "LPC",
        "832-251-7740",
        "11511 Katy Fwy, Suite 600, Houston, TX 77079",
        ("Grief", "Anxiety"),
        ("Group Therapy", "CBT"),
        "Fictional sample profile. Grief groups and individual CBT.   ",
    ),
)

MISSING_PROFILES = {"gone-profile"}


def page_count() -> int:
    return (len(LISTINGS) + PAGE_SIZE - 1) // PAGE_SIZE


def _row_html(listing: Listing, detail_href: str) -> str:
    specialties = "".join(f"<li>{html.escape(s)}</li>" for s in listing.specialties)
    title = html.escape(listing.name)
    link = f'<a href="{detail_href}">{title}</a>' if listing.slug else title
    return f"""
  <article class="listing">
    <h2 class="listing-name">{link}</h2>
    <p class="credentials">{html.escape(listing.credentials)}</p>
    <p class="phone">{html.escape(listing.phone)}</p>
    <p class="address">  {html.escape(listing.address)} </p>
    <ul class="specialties">{specialties}</ul>
  </article>"""


def _listing_page(title: str, rows: str, prev_href: str | None, next_href: str | None) -> str:
    prev_link = f'<a class="prev" href="{prev_href}">Previous</a>' if prev_href else ""
    next_link = f'<a class="next" rel="next" href="{next_href}">Next</a>' if next_href else ""
    return f"""<!doctype html>
<html><head><meta charset="utf-8">{SAMPLE_META}<title>{html.escape(title)}</title></head>
<body><h1>{html.escape(title)}</h1>
<section class="results">{rows}
</section>
<nav class="pager">{prev_link} {next_link}</nav>
</body></html>
"""


def render_listing_page(page: int) -> str | None:
    if not 1 <= page <= page_count():
        return None
    chunk = LISTINGS[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = "".join(_row_html(item, f"/directory/provider/{item.slug}") for item in chunk)
    prev_href = f"/directory/?page={page - 1}" if page > 1 else None
    next_href = f"/directory/?page={page + 1}" if page < page_count() else None
    return _listing_page("Gulf Coast Therapist Finder (fixture)", rows, prev_href, next_href)


def _profile_html(listing: Listing) -> str:
    approaches = "".join(f"<li>{html.escape(a)}</li>" for a in listing.approaches)
    languages = "".join(f"<li>{html.escape(a)}</li>" for a in listing.languages)
    insurance = "".join(f"<li>{html.escape(a)}</li>" for a in listing.insurance)
    telehealth = "Yes" if listing.telehealth else "No"
    accepting = "Accepting new clients" if listing.accepting else "Waitlist only"
    return f"""<!doctype html>
<html><head><meta charset="utf-8">{SAMPLE_META}<title>{html.escape(listing.name)}</title></head>
<body><div class="profile">
<h1>{html.escape(listing.name)}, {html.escape(listing.credentials)}</h1>
<div class="bio"><p>{html.escape(listing.bio)}</p></div>
<h3>Approaches</h3><ul class="approaches">{approaches}</ul>
<p class="telehealth">Offers telehealth: {telehealth}</p>
<p class="accepting">{accepting}</p>
<h3>Languages</h3><ul class="languages">{languages}</ul>
<h3>Insurance</h3><ul class="insurance">{insurance}</ul>
</div></body></html>
"""


def render_profile(slug: str) -> str | None:
    if slug in MISSING_PROFILES:
        return None
    listing = next((item for item in LISTINGS if item.slug == slug and slug), None)
    return _profile_html(listing) if listing else None


# ---- generated directory for the benchmark and the resume test ----------------------

_STREETS = (
    "Kirby Dr",
    "Westheimer Rd",
    "Fannin St",
    "Montrose Blvd",
    "Bellaire Blvd",
    "Shepherd Dr",
)
_ZIPS = ("77098", "77006", "77030", "77019", "77401", "77005", "77056", "77027")
_APPROACHES = (
    ("Ketamine-Assisted Psychotherapy", "Integration"),
    ("CBT", "DBT"),
    ("EMDR", "Trauma-Focused CBT"),
    ("IV Ketamine Infusion",),
    ("Family Therapy",),
)


def generated_listing(index: int) -> Listing:
    street = _STREETS[index % len(_STREETS)]
    postal = _ZIPS[index % len(_ZIPS)]
    subscriber = 2000 + index % 7000
    return Listing(
        slug=f"p{index}",
        name=f"Sample Therapist {index}",
        credentials=("LPC", "LCSW", "PhD", "LMFT")[index % 4],
        phone=f"(713) 52{index % 10}-{subscriber:04d}",
        address=f"{100 + index % 9000} {street}, Suite {index % 90 + 10}, Houston, TX {postal}",
        specialties=("Anxiety", "Depression", "PTSD")[: 1 + index % 3],
        approaches=_APPROACHES[index % len(_APPROACHES)],
        bio=(
            f"Fictional generated profile {index}. Therapy for anxiety and depression; "
            "sessions in person and by telehealth."
        ),
        telehealth=index % 2 == 0,
    )


def render_generated_listing_page(
    page: int, total_pages: int, per_page: int, query: str
) -> str | None:
    """Listing page `page` of a generated directory of total_pages*per_page profiles."""
    if not 1 <= page <= total_pages:
        return None
    suffix = f"?{query}" if query else ""
    first = (page - 1) * per_page
    rows = "".join(
        _row_html(generated_listing(i), f"/bench/provider/{i}{suffix}")
        for i in range(first, first + per_page)
    )
    next_href = f"/bench/list/{page + 1}{suffix}" if page < total_pages else None
    prev_href = f"/bench/list/{page - 1}{suffix}" if page > 1 else None
    return _listing_page("Generated therapist directory (fixture)", rows, prev_href, next_href)


def render_generated_profile(index: int) -> str:
    return _profile_html(generated_listing(index))

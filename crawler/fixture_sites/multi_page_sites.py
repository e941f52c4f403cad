"""Multi-page fixture clinic websites, served under /sites/<slug>/ (whole-site crawl tests).

Three fictional practices laid out the way real clinic sites are: a home page, service
and condition pages, an about page, a team page, contact and location pages, plus the
sections a crawler must leave alone (blog, news, careers, shop, cart, patient login,
privacy policy). All text here is written for these fixtures; every page carries
<meta name="clinics:sample" content="true"> and the names end in "(Sample)".

- oak-forest-anxiety: a talk-therapy practice (CBT, ERP for OCD, EMDR). Its services page
  says that it does not offer ketamine or TMS; its blog explains ketamine and passes on
  ketamine news, which must never count as an offer.
- lone-star-ketamine: a ketamine clinic with two locations (a locations page lists both,
  each also has its own page), IV ketamine infusions and Spravato, a conditions page, a
  team page, and careers and shop sections that must not be fetched.
- green-oak-counseling: a solo KAP therapist without structured data, whose offers are
  spread over the home, about and services pages (the name says nothing of ketamine);
  /sites/green-oak-counseling/services/client-forms/ is disallowed by robots.txt.

`render(slug, path, site_url)` gives the HTML of a page (path relative to the site root,
"" for the home page) or None; `sitemap_paths(slug)` lists a site's pages as its sitemap
would, blog posts, careers and shop included.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from crawler.fixture_sites.clinic_pages import SAMPLE_META

SITES_PREFIX = "/sites/"


@dataclass(frozen=True)
class Location:
    label: str
    street: str
    suite: str
    city: str
    postal_code: str
    phone: str
    hours: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None

    def lines(self) -> list[str]:
        return [f"{self.street}, {self.suite}", f"{self.city}, TX {self.postal_code}"]


@dataclass(frozen=True)
class Page:
    title: str
    body: str  # HTML inside <main>
    jsonld: Callable[[str], list[dict]] | None = None  # site_url -> provider nodes


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    nav: tuple[tuple[str, str], ...]  # (anchor text, path relative to the site root)
    footer_links: tuple[tuple[str, str], ...]
    footer_location: Location
    pages: dict[str, Page] = field(default_factory=dict)
    # pages that exist but are no place to look for offers (blog, careers, ...)
    other_pages: dict[str, Page] = field(default_factory=dict)

    def all_pages(self) -> dict[str, Page]:
        return {**self.pages, **self.other_pages}


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def _address_html(location: Location) -> str:
    return "<address>" + "<br>".join(html.escape(line) for line in location.lines()) + "</address>"


def _node(name: str, location: Location, url: str, services: tuple[str, ...] = ()) -> dict:
    node: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": url + "#clinic",
        "name": name,
        "url": url,
        "telephone": location.phone,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": f"{location.street}, {location.suite}",
            "addressLocality": location.city,
            "addressRegion": "TX",
            "postalCode": location.postal_code,
            "addressCountry": "US",
        },
        "medicalSpecialty": "Psychiatric",
    }
    if location.hours:
        node["openingHours"] = list(location.hours)
    if location.latitude is not None:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    if services:
        node["availableService"] = [{"@type": "MedicalTherapy", "name": s} for s in services]
    return node


# ---- 1. a talk-therapy practice whose blog talks about ketamine -------------------------

OAK_FOREST_OFFICE = Location(
    label="Oak Forest office",
    street="1111 W 34th St",
    suite="Suite 204",
    city="Houston",
    postal_code="77018",
    phone="713-868-2250",
    hours=("Mo-Th 08:00-19:00", "Fr 08:00-14:00"),
)
OAK_FOREST_NAME = "Oak Forest Anxiety & OCD Therapy (Sample)"


def _oak_forest_home_node(site_url: str) -> list[dict]:
    node = _node(
        OAK_FOREST_NAME,
        OAK_FOREST_OFFICE,
        site_url,
        ("Cognitive behavioral therapy", "Exposure and response prevention", "EMDR"),
    )
    node["description"] = (
        "Fictional sample practice: psychologists and counselors treating anxiety, OCD "
        "and trauma with CBT, ERP and EMDR."
    )
    node["isAcceptingNewPatients"] = True
    return [node]


def _oak_forest_contact_node(site_url: str) -> list[dict]:
    return [_node(OAK_FOREST_NAME, OAK_FOREST_OFFICE, site_url)]


OAK_FOREST = Site(
    slug="oak-forest-anxiety",
    name=OAK_FOREST_NAME,
    nav=(
        ("Home", ""),
        ("About Us", "about/"),
        ("Services", "services/"),
        ("What We Treat", "what-we-treat/"),
        ("Our Clinicians", "team/"),
        ("Blog", "blog/"),
        ("Contact", "contact/"),
    ),
    footer_links=(
        ("We're hiring", "careers/"),
        ("Privacy policy", "privacy-policy/"),
        ("Client portal", "client-portal/login/"),
    ),
    footer_location=OAK_FOREST_OFFICE,
    pages={
        "": Page(
            title=OAK_FOREST_NAME,
            jsonld=_oak_forest_home_node,
            body=(
                f"<h1>{html.escape(OAK_FOREST_NAME)}</h1>"
                + _p(
                    "Fictional sample practice. Anxiety has a way of shrinking a life: the "
                    "places you avoid, the checking that eats the evening, the memories that "
                    "will not stay in the past. Our psychologists and counselors help adults "
                    "and teens take that ground back.",
                    "We work with structured, skills-based therapy and measure progress "
                    "together every few weeks, in our office off 34th Street or by video "
                    "anywhere in Texas.",
                )
                + '<p><a href="services/">See how we work</a> or '
                '<a href="contact/">book a free 15-minute consultation</a>.</p>'
                + '<aside class="latest"><h2>From our blog</h2><ul>'
                '<li><a href="blog/erp-homework-tips/">Making exposure homework stick</a></li>'
                '<li><a href="blog/new-depression-treatments-explained/">'
                "New depression treatments, explained</a></li></ul></aside>"
            ),
        ),
        "about/": Page(
            title="About Us",
            body=(
                "<h1>About our practice</h1>"
                + _p(
                    "Fictional sample practice. We opened in 2014 as two psychologists "
                    "sharing a waiting room and have grown into a team of six clinicians who "
                    "all do one thing: evidence-based therapy for anxiety-related problems.",
                    "Every clinician here has advanced training in cognitive behavioral "
                    "therapy, and most have completed intensive training in exposure and "
                    "response prevention and in EMDR. We consult with each other weekly on "
                    "every case.",
                )
            ),
        ),
        "services/": Page(
            title="Services",
            body=(
                "<h1>Services</h1>"
                + "<h2>Cognitive behavioral therapy (CBT)</h2>"
                + _p(
                    "Short-term, goal-directed sessions for generalized anxiety, panic, "
                    "social anxiety and insomnia. Most clients meet weekly for 12 to 20 "
                    "sessions and practice skills between visits."
                )
                + "<h2>Exposure and response prevention (ERP) for OCD</h2>"
                + _p(
                    "ERP is the first-line psychological treatment for obsessive-compulsive "
                    "disorder. We build a ladder of feared situations with you and climb it "
                    "at a pace you agree to, dropping the rituals as you go. Intensive "
                    "three-hour daily formats are available."
                )
                + "<h2>EMDR therapy</h2>"
                + _p(
                    "Eye movement desensitization and reprocessing for PTSD and for painful "
                    "memories that keep anxiety going."
                )
                + "<h2>What we do not offer</h2>"
                + _p(
                    "We are a therapy practice and do not prescribe. We do not offer "
                    "ketamine, Spravato or TMS. If you are interested in those treatments we "
                    "are glad to refer you to a psychiatrist and to keep working with you "
                    "alongside them."
                )
            ),
        ),
        "what-we-treat/": Page(
            title="What We Treat",
            body=(
                "<h1>What we treat</h1>"
                + _ul(
                    "Obsessive-compulsive disorder, including harm, contamination and "
                    "relationship OCD",
                    "Panic disorder and agoraphobia",
                    "Generalized anxiety and health anxiety",
                    "Social anxiety",
                    "Specific phobias",
                    "PTSD and trauma",
                )
            ),
        ),
        "team/": Page(
            title="Our Clinicians",
            body=(
                "<h1>Our clinicians</h1>"
                + "<h2>Dr. Miriam Okafor, PhD (Sample)</h2>"
                + _p(
                    "Licensed psychologist and founder. Treats OCD and panic with ERP and "
                    "CBT; supervises the team's exposure work."
                )
                + "<h2>Luis Ferreira, LPC (Sample)</h2>"
                + _p("Licensed professional counselor and EMDR-certified therapist for PTSD.")
                + "<h2>Hannah Cole, LCSW (Sample)</h2>"
                + _p("Clinical social worker; CBT for teens with anxiety and school refusal.")
            ),
        ),
        "contact/": Page(
            title="Contact",
            jsonld=_oak_forest_contact_node,
            body=(
                "<h1>Contact us</h1>"
                + _p(
                    "Call or write to set up a free 15-minute consultation. We reply within "
                    "one business day."
                )
                + _address_html(OAK_FOREST_OFFICE)
                + f'<p><a href="tel:{OAK_FOREST_OFFICE.phone}">{OAK_FOREST_OFFICE.phone}</a></p>'
            ),
        ),
    },
    other_pages={
        "blog/": Page(
            title="Blog",
            body=(
                "<h1>Blog</h1><ul>"
                '<li><a href="what-is-ketamine-therapy/">What is ketamine therapy, and is '
                "it for anxiety?</a></li>"
                '<li><a href="ketamine-in-the-news/">Ketamine in the news this month</a></li>'
                '<li><a href="new-depression-treatments-explained/">New depression '
                "treatments, explained</a></li>"
                '<li><a href="erp-homework-tips/">Making exposure homework stick</a></li>'
                "</ul>"
            ),
        ),
        "blog/what-is-ketamine-therapy/": Page(
            title="What is ketamine therapy, and is it for anxiety?",
            body=(
                "<article><h1>What is ketamine therapy, and is it for anxiety?</h1>"
                + _p(
                    "Clients ask us about ketamine almost every week, so here is what we "
                    "tell them. Ketamine is an anesthetic that, at much lower doses, can "
                    "lift severe depression within hours for some people. Clinics give it "
                    "as IV ketamine infusions, as intramuscular shots, or as lozenges "
                    "during ketamine-assisted psychotherapy (KAP), where a therapist guides "
                    "the session and helps with integration afterwards.",
                    "Esketamine, sold as Spravato, is a nasal spray approved for "
                    "treatment-resistant depression and given in certified clinics.",
                    "The evidence for anxiety disorders and OCD is much thinner than for "
                    "depression. If you want to explore it, talk with a psychiatrist; ERP "
                    "and CBT remain the treatments with the strongest track record for the "
                    "problems we treat.",
                )
                + "</article>"
            ),
        ),
        "blog/ketamine-in-the-news/": Page(
            title="Ketamine in the news this month",
            body=(
                "<article><h1>Ketamine in the news this month</h1>"
                + _p(
                    "A round-up of headlines our readers sent us (we link, we do not endorse).",
                    "A regional hospital system announced a ketamine infusion clinic for "
                    "veterans with PTSD. A new trial compared IV ketamine with "
                    "electroconvulsive therapy for hard-to-treat depression and found "
                    "similar response rates. Several states are debating rules for "
                    "at-home ketamine prescribed over telehealth.",
                    "As always: ask your own doctor before starting or stopping any treatment.",
                )
                + "</article>"
            ),
        ),
        "blog/new-depression-treatments-explained/": Page(
            title="New depression treatments, explained",
            body=(
                "<article><h1>New depression treatments, explained</h1>"
                + _p(
                    "TMS uses magnetic pulses over the scalp; Spravato is a nasal spray "
                    "taken under supervision; ketamine infusions are given through an IV "
                    "over about forty minutes. None of these are offered here, but we "
                    "often work with clients who receive them elsewhere."
                )
                + "</article>"
            ),
        ),
        "blog/erp-homework-tips/": Page(
            title="Making exposure homework stick",
            body=(
                "<article><h1>Making exposure homework stick</h1>"
                + _p(
                    "Put exposures on the calendar, rate your anxiety before and after, and "
                    "tell someone what you plan to do."
                )
                + "</article>"
            ),
        ),
        "careers/": Page(
            title="Careers",
            body="<h1>Join our team</h1>"
            + _p("We are hiring a postdoctoral fellow in CBT and ERP. Fictional posting."),
        ),
        "privacy-policy/": Page(
            title="Privacy policy",
            body="<h1>Privacy policy</h1>" + _p("Fictional policy text for the fixture site."),
        ),
        "client-portal/login/": Page(
            title="Client portal",
            body="<h1>Client portal</h1><form><input name='user'><input name='pw'></form>",
        ),
    },
)


# ---- 2. a ketamine clinic with two locations --------------------------------------------

LONE_STAR_NAME = "Lone Star Ketamine Centers (Sample)"
LONE_STAR_KIRBY = Location(
    label="Upper Kirby",
    street="3100 Weslayan St",
    suite="Suite 210",
    city="Houston",
    postal_code="77027",
    phone="713-621-5530",
    hours=("Mo-Fr 08:00-17:00",),
    latitude=29.7388,
    longitude=-95.4431,
)
LONE_STAR_WOODLANDS = Location(
    label="The Woodlands",
    street="9 Waterway Square Pl",
    suite="Suite 410",
    city="The Woodlands",
    postal_code="77380",
    phone="281-364-7720",
    hours=("Tu-Sa 09:00-17:00",),
)
LONE_STAR_SERVICES = ("IV ketamine infusion", "Spravato (esketamine)")


def _lone_star_home_nodes(site_url: str) -> list[dict]:
    node = _node(LONE_STAR_NAME, LONE_STAR_KIRBY, site_url, LONE_STAR_SERVICES)
    node["description"] = (
        "Fictional sample clinic: IV ketamine infusions and Spravato for depression, PTSD "
        "and anxiety in Houston and The Woodlands."
    )
    node["email"] = "hello@lonestarketamine.example"
    node["isAcceptingNewPatients"] = True
    return [node]


def _lone_star_locations_nodes(site_url: str) -> list[dict]:
    return [
        _node(f"{LONE_STAR_NAME} - Upper Kirby", LONE_STAR_KIRBY, site_url + "locations/"),
        _node(
            f"{LONE_STAR_NAME} - The Woodlands",
            LONE_STAR_WOODLANDS,
            site_url + "locations/the-woodlands/",
        ),
    ]


def _lone_star_woodlands_nodes(site_url: str) -> list[dict]:
    node = _node(
        f"{LONE_STAR_NAME} - The Woodlands",
        LONE_STAR_WOODLANDS,
        site_url + "locations/the-woodlands/",
        LONE_STAR_SERVICES,
    )
    node["description"] = "Fictional sample clinic: our second location, north of Houston."
    return [node]


def _location_block(location: Location, link: str) -> str:
    return (
        f'<section class="location"><h2><a href="{link}">{html.escape(location.label)}</a></h2>'
        + _address_html(location)
        + f'<p><a href="tel:{location.phone}">{location.phone}</a></p></section>'
    )


LONE_STAR = Site(
    slug="lone-star-ketamine",
    name=LONE_STAR_NAME,
    nav=(
        ("Home", ""),
        ("Treatments", "services/"),
        ("Conditions", "conditions/"),
        ("Our Team", "team/"),
        ("Locations", "locations/"),
        ("News", "news/"),
        ("Shop", "shop/"),
        ("Contact", "contact/"),
    ),
    footer_links=(
        ("Careers", "careers/"),
        ("Gift cards", "shop/gift-cards/"),
        ("Cart", "cart/"),
        ("Terms of use", "terms/"),
        ("Patient login", "login/"),
        ("Book online", "https://booking.example/lone-star-ketamine"),
    ),
    footer_location=LONE_STAR_KIRBY,
    pages={
        "": Page(
            title=LONE_STAR_NAME,
            jsonld=_lone_star_home_nodes,
            body=(
                f"<h1>{html.escape(LONE_STAR_NAME)}</h1>"
                + _p(
                    "Fictional sample clinic. When two or more antidepressants have not "
                    "helped, ketamine may. Our physicians have given more than ten thousand "
                    "infusions in a quiet, monitored setting.",
                )
                + '<p><a href="services/iv-ketamine-infusions/">IV ketamine infusions</a> | '
                '<a href="services/spravato/">Spravato</a> | '
                '<a href="locations/">Two locations</a></p>'
            ),
        ),
        "services/": Page(
            title="Treatments",
            body=(
                "<h1>Treatments</h1>"
                + '<h2><a href="iv-ketamine-infusions/">IV ketamine infusions</a></h2>'
                + _p(
                    "A series of six low-dose ketamine infusions over two to three weeks, "
                    "each about 45 minutes, with a nurse at your side and a physician on "
                    "site. Booster infusions as needed."
                )
                + '<h2><a href="spravato/">Spravato (esketamine) nasal spray</a></h2>'
                + _p(
                    "We are a certified Spravato treatment center. You take the nasal spray "
                    "yourself in our office and rest under observation for two hours. Most "
                    "commercial plans and Medicare cover it with prior authorization."
                )
            ),
        ),
        "services/iv-ketamine-infusions/": Page(
            title="IV ketamine infusions",
            body=(
                "<h1>IV ketamine infusions</h1>"
                + _p(
                    "Your first visit is a medical consultation. Infusions are dosed by "
                    "weight, monitored continuously, and followed by a 30-minute recovery. "
                    "Someone must drive you home."
                )
            ),
        ),
        "services/spravato/": Page(
            title="Spravato",
            body=(
                "<h1>Spravato (esketamine)</h1>"
                + _p(
                    "Twice a week for the first month, then weekly or every other week. "
                    "We handle the REMS paperwork and the insurance authorization."
                )
            ),
        ),
        "conditions/": Page(
            title="Conditions",
            body=(
                "<h1>Conditions we treat</h1>"
                + _ul(
                    "Treatment-resistant depression",
                    "Post-traumatic stress disorder (PTSD)",
                    "Anxiety disorders",
                    "Suicidal thoughts, together with your psychiatrist",
                )
            ),
        ),
        "team/": Page(
            title="Our Team",
            body=(
                "<h1>Our team</h1>"
                + "<h2>Dr. Ray Salinas, MD (Sample)</h2>"
                + _p("Anesthesiologist and medical director.")
                + "<h2>Priya Natarajan, PMHNP (Sample)</h2>"
                + _p("Psychiatric nurse practitioner; consultations and Spravato.")
                + "<h2>Our nurses</h2>"
                + _p("Registered nurses with critical-care backgrounds at both locations.")
            ),
        ),
        "locations/": Page(
            title="Locations",
            jsonld=_lone_star_locations_nodes,
            body=(
                "<h1>Two locations</h1>"
                + _location_block(LONE_STAR_KIRBY, "upper-kirby/")
                + _location_block(LONE_STAR_WOODLANDS, "the-woodlands/")
            ),
        ),
        "locations/the-woodlands/": Page(
            title="The Woodlands",
            jsonld=_lone_star_woodlands_nodes,
            body=(
                "<h1>Lone Star Ketamine Centers - The Woodlands</h1>"
                + _p("Off Waterway Square, with free parking in the garage.")
                + _address_html(LONE_STAR_WOODLANDS)
            ),
        ),
        "locations/upper-kirby/": Page(
            title="Upper Kirby",
            body=(
                "<h1>Lone Star Ketamine Centers - Upper Kirby</h1>"
                + _p("Our first clinic, two blocks from the Southwest Freeway.")
                + _address_html(LONE_STAR_KIRBY)
            ),
        ),
        "contact/": Page(
            title="Contact",
            body=(
                "<h1>Contact</h1>"
                + _p("New patients: call the location nearest you or use the form.")
                + "<form><input name='email'><textarea name='message'></textarea></form>"
            ),
        ),
    },
    other_pages={
        "news/": Page(
            title="News",
            body="<h1>News</h1>"
            + _p("Fictional press notes: our Woodlands location opened this spring."),
        ),
        "shop/": Page(
            title="Shop",
            body="<h1>Shop</h1>"
            + _p("Eye masks, journals and gift cards for a friend's infusion series."),
        ),
        "shop/gift-cards/": Page(title="Gift cards", body="<h1>Gift cards</h1>"),
        "cart/": Page(title="Cart", body="<h1>Your cart is empty</h1>"),
        "careers/": Page(
            title="Careers",
            body="<h1>Careers</h1>" + _p("Now hiring infusion nurses. Fictional posting."),
        ),
        "terms/": Page(title="Terms of use", body="<h1>Terms of use</h1>"),
        "login/": Page(title="Patient login", body="<h1>Patient login</h1>"),
    },
)


# ---- 3. a solo KAP therapist, plain HTML ------------------------------------------------

GREEN_OAK_OFFICE = Location(
    label="Office",
    street="2300 Green Oak Dr",
    suite="Suite 110",
    city="Kingwood",
    postal_code="77339",
    phone="281-358-6640",
)
GREEN_OAK_NAME = "Green Oak Counseling (Sample)"

GREEN_OAK = Site(
    slug="green-oak-counseling",
    name=GREEN_OAK_NAME,
    nav=(
        ("Home", ""),
        ("About Dana", "about/"),
        ("Services & Fees", "services/"),
        ("Writing", "blog/"),
        ("Contact", "contact/"),
    ),
    footer_links=(("Privacy", "privacy/"),),
    footer_location=GREEN_OAK_OFFICE,
    pages={
        "": Page(
            title=GREEN_OAK_NAME,
            body=(
                f"<h1>{html.escape(GREEN_OAK_NAME)}</h1>"
                + _p(
                    "Fictional sample practice. I am a counselor for adults who have done "
                    "years of therapy and still feel stuck in depression or in the "
                    "aftermath of trauma.",
                    "For some of them I offer ketamine-assisted psychotherapy: a few "
                    "longer sessions with medicine, held inside ordinary therapy rather "
                    "than instead of it.",
                )
            ),
        ),
        "about/": Page(
            title="About Dana",
            body=(
                "<h1>About Dana Whitfield, LPC (Sample)</h1>"
                + _p(
                    "I have been a licensed professional counselor since 2009. I trained "
                    "in EMDR early on and later completed a year-long certificate in "
                    "psychedelic-assisted therapy.",
                    "My office is a converted house with a couch, a reclining chair and a "
                    "window onto the trees; it is where our KAP sessions happen.",
                )
            ),
        ),
        "services/": Page(
            title="Services & Fees",
            body=(
                "<h1>Services &amp; fees</h1>"
                + "<h2>Ketamine-assisted psychotherapy (KAP)</h2>"
                + _p(
                    "A partner physician evaluates you and, if appropriate, prescribes "
                    "sublingual ketamine lozenges. We meet for two preparation sessions, "
                    "then for three to six dosing sessions of about two and a half hours "
                    "in my office, each followed by an integration session.",
                )
                + "<h2>EMDR and talk therapy</h2>"
                + _p("Weekly 53-minute sessions, in person or by video.")
                + '<p>Current clients: <a href="client-forms/">client forms</a>.</p>'
            ),
        ),
        "contact/": Page(
            title="Contact",
            body="<h1>Contact</h1>" + _p("Write or call; I return messages within two days."),
        ),
    },
    other_pages={
        "services/client-forms/": Page(
            title="Client forms",
            body="<h1>Client forms</h1>" + _p("Consent and intake forms for current clients."),
        ),
        "blog/": Page(
            title="Writing",
            body="<h1>Writing</h1>" + _p("Occasional essays about integration and change."),
        ),
        "privacy/": Page(title="Privacy", body="<h1>Privacy</h1>"),
    },
)

SITES: dict[str, Site] = {site.slug: site for site in (OAK_FOREST, LONE_STAR, GREEN_OAK)}

# robots.txt lines of the fixture server for these sites
ROBOTS_DISALLOW = (f"{SITES_PREFIX}{GREEN_OAK.slug}/services/client-forms/",)


def site_path(slug: str, path: str = "") -> str:
    """The server path of a page of a site ("" is the home page)."""
    return f"{SITES_PREFIX}{slug}/{path}"


def sitemap_paths(slug: str) -> list[str]:
    """Every page of the site, blog posts, careers and shop included, as its sitemap lists them."""
    return [site_path(slug, path) for path in SITES[slug].all_pages()]


def _link(site_url: str, target: str) -> str:
    return target if target.startswith("http") else site_url + target


def render(slug: str, path: str, site_url: str) -> str | None:
    """The page at `path` (relative to the site root) of site `slug`, or None."""
    site = SITES.get(slug)
    page = site.all_pages().get(path) if site else None
    if site is None or page is None:
        return None
    url = site_url + path
    head = ""
    if page.jsonld is not None:
        head = "".join(
            f'<script type="application/ld+json">{json.dumps(node)}</script>'
            for node in page.jsonld(site_url)
        )
    nav = " ".join(
        f'<a href="{html.escape(_link(site_url, target))}">{html.escape(text)}</a>'
        for text, target in site.nav
    )
    footer_links = " | ".join(
        f'<a href="{html.escape(_link(site_url, target))}">{html.escape(text)}</a>'
        for text, target in site.footer_links
    )
    office = site.footer_location
    # relative links in the body resolve against the page URL, as a browser would
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
{SAMPLE_META}
<title>{html.escape(page.title)} | {html.escape(site.name)}</title>
<meta name="description" content="{html.escape(page.title)} - {html.escape(site.name)}">
<meta property="og:site_name" content="{html.escape(site.name)}">
<link rel="canonical" href="{html.escape(url)}">
{head}
</head><body>
<header><a class="logo" href="{html.escape(site_url)}">{html.escape(site.name)}</a>
<a class="call" href="tel:{office.phone}">Call {office.phone}</a>
<nav>{nav}</nav></header>
<main>
{page.body}
</main>
<footer><p>{html.escape(site.name)}</p>{_address_html(office)}
<p>{footer_links}</p><p>Fictional fixture site for the clinics crawler tests.</p></footer>
</body></html>
"""

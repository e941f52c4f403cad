"""Structured data as real sites write it: tables of real-world input.

The JSON-LD reader (extruct, repaired by json-repair), microdata, RDFa, opening hours,
which schema.org nodes are providers, and what a clinic page makes of them: the practice's
name never a generic page title, no record from news media, law firms, directories or
articles, and which pages are articles.
"""

from __future__ import annotations

import json

import pytest

from clinics import fields as F
from crawler.pages import hours, jsonld, microdata, naming, rdfa, schema_org
from crawler.pages.clinic_site import ClinicSitePage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('{"@type": "MedicalClinic", "name": "A"}', ["A"]),
        ('{"@type": "MedicalClinic", "name": "A",}', ["A"]),  # trailing comma
        ('{\n // comment\n "@type": "MedicalClinic", /* note */ "name": "A"}', ["A"]),
        ('{"@type": "MedicalClinic", "name": "http://a.example/x//y"}', ["http://a.example/x//y"]),
        ('[{"@type": "Physician", "name": "A"}, {"@type": "Physician", "name": "B"},]', ["A", "B"]),
        (
            '{"@graph": [{"@type": "WebSite", "name": "W"}, {"@type": "LocalBusiness", "name": "L"}]}',
            ["W", "L"],
        ),
        (
            '{"@type": "MedicalClinic", "name": "A"}\n{"@type": "MedicalClinic", "name": "B"}',
            ["A", "B"],
        ),
        ('<!-- {"@type": "MedicalClinic", "name": "A"} -->', ["A"]),
        ('{"@type": "MedicalClinic", "name": "line\nbreak"}', ["line\nbreak"]),
        ("", []),
        # an extra closing brace after the object
        ('{"@type": "MedicalClinic", "name": "A", "telephone": "1"}}', ["A"]),
        # unescaped double quotes in a string: HTML pasted into "description"
        (
            '{"@type": "MedicalClinic", "name": "A", "description": "<p class="intro">We offer'
            ' <a href="/k">ketamine</a></p>", "telephone": "1"}',
            ["A"],
        ),
        # objects one after another, each with damage, and a JavaScript semicolon
        ('{"@type": "Physician", "name": "A"}}\n{"@type": "Physician", "name": "B",};', ["A", "B"]),
        ('<!--\n{"@type": "MedicalClinic", "name": "A"}\n-->', ["A"]),
        ('// {"old": true}\n{"@type": "MedicalClinic", "name": "A"}', ["A"]),
    ],
)
def test_json_ld_is_read_despite_real_world_damage(text, names):
    values, error = jsonld.parse_block(text)
    assert error is None
    assert [node.get("name") for node in jsonld.nodes(values)] == names


def test_repaired_json_ld_keeps_every_value():
    text = (
        '{"@type": "MedicalClinic", "name": "Spring Creek Wellness", "description": "<p '
        'class="intro">Ketamine</p>", "telephone": "512-555-0142", "address": {"@type": '
        '"PostalAddress", "streetAddress": "100 Congress Ave", "postalCode": "78701"}}}'
    )
    [node] = jsonld.nodes(jsonld.parse_block(text)[0])
    assert node["description"] == '<p class="intro">Ketamine</p>'
    assert node["telephone"] == "512-555-0142"
    assert node["address"]["postalCode"] == "78701"


@pytest.mark.parametrize("text", ['{"@type": "Medical', "{{{", '{"a": }', "[" * 5000 + "]" * 5000])
def test_json_ld_beyond_repair_reports_an_error(text):
    values, error = jsonld.parse_block(text)
    assert values == [] and error.startswith("JSON-LD beyond repair")


@pytest.mark.parametrize(
    ("node", "types"),
    [
        ({"@type": "MedicalClinic"}, ["MedicalClinic"]),
        (
            {"@type": ["LocalBusiness", "https://schema.org/Psychiatrist"]},
            ["LocalBusiness", "Psychiatrist"],
        ),
        ({"@type": None}, []),
        ({"@type": "schema:Physician"}, ["Physician"]),
    ],
)
def test_types_of(node, types):
    assert jsonld.types_of(node) == types


def test_microdata_nested_items_and_repeated_properties():
    html = """<div itemscope itemtype="https://schema.org/MedicalClinic">
      <h1 itemprop="name">A Clinic</h1>
      <a itemprop="telephone" href="tel:713-526-8814">call</a>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
        <span itemprop="postalCode">77098</span></div>
      <meta itemprop="openingHours" content="Mo-Fr 09:00-17:00">
      <meta itemprop="openingHours" content="Sa 10:00-12:00">
    </div>"""
    [item] = microdata.items_from_html(html)
    assert item["@type"] == "MedicalClinic"
    assert item["name"] == "A Clinic"
    assert item["telephone"] == "713-526-8814"
    assert item["address"] == {"@type": "PostalAddress", "postalCode": "77098"}
    assert item["openingHours"] == ["Mo-Fr 09:00-17:00", "Sa 10:00-12:00"]


def test_microdata_email_link_and_nested_item_is_not_top_level():
    html = """<div><div itemscope itemtype="http://schema.org/Physician">
      <span itemprop="name">Dr. A</span><a itemprop="email" href="mailto:a@x.example">mail</a>
      <div itemprop="worksFor" itemscope itemtype="http://schema.org/MedicalClinic">
        <span itemprop="name">B</span></div></div></div>"""
    [item] = microdata.items_from_html(html)
    assert item["email"] == "a@x.example"
    assert item["worksFor"] == {"@type": "MedicalClinic", "name": "B"}


def test_rdfa_nodes_are_nested_like_json_ld():
    html = """<html><body><div vocab="https://schema.org/" typeof="MedicalClinic">
      <h1 property="name">RDFa Clinic</h1><span property="telephone">512-555-0100</span>
      <div property="address" typeof="PostalAddress">
        <span property="streetAddress">1 Main St</span>
        <span property="postalCode">78701</span></div>
      <a property="url" href="/">home</a></div></body></html>"""
    [node] = rdfa.items(html, "https://rdfa.example/contact/")
    assert node["@type"] == "MedicalClinic" and node["name"] == "RDFa Clinic"
    assert node["telephone"] == "512-555-0100"
    assert node["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 Main St",
        "postalCode": "78701",
    }
    assert node["url"] == "https://rdfa.example/"


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("Mo-Fr 09:00-17:00", [("MO,TU,WE,TH,FR", "09:00", "17:00")]),
        ("Mo,We,Fr 9:00-17:30", [("MO,WE,FR", "09:00", "17:30")]),
        ("Sa 10:00-14:00; Su 12:00-16:00", [("SA", "10:00", "14:00"), ("SU", "12:00", "16:00")]),
        ("Fr-Mo 10:00-14:00", [("FR,SA,SU,MO", "10:00", "14:00")]),
        ("Monday 08:00-12:00", [("MO", "08:00", "12:00")]),
        ("by appointment", []),
        ("Mo-Fr 25:00-26:00", []),
        ("", []),
    ],
)
def test_opening_hours_strings(text, rows):
    parsed = hours.parse_opening_hours(text)
    assert [(r["byday"], r["opens_at"], r["closes_at"]) for r in parsed] == rows


def test_opening_hours_specification():
    spec = [
        {
            "dayOfWeek": ["https://schema.org/Monday", "Tuesday"],
            "opens": "08:00:00",
            "closes": "17:00",
        },
        {"dayOfWeek": "Saturday", "opens": "09:00", "closes": "noon"},
        "junk",
    ]
    assert hours.parse_specification(spec) == [
        {"byday": "MO,TU", "opens_at": "08:00", "closes_at": "17:00"}
    ]


@pytest.mark.parametrize(
    ("types", "provider"),
    [
        ("MedicalClinic", True),
        (["LocalBusiness", "https://schema.org/Psychiatrist"], True),
        ("Person", True),
        ("NewsMediaOrganization", False),
        ("LegalService", False),
        ("Attorney", False),
        (["LocalBusiness", "LegalService"], False),  # a law firm, whatever else it says
        ("Article", False),
        ("BlogPosting", False),
        ("NewsArticle", False),
        ("CollectionPage", False),
        ("Organization", False),
        ("WebSite", False),
    ],
)
def test_which_schema_org_types_are_providers(types, provider):
    assert schema_org.is_provider({"@type": types}) is provider


CLINIC = {"@type": "MedicalClinic", "@id": "https://clinic.example/#org", "name": "Clinic"}
OTHER = {"@type": "MedicalClinic", "name": "Other", "url": "https://other.example/"}
LISTED = [
    {"@type": "ListItem", "position": n, "item": node} for n, node in enumerate([OTHER, CLINIC])
]


@pytest.mark.parametrize(
    ("nodes", "names", "reason"),
    [
        ([CLINIC, {"@type": "WebSite"}], ["Clinic"], None),
        ([{"@type": "NewsMediaOrganization", "name": "Daily"}, CLINIC], [], "the page of a news"),
        ([{"@type": ["LegalService", "LocalBusiness"], "name": "Law"}], [], "the page of a law"),
        ([{"@type": "Attorney", "name": "J. Doe"}], [], "the page of a law firm"),
        (
            [{"@type": "ItemList", "itemListElement": LISTED}],
            [],
            "a directory listing (an ItemList",
        ),
        (  # the list refers to graph nodes by @id
            [
                {"@type": "ItemList", "itemListElement": [{"@id": "#a"}, {"@id": "#b"}]},
                {**OTHER, "@id": "#a"},
                {**CLINIC, "@id": "#b"},
            ],
            [],
            "a directory listing (an ItemList",
        ),
        ([{"@type": "SearchResultsPage"}, CLINIC], [], "a directory listing (SearchResultsPage)"),
        ([{"@type": "CollectionPage"}, OTHER], [], "a directory listing (CollectionPage)"),
        ([{"@type": "CollectionPage"}, CLINIC, OTHER], [], "a directory listing (CollectionPage)"),
        ([{"@type": "CollectionPage"}, CLINIC], ["Clinic"], None),  # its own home page
        (  # a news article: its publisher nested
            [{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Daily"}}],
            [],
            "an article (NewsArticle)",
        ),
        (  # a blog post whose publisher is the only business of the page, by @id
            [{"@type": "BlogPosting", "publisher": {"@id": CLINIC["@id"]}}, CLINIC],
            [],
            "an article (BlogPosting)",
        ),
        (  # ... or by name, from another syntax
            [
                {"@type": "Article", "author": "Clinic"},
                {"@type": "MedicalClinic", "name": "Clinic"},
            ],
            [],
            "an article (Article)",
        ),
        (  # a clinic page that shows a news story about it keeps the clinic
            [{"@type": "NewsArticle", "publisher": {"name": "Daily"}}, CLINIC],
            ["Clinic"],
            None,
        ),
    ],
)
def test_pages_of_organizations_that_are_not_providers(nodes, names, reason):
    providers, why = schema_org.page_providers(nodes, "https://clinic.example/")
    assert [node["name"] for node in providers] == names
    assert (why or "").startswith(reason or "") and bool(why) is bool(reason)


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("Contact Us", True),
        ("contact us!", True),
        ("HOME", True),
        ("About Us", True),
        ("Services", True),
        ("Our Team", True),
        ("Blog", True),
        ("Welcome", True),
        ("Locations", True),
        ("", True),
        (None, True),
        ("Spring Creek Wellness", False),
        ("Contact Spring Creek Wellness", False),
    ],
)
def test_generic_page_titles(text, generic):
    assert naming.is_generic(text) is generic


@pytest.mark.parametrize(
    ("title", "url", "name"),
    [
        (
            "Contact Us | Spring Creek Wellness",
            "https://x.example/contact/",
            "Spring Creek Wellness",
        ),
        (
            "Contact Us – Spring Creek Wellness",
            "https://x.example/contact/",
            "Spring Creek Wellness",
        ),
        (
            "Contact Us — Spring Creek Wellness",
            "https://x.example/contact/",
            "Spring Creek Wellness",
        ),
        (
            "Contact Us - Spring Creek Wellness",
            "https://x.example/contact/",
            "Spring Creek Wellness",
        ),
        ("Spring Creek Wellness: Contact", "https://x.example/contact/", "Spring Creek Wellness"),
        ("Home | Spring Creek Wellness", None, "Spring Creek Wellness"),
        ("Dallas-Fort Worth Ketamine", "https://x.example/", "Dallas-Fort Worth Ketamine"),
        # page | site on an inner page, site – tagline on the home page
        (
            "Ketamine Therapy | Spring Creek Wellness",
            "https://x.example/k/",
            "Spring Creek Wellness",
        ),
        ("Spring Creek Wellness – Calm Minds", "https://x.example/", "Spring Creek Wellness"),
        # the part that spells the site's host wins
        (
            "Spring Creek Wellness | Austin, TX",
            "https://www.springcreekwellness.example/contact/",
            "Spring Creek Wellness",
        ),
        ("Welcome to Spring Creek Wellness", "https://x.example/", "Spring Creek Wellness"),
        ("Contact Us", "https://x.example/contact/", None),
        ("Home | Welcome", "https://x.example/", None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_site_part_of_a_title(title, url, name):
    assert naming.title_site_part(title, url) == name


def clinic_html(head: str = "", body: str = "", title: str = "Contact Us") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def json_ld(text: str | dict | list) -> str:
    text = text if isinstance(text, str) else json.dumps(text)
    return f'<script type="application/ld+json">{text}</script>'


ADDRESS = (
    '"address": {"@type": "PostalAddress", "streetAddress": "100 Congress Ave", '
    '"addressLocality": "Austin", "addressRegion": "TX", "postalCode": "78701"}'
)
CONTACT_BODY = '<h1>Contact Us</h1><p>Call <a href="tel:512-555-0199">us</a></p>'


@pytest.mark.parametrize(
    "block",
    [
        # (a) an extra closing brace after the object
        '{"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Spring Creek '
        f'Wellness", "telephone": "512-555-0142", {ADDRESS}}}}}',
        # (b) HTML pasted into "description", its double quotes unescaped
        '{"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Spring Creek '
        'Wellness", "description": "<p class="intro">We offer <a href="/ketamine">ketamine</a> '
        f'therapy.</p>", "telephone": "512-555-0142", {ADDRESS}}}',
        # both, and a trailing comma
        '{"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Spring Creek '
        'Wellness", "description": "<div class="bio">Dr. "Sam" Lee</div>", "telephone": '
        f'"512-555-0142", {ADDRESS},}}}}',
    ],
)
def test_broken_json_ld_still_gives_the_clinic_not_the_page_title(block):
    page = ClinicSitePage(
        "https://x.example/contact-us/", clinic_html(json_ld(block), CONTACT_BODY)
    )
    [record] = page.records()
    assert record[F.NAME] == "Spring Creek Wellness"
    assert record[F.PHONE] == "512-555-0142"
    assert record[F.ADDRESS_RAW] == "100 Congress Ave, Austin, TX 78701"
    assert page.issues == []


OG_SITE = '<meta property="og:site_name" content="Spring Creek Wellness">'
PLAIN_CONTACT = "<h1>Contact Us</h1><address>100 Congress Ave, Austin, TX 78701</address>"


@pytest.mark.parametrize(
    ("title", "head", "body", "name"),
    [
        ("Contact Us", OG_SITE, PLAIN_CONTACT, "Spring Creek Wellness"),
        ("Contact Us | Spring Creek Wellness", "", PLAIN_CONTACT, "Spring Creek Wellness"),
        ("Contact Us – Spring Creek Wellness", "", PLAIN_CONTACT, "Spring Creek Wellness"),
        # og:site_name wins over the title
        ("Contact Us | SCW", OG_SITE, PLAIN_CONTACT, "Spring Creek Wellness"),
        # a generic og:site_name is no better than a generic title
        ("Home | Spring Creek Wellness", '<meta property="og:site_name" content="Home">', PLAIN_CONTACT, "Spring Creek Wellness"),
        # a heading, when it is not generic
        ("Contact Us", "", "<h1>Contact</h1><h1>Spring Creek Wellness</h1>" + PLAIN_CONTACT, "Spring Creek Wellness"),
        # business markup without a name, or with a generic one, takes the page's
        ("Contact Us", OG_SITE, json_ld({"@type": "MedicalClinic", "telephone": "512-555-0142"}), "Spring Creek Wellness"),
        ("About Us | Spring Creek Wellness", "", json_ld({"@type": "MedicalClinic", "name": "About Us", "telephone": "1"}), "Spring Creek Wellness"),
        ("Contact Us", "", json_ld({"@type": "MedicalClinic", "name": "Welcome to Spring Creek Wellness", "telephone": "1"}), "Spring Creek Wellness"),
    ],
)  # fmt: skip
def test_a_record_is_never_named_after_a_generic_page_title(title, head, body, name):
    page = ClinicSitePage("https://x.example/contact/", clinic_html(head, body, title))
    [record] = page.records()
    assert record[F.NAME] == name


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Contact Us", PLAIN_CONTACT),
        ("Home", "<h1>Welcome</h1>" + PLAIN_CONTACT),
        ("Services | Our Team", "<h1>Services</h1>" + PLAIN_CONTACT),
        ("Contact Us", json_ld({"@type": "MedicalClinic", "name": "Contact Us", "telephone": "1"})),
    ],
)
def test_a_page_that_names_no_practice_is_dropped_with_the_reason(title, body):
    page = ClinicSitePage("https://x.example/contact/", clinic_html("", body, title))
    assert page.records() == []
    assert any(issue.startswith("no practice name") for issue in page.issues)


NEWS_ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Ketamine clinics open across Texas",
    "publisher": {"@type": "NewsMediaOrganization", "name": "Austin Daily"},
}
DIRECTORY_LIST = {
    "@context": "https://schema.org",
    "@type": "ItemList",
    "itemListElement": [
        {
            "@type": "ListItem",
            "position": 1,
            "item": {"@type": "MedicalClinic", "name": "A", "telephone": "1"},
        },
        {
            "@type": "ListItem",
            "position": 2,
            "item": {"@type": "MedicalClinic", "name": "B", "telephone": "2"},
        },
    ],
}
CLINIC_NODE = {
    "@type": "MedicalClinic",
    "@id": "https://x.example/#clinic",
    "name": "Spring Creek Wellness",
    "telephone": "512-555-0142",
}
# Every one of these pages also has a phone link and an address the plain-HTML fallback could
# take: none of them may give a record.
NOT_PROVIDER_PAGES = [
    (json_ld({"@type": "NewsMediaOrganization", "name": "Austin Daily", "telephone": "512-555-0100"}), "the page of a news medium"),
    (json_ld(NEWS_ARTICLE), "an article (NewsArticle)"),
    (json_ld({"@graph": [{"@type": "BlogPosting", "publisher": {"@id": CLINIC_NODE["@id"]}}, CLINIC_NODE]}), "an article (BlogPosting)"),
    (json_ld({"@type": ["LegalService", "LocalBusiness"], "name": "Doe Injury Law", "telephone": "1"}), "the page of a law firm"),
    (json_ld({"@type": "Attorney", "name": "Jane Doe, Esq."}), "the page of a law firm"),
    (json_ld(DIRECTORY_LIST), "a directory listing (an ItemList of 2 providers)"),
    (json_ld({"@type": "SearchResultsPage", "name": "Ketamine clinics near Austin"}), "a directory listing (SearchResultsPage)"),
    (json_ld([{"@type": "CollectionPage"}, {"@type": "MedicalClinic", "name": "A", "url": "https://a.example/"}]), "a directory listing (CollectionPage)"),
    (  # microdata: a directory's list of others
        '<ul itemscope itemtype="https://schema.org/ItemList">'
        '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/Physician"><span itemprop="name">Dr. A</span></li>'
        '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/Physician"><span itemprop="name">Dr. B</span></li></ul>',
        "a directory listing (an ItemList of 2 providers)",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "reason"), NOT_PROVIDER_PAGES)
def test_pages_of_news_media_law_firms_directories_and_articles_give_no_record(markup, reason):
    body = f'{markup}<h1>Spring Creek Wellness</h1><a href="tel:512-555-0100">call</a>'
    page = ClinicSitePage(
        "https://x.example/page/", clinic_html(OG_SITE, body, "Spring Creek Wellness")
    )
    assert page.records() == []
    assert f"not a provider's page: {reason}" in " ".join(page.issues)


def test_a_practice_home_page_listing_its_posts_keeps_the_practice():
    graph = {
        "@graph": [
            {"@type": "CollectionPage", "@id": "https://x.example/"},
            {**CLINIC_NODE, "url": "https://x.example/"},
        ]
    }
    [record] = ClinicSitePage(
        "https://x.example/", clinic_html(json_ld(graph), "", "Home")
    ).records()
    assert record[F.NAME] == "Spring Creek Wellness"


def test_a_clinic_page_with_a_press_story_keeps_the_clinic():
    [record] = ClinicSitePage(
        "https://x.example/", clinic_html(json_ld([CLINIC_NODE, NEWS_ARTICLE]))
    ).records()
    assert record[F.NAME] == "Spring Creek Wellness"


@pytest.mark.parametrize(
    ("markup", "title"),
    [
        ('<div itemscope itemtype="https://schema.org/MedicalClinic"><h1 itemprop="name">Micro Clinic</h1><a itemprop="telephone" href="tel:512-555-0101">call</a></div>', "Contact Us"),
        ('<div vocab="https://schema.org/" typeof="MedicalClinic"><h1 property="name">Micro Clinic</h1><span property="telephone">512-555-0101</span></div>', "Contact Us"),
    ],
)  # fmt: skip
def test_microdata_and_rdfa_pages(markup, title):
    [record] = ClinicSitePage(
        "https://x.example/contact/", clinic_html("", markup, title)
    ).records()
    assert (record[F.NAME], record[F.PHONE]) == ("Micro Clinic", "512-555-0101")


@pytest.mark.parametrize(
    ("url", "head", "body", "article"),
    [
        ("https://x.example/", "", "", False),
        ("https://x.example/ketamine-therapy/", json_ld(CLINIC_NODE), "", False),
        ("https://x.example/p?id=7", json_ld({"@type": "Article", "headline": "H"}), "", True),
        ("https://x.example/p", json_ld({"@type": "BlogPosting", "headline": "H"}), "", True),
        ("https://x.example/p", json_ld(NEWS_ARTICLE), "", True),
        ("https://x.example/p", json_ld({"@graph": [{"@type": "WebPage"}, {"@type": "TechArticle"}]}), "", True),
        ("https://x.example/p", json_ld({"@type": "WebPage", "mainEntity": {"@type": "Article"}}), "", True),
        ("https://x.example/p", '<meta property="og:type" content="article">', "", True),
        ("https://x.example/p", '<meta property="og:type" content="website">', "", False),
        ("https://x.example/p", "", '<article itemscope itemtype="http://schema.org/BlogPosting"><h1 itemprop="headline">H</h1></article>', True),
        ("https://x.example/blog/ketamine-and-anxiety/", "", "", True),
        ("https://x.example/post/what-is-emdr", "", "", True),  # Wix posts
        ("https://x.example/category/anxiety/", "", "", True),  # WordPress archives
        ("https://x.example/news/2024/open-house", "", "", True),
        ("https://x.example/articles/x", "", "", True),
        ("https://x.example/posts/x", "", "", True),
        ("https://x.example/Blog", "", "", True),
        ("https://x.example/blogger-tips/", "", "", False),  # a segment, not a substring
        ("https://x.example/contact/?from=/blog/", "", "", False),  # the path, not the query
        (None, "", "", False),
    ],
)  # fmt: skip
def test_is_article_page(url, head, body, article):
    assert ClinicSitePage(url, clinic_html(head, body)).is_article_page() is article


def test_an_article_page_without_business_markup_gives_no_record():
    body = (
        "<h1>Ketamine and depression: what the new research says</h1>"
        "<p>Researchers report fast relief with ketamine infusions.</p>"
        '<address>100 Sample Way, Houston, TX 77002</address><a href="tel:+17135550100">Call</a>'
    )
    head = '<meta property="og:site_name" content="Harbor Counseling">'
    page = ClinicSitePage("https://harbor.example/blog/ketamine-news", clinic_html(head, body))
    assert page.records() == []
    assert "an article page without business markup" in page.issues

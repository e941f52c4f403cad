"""Whole-site crawls of clinic websites (`clinic_sites`): which links are followed, which
sections are never fetched, the per-site page limit, one record per location, and the texts
of all of a site's pages reaching the classifier.

The crawls run the real Scrapy engine (a `scrapy crawl` subprocess) against the fixture
server's multi-page sites (crawler/fixture_sites/multi_page_sites.py); the link rules and
the merging of a site's records are also tested directly, without the engine.
"""

from __future__ import annotations

import pytest

from clinics import fields as F
from crawler.fixture_sites import multi_page_sites as sites
from crawler.spiders.clinic_sites import (
    link_section,
    merge_site_records,
    site_roots,
    skipped_section,
)
from tests.crawler.conftest import crawl, read_records

OAK = sites.OAK_FOREST.slug
LONE_STAR = sites.LONE_STAR.slug
GREEN_OAK = sites.GREEN_OAK.slug


def pages_of(slug: str) -> set[str]:
    """Server paths of the pages a site crawl should read."""
    return {sites.site_path(slug, path) for path in sites.SITES[slug].pages}


def never_fetched(slug: str) -> set[str]:
    """Blog, news, careers, shop, cart, login, privacy/terms and robots-disallowed pages."""
    return {sites.site_path(slug, path) for path in sites.SITES[slug].other_pages}


def fetched(server, slug: str) -> list[str]:
    return [path for path in server.request_log if path.startswith(sites.site_path(slug))]


def therapies_of(record: dict) -> set[str]:
    return set(record[F.THERAPIES])


def evidence_urls(record: dict, code: str) -> set[str]:
    return {e["url"] for e in record.get("evidence") or () if e.get("code") == code}


# ---- the link rules, without the engine --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "anchor", "section"),
    [
        ("", "Home", "home"),
        ("services/", "Treatments", "services"),
        ("services/spravato/", "Spravato", "services"),
        ("ketamine-assisted-psychotherapy", "KAP", "therapies"),
        ("what-we-treat/", "", "conditions"),
        ("post-traumatic-stress-disorder/", "PTSD", "conditions"),
        ("meet-the-team", "", "team"),
        ("page-12", "Our Clinicians", "team"),
        ("locations/the-woodlands/", "The Woodlands", "locations"),
        ("about-us/", "", "about"),
        ("contact/", "", "contact"),
        ("insurance-and-fees", "", "services"),
        ("gallery/", "Photos", None),
    ],
)
def test_links_are_classified_by_path_words_and_anchor_text(path, anchor, section):
    assert link_section(path.split("/"), anchor) == section
    assert not skipped_section(path.split("/"), anchor)


@pytest.mark.parametrize(
    ("path", "anchor"),
    [
        ("blog/what-is-ketamine-therapy/", "What is ketamine therapy?"),
        ("news/", "News"),
        ("2023/05/ketamine-study/", "A new study"),
        ("posts/ketamine/", "Ketamine"),
        ("resources/articles/ketamine/", "Ketamine"),
        ("events/open-house/", "Open house"),
        ("careers/", "Careers"),
        ("join-our-team/", "Join our team"),
        ("page-9", "We're hiring"),
        ("shop/", "Shop"),
        ("shop/gift-cards/", "Gift cards"),
        ("cart/", "Cart"),
        ("store/", ""),
        ("client-portal/login/", "Client portal"),
        ("privacy-policy/", "Privacy policy"),
        ("terms/", "Terms of use"),
    ],
)
def test_blog_news_careers_shop_login_and_legal_sections_are_skipped(path, anchor):
    assert skipped_section(path.split("/"), anchor)


def test_a_site_is_a_host_and_the_folder_of_its_home_page():
    urls = [
        "https://clinic.example/",
        "https://www.clinic.example/services/",
        "https://clinic.example/about-us",
        "http://127.0.0.1:8765/clinics/bayou/",
        "http://127.0.0.1:8765/clinics/flaky/",
        "http://127.0.0.1:8765/clinics/brochure.pdf",
        "http://127.0.0.1:8765/sites/lone-star/",
        "http://127.0.0.1:8765/sites/lone-star/locations/the-woodlands/",
    ]
    keys = {url: key for url, (key, _root) in site_roots(urls).items()}
    assert keys[urls[0]] == keys[urls[1]] == keys[urls[2]] == "clinic.example/"
    assert keys[urls[3]] == "127.0.0.1:8765/clinics/bayou/"
    assert keys[urls[4]] == "127.0.0.1:8765/clinics/flaky/"
    assert keys[urls[5]] == "127.0.0.1:8765/clinics/"  # no listed folder above it
    assert keys[urls[6]] == keys[urls[7]] == "127.0.0.1:8765/sites/lone-star/"


def test_a_sites_records_are_merged_into_one_per_street_address():
    home = {
        F.KIND: "organization",
        F.NAME: "Clinic",
        F.ADDRESS_RAW: "3100 Weslayan St, Suite 210, Houston, TX 77027",
        F.PHONE: "713-621-5530",
        F.DESCRIPTION: "IV ketamine",
    }
    listed_kirby = {
        F.KIND: "organization",
        F.NAME: "Clinic - Upper Kirby",
        F.ADDRESS_RAW: "3100 Weslayan Street, Houston, TX 77027",
    }
    woodlands = {F.KIND: "organization", F.NAME: "Clinic - The Woodlands",
                 F.ADDRESS_RAW: "9 Waterway Square Pl, Suite 410, The Woodlands, TX 77380"}  # fmt: skip
    doctor = {F.KIND: "individual", F.NAME: "Dr. Salinas", F.PHONE: "713-621-5530",
              F.ADDRESS_RAW: "3100 Weslayan St, Houston, TX 77027", F.EMAIL: "a@b.example",
              F.DESCRIPTION: "Anesthesiologist", F.WEBSITE: "https://clinic.example/team/"}  # fmt: skip
    no_address = {F.KIND: "organization", F.NAME: "Clinic", F.PHONE: "713-621-5530"}
    plain = {F.KIND: "organization", F.NAME: "Our Team", F.ADDRESS_RAW: "1 Elsewhere Rd",
             F.EXTRAS: {"extracted_from": "plain_html"}}  # fmt: skip
    found = [(0, 0, home), (3, 0, listed_kirby), (3, 1, woodlands), (4, 0, doctor),
             (5, 0, no_address), (6, 0, plain)]  # fmt: skip
    merged = merge_site_records(found)
    # one per street address, sorted by it; the organization with most fields wins; the
    # address-less record and the plain-HTML guess go, since structured records have addresses
    assert merged == [home, woodlands]
    # a plain site: the earliest page wins a tie (the home page's h1 names the practice)
    about = dict(plain, **{F.NAME: "About Dana"})
    home_plain = dict(plain, **{F.NAME: "Green Oak Counseling"})
    assert merge_site_records([(2, 0, about), (0, 0, home_plain)]) == [home_plain]
    assert merge_site_records([(0, 0, no_address)]) == [no_address]


# ---- crawls through the real engine ------------------------------------------------------


@pytest.mark.integration
def test_a_whole_site_crawl_reads_the_pages_a_person_would_and_nothing_else(
    tmp_path, fixture_site, base_url
):
    homes = [base_url + sites.site_path(slug) for slug in (OAK, LONE_STAR, GREEN_OAK)]
    result = crawl("clinic_sites", tmp_path / "sites.jsonl", arguments={"urls": ",".join(homes)})
    log = fixture_site.request_log
    assert "/robots.txt" in log
    for slug in (OAK, LONE_STAR, GREEN_OAK):
        pages = fetched(fixture_site, slug)
        assert set(pages) == pages_of(slug), slug  # services, conditions, about, team, ...
        assert len(pages) == len(set(pages)), f"{slug}: a page fetched twice"
        # blog, news, careers, shop, cart, login, privacy/terms, robots-disallowed: never
        assert not set(log) & never_fetched(slug), slug
    assert result.summary["skipped"]["robots_or_opt_out"] == 1  # green oak's client forms
    assert result.summary["errors"] == {}

    records = read_records(result.output)
    by_site: dict[str, list[dict]] = {}
    for record in records:
        slug = record[F.SOURCE_REF].removeprefix(base_url + sites.SITES_PREFIX).strip("/")
        by_site.setdefault(slug, []).append(record)
    assert {slug: len(found) for slug, found in by_site.items()} == {
        OAK: 1,
        LONE_STAR: 2,
        GREEN_OAK: 1,
    }

    # the ketamine clinic: one record per location, both found, each with the offers read
    # on the service pages (not on the page the location came from)
    kirby, woodlands = by_site[LONE_STAR]
    assert kirby[F.ID].endswith(":0") and woodlands[F.ID].endswith(":1")
    assert kirby[F.ADDRESS_1].startswith("3100 Weslayan")
    assert kirby[F.NAME] == sites.LONE_STAR_NAME  # the home page's record had most fields
    assert woodlands[F.ADDRESS_1].startswith("9 Waterway Square")
    assert woodlands[F.CITY] == "The Woodlands"
    services = base_url + sites.site_path(LONE_STAR, "services/")
    for location in (kirby, woodlands):
        assert {"ketamine_infusion", "esketamine_spravato"} <= therapies_of(location)
        assert services in evidence_urls(location, "ketamine_infusion")
        assert {"depression", "ptsd", "anxiety"} <= set(location[F.CONDITIONS])

    # the talk-therapy practice: CBT, ERP and EMDR; its "we do not offer ketamine or TMS"
    # and its blog about ketamine (never fetched) give no ketamine, esketamine or TMS
    [oak] = by_site[OAK]
    assert {"cbt", "emdr"} <= therapies_of(oak)
    assert not {t for t in therapies_of(oak) if t.startswith(("ketamine", "esketamine", "tms"))}
    assert not [e for e in oak.get("evidence") or () if "/blog/" in e["url"]]

    # the KAP therapist without structured data: the home page names the practice; the
    # offers come from the home, about and services pages
    [green] = by_site[GREEN_OAK]
    assert green[F.NAME] == sites.GREEN_OAK_NAME
    assert green[F.ADDRESS_1].startswith("2300 Green Oak")
    assert {"ketamine_assisted_psychotherapy", "emdr"} <= therapies_of(green)
    assert base_url + sites.site_path(GREEN_OAK, "services/") in evidence_urls(
        green, "ketamine_oral"
    )


@pytest.mark.integration
def test_the_page_limit_per_site_comes_from_the_argument_or_the_setting(
    tmp_path, fixture_site, base_url
):
    homes = ",".join(base_url + sites.site_path(slug) for slug in (OAK, LONE_STAR))
    limited = crawl(
        "clinic_sites",
        tmp_path / "three.jsonl",
        arguments={"urls": homes, "max_pages": "3"},
        settings={"CLINIC_SITES_MAX_PAGES": "9"},  # the argument wins
    )
    lone_star = fetched(fixture_site, LONE_STAR)
    assert len(fetched(fixture_site, OAK)) == len(lone_star) == 3
    # home first, then the first page of each section in order: services, then locations
    assert set(lone_star) == {
        sites.site_path(LONE_STAR, path) for path in ("", "services/", "locations/")
    }
    assert limited.summary["skipped"]["page_limit"] > 0
    # the locations page alone gives both locations
    records = read_records(limited.output)
    assert sorted(r[F.CITY] for r in records if LONE_STAR in r[F.SOURCE_REF]) == [
        "Houston",
        "The Woodlands",
    ]

    fixture_site.request_log.clear()
    crawl(
        "clinic_sites",
        tmp_path / "two.jsonl",
        arguments={"urls": homes},
        settings={"CLINIC_SITES_MAX_PAGES": "2"},
    )
    assert len(fetched(fixture_site, OAK)) == len(fetched(fixture_site, LONE_STAR)) == 2


@pytest.mark.integration
def test_a_sitemap_crawl_groups_entries_by_site_with_the_same_rules(
    tmp_path, fixture_site, base_url
):
    maps = ",".join(
        base_url + sites.site_path(slug, "sitemap.xml") for slug in (LONE_STAR, GREEN_OAK)
    )
    result = crawl(
        "clinic_sites",
        tmp_path / "sitemaps.jsonl",
        arguments={"sitemaps": maps, "max_pages": "6"},
    )
    log = fixture_site.request_log
    lone_star = fetched(fixture_site, LONE_STAR)
    green = fetched(fixture_site, GREEN_OAK)
    # the sitemaps list blog, news, careers, shop, cart and login pages too: never fetched
    for slug in (LONE_STAR, GREEN_OAK):
        assert not set(log) & never_fetched(slug), slug
    pages = {path for path in lone_star if not path.endswith("sitemap.xml")}
    assert len(pages) == 6 and pages <= pages_of(LONE_STAR)
    assert sites.site_path(LONE_STAR, "locations/") in pages
    # every page of the KAP site but the client forms that robots.txt disallows
    assert {path for path in green if not path.endswith("sitemap.xml")} == pages_of(GREEN_OAK)

    records = read_records(result.output)
    assert sorted(r[F.SOURCE_REF] for r in records) == sorted(
        [base_url + sites.site_path(LONE_STAR)] * 2 + [base_url + sites.site_path(GREEN_OAK)]
    )
    assert len({r[F.ID] for r in records}) == 3
    assert all(r[F.IS_SAMPLE] is True for r in records)

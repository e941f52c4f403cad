"""The real thing: `clinics ui` on a real node, driven in Debian's Chromium.

Type 77030, choose "Ketamine-assisted psychotherapy", see the KAP providers nearest
first, open the nearest, check its sources. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e import browser
from tests.ui import providers

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        browser.chromium_missing(),
        reason=f"{browser.CHROMIUM} is missing (install Debian's chromium: apt-get install chromium)",
    ),
]

WHERE_LABEL = "Where? ZIP code, city, address or “lat, lon”"
KAP_LABEL = "Ketamine-assisted psychotherapy"


@pytest.fixture(scope="module")
def app_url(es, es_url):
    with browser.ui_over(es, es_url, providers.PROVIDERS, "e2e") as base:
        yield base


def expect_titles(page, expected: list[str]) -> None:
    want = [f"{number}. {name}" for number, name in enumerate(expected, start=1)]
    page.wait_for_function(
        "want => { const got = [...document.querySelectorAll(\"[class*='st-key-card_'] p strong\")]"
        ".map(e => e.innerText); return JSON.stringify(got) === JSON.stringify(want); }",
        arg=want,
        timeout=60_000,
    )


def test_find_kap_near_77030_open_the_nearest_and_check_its_sources(app_url):
    browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 1600})
        page.goto(app_url)
        where = page.get_by_label(WHERE_LABEL)
        where.wait_for(timeout=60_000)
        assert page.get_by_text("Call or text").first.is_visible()  # the crisis line

        where.fill("77030")
        where.press("Enter")
        page.get_by_text("near Houston, TX 77030 · ZIP centre, approximate").wait_for(
            timeout=60_000
        )
        browser.wait_until_idle(page)

        page.get_by_role("button", name="Filters").click()
        page.get_by_test_id("stPopoverBody").get_by_text(KAP_LABEL).click()
        page.keyboard.press("Escape")
        expect_titles(page, providers.KAP_NEAREST_FIRST)
        browser.wait_until_idle(page)
        assert "therapy=ketamine_assisted_psychotherapy" in page.url
        assert "near=77030" in page.url
        page.wait_for_timeout(1500)  # let the map draw for the screenshot
        page.screenshot(path=browser.SCREENSHOTS / "01-kap-near-77030.png", full_page=True)

        page.locator(".st-key-card_1").get_by_role("button", name="Details and sources").click()
        page.get_by_role("heading", name="Sources").wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        heading = page.get_by_role("heading", name=providers.KAP_NEAREST_FIRST[0])
        assert heading.is_visible()
        links = page.get_by_role("link").evaluate_all("links => links.map(a => a.href)")
        assert "https://example.org/sample/kap-near" in links
        assert "https://example.org/clinic_sites/kap-near" in links
        assert page.get_by_text(re.compile(r"fetched 20 Nov 2026")).count() == 2
        # why it is listed for KAP: the provider's own sentence, its page and date
        page.get_by_role("heading", name="Why these therapies and conditions are listed").wait_for()
        why = page.get_by_text(re.compile(r"Listed for Ketamine-assisted psychotherapy"))
        assert why.count() == 1 and why.first.is_visible()
        assert "because their site says" in why.first.inner_text()
        assert "https://example.org/kap-near/services" in links
        assert "provider=kap-near" in page.url
        page.screenshot(path=browser.SCREENSHOTS / "02-provider-detail.png", full_page=True)

        page.get_by_role("button", name="Back to results").click()
        expect_titles(page, providers.KAP_NEAREST_FIRST)


def test_a_shared_link_on_a_phone_shows_the_same_results(app_url):
    with browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": 390, "height": 2400}, is_mobile=True)
        page.goto(f"{app_url}/?near=77030&therapy=ketamine_assisted_psychotherapy")
        expect_titles(page, providers.KAP_NEAREST_FIRST)
        browser.wait_until_idle(page)
        page.get_by_role("button", name="Details and sources").last.wait_for(timeout=30_000)
        page.get_by_text("Nearest first").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=browser.SCREENSHOTS / "03-phone-390px.png", full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, "the page scrolls sideways on a phone"


def test_hostile_names_stay_text_in_the_browser(app_url):
    with browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 1400})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{app_url}/?near=77030&provider=hostile")
        page.get_by_role("heading", name="Sources").wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        assert page.get_by_text("<script>alert('owned')</script>", exact=False).count() >= 1
        assert page.locator("script:text('owned')").count() == 0
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert dialogs == []
        page.screenshot(path=browser.SCREENSHOTS / "04-hostile-content.png", full_page=True)


def location_button(page):
    frame = page.frame_locator("iframe[title*='geolocation']")
    return frame.locator("button")


def test_use_my_location_when_the_browser_allows_it(app_url):
    with browser.chromium() as chromium:
        context = chromium.new_context(
            viewport={"width": 1280, "height": 1400},
            geolocation={"latitude": 29.7065, "longitude": -95.3990},
            permissions=["geolocation"],
        )
        page = context.new_page()
        page.goto(app_url)
        location_button(page).click(timeout=60_000)
        page.get_by_text("near your location").wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        assert "lat=29.70650" in page.url and "lon=-95.39900" in page.url
        assert browser.card_titles(page)[0] == "1. Sample Bayou Ketamine Collective"
        context.close()


def test_use_my_location_when_the_browser_refuses(app_url):
    with browser.chromium() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 1400}, permissions=[])
        page = context.new_page()
        page.goto(app_url)
        location_button(page).click(timeout=60_000)
        page.wait_for_timeout(2000)
        browser.wait_until_idle(page)
        assert "lat=" not in page.url
        assert page.get_by_label(WHERE_LABEL).is_visible()  # typing a place still works
        assert page.get_by_text("ran into a problem").count() == 0
        context.close()


STALE_WATCH = """() => {
  window.__staleKeys = new Set();
  new MutationObserver(records => {
    for (const record of records) {
      const el = record.target;
      if (el.getAttribute('data-stale') !== 'true') continue;
      for (const key of ['crisis_banner', 'language_switch', 'card_1', 'filters_slot']) {
        if (el.closest('.st-key-' + key)) window.__staleKeys.add(key);
      }
      if (el.querySelector('iframe[title*="geolocation"]')) window.__staleKeys.add('geolocation');
    }
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-stale']});
}"""


def test_a_filter_reruns_the_results_not_the_page_above_them(app_url):
    """st.fragment: ticking a filter redraws the list (its elements go stale while the run
    lasts) but never the crisis line, the language switch or the location component."""
    with browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 1400})
        page.goto(f"{app_url}/?near=77030&therapy=ketamine_assisted_psychotherapy")
        expect_titles(page, providers.KAP_NEAREST_FIRST)
        browser.wait_until_idle(page)
        page.evaluate(STALE_WATCH)
        page.get_by_role("button", name="Filters").click()
        page.get_by_test_id("stPopoverBody").get_by_text(re.compile("^Telehealth")).click()
        page.wait_for_function("() => location.search.includes('telehealth=1')", timeout=60_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-stale=\"true\"]')", timeout=60_000
        )
        browser.wait_until_idle(page)
        stale = set(page.evaluate("() => [...window.__staleKeys]"))
        assert "card_1" in stale or "filters_slot" in stale, stale
        assert not stale & {"crisis_banner", "language_switch", "geolocation"}, stale
        assert page.locator(".st-key-crisis_banner").is_visible()

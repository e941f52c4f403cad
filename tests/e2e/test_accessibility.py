"""WCAG 2.1 A/AA: axe-core finds no violation on any page, at desktop and phone widths.

The pages: the start page, a results page, a provider's page, an empty result, the
engine-down page and the maintainer view (its sign-in form and the signed-in page).
`clinics ui` runs on a real node; a second server points at a closed port for the
engine-down page. Besides axe: the result count is in a live region, link texts make
sense alone, and the map's content is repeated as text.
"""

from __future__ import annotations

import pytest

from tests.e2e import axe, browser
from tests.ui import providers

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(browser.chromium_missing(), reason=f"{browser.CHROMIUM} is missing"),
    pytest.mark.skipif(axe.missing(), reason=f"{axe.AXE_JS} is missing: run `npm ci`"),
]

TOKEN = "axe maintainer token 7"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
LANGUAGES = ["en", "es"]
SEARCH_PAGES = {
    "start": ("/", None),
    "results": ("/?near=77030&therapy=ketamine_assisted_psychotherapy", ".st-key-card_1"),
    "provider": ("/?near=77030&provider=kap-near", ".st-key-provider_detail"),
    "empty": ("/?near=77030&q=zzqxnothingmatches", ".st-key-empty_result"),
}


@pytest.fixture(scope="module")
def app_url(es, es_url):
    with browser.ui_over(
        es, es_url, providers.PROVIDERS, "axe", CLINICS_MAINTAINER_TOKEN=TOKEN
    ) as base:
        yield base


@pytest.fixture(scope="module")
def down_url():
    with browser.ui_engine_down("axe") as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with browser.chromium() as launched:
        yield launched


def with_lang(path: str, lang: str) -> str:
    if lang == "en":
        return path
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def open_page(chromium, url: str, width: str, marker: str | None):
    w, h = WIDTHS[width]
    context = chromium.new_context(viewport={"width": w, "height": h}, is_mobile=width == "phone")
    page = context.new_page()
    page.goto(url)
    page.locator(".st-key-crisis_banner").wait_for(timeout=60_000)
    if marker:
        page.locator(marker).first.wait_for(timeout=60_000)
    browser.wait_until_idle(page)
    page.wait_for_timeout(800)
    return context, page


def assert_no_violations(page, name: str) -> None:
    found = axe.violations(page)
    assert not found, f"axe on {name}:\n{axe.describe(found)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(SEARCH_PAGES))
def test_search_pages_have_no_wcag_violations(chromium, app_url, name, width, lang):
    path, marker = SEARCH_PAGES[name]
    context, page = open_page(chromium, app_url + with_lang(path, lang), width, marker)
    try:
        assert_no_violations(page, f"{name} {width} {lang}")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_engine_down_page_has_no_wcag_violations(chromium, down_url, width, lang):
    url = down_url + with_lang("/?near=77030", lang)
    context, page = open_page(chromium, url, width, "[data-testid='stAlertContentError']")
    try:
        assert page.locator(".st-key-engine_error").count() == 1
        assert_no_violations(page, f"engine down {width} {lang}")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_maintainer_view_has_no_wcag_violations(chromium, app_url, width, lang):
    url = app_url + with_lang("/maintainer", lang)
    context, page = open_page(chromium, url, width, "[data-testid='stForm']")
    try:
        assert_no_violations(page, f"maintainer sign-in {width} {lang}")
        page.locator("input[type='password']").fill(TOKEN)
        page.locator("input[type='password']").press("Enter")
        page.locator(".st-key-maintainer_sign_out").wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        page.wait_for_timeout(800)
        assert_no_violations(page, f"maintainer {width} {lang}")
    finally:
        context.close()


def test_result_count_is_announced_links_read_alone_and_the_map_is_text(chromium, app_url):
    path, marker = SEARCH_PAGES["results"]
    context, page = open_page(chromium, app_url + path, "desktop", marker)
    try:
        live = page.locator("[role='status'][aria-live='polite']")
        assert live.count() >= 1
        assert "providers" in live.first.inner_text()
        vague = {"website", "here", "click here", "link", "more", "details"}
        for text in page.get_by_role("link").all_inner_texts():
            assert text.strip().lower() not in vague, f"link text {text!r} needs its context"
        # what the map shows, as a list: each numbered pin with its name and distance
        pins = page.locator(".st-key-map_as_text li")
        assert pins.count() == len(providers.KAP_NEAREST_FIRST)
        assert providers.KAP_NEAREST_FIRST[0] in pins.first.text_content()
    finally:
        context.close()

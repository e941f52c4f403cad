"""A phone at 390×844: the crisis line, the place box and the first result within the first
two screens; the filters open from one labelled control; tap targets of at least 44 px;
nothing wider than the screen. Screenshots go to artifacts/screenshots/ (phone-*.png)."""

from __future__ import annotations

import pytest

from tests.e2e import browser
from tests.ui import providers
from ui import messages

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(browser.chromium_missing(), reason=f"{browser.CHROMIUM} is missing"),
]

WIDTH, HEIGHT = 390, 844
RESULTS = "/?near=77030&therapy=ketamine_assisted_psychotherapy"
TARGETS = """() => {
  const small = [];
  // a text box or a list counts as its whole frame; a checkbox or radio as its label
  const selector = 'button, [data-baseweb=input], [data-baseweb=select] > div, summary, ' +
    '[data-testid=stCheckbox] label, [data-testid=stRadio] label[data-baseweb=radio]';
  document.querySelectorAll(selector).forEach(el => {
    if (el.tagName === 'BUTTON' && el.closest('[data-baseweb=select]')) return;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;  // not shown
    if (el.closest('[data-testid=stPopoverBody]') && !el.offsetParent) return;
    if (box.height < 44 || box.width < 44)
      small.push(`${el.tagName} ${el.className.toString().slice(0,60)} ${(el.closest('[data-testid]') || el).getAttribute('data-testid')} ${(el.innerText || el.getAttribute('aria-label') || '').slice(0, 40)} ${Math.round(box.width)}x${Math.round(box.height)}`);
  });
  return small;
}"""


@pytest.fixture(scope="module")
def app_url(es, es_url):
    with browser.ui_over(es, es_url, providers.PROVIDERS, "phone") as base:
        yield base


def top(page, locator) -> float:
    box = locator.first.bounding_box()
    assert box is not None
    return box["y"] + page.evaluate("() => window.scrollY")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_phone_layout(app_url, lang):
    browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS + ("&lang=es" if lang == "es" else "")
    with browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True)
        page.goto(app_url + path)
        page.locator(".st-key-card_1").wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=browser.SCREENSHOTS / f"phone-results-{lang}.png", full_page=True)
        two_screens = 2 * HEIGHT
        assert top(page, page.locator(".st-key-crisis_banner")) < HEIGHT
        where = page.get_by_label(messages.t("form.where", lang))
        assert top(page, where) < two_screens
        assert top(page, page.locator(".st-key-card_1")) < two_screens
        assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
        small = page.evaluate(TARGETS)
        assert small == [], small

        page.get_by_role("button", name=messages.t("filters.open", lang)).click()
        body = page.get_by_test_id("stPopoverBody")
        body.get_by_text(messages.t("filter.therapies", lang)).first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=browser.SCREENSHOTS / f"phone-filters-{lang}.png", full_page=True)
        small = page.evaluate(TARGETS)
        assert small == [], small
        assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH

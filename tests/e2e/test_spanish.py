"""?lang=es: every page in Spanish, with no string of the English catalog left, the
maintainer view included (sign-in form and signed-in page); <html lang> follows the
language on every page; and the language switch keeps the search (and writes the language
into the shareable URL).

Provider data (names, descriptions, quotes) stay as their sources wrote them; what is
checked is the interface: the English catalog (ui.messages.EN) and the English taxonomy
labels, wherever the Spanish differs.
"""

from __future__ import annotations

import re

import pytest

from clinics import taxonomy
from tests.e2e import browser
from tests.ui import providers
from ui import messages

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(browser.chromium_missing(), reason=f"{browser.CHROMIUM} is missing"),
]

PAGES = {
    "start": ("/?lang=es", None),
    "results": ("/?lang=es&near=77030&therapy=ketamine_assisted_psychotherapy", ".st-key-card_1"),
    "provider": ("/?lang=es&near=77030&provider=kap-near", ".st-key-provider_detail"),
    "empty": ("/?lang=es&near=77030&q=zzqxnothingmatches", ".st-key-empty_result"),
    "place not found": ("/?lang=es&near=Qwzxv%20Nowhere", "[data-testid='stAlertContentWarning']"),
    "beyond radius": ("/?lang=es&near=77030&r=1&therapy=ketamine_at_home", None),
}
TOKEN = "spanish maintainer token 9"
SPLIT = re.compile(r"\{[^}]*\}|\n|\*\*|\[|\]\([^)]*\)|^- |“|”|→|←|·")


def english_fragments() -> tuple[set[str], set[str]]:
    """(phrases, single words) of the English catalog and labels that Spanish changes."""
    phrases: set[str] = set()
    words: set[str] = set()
    pairs = [(messages.EN[k], messages.ES[k]) for k in messages.EN]
    pairs += [
        (taxonomy.label(term.code), taxonomy.label(term.code, "es"))
        for term in taxonomy.all_terms()
    ]
    pairs += [
        (taxonomy.group_label(g), taxonomy.group_label(g, "es"))
        for g in taxonomy.THERAPY_GROUP_LABELS
    ]
    for english, spanish in pairs:
        if english == spanish:
            continue
        for part in SPLIT.split(english):
            part = part.strip(" .,:;()!?")
            if len(part) < 4 or part in spanish:
                continue
            (phrases if " " in part else words).add(part)
    return phrases, words


@pytest.fixture(scope="module")
def app_url(es, es_url):
    with browser.ui_over(
        es, es_url, providers.PROVIDERS, "es", CLINICS_MAINTAINER_TOKEN=TOKEN
    ) as base:
        yield base


@pytest.fixture(scope="module")
def down_url():
    with browser.ui_engine_down("es") as base:
        yield base


# Streamlit's own element toolbar (a table's Download, Search and Fullscreen buttons) has
# English labels that Streamlit offers no way to translate; they are not catalog text.
TEXTS = """() => {
  const TOOLBAR = '[data-testid="stElementToolbar"], [kind="elementToolbar"]';
  const out = [];
  const walk = doc => {
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (el && getComputedStyle(el).fontFamily.includes('Material')) continue;  // icon names
      if (el && el.closest(TOOLBAR)) continue;
      out.push(walker.currentNode.textContent);
    }
    doc.querySelectorAll('[placeholder],[aria-label],[title]').forEach(el => {
      if (el.closest(TOOLBAR)) return;
      for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    });
    doc.querySelectorAll('iframe').forEach(f => { try { if (f.contentDocument) walk(f.contentDocument); } catch (e) {} });
  };
  walk(document);
  return out.map(s => s.trim()).filter(Boolean);
}"""


def data_strings(value) -> list[str]:
    """Every string of the test providers: data stay as their sources wrote them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in data_strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in data_strings(item)]
    return []


DATA = sorted(set(data_strings(providers.PROVIDERS)), key=len, reverse=True)


def english_left(page) -> list[str]:
    texts = page.evaluate(TEXTS)
    whole = "\n".join(texts)
    for value in DATA:
        if len(value) > 3:
            whole = whole.replace(value, " ")
    phrases, words = english_fragments()
    left = sorted(p for p in phrases if p in whole)
    nodes = {t.strip(" .,:;()!?") for t in texts}
    left += sorted(w for w in words if w in nodes)
    return left


def open_page(chromium, url: str, marker: str | None):
    page = chromium.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(url)
    page.locator(".st-key-crisis_banner").wait_for(timeout=60_000)
    if marker:
        page.locator(marker).first.wait_for(timeout=60_000)
    browser.wait_until_idle(page)
    page.wait_for_timeout(800)
    return page


def test_every_page_in_spanish_has_no_english_left(app_url, down_url):
    with browser.chromium() as chromium:
        found = {}
        for name, (path, marker) in PAGES.items():
            page = open_page(chromium, app_url + path, marker)
            assert "marque 2" in page.locator(".st-key-crisis_banner").inner_text()
            found[name] = english_left(page)
            page.close()
        page = open_page(chromium, down_url + "/?lang=es&near=77030", ".st-key-engine_error")
        found["engine down"] = english_left(page)
        page.close()
        page = open_page(chromium, app_url + "/maintainer?lang=es", "[data-testid='stForm']")
        found["maintainer sign-in"] = english_left(page)
        sign_in(page)
        found["maintainer"] = english_left(page)
        assert page.get_by_text(messages.ES["maint.by_source"]).count() == 1
        assert [item for item in found.values() if item] == [], found


def sign_in(page) -> None:
    page.locator("input[type='password']").fill(TOKEN)
    page.locator("input[type='password']").press("Enter")
    page.locator(".st-key-maintainer_sign_out").wait_for(timeout=60_000)
    browser.wait_until_idle(page)
    page.wait_for_timeout(800)


def html_lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def test_html_lang_follows_the_language_on_every_page(app_url):
    """A page opened directly with ?lang=es (a provider's, the maintainer's) says
    <html lang="es">, and the switch changes it back."""
    with browser.chromium() as chromium:
        for name, (path, marker) in PAGES.items():
            page = open_page(chromium, app_url + path, marker)
            assert html_lang(page) == "es", name
            page.close()
            english = path.replace("lang=es&", "").replace("/?lang=es", "/")
            page = open_page(chromium, app_url + english, marker)
            assert html_lang(page) == "en", f"{name} in English"
            page.close()
        page = open_page(chromium, app_url + "/maintainer?lang=es", "[data-testid='stForm']")
        assert html_lang(page) == "es"
        sign_in(page)
        assert html_lang(page) == "es"
        page.close()
        page = open_page(chromium, app_url + "/?lang=es&near=77030", ".st-key-card_1")
        page.locator(".st-key-language_switch").get_by_text("English").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=60_000)
        page.locator(".st-key-language_switch").get_by_text("Español").click()
        page.wait_for_function("() => document.documentElement.lang === 'es'", timeout=60_000)


def test_the_language_switch_keeps_the_search(app_url):
    with browser.chromium() as chromium:
        page = open_page(
            chromium,
            app_url + "/?near=77030&therapy=ketamine_assisted_psychotherapy",
            ".st-key-card_1",
        )
        page.locator(".st-key-language_switch").get_by_text("Español").click()
        page.get_by_text(messages.ES["card.details"]).first.wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        assert "lang=es" in page.url and "near=77030" in page.url
        assert "therapy=ketamine_assisted_psychotherapy" in page.url
        titles = browser.card_titles(page)
        assert titles[0] == f"1. {providers.KAP_NEAREST_FIRST[0]}"
        page.locator(".st-key-language_switch").get_by_text("English").click()
        page.get_by_text(messages.EN["card.details"]).first.wait_for(timeout=60_000)
        browser.wait_until_idle(page)
        assert "lang=" not in page.url and "near=77030" in page.url

"""The message catalog (ui.messages): both languages have the same keys, every key is used
by the interface and every key the interface asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinics import taxonomy
from clinics.taxonomy.spanish import LABELS_ES
from search.filters import FILTER_GROUPS
from ui import formatting, messages
from ui.render import detail

pytestmark = pytest.mark.unit

UI = Path(messages.__file__).resolve().parent
LITERAL = re.compile(r"""\bt\(\s*(?:f?)["']([a-z_.A-Z{}]+)["']""")


def sources() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8") for path in UI.rglob("*.py") if path.name != "messages.py"
    )


def used_keys() -> set[str]:
    """Keys the code names: t("key") literals, quoted keys (SORT_LABELS), and the families
    built from a code (filter.<name>, field.<name>, precision.<code> ...)."""
    text = sources()
    literal = {key for key in LITERAL.findall(text) if "{" not in key}
    quoted = {key for key in messages.EN if f'"{key}"' in text}
    families = {f"filter.{group.name}" for group in FILTER_GROUPS}
    families |= {f"filter.{group.name}.noun" for group in FILTER_GROUPS}
    families |= {f"field.{name}" for name in detail.FIELD_LABELS}
    families |= {f"kind.{code}" for code in detail.KIND_CODES}
    families |= {f"weekday.{code}" for code in detail.WEEKDAYS}
    families |= {f"precision.{code}" for code in formatting.PRECISION_CODES}
    families |= {f"source.{code}" for code in formatting.SOURCE_CODES}
    return literal | quoted | families


def test_both_languages_have_the_same_keys():
    assert set(messages.EN) == set(messages.ES)
    assert all(messages.ES[key].strip() for key in messages.ES)


def test_no_key_is_missing():
    missing = sorted(key for key in LITERAL.findall(sources()) if "{" not in key)
    assert [key for key in missing if key not in messages.EN] == []
    assert used_keys() <= set(messages.EN)


def test_no_key_is_unused():
    assert sorted(set(messages.EN) - used_keys()) == []


def test_placeholders_match_between_languages():
    fields = re.compile(r"\{(\w+)")
    for key, english in messages.EN.items():
        assert set(fields.findall(english)) == set(fields.findall(messages.ES[key])), key


def test_t_formats_in_the_language_asked_for():
    assert messages.t("count.all", "es", total=3) == "3 proveedores"
    assert messages.t("count.all", "en", total=3) == "3 providers"
    assert messages.t("count.all", "xx", total=3) == "3 providers"  # unknown: English


def test_every_taxonomy_code_and_group_has_a_spanish_label():
    codes = {term.code for term in taxonomy.all_terms()}
    assert set(LABELS_ES) == codes
    for code in codes:
        assert taxonomy.label(code, "es") == LABELS_ES[code] != taxonomy.label(code)
    for group in [*taxonomy.THERAPY_GROUP_LABELS, "other"]:
        assert taxonomy.group_label(group, "es") != taxonomy.group_label(group)


def test_the_crisis_line_in_spanish_says_press_2_and_text_ayuda():
    banner = messages.ES["crisis.banner"]
    assert "marque 2" in banner and "AYUDA" in banner and "tel:988" in banner
    assert "tel:911" in banner

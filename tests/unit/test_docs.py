"""The docs stay true: every setting read from the environment and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("clinics", "crawler", "indexer", "search", "ui", "api")
ENV_NAME = re.compile(r"""["']((?:ES|CLINICS)_[A-Z0-9_]+)["']""")
DOCS = "\n".join(p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def settings_read_by_code() -> set[str]:
    names: set[str] = set()
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            names.update(ENV_NAME.findall(path.read_text()))
    return names


def test_settings_are_found():
    assert {"ES_URL", "CLINICS_ENGINE_HEAP"} <= settings_read_by_code()


@pytest.mark.parametrize("name", sorted(settings_read_by_code()))
def test_setting_is_documented(name):
    assert re.search(rf"\|\s*`?{name}`?\s*\|", DOCS), (
        f"{name} has no row in a settings table in docs/"
    )


def commands() -> list[str]:
    from clinics.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", commands())
def test_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text()
    assert f"clinics {command}" in readme

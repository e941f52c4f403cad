"""The repository keeps to docs/architecture.md: each package imports only the parts the
table allows, and every path the docs and code comments name exists."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("clinics", "crawler", "indexer", "search", "ui", "api")
COMMAND = "clinics.commands"  # clinics/cli.py and clinics/commands/: the top of the stack

# What each part may import of this repository (docs/architecture.md, "Packages").
ALLOWED: dict[str, set[str]] = {
    "clinics": set(),
    "crawler": {"clinics"},
    "indexer": {"clinics"},
    "search": {"clinics", "indexer"},
    "ui": {"clinics", "indexer", "search"},
    "api": {"clinics", "indexer", "search", "ui.crisis"},
    COMMAND: {*PARTS},
}


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _part_of(module: str) -> str:
    if module == "clinics.cli" or module.startswith(COMMAND + "."):
        return COMMAND
    return module.split(".")[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every absolute import of one of the parts."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in PARTS]
    return found


def _allowed(part: str, imported: str) -> bool:
    if imported.split(".")[0] == part.split(".")[0] and part != COMMAND:
        return part != "clinics" or not imported.startswith(COMMAND)
    return any(imported == rule or imported.startswith(rule + ".") for rule in ALLOWED[part])


def _modules() -> list[Path]:
    return sorted(path for part in PARTS for path in (ROOT / part).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_each_module_imports_only_what_its_part_may(path):
    part = _part_of(_module_of(path))
    wrong = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if not _allowed(part, name) and not _allowed(part, name.rsplit(".", 1)[0])
    ]
    assert not wrong, f"{part} may import only {sorted(ALLOWED[part])}: {wrong}"


def test_the_rules_catch_an_import_against_the_flow(tmp_path):
    assert not _allowed("indexer", "search.service")
    assert not _allowed("clinics", "indexer.fields")
    assert not _allowed("search", "ui.state")
    assert _allowed("ui", "search.types")
    assert _allowed(COMMAND, "crawler.run")


# ---- paths named in docs and comments ----------------------------------------------------

# A path of this repository: a known top folder, then a file with an extension or a folder
# ending in "/". Upper-case parts are placeholders (crawler/sources/tables/NAME.yaml).
PATH = re.compile(
    r"(?<![\w./<-])((?:clinics|crawler|indexer|search|ui|api|tests|bench|docs|samples|engine"
    r"|\.ci)/(?:[\w.-]+/)*(?:[\w-]+\.[a-z]{1,5}\b|))(?![\w/])"
)
TOP_DOC = re.compile(r"(?<![\w./-])([A-Z][A-Z_]+\.md)\b")  # a top-level document: README.md


def _comments_and_docstrings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    texts = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring and node.body:
                texts.append((node.body[0].lineno, docstring))
    return texts


def _texts() -> list[tuple[str, int, str]]:
    texts = []
    for doc in [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("samples/*.md")]:
        lines = doc.read_text(encoding="utf-8").splitlines()
        texts += [(str(doc.relative_to(ROOT)), n, line) for n, line in enumerate(lines, 1)]
    for folder in (*PARTS, "bench", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            texts += [(where, n, text) for n, text in _comments_and_docstrings(path)]
    return texts


def _exists(named: str) -> bool:
    path = ROOT / named.rstrip("/")
    if path.exists():
        return True
    placeholder = "/" in named and path.stem.isupper()
    return placeholder and path.parent.is_dir()


def test_every_path_named_in_docs_and_comments_exists():
    missing = []
    for where, line, text in _texts():
        names = [m.group(1) for m in PATH.finditer(text)] + TOP_DOC.findall(text)
        missing += [f"{where}:{line}: {name}" for name in names if not _exists(name)]
    assert not missing, "paths that do not exist:\n" + "\n".join(missing)


def test_the_path_check_sees_a_missing_file():
    assert [m.group(1) for m in PATH.finditer("see docs/settings.md and search/")] == [
        "docs/settings.md",
        "search/",
    ]
    assert not _exists("docs/settings.md")
    assert TOP_DOC.findall("(DESIGN.md section 3)") == ["DESIGN.md"]
    assert not _exists("DESIGN.md")
    assert _exists("crawler/sources/tables/NAME.yaml")

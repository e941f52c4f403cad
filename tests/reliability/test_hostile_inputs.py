"""Hostile input by the thousand: search(), `clinics search` and the UI's URL parameters.

Every case is generated from a fixed seed (CLINICS_FUZZ_SEED to try another), in fixed
counts, against a real engine: query syntax, HTML, 1 MB strings, NUL, RTL marks, lone
surrogates, NaN, infinities, huge integers, Unicode digits, malformed and deeply nested
cursors. The promise under test: no uncaught exception and no engine 5xx, whatever comes
in. Each test prints how many cases it ran (on the terminal, also without `-s`).

The named regression tests below the fuzzers are the defects of issue 10 that the fuzzers
found (each failed before its fix).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import elasticsearch
import pytest

from search.types import GeoPoint, SearchParams, SearchResponse

pytestmark = pytest.mark.integration

SEED = int(os.environ.get("CLINICS_FUZZ_SEED", "20261010"))
ROOT = Path(__file__).resolve().parents[2]

SEARCH_CASES = 560  # search(); with the lookups and the UI cases: 1,004 calls into search.service
CLI_CASES = 200  # `clinics search` in process (main(argv))
UI_PARSE_CASES = 1_500  # ui.state parsing of URL parameters
UI_SEARCH_CASES = 100  # of those, sent on through search() as the app would
ECHO_LIMIT = 200  # no stderr line of `clinics search` may be longer

MEGABYTE = "x" * 1_000_000
HUGE = 10**400

HOSTILE_STRINGS = [
    # query syntax of every kind the engine knows
    "name:(a OR b)~2^3",
    "*",
    "?",
    "\\",
    "/.*/",
    '"unbalanced',
    "a AND NOT b OR",
    '+-&&||!(){}[]^"~*?:\\/',
    "_exists_:name",
    "description:*",
    "{!lucene}x",
    "a~99999",
    "(((((((((((((((((((((((((((((x",
    "#{1+1}",
    "${jndi:ldap://example.invalid/a}",
    # HTML, scripts, markdown, Streamlit directives
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    ":red[x] :material/home: :smile: $x^2$",
    "www.example.org intake@example.org",
    # control characters, invisible and bidirectional marks
    "\x00",
    "a\x00b",
    "77030\x00",
    "\x1b[31mred",
    "\u202eevil\u202c",
    "\u200f\u200e\u200b\ufeff",
    "\u2028\u2029",
    # lone surrogates (not encodable as UTF-8)
    "\ud800",
    "a\udfffb",
    "\udcff77030",
    # Unicode digits
    "²",
    "٣",
    "５",
    "𝟗",
    "7７0٣0",
    # numbers as text
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e400",
    "9" * 400,
    "-0",
    "0x1F",
    # JSON, SQL, paths, formats
    '{"a": 1}',
    "[1, 2]",
    "null",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00%ff",
    "%s%n%x",
    # long and wide
    "🧠" * 300,
    "e\u0301" * 500,
    "ﷺ" * 100,
    "x" * 10_000,
    MEGABYTE,
    "Houston, TX",
    "77030",
    "29.7, -95.4",
    "",
    " ",
]

HOSTILE_NUMBERS = [
    math.nan,
    math.inf,
    -math.inf,
    HUGE,
    -HUGE,
    10**5000,
    2**63,
    -(2**63) - 1,
    1e308,
    -1e308,
    5e-324,
    -0.0,
    0,
    1,
    True,
    False,
    None,
    Fraction(HUGE),
    "12",
    "1e400",
    "²",
    "nan",
    "",
    "9" * 5_000,
]


def deep_list(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE_CURSORS = [
    None,
    (),
    (math.nan,),
    (math.inf, "a"),
    (HUGE, "a"),
    (2**63, "a"),
    ("\ud800", "a"),
    (MEGABYTE,),
    ({"a": 1}, "a"),
    (deep_list(10_000),),
    deep_list(10_000),
    (1.0, "x", 3, None, 5, 6, 7),
    "[1, 2]",
    (True, "a"),
    (1.5, "kap-near"),
    (0.3, "doc-1"),
]

HOSTILE_CURSOR_TEXTS = [
    deep_json(10_000),
    deep_json(500),
    "[[1]]",
    "[NaN]",
    "[Infinity, 1]",
    "[-Infinity]",
    "[1e999]",
    "[" + "9" * 400 + "]",
    "[" + "9" * 5_000 + "]",
    '["\\ud800"]',
    '[{"a": 1}]',
    "[1, 2, 3, 4, 5, 6, 7, 8]",
    "[]",
    "{}",
    "not json",
    '["unterminated',
    "[1,]",
    "\x00",
    "[" + "1," * 3_000 + "1]",
    '[1.5, "kap-near"]',
    '[0.5, 0.2, "doc"]',
]

CODE_POOL = ["cbt", "emdr", "ketamine_assisted_psychotherapy", "anxiety", "psychiatrist"]


def random_text(rng: random.Random) -> str:
    """A hostile string: from the catalogue, a mix of two, or random code points."""
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(HOSTILE_STRINGS)
    if roll < 0.8:
        return rng.choice(HOSTILE_STRINGS)[:200] + rng.choice(HOSTILE_STRINGS)[:200]
    alphabet = [
        (0x00, 0x7F),
        (0x80, 0x2FF),
        (0x590, 0x6FF),  # Hebrew, Arabic (right to left)
        (0x2000, 0x206F),  # spaces, joiners, bidi controls
        (0xD800, 0xDFFF),  # surrogates
        (0xFF00, 0xFFEF),  # full-width forms
        (0x1F300, 0x1FAFF),  # emoji
    ]
    chars = []
    for _ in range(rng.randint(1, 60)):
        low, high = rng.choice(alphabet)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def random_value(rng: random.Random):
    """Anything a caller might pass as one parameter."""
    roll = rng.random()
    if roll < 0.45:
        return random_text(rng)
    if roll < 0.8:
        return rng.choice(HOSTILE_NUMBERS)
    if roll < 0.9:
        return rng.choice(CODE_POOL)
    return [random_text(rng) for _ in range(rng.randint(0, 30))]


def random_params(rng: random.Random) -> SearchParams:
    """A SearchParams with hostile values in a random subset of its fields (wrong types too:
    callers are Python code and a URL or a CLI may hand over anything)."""
    values: dict = {}
    if rng.random() < 0.5:
        values["near_text"] = random_value(rng)
    if rng.random() < 0.3:
        values["point"] = GeoPoint(random_value(rng), random_value(rng))
    elif rng.random() < 0.2:
        values["point"] = GeoPoint(29.7041, -95.401)
    if rng.random() < 0.5:
        values["text"] = random_value(rng)
    if rng.random() < 0.4:
        values["radius_mi"] = random_value(rng)
    if rng.random() < 0.4:
        values["size"] = random_value(rng)
    for name in ("therapies", "conditions", "provider_types", "insurance", "languages"):
        if rng.random() < 0.2:
            values[name] = random_value(rng)
    for name in ("telehealth", "accepting_new_patients"):
        if rng.random() < 0.15:
            values[name] = random_value(rng)
    if rng.random() < 0.3:
        values["sort"] = rng.choice(["distance", "relevance", "recent", random_value(rng)])
    if rng.random() < 0.4:
        values["search_after"] = rng.choice([*HOSTILE_CURSORS, random_value(rng)])
    return SearchParams(**values)


@dataclass
class Tally:
    """What a fuzzer ran and what went wrong; failures keep a short description each."""

    cases: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, what: str, case: object, exc: BaseException | None = None) -> None:
        detail = f"{type(exc).__name__}: {str(exc)[:200]}" if exc else ""
        self.failures.append(f"{what} {short(case)} {detail}")


def short(value: object, limit: int = 160) -> str:
    try:
        text = repr(value)
    except Exception:  # e.g. reprs of ints past Python's digit limit
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "…"


def report(config: pytest.Config, line: str) -> None:
    """A line on the terminal even when pytest captures output (and in the -s output); it
    is repeated in the "reliability: cases run" summary of tests/reliability/conftest.py."""
    print(line)
    try:
        from tests.reliability.conftest import COUNT_LINES
    except ImportError:
        pass
    else:
        COUNT_LINES.append(line)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


class Recording:
    """The real client, with every engine answer of 500 or more remembered."""

    def __init__(self, client) -> None:
        self._client = client
        self.server_errors: list[str] = []
        self.requests = 0

    def search(self, **kwargs):
        self.requests += 1
        try:
            return self._client.search(**kwargs)
        except elasticsearch.ApiError as exc:
            if exc.meta.status >= 500:
                self.server_errors.append(f"{exc.meta.status} {str(exc)[:200]}")
            raise

    def __getattr__(self, name):
        return getattr(self._client, name)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def hostile_index(es):
    """The search tests' fictional providers, behind an index of this module's own."""
    from tests.builders import create_index
    from tests.search.providers import PROVIDERS

    name = f"test-hostile-{uuid.uuid4().hex[:8]}"
    create_index(es, name, PROVIDERS)
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def recording(es):
    return Recording(es)


def run_search(client, params, index: str, tally: Tally) -> SearchResponse | None:
    from search.service import search
    from tests.search.providers import VOCABULARY

    tally.cases += 1
    try:
        response = search(client, params, index=index, vocabulary=VOCABULARY)
    except Exception as exc:
        tally.fail("search()", params, exc)
        return None
    if not isinstance(response, SearchResponse):
        tally.fail("search() returned", response)
        return None
    try:
        json.dumps([response.warnings, response.location_suggestions]).encode("utf-8")
    except (TypeError, ValueError) as exc:
        tally.fail("warnings not encodable", params, exc)
    return response


# ---------------------------------------------------------------- search()


def test_search_survives_generated_hostile_parameters(recording, hostile_index, request):
    from search.service import autocomplete, get_provider

    rng = random.Random(SEED)
    tally = Tally()
    started = time.monotonic()
    for _ in range(SEARCH_CASES):
        run_search(recording, random_params(rng), hostile_index, tally)
    lookups = 0
    for value in [*HOSTILE_STRINGS, *HOSTILE_NUMBERS]:
        for call in (
            lambda v: get_provider(recording, v, index=hostile_index),
            lambda v: get_provider(recording, "doc", index=hostile_index, point=GeoPoint(v, v)),
            lambda v: autocomplete(recording, v, index=hostile_index),
            lambda v: autocomplete(recording, "Bay", index=hostile_index, size=v),
        ):
            lookups += 1
            try:
                call(value)
            except Exception as exc:
                tally.fail("lookup", value, exc)
    report(
        request.config,
        f"hostile search(): {tally.cases} searches and {lookups} lookups in "
        f"{time.monotonic() - started:.1f}s (seed {SEED}), {recording.requests} engine "
        f"requests, {len(tally.failures)} uncaught exceptions, "
        f"{len(recording.server_errors)} engine 5xx",
    )
    assert tally.failures == []
    assert recording.server_errors == []


# ---------------------------------------------------------------- clinics search


SEARCH_OPTIONS = {
    "--near": lambda rng: random_text(rng),
    "--q": lambda rng: random_text(rng),
    "--lat": lambda rng: number_text(rng),
    "--lon": lambda rng: number_text(rng),
    "--radius-mi": lambda rng: number_text(rng),
    "--limit": lambda rng: number_text(rng),
    "--sort": lambda rng: rng.choice(["distance", "relevance", "recent", random_text(rng)]),
    "--after": lambda rng: rng.choice(HOSTILE_CURSOR_TEXTS),
    "--therapy": lambda rng: rng.choice([*CODE_POOL, random_text(rng)]),
    "--insurance": lambda rng: random_text(rng),
    "--language": lambda rng: random_text(rng),
}


def number_text(rng: random.Random) -> str:
    """Mostly numbers a parser reads (so the run gets past the usage check), some not."""
    if rng.random() < 0.7:
        choices = [str(HUGE), str(-HUGE), "nan", "inf", "-inf", "1e400", "0", "29.7", "-95.4"]
        choices += ["50", "1" * 30, "1_000", "5e-324", "-0", "٣"]
    else:
        choices = ["9" * 5_000, "²", "0x10", random_text(rng)]
    return rng.choice(choices)


def random_argv(rng: random.Random) -> list[str]:
    """Mostly well-formed usage (one kind of location, --lat with --lon) with hostile values,
    so that most runs reach the search; sometimes a usage error on purpose."""
    argv: list[str] = []
    location = rng.random()
    if location < 0.45:
        argv += ["--near", SEARCH_OPTIONS["--near"](rng)]
    elif location < 0.75:
        argv += ["--lat", number_text(rng), "--lon", number_text(rng)]
    others = [name for name in sorted(SEARCH_OPTIONS) if name not in ("--near", "--lat", "--lon")]
    for option in rng.sample(others, rng.randint(0, 3)):
        if option != "--after" or rng.random() < 0.3:
            argv += [option, SEARCH_OPTIONS[option](rng)]
    if rng.random() < 0.05:
        argv += ["--lat", "1"]  # --lat without --lon, or with --near: usage errors
    if rng.random() < 0.3:
        argv.append("--json")
    return [arg.replace("\x00", "") for arg in argv]  # argv can never hold a NUL


def cli_in_process(argv: list[str]) -> tuple[int, str, str]:
    """`clinics search ARGV` in this process: exit status, stdout, stderr."""
    from clinics.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(["search", *argv])
        except SystemExit as exc:  # argparse's usage errors
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def check_cli_run(argv, status, stdout, stderr, tally: Tally) -> None:
    if status not in (0, 1, 2):
        tally.fail(f"exit status {status}", argv)
    if "Traceback" in stderr:
        tally.fail("traceback", argv)
    longest = max((len(line) for line in stderr.splitlines()), default=0)
    if longest > ECHO_LIMIT:
        tally.fail(f"stderr line of {longest} chars", argv)
    try:
        stdout.encode("utf-8")  # a real stdout is strict UTF-8
    except UnicodeEncodeError as exc:
        tally.fail("stdout not UTF-8", argv, exc)


def test_clinics_search_survives_generated_hostile_arguments(
    es_url, hostile_index, monkeypatch, request
):
    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", hostile_index)
    rng = random.Random(SEED + 1)
    tally = Tally()
    statuses: dict[int, int] = {}
    started = time.monotonic()
    for _ in range(CLI_CASES):
        argv = random_argv(rng)
        tally.cases += 1
        try:
            status, stdout, stderr = cli_in_process(argv)
        except BaseException as exc:
            tally.fail("clinics search", argv, exc)
            continue
        statuses[status] = statuses.get(status, 0) + 1
        check_cli_run(argv, status, stdout, stderr, tally)
    report(
        request.config,
        f"hostile clinics search (in process): {tally.cases} runs in "
        f"{time.monotonic() - started:.1f}s, exit statuses {dict(sorted(statuses.items()))}, "
        f"{len(tally.failures)} failures",
    )
    assert tally.failures == []


SUBPROCESS_CASES = [
    ["--near", "x" * 100_000],
    ["--near", "77030", "--limit", str(HUGE)],
    ["--lat", str(HUGE), "--lon", str(-HUGE)],
    ["--near", "77030", "--after", deep_json(10_000)],
    ["--near", "\u202e77030\u200f", "--q", "<script>alert(1)</script>", "--json"],
    [b"--near", b"\xed\xa0\x80\xff", b"--q", b"a\xffb"],  # not UTF-8: lone surrogates
]


def test_clinics_search_in_a_real_process(es_url, hostile_index, request):
    env = {**os.environ, "ES_URL": es_url, "CLINICS_INDEX_ALIAS": hostile_index}
    env.pop("PYTHONIOENCODING", None)
    tally = Tally()
    for argv in SUBPROCESS_CASES:
        tally.cases += 1
        command = [os.fsencode(sys.executable), b"-m", b"clinics.cli", b"search"]
        result = subprocess.run(
            [*command, *(os.fsencode(arg) for arg in argv)],
            capture_output=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        stdout = result.stdout.decode("utf-8", "replace")
        stderr = result.stderr.decode("utf-8", "replace")
        check_cli_run(argv, result.returncode, stdout, stderr, tally)
    report(
        request.config,
        f"hostile clinics search (subprocess): {tally.cases} runs, {len(tally.failures)} failures",
    )
    assert tally.failures == []


# ---------------------------------------------------------------- the UI's URL parameters


URL_KEYS = [
    "near",
    "lat",
    "lon",
    "r",
    "q",
    "therapy",
    "condition",
    "type",
    "insurance",
    "lang",
    "telehealth",
    "accepting",
    "sort",
    "page",
    "after",
    "provider",
    "unknown",
]


def url_value(rng: random.Random, key: str):
    if key in ("lat", "lon", "r", "page"):
        value = number_text(rng)
    elif key == "after":
        value = rng.choice([*HOSTILE_CURSOR_TEXTS, random_text(rng)])
    else:
        value = random_text(rng)
    if rng.random() < 0.2:  # a repeated parameter arrives as a list
        return [value, random_text(rng)]
    return value


def random_query(rng: random.Random) -> dict:
    keys = rng.sample(URL_KEYS, rng.randint(1, 6))
    if "after" in keys and rng.random() < 0.7:
        keys.append("page")
    return {key: url_value(rng, key) for key in keys}


def same_view(one, other) -> bool:
    """Equal views; a position may differ by its rounding to 5 decimals in the URL."""
    from dataclasses import replace

    one_point, other_point = one.params.point, other.params.point
    if (one_point is None) != (other_point is None):
        return False
    if one_point is not None and (
        abs(one_point.lat - other_point.lat) > 1e-5 or abs(one_point.lon - other_point.lon) > 1e-5
    ):
        return False
    return replace(one, params=replace(one.params, point=None)) == replace(
        other, params=replace(other.params, point=None)
    )


def test_url_parameters_survive_generated_hostile_values(recording, hostile_index, request):
    from ui import state

    rng = random.Random(SEED + 2)
    tally = Tally()
    searched = Tally()
    started = time.monotonic()
    for number in range(UI_PARSE_CASES):
        query = random_query(rng)
        tally.cases += 1
        try:
            view = state.view_from_query(query)
            again = state.view_from_query(state.query_from_view(view))
            session: dict = {}
            state.state_from_params(view.params, session)
            state.params_from_state(session)
        except Exception as exc:
            tally.fail("ui.state", query, exc)
            continue
        if not same_view(again, view):
            tally.fail("the URL of a view reads back differently", query)
        if not 1 <= view.page <= state.MAX_PAGE:
            tally.fail(f"page {view.page}", query)
        if number < UI_SEARCH_CASES:
            run_search(recording, view.params, hostile_index, searched)
    report(
        request.config,
        f"hostile URL parameters: {tally.cases} parsed and {searched.cases} searched in "
        f"{time.monotonic() - started:.1f}s, {len(tally.failures) + len(searched.failures)} "
        f"failures, {len(recording.server_errors)} engine 5xx",
    )
    assert tally.failures == []
    assert searched.failures == []
    assert recording.server_errors == []


APP_QUERIES = [
    {"near": "77030", "page": "²", "after": "[1.5]"},
    {"near": "77030", "page": "2", "after": deep_json(10_000)[:500]},
    {"near": "77030", "page": "2", "after": '[NaN, "x"]'},
    {"lat": "nan", "lon": "inf", "r": str(HUGE), "q": "<script>alert(1)</script>"},
    # a URL cannot carry a lone surrogate: invalid UTF-8 arrives as U+FFFD
    {"lat": "٢٩.٧", "lon": "-٩٥.٤", "therapy": "\ufffd%ED%A0", "sort": "\u202e"},
    {"q": MEGABYTE, "near": "\x00", "telehealth": "²", "page": "9" * 500},
]


@pytest.fixture(scope="module")
def app_alias(es):
    from tests.builders import create_alias, drop
    from tests.ui import providers

    alias = f"test-hostile-ui-{uuid.uuid4().hex[:8]}"
    create_alias(es, alias, providers.PROVIDERS)
    yield alias
    drop(es, alias)


def test_the_app_shows_no_error_box_for_hostile_links(es_url, app_alias, monkeypatch, request):
    from tests.ui.apptest_helpers import healthy, start, texts
    from ui.services import FAILED

    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", app_alias)
    monkeypatch.setenv("CLINICS_REPORTS_INDEX", f"{app_alias}-reports")
    tally = Tally()
    for query in APP_QUERIES:
        tally.cases += 1
        app = start(query)
        if not healthy(app) or FAILED in texts(app, "error"):
            tally.fail("the app's error box", query)
    report(request.config, f"hostile links in AppTest: {tally.cases} pages, {tally.failures}")
    assert tally.failures == []


# ---------------------------------------------------------------- regressions (issue 10)


@pytest.mark.parametrize(
    "params",
    [
        SearchParams(near_text="77030", radius_mi=HUGE),
        SearchParams(near_text="77030", size=HUGE),
        SearchParams(point=GeoPoint(HUGE, -HUGE)),
        SearchParams(near_text="77030", search_after=(HUGE, "doc")),
        SearchParams(text="calm", search_after=(deep_list(10_000),)),
        SearchParams(text=10**5000),  # type: ignore[arg-type]
    ],
    ids=["radius", "size", "point", "cursor-int", "cursor-deep", "text-int"],
)
def test_huge_numbers_and_deep_cursors_do_not_raise_out_of_search(es, hostile_index, params):
    tally = Tally()
    assert run_search(es, params, hostile_index, tally) is not None, tally.failures


@pytest.mark.parametrize(
    "argv",
    [
        ["--near", "77030", "--limit", str(HUGE)],
        ["--near", "77030", "--radius-mi", str(HUGE)],
        ["--lat", str(HUGE), "--lon", "1"],
        ["--near", "77030", "--after", deep_json(10_000)],
        ["--near", "77030", "--after", "[1e999]"],
    ],
    ids=["limit", "radius", "lat", "deep-cursor", "infinite-cursor"],
)
def test_clinics_search_answers_huge_numbers_and_deep_cursors(
    es_url, hostile_index, monkeypatch, argv
):
    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", hostile_index)
    status, _, stderr = cli_in_process(argv)
    assert status in (0, 2), stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["--near", "x" * 100_000],
        ["--near", "77030", "--after", "y" * 100_000],
        ["--near", "77030", "--limit", "9" * 100_000],
        ["--near", "77030", "--sort", "z" * 100_000],
    ],
    ids=["near", "after", "limit", "sort"],
)
def test_clinics_search_echoes_at_most_80_characters_of_input(
    es_url, hostile_index, monkeypatch, argv
):
    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", hostile_index)
    status, _, stderr = cli_in_process(argv)
    assert status in (1, 2)
    longest = max(len(line) for line in stderr.splitlines())
    assert longest <= ECHO_LIMIT, stderr[:300]
    for echo in ("x" * 81, "y" * 81, "9" * 81, "z" * 81):
        assert echo not in stderr


def test_the_app_takes_a_unicode_digit_page_as_page_one(es_url, app_alias, monkeypatch):
    from tests.ui.apptest_helpers import card_names, healthy, start

    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", app_alias)
    app = start({"near": "77030", "page": "²", "after": '[0.3, "kap-near"]'})
    assert healthy(app)
    assert card_names(app)


AUTOLINK_TEXTS = [
    "Visit www.example.org for details",
    "WWW.EXAMPLE.ORG",
    "(www.example.org)",
    "write to intake@example.org today",
    "first.last+tag@sub.example.co.uk",
    "https://example.org/plain and mailto:a@b.co",
]

AUTOLINK_PAGE = """
import json, sys
import streamlit as st
from ui.safe import md_text

texts = json.loads(sys.argv[1])
with st.container(key="control"):
    st.markdown(texts[0])  # unescaped: the renderer's autolinks do fire here
with st.container(key="escaped"):
    for text in texts:
        st.markdown(md_text(text))
"""


@pytest.mark.e2e
def test_crawled_addresses_never_become_links_in_the_browser(tmp_path, request):
    from tests.e2e import browser

    if browser.chromium_missing():
        pytest.skip(f"{browser.CHROMIUM} is missing (apt-get install chromium)")
    script = tmp_path / "autolinks.py"
    script.write_text(AUTOLINK_PAGE)
    port = browser.free_port()
    log_path = tmp_path / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true"]
    command += [f"--server.port={port}", "--server.address=127.0.0.1"]
    command += ["--browser.gatherUsageStats=false", "--", json.dumps(AUTOLINK_TEXTS)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        browser.wait_for_health(base, process, log_path)
        with browser.chromium() as chromium:
            page = chromium.new_page()
            page.goto(base)
            page.locator(".st-key-escaped p").nth(len(AUTOLINK_TEXTS) - 1).wait_for()
            browser.wait_until_idle(page)
            control = page.locator(".st-key-control a").count()
            links = page.locator(".st-key-escaped a").all_inner_texts()
            shown = page.locator(".st-key-escaped p").all_inner_texts()
    finally:
        process.terminate()
        process.wait(timeout=15)
    report(request.config, f"autolinks in Chromium: {len(AUTOLINK_TEXTS)} texts, links {links}")
    assert control == 1, "the control text should have become a link"
    assert links == []
    assert [text.replace("\u2060", "") for text in shown] == AUTOLINK_TEXTS

"""`clinics extract SOURCE FILE`: saved responses through the crawl's page objects and
pipelines, offline; garbage gives one line and exit status 1."""

from __future__ import annotations

import json

import phonenumbers
import pytest

from clinics import fields as F
from clinics.cli import main
from crawler.fixture_sites import clinic_pages, directory_pages, findtreatment_data, npi_data

pytestmark = pytest.mark.unit


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    status = main(["extract", *argv])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines() if line.strip()], err


@pytest.fixture
def saved(tmp_path):
    def save(name: str, body: str | bytes) -> str:
        path = tmp_path / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
        return str(path)

    return save


def test_extract_npi_gives_one_record_per_in_scope_location(capsys, saved):
    body = json.dumps(
        npi_data.api_response({"version": "2.1", "city": "Houston", "state": "TX", "limit": "200"})
    )
    status, records, err = run(
        capsys,
        "npi",
        saved("npi.json", body),
        "--url",
        "https://npiregistry.cms.hhs.gov/api/?version=2.1&city=Houston",
    )
    assert status == 0
    assert len(records) == 17 and "dropped: out_of_scope 2" in err
    assert all(r[F.PROVIDER_TYPES] for r in records)
    assert all(
        phonenumbers.is_valid_number(phonenumbers.parse(r[F.PHONE]))
        for r in records
        if r.get(F.PHONE)
    )
    assert not any(
        "Chen" in r[F.NAME] or "Park" in r[F.NAME] for r in records
    )  # dentist, optometrist
    assert records[0][F.SOURCE_URL].startswith(
        "https://npiregistry.cms.hhs.gov/api/?version=2.1&number="
    )


def test_extract_npi_error_body_says_so(capsys, saved):
    body = json.dumps(npi_data.api_response({"version": "2.1"}))
    status, records, err = run(capsys, "npi", saved("err.json", body))
    assert status == 1 and records == []
    assert "No valid search criteria provided" in err


def test_extract_findtreatment(capsys, saved):
    _, body = findtreatment_data.api_response(
        {"sAddr": "29.7041,-95.401", "limitValue": "80000", "pageSize": "50"}
    )
    status, records, _ = run(capsys, "findtreatment", saved("ft.json", json.dumps(body)))
    assert status == 0 and len(records) == 14
    assert {r[F.GEO_PRECISION] for r in records} <= {"source", "zip"}
    assert all(r[F.PHONE].startswith("+1") for r in records)


@pytest.mark.parametrize(
    "slug",
    [
        "bayou-city-ketamine",
        "montrose-mind-collective",
        "spring-creek-kap",
        "sugar-land-ketamine-therapy",
    ],
)
def test_extract_clinic_page(capsys, saved, slug):
    clinic = clinic_pages.find_clinic(slug)
    url = f"https://fixture.example/clinics/{slug}/"
    status, records, _ = run(
        capsys,
        "clinic_sites",
        saved("page.html", clinic_pages.render_clinic(clinic, url)),
        "--url",
        url,
    )
    assert status == 0
    [record] = records
    assert record[F.NAME] == clinic.name and record[F.ID] == f"clinic_sites:{url}"
    assert "ketamine_assisted_psychotherapy" in record[F.THERAPIES]


def test_extract_clinic_page_without_url_uses_the_file(capsys, saved):
    clinic = clinic_pages.find_clinic("rice-village-cbt")
    status, [record], _ = run(
        capsys, "clinic_sites", saved("rice.html", clinic_pages.render_clinic(clinic, "x"))
    )
    assert status == 0 and record[F.SOURCE_REF].startswith("file://")


def test_extract_directory_listing(capsys, saved):
    status, records, err = run(
        capsys,
        "directory:example",
        saved("list.html", directory_pages.render_listing_page(2)),
        "--url",
        "https://d.example/directory/?page=2",
    )
    assert status == 0 and len(records) == 4 and "invalid_record 1" in err


def test_page_without_provider_data_explains_itself(capsys, saved):
    status, records, err = run(capsys, "clinic_sites", saved("uc.html", clinic_pages.BROKEN_PAGE))
    assert status == 1 and records == []
    assert "JSON-LD beyond repair" in err and "no provider data on the page" in err


@pytest.mark.parametrize(
    ("source", "body", "message"),
    [
        ("npi", b"<html>not json</html>", "not JSON"),
        ("npi", b'{"something": "else"}', "not an NPI API v2.1 response"),
        ("findtreatment", b"\x00\x01\x02garbage", "not JSON"),
        ("findtreatment", b'{"page": 1}', "no 'rows' list"),
        ("clinic_sites", b"%PDF-1.4 binary", "not an HTML page"),
    ],
)
def test_garbage_is_one_line_and_exit_1(capsys, saved, source, body, message):
    status, records, err = run(capsys, source, saved("garbage.bin", body))
    assert status == 1 and records == []
    assert message in err and len(err.strip().splitlines()) == 1


def test_missing_file_and_unknown_source(capsys, tmp_path):
    assert main(["extract", "npi", str(tmp_path / "missing.json")]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["extract", "nowhere", str(tmp_path / "missing.json")]) == 2


def test_clinics_sources_lists_every_source_and_its_arguments(capsys):
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    for source in ("npi:", "findtreatment:", "clinic_sites:", "directory:example:"):
        assert source in out
    assert "-a city=" in out and "-a sitemaps=" in out


EXPLAIN_PAGE = """<!doctype html><html><head><title>Services | Quiet Harbor Counseling</title>
<meta name="clinics:sample" content="true">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalClinic",
"name": "Quiet Harbor Counseling (fictional)", "telephone": "+1 713 555 0190",
"address": {"@type": "PostalAddress", "streetAddress": "100 Sample Way",
"addressLocality": "Houston", "addressRegion": "TX", "postalCode": "77002"}}</script>
</head><body><h1>Our Services</h1><ul><li>CBT for anxiety</li><li>EMDR</li></ul>
<p>We do not offer ketamine, Spravato or TMS.</p><h2>What is DBT?</h2>
<p>DBT is a skills-based therapy.</p></body></html>"""


def test_extract_explain_shows_kept_evidence_and_rejected_mentions(capsys, saved):
    status = main(
        [
            "extract",
            "clinic_sites",
            saved("services.html", EXPLAIN_PAGE),
            "--url",
            "https://quiet-harbor.example/services",
            "--explain",
        ]
    )
    out, _ = capsys.readouterr()
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("record clinic_sites:") and "Quiet Harbor" in lines[0]
    text = "\n".join(lines)
    assert (
        '  cbt: listed\n    kept: "CBT for anxiety" (https://quiet-harbor.example/services' in text
    )
    assert "  ketamine_unspecified: not listed\n    rejected, negated:" in text
    assert '  dbt: not listed\n    rejected, question: "What is DBT?"' in text
    assert 'rejected, definition: "DBT is a skills-based therapy."' in text
    assert "esketamine_spravato: not listed" in text and "tms: not listed" in text

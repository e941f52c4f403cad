"""Page objects: saved responses in, record dicts out (no Scrapy engine)."""

from __future__ import annotations

import json

import pytest

from clinics import fields as F
from crawler.fixture_sites import clinic_pages, directory_pages, findtreatment_data, npi_data
from crawler.pages import CLASSIFY_PAGES, CLASSIFY_TEXT, LOCATION_INDEX, PageError
from crawler.pages.clinic_site import ClinicSitePage
from crawler.pages.findtreatment import FindTreatmentPage
from crawler.pages.npi import NpiApiPage, epoch_to_iso, title_case

pytestmark = pytest.mark.unit

NPI_URL = "https://npiregistry.cms.hhs.gov/api/?version=2.1&city=Houston&state=TX&limit=200&skip=0"


def npi_body(**params: str) -> bytes:
    query = {"version": "2.1", "limit": "200", "skip": "0", **params}
    return json.dumps(npi_data.api_response(query)).encode()


def npi_records(**params: str) -> dict[tuple[str, int], dict]:
    page = NpiApiPage(NPI_URL, npi_body(**params))
    return {(r[F.NPI], r[LOCATION_INDEX]): r for r in page.records()}


HOUSTON = {p.last_name or p.organization_name: p.number for p in npi_data.HOUSTON_PROVIDERS}


@pytest.mark.parametrize(
    ("who", "location", "expected"),
    [
        # strings shape, ms epochs, a second practice location in Sugar Land
        (
            "OKONJO",
            0,
            {
                F.NAME: "Amara Okonjo",
                F.CITY: "Houston",
                F.POSTAL_CODE: "770302701",
                F.PHONE: "713-798-4410",
                F.ADDRESS_2: "Ste 1720",
                F.KIND: "individual",
            },
        ),
        (
            "OKONJO",
            1,
            {
                F.NAME: "Amara Okonjo",
                F.CITY: "Sugar Land",
                F.POSTAL_CODE: "774784120",
                F.PHONE: "281-565-1180",
            },
        ),
        # numbers shape: number and phone as digits, epochs in seconds
        (
            "REYES",
            0,
            {
                F.NAME: "Daniel Reyes",
                F.CREDENTIALS: ["PhD"],
                F.PHONE: "7135263390",
                F.SOURCE_CODES: ["nucc:103TC0700X"],
            },
        ),
        # "--" placeholders: no middle name, no fax
        (
            "HALE",
            0,
            {F.NAME: "Marcus Hale", F.FAX: None, F.LICENSES: [{"state": "TX", "number": "70012"}]},
        ),
        # organization with two taxonomies
        (
            "BAYOU CITY KETAMINE & WELLNESS PLLC",
            0,
            {
                F.KIND: "organization",
                F.NAME: "Bayou City Ketamine & Wellness PLLC",
                F.ORGANIZATION_NAME: "Bayou City Ketamine & Wellness PLLC",
                F.SOURCE_CODES: ["nucc:261QM0801X", "nucc:207L00000X"],
            },
        ),
        ("GULF COAST BEHAVIORAL HEALTH CENTER", 2, {F.CITY: "League City", F.POSTAL_CODE: "77573"}),
    ],
)
def test_npi_page_reads_each_practice_location(who, location, expected):
    record = npi_records(city="Houston", state="TX")[(HOUSTON[who], location)]
    for key, value in expected.items():
        assert record.get(key) == value, key
    assert record[F.SOURCE_REF] == HOUSTON[who]
    assert record[F.SOURCE_URL].endswith(f"number={HOUSTON[who]}")


def test_npi_both_shapes_give_the_same_dates():
    records = npi_records(city="Houston", state="TX")
    new_shape = records[(HOUSTON["OKONJO"], 0)][F.EXTRAS]
    old_shape = records[(HOUSTON["REYES"], 0)][F.EXTRAS]
    assert new_shape["npi_last_updated"] == old_shape["npi_last_updated"] == "2024-01-01"


def test_npi_city_search_includes_providers_whose_main_address_is_elsewhere():
    records = npi_records(city="Houston", state="TX")
    assert (HOUSTON["GRANT"], 1) in records
    assert records[(HOUSTON["GRANT"], 0)][F.CITY] == "Sugar Land"


def test_npi_error_body_gives_errors_and_no_records():
    page = NpiApiPage(NPI_URL, npi_body(city="Pasadena", state="TX", postal_code="77508"))
    assert page.records() == []
    assert page.errors == ["generic: Internal error, please try again later (#99)"]


def test_npi_empty_result():
    page = NpiApiPage(NPI_URL, b'{"result_count": 0, "results": []}')
    assert page.records() == [] and page.errors == [] and page.result_count == 0


@pytest.mark.parametrize("body", [b"<html>oops</html>", b"", b"[1, 2]", b'{"rows": []}'])
def test_npi_garbage_is_a_page_error(body):
    with pytest.raises(PageError):
        NpiApiPage(NPI_URL, body)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1704067200, "2024-01-01"), ("1704067200000", "2024-01-01"), ("--", None), (None, None)],
)
def test_epochs_in_seconds_or_milliseconds(raw, expected):
    assert epoch_to_iso(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BAYOU CITY KETAMINE PLLC", "Bayou City Ketamine PLLC"),
        ("Mixed Case", "Mixed Case"),
        ("", ""),
    ],
)
def test_title_case(raw, expected):
    assert title_case(raw) == expected


def findtreatment_page(page: int = 1, size: int = 50) -> FindTreatmentPage:
    status, body = findtreatment_data.api_response(
        {
            "sAddr": "29.7041,-95.401",
            "limitValue": "80000",
            "page": str(page),
            "pageSize": str(size),
        }
    )
    assert status == 200
    return FindTreatmentPage(
        "https://findtreatment.gov/locator/exportsAsJson/v2?page=1", json.dumps(body)
    )


def test_findtreatment_row_fields():
    records = {r[F.NAME]: r for r in findtreatment_page().records()}
    row = records["Fannin Community Mental Health (Sample)"]
    assert row[F.ALTERNATE_NAMES] == ["Adult Clinic"]
    assert row[F.LATITUDE] == "29.7050" and row[F.LONGITUDE] == "-95.3975"  # strings, as sent
    assert row[F.POSTAL_CODE] == "77030"
    assert row[F.LANGUAGES] == ["Spanish", "Vietnamese"]
    assert row[F.AGES_SERVED] == ["Young adults", "Adults", "Seniors"]
    assert "samhsa:TAP:Cognitive behavioral therapy" in row[F.SOURCE_CODES]
    assert "samhsa:typeFacility:MH" in row[F.SOURCE_CODES]
    assert row[F.THERAPIES_RAW][0] == "Cognitive behavioral therapy"


def test_findtreatment_paging_fields():
    page = findtreatment_page(page=2, size=5)
    assert page.page == 2 and page.total_pages == 3 and len(page.records()) == 5


@pytest.mark.parametrize("body", [b"not json", b'{"page": 1}', b"[]"])
def test_findtreatment_garbage_is_a_page_error(body):
    with pytest.raises(PageError):
        FindTreatmentPage(None, body)


def test_findtreatment_empty_page():
    assert FindTreatmentPage(None, b'{"page": 1, "totalPages": 1, "rows": []}').records() == []


CLINIC_CASES = [(clinic.slug, clinic.markup) for clinic in clinic_pages.CLINICS]


@pytest.mark.parametrize(("slug", "markup"), CLINIC_CASES)
def test_clinic_page_gives_one_record_whatever_the_markup(slug, markup):
    clinic = clinic_pages.find_clinic(slug)
    url = f"https://fixture.example/clinics/{slug}/"
    records = ClinicSitePage(url, clinic_pages.render_clinic(clinic, url)).records()
    assert len(records) == 1
    record = records[0]
    assert record[F.NAME] == clinic.name
    assert record[F.PHONE] == clinic.phone
    assert clinic.postal_code in record[F.ADDRESS_RAW]
    assert record[F.SOURCE_URL] == url and record[F.SOURCE_REF] == url
    assert record[F.IS_SAMPLE] is True
    assert clinic.paragraphs[0][:40] in record[CLASSIFY_PAGES][0]["text"]
    if clinic.latitude is not None and markup != "plain":
        assert float(record[F.LATITUDE]) == clinic.latitude
    if clinic.hours and markup != "plain":
        assert record[F.HOURS_RAW] and record[F.HOURS]


def test_clinic_page_opening_hours_raw_and_parsed():
    clinic = clinic_pages.find_clinic("bayou-city-ketamine")
    record = ClinicSitePage(
        "https://x.example/", clinic_pages.render_clinic(clinic, "https://x.example/")
    ).records()[0]
    assert record[F.HOURS_RAW] == ["Mo-Fr 08:00-18:00", "Sa 09:00-13:00"]
    assert record[F.HOURS] == [
        {"byday": "MO,TU,WE,TH,FR", "opens_at": "08:00", "closes_at": "18:00"},
        {"byday": "SA", "opens_at": "09:00", "closes_at": "13:00"},
    ]


def test_clinic_page_with_broken_json_ld_and_nothing_else_gives_nothing_and_says_why():
    page = ClinicSitePage("https://x.example/", clinic_pages.BROKEN_PAGE)
    assert page.records() == []
    assert page.issues and page.issues[0].startswith("JSON-LD beyond repair")


def test_empty_html_page_gives_nothing():
    assert ClinicSitePage("https://x.example/", "<html><body></body></html>").records() == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"%PDF-1.4 ...", "application/pdf"), (b'{"a": 1}', None), (b"", None)],
)
def test_non_html_is_a_page_error(body, content_type):
    with pytest.raises(PageError):
        ClinicSitePage("https://x.example/", body, content_type)


def test_several_providers_on_one_page_get_location_indexes():
    nodes = [
        {"@type": "MedicalClinic", "name": "North Office (Sample)", "telephone": "713-526-8814"},
        {"@type": "MedicalClinic", "name": "South Office (Sample)", "telephone": "713-526-8815"},
    ]
    html = f'<html><head><script type="application/ld+json">{json.dumps(nodes)}</script></head><body></body></html>'
    records = ClinicSitePage("https://x.example/", html).records()
    assert [r[LOCATION_INDEX] for r in records] == [0, 1]
    assert {r[F.SOURCE_REF] for r in records} == {"https://x.example/"}


def test_directory_listing_pages_rows_and_pagination(tmp_path):
    from pathlib import Path

    from crawler.directory_config import load_config
    from crawler.pages.directory import DirectoryListPage

    config = load_config(Path("crawler/sources/example.yaml"))
    first = DirectoryListPage(
        config, "https://d.example/directory/?page=1", directory_pages.render_listing_page(1)
    )
    rows = first.rows()
    assert len(rows) == 5
    record, detail_url = rows[0]
    assert record[F.NAME] == "Avery Lin" and record[F.CREDENTIALS] == ["LPC-S"]
    assert record[F.ADDRESS_RAW] == "2520 Kirby Dr, Suite 300, Houston, TX 77098"
    assert detail_url == "https://d.example/directory/provider/avery-lin"
    assert first.next_page_url() == "https://d.example/directory/?page=2"
    last = DirectoryListPage(
        config, "https://d.example/directory/?page=3", directory_pages.render_listing_page(3)
    )
    assert last.next_page_url() is None


def test_directory_profile_fields():
    from pathlib import Path

    from crawler.directory_config import load_config
    from crawler.pages.directory import DirectoryDetailPage

    config = load_config(Path("crawler/sources/example.yaml"))
    fields = DirectoryDetailPage(
        config, "https://d.example/p", directory_pages.render_profile("avery-lin")
    ).fields()
    assert fields[F.TELEHEALTH] is True
    assert fields[F.ACCEPTING_NEW_PATIENTS] is True
    assert fields[F.THERAPIES_RAW] == ["Ketamine-Assisted Psychotherapy", "EMDR"]
    assert fields[F.INSURANCE] == ["Aetna", "Self-pay"]
    empty = DirectoryDetailPage(
        config, "https://d.example/p", "<html><body></body></html>"
    ).fields()
    assert set(empty) == {CLASSIFY_TEXT}


def test_page_text_leaves_out_menus_sidebars_and_widgets_but_not_builder_content():
    from parsel import Selector

    from crawler.pages.text import visible_text

    html = (
        '<html><body><ul class="menu main"><li>Ketamine news</li></ul><h1>Our Services</h1>'
        '<div class="elementor-widget elementor-widget-text-editor"><p>CBT and EMDR.</p></div>'
        "<aside><a>Ketamine for depression</a></aside>"
        '<section class="widget widget_recent_entries"><a>Spravato explained</a></section>'
        '<div id="x" class="related-posts"><a>What is TMS?</a></div></body></html>'
    )
    assert visible_text(Selector(text=html)) == "Our Services\nCBT and EMDR."

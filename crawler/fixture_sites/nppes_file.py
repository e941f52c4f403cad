"""Synthetic NPPES monthly files in the exact published format, for tests and bench/nppes.py.

`write_nppes(folder, rows)` writes `npidata_pfile_20050523-20250608.csv` (the 330 columns
of crawler.bulk.nppes_format, every value quoted, ISO-8859-1, CRLF line ends) and the
matching `pl_pfile_...csv`, optionally zipped as the monthly download is. Every provider is
fictional: names are drawn from short lists, NPIs are valid (check digit) but generated,
places are real ZIP codes of every state (from the `zipcodes` package) with a phone in one
of the ZIP's area codes. The mix follows the real file's shape:

- about 10 % behavioral-health rows (psychiatrists, psychologists, counselors, social
  workers, family therapists, psychiatric nurse practitioners, mental-health clinics),
  their behavioral code in any of the first slots, often after another code;
- about 1 % anesthesia rows (in scope only when the name says ketamine);
- about 3 % deactivated NPIs (the stub row: NPI and deactivation date only), some
  reactivated rows with full data;
- ZIP codes of 5 and of 9 digits; organizations and individuals; licenses, other
  identifiers, mailing addresses and dates filled like real rows (about 1.2 KB a row);
- about 5 % of providers with one to three further practice locations in pl_pfile.

`extra_rows` adds hand-made providers (`ExtraProvider`), e.g. a facility that another
source lists too.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.bulk import nppes_format as fmt
from crawler.fixture_sites.npi_data import make_npi

MAIN_NAME = "npidata_pfile_20050523-20250608.csv"
LOCATIONS_NAME = "pl_pfile_20050523-20250608.csv"
AS_OF = "2025-06-08"

BEHAVIORAL_INDIVIDUAL = (
    ("2084P0800X", "MD"),
    ("2084P0804X", "MD"),
    ("103TC0700X", "PHD"),
    ("103T00000X", "PSYD"),
    ("1041C0700X", "LCSW"),
    ("101YP2500X", "LPC"),
    ("101YM0800X", "LMHC"),
    ("106H00000X", "LMFT"),
    ("363LP0808X", "PMHNP-BC"),
    ("101YA0400X", "LADC"),
)
BEHAVIORAL_ORGANIZATION = ("261QM0801X", "261QM0850X", "324500000X", "283Q00000X")
ANESTHESIA = ("207L00000X", "367500000X")
OTHER_INDIVIDUAL = (
    ("207Q00000X", "MD"),
    ("207R00000X", "MD"),
    ("1223G0001X", "DDS"),
    ("152W00000X", "OD"),
    ("363LF0000X", "FNP"),
    ("225100000X", "PT"),
    ("163W00000X", "RN"),
    ("208000000X", "MD"),
    ("111N00000X", "DC"),
    ("207X00000X", "MD"),
)
OTHER_ORGANIZATION = ("261QP2300X", "332B00000X", "282N00000X", "3336C0003X", "251E00000X")

FIRST = (
    "ALEX", "JORDAN", "TAYLOR", "MORGAN", "CASEY", "RILEY", "JAMIE", "AVERY", "QUINN",
    "ROWAN", "SKYLER", "DAKOTA", "HARPER", "EMERSON", "FINLEY", "REESE", "SAGE", "BLAKE",
)  # fmt: skip
LAST = (
    "SAMPLEFORD", "TESTWELL", "FIXTURE", "MOCKINGTON", "EXAMPLAR", "DUMMITT", "PLACEHOLT",
    "SYNTHSON", "FAKERLY", "STUBBS", "PROTOTY", "DRAFTLEY", "MODELO", "PATTERNS",
)  # fmt: skip
ORGANIZATION_WORDS = (
    "SAMPLE", "FIXTURE", "EXAMPLE", "HARBOR", "MAPLE", "CEDAR", "RIVERSIDE", "SUMMIT",
    "BRIDGE", "LANTERN", "CORNERSTONE", "NORTHSTAR",
)  # fmt: skip
ORGANIZATION_KINDS = {
    "behavioral": ("BEHAVIORAL HEALTH CENTER", "COUNSELING SERVICES LLC", "MENTAL HEALTH CLINIC"),
    "anesthesia": ("ANESTHESIA ASSOCIATES PA", "KETAMINE WELLNESS PLLC", "PAIN CENTER"),
    "other": ("FAMILY DENTISTRY", "PHARMACY INC", "HOME HEALTH LLC", "MEDICAL GROUP PA"),
}
STREETS = ("MAIN ST", "OAK AVE", "PARK BLVD", "ELM ST", "CENTER DR", "LAKE RD", "HILL ST")
SUITES = ("", "", "", "SUITE 100", "STE 210", "UNIT B", "FLOOR 3")
ISSUERS = ("BCBS", "MEDICAID", "AETNA", "CIGNA", "UNITED", "HUMANA")


@dataclass(frozen=True)
class Place:
    zip5: str
    city: str
    state: str
    area_code: str


@dataclass
class ExtraProvider:
    """A hand-made row: an organization or a person at one place (`taxonomy` a NUCC code)."""

    name: str  # organization name, or "FIRST LAST" for a person
    street: str
    city: str
    state: str
    postal_code: str
    phone: str  # 10 digits
    taxonomy: str = "261QM0801X"
    organization: bool = True
    npi: str | None = None
    street_2: str = ""
    locations: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # (street, city, state, postal_code, phone) further practice locations


def facility_as_nppes(row: dict[str, str], taxonomy: str = "261QM0801X") -> ExtraProvider:
    """A facility of another source's export (SAMHSA locator columns: name1, street1, street2,
    city, state, zip, zip4, phone) as the NPPES file would list it: upper case, 9-digit
    ZIP, 10-digit phone. For tests and benchmarks that merge two sources."""
    zip5 = row["zip"].zfill(5)
    zip4 = row["zip4"].zfill(4) if row.get("zip4") not in (None, "", "NA") else ""
    return ExtraProvider(
        name=row["name1"].upper(),
        street=row["street1"].upper(),
        street_2=(row.get("street2") or "").upper(),
        city=row["city"].upper(),
        state=row["state"],
        postal_code=zip5 + zip4,
        phone="".join(ch for ch in row["phone"].split("x")[0] if ch.isdigit()),
        taxonomy=taxonomy,
    )


def places(seed: int = 7) -> list[Place]:
    """Real ZIP codes of every state with one of their area codes (zipcodes package)."""
    import zipcodes

    rows = [
        row
        for row in zipcodes.list_all()
        if row.get("active") and row.get("zip_code_type") == "STANDARD" and row.get("area_codes")
    ]
    rows.sort(key=lambda row: row["zip_code"])
    return [
        Place(row["zip_code"], row["city"].upper(), row["state"], row["area_codes"][0])
        for row in rows
    ]


def _quoted(values: list[str]) -> str:
    return '"' + '","'.join(v.replace('"', '""') for v in values) + '"\r\n'


def _date(rng: random.Random, first_year: int = 2005, last_year: int = 2025) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(first_year, last_year)}"


def _phone(rng: random.Random, place: Place) -> str:
    return f"{place.area_code}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"


def _postal(rng: random.Random, place: Place) -> str:
    return place.zip5 + (f"{rng.randint(1, 9999):04d}" if rng.random() < 0.6 else "")


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.places = places()
        self.width = len(fmt.MAIN_COLUMNS)

    def place(self) -> Place:
        return self.places[self.rng.randrange(len(self.places))]

    def row(self, npi: str, kind: str) -> tuple[list[str], bool]:
        """(row, organization) for kind behavioral | anesthesia | other | deactivated."""
        rng = self.rng
        row = [""] * self.width
        row[fmt.NPI] = npi
        if kind == "deactivated":
            row[fmt.DEACTIVATION_DATE] = _date(rng, 2008)
            return row, False
        organization = rng.random() < 0.2
        row[fmt.ENTITY_TYPE] = "2" if organization else "1"
        if organization:
            row[fmt.ORGANIZATION_NAME] = (
                f"{rng.choice(ORGANIZATION_WORDS)} {rng.choice(ORGANIZATION_KINDS[kind])}"
            )
            row[fmt.column("Employer Identification Number (EIN)")] = "<UNAVAIL>"
            official = fmt.column("Authorized Official Last Name")
            row[official] = rng.choice(LAST)
            row[official + 1] = rng.choice(FIRST)
            row[official + 3] = "ADMINISTRATOR"
            row[official + 4] = f"{rng.randint(2000000000, 9999999999)}"
            row[fmt.column("Is Organization Subpart")] = "N"
        else:
            row[fmt.LAST_NAME] = rng.choice(LAST)
            row[fmt.FIRST_NAME] = rng.choice(FIRST)
            row[fmt.MIDDLE_NAME] = rng.choice(("", "A", "J", "LEE", "M"))
            row[fmt.NAME_PREFIX] = rng.choice(("", "", "DR.", "MS.", "MR."))
            row[fmt.column("Provider Sex Code")] = rng.choice("MF")
            row[fmt.column("Is Sole Proprietor")] = rng.choice("NNY")
        codes = self.codes(kind, organization)
        if not organization:
            row[fmt.CREDENTIAL] = codes[1]
        codes = codes[0]
        place = self.place()
        street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)}"
        mailing = fmt.column("Provider First Line Business Mailing Address")
        for start, line_1 in ((mailing, street), (fmt.PRACTICE_ADDRESS, street)):
            row[start] = line_1
            row[start + 1] = rng.choice(SUITES)
            row[start + 2] = place.city
            row[start + 3] = place.state
            row[start + 4] = _postal(rng, place)
            row[start + 5] = "US"
            row[start + 6] = _phone(rng, place)
            row[start + 7] = _phone(rng, place) if rng.random() < 0.5 else ""
        if rng.random() < 0.3:  # a PO box for mail
            row[mailing] = f"PO BOX {rng.randint(1, 9999)}"
        row[fmt.ENUMERATION_DATE] = _date(rng, 2005, 2015)
        row[fmt.LAST_UPDATE] = _date(rng, 2016)
        row[fmt.column("Certification Date")] = _date(rng, 2016)
        if rng.random() < 0.01:  # reactivated: dates, and the full row
            row[fmt.DEACTIVATION_DATE] = "03/01/2010"
            row[fmt.REACTIVATION_DATE] = "04/01/2010"
        for slot, code in enumerate(codes):
            base = fmt.TAXONOMY_CODES[slot]
            row[base] = code
            if not organization:
                row[base + 1] = f"{rng.randint(1000, 999999)}"
                row[base + 2] = place.state
            row[base + 3] = "Y" if slot == 0 else "N"
        other = fmt.column("Other Provider Identifier_1")
        for slot in range(rng.choice((0, 0, 1, 2, 3, 5, 8))):
            base = other + 4 * slot
            row[base] = f"{rng.randint(10000, 99999999)}"
            row[base + 1] = rng.choice(("01", "05", "04"))
            row[base + 2] = place.state
            row[base + 3] = rng.choice(ISSUERS)
        return row, organization

    def codes(self, kind: str, organization: bool) -> tuple[list[str], str]:
        rng = self.rng
        if organization:
            pool = {
                "behavioral": BEHAVIORAL_ORGANIZATION,
                "anesthesia": ANESTHESIA[:1],
                "other": OTHER_ORGANIZATION,
            }[kind]
            return [rng.choice(pool)], ""
        if kind == "anesthesia":
            code = rng.choice(ANESTHESIA)
            return [code], "MD" if code.startswith("207") else "CRNA"
        other = rng.choice(OTHER_INDIVIDUAL)
        if kind == "other":
            return ([other[0]] if rng.random() < 0.8 else [other[0], "207Q00000X"]), other[1]
        code, credential = rng.choice(BEHAVIORAL_INDIVIDUAL)
        if rng.random() < 0.25:  # the behavioral code in a later slot
            return [other[0], code], credential
        return [code], credential

    def kind(self) -> str:
        draw = self.rng.random()
        if draw < 0.10:
            return "behavioral"
        if draw < 0.11:
            return "anesthesia"
        if draw < 0.14:
            return "deactivated"
        return "other"

    def locations(self, npi: str) -> list[list[str]]:
        rng = self.rng
        out = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            place = self.place()
            out.append(
                [
                    npi,
                    f"{rng.randint(1, 9999)} {rng.choice(STREETS)}",
                    rng.choice(SUITES),
                    place.city,
                    place.state,
                    _postal(rng, place),
                    "US",
                    _phone(rng, place),
                    rng.choice(("", "", "", "12", "204")),
                    "",
                ]
            )
        return out


def extra_row(provider: ExtraProvider, width: int = len(fmt.MAIN_COLUMNS)) -> list[str]:
    row = [""] * width
    row[fmt.NPI] = provider.npi or ""
    row[fmt.ENTITY_TYPE] = "2" if provider.organization else "1"
    if provider.organization:
        row[fmt.ORGANIZATION_NAME] = provider.name
    else:
        first, _, last = provider.name.partition(" ")
        row[fmt.FIRST_NAME], row[fmt.LAST_NAME] = first, last
    a = fmt.PRACTICE_ADDRESS
    row[a : a + 8] = [
        provider.street,
        provider.street_2,
        provider.city,
        provider.state,
        provider.postal_code,
        "US",
        provider.phone,
        "",
    ]
    row[fmt.ENUMERATION_DATE] = "01/15/2012"
    row[fmt.LAST_UPDATE] = "02/01/2024"
    row[fmt.TAXONOMY_CODES[0]] = provider.taxonomy
    row[fmt.TAXONOMY_CODES[0] + 3] = "Y"
    return row


def iter_rows(
    rows: int, seed: int = 2025, extra_rows: list[ExtraProvider] = ()
) -> Iterator[tuple[list[str], list[list[str]], str]]:
    """(main row, its pl_pfile rows, kind) for `rows` generated providers, then the extras."""
    generator = _Generator(seed)
    for serial in range(rows):
        npi = make_npi(serial, prefix="17")
        kind = generator.kind()
        row, _organization = generator.row(npi, kind)
        extra = (
            generator.locations(npi)
            if kind != "deactivated" and generator.rng.random() < 0.05
            else []
        )
        yield row, extra, kind
    for serial, provider in enumerate(extra_rows):
        provider.npi = provider.npi or make_npi(serial, prefix="18")
        pl = [
            [provider.npi, street, "", city, state, postal, "US", phone, "", ""]
            for street, city, state, postal, phone in provider.locations
        ]
        yield extra_row(provider), pl, "extra"


@dataclass
class Written:
    main: Path
    locations: Path
    zip: Path | None
    rows: int
    kinds: dict[str, int]
    practice_locations: int
    bytes: int


def write_nppes(
    folder: str | Path,
    rows: int,
    *,
    seed: int = 2025,
    extra_rows: list[ExtraProvider] = (),
    zipped: bool = False,
    header: list[str] | None = None,
) -> Written:
    """Write the main file and pl_pfile into `folder` (and the zip of both, if asked)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    main, locations = folder / MAIN_NAME, folder / LOCATIONS_NAME
    kinds: dict[str, int] = {}
    pl_rows = 0
    with (
        open(main, "w", encoding=fmt.ENCODING, newline="") as out,
        open(locations, "w", encoding=fmt.ENCODING, newline="") as pl_out,
    ):
        out.write(_quoted(list(header or fmt.MAIN_COLUMNS)))
        pl_out.write(_quoted(list(fmt.LOCATION_COLUMNS)))
        for row, pl, kind in iter_rows(rows, seed, list(extra_rows)):
            out.write(_quoted(row))
            kinds[kind] = kinds.get(kind, 0) + 1
            for location in pl:
                pl_out.write(_quoted(location))
                pl_rows += 1
    archive = None
    if zipped:
        archive = folder / "NPPES_Data_Dissemination_June_2025_V2.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            bundle.write(main, main.name)
            bundle.write(locations, locations.name)
    return Written(
        main=main,
        locations=locations,
        zip=archive,
        rows=rows + len(extra_rows),
        kinds=kinds,
        practice_locations=pl_rows,
        bytes=main.stat().st_size,
    )

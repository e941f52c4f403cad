"""Fixture NPI Registry (NPPES API v2.1): fictional providers in the API's two shapes.

The hand-written Houston providers cover the cases a real response has: individuals
(NPI-1) and organizations (NPI-2), secondary practice locations, "--" placeholders,
numbers sent as numbers or strings, epochs in seconds or milliseconds, and providers who
are not mental-health providers at all (a dentist, an optometrist).

Pasadena, TX holds a generated population of 1,350 providers so that a city search hits
the API's cap of 1,200 results (limit 200, skip at most 1000): the crawler must split it
by postal code and, for 77504 (1,250 providers), by taxonomy. 77508 answers with an
error body (HTTP 200 and an "Errors" array), as the real API does now and then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinics.record import npi_check_digit

MAX_LIMIT = 200
MAX_SKIP = 1000
ERROR_POSTAL_CODE = "77508"


def make_npi(serial: int, prefix: str = "19") -> str:
    first9 = f"{prefix}{serial:07d}"
    return first9 + npi_check_digit(first9)


@dataclass
class Place:
    street: str
    city: str
    postal_code: str  # 5 or 9 digits as NPPES stores them
    phone: str
    street_2: str = ""
    fax: str = ""
    state: str = "TX"


@dataclass
class NpiProvider:
    number: str
    enumeration_type: str  # NPI-1 | NPI-2
    taxonomy: tuple[str, str]  # (code, desc)
    location: Place
    first_name: str = ""
    last_name: str = ""
    middle_name: str = "--"
    credential: str = ""
    organization_name: str = ""
    license: str = ""
    practice_locations: list[Place] = field(default_factory=list)
    mailing: Place | None = None
    shape: str = "strings"  # strings (current) | numbers (older responses)
    created_epoch_s: int = 1262304000
    updated_epoch_s: int = 1704067200
    extra_taxonomies: list[tuple[str, str]] = field(default_factory=list)


PSYCHIATRY = ("2084P0800X", "Psychiatry & Neurology, Psychiatry")
CHILD_PSYCHIATRY = ("2084P0804X", "Psychiatry & Neurology, Child & Adolescent Psychiatry")
CLINICAL_PSYCHOLOGIST = ("103TC0700X", "Psychologist, Clinical")
CLINICAL_SOCIAL_WORKER = ("1041C0700X", "Social Worker, Clinical")
PROFESSIONAL_COUNSELOR = ("101YP2500X", "Counselor, Professional")
MENTAL_HEALTH_COUNSELOR = ("101YM0800X", "Counselor, Mental Health")
FAMILY_THERAPIST = ("106H00000X", "Marriage & Family Therapist")
PSYCH_NP = ("363LP0808X", "Nurse Practitioner, Psych/Mental Health")
ANESTHESIOLOGY = ("207L00000X", "Anesthesiology")
MENTAL_HEALTH_CLINIC = (
    "261QM0801X",
    "Clinic/Center, Mental Health (Including Community Mental Health Center)",
)
DENTIST = ("1223G0001X", "Dentist, General Practice")
OPTOMETRIST = ("152W00000X", "Optometrist")

HOUSTON_PROVIDERS: list[NpiProvider] = [
    NpiProvider(
        number=make_npi(1001),
        enumeration_type="NPI-1",
        first_name="AMARA",
        last_name="OKONJO",
        credential="M.D.",
        taxonomy=PSYCHIATRY,
        license="Q1234",
        location=Place(
            "6560 FANNIN ST", "HOUSTON", "770302701", "713-798-4410", "STE 1720", "713-798-4411"
        ),
        practice_locations=[
            Place("15200 SOUTHWEST FWY", "SUGAR LAND", "774784120", "281-565-1180", "STE 300")
        ],
        mailing=Place("PO BOX 20001", "HOUSTON", "77225", "713-798-4410"),
    ),
    NpiProvider(
        number=make_npi(1002),
        enumeration_type="NPI-1",
        first_name="DANIEL",
        last_name="REYES",
        credential="PhD",
        taxonomy=CLINICAL_PSYCHOLOGIST,
        license="38112",
        location=Place("2500 BOLSOVER ST", "HOUSTON", "77005", "713-526-3390", "STE 210"),
        shape="numbers",
    ),
    NpiProvider(
        number=make_npi(1003),
        enumeration_type="NPI-1",
        first_name="PRIYA",
        last_name="NATARAJAN",
        credential="LCSW",
        taxonomy=CLINICAL_SOCIAL_WORKER,
        license="61234",
        location=Place("3400 BISSONNET ST", "HOUSTON", "770054407", "713-599-1123", "STE 150"),
    ),
    NpiProvider(
        number=make_npi(1004),
        enumeration_type="NPI-1",
        first_name="MARCUS",
        last_name="HALE",
        credential="LPC",
        taxonomy=PROFESSIONAL_COUNSELOR,
        license="70012",
        location=Place("5151 SAN FELIPE ST", "HOUSTON", "77056", "713-621-8845", "STE 900", "--"),
        shape="numbers",
    ),
    NpiProvider(
        number=make_npi(1005),
        enumeration_type="NPI-1",
        first_name="ELENA",
        last_name="VASQUEZ",
        credential="LMFT",
        taxonomy=FAMILY_THERAPIST,
        location=Place("410 W 19TH ST", "HOUSTON", "77008", "713-862-4471"),
    ),
    NpiProvider(
        number=make_npi(1006),
        enumeration_type="NPI-1",
        first_name="GRACE",
        last_name="ADEYEMI",
        credential="PMHNP-BC",
        taxonomy=PSYCH_NP,
        license="AP112233",
        location=Place("7700 MAIN ST", "HOUSTON", "77030", "713-664-2038", "STE 400"),
        practice_locations=[
            Place("22400 KUYKENDAHL RD", "SPRING", "77379", "281-350-7714", "STE B")
        ],
    ),
    NpiProvider(
        number=make_npi(1007),
        enumeration_type="NPI-2",
        organization_name="BAYOU CITY KETAMINE & WELLNESS PLLC",
        taxonomy=MENTAL_HEALTH_CLINIC,
        location=Place("6560 FANNIN ST", "HOUSTON", "77030", "713-791-4420", "STE 1200"),
        extra_taxonomies=[ANESTHESIOLOGY],
    ),
    NpiProvider(
        number=make_npi(1008),
        enumeration_type="NPI-1",
        first_name="LAURA",
        last_name="CHEN",
        credential="DDS",
        taxonomy=DENTIST,
        location=Place("2615 SOUTHWEST FWY", "HOUSTON", "77098", "713-526-2211"),
    ),
    NpiProvider(
        number=make_npi(1009),
        enumeration_type="NPI-1",
        first_name="KEVIN",
        last_name="PARK",
        credential="OD",
        taxonomy=OPTOMETRIST,
        location=Place("5085 WESTHEIMER RD", "HOUSTON", "77056", "713-621-9090"),
        shape="numbers",
    ),
    NpiProvider(
        number=make_npi(1010),
        enumeration_type="NPI-1",
        first_name="SAMUEL",
        last_name="IBARRA",
        credential="MD",
        taxonomy=CHILD_PSYCHIATRY,
        location=Place("9200 KATY FWY", "HOUSTON", "77024", "832-412-7730", "STE 500"),
    ),
    NpiProvider(
        number=make_npi(1011),
        enumeration_type="NPI-1",
        first_name="JORDAN",
        last_name="WELLS",
        credential="LPC",
        taxonomy=MENTAL_HEALTH_COUNSELOR,
        # an impossible phone number: the phone pipeline drops it and says why
        location=Place("1415 LOUISIANA ST", "HOUSTON", "77002", "713-000-0000", "STE 2100"),
    ),
    NpiProvider(
        number=make_npi(1012),
        enumeration_type="NPI-2",
        organization_name="GULF COAST BEHAVIORAL HEALTH CENTER",
        taxonomy=MENTAL_HEALTH_CLINIC,
        location=Place("3 GREENWAY PLZ", "HOUSTON", "77046", "713-621-4400", "STE 1100"),
        practice_locations=[
            Place("2323 S SHEPHERD DR", "HOUSTON", "77019", "713-526-5500"),
            Place("1001 W MAIN ST", "LEAGUE CITY", "77573", "281-332-4410"),
        ],
        shape="numbers",
    ),
    NpiProvider(
        number=make_npi(1013),
        enumeration_type="NPI-1",
        first_name="RACHEL",
        last_name="STONE",
        credential="MD",
        taxonomy=ANESTHESIOLOGY,
        location=Place("3400 BISSONNET ST", "HOUSTON", "77005", "713-599-1124", "STE 160"),
        extra_taxonomies=[PSYCHIATRY],
    ),
    NpiProvider(
        number=make_npi(1014),
        enumeration_type="NPI-1",
        first_name="OLIVIA",
        last_name="GRANT",
        credential="LPC-S",
        taxonomy=PROFESSIONAL_COUNSELOR,
        # main address in Sugar Land; a Houston practice location makes her a Houston hit
        location=Place("2245 TEXAS DR", "SUGAR LAND", "77479", "281-565-2290", "STE 210"),
        practice_locations=[Place("2520 KIRBY DR", "HOUSTON", "77098", "713-526-8814", "STE 300")],
    ),
]

_FIRST = (
    "ALEX",
    "JAMIE",
    "TAYLOR",
    "MORGAN",
    "CASEY",
    "RILEY",
    "JORDAN",
    "AVERY",
    "QUINN",
    "ROWAN",
)
_LAST = (
    "ABBOTT",
    "BARNES",
    "CORTEZ",
    "DIAZ",
    "ELLIS",
    "FLORES",
    "GARZA",
    "HUYNH",
    "IRWIN",
    "JONES",
)


def _generated(serial: int, postal_code: str, taxonomy: tuple[str, str]) -> NpiProvider:
    return NpiProvider(
        number=make_npi(serial, prefix="17"),
        enumeration_type="NPI-1",
        first_name=_FIRST[serial % 10],
        last_name=f"{_LAST[(serial // 10) % 10]}-SAMPLE{serial}",
        credential="LPC" if taxonomy == PROFESSIONAL_COUNSELOR else "LCSW",
        taxonomy=taxonomy,
        location=Place(f"{100 + serial % 900} SAMPLE ST", "PASADENA", postal_code, "713-477-1200"),
        shape="numbers" if serial % 3 == 0 else "strings",
    )


def _pasadena() -> list[NpiProvider]:
    providers = []
    serial = 1
    plan = (
        ("77504", PROFESSIONAL_COUNSELOR, 500),
        ("77504", CLINICAL_SOCIAL_WORKER, 450),
        ("77504", CLINICAL_PSYCHOLOGIST, 300),
        ("77502", PROFESSIONAL_COUNSELOR, 60),
        ("77502", CLINICAL_SOCIAL_WORKER, 40),
    )
    for postal_code, taxonomy, count in plan:
        for _ in range(count):
            providers.append(_generated(serial, postal_code, taxonomy))
            serial += 1
    return providers


ALL_PROVIDERS: list[NpiProvider] = HOUSTON_PROVIDERS + _pasadena()
ALL_PROVIDERS.sort(key=lambda provider: provider.number)


def _text(value: str) -> str:
    return value if value else "--"


def _address(place: Place, purpose: str, phone_digits_only: bool) -> dict:
    phone = place.phone.replace("-", "") if phone_digits_only else place.phone
    row = {
        "country_code": "US",
        "country_name": "United States",
        "address_purpose": purpose,
        "address_type": "DOM",
        "address_1": place.street,
        "address_2": place.street_2,
        "city": place.city,
        "state": place.state,
        "postal_code": place.postal_code,
        "telephone_number": phone,
    }
    if place.fax:
        row["fax_number"] = place.fax
    return row


def render_result(provider: NpiProvider) -> dict:
    """One entry of `results` in the provider's response shape."""
    numbers = provider.shape == "numbers"
    epoch = (lambda s: s) if numbers else (lambda s: str(s * 1000))
    basic: dict = {"status": "A", "enumeration_date": "2010-01-01", "last_updated": "2024-01-01"}
    if provider.enumeration_type == "NPI-1":
        basic.update(
            first_name=provider.first_name,
            last_name=provider.last_name,
            middle_name=provider.middle_name,
            credential=provider.credential or "--",
            name_prefix="--",
            name_suffix="--",
            sole_proprietor="NO",
            gender="F" if provider.first_name[:1] in "AEGLOP" else "M",
        )
    else:
        basic.update(
            organization_name=provider.organization_name,
            organizational_subpart="NO",
            authorized_official_first_name="CHRIS",
            authorized_official_last_name="SAMPLE",
            authorized_official_title_or_position="DIRECTOR",
            authorized_official_telephone_number="7135550100",
        )
    taxonomies = [
        {
            "code": provider.taxonomy[0],
            "taxonomy_group": "",
            "desc": provider.taxonomy[1],
            "state": "TX",
            "license": _text(provider.license),
            "primary": True,
        }
    ] + [
        {
            "code": code,
            "taxonomy_group": "",
            "desc": desc,
            "state": "TX",
            "license": "--",
            "primary": False,
        }
        for code, desc in provider.extra_taxonomies
    ]
    mailing = provider.mailing or provider.location
    return {
        "created_epoch": epoch(provider.created_epoch_s),
        "enumeration_type": provider.enumeration_type,
        "last_updated_epoch": epoch(provider.updated_epoch_s),
        "number": int(provider.number) if numbers else provider.number,
        "addresses": [
            _address(provider.location, "LOCATION", numbers),
            _address(mailing, "MAILING", numbers),
        ],
        "practiceLocations": [
            _address(place, "LOCATION", numbers) for place in provider.practice_locations
        ],
        "basic": basic,
        "taxonomies": taxonomies,
        "identifiers": [],
        "endpoints": [],
        "other_names": [],
    }


def _matches(provider: NpiProvider, params: dict[str, str]) -> bool:
    places = [provider.location, *provider.practice_locations]
    city = params.get("city", "").strip().upper()
    state = params.get("state", "").strip().upper()
    postal = params.get("postal_code", "").strip()
    if city or state or postal:

        def place_ok(place: Place) -> bool:
            return (
                (not city or place.city == city)
                and (not state or place.state == state)
                and (not postal or place.postal_code.startswith(postal))
            )

        if not any(place_ok(place) for place in places):
            return False
    wanted_taxonomy = params.get("taxonomy_description", "").strip().lower()
    if wanted_taxonomy:
        descs = [provider.taxonomy[1], *(desc for _, desc in provider.extra_taxonomies)]
        if not any(wanted_taxonomy in desc.lower() for desc in descs):
            return False
    kind = params.get("enumeration_type", "").strip().upper()
    return not (kind and provider.enumeration_type != kind)


def _error(description: str, field_name: str, number: str) -> dict:
    return {"Errors": [{"description": description, "field": field_name, "number": number}]}


def api_response(params: dict[str, str]) -> dict:
    """The JSON body the API returns for these query parameters (always HTTP 200)."""
    if params.get("version") != "2.1":
        return _error("Unsupported Version", "version", "01")
    criteria = (
        "number",
        "city",
        "postal_code",
        "taxonomy_description",
        "first_name",
        "last_name",
        "organization_name",
    )
    if not any(params.get(key) for key in criteria):
        return _error("No valid search criteria provided", "generic", "04")
    try:
        limit = int(params.get("limit", "10"))
        skip = int(params.get("skip", "0"))
    except ValueError:
        return _error("Field limit and skip must be numbers", "limit", "10")
    if not 1 <= limit <= MAX_LIMIT:
        return _error("Field limit must be between 1 and 200", "limit", "10")
    if not 0 <= skip <= MAX_SKIP:
        return _error("Field skip must be between 0 and 1000", "skip", "11")
    if params.get("postal_code", "").startswith(ERROR_POSTAL_CODE):
        return _error("Internal error, please try again later", "generic", "99")
    if params.get("number"):
        hits = [p for p in ALL_PROVIDERS if p.number == params["number"]]
    else:
        hits = [p for p in ALL_PROVIDERS if _matches(p, params)]
    page = hits[skip : skip + limit]
    return {"result_count": len(page), "results": [render_result(p) for p in page]}

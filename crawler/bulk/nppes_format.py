"""The NPPES Data Dissemination file format (V2, June 2025): column names and positions.

The monthly "full replacement" zip holds `npidata_pfile_<from>-<to>.csv` (one row per NPI,
330 columns, every value quoted, ISO-8859-1), `pl_pfile_<from>-<to>.csv` (further practice
locations, keyed by NPI), `othername_pfile_...`, `endpoint_pfile_...` and a header-only
`*_fileheader.csv` for each. The column lists below are built from the format's groups
(15 taxonomy slots of 4 columns, 50 other-identifier slots of 4 columns, 15 taxonomy
groups); tests compare them with the published header.
"""

from __future__ import annotations

TAXONOMY_SLOTS = 15
OTHER_IDENTIFIER_SLOTS = 50

_HEAD = (
    "NPI",
    "Entity Type Code",
    "Replacement NPI",
    "Employer Identification Number (EIN)",
    "Provider Organization Name (Legal Business Name)",
    "Provider Last Name (Legal Name)",
    "Provider First Name",
    "Provider Middle Name",
    "Provider Name Prefix Text",
    "Provider Name Suffix Text",
    "Provider Credential Text",
    "Provider Other Organization Name",
    "Provider Other Organization Name Type Code",
    "Provider Other Last Name",
    "Provider Other First Name",
    "Provider Other Middle Name",
    "Provider Other Name Prefix Text",
    "Provider Other Name Suffix Text",
    "Provider Other Credential Text",
    "Provider Other Last Name Type Code",
)


def _address(kind: str) -> tuple[str, ...]:
    """The 8 columns of the mailing or the practice location address."""
    return (
        f"Provider First Line Business {kind} Address",
        f"Provider Second Line Business {kind} Address",
        f"Provider Business {kind} Address City Name",
        f"Provider Business {kind} Address State Name",
        f"Provider Business {kind} Address Postal Code",
        f"Provider Business {kind} Address Country Code (If outside U.S.)",
        f"Provider Business {kind} Address Telephone Number",
        f"Provider Business {kind} Address Fax Number",
    )


_DATES_AND_OFFICIAL = (
    "Provider Enumeration Date",
    "Last Update Date",
    "NPI Deactivation Reason Code",
    "NPI Deactivation Date",
    "NPI Reactivation Date",
    "Provider Sex Code",
    "Authorized Official Last Name",
    "Authorized Official First Name",
    "Authorized Official Middle Name",
    "Authorized Official Title or Position",
    "Authorized Official Telephone Number",
)
_TAXONOMY_SLOT = (
    "Healthcare Provider Taxonomy Code_{n}",
    "Provider License Number_{n}",
    "Provider License Number State Code_{n}",
    "Healthcare Provider Primary Taxonomy Switch_{n}",
)
_OTHER_IDENTIFIER_SLOT = (
    "Other Provider Identifier_{n}",
    "Other Provider Identifier Type Code_{n}",
    "Other Provider Identifier State_{n}",
    "Other Provider Identifier Issuer_{n}",
)
_TAIL = (
    "Is Sole Proprietor",
    "Is Organization Subpart",
    "Parent Organization LBN",
    "Parent Organization TIN",
    "Authorized Official Name Prefix Text",
    "Authorized Official Name Suffix Text",
    "Authorized Official Credential Text",
)


def _slots(template: tuple[str, ...], count: int) -> tuple[str, ...]:
    return tuple(name.format(n=n) for n in range(1, count + 1) for name in template)


MAIN_COLUMNS: tuple[str, ...] = (
    *_HEAD,
    *_address("Mailing"),
    *_address("Practice Location"),
    *_DATES_AND_OFFICIAL,
    *_slots(_TAXONOMY_SLOT, TAXONOMY_SLOTS),
    *_slots(_OTHER_IDENTIFIER_SLOT, OTHER_IDENTIFIER_SLOTS),
    *_TAIL,
    *(f"Healthcare Provider Taxonomy Group_{n}" for n in range(1, TAXONOMY_SLOTS + 1)),
    "Certification Date",
)

# The practice-locations file; the odd spacing is the publisher's.
LOCATION_COLUMNS: tuple[str, ...] = (
    "NPI",
    "Provider Secondary Practice Location Address- Address Line 1",
    "Provider Secondary Practice Location Address-  Address Line 2",
    "Provider Secondary Practice Location Address - City Name",
    "Provider Secondary Practice Location Address - State Name",
    "Provider Secondary Practice Location Address - Postal Code",
    "Provider Secondary Practice Location Address - Country Code (If outside U.S.)",
    "Provider Secondary Practice Location Address - Telephone Number",
    "Provider Secondary Practice Location Address - Telephone Extension",
    "Provider Practice Location Address - Fax Number",
)


def column(name: str, columns: tuple[str, ...] = MAIN_COLUMNS) -> int:
    return columns.index(name)


# Positions in a main-file row
NPI = column("NPI")
ENTITY_TYPE = column("Entity Type Code")
ORGANIZATION_NAME = column("Provider Organization Name (Legal Business Name)")
LAST_NAME = column("Provider Last Name (Legal Name)")
FIRST_NAME = column("Provider First Name")
MIDDLE_NAME = column("Provider Middle Name")
NAME_PREFIX = column("Provider Name Prefix Text")
NAME_SUFFIX = column("Provider Name Suffix Text")
CREDENTIAL = column("Provider Credential Text")
PRACTICE_ADDRESS = column("Provider First Line Business Practice Location Address")  # 8 columns
ENUMERATION_DATE = column("Provider Enumeration Date")
LAST_UPDATE = column("Last Update Date")
DEACTIVATION_DATE = column("NPI Deactivation Date")
REACTIVATION_DATE = column("NPI Reactivation Date")
TAXONOMY_CODES = tuple(
    column(f"Healthcare Provider Taxonomy Code_{n}") for n in range(1, TAXONOMY_SLOTS + 1)
)

ENTITY_INDIVIDUAL = "1"
ENTITY_ORGANIZATION = "2"
ENCODING = "iso-8859-1"


def header_problem(found: list[str], expected: tuple[str, ...]) -> str | None:
    """None when `found` is exactly `expected`, else one line naming the first difference."""
    for position, (have, want) in enumerate(zip(found, expected, strict=False), start=1):
        if have.strip() != want:
            return f"unexpected column {position} {have!r} (expected {want!r})"
    if len(found) > len(expected):
        return (
            f"unexpected column {len(expected) + 1} {found[len(expected)]!r} "
            f"(the header has {len(found)} columns, expected {len(expected)})"
        )
    if len(found) < len(expected):
        return (
            f"the header ends after {len(found)} columns; "
            f"column {len(found) + 1} should be {expected[len(found)]!r}"
        )
    return None

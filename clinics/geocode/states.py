"""US states, DC and inhabited territories: two-letter USPS codes and their names."""

from __future__ import annotations

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
    "GU": "Guam",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}

# Spellings people type besides the code and the official name.
_EXTRA_SPELLINGS: dict[str, str] = {
    "washington dc": "DC",
    "washington d c": "DC",
    "d c": "DC",
    "virgin islands": "VI",
    "us virgin islands": "VI",
    "tex": "TX",
    "calif": "CA",
    "mass": "MA",
    "penn": "PA",
    "fla": "FL",
}


def _normalize(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(cleaned.split())


_CODE_BY_SPELLING: dict[str, str] = {}
for _code, _name in STATE_NAMES.items():
    _CODE_BY_SPELLING[_code.lower()] = _code
    _CODE_BY_SPELLING[_normalize(_name)] = _code
for _spelling, _code in _EXTRA_SPELLINGS.items():
    _CODE_BY_SPELLING[_spelling] = _code

# Longest spelling first, so "west virginia" wins over "virginia".
LONGEST_SPELLING_WORDS = max(len(s.split()) for s in _CODE_BY_SPELLING)


def state_code(text: str) -> str | None:
    """The USPS code for a state code or name in any case ("tx", "Texas" -> "TX"), else None."""
    return _CODE_BY_SPELLING.get(_normalize(text))


def state_name(code: str) -> str | None:
    return STATE_NAMES.get(code.upper())

"""GeoMatch: what every geocoding call in the project returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PRECISION_POINT = "point"
PRECISION_ADDRESS = "address"
PRECISION_ZIP = "zip"
PRECISION_CITY = "city"
PRECISIONS = (PRECISION_POINT, PRECISION_ADDRESS, PRECISION_ZIP, PRECISION_CITY)

# Precisions whose point is the place itself rather than the centre of an area around it.
EXACT_PRECISIONS = frozenset({PRECISION_POINT, PRECISION_ADDRESS})

SOURCE_ZIPCODES = "zipcodes"
SOURCE_INPUT = "input"


@dataclass(frozen=True)
class GeoMatch:
    """One geocoded place.

    ``approximate`` is True when the point stands for an area (a ZIP or city centre), so a
    user interface should say "approximate". ``ambiguous`` is True when the text could
    mean several places; ``candidates`` then names them, most likely first.
    """

    lat: float
    lon: float
    precision: str
    matched_name: str
    approximate: bool
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    source: str = SOURCE_ZIPCODES
    postal_code: str | None = None
    city: str | None = None
    state: str | None = None
    note: str | None = field(default=None, compare=False)

    @classmethod
    def of_zip(cls, code: str, city: str, state: str, lat: float, lon: float) -> GeoMatch:
        """A ZIP-centre match, built without the per-field checks of the frozen __init__.

        ZIP lookups are the hot path (tens of thousands a second when enriching records);
        the fields set here are exactly those __init__ would set.
        """
        match = object.__new__(cls)
        match.__dict__.update(
            lat=lat,
            lon=lon,
            precision=PRECISION_ZIP,
            matched_name=f"{city}, {state} {code}",
            approximate=True,
            ambiguous=False,
            candidates=(),
            source=SOURCE_ZIPCODES,
            postal_code=code,
            city=city,
            state=state,
            note=None,
        )
        return match

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["candidates"] = list(self.candidates)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GeoMatch:
        return cls(
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            precision=str(data["precision"]),
            matched_name=str(data["matched_name"]),
            approximate=bool(data.get("approximate", data["precision"] not in EXACT_PRECISIONS)),
            ambiguous=bool(data.get("ambiguous", False)),
            candidates=tuple(data.get("candidates") or ()),
            source=str(data.get("source") or SOURCE_ZIPCODES),
            postal_code=data.get("postal_code"),
            city=data.get("city"),
            state=data.get("state"),
            note=data.get("note"),
        )


def is_approximate(precision: str) -> bool:
    return precision not in EXACT_PRECISIONS

"""Geocoding of records that came without coordinates, through clinics.geocode.

The query is the record's address (street, city, state, ZIP); the offline geocoder places
it at its ZIP or city, online geocoders (opt-in, see docs/geocoding.md) at the address.
geo_precision says which. Ambiguous places are not guessed: the record keeps no point.
"""

from __future__ import annotations

from typing import Any

from clinics import enrich
from clinics import fields as F
from crawler.pipelines import RecordPipeline


class GeocodePipeline(RecordPipeline):
    def __init__(self, crawler: Any = None) -> None:
        super().__init__(crawler)
        self.enabled = crawler.settings.getbool("GEOCODE_MISSING", True) if crawler else True
        # Offline, a street address is placed at its ZIP: asking by ZIP and city alone
        # gives the same point and lets one lookup serve every provider of the ZIP.
        self.with_street = enrich.street_level_geocoder()

    def process_item(self, item: dict, spider: Any = None) -> dict:
        if not self.enabled or item.get(F.LATITUDE) is not None:
            return item
        unplaced = enrich.place_record(item, with_street=self.with_street)
        if item.get(F.LATITUDE) is None:
            item[F.GEO_PRECISION] = "none"
            if unplaced:
                self.note_issue(
                    item, F.GEO_PRECISION, "address could not be placed on the map", unplaced
                )
        return item

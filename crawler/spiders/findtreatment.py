"""SAMHSA FindTreatment.gov locator: facilities within a radius of a point, all pages.

Mental-health (MH) and substance-use (SA) facilities both come in (`-a type=both`).
The point is `-a lat=.. -a lon=..` or `-a near=77030` (through the project geocoder).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy

from crawler.pages import PageError
from crawler.pages.findtreatment import FindTreatmentPage
from crawler.spiders.base import SourceSpider

METERS_PER_MILE = 1609.344


class FindTreatmentSpider(SourceSpider):
    name = "findtreatment"
    source = "findtreatment"
    arguments: ClassVar[dict[str, str]] = {
        "near": "a place to search around (ZIP or 'City, ST'), or give lat and lon",
        "lat": "latitude of the search point",
        "lon": "longitude of the search point",
        "radius_mi": "search radius in miles (default 25)",
        "type": "both, mh or sa (default both)",
        "page_size": "rows per request (default 50)",
        "sample": "1 marks every record as fictional sample data",
    }

    scope_arguments: ClassVar[frozenset[str]] = frozenset(
        {"near", "lat", "lon", "radius_mi", "type"}
    )

    def __init__(
        self,
        near: str = "",
        lat: str = "",
        lon: str = "",
        radius_mi: str = "25",
        type: str = "both",
        page_size: str = "50",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if near and not (lat and lon):
            from clinics.geocode import geocode

            match = geocode(near)
            if match is None:
                raise ValueError(f"findtreatment: cannot place near={near!r}; give lat and lon")
            lat, lon = str(match.lat), str(match.lon)
        try:
            self.lat, self.lon = float(lat), float(lon)
            self.radius_m = float(radius_mi) * METERS_PER_MILE
            self.page_size = int(page_size)
        except ValueError:
            raise ValueError(
                "findtreatment needs -a near=PLACE or numeric -a lat=.. -a lon=.. (radius_mi, page_size numbers)"
            ) from None
        if type.lower() not in ("both", "mh", "sa"):
            raise ValueError("findtreatment: type must be both, mh or sa")
        self.facility_type = type.lower()

    def request(self, page: int) -> scrapy.Request:
        params = {
            "sType": self.facility_type,
            "sAddr": f"{self.lat},{self.lon}",
            "limitType": "2",
            "limitValue": str(round(self.radius_m)),
            "pageSize": str(self.page_size),
            "page": str(page),
            "sort": "0",
        }
        url = f"{self.settings.get('FINDTREATMENT_API_URL')}?{urlencode(params)}"
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.on_error, meta={"page": page}
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.request(1)

    def parse_page(self, response: scrapy.http.Response) -> Iterator[Any]:
        try:
            page = FindTreatmentPage(response.url, response.body)
        except PageError as exc:
            self.dead_letter(
                "unreadable_page", str(exc), url=response.url, raw=response.text[:2000]
            )
            return
        if response.meta["page"] == 1:
            for number in range(2, page.total_pages + 1):
                yield self.request(number)
        yield from self.emit(page.records(), response)

"""NPPES NPI Registry API v2.1: providers by city/state/postal code and taxonomy.

The API returns at most 200 results a request and skips at most 1000, so one query sees at
most 1,200 providers. Every query starts with its first page; a full first page is followed
by a probe at skip=1000, and a full probe means the query is capped: it is split by postal
code (ZIPs of the city, from the offline `zipcodes` data), then by taxonomy, and nothing of
the capped query is emitted. Error bodies (HTTP 200 with "Errors") are logged, counted and
dead-lettered; the crawl goes on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy

from crawler import stats
from crawler.pages import PageError
from crawler.pages.npi import NpiApiPage
from crawler.spiders.base import SourceSpider, csv_arg

LIMIT = 200
MAX_SKIP = 1000
# taxonomy_description values used to split a capped postal-code query (behavioral health)
SPLIT_TAXONOMIES = (
    "Psychiatry",
    "Psycholog",
    "Counselor",
    "Social Worker",
    "Marriage & Family Therapist",
    "Psych/Mental Health",
    "Clinic/Center, Mental Health",
    "Anesthesiology",
)


def postal_codes_of(city: str, state: str) -> list[str]:
    import zipcodes

    try:
        rows = zipcodes.filter_by(city=city.title(), state=state.upper())
    except (TypeError, ValueError):
        return []
    return sorted({row["zip_code"] for row in rows})


class NpiSpider(SourceSpider):
    name = "npi"
    source = "npi"
    arguments: ClassVar[dict[str, str]] = {
        "city": "city to search (with state)",
        "state": "two-letter state, e.g. TX",
        "postal_code": "one or more 5-digit ZIPs, comma-separated",
        "taxonomy": "taxonomy descriptions, comma-separated (default: all, out-of-scope dropped)",
        "split_taxonomies": "taxonomies to split a capped query by, '|'-separated",
        "sample": "1 marks every record as fictional sample data",
    }

    scope_arguments: ClassVar[frozenset[str]] = frozenset(
        {"city", "state", "postal_code", "taxonomy"}
    )

    def __init__(
        self,
        city: str = "",
        state: str = "",
        postal_code: str = "",
        taxonomy: str = "",
        split_taxonomies: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.city = city.strip()
        self.state = state.strip().upper()
        self.postal_codes = csv_arg(postal_code)
        self.taxonomies = csv_arg(taxonomy)
        self.split_taxonomies = (
            [t.strip() for t in split_taxonomies.split("|") if t.strip()]
            if split_taxonomies
            else list(SPLIT_TAXONOMIES)
        )
        if not (self.city or self.postal_codes):
            raise ValueError("npi needs -a city=NAME -a state=ST or -a postal_code=ZIP[,ZIP]")

    @property
    def api_url(self) -> str:
        return self.settings.get("NPI_API_URL")

    def initial_queries(self) -> list[dict[str, str]]:
        base: dict[str, str] = {}
        if self.city:
            base["city"] = self.city
        if self.state:
            base["state"] = self.state
        places = [dict(base, postal_code=code) for code in self.postal_codes] or [base]
        if not self.taxonomies:
            return places
        return [dict(place, taxonomy_description=t) for place in places for t in self.taxonomies]

    def request(
        self, query: dict[str, str], skip: int, phase: str, **kwargs: Any
    ) -> scrapy.Request:
        params = {"version": "2.1", **query, "limit": str(LIMIT), "skip": str(skip)}
        return scrapy.Request(
            f"{self.api_url}?{urlencode(params)}",
            callback=self.parse_results,
            errback=self.on_error,
            meta={"query": query, "skip": skip, "phase": phase},
            **kwargs,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for query in self.initial_queries():
            yield self.request(query, 0, "first")

    def split(self, query: dict[str, str]) -> list[dict[str, str]] | None:
        if "postal_code" not in query and query.get("city") and query.get("state"):
            codes = postal_codes_of(query["city"], query["state"])
            if codes:
                return [dict(query, postal_code=code) for code in codes]
        if "taxonomy_description" not in query:
            return [dict(query, taxonomy_description=t) for t in self.split_taxonomies]
        return None

    def parse_results(self, response: scrapy.http.Response) -> Iterator[Any]:
        query, phase = response.meta["query"], response.meta["phase"]
        try:
            page = NpiApiPage(response.url, response.body)
        except PageError as exc:
            self.dead_letter(
                "unreadable_page", str(exc), url=response.url, raw=response.text[:2000]
            )
            return
        if page.errors:
            for error in page.errors:
                self.dead_letter("api_error", error, url=response.url)
            return
        full = page.result_count >= LIMIT
        if phase == "first" and full:
            yield self.request(query, MAX_SKIP, "probe")
            return
        if phase == "probe" and full:
            parts = self.split(query)
            if parts:
                self.count(stats.NPI_CAPPED_SPLIT)
                self.logger.info("query %s hit the 1,200 cap: split into %d", query, len(parts))
                for part in parts:
                    yield self.request(part, 0, "first")
                return
            self.count(stats.NPI_CAPPED_INCOMPLETE)
            self.logger.warning("query %s hit the 1,200 cap and cannot be split further", query)
        if phase == "probe":
            for earlier in range(0, MAX_SKIP, LIMIT):
                yield self.request(query, earlier, "page", dont_filter=earlier == 0)
        yield from self.emit(page.records(), response)

"""Clinic websites, whole sites: from home URLs and/or sitemaps (sitemap indexes followed).

A site is a host plus the folder of its home URL (`https://clinic.example/` is the whole
host; `http://127.0.0.1:8765/clinics/bayou/` is that folder, so one host can hold several
fixture sites). From each site the spider fetches the pages a person would read to learn
what the practice offers: services, treatments, therapies, conditions (what we treat),
about, team, locations and contact, found by the words of a link's URL path (relative to
the site's folder) and of its anchor text. Blog, news, articles, events, careers/jobs,
shop/store/cart, login/portal and privacy/terms sections are never fetched. At most
`max_pages` pages a site (-a max_pages=N, setting CLINIC_SITES_MAX_PAGES, default 15); a
page robots.txt disallows is never requested and does not count.

Sitemap entries are grouped by site the same way (a site's root is the shortest listed
folder above an entry, else the entry's own folder); the listed pages of a site are its
first candidates, under the same section rules and page limit, and links are followed from
them as from a home page.

When a site's last page is in (errors included), the provider records found on any of its
pages are merged: one record per location (locations differ by street address; the record
with the most fields wins), each carrying the texts of all the site's pages for the
classifier (CLASSIFY_PAGES). A response that is not HTML is skipped and counted; a site
whose HTML pages name no provider becomes one dead letter with the reason.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from clinics import fields as F
from crawler import stats
from crawler.pages import CLASSIFY_PAGES, LOCATION_INDEX, PageError
from crawler.pages.clinic_site import ClinicSitePage
from crawler.spiders.base import SAMPLE_HEADER, SourceSpider, csv_arg

DEFAULT_MAX_PAGES = 15

# ---- which links a site crawl follows ----------------------------------------------------
# A link is followed when a word of its path below the site's folder, or of its anchor text,
# names one of these sections (the first that matches, in this order). When the page limit
# does not let every link in, the first page of each section comes first, in this order,
# then the second pages, and so on. Words are the lowercase alphanumeric runs of a path
# segment or of the anchor text; phrases are runs of words joined by "-".
FOLLOW_WORDS: dict[str, frozenset[str]] = {
    "services": frozenset(
        {
            "services", "service", "treatments", "treatment", "therapies", "therapy",
            "programs", "program", "offerings", "specialties", "specialty", "modalities",
            "approach", "care", "fees", "pricing", "insurance",
        }
    ),
    "therapies": frozenset(
        {
            "ketamine", "kap", "esketamine", "spravato", "infusion", "infusions", "iv", "im",
            "tms", "ect", "emdr", "cbt", "dbt", "erp", "act", "ifs", "psychotherapy",
            "counseling", "counselling", "psychedelic", "psychedelics", "psilocybin",
            "mdma", "integration", "psychiatry", "medication", "telehealth", "teletherapy",
        }
    ),
    "locations": frozenset({"locations", "location", "offices", "office", "directions"}),
    "conditions": frozenset(
        {
            "conditions", "condition", "disorders", "disorder", "issues", "concerns",
            "depression", "anxiety", "ptsd", "trauma", "ocd", "panic", "bipolar", "phobias",
            "phobia", "addiction", "pain", "insomnia",
        }
    ),
    "about": frozenset({"about", "faq", "faqs", "practice", "mission", "philosophy"}),
    "team": frozenset(
        {
            "team", "staff", "providers", "provider", "clinicians", "clinician", "therapists",
            "therapist", "doctors", "physicians", "psychiatrists", "counselors", "people",
            "bios", "practitioners",
        }
    ),
    "contact": frozenset({"contact", "appointment", "appointments", "visit"}),
}  # fmt: skip
FOLLOW_PHRASES: dict[str, tuple[str, ...]] = {
    "services": ("what-we-offer", "what-we-do", "how-we-help", "how-it-works"),
    "conditions": ("what-we-treat", "who-we-treat", "who-we-help", "we-treat", "who-we-serve"),
    "about": ("about-us", "who-we-are", "our-story"),
    "team": ("meet-the-team", "meet-us", "our-team"),
    "contact": ("contact-us", "get-in-touch", "find-us", "new-patients"),
}
SECTION_ORDER = ("home", *FOLLOW_WORDS)
SEED = "seed"  # a URL given by name (-a urls=): fetched first, whatever its section

# Sections never fetched (a page of them says nothing a practice offers, or is private):
# blog, news, articles, events, careers/jobs, shop/store/cart, login and privacy/terms.
SKIP_WORDS = frozenset(
    {
        "blog", "blogs", "vlog", "news", "newsroom", "newsletter", "newsletters", "article",
        "articles", "events", "webinar", "webinars", "podcast", "podcasts", "press",
        "careers", "career", "jobs", "job", "employment", "hiring", "shop", "store", "cart",
        "checkout", "basket", "merch", "gift", "login", "logout", "signin", "signup",
        "register", "account", "portal", "privacy", "terms", "cookies", "cookie", "legal",
        "disclaimer", "sitemap", "feed", "rss", "tag", "tags", "category", "author", "wp",
    }
)  # fmt: skip
SKIP_PHRASES = (
    "log-in", "sign-in", "sign-up", "join-our-team", "join-the-team", "join-us",
    "work-with-us", "gift-cards", "my-account", "terms-of-use", "terms-of-service",
)  # fmt: skip
# whole path segments that are sections of articles (not words: "post-traumatic" is no post)
SKIP_SEGMENTS = frozenset({"post", "posts", "stories", "event", "insights"})
YEAR_SEGMENT = re.compile(r"(19|20)\d\d")  # /2023/05/slug/ date archives of a blog

# links to files rather than pages
FILE_SUFFIXES = (
    ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".zip", ".doc", ".docx",
    ".xls", ".xlsx", ".ppt", ".pptx", ".mp3", ".mp4", ".mov", ".avi", ".ics", ".vcf",
    ".css", ".js", ".xml", ".json", ".txt",
)  # fmt: skip
MAX_URL_LENGTH = 2000  # Scrapy's UrlLengthMiddleware silently drops longer ones

_WORD = re.compile(r"[a-z0-9]+")

# words of an address line that mean the same thing written long or short
_ADDRESS_WORDS = {
    "street": "st", "avenue": "ave", "boulevard": "blvd", "drive": "dr", "road": "rd",
    "lane": "ln", "place": "pl", "parkway": "pkwy", "freeway": "fwy", "highway": "hwy",
    "square": "sq", "court": "ct", "suite": "ste", "north": "n", "south": "s", "east": "e",
    "west": "w", "interstate": "i",
}  # fmt: skip


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _matches(tokens: list[str], vocabulary: Iterable[str], phrases: Iterable[str]) -> bool:
    if any(token in vocabulary for token in tokens):
        return True
    joined = "-" + "-".join(tokens) + "-"
    return any(f"-{phrase}-" in joined for phrase in phrases)


def skipped_section(segments: list[str], anchor: str = "") -> bool:
    """True for a blog, news, careers, shop, login, privacy or terms page (by URL or anchor)."""
    for index, segment in enumerate(segments):
        segment = segment.lower()
        if segment in SKIP_SEGMENTS or (index == 0 and YEAR_SEGMENT.fullmatch(segment)):
            return True
        if _matches(words(segment), SKIP_WORDS, SKIP_PHRASES):
            return True
    return _matches(words(anchor), SKIP_WORDS, SKIP_PHRASES)


def link_section(segments: list[str], anchor: str = "") -> str | None:
    """The section a link leads to ("services", "team", ...), or None when it is none of
    them. `segments` is the link's path below the site's folder, split at "/"."""
    if not [segment for segment in segments if segment]:
        return "home"
    candidates = [words(segment) for segment in segments if segment] + [words(anchor)]
    for section, vocabulary in FOLLOW_WORDS.items():
        phrases = FOLLOW_PHRASES.get(section, ())
        if any(_matches(tokens, vocabulary, phrases) for tokens in candidates):
            return section
    return None


def host_key(url: str) -> str:
    """The host of a URL for "same site": lowercase, without "www.", port kept."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port else host


def page_key(url: str) -> str:
    """A URL as the crawl compares pages: no fragment, no scheme, no trailing slash."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return host_key(url) + path + (f"?{parts.query}" if parts.query else "")


def folder(path: str) -> str:
    path = path or "/"
    return path[: path.rfind("/") + 1]


def site_roots(urls: Iterable[str]) -> dict[str, tuple[str, str]]:
    """{url: (site key, site root URL)} for seed and sitemap URLs.

    A URL's site is the shortest folder above it (or itself, when it is a folder) that is
    also one of the URLs given, on the same host; else the URL's own folder.
    """
    urls = list(urls)
    listed: dict[str, set[str]] = {}
    for url in urls:
        path = urlsplit(url).path or "/"
        if path.endswith("/"):
            listed.setdefault(host_key(url), set()).add(path)
    roots = {}
    for url in urls:
        parts = urlsplit(url)
        path = parts.path or "/"
        above = [p for p in listed.get(host_key(url), ()) if path.startswith(p)]
        root = min(above, key=len) if above else folder(path)
        root_url = urlunsplit((parts.scheme, parts.netloc, root, "", ""))
        roots[url] = (host_key(url) + root, root_url)
    return roots


def address_key(record: dict) -> str:
    """The street line of a record's address, normalized ("" when it has none)."""
    raw = record.get(F.ADDRESS_1) or record.get(F.ADDRESS_RAW) or ""
    street = str(raw).split(",")[0]
    return " ".join(_ADDRESS_WORDS.get(word, word) for word in words(street))


def _filled(record: dict) -> int:
    return sum(
        1
        for key, value in record.items()
        if not key.startswith("_") and key != F.EXTRAS and value not in (None, "", [], {})
    )


def merge_site_records(found: list[tuple[int, int, dict]]) -> list[dict]:
    """One record per location from (page order, index on page, record) of a whole site.

    Records from structured data (JSON-LD, microdata) win over plain-HTML guesses (every
    page of a plain site names its h1 and the footer address). Records with the same street
    address are one location; of them the organization with the most fields wins, then the
    earliest page. A record without an address is kept only when no record has one.
    Locations come out sorted by address, so their order is the same crawl after crawl.
    """
    structured = [
        item for item in found if (item[2].get(F.EXTRAS) or {}).get("extracted_from") is None
    ]
    candidates = structured or found

    def strength(item: tuple[int, int, dict]) -> tuple:
        order, index, record = item
        return (record.get(F.KIND) == "organization", _filled(record), -order, -index)

    best: dict[str, tuple[int, int, dict]] = {}
    for item in candidates:
        key = address_key(item[2])
        if key not in best or strength(item) > strength(best[key]):
            best[key] = item
    if len(best) > 1:
        best.pop("", None)
    return [best[key][2] for key in sorted(best)]


@dataclass
class SiteCrawl:
    """What the spider knows of one site while its pages come in."""

    key: str
    root_url: str
    max_pages: int
    hosts: set[str] = field(default_factory=set)
    queue: list[tuple[int, int, str]] = field(default_factory=list)  # heap of (rank, found, url)
    seen: set[str] = field(default_factory=set)
    next_order: int = 0  # candidates found so far
    request_count: int = 0  # requests made so far (the home page's is 0)
    section_counts: dict[str | None, int] = field(default_factory=dict)
    requested: int = 0  # requests that count against max_pages
    in_flight: int = 0
    html_pages: int = 0
    sample: bool = False
    pages: dict[str, tuple[int, dict]] = field(default_factory=dict)  # page key -> entry
    records: list[tuple[int, int, dict]] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    first_html_url: tuple[int, str] | None = None

    @property
    def root_path(self) -> str:
        return urlsplit(self.root_url).path or "/"

    def segments(self, url: str) -> list[str] | None:
        """The path of `url` below the site's folder, split at "/"; None when outside."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or host_key(url) not in self.hosts:
            return None
        path = parts.path or "/"
        if not path.startswith(self.root_path):
            return None
        return path[len(self.root_path) :].split("/")

    def add(self, url: str, section: str | None) -> bool:
        """Queue a candidate page. The queue is breadth-first over sections: the first page
        of every section comes before the second page of any, so a small page limit still
        sees services, locations, conditions, about, team and contact."""
        key = page_key(url)
        if key in self.seen or len(url) > MAX_URL_LENGTH:
            return False
        self.seen.add(key)
        if section == SEED:
            rank = -1
        else:
            place = SECTION_ORDER.index(section) if section in SECTION_ORDER else len(SECTION_ORDER)
            rank = self.section_counts.get(section, 0) * 100 + place
            self.section_counts[section] = self.section_counts.get(section, 0) + 1
        heapq.heappush(self.queue, (rank, self.next_order, url))
        self.next_order += 1
        return True


class ClinicSitesSpider(SourceSpider):
    name = "clinic_sites"
    source = "clinic_sites"
    arguments: ClassVar[dict[str, str]] = {
        "urls": "clinic home page URLs, comma-separated (default: CLINIC_SITES_URLS)",
        "urls_file": "a text file with one URL a line",
        "sitemaps": "sitemap URLs, comma-separated (default: CLINIC_SITES_SITEMAPS)",
        "max_pages": f"pages fetched per site at most (default: CLINIC_SITES_MAX_PAGES, "
        f"{DEFAULT_MAX_PAGES})",
        "sample": "1 marks every record as fictional sample data",
    }

    scope_arguments: ClassVar[frozenset[str]] = frozenset({"urls", "urls_file", "sitemaps"})

    def __init__(
        self,
        urls: str = "",
        urls_file: str = "",
        sitemaps: str = "",
        max_pages: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.page_urls = csv_arg(urls)
        if urls_file:
            lines = Path(urls_file).read_text(encoding="utf-8").splitlines()
            self.page_urls += [
                line.strip() for line in lines if line.strip() and not line.startswith("#")
            ]
        self.sitemap_urls = csv_arg(sitemaps)
        self.max_pages_argument = max_pages
        self.max_pages = DEFAULT_MAX_PAGES
        self.sites: dict[str, SiteCrawl] = {}
        self._sitemaps_pending = 0
        self._sitemaps_seen: set[str] = set()
        self._sitemap_entries: list[str] = []
        self._held_seeds: list[str] = []
        self._flush_scheduled = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ClinicSitesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider  # type: ignore[return-value]

    def _read_max_pages(self) -> int:
        raw = self.max_pages_argument
        if raw in (None, ""):
            raw = self.settings.get("CLINIC_SITES_MAX_PAGES", DEFAULT_MAX_PAGES)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if value < 1:
            raise ValueError(f"clinic_sites max_pages must be a whole number >= 1, not {raw!r}")
        return value

    async def start(self) -> AsyncIterator[scrapy.Request]:
        page_urls = self.page_urls or csv_arg(self.settings.getlist("CLINIC_SITES_URLS"))
        sitemap_urls = self.sitemap_urls or csv_arg(self.settings.getlist("CLINIC_SITES_SITEMAPS"))
        if not (page_urls or sitemap_urls):
            raise ValueError(
                "clinic_sites needs -a urls=URL[,URL], -a urls_file=FILE or -a sitemaps=URL"
            )
        self.max_pages = self._read_max_pages()
        if not sitemap_urls:
            for request in self._start_sites(page_urls, []):
                yield request
            return
        # seeds wait for the sitemaps: a site's pages may come from both
        self._held_seeds = page_urls
        for url in sitemap_urls:
            for request in self._sitemap_requests(url):
                yield request

    # ---- sitemaps ------------------------------------------------------------------------

    def _sitemap_requests(self, url: str) -> Iterator[scrapy.Request]:
        if url in self._sitemaps_seen:  # an index that lists itself, or a sitemap twice
            return
        self._sitemaps_seen.add(url)
        self._sitemaps_pending += 1
        # not filtered by Scrapy: a dropped request would leave the sitemaps pending forever
        yield scrapy.Request(
            url, callback=self.parse_sitemap, errback=self.on_sitemap_error, dont_filter=True
        )

    def parse_sitemap(self, response: scrapy.http.Response) -> Iterator[Any]:
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several kinds on junk
            self.dead_letter("unreadable_sitemap", f"not a sitemap ({exc})", url=response.url)
        else:
            for entry in sitemap:
                location = entry.get("loc")
                if not location:
                    continue
                if sitemap.type == "sitemapindex":
                    yield from self._sitemap_requests(response.urljoin(location))
                else:
                    self._sitemap_entries.append(response.urljoin(location))
        yield from self._sitemap_done()

    def on_sitemap_error(self, failure: Failure) -> Iterator[Any]:
        self.on_error(failure)
        yield from self._sitemap_done()

    def _sitemap_done(self) -> Iterator[scrapy.Request]:
        self._sitemaps_pending -= 1
        if self._sitemaps_pending <= 0:
            seeds, entries = self._held_seeds, self._sitemap_entries
            self._held_seeds, self._sitemap_entries = [], []
            yield from self._start_sites(seeds, entries)

    # ---- sites ---------------------------------------------------------------------------

    def _start_sites(self, seeds: list[str], entries: list[str]) -> Iterator[Any]:
        """Group seed URLs and sitemap entries by site and request each site's first pages."""
        roots = site_roots([*seeds, *entries])
        seed_set = set(seeds)
        touched: dict[str, SiteCrawl] = {}
        for url in [*seeds, *entries]:
            key, root_url = roots[url]
            site = self.sites.get(key)
            if site is None:
                site = SiteCrawl(key=key, root_url=root_url, max_pages=self.max_pages)
                site.hosts.add(host_key(root_url))
                self.sites[key] = site
            touched[key] = site
            segments = site.segments(url) or []
            if url in seed_set:
                site.add(url, SEED)  # asked for by name: always fetched first
            elif not skipped_section(segments):
                site.add(url, link_section(segments))
        for site in touched.values():
            yield from self._pump(site)
            if site.in_flight == 0:
                yield from self._finish(site)

    def _pump(self, site: SiteCrawl) -> Iterator[scrapy.Request]:
        """Request the site's best candidate pages while the page limit allows."""
        while site.queue and site.requested < site.max_pages:
            _rank, _found, url = heapq.heappop(site.queue)
            order = site.request_count  # pages are read and tie-broken in this order
            site.request_count += 1
            site.requested += 1
            site.in_flight += 1
            yield scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.on_page_error,
                # the site keeps its own seen set; a request the dupefilter dropped would
                # never call back, and the site would never finish
                dont_filter=True,
                meta={
                    "clinic_site": site.key,
                    "clinic_site_root": site.root_url,
                    "clinic_site_order": order,
                },
            )

    def _site_of(self, request: scrapy.Request) -> SiteCrawl:
        key = request.meta.get("clinic_site") or request.url
        site = self.sites.get(key)
        if site is None:  # a request restored from a JOBDIR queue after a restart
            root_url = request.meta.get("clinic_site_root") or request.url
            site = SiteCrawl(key=key, root_url=root_url, max_pages=self.max_pages, in_flight=1)
            site.hosts.add(host_key(root_url))
            site.requested = 1
            self.sites[key] = site
        return site

    def parse_page(self, response: scrapy.http.Response) -> Iterator[Any]:
        site = self._site_of(response.request)
        order = response.meta.get("clinic_site_order", 0)
        site.sample |= bool(response.headers.get(SAMPLE_HEADER))
        site.hosts.add(host_key(response.url))  # a redirect to another host name
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            page = ClinicSitePage(response.url, response.body, content_type or None)
        except PageError as exc:
            self.count(stats.SKIPPED + "not_html")
            self.logger.info("skipped %s: %s", response.url, exc)
        else:
            self._read_page(site, page, response, order)
        yield from self._page_done(site)

    def _read_page(
        self, site: SiteCrawl, page: ClinicSitePage, response: scrapy.http.Response, order: int
    ) -> None:
        site.html_pages += 1
        if site.first_html_url is None or order < site.first_html_url[0]:
            site.first_html_url = (order, response.url)
        key = page_key(response.url)
        if key in site.pages:  # two links that redirect to one page
            return
        site.seen.add(key)
        records = page.records()
        site.issues.extend(issue for issue in page.issues if issue not in site.issues)
        site.pages[key] = (order, page.classify_page())
        site.records.extend((order, index, record) for index, record in enumerate(records))
        for link in page.selector.xpath("//a[@href]"):
            href = (link.attrib.get("href") or "").strip()
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            url = response.urljoin(href).split("#", 1)[0]
            segments = site.segments(url)
            if segments is None or urlsplit(url).path.lower().endswith(FILE_SUFFIXES):
                continue
            anchor = " ".join(link.xpath(".//text() | .//@alt | @title | @aria-label").getall())
            if skipped_section(segments, anchor):
                continue
            section = link_section(segments, anchor)
            if section is not None:
                site.add(url, section)

    def on_page_error(self, failure: Failure) -> Iterator[Any]:
        self.on_error(failure)
        site = self._site_of(failure.request)  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):
            site.requested -= 1  # robots.txt or the opt-out list: never fetched, not counted
        yield from self._page_done(site)

    def _page_done(self, site: SiteCrawl) -> Iterator[Any]:
        yield from self._pump(site)
        site.in_flight -= 1
        if site.in_flight <= 0:
            yield from self._finish(site)

    def _finish(self, site: SiteCrawl) -> Iterator[dict]:
        """The site's last page is in: emit its providers, or a dead letter."""
        if self.sites.get(site.key) is site:
            del self.sites[site.key]
        if site.queue:
            self.count(stats.SKIPPED + "page_limit", len(site.queue))
        records = merge_site_records(site.records)
        if not records:
            if site.html_pages and site.first_html_url:
                detail = "no provider data on the page"
                if site.html_pages > 1:
                    detail = f"no provider data on the site's {site.html_pages} pages"
                if site.issues:
                    detail += " (" + "; ".join(site.issues) + ")"
                self.dead_letter("no_provider_data", detail, url=site.first_html_url[1])
            return
        pages = [entry for _order, entry in sorted(site.pages.values(), key=lambda p: p[0])]
        for index, record in enumerate(records):
            record[CLASSIFY_PAGES] = [dict(entry) for entry in pages]
            record[F.SOURCE_REF] = site.root_url
            if len(records) > 1:
                record[LOCATION_INDEX] = index
            else:
                record.pop(LOCATION_INDEX, None)
        headers = {SAMPLE_HEADER: b"1"} if site.sample else {}
        yield from self.emit(records, scrapy.http.Response(site.root_url, headers=headers))

    # ---- a safety net --------------------------------------------------------------------

    def on_idle(self) -> None:
        """Nothing left to download but sites still open (a request vanished without calling
        back): emit them with what they have rather than lose them."""
        if not (self.sites or self._sitemaps_pending > 0) or self._flush_scheduled:
            return
        self._flush_scheduled = True
        self.crawler.engine.crawl(
            scrapy.Request(
                "data:,",
                callback=self.flush_sites,
                dont_filter=True,
                meta={"dont_obey_robotstxt": True},
            )
        )
        raise DontCloseSpider

    def flush_sites(self, response: scrapy.http.Response) -> Iterator[Any]:
        self._flush_scheduled = False
        self.logger.warning("%d site(s) left open when the crawl went idle", len(self.sites))
        if self._sitemaps_pending > 0:
            self._sitemaps_pending = 1
            yield from self._sitemap_done()
        for site in list(self.sites.values()):
            site.in_flight = 0
            yield from self._pump(site)
            if site.in_flight == 0:
                yield from self._finish(site)

"""Scrapy settings of the crawler; every one can be overridden with `-s NAME=VALUE`.

The defaults make the crawler a polite visitor: robots.txt obeyed, an identifying user
agent with a contact URL, AutoThrottle, retries with backoff that honor Retry-After.
Environment variables (CLINICS_CRAWL_*) change the defaults for a whole machine; they
are listed with the Scrapy settings in docs/crawler.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from clinics.settings import env

CRAWLER_DIR = Path(__file__).resolve().parent
REPO_ROOT = CRAWLER_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes", "on")


BOT_NAME = "clinics"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# ---- identity and politeness ---------------------------------------------------------
CONTACT_URL = env("CLINICS_CRAWL_CONTACT_URL", "https://github.com/clinics-directory/clinics")
USER_AGENT = env("CLINICS_CRAWL_USER_AGENT", f"clinics-directory-bot/0.1 (+{CONTACT_URL})")
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = float(env("CLINICS_CRAWL_DOWNLOAD_DELAY", "0.5"))
AUTOTHROTTLE_ENABLED = _env_bool("CLINICS_CRAWL_AUTOTHROTTLE", True)
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# ---- retries: 429 and 5xx with exponential backoff, Retry-After honored ---------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 1.0  # seconds; the n-th retry waits BASE * 2**(n-1)
RETRY_BACKOFF_MAX = 60.0  # seconds; also caps a server's Retry-After

# ---- development cache and resumable crawls -------------------------------------------
HTTPCACHE_ENABLED = _env_bool("CLINICS_CRAWL_HTTPCACHE", False)
HTTPCACHE_DIR = env("CLINICS_CRAWL_HTTPCACHE_DIR", str(REPO_ROOT / "data" / "httpcache"))
HTTPCACHE_EXPIRATION_SECS = 24 * 3600
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]
# JOBDIR: pass `-s JOBDIR=data/jobs/<source>` to make a crawl resumable.

# ---- sources: base URLs (tests and the demo point these at the fixture server) --------
NPI_API_URL = env("CLINICS_NPI_API_URL", "https://npiregistry.cms.hhs.gov/api/")
FINDTREATMENT_API_URL = env(
    "CLINICS_FINDTREATMENT_API_URL", "https://findtreatment.gov/locator/exportsAsJson/v2"
)
CLINIC_SITES_URLS: list[str] = []  # clinic home pages; or -a urls=URL,URL
CLINIC_SITES_SITEMAPS: list[str] = []  # sitemaps; or -a sitemaps=URL,URL
CLINIC_SITES_MAX_PAGES = 15  # pages fetched per clinic site at most; or -a max_pages=N
DIRECTORY_SOURCES_DIR = str(CRAWLER_DIR / "sources")
DIRECTORY_BASE_URLS: dict[str, str] = {}  # {"example": "http://127.0.0.1:8765"}

# ---- record handling -------------------------------------------------------------------
CLINICS_SAMPLE = False  # mark every record is_sample (fixture and demo crawls)
OPTOUT_FILE = env("CLINICS_OPTOUT_FILE", str(CRAWLER_DIR / "optout.yaml"))
DEAD_LETTER_FILE = ""  # default: <output>.dead.jsonl next to the feed
SUMMARY_FILE = ""  # default: <output>.summary.json next to the feed
CRAWL_OUTPUT_DIR = env("CLINICS_CRAWL_OUTPUT_DIR", str(REPO_ROOT / "data" / "crawl"))
GEOCODE_MISSING = True  # geocode records without coordinates (offline geocoder)

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.optout.OptOutDownloaderMiddleware": 90,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "crawler.pipelines.provenance.ProvenancePipeline": 100,
    "crawler.pipelines.optout.OptOutPipeline": 150,
    "crawler.pipelines.clean_strings.CleanStringsPipeline": 200,
    "crawler.pipelines.phone.PhonePipeline": 300,
    "crawler.pipelines.links.LinksPipeline": 350,
    "crawler.pipelines.address.AddressPipeline": 400,
    "crawler.pipelines.coordinates.CoordinatesPipeline": 500,
    "crawler.pipelines.classify.ClassifyPipeline": 600,
    "crawler.pipelines.scope.ScopePipeline": 650,
    "crawler.pipelines.geocode.GeocodePipeline": 700,
    "crawler.pipelines.duplicates.DuplicatesPipeline": 800,
    "crawler.pipelines.validate.ValidatePipeline": 900,
}

LOG_FORMATTER = "crawler.logformatter.QuietDropsLogFormatter"
PHONE_DEFAULT_REGION = "US"

EXTENSIONS = {
    "crawler.extensions.CrawlSummaryExtension": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = env("CLINICS_CRAWL_LOG_LEVEL", "INFO")

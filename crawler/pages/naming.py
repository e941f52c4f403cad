"""The practice's name on a page that does not give it in business markup.

A page title or heading like "Contact Us" or "Home" names the page, not the practice, and
never becomes a record's name. The name comes from `og:site_name`, then the site part of
the title ("Contact Us | Spring Creek Wellness"), then a heading that is not generic.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.pages.text import squash, value

# Titles and headings that name a page of a site, never the practice (compared lowercased,
# without punctuation).
GENERIC_TITLES = frozenset(
    {
        "home", "home page", "homepage", "index", "welcome", "welcome to our practice",
        "contact", "contact us", "contact information", "get in touch", "request an appointment",
        "book an appointment", "book now", "schedule an appointment", "appointments",
        "about", "about us", "our story", "our mission", "who we are", "our team", "team",
        "meet the team", "meet our team", "our staff", "staff", "our providers", "providers",
        "services", "our services", "treatments", "conditions we treat", "what we treat",
        "locations", "our locations", "location", "directions", "hours", "hours and location",
        "blog", "our blog", "news", "articles", "resources", "faq", "faqs",
        "frequently asked questions", "testimonials", "reviews", "patient forms", "forms",
        "new patients", "new patient forms", "insurance", "pricing", "fees", "rates",
        "careers", "jobs", "privacy policy", "terms of use", "terms and conditions", "sitemap",
        "page not found", "not found", "404", "error", "untitled", "untitled document",
        "coming soon", "under construction", "search", "search results", "login", "log in",
    }
)  # fmt: skip

# "Page | Site", "Page – Site", "Page — Site", "Page - Site" and "Site: Page". A hyphen
# separates only between spaces ("Dallas-Fort Worth" is one part); a colon only before one.
_SEPARATOR = re.compile(r"\s*[|–—]\s*|\s+-\s+|:\s+")
_WELCOME = re.compile(r"^welcome\s+to\s+(?:the\s+)?", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return squash(_NOT_WORD.sub(" ", text.lower()))


def is_generic(text: str | None) -> bool:
    """True for a blank text or one that names a page ("Contact Us", "Home", ...)."""
    key = _key(text or "")
    return not key or key in GENERIC_TITLES


def _without_welcome(text: str) -> str:
    """ "Welcome to Spring Creek Wellness" -> "Spring Creek Wellness"."""
    return _WELCOME.sub("", text).strip() or text


def name_or_none(text: str | None) -> str | None:
    """The text as a practice name, or None when it is blank or generic."""
    cleaned = value(text)
    if not cleaned:
        return None
    cleaned = _without_welcome(cleaned)
    return None if is_generic(cleaned) else cleaned


def _host_key(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return _NOT_WORD.sub("", host.removeprefix("www.").split(".")[0])


def title_site_part(title: str | None, url: str | None = None) -> str | None:
    """The part of a page title that names the site, or None.

    Generic parts are dropped. Of the parts left, the one that spells the site's host
    ("Spring Creek Wellness" on springcreekwellness.com) wins; else the first on the site's
    home page ("Site – Tagline") and the last on any other page ("Page | Site").
    """
    parts = [name for name in map(name_or_none, _SEPARATOR.split(value(title) or "")) if name]
    if len(parts) <= 1:
        return parts[0] if parts else None
    host = _host_key(url)
    if len(host) >= 4:
        for part in parts:
            key = _NOT_WORD.sub("", part.lower())
            if len(key) >= 4 and (key in host or host in key):
                return part
    path = urlsplit(url or "").path
    return parts[0] if path in ("", "/") else parts[-1]

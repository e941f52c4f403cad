"""Page objects: a response body in, record dicts out; no Scrapy engine needed.

Spiders crawl and page; these modules only extract. Each page class takes the URL and the
body (bytes or str) and returns record dicts keyed by the constants of clinics.fields,
plus two private keys that the pipelines consume: CLASSIFY_TEXT (text for the therapy
classifier) and LOCATION_INDEX (n in the record id `source:source_ref:n`).
`clinics extract` runs the same classes on a saved response.
"""

from __future__ import annotations

CLASSIFY_TEXT = "_classify_text"
# [{"url": str, "text": str, "article": bool}]: page texts the classifier reads for offers,
# each with the page it came from (evidence); `article` marks blog/news/article pages.
CLASSIFY_PAGES = "_classify_pages"
LOCATION_INDEX = "_location_index"
PRIVATE_KEYS = (CLASSIFY_TEXT, CLASSIFY_PAGES, LOCATION_INDEX)


class PageError(ValueError):
    """The body is not the format this page object reads; str() is a one-line reason."""

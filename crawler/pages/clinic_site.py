"""A clinic website page: schema.org markup first, plain HTML as a fallback.

JSON-LD, microdata and RDFa are read by extruct (broken JSON-LD repaired, see jsonld.py),
Open Graph too. Every provider node (MedicalClinic, Physician, LocalBusiness, ...) becomes
a record; the page's readable text goes to the classifier with it. The page of a news
medium, a law firm, a directory listing, or an article whose only business is its
publisher gives none (schema_org.page_providers). A page without structured data still
gives a record when it names the practice and gives an address or a phone number; a
generic title or heading ("Contact Us", "Home") is never a name (naming.py). `issues`
says what could not be read or why the page gives nothing; the crawl's dead letter for
the page carries them.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlsplit

from parsel import Selector

from clinics import fields as F
from crawler.pages import (
    CLASSIFY_PAGES,
    LOCATION_INDEX,
    PageError,
    jsonld,
    microdata,
    opengraph,
    rdfa,
)
from crawler.pages.naming import name_or_none, title_site_part
from crawler.pages.schema_org import is_article, name_of, node_record, page_providers
from crawler.pages.text import decode, is_sample_page, squash, value, visible_text

HTML_TYPES = ("text/html", "application/xhtml+xml")
# URL path segments of blog posts, news items and articles (/blog/..., /news/...).
# Path segments of blog, news and article pages ("/post/slug" on Wix, "/category/..." and
# "/tag/..." archives of WordPress).
ARTICLE_SECTIONS = frozenset(
    {"blog", "blogs", "news", "article", "articles", "post", "posts", "press", "category", "tag"}
)
# Properties of a page-level node that hold the page's main content (a WebPage's
# mainEntity, a Blog's blogPost): an article there makes the page an article.
_MAIN_CONTENT = ("mainEntity", "blogPost")


class ClinicSitePage:
    def __init__(self, url: str | None, body: bytes | str, content_type: str | None = None) -> None:
        if content_type and not any(kind in content_type.lower() for kind in HTML_TYPES):
            raise PageError(f"not an HTML page (Content-Type {content_type})")
        text = decode(body)
        if "<" not in text[:2048]:
            raise PageError("not an HTML page (no markup in the first 2 KB)")
        self.url = url
        self.html = text
        self.selector = Selector(text=text)
        self.issues: list[str] = []

    @cached_property
    def markup(self) -> dict[str, list[dict]]:
        """The page's top-level schema.org nodes by syntax: "json-ld", "microdata", "rdfa"."""
        root = self.selector.root
        found: dict[str, list[dict]] = {"json-ld": [], "microdata": [], "rdfa": []}
        for script in jsonld.SCRIPTS(root):
            values, error = jsonld.read_script(script)
            if error:
                self.issues.append(error)
            found["json-ld"].extend(jsonld.nodes(values))
        # A look at the text first spares big pages a walk of the tree for each syntax.
        lowered = self.html.lower()
        if "itemscope" in lowered:
            try:
                found["microdata"] = microdata.items(root, self.url)
            except (ValueError, TypeError) as exc:
                self.issues.append(f"microdata unreadable: {exc}")
        # RDFa costs a second parse of the page (pyRdfa walks a DOM): only where it is.
        if "typeof" in lowered and root.xpath("boolean(//@typeof)"):
            try:
                found["rdfa"] = rdfa.items(self.html, self.url)
            except Exception as exc:  # pyRdfa and rdflib raise many kinds on odd markup
                self.issues.append(f"RDFa unreadable: {exc}")
        return found

    @cached_property
    def open_graph(self) -> dict[str, str]:
        """{"og:site_name": ..., "og:type": ...} from the page's head."""
        return opengraph.properties(self.selector.root)

    @cached_property
    def not_a_provider(self) -> str | None:
        """Why the page is no provider's (news medium, law firm, directory, article), or None."""
        return self._providers[1]

    @cached_property
    def _providers(self) -> tuple[list[dict], str | None]:
        everything = [node for nodes in self.markup.values() for node in nodes]
        providers, reason = page_providers(everything, self.url)
        if reason:
            self.issues.append(f"not a provider's page: {reason}")
        # One syntax describes the practice: JSON-LD, else microdata, else RDFa.
        kept = {id(node) for node in providers}
        for nodes in self.markup.values():
            chosen = [node for node in nodes if id(node) in kept]
            if chosen:
                return chosen, reason
        return [], reason

    @cached_property
    def _named_nodes(self) -> list[dict]:
        named = []
        for node in self._providers[0]:
            raw = name_of(node)
            name = name_or_none(raw)
            if "Person" in jsonld.types_of(node) or (name and name == raw):
                named.append(node)
                continue
            name = name or self.site_name()
            if name:
                named.append({**node, "name": name})
            else:
                self.issues.append(
                    f"no practice name: the {'/'.join(jsonld.types_of(node))} node is named "
                    f"{raw!r} and the page names no site ({self.title()!r})"
                )
        return named

    def structured_nodes(self) -> list[dict]:
        """The provider nodes of the page's markup, each with the practice's name."""
        return list(self._named_nodes)

    def title(self) -> str | None:
        return value(self.selector.css("title::text").get())

    def site_name(self) -> str | None:
        """The practice's name when the markup gives none: og:site_name, the site part of the
        title ("Contact Us | Spring Creek Wellness"), then the first heading that is not
        generic; None when all of them only name the page ("Contact Us", "Home", ...)."""
        return (
            name_or_none(self.open_graph.get("og:site_name"))
            or title_site_part(self.title(), self.url)
            or next(
                (
                    name
                    for heading in self.selector.css("h1")
                    if (name := name_or_none(squash(" ".join(heading.css("::text").getall()))))
                ),
                None,
            )
        )

    def fallback_record(self) -> dict | None:
        """The practice from plain HTML: a name (site_name), and an <address> or a tel: link."""
        if self.not_a_provider:
            return None
        sel = self.selector
        address = value(
            ", ".join(squash(t) for t in sel.css("address ::text").getall() if squash(t))
        )
        phone_link = sel.css('a[href^="tel:"]::attr(href)').get()
        phone = value(phone_link.removeprefix("tel:")) if phone_link else None
        if not (address or phone):
            return None
        name = self.site_name()
        if not name:
            self.issues.append(
                f"no practice name: the title {self.title()!r} and the headings name the page, "
                "and there is no og:site_name"
            )
            return None
        return {
            F.SOURCE_REF: self.url,
            F.KIND: "organization",
            F.NAME: name,
            F.ORGANIZATION_NAME: name,
            F.ADDRESS_RAW: address,
            F.PHONE: phone,
            F.WEBSITE: self.url,
            F.DESCRIPTION: value(sel.xpath('//meta[@name="description"]/@content').get()),
            F.EXTRAS: {"extracted_from": "plain_html"},
        }

    def records(self) -> list[dict]:
        nodes = self.structured_nodes()
        records = [node_record(node, self.url) for node in nodes]
        if not records and self.is_article_page():
            # A blog post or news item without business markup: its headline and summary
            # would pose as the practice's description. The practice comes from its own pages.
            self.issues.append("an article page without business markup")
        elif not records:
            fallback = self.fallback_record()
            records = [fallback] if fallback else []
        if not records:
            return []
        page = self.classify_page()
        sample = is_sample_page(self.selector)
        for index, record in enumerate(records):
            record[CLASSIFY_PAGES] = [page]
            if len(records) > 1:
                record[LOCATION_INDEX] = index
                record[F.SOURCE_REF] = self.url or record[F.SOURCE_REF]
            if self.url:
                record[F.SOURCE_URL] = self.url
            if sample:
                record[F.IS_SAMPLE] = True
        return records

    def classify_page(self) -> dict:
        """The page's readable text for the classifier, with its URL and whether the page is
        an article (blog, news): {"url", "text", "article"} (crawler.pages.CLASSIFY_PAGES)."""
        return {
            "url": self.url,
            "text": visible_text(self.selector),
            "article": self.is_article_page(),
        }

    def is_article_page(self) -> bool:
        """True for a blog post, news item or article: its text mentions, it does not offer.

        Any of: a schema.org Article, BlogPosting or NewsArticle (or another Article subtype)
        node in the markup, at top level or as a page's main entity; `og:type` article; a
        URL path segment blog, news, articles, posts (ARTICLE_SECTIONS), e.g. /blog/x.
        """
        for nodes in self.markup.values():
            for node in nodes:
                if is_article(node):
                    return True
                for key in _MAIN_CONTENT:
                    if any(isinstance(v, dict) and is_article(v) for v in _as_list(node.get(key))):
                        return True
        if (self.open_graph.get("og:type") or "").lower() == "article":
            return True
        path = urlsplit(self.url or "").path.lower()
        return any(segment in ARTICLE_SECTIONS for segment in path.split("/"))


def _as_list(raw: object) -> list:
    return raw if isinstance(raw, list) else [raw]

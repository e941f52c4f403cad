"""schema.org nodes (from JSON-LD, microdata or RDFa): which are providers, and as records.

`TYPE_KINDS` tells providers from news media, law firms, directory listings and articles;
`page_providers` decides for a whole page; `node_record` maps one provider node.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from clinics import costs
from clinics import fields as F
from crawler.pages import hours
from crawler.pages.jsonld import types_of
from crawler.pages.text import join_address, value

PROVIDER = "provider"
NEWS_MEDIA = "news medium"
LAW_FIRM = "law firm"
LISTING = "directory listing"
ARTICLE = "article"

# What a node of each schema.org type is. A node is a provider when one of its types is a
# provider type and none is of another kind (["LocalBusiness", "LegalService"] is a law
# firm). Types not listed (WebSite, WebPage, BreadcrumbList, Organization, ...) are ignored.
TYPE_KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "MedicalClinic", "MedicalBusiness", "MedicalOrganization", "Physician",
            "IndividualPhysician", "PhysiciansOffice", "Psychiatrist", "Psychologist",
            "LocalBusiness", "ProfessionalService", "HealthAndBeautyBusiness", "Hospital",
            "Dentist", "Optician", "Pharmacy", "Physiotherapy", "DiagnosticLab",
            "MedicalSpecialty", "Person",
        ),
        PROVIDER,
    ),
    **dict.fromkeys(("NewsMediaOrganization",), NEWS_MEDIA),
    **dict.fromkeys(("LegalService", "Attorney", "Notary"), LAW_FIRM),
    # pages that list others: a directory's category or search results
    **dict.fromkeys(("CollectionPage", "SearchResultsPage"), LISTING),
    **dict.fromkeys(
        (
            "Article", "NewsArticle", "BlogPosting", "SocialMediaPosting", "LiveBlogPosting",
            "Report", "ScholarlyArticle", "MedicalScholarlyArticle", "TechArticle",
            "AnalysisNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
            "ReviewNewsArticle", "BackgroundNewsArticle", "AdvertiserContentArticle",
            "SatiricalArticle",
        ),
        ARTICLE,
    ),
}  # fmt: skip
# An ItemList of this many providers is a directory's list of others.
DIRECTORY_LIST_SIZE = 2

_HANDLED = {
    "@context", "@type", "@id", "name", "alternateName", "legalName", "description", "telephone",
    "faxNumber", "email", "url", "address", "geo", "openingHours", "openingHoursSpecification",
    "medicalSpecialty", "availableService", "isAcceptingNewPatients", "knowsLanguage",
    "availableLanguage", "paymentAccepted", "image", "logo", "mainEntityOfPage", "hasMap",
    "priceRange",
}  # fmt: skip
# Where a provider node states prices (clinics.costs.structured_costs).
OFFER_KEYS = ("offers", "makesOffer", "hasOfferCatalog")


def kinds_of(node: dict) -> set[str]:
    return {TYPE_KINDS[t] for t in types_of(node) if t in TYPE_KINDS}


def is_provider(node: dict) -> bool:
    return kinds_of(node) == {PROVIDER}


def is_article(node: dict) -> bool:
    return ARTICLE in kinds_of(node)


def _as_list(raw: Any) -> list:
    return raw if isinstance(raw, list) else [raw]


def _host(url: Any) -> str:
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


def _listed_providers(nodes: list[dict]) -> list[dict]:
    """Providers in the ItemLists of the page (inline, or @id references to graph nodes)."""
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    listed = []
    pending = list(nodes)
    while pending:
        node = pending.pop()
        for raw in node.values():
            pending.extend(item for item in _as_list(raw) if isinstance(item, dict))
        if "ItemList" not in types_of(node):
            continue
        for entry in _as_list(node.get("itemListElement")):
            if isinstance(entry, dict) and "ListItem" in types_of(entry):
                entry = entry.get("item")
            if isinstance(entry, dict) and "@type" not in entry:
                entry = by_id.get(entry.get("@id"), entry)
            if isinstance(entry, dict) and is_provider(entry):
                listed.append(entry)
    return listed


def _parties(articles: list[dict]) -> tuple[set[str], set[str]]:
    """(@ids, lowercased names) of the publishers and authors of the articles."""
    ids, names = set(), set()
    for article in articles:
        for key in ("publisher", "author"):
            for party in _as_list(article.get(key)):
                if isinstance(party, dict):
                    if isinstance(party.get("@id"), str):
                        ids.add(party["@id"])
                    party = party.get("name")
                if isinstance(party, str) and party.strip():
                    names.add(party.strip().lower())
    return ids, names


def _on_site(node: dict, page_url: str | None) -> bool:
    """True when the node's url (if any) is on the page's own site."""
    return _host(_first(node.get("url")) or page_url) == _host(page_url)


def page_providers(nodes: list[dict], page_url: str | None) -> tuple[list[dict], str | None]:
    """(provider nodes, reason): the reason says why the page is no provider's at all.

    No provider comes from the page of a news medium or a law firm, from a directory's
    listing (a SearchResultsPage, a CollectionPage, an ItemList of several providers), nor
    from an article whose only business is its publisher or author. A CollectionPage with
    a single provider on the page's own site keeps it: a practice's home page listing its
    latest posts.
    """
    for node in nodes:
        for kind in (NEWS_MEDIA, LAW_FIRM):
            if kind in kinds_of(node):
                return [], f"the page of a {kind} ({', '.join(types_of(node))})"
    providers = [node for node in nodes if is_provider(node)]
    listed = _listed_providers(nodes)
    if len(listed) >= DIRECTORY_LIST_SIZE:
        return [], f"a directory listing (an ItemList of {len(listed)} providers)"
    listings = [t for node in nodes for t in types_of(node) if TYPE_KINDS.get(t) == LISTING]
    own_home = set(listings) == {"CollectionPage"} and len(providers) == 1
    if listings and not (own_home and _on_site(providers[0], page_url)):
        return [], f"a directory listing ({', '.join(listings)})"
    articles = [node for node in nodes if is_article(node)]
    if articles:
        ids, names = _parties(articles)
        providers = [
            node
            for node in providers
            if node.get("@id") not in ids and (name_of(node) or "").lower() not in names
        ]
        if not providers:
            kinds = ", ".join(sorted({t for node in articles for t in types_of(node)}))
            return [], f"an article ({kinds}) with no business but its publisher or author"
    return providers, None


def _texts(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("@id")
        text = value(item)
        if text:
            out.append(
                text.rsplit("/", 1)[-1]
                if text.startswith("http") and "schema.org" in text
                else text
            )
    return out


def _first(raw: Any) -> str | None:
    texts = _texts(raw)
    return texts[0] if texts else None


def _address(raw: Any) -> dict:
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    if isinstance(raw, str):
        return {F.ADDRESS_RAW: value(raw)}
    if not isinstance(raw, dict):
        return {}
    street = value(raw.get("streetAddress"))
    city = value(raw.get("addressLocality"))
    region = value(raw.get("addressRegion"))
    postal = value(raw.get("postalCode"))
    country = raw.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    return {
        F.ADDRESS_RAW: join_address(street, city, f"{region or ''} {postal or ''}"),
        F.CITY: city,
        F.STATE_PROVINCE: region,
        F.POSTAL_CODE: postal,
        F.COUNTRY: value(country),
    }


def _geo(raw: Any) -> dict:
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    if not isinstance(raw, dict):
        return {}
    lat, lon = raw.get("latitude"), raw.get("longitude")
    if lat in (None, "") or lon in (None, ""):
        return {}
    return {F.LATITUDE: lat, F.LONGITUDE: lon}


def _accepting(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = (value(raw) or "").lower()
    if text in ("true", "yes", "https://schema.org/true"):
        return True
    if text in ("false", "no", "https://schema.org/false"):
        return False
    return None


def name_of(node: dict) -> str | None:
    return _first(node.get("name")) or _first(node.get("legalName"))


def node_record(node: dict, page_url: str | None) -> dict:
    """One schema.org provider node as a record dict (cleaning is the pipelines' job)."""
    record: dict[str, Any] = {
        F.SOURCE_REF: page_url or value(node.get("@id")),
        F.KIND: "individual" if "Person" in types_of(node) else "organization",
        F.NAME: name_of(node),
        F.ALTERNATE_NAMES: _texts(node.get("alternateName")),
        F.DESCRIPTION: _first(node.get("description")),
        F.PHONE: (_first(node.get("telephone")) or "").removeprefix("tel:") or None,
        F.FAX: _first(node.get("faxNumber")),
        F.EMAIL: (_first(node.get("email")) or "").removeprefix("mailto:") or None,
        F.WEBSITE: _first(node.get("url")) or page_url,
        F.SPECIALTIES_RAW: _texts(node.get("medicalSpecialty")),
        F.THERAPIES_RAW: _texts(node.get("availableService")),
        F.LANGUAGES: _texts(node.get("knowsLanguage")) + _texts(node.get("availableLanguage")),
        F.PAYMENT: _texts(node.get("paymentAccepted")),
        F.ACCEPTING_NEW_PATIENTS: _accepting(node.get("isAcceptingNewPatients")),
        F.EXTRAS: {"schema_type": types_of(node)},
    }
    # prices with the page; the source and the fetch day are added by the classify pipeline
    stated = costs.structured_costs(
        node.get("priceRange"), [node.get(key) for key in OFFER_KEYS], page_url
    )
    if stated:
        record[F.COSTS] = stated
    if record[F.KIND] == "organization":
        record[F.ORGANIZATION_NAME] = record[F.NAME]
    record.update(_address(node.get("address")))
    record.update(_geo(node.get("geo")))
    raw_hours = _texts(node.get("openingHours"))
    rows = [row for text in raw_hours for row in hours.parse_opening_hours(text)]
    spec = node.get("openingHoursSpecification")
    if spec:
        raw_hours += hours.describe_specification(spec)
        rows += hours.parse_specification(spec)
    record[F.HOURS_RAW] = raw_hours
    record[F.HOURS] = rows
    for key, raw in node.items():
        if key not in _HANDLED and not isinstance(raw, dict | list):
            record[F.EXTRAS][key] = raw
    return record

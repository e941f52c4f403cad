"""Field names of the indexed provider document, one constant each.

A document is one merged provider-at-location. It carries the record fields of
clinics.fields (same names, merged across sources) plus the fields below.
"""

from clinics import fields as F

# Fields copied from the merged records under their record names.
RECORD_FIELDS = (
    F.KIND,
    F.NAME,
    F.ALTERNATE_NAMES,
    F.CREDENTIALS,
    F.ORGANIZATION_NAME,
    F.NPI,
    F.PROVIDER_TYPES,
    F.DESCRIPTION,
    F.THERAPIES,
    F.CONDITIONS,
    F.EVIDENCE,
    F.ADDRESS_1,
    F.ADDRESS_2,
    F.CITY,
    F.STATE_PROVINCE,
    F.POSTAL_CODE,
    F.COUNTRY,
    F.GEO_PRECISION,
    F.PHONE,
    F.PHONE_EXT,
    F.WEBSITE,
    F.EMAIL,
    F.TELEHEALTH,
    F.ACCEPTING_NEW_PATIENTS,
    F.ACCEPTING_AS_OF,
    F.INSURANCE,
    F.PAYMENT,
    F.COSTS,
    F.LANGUAGES,
    F.AGES_SERVED,
    F.HOURS,
    F.IS_SAMPLE,
)

DOC_ID = "doc_id"  # stable id of the merged provider-at-location
LOCATION = "location"  # geo_point {"lat", "lon"}
SOURCES = "sources"  # [{"source", "source_ref", "url", "fetched_at"}]
SOURCE_NAMES = "source_names"  # keyword list of the source names, for facets and counts
FIELD_WINNERS = "field_winners"  # {"field": "source that won the conflict"}
FIRST_SEEN = "first_seen"
LAST_SEEN = "last_seen"
LAST_VERIFIED = "last_verified"
NAME_SUGGEST = "name_suggest"  # completion field
SEARCH_TEXT = "search_text"  # analysed text: name, description, raw therapy words
COST_KINDS = "cost_kinds"  # keyword list of the kinds in `costs` (price, sliding_scale, free)
# The document's HSDS export output, computed at load time (api/materialized.py): opaque,
# never read by the search, the UI or the API's answers, only by `clinics export hsds`
# and `hsds-json`.
HSDS_EXPORT = "hsds_export"

ALIAS = "providers"
INDEX_PREFIX = "providers-"
REPORTS_INDEX = "provider-reports"  # "report incorrect information"
CRAWLS_INDEX = "provider-crawls"  # one document per loaded crawl summary (status command)

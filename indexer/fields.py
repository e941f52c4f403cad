"""Field names of the indexed provider document, one constant each.

A document is one merged provider-at-location. It carries the record fields of
clinics.fields (same names, merged across sources) plus the fields below.
"""

from clinics import fields as record

# Fields copied from the merged records under their record names.
RECORD_FIELDS = (
    record.KIND,
    record.NAME,
    record.ALTERNATE_NAMES,
    record.CREDENTIALS,
    record.ORGANIZATION_NAME,
    record.NPI,
    record.PROVIDER_TYPES,
    record.DESCRIPTION,
    record.THERAPIES,
    record.CONDITIONS,
    record.EVIDENCE,
    record.ADDRESS_1,
    record.ADDRESS_2,
    record.CITY,
    record.STATE_PROVINCE,
    record.POSTAL_CODE,
    record.COUNTRY,
    record.GEO_PRECISION,
    record.PHONE,
    record.PHONE_EXT,
    record.WEBSITE,
    record.EMAIL,
    record.TELEHEALTH,
    record.ACCEPTING_NEW_PATIENTS,
    record.ACCEPTING_AS_OF,
    record.INSURANCE,
    record.PAYMENT,
    record.LANGUAGES,
    record.AGES_SERVED,
    record.HOURS,
    record.IS_SAMPLE,
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

ALIAS = "providers"
INDEX_PREFIX = "providers-"
REPORTS_INDEX = "provider-reports"  # "report incorrect information"
CRAWLS_INDEX = "provider-crawls"  # one document per loaded crawl summary (status command)

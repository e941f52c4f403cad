"""Field names of a crawled ProviderRecord (docs/record-format.md), one constant each.

Names follow Open Referral HSDS 3.0 where it has one. Code refers to fields through these
constants so that a reader can find where a field is extracted, cleaned, indexed and shown
by searching for one name.
"""

# identity
ID = "id"
SOURCE = "source"
SOURCE_REF = "source_ref"
SOURCE_URL = "source_url"
FETCHED_AT = "fetched_at"
IS_SAMPLE = "is_sample"  # fictional sample or fixture data, never a real provider

# who
KIND = "kind"  # "individual" | "organization"
NAME = "name"
ALTERNATE_NAMES = "alternate_names"
CREDENTIALS = "credentials"
ORGANIZATION_NAME = "organization_name"
NPI = "npi"
LICENSES = "licenses"  # [{"state": "TX", "number": "12345"}]
PROVIDER_TYPES = "provider_types"  # taxonomy codes

# what
DESCRIPTION = "description"
THERAPIES_RAW = "therapies_raw"
CONDITIONS_RAW = "conditions_raw"
SPECIALTIES_RAW = "specialties_raw"
SOURCE_CODES = "source_codes"  # NUCC / SAMHSA codes as the source gave them
THERAPIES = "therapies"  # taxonomy codes
CONDITIONS = "conditions"  # taxonomy codes
# Why each therapy and condition code is on the record (keys in clinics.evidence)
EVIDENCE = "evidence"

# where
ADDRESS_RAW = "address_raw"
ADDRESS_1 = "address_1"
ADDRESS_2 = "address_2"
CITY = "city"
STATE_PROVINCE = "state_province"
POSTAL_CODE = "postal_code"
COUNTRY = "country"
LATITUDE = "latitude"
LONGITUDE = "longitude"
GEO_PRECISION = "geo_precision"  # source | address | zip | city | none

# contact
PHONE = "phone"  # E.164
PHONE_EXT = "phone_ext"
FAX = "fax"
WEBSITE = "website"
EMAIL = "email"

# access
TELEHEALTH = "telehealth"
ACCEPTING_NEW_PATIENTS = "accepting_new_patients"
ACCEPTING_AS_OF = "accepting_as_of"
INSURANCE = "insurance"
PAYMENT = "payment"
# What a source states about costs: cash prices, sliding scale, free care, each with its quote,
# source, page and fetch day (keys in clinics.costs); never a price without its source and date
COSTS = "costs"
LANGUAGES = "languages"
AGES_SERVED = "ages_served"
HOURS = "hours"  # HSDS schedule rows
HOURS_RAW = "hours_raw"

# bookkeeping
EXTRAS = "extras"  # anything else the source gave, never silently dropped
FIELD_ISSUES = "field_issues"  # [{"field", "reason", "value"}]: values dropped while cleaning

GEO_PRECISIONS = ("source", "address", "zip", "city", "none")
KINDS = ("individual", "organization")

"""The HSDS 3 tabular form of the tables we export: CSV file names, columns and the Table
Schema of each (datapackage.json of `clinics export hsds`).

Columns are HSDS's one-to-one fields of each table, in HSDS's order (tests/api compares
them with the published compiled/tabular.json). Table Schema knows string formats `uuid`,
`uri` and `email` only, so HSDS's `date-time` stays a plain string here. Beyond HSDS,
each resource declares its primary key and the foreign keys we can promise, so
`frictionless validate` also checks that every reference resolves.
"""

from __future__ import annotations

# Field kinds: "type" or "type:format".
U, S, N = "string:uuid", "string", "number"

TABLES: dict[str, dict] = {
    "organization": {
        "path": "organizations.csv",
        "fields": [
            ("id", U),
            ("name", S),
            ("alternate_name", S),
            ("description", S),
            ("email", "string:email"),
            ("website", "string:uri"),
            ("tax_status", S),
            ("tax_id", S),
            ("year_incorporated", N),
            ("legal_status", S),
            ("logo", S),
            ("uri", "string:uri"),
            ("parent_organization_id", U),
        ],
        "required": ["id", "name", "description"],
        "foreign_keys": [],
    },
    "service": {
        "path": "services.csv",
        "fields": [
            ("id", U),
            ("organization_id", U),
            ("program_id", U),
            ("name", S),
            ("alternate_name", S),
            ("description", S),
            ("url", "string:uri"),
            ("email", "string:email"),
            ("status", S),
            ("interpretation_services", S),
            ("application_process", S),
            ("fees_description", S),
            ("wait_time", S),
            ("fees", S),
            ("accreditations", S),
            ("eligibility_description", S),
            ("minimum_age", N),
            ("maximum_age", N),
            ("assured_date", S),
            ("assurer_email", "string:email"),
            ("licenses", S),
            ("alert", S),
            ("last_modified", S),
        ],
        "required": ["id", "name", "status", "organization_id"],
        "enums": {"status": ["active", "inactive", "defunct", "temporarily closed"]},
        "foreign_keys": [("organization_id", "organization")],
    },
    "location": {
        "path": "locations.csv",
        "fields": [
            ("id", U),
            ("location_type", S),
            ("url", "string:uri"),
            ("organization_id", U),
            ("name", S),
            ("alternate_name", S),
            ("description", S),
            ("transportation", S),
            ("latitude", N),
            ("longitude", N),
            ("external_identifier", S),
            ("external_identifier_type", S),
        ],
        "required": ["id", "location_type"],
        "enums": {"location_type": ["physical", "postal", "virtual"]},
        "foreign_keys": [("organization_id", "organization")],
    },
    "service_at_location": {
        "path": "service_at_location.csv",
        "fields": [("id", U), ("service_id", U), ("location_id", U), ("description", S)],
        "required": ["id", "service_id", "location_id"],
        "foreign_keys": [("service_id", "service"), ("location_id", "location")],
    },
    "address": {
        "path": "addresses.csv",
        "fields": [
            ("id", U),
            ("location_id", U),
            ("attention", S),
            ("address_1", S),
            ("address_2", S),
            ("city", S),
            ("region", S),
            ("state_province", S),
            ("postal_code", S),
            ("country", S),
            ("address_type", S),
        ],
        "required": [
            "id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
        "enums": {"address_type": ["physical", "postal", "virtual"]},
        "foreign_keys": [("location_id", "location")],
    },
    "phone": {
        "path": "phones.csv",
        "fields": [
            ("id", U),
            ("location_id", U),
            ("service_id", U),
            ("organization_id", U),
            ("contact_id", U),
            ("service_at_location_id", U),
            ("number", S),
            ("extension", N),
            ("type", S),
            ("description", S),
        ],
        "required": ["id", "number"],
        "foreign_keys": [("service_id", "service")],
    },
    "schedule": {
        "path": "schedules.csv",
        "fields": [
            ("id", U),
            ("service_id", U),
            ("location_id", U),
            ("service_at_location_id", U),
            ("valid_from", S),
            ("valid_to", S),
            ("dtstart", S),
            ("timezone", N),
            ("until", S),
            ("count", N),
            ("wkst", S),
            ("freq", S),
            ("interval", N),
            ("byday", S),
            ("byweekno", S),
            ("bymonthday", S),
            ("byyearday", S),
            ("description", S),
            ("opens_at", S),
            ("closes_at", S),
            ("schedule_link", "string:uri"),
            ("attending_type", S),
            ("notes", S),
        ],
        "required": ["id"],
        "enums": {
            "wkst": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
            "freq": ["WEEKLY", "MONTHLY"],
        },
        "foreign_keys": [("service_id", "service")],
    },
    "language": {
        "path": "languages.csv",
        "fields": [
            ("id", U),
            ("service_id", U),
            ("location_id", U),
            ("phone_id", U),
            ("name", S),
            ("code", S),
            ("note", S),
        ],
        "required": ["id"],
        "foreign_keys": [("service_id", "service")],
    },
    "cost_option": {
        "path": "cost_options.csv",
        "fields": [
            ("id", U),
            ("service_id", U),
            ("valid_from", S),
            ("valid_to", S),
            ("option", S),
            ("currency", S),
            ("amount", N),
            ("amount_description", S),
        ],
        "required": ["id", "service_id"],
        "foreign_keys": [("service_id", "service")],
    },
    "attribute": {
        "path": "attributes.csv",
        "fields": [
            ("id", U),
            ("link_id", U),
            ("taxonomy_term_id", U),
            ("link_type", S),
            ("link_entity", S),
            ("value", S),
        ],
        "required": ["id", "link_id", "taxonomy_term_id", "link_entity"],
        "foreign_keys": [("taxonomy_term_id", "taxonomy_term")],
    },
    "organization_identifier": {
        "path": "organization_identifiers.csv",
        "fields": [
            ("id", U),
            ("organization_id", U),
            ("identifier_scheme", S),
            ("identifier_type", S),
            ("identifier", S),
        ],
        "required": ["id", "identifier_type", "identifier", "organization_id"],
        "foreign_keys": [("organization_id", "organization")],
    },
    "taxonomy_term": {
        "path": "taxonomy_terms.csv",
        "fields": [
            ("id", U),
            ("code", S),
            ("name", S),
            ("description", S),
            ("parent_id", U),
            ("taxonomy", S),
            ("language", S),
            ("taxonomy_id", U),
            ("term_uri", "string:uri"),
        ],
        "required": ["id", "name", "description"],
        "unique": ["code"],
        "foreign_keys": [("parent_id", "taxonomy_term"), ("taxonomy_id", "taxonomy")],
    },
    "metadata": {
        "path": "metadata.csv",
        "fields": [
            ("id", U),
            ("resource_id", U),
            ("resource_type", S),
            ("last_action_date", S),
            ("last_action_type", S),
            ("field_name", S),
            ("previous_value", S),
            ("replacement_value", S),
            ("updated_by", S),
        ],
        # HSDS requires the last five too, but an empty string is a value there and a
        # missing one in CSV; they are always written (previous_value is always empty).
        "required": ["id", "resource_id", "resource_type", "last_action_type", "field_name"],
        "foreign_keys": [],
    },
    "taxonomy": {
        "path": "taxonomies.csv",
        "fields": [
            ("id", U),
            ("name", S),
            ("description", S),
            ("uri", "string:uri"),
            ("version", S),
        ],
        "required": ["id", "name", "description"],
        "foreign_keys": [],
    },
}

# Written in this order (a reference always points to a table written earlier or alongside).
ORDER = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "phone",
    "schedule",
    "language",
    "cost_option",
    "taxonomy",
    "taxonomy_term",
    "attribute",
    "organization_identifier",
    "metadata",
)


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]["fields"]]


def table_schema(table: str) -> dict:
    spec = TABLES[table]
    required = set(spec.get("required", ()))
    unique = set(spec.get("unique", ())) | {"id"}
    enums = spec.get("enums", {})
    fields = []
    for name, kind in spec["fields"]:
        field_type, _, field_format = kind.partition(":")
        field: dict = {"name": name, "type": field_type}
        if field_format:
            field["format"] = field_format
        constraints: dict = {}
        if name in required:
            constraints["required"] = True
        if name in unique:
            constraints["unique"] = True
        if name in enums:
            constraints["enum"] = enums[name]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}
    if spec["foreign_keys"]:
        schema["foreignKeys"] = [
            {
                "fields": name,
                # a reference within the same table names no resource (Table Schema)
                "reference": {"resource": "" if target == table else target, "fields": "id"},
            }
            for name, target in spec["foreign_keys"]
        ]
    return schema


def datapackage(created: str, counts: dict[str, int] | None = None) -> dict:
    resources = []
    for table in ORDER:
        resource = {
            "name": table,
            "path": TABLES[table]["path"],
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(table),
        }
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": "clinics-hsds",
        "title": "Anxiety and ketamine therapy providers (Open Referral HSDS 3.0)",
        "description": (
            "Providers of anxiety and ketamine therapy, one organization, service, location "
            "and service_at_location per provider at a location, with our taxonomy of "
            "therapies, conditions and provider types. Listings are collected from public "
            "sources and are not endorsements or medical advice. In a crisis call or text "
            "988 (US); in an emergency call 911."
        ),
        "created": created,
        "resources": resources,
    }
    if counts is not None:
        package["x_row_counts"] = counts
    return package

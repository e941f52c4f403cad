"""The HSDS export output of one document, computed at load time (materialized).

`materialize(document)` is what `clinics export hsds` and `hsds-json` write for one final
merged provider document, so that an export copies stored text instead of building HSDS
rows (about 150 to 185 µs of CPU a document). `clinics index` stores it in each document
under indexer.fields.HSDS_EXPORT (mapped opaque, kept out of every search and API read):

    {"stamp": "<12 hex digits>",
     "json": "<the hsds-json line, without its newline>",
     "tables": {"<table>": ["<CSV lines of the table>", <rows>], ...}}

`json` is exactly `convert("hsds-json", [document])` (less its final newline) and each
table's text and row count exactly what `convert("hsds", [document])` gives (only the
tables the document has rows in). The **stamp** is a short hash of everything besides
the document that this output depends on: FORMAT_VERSION, the taxonomy's terms (ids,
codes, names, descriptions, parents), the tables' columns and order, and the mapping's
data tables (language codes, the sample alert, the cost labels). An export converts a
document live when its field is missing or its stamp is not the current one, so the
output is always what the code of the export would write.

**The rule: bump FORMAT_VERSION whenever the HSDS mapping's output changes** (api/hsds.py,
api/ids.py, api/tabular.py's columns, api/export.py's `convert` or `RowLines`): stored
output of the old code then no longer matches and is converted live until the index is
loaded again. tests/api/test_materialized.py holds the stamp and a hash of the output of
fixed documents: it fails when the output changes and the stamp does not.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import orjson

from api import hsds, tabular
from api import taxonomy as tax
from api.hsds import Entities

# Bump when the output of api/hsds.py, api/ids.py, api/tabular.py or api/export.py's
# `convert`/`RowLines` changes for any document (see the module docstring).
FORMAT_VERSION = 1

STAMP = "stamp"
JSON = "json"
TABLES = "tables"

PACKAGE_TABLES = tuple(t for t in tabular.ORDER if t not in ("taxonomy", "taxonomy_term"))


@lru_cache(maxsize=1)
def stamp() -> str:
    """The current stamp: what, besides the document, the stored output depends on."""
    parts = {
        "version": FORMAT_VERSION,
        "terms": [term.as_hsds() for term in tax.terms()],
        "taxonomy": tax.taxonomy_object(),
        "columns": {table: tabular.columns(table) for table in tabular.ORDER},
        "package_tables": list(PACKAGE_TABLES),
        "languages": hsds.LANGUAGE_CODES,
        "alert": hsds.SAMPLE_ALERT,
        "cost_labels": {str(k): v for k, v in hsds.COST_LABELS.items()},
    }
    digest = hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return digest[:12]


def materialize(document: dict) -> dict:
    """The stored export output of one final document (see the module docstring)."""
    from api.export import row_lines  # (api.export imports this module)

    entities = Entities(document)
    line = orjson.dumps(entities.service_full()).decode()
    formats = row_lines()
    tables = {
        table: [formats[table].text(rows), len(rows)]
        for table, rows in entities.tables().items()
        if rows
    }
    return {STAMP: stamp(), JSON: line, TABLES: tables}


def current(stored: object, part: str) -> object | None:
    """The stored `part` (JSON or TABLES) when it is there and of the current stamp."""
    if isinstance(stored, dict) and stored.get(STAMP) == stamp():
        return stored.get(part)
    return None

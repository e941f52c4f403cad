"""The autocomplete view: the completion suggester on the name field."""

from __future__ import annotations

from clinics import fields as F
from indexer import fields

SUGGESTION = "names"


def autocomplete_body(prefix: str, size: int) -> dict:
    return {
        "_source": [F.NAME],
        "suggest": {
            SUGGESTION: {
                "prefix": prefix,
                "completion": {
                    "field": fields.NAME_SUGGEST,
                    "size": size,
                    "skip_duplicates": True,
                },
            }
        },
    }

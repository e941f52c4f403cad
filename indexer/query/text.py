"""The free-text view: the only scored part of a query.

User text goes into a `multi_match` as plain words. It is never parsed as query syntax
(no query_string, no simple_query_string), so `AND`, quotes, `*` or `~` are just words.
"""

from __future__ import annotations

from clinics import fields as record
from indexer import fields
from indexer import search_defaults as defaults


def text_clause(text: str) -> dict:
    return {
        "multi_match": {
            "query": text,
            "type": "best_fields",
            "fields": [f"{record.NAME}^{defaults.NAME_BOOST:g}", fields.SEARCH_TEXT],
            "operator": defaults.TEXT_OPERATOR,
            "fuzziness": defaults.TEXT_FUZZINESS,
            "prefix_length": defaults.TEXT_PREFIX_LENGTH,
            "max_expansions": defaults.TEXT_MAX_EXPANSIONS,
        }
    }


def highlight() -> dict:
    """Highlights marked with private-use characters; the search strips them to plain text."""
    return {
        "pre_tags": [defaults.HIGHLIGHT_PRE],
        "post_tags": [defaults.HIGHLIGHT_POST],
        "encoder": "default",
        "fields": {
            record.NAME: {"number_of_fragments": 0},
            fields.SEARCH_TEXT: {
                "fragment_size": defaults.HIGHLIGHT_FRAGMENT_CHARS,
                "number_of_fragments": defaults.HIGHLIGHT_FRAGMENTS,
            },
        },
    }

"""The free-text view: the only scored part of a query.

User text goes into a `multi_match` as plain words. It is never parsed as query syntax
(no query_string, no simple_query_string), so `AND`, quotes, `*` or `~` are just words.
"""

from __future__ import annotations

from clinics import fields as F
from indexer import fields
from search import defaults


def text_clause(text: str) -> dict:
    return {
        "multi_match": {
            "query": text,
            "type": "best_fields",
            "fields": _fields(),
            "operator": defaults.TEXT_OPERATOR,
            "fuzziness": defaults.TEXT_FUZZINESS,
            "prefix_length": defaults.TEXT_PREFIX_LENGTH,
            "max_expansions": defaults.TEXT_MAX_EXPANSIONS,
        }
    }


def _fields() -> list[str]:
    return [f"{F.NAME}^{defaults.NAME_BOOST:g}", fields.SEARCH_TEXT]


def highlight(text: str) -> dict:
    """Highlights marked with private-use characters; the search strips them to plain text.

    The words are highlighted as typed, without fuzziness: highlighting fuzzy matches costs
    about ten times the search itself (bench/search.py), so a typo finds the provider but
    only correctly spelled words are marked.
    """
    return {
        "highlight_query": {
            "multi_match": {"query": text, "type": "best_fields", "fields": _fields()}
        },
        "pre_tags": [defaults.HIGHLIGHT_PRE],
        "post_tags": [defaults.HIGHLIGHT_POST],
        "encoder": "default",
        "fields": {
            F.NAME: {"number_of_fragments": 0},
            fields.SEARCH_TEXT: {
                "fragment_size": defaults.HIGHLIGHT_FRAGMENT_CHARS,
                "number_of_fragments": defaults.HIGHLIGHT_FRAGMENTS,
            },
        },
    }

"""Every tunable of the search in one place: limits, defaults, boosts, facet sizes.

The sanitizers (search.sanitize), the query views (search.query) and the search
(search.service) read their numbers from here, so a change of policy is one edit.
"""

from __future__ import annotations

from indexer.load_settings import default_alias


def index_alias() -> str:
    """The index or alias searched by default: the loader's alias (CLINICS_INDEX_ALIAS)."""
    return default_alias()


# Radius in miles.
DEFAULT_RADIUS_MI = 15.0
MIN_RADIUS_MI = 0.5
MAX_RADIUS_MI = 100.0

# Page size.
DEFAULT_SIZE = 10
MIN_SIZE = 1
MAX_SIZE = 50

# User text.
MAX_TEXT_CHARS = 200
MAX_NEAR_TEXT_CHARS = 200
MAX_AUTOCOMPLETE_CHARS = 50  # longer prefixes cannot match a completion entry anyway
MAX_VALUE_CHARS = 60  # one insurance or language value
MAX_VALUES_PER_GROUP = 20  # codes or values selected in one filter group

# Free-text matching: the only scored part of a query.
TEXT_OPERATOR = "and"  # every word must match (each word may be fuzzy)
TEXT_FUZZINESS = "AUTO"
TEXT_PREFIX_LENGTH = 1  # the first letter must be right; keeps fuzzy expansion cheap
TEXT_MAX_EXPANSIONS = 20
NAME_BOOST = 3.0

# Highlights: private-use characters mark the matched words so that no HTML ever reaches
# the response; the search strips them into plain fragments.
HIGHLIGHT_PRE = "\ue000"
HIGHLIGHT_POST = "\ue001"
HIGHLIGHT_FRAGMENT_CHARS = 140
HIGHLIGHT_FRAGMENTS = 2

# Distance sort.
DISTANCE_UNIT = "mi"
DISTANCE_TYPE = "arc"  # exact great-circle distance (plane is faster but drifts with distance)

# Facets: one terms aggregation per filter group.
TAXONOMY_FACET_SIZE = 60  # larger than any taxonomy group, so every code present is counted
VALUE_FACET_SIZE = 25  # insurance, languages: the most common values

# Nothing within the radius: how many of the nearest matches beyond it to return.
BEYOND_RADIUS_SIZE = 5

# Autocomplete.
AUTOCOMPLETE_SIZE = 8
MAX_AUTOCOMPLETE_SIZE = 20

# Requests.
REQUEST_TIMEOUT_S = 10.0

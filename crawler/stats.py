"""Names of the crawl statistics that the summary reports (Scrapy stats keys)."""

from __future__ import annotations

DROPPED = "clinics/dropped/"  # + reason: out_of_scope, opted_out, duplicate, invalid_record
ERRORS = "clinics/errors/"  # + kind: http_500, download_error, api_error, unreadable_page, ...
SKIPPED = "clinics/skipped/"  # + kind: not_html, robots_or_opt_out
DEAD_LETTERS = "clinics/dead_letters/"  # + reason
FIELD_ISSUES = "clinics/field_issues/"  # + field
RETRY_WAITED = "clinics/retry/waited_seconds"
NPI_CAPPED_SPLIT = "clinics/npi/capped_queries_split"
NPI_CAPPED_INCOMPLETE = "clinics/npi/capped_incomplete"

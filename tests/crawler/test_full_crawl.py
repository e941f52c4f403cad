"""When a crawl counts as a full crawl of its source (only then may the indexer remove the
source's records that the crawl no longer saw)."""

import pytest

from crawler.extensions import partial_because

pytestmark = pytest.mark.unit

FINISHED = {"finish_reason": "finished"}
ERRORS = "clinics/errors/"


@pytest.mark.parametrize(
    ("values", "narrowed_by", "expected"),
    [
        (FINISHED, (), []),
        ({**FINISHED, ERRORS + "no_provider_data": 2}, (), []),  # pages came, nothing on them
        ({"finish_reason": "shutdown"}, (), ["finish_reason shutdown"]),
        ({}, (), ["finish_reason None"]),
        ({"finish_reason": "closespider_pagecount"}, (), ["finish_reason closespider_pagecount"]),
        (FINISHED, ("city", "state"), ["narrowed by -a city, state"]),
        ({**FINISHED, ERRORS + "http_500": 1}, (), ["pages lost: http_500 1"]),
        ({**FINISHED, ERRORS + "download_error": 3}, (), ["pages lost: download_error 3"]),
        ({**FINISHED, ERRORS + "api_error": 1}, (), ["pages lost: api_error 1"]),
        ({**FINISHED, ERRORS + "unreadable_sitemap": 1}, (), ["pages lost: unreadable_sitemap 1"]),
        ({**FINISHED, ERRORS + "detail_page_failed": 1}, (), ["pages lost: detail_page_failed 1"]),
        (
            {**FINISHED, "clinics/npi/capped_incomplete": 1},
            (),
            ["capped NPI queries left incomplete"],
        ),
        (
            {"finish_reason": "shutdown", ERRORS + "http_429": 1, ERRORS + "http_500": 2},
            ("near",),
            [
                "finish_reason shutdown",
                "narrowed by -a near",
                "pages lost: http_429 1, http_500 2",
            ],
        ),
    ],
)
def test_partial_because(values, narrowed_by, expected):
    assert partial_because(values, narrowed_by) == expected

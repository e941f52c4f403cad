"""The filter registry: every filter of the search, declared once.

A filter is a SearchParams attribute (`name`) that narrows the hits to one indexed field.
Its declaration says everything the parts need to know about it:

- the sanitizer (search.sanitize) cleans the value by `kind` (taxonomy codes of
  `taxonomy`, free values, or a flag) and names it with `noun` in its notes;
- the query views (search.query.groups, search.query.facets) build its filter clause and
  its facet from `field` (or from `clause` for a flag that is not a boolean field);
- the response (search.facets, search.service) counts its buckets and says which
  selected values a hit matched (`matches`);
- the UI (ui.state, ui.relax, ui.render.filters) reads and writes it under `url_key`,
  shows it as `widget` titled `label`, with labels from the taxonomy for codes;
- `clinics search` offers it as `cli_flag` with `cli_help`.

Adding a filter is one entry below plus its SearchParams attribute (search.types).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from clinics import costs
from clinics import fields as F
from indexer import fields as doc
from search import defaults

if TYPE_CHECKING:
    from search.types import SearchParams

FilterKind = Literal["codes", "values", "flag"]
# grouped: per-code checkboxes under the taxonomy's therapy groups; checkboxes: per-code
# checkboxes in one expander; checkbox: one box (a flag); multiselect: a list to pick from
Widget = Literal["grouped", "checkboxes", "checkbox", "multiselect"]

FLAG_CODE = "true"  # the facet code of a flag that is on


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass(frozen=True)
class Filter:
    name: str  # the SearchParams attribute and the facet name in SearchResponse.facets
    field: str  # the indexed field it reads (keyword or boolean)
    kind: FilterKind  # codes: taxonomy codes; values: free keywords; flag: on or any
    label: str  # the sidebar's title, the relaxation's prefix; a flag's whole sentence
    url_key: str  # the UI's query parameter
    cli_flag: str  # the `clinics search` option
    cli_help: str
    widget: Widget
    facet_size: int
    taxonomy: str | None = None  # codes: the clinics.taxonomy table of accepted codes and labels
    # A flag that is not a boolean field: its filter clause, and the same test on a document.
    clause_body: Callable[[], dict] | None = None
    document_test: Callable[[dict], bool] | None = None

    @property
    def noun(self) -> str:
        """How the sanitizer's notes name it: "therapy", "provider type", "telehealth"."""
        return self.name.replace("_", " ") if self.kind == "flag" else self.label.lower()

    def selected(self, params: SearchParams) -> tuple[str, ...]:
        """The selected values as facet codes (FLAG_CODE for a flag that is on)."""
        value = getattr(params, self.name)
        if self.kind == "flag":
            return (FLAG_CODE,) if value is True else ()
        return tuple(value)

    def clause(self, params: SearchParams) -> dict | None:
        """The filter clause, or None when nothing is selected."""
        selected = self.selected(params)
        if not selected:
            return None
        if self.kind == "flag":
            return self.clause_body() if self.clause_body else {"term": {self.field: True}}
        return {"terms": {self.field: list(selected)}}

    def aggregations(self, params: SearchParams, values: str, chosen: str) -> dict:
        """The facet's aggregations: `values` counts the most common values; `chosen` counts
        selected free values outside the top buckets exactly."""
        if self.clause_body is not None:
            return {values: {"filter": self.clause_body()}}
        aggs: dict = {values: {"terms": {"field": self.field, "size": self.facet_size}}}
        selected = self.selected(params)
        if self.kind == "values" and selected:
            aggs[chosen] = {
                "terms": {"field": self.field, "size": len(selected), "include": list(selected)}
            }
        return aggs

    def counts(self, aggregation: dict, values: str, chosen: str) -> dict[str, int]:
        """Code -> count from this facet's part of a response."""
        if self.clause_body is not None:
            return {FLAG_CODE: int((aggregation.get(values) or {}).get("doc_count", 0))}
        counts: dict[str, int] = {}
        for name in (values, chosen):
            for bucket in (aggregation.get(name) or {}).get("buckets", ()):
                code = str(bucket.get("key_as_string", bucket["key"]))
                if self.kind == "flag":
                    code = FLAG_CODE if code.lower() in ("true", "1") else "false"
                counts[code] = int(bucket["doc_count"])
        return counts

    def matches(self, params: SearchParams, document: dict) -> tuple[str, ...]:
        """The selected values this document has, as "name:value"."""
        selected = self.selected(params)
        if not selected:
            return ()
        if self.kind == "flag":
            test = self.document_test or (lambda doc: doc.get(self.field) is True)
            return (f"{self.name}:{FLAG_CODE}",) if test(document) else ()
        present = {str(value).casefold() for value in _as_list(document.get(self.field))}
        return tuple(f"{self.name}:{value}" for value in selected if value in present)


ENGLISH = "english"  # language values are stored lowercase (the facet normalizer)


def _speaks_besides_english() -> dict:
    """Any language value other than English: a keyword sorts before or after "english"."""
    return {
        "bool": {
            "should": [
                {"range": {F.LANGUAGES: {"lt": ENGLISH}}},
                {"range": {F.LANGUAGES: {"gt": ENGLISH}}},
            ],
            "minimum_should_match": 1,
        }
    }


def _lists_besides_english(document: dict) -> bool:
    return any(
        str(value).strip().casefold() != ENGLISH for value in _as_list(document.get(F.LANGUAGES))
    )


def _sliding_scale_or_free() -> dict:
    """A source states a sliding scale or free care (indexer.fields.COST_KINDS)."""
    return {"terms": {doc.COST_KINDS: list(costs.LOW_COST_KINDS)}}


def _states_sliding_scale_or_free(document: dict) -> bool:
    return any(kind in costs.LOW_COST_KINDS for kind in _as_list(document.get(doc.COST_KINDS)))


FILTER_GROUPS: tuple[Filter, ...] = (
    Filter(
        name=F.THERAPIES,
        field=F.THERAPIES,
        kind="codes",
        label="Therapy",
        url_key="therapy",
        cli_flag="--therapy",
        cli_help="therapy codes (any of them)",
        widget="grouped",
        facet_size=defaults.TAXONOMY_FACET_SIZE,
        taxonomy="THERAPIES",
    ),
    Filter(
        name=F.CONDITIONS,
        field=F.CONDITIONS,
        kind="codes",
        label="Condition",
        url_key="condition",
        cli_flag="--condition",
        cli_help="condition codes (any of them)",
        widget="checkboxes",
        facet_size=defaults.TAXONOMY_FACET_SIZE,
        taxonomy="CONDITIONS",
    ),
    Filter(
        name=F.PROVIDER_TYPES,
        field=F.PROVIDER_TYPES,
        kind="codes",
        label="Provider type",
        url_key="type",
        cli_flag="--provider-type",
        cli_help="provider type codes (any of them)",
        widget="multiselect",
        facet_size=defaults.TAXONOMY_FACET_SIZE,
        taxonomy="PROVIDER_TYPES",
    ),
    Filter(
        name=F.TELEHEALTH,
        field=F.TELEHEALTH,
        kind="flag",
        label="Telehealth available",
        url_key="telehealth",
        cli_flag="--telehealth",
        cli_help="only telehealth providers",
        widget="checkbox",
        facet_size=2,
    ),
    Filter(
        name=F.ACCEPTING_NEW_PATIENTS,
        field=F.ACCEPTING_NEW_PATIENTS,
        kind="flag",
        label="Accepting new patients",
        url_key="accepting",
        cli_flag="--accepting",
        cli_help="only providers accepting new patients",
        widget="checkbox",
        facet_size=2,
    ),
    Filter(
        name=F.INSURANCE,
        field=F.INSURANCE,
        kind="values",
        label="Insurance",
        url_key="insurance",
        cli_flag="--insurance",
        cli_help="insurance names as listed (any of them)",
        widget="multiselect",
        facet_size=defaults.VALUE_FACET_SIZE,
    ),
    Filter(
        name=F.LANGUAGES,
        field=F.LANGUAGES,
        kind="values",
        label="Language",
        url_key="speaks",
        cli_flag="--language",
        cli_help="languages (any of them)",
        widget="multiselect",
        facet_size=defaults.VALUE_FACET_SIZE,
    ),
    Filter(
        name="other_language",
        field=F.LANGUAGES,
        kind="flag",
        label="Speaks a language besides English",
        url_key="other_lang",
        cli_flag="--other-language",
        cli_help="only providers who list a language besides English",
        widget="checkbox",
        facet_size=2,
        clause_body=_speaks_besides_english,
        document_test=_lists_besides_english,
    ),
    Filter(
        name="sliding_scale_or_free",
        field=doc.COST_KINDS,
        kind="flag",
        label="Sliding scale or free care",
        url_key="sliding",
        cli_flag="--sliding-scale-or-free",
        cli_help="only providers whose source states a sliding scale or free care",
        widget="checkbox",
        facet_size=2,
        clause_body=_sliding_scale_or_free,
        document_test=_states_sliding_scale_or_free,
    ),
)

BY_NAME: dict[str, Filter] = {f.name: f for f in FILTER_GROUPS}

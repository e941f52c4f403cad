"""Our codes as one HSDS taxonomy: terms with UUIDs, parents and a path back to our codes.

The tree (every term's `code` is unique):

    therapies                 Therapies
      therapies.ketamine        Ketamine treatments  (the UI's therapy groups)
        ketamine_infusion         ...one term per therapy code of clinics.taxonomy
    conditions                Conditions
      anxiety                   ...narrower conditions under their parent (panic under anxiety)
    provider_types            Provider types
      psychiatrist              ...
    access                    Access
      telehealth, accepting_new_patients, insurance

A service carries an HSDS attribute per therapy, condition, telehealth, accepting and
insurance value; the organization one per provider type. `filter_for(term)` says which
search parameters a term stands for, so `taxonomy_term_id` filters with the search's own
filter groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from api import ids
from clinics import taxonomy

TAXONOMY_NAME = "clinics"
TAXONOMY_VERSION = "1"
TAXONOMY_ID = ids.named_id(f"taxonomy|{TAXONOMY_NAME}")
TAXONOMY_DESCRIPTION = (
    "Therapies (ketamine treatments, talk therapies, medical), conditions, provider types "
    "and access features of the anxiety and ketamine therapy provider directory."
)

THERAPIES = "therapies"
CONDITIONS = "conditions"
PROVIDER_TYPES = "provider_types"
ACCESS = "access"
TELEHEALTH = "telehealth"
ACCEPTING = "accepting_new_patients"
INSURANCE = "insurance"

ROOTS = {
    THERAPIES: ("Therapies", "Kinds of therapy a provider offers."),
    CONDITIONS: ("Conditions", "Conditions a provider says they treat."),
    PROVIDER_TYPES: ("Provider types", "What kind of provider or facility this is."),
    ACCESS: ("Access", "How a person can get the service: telehealth, new patients, payment."),
}
ACCESS_TERMS = {
    TELEHEALTH: ("Telehealth", "Offers appointments by video or phone."),
    ACCEPTING: ("Accepting new patients", "Says it accepts new patients."),
    INSURANCE: ("Insurance accepted", "An insurance plan the provider accepts (the value)."),
}
KIND_ROOT = {
    taxonomy.THERAPY: THERAPIES,
    taxonomy.CONDITION: CONDITIONS,
    taxonomy.PROVIDER_TYPE: PROVIDER_TYPES,
}


@dataclass(frozen=True)
class Term:
    id: str
    code: str
    name: str
    description: str
    parent_code: str | None
    kind: str  # therapy | condition | provider_type | group | root | access

    def as_hsds(self, *, detail: bool = False) -> dict:
        """The HSDS taxonomy_term object (with the taxonomy nested when `detail`)."""
        term = {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "taxonomy": TAXONOMY_NAME,
            "taxonomy_id": TAXONOMY_ID,
            "language": "en",
        }
        if self.parent_code is not None:
            term["parent_id"] = term_id(self.parent_code)
        if detail:
            term["taxonomy_detail"] = taxonomy_object()
        return term


def term_id(code: str) -> str:
    return ids.named_id(f"taxonomy_term|{TAXONOMY_NAME}|{code}")


def taxonomy_object() -> dict:
    return {
        "id": TAXONOMY_ID,
        "name": "Clinic directory taxonomy",
        "description": TAXONOMY_DESCRIPTION,
        "version": TAXONOMY_VERSION,
    }


def _describe(term: taxonomy.Term) -> str:
    if term.description:
        return term.description
    noun = {"therapy": "Therapy", "condition": "Condition", "provider_type": "Provider type"}
    return f"{noun.get(term.kind, 'Term')}: {term.label}."


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """Every term, parents before children."""
    out: list[Term] = []
    for code, (name, description) in ROOTS.items():
        out.append(Term(term_id(code), code, name, description, None, "root"))
    for group, label in taxonomy.THERAPY_GROUP_LABELS.items():
        code = f"{THERAPIES}.{group}"
        out.append(
            Term(term_id(code), code, label, f"{label} (a group of therapies).", THERAPIES, "group")
        )
    for item in taxonomy.THERAPIES.values():
        parent = f"{THERAPIES}.{item.group}" if item.group else THERAPIES
        out.append(
            Term(term_id(item.code), item.code, item.label, _describe(item), parent, "therapy")
        )
    conditions = sorted(taxonomy.CONDITIONS.values(), key=lambda t: t.parent is not None)
    for item in conditions:
        parent = item.parent or CONDITIONS
        out.append(
            Term(term_id(item.code), item.code, item.label, _describe(item), parent, "condition")
        )
    for item in taxonomy.PROVIDER_TYPES.values():
        out.append(
            Term(
                term_id(item.code),
                item.code,
                item.label,
                _describe(item),
                PROVIDER_TYPES,
                "provider_type",
            )
        )
    for code, (name, description) in ACCESS_TERMS.items():
        out.append(Term(term_id(code), code, name, description, ACCESS, "access"))
    return tuple(out)


@lru_cache(maxsize=256)
def hsds_term(code: str) -> dict:
    """The HSDS object of a term (shared, never to be changed by the caller)."""
    return by_code()[code].as_hsds()


@lru_cache(maxsize=1)
def by_code() -> dict[str, Term]:
    return {term.code: term for term in terms()}


@lru_cache(maxsize=1)
def by_id() -> dict[str, Term]:
    return {term.id: term for term in terms()}


def find(text: str) -> Term | None:
    """A term by its UUID or by its code."""
    return by_id().get(text.lower()) or by_code().get(text)


def children(code: str) -> list[Term]:
    return [term for term in terms() if term.parent_code == code]


def _leaves(code: str) -> list[Term]:
    found = []
    for child in children(code):
        found.append(child)
        found.extend(_leaves(child.code))
    return found


@dataclass(frozen=True)
class TermFilter:
    """The search parameters a term stands for (OR within a group, as in the search)."""

    therapies: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    provider_types: tuple[str, ...] = ()
    telehealth: bool | None = None
    accepting_new_patients: bool | None = None
    has_insurance: bool = False
    any_access: bool = False  # the access root: telehealth, accepting or an insurance


def filter_for(term: Term) -> TermFilter:
    """What `taxonomy_term_id=<term>` selects: the term and every term under it."""
    selected = [term, *_leaves(term.code)]
    kinds: dict[str, list[str]] = {"therapy": [], "condition": [], "provider_type": []}
    for item in selected:
        if item.kind in kinds:
            kinds[item.kind].append(item.code)
    if term.code == ACCESS:
        return TermFilter(any_access=True)
    return TermFilter(
        therapies=tuple(kinds["therapy"]),
        conditions=tuple(kinds["condition"]),
        provider_types=tuple(kinds["provider_type"]),
        telehealth=True if term.code == TELEHEALTH else None,
        accepting_new_patients=True if term.code == ACCEPTING else None,
        has_insurance=term.code == INSURANCE,
    )

"""Which filter to relax when nothing matches: one SearchParams per filter left out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.types import SearchParams
from ui import vocabulary

BIGGER_RADIUS_FACTOR = 3
MAX_RADIUS_MI = 100.0


@dataclass(frozen=True)
class Relaxation:
    description: str  # "Therapy: Ketamine infusion (IV)"
    params: SearchParams


def _labels(codes: tuple[str, ...]) -> str:
    return ", ".join(vocabulary.label(code) for code in codes)


def relaxations(params: SearchParams) -> list[Relaxation]:
    """Each active filter dropped on its own, then a wider radius, in that order."""
    base = replace(params, search_after=None)
    out: list[Relaxation] = []
    if params.therapies:
        out.append(Relaxation(f"Therapy: {_labels(params.therapies)}", replace(base, therapies=())))
    if params.conditions:
        out.append(
            Relaxation(f"Condition: {_labels(params.conditions)}", replace(base, conditions=()))
        )
    if params.provider_types:
        out.append(
            Relaxation(
                f"Provider type: {_labels(params.provider_types)}", replace(base, provider_types=())
            )
        )
    if params.telehealth:
        out.append(Relaxation("Telehealth available", replace(base, telehealth=None)))
    if params.accepting_new_patients:
        out.append(Relaxation("Accepting new patients", replace(base, accepting_new_patients=None)))
    if params.insurance:
        out.append(
            Relaxation(f"Insurance: {', '.join(params.insurance)}", replace(base, insurance=()))
        )
    if params.languages:
        out.append(
            Relaxation(f"Language: {', '.join(params.languages)}", replace(base, languages=()))
        )
    if params.text:
        out.append(Relaxation(f"Words: {params.text}", replace(base, text=None)))
    if (params.near_text or params.point) and params.radius_mi < MAX_RADIUS_MI:
        wider = min(MAX_RADIUS_MI, params.radius_mi * BIGGER_RADIUS_FACTOR)
        out.append(
            Relaxation(f"Radius: search {wider:g} mi instead", replace(base, radius_mi=wider))
        )
    return out

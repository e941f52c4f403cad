"""Which filter to relax when nothing matches: one SearchParams per filter left out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.defaults import MAX_RADIUS_MI
from search.filters import FILTER_GROUPS, Filter
from search.types import SearchParams
from ui import vocabulary
from ui.messages import t

BIGGER_RADIUS_FACTOR = 3


@dataclass(frozen=True)
class Relaxation:
    description: str  # "Therapy: Ketamine infusion (IV)"
    params: SearchParams


def _description(group: Filter, value) -> str:
    """ "Without Therapy: Ketamine infusion (IV)"; a flag is its own sentence."""
    title = t(f"filter.{group.name}")
    if group.kind == "flag":
        return t("relax.without", what=title)
    shown = (vocabulary.label(v) if group.kind == "codes" else v for v in value)
    return t("relax.without", what=f"{title}: {', '.join(shown)}")


def relaxations(params: SearchParams) -> list[Relaxation]:
    """Each active filter dropped on its own, then a wider radius, in that order."""
    base = replace(params, search_after=None)
    out: list[Relaxation] = []
    for group in FILTER_GROUPS:
        value = getattr(params, group.name)
        if value:
            cleared = None if group.kind == "flag" else ()
            out.append(
                Relaxation(_description(group, value), replace(base, **{group.name: cleared}))
            )
    if params.text:
        words = t("relax.without", what=t("relax.words", text=params.text))
        out.append(Relaxation(words, replace(base, text=None)))
    if (params.near_text or params.point) and params.radius_mi < MAX_RADIUS_MI:
        wider = min(MAX_RADIUS_MI, params.radius_mi * BIGGER_RADIUS_FACTOR)
        out.append(Relaxation(t("relax.radius", miles=wider), replace(base, radius_mi=wider)))
    return out

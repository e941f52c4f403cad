"""Crisis wording: the always-visible banner and detection of crisis language in a query.

Detection errs on the side of showing help: a false positive costs one panel, a false
negative can cost much more. Patterns are matched on a normalised query (lower case,
straight apostrophes, single spaces, punctuation removed).
"""

from __future__ import annotations

import re
import unicodedata

from ui.messages import EN

# The wording lives in the message catalog (ui.messages); these are the English texts.
BANNER_MARKDOWN = EN["crisis.banner"]
PANEL_TITLE = EN["crisis.panel_title"]
PANEL_MARKDOWN = EN["crisis.panel"]
NOT_ENDORSEMENT = EN["crisis.not_endorsement"]

# Each pattern is matched against the normalised query with word boundaries.
CRISIS_PATTERNS: tuple[str, ...] = (
    r"suicid\w*",
    r"kill(ing)? my ?self",
    r"end(ing)? (my|it) (life|all)",
    r"end it",
    r"take my (own )?life",
    r"tak(e|ing) my own life",
    r"(want|wanna|going|wish) to die",
    r"wanna die",
    r"(don't|do not|dont) want to (live|be alive|wake up)",
    r"no (reason|point) (to|in) liv\w*",
    r"better off dead",
    r"hurt(ing)? my ?self",
    r"harm(ing)? my ?self",
    r"self[ -]?harm\w*",
    r"cut(ting)? my ?self",
    r"overdos\w*",
    r"hang(ing)? my ?self",
)
_CRISIS_RE = re.compile(r"\b(" + "|".join(CRISIS_PATTERNS) + r")\b")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    text = re.sub(r"[^\w'\s-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def suggests_crisis(*texts: str | None) -> bool:
    """True when any of the texts (free text, location box) reads like a crisis."""
    return any(text and _CRISIS_RE.search(normalise(text[:10_000])) for text in texts)

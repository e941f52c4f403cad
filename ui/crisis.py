"""Crisis wording: the always-visible banner and detection of crisis language in a query.

Detection errs on the side of showing help: a false positive costs one panel, a false
negative can cost much more. Patterns are matched on a normalised query (lower case,
straight apostrophes, single spaces, punctuation removed).
"""

from __future__ import annotations

import re
import unicodedata

BANNER_MARKDOWN = (
    "**In crisis or thinking about suicide?** Call or text "
    "[988](tel:988) ([text 988](sms:988)), the Suicide & Crisis Lifeline, any time. "
    "**Emergency: call [911](tel:911).**"
)

PANEL_TITLE = "You don't have to go through this alone"
PANEL_MARKDOWN = (
    "If you are thinking about ending your life or hurting yourself, please reach out now:\n\n"
    "- **Call or text [988](tel:988)**: the Suicide & Crisis Lifeline, free, 24/7, "
    "in English and Spanish.\n"
    "- **Chat** at [988lifeline.org](https://988lifeline.org/chat/).\n"
    "- **In immediate danger? Call [911](tel:911)** or go to the nearest emergency room.\n\n"
    "The providers below are listed for ongoing care; they are not a crisis service."
)

NOT_ENDORSEMENT = (
    "Listings are collected from public sources and are not endorsements or medical advice. "
    "Check credentials and details with the provider before you book."
)

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

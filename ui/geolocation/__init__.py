"""'Use my location': a labelled button in a tiny component of our own (index.html).

It replaces the streamlit-geolocation package's icon-only button, which had no accessible
name, no visible text and no translation. The browser asks the person first; the value
is {"latitude", "longitude"} once they allow it, {"error": ...} when they do not.
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

_component = components.declare_component("geolocation", path=str(Path(__file__).parent))


def button(label: str, denied: str, lang: str = "en", key: str = "geolocation") -> dict | None:
    """The position the browser shared, or None (not asked yet, or refused)."""
    value = _component(label=label, denied=denied, lang=lang, key=key, default=None, height=52)
    return value if isinstance(value, dict) else None

"""The app's CSS on top of Streamlit's light theme: WCAG 2.1 AA contrast, visible focus,
44 px tap targets.

Streamlit draws captions and some hints at 60 % of the text colour (#828180-like, 3.88:1
on white); WCAG 1.4.3 wants 4.5:1 for body text. Every colour below is at least 7:1 on
white. The style sheet is one st.html call with only a <style> element, so it takes no
room on the page.
"""

from __future__ import annotations

import streamlit as st

TEXT = "#31333f"  # Streamlit's text colour, 12.6:1 on white
MUTED = "#4a4d59"  # captions and hints: 8.4:1 on white
FOCUS = "#1a5fb4"

CSS = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *,
[data-testid="stWidgetLabel"] small, [data-testid="stTooltipHoverTarget"],
[data-testid="stMetricLabel"], [data-testid="InputInstructions"],
input::placeholder, textarea::placeholder {{
  color: {MUTED} !important; opacity: 1 !important;
}}
a:focus-visible, button:focus-visible, [role="button"]:focus-visible,
input:focus-visible, summary:focus-visible, [tabindex]:focus-visible {{
  outline: 3px solid {FOCUS} !important; outline-offset: 2px;
}}
.result-count {{ margin: 0.25rem 0; color: {TEXT}; }}
@media (max-width: 640px) {{
  .stButton button, .stFormSubmitButton button, [data-testid="stExpander"] summary,
  [data-testid="stPopover"] button, [data-testid="stCheckbox"] label,
  [data-testid="stRadio"] label, [data-baseweb="input"], [data-baseweb="select"] > div {{
    min-height: 44px;
  }}
  [data-testid="stCheckbox"] label, [data-testid="stRadio"] label {{
    min-width: 44px; align-items: center;
  }}
  [data-testid="stSelectbox"] button, [data-testid="stMultiSelect"] button,
  [data-testid="stElementToolbarButton"] button,
  [data-testid="stDeckGlJsonChartZoomButton"] button, .mapboxgl-ctrl-group button {{
    min-width: 44px !important; min-height: 44px !important;
  }}
}}
</style>
"""


def apply() -> None:
    st.html(CSS)

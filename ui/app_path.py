"""Where the Streamlit entry point lives (for `clinics ui`, `clinics demo` and tests)."""

from pathlib import Path

APP_FILE = Path(__file__).resolve().parent / "app.py"

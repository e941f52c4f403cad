"""The Streamlit search app (ui/app.py) and its small render modules."""

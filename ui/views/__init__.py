"""The app's pages (Streamlit multipage through st.navigation in ui/app.py)."""

"""Streamlit wiring shared by the pages: loading, view state, sidebar, charts, event detail."""

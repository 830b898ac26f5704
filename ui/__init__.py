"""The Streamlit chat: presentation only."""

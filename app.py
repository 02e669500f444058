"""marker's Streamlit app: a thin view over the library. Start with `streamlit run app.py`."""

import streamlit as st

st.set_page_config(page_title="marker", page_icon="📝", layout="wide")

pages = [
    st.Page("app_pages/check.py", title="Check an essay", icon="📝", default=True),
    st.Page("app_pages/rubrics.py", title="Rubrics", icon="📚"),
]
st.navigation(pages).run()

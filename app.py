"""marker's Streamlit app: a thin view over the library. Start with `streamlit run app.py`.

The tab icon is an emoji, which Streamlit draws in the browser; a ":material/...:" page icon would make every page
fetch its icon from a web font server. Page icons in the menu use the Material Symbols font Streamlit ships.
"""

import streamlit as st

st.set_page_config(page_title="marker", page_icon="📝", layout="wide")

teachers = [
    st.Page("app_pages/mark.py", title="Mark a class", icon=":material/school:", default=True),
    st.Page("app_pages/overview.py", title="Class overview", icon=":material/insights:"),
    st.Page("app_pages/calibrate.py", title="Calibrate", icon=":material/tune:"),
    st.Page("app_pages/build.py", title="Build a rubric", icon=":material/construction:"),
]

pages = {
    "Teachers": teachers,
    "Students": [st.Page("app_pages/check.py", title="Check my draft", icon=":material/edit_note:")],
    "Reference": [st.Page("app_pages/rubrics.py", title="Rubrics", icon=":material/menu_book:")],
}
st.navigation(pages).run()

"""marker's Streamlit app: a thin view over the library. Start with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

st.set_page_config(page_title="marker", page_icon=":material/edit_note:", layout="wide")

HERE = Path(__file__).resolve().parent
teachers = [
    st.Page("app_pages/mark.py", title="Mark a class", icon=":material/school:", default=True),
    st.Page("app_pages/overview.py", title="Class overview", icon=":material/insights:"),
]
# Pages written alongside this one join the menu once they exist.
OPTIONAL_PAGES = (
    ("app_pages/calibrate.py", "Calibrate", ":material/tune:"),
    ("app_pages/build.py", "Build a rubric", ":material/construction:"),
)
for page, title, icon in OPTIONAL_PAGES:
    if (HERE / page).exists():
        teachers.append(st.Page(page, title=title, icon=icon))

pages = {
    "Teachers": teachers,
    "Students": [st.Page("app_pages/check.py", title="Check my draft", icon=":material/edit_note:")],
    "Reference": [st.Page("app_pages/rubrics.py", title="Rubrics", icon=":material/menu_book:")],
}
st.navigation(pages).run()

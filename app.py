"""marker's Streamlit app: a thin view over the library. Start with `streamlit run app.py`.

The tab icon is an emoji, which Streamlit draws in the browser; a ":material/...:" page icon would make every page
fetch its icon from a web font server. Page icons in the menu use the Material Symbols font Streamlit ships.
On a department server (MARKER_SERVER_MODE=1, docs/server.md) the user signs in first and the menu holds only
the pages their role may open (marker.access); on a laptop every page is listed, as before.
"""

import streamlit as st

from app_pages.signin import account_panel, current_user
from marker.access import pages_for

st.set_page_config(page_title="marker", page_icon="📝", layout="wide")
user = current_user()  # on a server: the sign-in screen until someone signs in
account_panel(user)

teachers = {
    "mark": st.Page("app_pages/mark.py", title="Mark a class", icon=":material/school:", default=True),
    "overview": st.Page("app_pages/overview.py", title="Class overview", icon=":material/insights:"),
    "calibrate": st.Page("app_pages/calibrate.py", title="Calibrate", icon=":material/tune:"),
    "build": st.Page("app_pages/build.py", title="Build a rubric", icon=":material/construction:"),
}
sections = {
    "Teachers": teachers,
    "Students": {"check": st.Page("app_pages/check.py", title="Check my draft", icon=":material/edit_note:")},
    "Reference": {"rubrics": st.Page("app_pages/rubrics.py", title="Rubrics", icon=":material/menu_book:")},
}
allowed = pages_for(user)
pages = {section: [page for key, page in entries.items() if key in allowed] for section, entries in sections.items()}
st.navigation({section: listed for section, listed in pages.items() if listed}).run()

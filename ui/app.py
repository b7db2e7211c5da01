"""Medbrief's Streamlit app: `medbrief serve` runs it. One page per job; each role sees its own.

Pages call the same functions as the CLI (assistant/, evals/); nothing here decides content.
"""

from __future__ import annotations

import streamlit as st

from ui.auth import keep_session, resume_session, sign_in_page, sign_out
from ui.navigation import pages_for
from ui.state import current_user

st.set_page_config(page_title="Medbrief", page_icon=":material/medication:", layout="wide")
user = current_user() or resume_session()
if user is None:
    page = st.navigation([st.Page(sign_in_page, title="Sign in", icon=":material/login:")])
else:
    keep_session()
    page = st.navigation(pages_for(user.role))
    with st.sidebar:
        st.markdown(f"**{user.name}**  \n`{user.username}` · role **{user.role.value}**")
        if st.button("Sign out", icon=":material/logout:"):
            sign_out()
page.run()

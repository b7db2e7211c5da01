"""Sign-in with a plain form against the users file (bcrypt hashes; see assistant/users.py)."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.users import UsersFileError, authenticate, load_users
from ui.errors import friendly_errors
from ui.state import USER_KEY, get_settings

__all__ = ["sign_in_page", "sign_out"]

log = logging.getLogger("medbrief.ui")


def sign_in_page() -> None:
    st.title("Medbrief")
    st.caption("Grounded pre-call briefings, chat and inquiry summaries from MLR-approved content.")
    with friendly_errors("Reading the users file"):
        path = get_settings().resolved_users_file
        with st.form("sign-in"):
            username = st.text_input("Username", key="sign_in_username")
            password = st.text_input("Password", type="password", key="sign_in_password")
            submitted = st.form_submit_button("Sign in", type="primary")
        if not submitted:
            return
        try:
            users = load_users(path)
        except UsersFileError:
            log.exception("users file")
            st.error(
                "Sign-in is not set up on this server (no readable users file). "
                "Ask an administrator to add users with `medbrief users add`.",
                icon=":material/error:",
            )
            return
        user = authenticate(users, username, password)
        if user is None:
            st.error(
                "Wrong username or password. Check both and try again; if you have forgotten "
                "your password, ask your Medbrief administrator to reset it.",
                icon=":material/lock:",
            )
            return
        st.session_state[USER_KEY] = user
        log.info("sign-in: %s (%s)", user.username, user.role.value)
        st.rerun()


def sign_out() -> None:
    for key in list(st.session_state):
        del st.session_state[key]
    st.rerun()

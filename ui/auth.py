"""Sign-in with a plain form against the users file (bcrypt hashes; see assistant/users.py),
kept across a browser reload by a session token in the page's address (assistant/sessions.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

import streamlit as st

from assistant.sessions import SessionStore
from assistant.users import SignedInUser, UsersFileError, authenticate, load_users
from ui.errors import friendly_errors
from ui.state import USER_KEY, get_settings

__all__ = ["keep_session", "resume_session", "sign_in_page", "sign_out"]

TOKEN_KEY = "medbrief_session_token"
_PARAM = "session"

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
        if (store := _store()) is not None:
            store.forget_idle()  # sessions nobody came back to leave the store here
            st.session_state[TOKEN_KEY] = store.open(user.username, user.role.value)
        log.info("sign-in: %s (%s)", user.username, user.role.value)
        st.rerun()


def _store() -> SessionStore | None:
    settings = get_settings()
    if settings.session_idle_minutes == 0:
        return None
    idle = timedelta(minutes=settings.session_idle_minutes)
    return SessionStore(settings.resolved_sessions_file, idle)


def resume_session() -> SignedInUser | None:
    """After a reload: the user whose live token is in the address, as the users file has
    them now (a removed user or a changed role ends the session)."""
    token = st.query_params.get(_PARAM)
    store = _store()
    if not token or store is None:
        return None
    found = store.resume(token)
    try:
        users = load_users(get_settings().resolved_users_file) if found else {}
    except UsersFileError:
        log.exception("users file, resuming a session")  # the sign-in page says what to do
        return None
    entry = users.get(found[0]) if found else None
    if found is None or entry is None or entry.role.value != found[1]:
        store.close(token)
        del st.query_params[_PARAM]
        return None
    user = SignedInUser(username=found[0], name=entry.name, role=entry.role)
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    log.info("session resumed: %s (%s)", user.username, user.role.value)
    return user


def keep_session() -> None:
    """Keep the token in the address on every page (moving between pages clears it)."""
    token = st.session_state.get(TOKEN_KEY)
    if token and st.query_params.get(_PARAM) != token:
        st.query_params[_PARAM] = token


def sign_out() -> None:
    token = st.session_state.get(TOKEN_KEY)
    if token and (store := _store()) is not None:
        store.close(token)
    st.query_params.clear()
    for key in list(st.session_state):
        del st.session_state[key]
    st.rerun()

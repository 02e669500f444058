"""Who is using the app (server mode only). Not a page itself: app.py asks it before any page is shown.

With MARKER_SERVER_MODE unset (a laptop) everyone is accounts.LOCAL and nothing changes. With it on, the user
signs in through the school's identity provider (Streamlit's OpenID Connect: `st.login`, configured by an
[auth] section in .streamlit/secrets.toml; docs/server.md) or, for schools without one, with a local account
(user name and password, checked against the scrypt hash in the database). Either way the account and its role
come from the database (marker.accounts), and every page passes the user to marker.access, which decides.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import store
from marker import access, accounts
from marker.accounts import LOCAL, AccessDenied, User
from marker.report import escape_markdown

USER_KEY = "signed_in_user_id"  # the local account signed in to this browser session (kept on the server only)
TRIES_KEY = "sign_in_failures"
MAX_TRIES = 5  # failed local sign-ins per browser session before the form is withdrawn


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section for st.login."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all  # noqa: BLE001
        return False


def current_user() -> User:
    """The signed-in user; on a server, shows the sign-in screen and stops the page when nobody is signed in."""
    if not access.server_mode():
        return LOCAL
    saved = store()
    if saved is None:
        st.error("The department server cannot reach its database, so nobody can sign in: see docs/server.md.")
        st.stop()
    if oidc_configured() and st.user.is_logged_in:
        if st.user.get("email_verified") is False:
            _refuse("your school account's email address is not verified")
        try:
            email = st.user.get("email")
            return accounts.user_for_identity(saved, email if isinstance(email, str) else None)
        except AccessDenied as exc:
            _refuse(str(exc))
    user_id = st.session_state.get(USER_KEY)
    user = accounts.get_user(saved, user_id) if isinstance(user_id, int) else None
    if user is not None:
        return user
    st.session_state.pop(USER_KEY, None)  # an account deleted since sign-in is signed out
    _sign_in_screen(saved)
    st.stop()
    raise AssertionError("unreachable")


def page_user(page: str) -> User:
    """The signed-in user, if `page` is open to their role; otherwise say so and show nothing of the page."""
    user = current_user()
    try:
        access.require_page(user, page)
    except AccessDenied as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
    return user


def account_panel(user: User) -> None:
    """Who is signed in, and a way out (sidebar)."""
    if user.is_local:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{escape_markdown(user.name)}** "
                   f"({accounts.ROLE_NAMES[user.role]}, {escape_markdown(user.department)})")
        st.button("Sign out", key="sign_out", on_click=_sign_out)


def _sign_out() -> None:
    """Forget everything of this browser session (the open class, drafts, reports), not only who was signed in."""
    for key in list(st.session_state):
        del st.session_state[key]
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def _refuse(message: str) -> None:
    st.error(escape_markdown(message))
    st.button("Sign out", key="sign_out_refused", on_click=_sign_out)
    st.stop()


def _sign_in_screen(saved) -> None:
    st.title("Sign in to marker")
    st.caption("This marker is shared by your department: sign in to see your classes or check your drafts.")
    if oidc_configured():
        st.button("Sign in with your school account", type="primary", key="sign_in_oidc", on_click=st.login)
        st.caption("No school account? Use the marker account your head of department gave you:")
    failures = st.session_state.get(TRIES_KEY, 0)
    if failures >= MAX_TRIES:
        st.error("Too many failed sign-ins: close this tab and try again later.")
        return
    with st.form("sign_in", border=True):
        username = st.text_input("User name", key="sign_in_user")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            user = accounts.sign_in(saved, username, password)
        except AccessDenied as exc:
            st.session_state[TRIES_KEY] = failures + 1
            st.error(escape_markdown(str(exc)))
            return
        st.session_state[USER_KEY] = user.id
        st.session_state.pop(TRIES_KEY, None)
        st.rerun()

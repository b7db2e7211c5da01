"""Which pages each role sees. The first page a role may open is where it lands."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from knowledge_base.models import Role

__all__ = ["PAGES", "page_titles", "pages_for"]

_FOLDER = Path(__file__).resolve().parent / "pages"

# title, file, icon, url path, roles that see it (admins see every page)
PAGES = [
    ("Pre-call briefing", "briefing.py", ":material/badge:", "briefing", {Role.REP}),
    ("Inquiry backlog", "inquiries.py", ":material/inbox:", "inquiries", {Role.MSL}),
    ("Chat", "chat.py", ":material/forum:", "chat", {Role.REP, Role.MSL}),
    ("Eval runs", "evals.py", ":material/fact_check:", "evals", {Role.MLR}),
    ("Audit log", "audit.py", ":material/policy:", "audit", {Role.MLR}),
    ("Content library", "content.py", ":material/library_books:", "content", {Role.MLR}),
]


def _allowed(role: Role, roles: set[Role]) -> bool:
    return role is Role.ADMIN or role in roles


def page_titles(role: Role) -> list[str]:
    return [title for title, _, _, _, roles in PAGES if _allowed(role, roles)]


def pages_for(role: Role) -> list[st.Page]:
    return [
        st.Page(_FOLDER / file, title=title, icon=icon, url_path=url)
        for title, file, icon, url, roles in PAGES
        if _allowed(role, roles)
    ]

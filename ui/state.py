"""Cached resources and session state: settings and services are built once per process and
shared by every session; page interactions never rebuild them."""

from __future__ import annotations

import hashlib
import os
import threading

import streamlit as st

from assistant.library import CitedPassage, cited_passage, passage_text
from assistant.outputs import Citation
from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.users import SignedInUser
from assistant.workflows.headlines import read_all_labels
from assistant.workflows.labels import product_labels

__all__ = ["current_user", "get_services", "get_settings", "passage", "session_cache"]

USER_KEY = "medbrief_user"


def _environment_key() -> tuple[tuple[str, str], ...]:
    # The entry point reads the environment (and .env, in Settings) once per distinct value.
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("MEDBRIEF_")))


@st.cache_resource(show_spinner=False)
def _settings(environment: tuple[tuple[str, str], ...]) -> Settings:
    return Settings()


def get_settings() -> Settings:
    return _settings(_environment_key())


@st.cache_resource(show_spinner="Opening the knowledge base and loading the models ...")
def _services(key: str, _settings: Settings) -> Services:
    services = open_services(_settings)
    # What each label says (off-label check, headline results, boxed warnings) is read once
    # per label version; read it now, beside the first page, not inside a rep's first briefing.
    threading.Thread(target=_read_labels, args=(services,), daemon=True).start()
    return services


def _read_labels(services: Services) -> None:
    today = services.today()
    product_labels(services.kb.catalog, today, services.label_cache)
    read_all_labels(services, today)


def get_services() -> Services:
    """One ``Services`` (index, models, audit log) per distinct settings, for all sessions."""
    settings = get_settings()
    secret = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    key = settings.model_dump_json() + hashlib.sha256(secret.encode()).hexdigest()
    return _services(key, settings)


@st.cache_data(show_spinner=False, max_entries=2048)
def _passage_text(key: str, citation_json: str) -> str:
    return passage_text(get_services().kb.catalog, Citation.model_validate_json(citation_json))


def passage(citation: Citation) -> CitedPassage:
    """The approved passage a citation points at: its text cached (a version's text never
    changes), its document's status read now (a withdrawal shows at once)."""
    text = _passage_text(get_settings().model_dump_json(), citation.model_dump_json())
    return cited_passage(get_services().kb.catalog, citation, text=text)


def current_user() -> SignedInUser | None:
    return st.session_state.get(USER_KEY)


def session_cache(name: str) -> dict:
    """A per-session dict for outputs already generated (never regenerate on a rerun)."""
    return st.session_state.setdefault(f"medbrief_{name}", {})

"""The one settings object: read from the environment (prefix ``MEDBRIEF_``) and ``.env``.

Built once at the entry point (CLI, app) and passed down; nothing reads ``os.environ`` deeper in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MEDBRIEF_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(
        default=Path(".medbrief"),
        description="Data directory: index, content catalog, audit database, caches.",
    )
    market: str = Field(default="US", description="Market whose content users may see.")
    today: date | None = Field(
        default=None,
        description="Pin 'today' for expiry checks (demos, reproducible evals); default: UTC date.",
    )

    users_file: Path | None = Field(
        default=None,
        description="YAML users file of the app (bcrypt hashes, roles); default <home>/users.yaml.",
    )
    session_idle_minutes: int = Field(
        default=30,
        ge=0,
        description="How long a signed-in app session survives a browser reload unused "
        "(minutes; 0: a reload signs out).",
    )
    briefing_history_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description="How far back a briefing's history reaches when no call by a rep is on "
        "file (days); otherwise it runs from the last call.",
    )

    # Knowledge base
    catalog_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the content catalog; default SQLite in home."
    )
    chroma_url: str | None = Field(
        default=None, description="URL of a Chroma server; default: embedded Chroma in home."
    )
    lexical_refresh_s: float = Field(
        default=2.0,
        ge=0,
        description="How often a running instance re-checks for a new lexical index generation "
        "(seconds; 0: before every search).",
    )
    chunk_tokens: int = Field(default=180, ge=32, le=2000)
    chunk_overlap_tokens: int = Field(default=30, ge=0, le=500)

    # Audit
    audit_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the audit log; default SQLite <home>/audit.db."
    )

    # Generation
    llm_provider: Literal["extractive", "openai", "azure", "openai_compatible"] = Field(
        default="extractive",
        description="extractive: offline, verbatim approved sentences; others: a hosted model.",
    )
    llm_model: str = "gpt-4o-mini"
    llm_temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    llm_max_output_tokens: int = Field(default=1200, ge=64, le=16000)
    llm_context_window: int | None = Field(
        default=None, description="Override the model's context window (tokens)."
    )
    prompt_versions: dict[str, int] = Field(
        default_factory=dict,
        description='Pin prompt versions by prompt id, e.g. {"chat": 1}; others use the latest.',
    )

    # Embeddings
    embedding_provider: Literal["local", "openai", "azure", "openai_compatible"] = "local"
    embedding_model: str = "text-embedding-3-small"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    azure_endpoint: str | None = None
    azure_api_version: str = "2024-10-21"
    embedding_cache: bool = Field(
        default=True,
        description="Reuse the vector of a text embedded before (same model, same text): "
        "re-ingesting a new label version or rebuilding an index embeds only new text.",
    )
    embedding_cache_path: Path | None = Field(
        default=None,
        description="SQLite file of the embedding cache; default <home>/cache/embeddings.sqlite. "
        "Several instances or homes may share one.",
    )
    embedding_threads: int = Field(
        default=0,
        ge=0,
        description="Threads the offline embedding model uses per call; 0: one per core this "
        "process may use, at most 4. Its threads sleep when idle rather than spin, so a busy "
        "second core costs little: on 2 cores, 2 threads embed 34.3 chunks/s idle and 21.3/s "
        "with the other core busy, against 19.6 and 19.8/s with one thread.",
    )
    request_timeout_s: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)

    @field_validator("market")
    @classmethod
    def _market_upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("chroma_url", "catalog_url", "audit_url", "openai_base_url", "azure_endpoint")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @property
    def resolved_home(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def resolved_sessions_file(self) -> Path:
        return self.resolved_home / "sessions.db"

    @property
    def resolved_users_file(self) -> Path:
        return (self.users_file or self.resolved_home / "users.yaml").expanduser().resolve()

    @property
    def cache_dir(self) -> Path:
        return self.resolved_home / "cache"

    @property
    def resolved_catalog_url(self) -> str:
        return self.catalog_url or f"sqlite:///{self.resolved_home / 'catalog.db'}"

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.runtime import open_knowledge_base
from assistant.settings import Settings
from knowledge_base.store import KnowledgeBase
from tests.fakes import HashingEmbedder

REPO = Path(__file__).resolve().parent.parent

# tests.postgres is a plugin (``pytest_plugins`` in test_audit*.py) and is also imported directly
# (fault and server-mode tests); registered here, before either, its asserts are rewritten
# whichever comes first, instead of "Module already imported so cannot be rewritten" (an error
# under filterwarnings=error).
pytest.register_assert_rewrite("tests.postgres")


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test gets its own data directory and none of the caller's MEDBRIEF_/OpenAI env."""
    for name in list(os.environ):
        if name.startswith(("MEDBRIEF_", "OPENAI_", "AZURE_OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MEDBRIEF_HOME", str(tmp_path_factory.mktemp("medbrief-home")))
    # A .env in the working directory must not leak into tests.
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    # Hub libraries must never be consulted: they would need the network.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def fake_kb(settings: Settings) -> KnowledgeBase:
    """A knowledge base over a temp folder with the deterministic hashing embedder."""
    return open_knowledge_base(settings, embedder=HashingEmbedder())

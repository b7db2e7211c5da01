from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from assistant.cli import app
from assistant.runtime import ConfigurationError, build_embedder, open_knowledge_base
from assistant.settings import Settings
from knowledge_base.access import AccessScope
from knowledge_base.models import Role
from tests.openai_server import openai_stub
from tests.test_ingest import LABEL, SRD, entry, write_folder

runner = CliRunner()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "content",
        [entry("label.md", "alphamab-label"), entry("srd.md", "alphamab-srd", audience="medical")],
        {"label.md": LABEL, "srd.md": SRD},
    )


def test_ingest_then_search_and_content_status(content: Path) -> None:
    result = runner.invoke(app, ["ingest", str(content), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(report["added"]) == ["alphamab-label", "alphamab-srd"]

    again = json.loads(runner.invoke(app, ["ingest", str(content), "--json"]).stdout)
    assert sorted(again["unchanged"]) == ["alphamab-label", "alphamab-srd"]

    rep = runner.invoke(app, ["search", "pregnancy", "--role", "rep", "--json"])
    msl = runner.invoke(app, ["search", "pregnancy", "--role", "msl", "--json"])
    assert "alphamab-srd" not in {r["doc_id"] for r in json.loads(rep.stdout)}
    assert "alphamab-srd" in {r["doc_id"] for r in json.loads(msl.stdout)}

    status = json.loads(runner.invoke(app, ["content", "status", "--json"]).stdout)
    assert {row["doc_id"]: row["groundable"] for row in status} == {
        "alphamab-label": True,
        "alphamab-srd": True,
    }


def test_ingest_reports_bad_manifest_with_file_and_field_and_exits_nonzero(
    tmp_path: Path,
) -> None:
    folder = write_folder(
        tmp_path / "c", [entry("label.md", "alphamab-label", status="aproved")], {"label.md": LABEL}
    )
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1
    assert str(folder / "manifest.yaml") in result.stderr
    assert "field 'status'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest"], "name at least one PATH"),
        (["ingest", "/nonexistent/folder"], "no such file or folder"),
        (["search", "x", "--hcp", "HCP-404"], "unknown HCP 'HCP-404'"),
    ],
)
def test_usage_errors_are_plain_messages(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_document_outside_any_manifest_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "stray.md"
    stray.write_text(LABEL, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(stray)])
    assert result.exit_code == 2
    assert "not listed in any manifest.yaml" in result.stderr


def test_provision_writes_hash_checked_tiktoken_cache(settings: Settings) -> None:
    result = runner.invoke(app, ["provision"])
    assert result.exit_code == 0, result.output
    cached = sorted(p.name for p in (settings.cache_dir / "tiktoken").iterdir())
    assert cached == [
        "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
        "fb374d419588a4632f3f557e76b4b70aebbca790",
    ]


def test_hosted_embeddings_need_a_key_and_say_which_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEDBRIEF_EMBEDDING_PROVIDER", "openai")
    with pytest.raises(ConfigurationError, match="MEDBRIEF_OPENAI_API_KEY"):
        build_embedder(Settings())
    result = runner.invoke(app, ["search", "x"])
    assert result.exit_code == 2 and "MEDBRIEF_OPENAI_API_KEY" in result.stderr


def test_api_key_never_appears_in_settings_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDBRIEF_OPENAI_API_KEY", "sk-test-very-secret")
    settings = Settings()
    assert isinstance(settings.openai_api_key, SecretStr)
    for text in (str(settings), repr(settings), settings.model_dump_json()):
        assert "sk-test-very-secret" not in text


def test_openai_compatible_embeddings_over_real_http(
    monkeypatch: pytest.MonkeyPatch, content: Path
) -> None:
    with openai_stub() as stub:
        monkeypatch.setenv("MEDBRIEF_EMBEDDING_PROVIDER", "openai_compatible")
        monkeypatch.setenv("MEDBRIEF_OPENAI_BASE_URL", stub.url)
        monkeypatch.setenv("MEDBRIEF_EMBEDDING_MODEL", "local-embedder")
        monkeypatch.setenv("MEDBRIEF_OPENAI_API_KEY", "sk-local")
        settings = Settings()
        kb = open_knowledge_base(settings)
        assert kb.embedder.model_id == "openai_compatible:local-embedder"
        report = kb.ingest([content])
        assert report.ok and report.chunks_indexed > 0
        hits = kb.retriever().search(
            "screen for tuberculosis", AccessScope(Role.MSL, date(2026, 11, 24))
        )
        assert hits
    embedding_calls = [r for r in stub.requests if r["path"].endswith("/embeddings")]
    assert embedding_calls and all(r["model"] == "local-embedder" for r in embedding_calls)
    assert {k.lower(): v for k, v in stub.headers[0].items()}["authorization"] == "Bearer sk-local"
    # Raw strings, not tiktoken ids: servers other than OpenAI's expect text.
    assert isinstance(embedding_calls[0]["input"][0], str)


@pytest.mark.parametrize(
    ("configured", "used"),
    [("1", 1), ("2", 2), ("0", min(4, len(os.sched_getaffinity(0)))), (None, None)],
    ids=["one", "two", "auto", "default"],
)
def test_the_offline_embedder_uses_the_configured_threads(
    monkeypatch: pytest.MonkeyPatch, configured: str | None, used: int | None
) -> None:
    if configured is not None:
        monkeypatch.setenv("MEDBRIEF_EMBEDDING_THREADS", configured)
    embedder = build_embedder(Settings())
    options = embedder._session.get_session_options()  # type: ignore[attr-defined]
    assert options.intra_op_num_threads == (used or min(4, len(os.sched_getaffinity(0))))
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert len(embedder.embed_query("What is the dose?")) == 384


def test_embedding_threads_must_not_be_negative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDBRIEF_EMBEDDING_THREADS", "-1")
    with pytest.raises(ValueError, match="embedding_threads"):
        Settings()

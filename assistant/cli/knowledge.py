"""Knowledge base commands: provision offline models, ingest, search, the content library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.cli.common import console, errors, fail, open_kb, settings_of
from assistant.runtime import access_scope, today
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.ingest import IngestReport
from knowledge_base.models import Role
from knowledge_base.offline_assets import OfflineAssetError, minilm_files, provision_tiktoken
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import sample_path

__all__ = ["content_app", "ingest", "provision", "search"]

content_app = typer.Typer(help="The content library: documents, versions, status, expiry.")


def provision(ctx: typer.Context) -> None:
    """Check the shipped embedding model and write tiktoken's encodings where it looks."""
    settings = settings_of(ctx)
    try:
        files = minilm_files(verify=True)
        cache = provision_tiktoken(settings.cache_dir / "tiktoken")
    except OfflineAssetError as error:
        raise fail(str(error)) from error
    console.print(f"embedding model: {files.onnx_model} (sha256 verified)")
    console.print(f"tokenizer: {files.tokenizer}")
    console.print(f"tiktoken encodings: {cache}")


def _print_report(report: IngestReport) -> None:
    table = Table(title="Ingest", show_header=False)
    rows = {
        "documents added": len(report.added),
        "new versions": len(report.new_versions),
        "metadata updated": len(report.metadata_updated),
        "unchanged": len(report.unchanged),
        "removed from index (withdrawn/expired)": len(report.removed_from_index),
        "known, not indexed (draft/in review)": len(report.not_indexed),
        "chunks indexed": report.chunks_indexed,
        "chunks removed": report.chunks_removed,
        "HCPs": report.hcps,
        "notes (PHI-redacted)": report.notes,
        "inquiries (PHI-redacted)": report.inquiries,
        "PHI items redacted": ", ".join(f"{k} {v}" for k, v in report.phi_redacted.items()) or "0",
        "seconds": report.seconds,
    }
    for key, value in rows.items():
        table.add_row(key, str(value))
    console.print(table)
    for skipped in report.skipped_files:
        errors.print(f"[yellow]skipped[/] {skipped}: not listed in the manifest", highlight=False)
    for failure in report.failures:
        errors.print(f"[bold red]failed[/] {failure.error}", highlight=False)


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Content folders/files with a manifest.yaml, or CRM CSV exports."),
    ] = None,
    sample: Annotated[bool, typer.Option(help="Ingest the bundled sample knowledge base.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Ingest approved content (with its manifest) and CRM exports. Re-running is a no-op."""
    if not paths and not sample:
        raise fail("name at least one PATH, or pass --sample for the bundled sample")
    targets = list(paths or []) + ([sample_path()] if sample else [])
    kb = open_kb(settings_of(ctx))
    try:
        if as_json:
            report = kb.ingest(targets)
        else:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=errors,
                transient=True,
            ) as bar:
                tasks: dict[str, int] = {}

                def progress(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(stage, total=total)
                    bar.update(tasks[stage], completed=done, total=total)

                report = kb.ingest(targets, progress)
    except KnowledgeBaseError as error:
        raise fail(str(error)) from error
    if as_json:
        console.print_json(report.model_dump_json())
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    role: Annotated[Role, typer.Option(help="Whose access rules apply.")] = Role.REP,
    hcp: Annotated[str | None, typer.Option(help="Also show this HCP's notes as context.")] = None,
    k: Annotated[int, typer.Option(min=1, max=50, help="How many chunks.")] = 5,
    mode: Annotated[RetrievalMode, typer.Option(help="Retriever.")] = RetrievalMode.HYBRID,
    market: Annotated[str | None, typer.Option(help="Market (default: MEDBRIEF_MARKET).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ranked chunks of approved content that ROLE may see (notes only as HCP context)."""
    settings = settings_of(ctx)
    kb = open_kb(settings)
    scope = access_scope(settings, role, market=market)
    if hcp is not None and kb.catalog.get_hcp(hcp) is None:
        raise fail(f"unknown HCP '{hcp}'; `medbrief ingest` its hcps.csv first")
    retriever = kb.retriever()
    evidence = retriever.search(query, scope, k=k, mode=mode)
    notes = retriever.hcp_context(hcp, scope, query=query) if hcp else []
    if as_json:
        payload = [e.as_json() for e in evidence] + [n.as_json() for n in notes]
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not evidence:
        console.print("No approved content matches for this role, market and date.")
    for rank, item in enumerate(evidence, start=1):
        c = item.chunk
        console.rule(f"{rank}. {c.title} — {c.section}", align="left")
        console.print(
            f"[dim]{c.doc_id} v{c.version} · {c.approval_code} · {c.chunk_id} · "
            f"score {item.score:.4f}[/]",
            highlight=False,
        )
        console.print(c.text, highlight=False, markup=False)
    if notes:
        console.rule(f"HCP context for {hcp} (notes: not citable)", align="left")
        for note in notes:
            console.print(
                f"[dim]{note.note_id} · {note.date} · {note.author_role}[/] {note.text}",
                highlight=False,
            )


@content_app.command("status")
def content_status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every document the library knows: version, status, audience, expiry, index state."""
    settings = settings_of(ctx)
    kb = open_kb(settings)
    day = today(settings)
    entries = kb.catalog.list_documents()
    if as_json:
        rows = [
            {
                **e.metadata.model_dump(mode="json"),
                "groundable": e.metadata.is_groundable(day),
                "indexed": e.indexed,
                "chunk_count": e.chunk_count,
            }
            for e in entries
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Content library ({len(entries)} documents, today {day})")
    for column in ("doc_id", "version", "status", "audience", "market", "expires", "groundable"):
        table.add_column(column)
    for e in entries:
        m = e.metadata
        table.add_row(
            m.doc_id,
            m.version,
            m.status.value,
            m.audience.value,
            m.market,
            str(m.expires_on or "—"),
            "yes" if m.is_groundable(day) else "no",
        )
    console.print(table)

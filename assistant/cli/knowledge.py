"""Knowledge base commands: provision offline models, ingest, search, the content library."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.audit import AuditLog, AuditRecord, Traffic, resolve_audit_url
from assistant.audit.cli import TrafficChoice, TrafficOpt
from assistant.cli.common import console, errors, fail, open_kb, settings_of
from assistant.library import OUTPUT_NOUN, citing_outputs, impact_rows
from assistant.runtime import access_scope, today
from assistant.settings import Settings
from assistant.workflows.labels import catalog_products, product_indications
from assistant.workflows.search import QuestionSearch, search_question
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.ingest import IngestReport
from knowledge_base.manifest_draft import write_draft
from knowledge_base.models import Role
from knowledge_base.offline_assets import OfflineAssetError, minilm_files, provision_tiktoken
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import sample_path
from knowledge_base.withdrawal import AlreadyWithdrawnError, UnknownDocumentError

__all__ = ["content_app", "ingest", "manifest_app", "provision", "search"]

content_app = typer.Typer(help="The content library: documents, versions, status, expiry.")
manifest_app = typer.Typer(help="Content manifests: the MLR record of each document.")


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
    for notice in report.notices:
        errors.print(f"[yellow]note[/] {notice}", highlight=False)
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


@manifest_app.command("draft")
def manifest_draft(
    folder: Annotated[Path, typer.Argument(help="Folder of label files (openFDA JSON, SPL).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Write or extend FOLDER/manifest.yaml with a draft entry per label file not yet listed.

    Entries are drafts with empty approval fields (only MLR approves; ingest indexes approved
    entries only); existing entries are never changed."""
    try:
        report = write_draft(folder)
    except KnowledgeBaseError as error:
        raise fail(str(error)) from error
    if as_json:
        console.print_json(report.model_dump_json())
    else:
        console.print(
            f"{report.manifest}: {len(report.added)} draft entries added, "
            f"{len(report.kept)} files already listed (unchanged)"
        )
        for doc_id in report.added:
            console.print(f"  [green]draft[/] {doc_id}", highlight=False)
    for failure in report.failures:
        errors.print(f"[bold red]failed[/] {failure}", highlight=False)
    if report.failures:
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
    try:
        # As chat searches: a named product's documents only, the answering sections first.
        question = QuestionSearch(
            query,
            [],
            catalog_products(kb.catalog, scope.today),
            product_indications(kb.catalog, scope.today),
        )
        evidence = search_question(retriever, question, scope, k=k, mode=mode)
        notes = retriever.hcp_context(hcp, scope, query=query) if hcp else []
    except KnowledgeBaseError as error:  # e.g. the Chroma server went away
        raise fail(str(error)) from error
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


def _citing_records(settings: Settings, doc_id: str, traffic: Traffic) -> list[AuditRecord]:
    """Audit records that cited ``doc_id``, newest first, of the given traffic.

    No audit database yet means no outputs: it is not created just to be read."""
    url = resolve_audit_url(settings)
    parsed = sa.make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database not in (None, "", ":memory:") and not Path(database).expanduser().exists():
        return []
    try:
        with AuditLog.open(url) as log:
            found = log.impact(doc_id, traffic=traffic)
    except sa.exc.SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        raise fail(f"cannot open the audit log at {parsed!r}: {reason}") from error
    return found[::-1]


@content_app.command("withdraw")
def content_withdraw(
    ctx: typer.Context,
    doc_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="The document to retire.")],
    reason: Annotated[str, typer.Option(help="Why (e.g. the MLR decision); stored.")],
    user: Annotated[str, typer.Option(help="Who withdraws it (stored with the event).")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Retire a document now: out of every index, still in the library; ingest won't revive it."""
    settings = settings_of(ctx)
    kb = open_kb(settings)
    try:
        result = kb.withdraw(doc_id, reason=reason, by=user)
    except AlreadyWithdrawnError as error:
        raise fail(str(error), code=1) from error
    except (UnknownDocumentError, KnowledgeBaseError) as error:
        raise fail(str(error)) from error
    citing = citing_outputs(
        _citing_records(settings, doc_id, traffic="all"), doc_id, result.version
    )
    this_version, any_version, evals = citing.this_version, citing.any_version, citing.evals
    if as_json:
        payload: dict[str, Any] = result.model_dump(mode="json") | {
            "outputs_citing_version": len(this_version),
            "outputs_citing_any_version": len(any_version),
            "eval_outputs_citing_any_version": len(evals),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    console.print(
        f"withdrawn: {result.doc_id} v{result.version} — {result.title} ({result.approval_code}), "
        f"was {result.previous_status.value}",
        highlight=False,
    )
    console.print(f"by {result.by} at {result.at:%Y-%m-%d %H:%M:%S} UTC: {result.reason}")
    console.print(f"chunks removed from the index: {result.chunks_removed}")
    console.print(
        f"past outputs that cited v{result.version}: {len(this_version)}"
        + (
            f" ({len(any_version)} citing any version)"
            if len(any_version) != len(this_version)
            else ""
        ),
        highlight=False,
    )
    if evals:
        console.print(
            f"eval runs' outputs that cited it (not counted above): {len(evals)}; "
            f"list them: medbrief content impact {result.doc_id} --traffic evals",
            highlight=False,
        )
    if any_version:
        console.print(f"list them: medbrief content impact {result.doc_id}", highlight=False)


@content_app.command("impact")
def content_impact(
    ctx: typer.Context,
    doc_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="The document.")],
    traffic: TrafficOpt = TrafficChoice.production,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every past output (audit record) that cited DOC_ID, newest first: people's outputs
    unless eval runs' are asked for (``--traffic evals`` or ``all``)."""
    settings = settings_of(ctx)
    kb = open_kb(settings)
    entry = kb.catalog.get_document(doc_id)
    found = _citing_records(settings, doc_id, traffic=traffic.value)
    if entry is None and not found:
        raise fail(
            f"unknown document '{doc_id}': `medbrief content status` lists the documents "
            "the library knows"
        )
    rows = [asdict(row) for row in impact_rows(found, doc_id)]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    now = (
        f"now v{entry.metadata.version}, {entry.metadata.status.value}"
        if entry is not None
        else "not in the library"
    )
    whose = OUTPUT_NOUN[traffic.value]
    if not rows:
        console.print(f"No recorded {whose} cited {doc_id} ({now}).", highlight=False)
        return
    # One line per output, not a table: record ids stay whole (they are pasted into replay).
    console.print(f"{len(rows)} {whose}(s) cited {doc_id} ({now}), newest first:", highlight=False)
    for row, r in zip(rows, found, strict=True):
        shown = "" if row["shown"] else "  (citing sentences not shown)"
        run = f"  eval run {row['eval_run']}" if row["eval_run"] else ""
        console.print(
            f"{row['record_id']}  {r.created_at:%Y-%m-%d %H:%M:%S}  {row['user']}  "
            f"{row['role']}  {row['workflow']}  v{', v'.join(row['versions_cited'])}{shown}{run}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )

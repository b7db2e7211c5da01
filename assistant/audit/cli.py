"""``medbrief audit``: verify the chain, show a record, list and export records, replay one.

Mounted by the main CLI as ``app.add_typer(audit_app, name="audit")``; ``ctx.obj`` is the
``Settings`` built there.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.table import Table

from assistant.audit.engine import resolve_audit_url
from assistant.audit.log import AuditLog
from knowledge_base.models import Role

if TYPE_CHECKING:
    from assistant.audit.replay import ReplayReport

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="The audit trail: verify the hash chain, show, list, export and replay records.",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True)


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


def _fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def _open_log(ctx: typer.Context):  # type: ignore[no-untyped-def]
    url = resolve_audit_url(ctx.obj)
    parsed = sa.make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database not in (None, "", ":memory:") and not Path(database).expanduser().exists():
        raise _fail(f"no audit log at {database} (set MEDBRIEF_AUDIT_URL?)")
    try:
        log = AuditLog.open(url)
    except sa.exc.SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        raise _fail(f"cannot open the audit log at {parsed!r}: {reason}") from error
    with log:
        yield log


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise _fail(f"{option}: not an ISO date or time: {value!r}") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


UserOpt = Annotated[str | None, typer.Option(help="Only this user.")]
RoleOpt = Annotated[Role | None, typer.Option(help="Only this role.")]
WorkflowOpt = Annotated[str | None, typer.Option(help="Only this workflow (brief, ask, ...).")]
SinceOpt = Annotated[str | None, typer.Option(help="From this UTC time (ISO), inclusive.")]
UntilOpt = Annotated[str | None, typer.Option(help="Before this UTC time (ISO).")]
DocOpt = Annotated[str | None, typer.Option("--doc-id", help="Only outputs citing this doc.")]
FlaggedOpt = Annotated[bool, typer.Option("--flagged", help="Only flagged or failed outputs.")]
EvalOpt = Annotated[str | None, typer.Option("--eval-run", help="Only this eval run.")]


class TrafficChoice(StrEnum):
    production = "production"
    evals = "evals"
    all = "all"


TrafficOpt = Annotated[
    TrafficChoice,
    typer.Option(help="People's outputs (production), eval runs' (evals) or both (all)."),
]


def _filters(**given: Any) -> dict[str, Any]:
    given["since"] = _when(given["since"], "--since")
    given["until"] = _when(given["until"], "--until")
    # An eval run named is what was asked for, whatever the traffic default.
    given["traffic"] = "all" if given["eval_run_id"] else given["traffic"].value
    return given


@audit_app.command()
def verify(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Walk the whole chain; exit 1 and name the first broken link if anything was altered."""
    with _open_log(ctx) as log:
        result = log.verify()
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    elif result.ok:
        console.print(
            f"ok: {result.checked} records, chain intact; head seq {result.head_seq} "
            f"hash {result.head_hash}",
            highlight=False,
        )
    else:
        errors.print(
            f"[bold red]BROKEN[/] at seq {result.first_bad_seq} record "
            f"{result.first_bad_record_id}: {result.problem} ({result.checked} records read)",
            highlight=False,
        )
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command()
def show(ctx: typer.Context, record_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Print one record as JSON."""
    with _open_log(ctx) as log:
        record = log.get(record_id)
    if record is None:
        raise _fail(f"no audit record {record_id!r}", code=1)
    typer.echo(record.model_dump_json(indent=2))


@audit_app.command("list")
def list_records(
    ctx: typer.Context,
    user: UserOpt = None,
    role: RoleOpt = None,
    workflow: WorkflowOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc_id: DocOpt = None,
    flagged: FlaggedOpt = False,
    eval_run: EvalOpt = None,
    traffic: TrafficOpt = TrafficChoice.production,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List records, newest first: people's outputs unless eval runs are asked for."""
    filters = _filters(
        user=user,
        role=role,
        workflow=workflow,
        since=since,
        until=until,
        doc_id=doc_id,
        flagged_only=flagged,
        eval_run_id=eval_run,
        traffic=traffic,
    )
    with _open_log(ctx) as log:
        found = log.list(limit=limit, **filters)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in found], indent=2))
        return
    table = Table(title=f"Audit records ({len(found)})")
    for column in ("seq", "id", "created (UTC)", "user", "role", "workflow", "model"):
        table.add_column(column)
    table.add_column("cited")
    table.add_column("flags")
    table.add_column("eval run")
    for r in found:
        cited = sorted({c.doc_id for s in r.sentences for c in s.citations})
        table.add_row(
            str(r.seq),
            r.record_id,
            r.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            r.user,
            str(r.role),
            r.workflow,
            f"{r.provider}/{r.model}",
            ", ".join(cited),
            ", ".join(f.kind for f in r.flags) + (" error" if r.error else ""),
            r.eval_run_id or "",
        )
    console.print(table)


@audit_app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl or csv.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write here, not stdout.")] = None,
    user: UserOpt = None,
    role: RoleOpt = None,
    workflow: WorkflowOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc_id: DocOpt = None,
    flagged: FlaggedOpt = False,
    eval_run: EvalOpt = None,
    traffic: TrafficOpt = TrafficChoice.all,
) -> None:
    """Stream records in seq order as JSON lines (each re-verifiable) or CSV; every record
    unless filtered (an audit export is complete by default)."""
    filters = _filters(
        user=user,
        role=role,
        workflow=workflow,
        since=since,
        until=until,
        doc_id=doc_id,
        flagged_only=flagged,
        eval_run_id=eval_run,
        traffic=traffic,
    )
    with _open_log(ctx) as log:
        if out is None:
            count = log.export(fmt.value, sys.stdout, **filters)
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = log.export(fmt.value, handle, **filters)
    if out is not None:
        errors.print(f"{count} records written to {out}", highlight=False)


def _print_replay(report: ReplayReport) -> None:
    """The replay report for people: what the original cited and what differs today."""
    console.print(
        f"replay of {report.record_id} ({report.workflow}, role {report.role}, "
        f"{report.original_created_at:%Y-%m-%d %H:%M:%S} UTC) as {report.replay_record_id}, "
        f"today {report.today}",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"inputs: {json.dumps(report.inputs, ensure_ascii=False)}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if report.cited_documents:
        table = Table(title="Originally cited documents, today")
        for column in ("doc_id", "version cited", "chunks", "state", "detail"):
            table.add_column(column)
        for doc in report.cited_documents:
            state = doc.state if doc.state == "current" else f"[bold red]{doc.state}[/]"
            table.add_row(doc.doc_id, doc.version, str(len(doc.chunk_ids)), state, doc.detail)
        console.print(table)
    else:
        console.print("The original output cited nothing it showed.")
    lines = []
    if report.citations_removed:
        lines.append(f"citations no longer made: {', '.join(report.citations_removed)}")
    if report.citations_added:
        lines.append(f"new citations: {', '.join(report.citations_added)}")
    if report.prompt_changed:
        lines.append(f"prompt: {report.prompt_before} -> {report.prompt_after}")
    if report.model_changed:
        lines.append(f"provider/model: {report.model_before} -> {report.model_after}")
    if report.refused_changed:
        before = "refused" if report.refused_before else "answered"
        after = "refused" if report.refused_after else "answered"
        lines.append(f"outcome: {before} -> {after}")
    if (report.error_before is None) != (report.error_after is None):
        lines.append(f"error: {report.error_before or 'none'} -> {report.error_after or 'none'}")
    stale = report.stale_citations
    if stale:
        lines.insert(0, f"{len(stale)} cited document version(s) no longer current")
    if not report.changed:
        console.print(
            f"[green]unchanged[/]: same citations ({len(report.citations_kept)}), prompt, "
            "model and outcome",
            highlight=False,
        )
        return
    console.print("[bold yellow]changed[/]:")
    for line in lines:
        console.print(f"  - {line}", highlight=False, markup=False)


@audit_app.command()
def replay(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="RECORD_ID")],
    user: Annotated[str, typer.Option(help="Who replays it (recorded in the audit log).")] = "cli",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Re-run a brief/ask output on today's content and prompt; report what changed.

    The replay is itself recorded, tagged replay_of=RECORD_ID."""
    # Imported here: the workflows (and the models they load) are needed by this command only.
    from assistant.audit.replay import ReplayError
    from assistant.audit.replay import replay as run_replay
    from assistant.providers.base import GenerationError
    from assistant.runtime import ConfigurationError
    from assistant.services import open_services
    from knowledge_base.errors import KnowledgeBaseError
    from knowledge_base.offline_assets import OfflineAssetError

    with _open_log(ctx) as log:
        record = log.get(record_id)
    if record is None:
        raise _fail(f"no audit record {record_id!r}")
    try:
        services = open_services(ctx.obj)
    except (ConfigurationError, OfflineAssetError) as error:
        raise _fail(str(error)) from error
    try:
        report = run_replay(record, services, user=user)
    except (ReplayError, KnowledgeBaseError) as error:
        raise _fail(str(error)) from error
    except GenerationError as error:
        raise _fail(str(error), code=3) from error
    finally:
        services.audit.close()
    if as_json:
        typer.echo(json.dumps(report.summary(), indent=2, ensure_ascii=False))
    else:
        _print_replay(report)

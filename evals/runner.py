"""Running suites: each case through its real workflow, then checks, metrics and thresholds.

Every generation goes through the workflows' own audit recording with the run id
(``Services.eval_run_id``), so an eval run is as traceable as a rep's session. Cases run in
order, one at a time: the offline default is deterministic and the audit chain is sequential.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from pydantic import ValidationError

from assistant.outputs import Briefing, ChatAnswer, InquirySummary
from assistant.runtime import ConfigurationError
from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import ChatTurn, answer_question
from assistant.workflows.inquiries import summarize_inquiries
from evals.checks import EXPECTATION_CHECKS
from evals.judge import judge_for
from evals.metrics import LOWER_IS_BETTER, aggregate
from evals.models import Case, CaseResult, EvalRun, Suite, SuiteResult
from evals.scoring import ScoringContext, score_case
from evals.suites import SuiteError
from evals.views import PassageLibrary
from prompts.loader import PromptError, load_prompt

__all__ = ["ProgressEvent", "run_suites"]

_PROMPTS = {"brief": "briefing", "ask": "chat", "inquiries": "chat"}
_SECRETS = {"openai_api_key"}


@dataclass(frozen=True)
class ProgressEvent:
    suite: str
    case_id: str
    done: int
    total: int
    passed: bool | None  # None: the case is about to start


def _effective_settings(suite: Suite, base: Settings) -> Settings:
    unknown = sorted(set(suite.settings) - set(Settings.model_fields))
    if unknown:
        raise SuiteError(
            f"{suite.path}: settings.{unknown[0]}: unknown setting (use MEDBRIEF_ names "
            "without the prefix, lower case, e.g. llm_provider)"
        )
    overrides = dict(suite.settings)
    if suite.prompt_version is not None:
        prompt_id = _PROMPTS[suite.workflow]
        pinned = dict(overrides.get("prompt_versions") or base.prompt_versions)
        pinned[prompt_id] = _prompt_version(suite, prompt_id)
        overrides["prompt_versions"] = pinned
    try:
        return Settings.model_validate({**base.model_dump(), **overrides})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SuiteError(f"{suite.path}: settings.{where}: {first['msg']}") from error


def _prompt_version(suite: Suite, prompt_id: str) -> int:
    """The suite's pinned version of its workflow's prompt, checked to exist before any case
    runs (a run with a silently different prompt would answer the wrong question)."""
    try:
        return load_prompt(prompt_id, int(str(suite.prompt_version))).version
    except (ValueError, PromptError) as error:
        raise SuiteError(
            f"{suite.path}: prompt_version: {suite.prompt_version!r} is not a version of the "
            f"{prompt_id} prompt ({error}); use one of the files prompts/{prompt_id}/v<N>.md"
        ) from error


def _generate(
    case: Case, suite: Suite, ctx: ScoringContext
) -> Briefing | ChatAnswer | InquirySummary:
    inputs, services = case.inputs, ctx.services
    if suite.workflow == "brief":
        assert inputs.hcp_id is not None  # checked when the suite was loaded
        return build_briefing(inputs.hcp_id, inputs.role, services, user=ctx.user)
    if suite.workflow == "ask":
        assert inputs.question is not None
        history = [ChatTurn(role=t["role"], text=t["text"]) for t in inputs.history]
        return answer_question(
            inputs.question,
            inputs.role,
            services,
            hcp_id=inputs.hcp_id,
            history=history,
            user=ctx.user,
        )
    path = None
    if inputs.inquiries_path is not None and suite.path is not None:
        path = (suite.path.parent / inputs.inquiries_path).resolve()
    since = inputs.since
    return summarize_inquiries(
        services,
        path=path,
        since=datetime(since.year, since.month, since.day, tzinfo=UTC) if since else None,
        product=inputs.product,
        role=inputs.role,
        user=ctx.user,
    )


def _run_case(case: Case, suite: Suite, ctx: ScoringContext) -> CaseResult:
    started = time.perf_counter()
    base = {
        "suite": suite.name,
        "case_id": case.id,
        "description": case.description,
        "workflow": suite.workflow,
        "inputs": case.inputs,
    }
    try:
        output = _generate(case, suite, ctx)
    except Exception as error:  # a case that cannot run fails; the run goes on
        return CaseResult(
            **base,
            passed=False,
            error=f"{type(error).__name__}: {error}",
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
    metrics, checks, passages, view = score_case(case, output, ctx)
    return CaseResult(
        **base,
        passed=all(c.passed for c in checks),
        refused=view.refused,
        sentences=view.sentences,
        passages=passages,
        flags=view.flags,
        metrics=metrics,
        checks=checks,
        output=output.model_dump(mode="json"),
        generation=output.generation,
        audit_id=output.audit_id,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )


def _thresholds(suite: Suite, names: Sequence[str]) -> dict[str, float]:
    """Suite thresholds, and strict defaults for expectations and compliance: a failed
    expectation fails the suite unless the suite explicitly tolerates it."""
    defaults = {
        name: (0.0 if name in LOWER_IS_BETTER else 1.0)
        for name in names
        if name in LOWER_IS_BETTER or name in EXPECTATION_CHECKS.values()
    }
    return defaults | suite.thresholds


def _suite_result(suite: Suite, cases: list[CaseResult], seconds: float) -> SuiteResult:
    names = list(dict.fromkeys(n for c in cases for n in c.metrics)) + [
        n for n in suite.thresholds if not any(n in c.metrics for c in cases)
    ]
    thresholds = _thresholds(suite, names)
    metrics = []
    for name in names:
        # Judge metrics are optional: without a hosted judge they are reported, never gated.
        required = name in suite.thresholds and not name.startswith("judge_")
        values = [c.metrics.get(name) for c in cases]
        metrics.append(aggregate(name, values, thresholds.get(name), required=required))
    passed = all(m.passed is not False for m in metrics) and not any(c.error for c in cases)
    return SuiteResult(
        name=suite.name,
        description=suite.description,
        workflow=suite.workflow,
        path=str(suite.path or ""),
        metrics=metrics,
        cases=cases,
        passed=passed,
        duration_s=round(seconds, 3),
    )


def _public_settings(settings: Settings) -> dict[str, Any]:
    return settings.model_dump(mode="json", exclude=_SECRETS)


def run_suites(
    suites: Sequence[Suite],
    settings: Settings,
    *,
    progress: Callable[[ProgressEvent], None] | None = None,
    user: str = "evals",
) -> EvalRun:
    """Run every case of every suite; the run is returned, not stored (see ``RunStore``)."""
    started_at = datetime.now(UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid4().hex[:6]}"
    plans = []
    for suite in suites:
        plans.append((suite, _effective_settings(suite, settings)))
    total = sum(len(s.cases) for s in suites)
    opened: dict[str, Services] = {}
    results: list[SuiteResult] = []
    done = 0
    clock = time.perf_counter()
    for suite, effective in plans:
        key = effective.model_dump_json()
        if key not in opened:
            opened[key] = replace(open_services(effective), eval_run_id=run_id)
            if not opened[key].kb.catalog.list_documents():
                # Every case would "fail" for want of content: that is a setup error, not a result.
                raise ConfigurationError(
                    f"no content ingested in {effective.resolved_home}: run `medbrief ingest "
                    "--sample` (or ingest your content) before running suites"
                )
        services = opened[key]
        ctx = ScoringContext(
            services=services,
            library=PassageLibrary(services.kb.catalog),
            judge=judge_for(effective, services),
            user=user,
        )
        suite_started = time.perf_counter()
        cases = []
        for case in suite.cases:
            if progress:
                progress(ProgressEvent(suite.name, case.id, done, total, None))
            result = _run_case(case, suite, ctx)
            cases.append(result)
            done += 1
            if progress:
                progress(ProgressEvent(suite.name, case.id, done, total, result.passed))
        results.append(_suite_result(suite, cases, time.perf_counter() - suite_started))
    base = next(iter(opened.values()), None)
    judge = judge_for(settings, base) if base else None
    return EvalRun(
        run_id=run_id,
        started_at=started_at,
        finished_at=datetime.now(UTC),
        provider=base.provider.name if base else settings.llm_provider,
        model=base.provider.model if base else settings.llm_model,
        prompts={
            _PROMPTS[suite.workflow]: str(
                load_prompt(
                    _PROMPTS[suite.workflow],
                    effective.prompt_versions.get(_PROMPTS[suite.workflow]),
                ).version
            )
            for suite, effective in plans
        }
        | ({"judge": str(judge.prompt_version)} if judge else {}),
        settings=_public_settings(settings),
        suites=results,
        passed=all(r.passed for r in results),
        duration_s=round(time.perf_counter() - clock, 3),
        judge=judge.model if judge else None,
    )

"""Stored eval runs: one JSON file per run under ``<home>/evals/runs/``, with its annotations.

A run file is written whole and atomically (temporary file + ``os.replace``), so a reader never
sees half a run and an annotation never loses an earlier one.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.settings import Settings
from evals.models import Annotation, AnnotationVerdict, EvalRun

__all__ = ["RunNotFound", "RunStore", "RunSummary"]

_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class RunNotFound(Exception):
    """No stored run matches, several do, or the case to annotate is not in the run."""


class RunSummary(BaseModel):
    run_id: str
    started_at: datetime
    provider: str
    model: str
    passed: bool
    suites: list[str]
    cases: int
    cases_passed: int
    annotations: int


class RunStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def for_settings(cls, settings: Settings) -> RunStore:
        return cls(settings.resolved_home / "evals" / "runs")

    def _path(self, run_id: str) -> Path:
        if not _RUN_ID.match(run_id):
            raise RunNotFound(f"invalid run id {run_id!r}")
        return self.root / f"{run_id}.json"

    def save(self, run: EvalRun) -> Path:
        path = self._path(run.run_id)
        self.root.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{run.run_id}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(run.model_dump_json(indent=1))
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def _ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json"))

    def _resolve(self, run_id: str) -> str:
        ids = self._ids()
        if not ids:
            raise RunNotFound(f"no stored eval runs in {self.root}: run `medbrief evals run` first")
        if run_id == "latest":
            return max(ids, key=lambda i: self._read(i).started_at)
        if run_id in ids:
            return run_id
        matches = [i for i in ids if i.startswith(run_id)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise RunNotFound(
                f"no eval run {run_id!r} in {self.root} (`medbrief evals list` shows the runs)"
            )
        raise RunNotFound(
            f"{run_id!r} matches {len(matches)} runs ({', '.join(matches[:5])}): give more of it"
        )

    def _read(self, run_id: str) -> EvalRun:
        path = self._path(run_id)
        try:
            return EvalRun.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValidationError, ValueError) as error:
            raise RunNotFound(f"{path}: not a readable eval run ({error})") from error

    def load(self, run_id: str) -> EvalRun:
        """A run by id, unique id prefix, or ``latest``."""
        return self._read(self._resolve(run_id))

    def list(self) -> list[RunSummary]:
        """Every stored run, newest first."""
        summaries = []
        for run_id in self._ids():
            run = self._read(run_id)
            cases = [c for s in run.suites for c in s.cases]
            summaries.append(
                RunSummary(
                    run_id=run.run_id,
                    started_at=run.started_at,
                    provider=run.provider,
                    model=run.model,
                    passed=run.passed,
                    suites=[s.name for s in run.suites],
                    cases=len(cases),
                    cases_passed=sum(c.passed for c in cases),
                    annotations=len(run.annotations),
                )
            )
        return sorted(summaries, key=lambda s: (s.started_at, s.run_id), reverse=True)

    def annotate(
        self,
        run_id: str,
        *,
        suite: str,
        case_id: str,
        verdict: AnnotationVerdict,
        comment: str,
        reviewer: str,
    ) -> Annotation:
        """Record a reviewer's verdict on one case; it replaces that reviewer's earlier one."""
        if not reviewer.strip():
            raise ValueError("a reviewer name is required: annotations must be attributable")
        run = self.load(run_id)
        known = {(s.name, c.case_id) for s in run.suites for c in s.cases}
        if (suite, case_id) not in known:
            cases = ", ".join(sorted(f"{s}/{c}" for s, c in known)[:10])
            raise RunNotFound(
                f"run {run.run_id} has no case {suite}/{case_id} (its cases include: {cases})"
            )
        annotation = Annotation(
            suite=suite,
            case_id=case_id,
            verdict=AnnotationVerdict(verdict),
            comment=comment,
            reviewer=reviewer.strip(),
            created_at=datetime.now(UTC),
        )
        kept = [
            a
            for a in run.annotations
            if (a.suite, a.case_id, a.reviewer) != (suite, case_id, annotation.reviewer)
        ]
        self.save(run.model_copy(update={"annotations": [*kept, annotation]}))
        return annotation

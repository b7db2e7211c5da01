"""The JSON report: the run itself, so that any tool (or a later ``compare``) can reload it.

Named ``json_report`` so that it never shadows the standard library's ``json`` module.
"""

from __future__ import annotations

from evals.models import EvalRun

__all__ = ["load_json", "render_json"]


def render_json(run: EvalRun) -> str:
    """Pydantic's own serialisation: field order is the model's, so diffs between runs are stable
    and the text validates back into an equal ``EvalRun``."""
    return run.model_dump_json(indent=2) + "\n"


def load_json(text: str | bytes) -> EvalRun:
    """The inverse of ``render_json``."""
    return EvalRun.model_validate_json(text)

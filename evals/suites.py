"""Loading suite files: YAML validated into ``Suite``, with errors that name the file and field.

Suites are written by hand by MLR reviewers and engineers, so every problem (an unknown key, a
bad workflow, a missing file) must say where it is and what to do, never show a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from evals.models import Suite

__all__ = ["SuiteError", "load_suite", "resolve_suites", "shipped_suites"]


class SuiteError(Exception):
    """A suite file is missing or malformed; the message names the file and the field."""


def _where(loc: tuple[int | str, ...], data: object) -> str:
    """A pydantic location as a reader finds it in the file: cases[2] (id 'x').inputs.role."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            label = f"[{part}]"
            if isinstance(node, list) and part < len(node):
                node = node[part]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id {node['id']!r})"
            parts.append(label)
            continue
        parts.append(f".{part}" if parts else str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


def _describe(path: Path, error: ValidationError, data: object) -> str:
    problems = []
    for err in error.errors():
        where = _where(tuple(err["loc"]), data)
        if err["type"] == "extra_forbidden":
            problems.append(f"{where}: unknown key (check its spelling; see docs/evals.md)")
        elif err["type"] == "missing":
            problems.append(f"{where}: missing (required)")
        else:
            problems.append(f"{where}: {err['msg']}")
    return f"{path}: invalid suite: " + "; ".join(problems)


def load_suite(path: Path) -> Suite:
    """Read and validate one suite file; ``SuiteError`` names the file and the field."""
    path = Path(path)
    if not path.is_file():
        raise SuiteError(f"{path}: no such suite file (give a path or a shipped suite name)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SuiteError(f"{path}: not valid YAML: {error}") from error
    except UnicodeDecodeError as error:
        raise SuiteError(f"{path}: not valid UTF-8 ({error})") from error
    if not isinstance(data, dict):
        raise SuiteError(f"{path}: a suite must be a YAML mapping (name, workflow, cases, ...)")
    try:
        suite = Suite.model_validate(data)
    except ValidationError as error:
        raise SuiteError(_describe(path, error, data)) from error
    _check_cases(path, suite)
    return suite.model_copy(update={"path": path.resolve()})


def _check_cases(path: Path, suite: Suite) -> None:
    """What the schema alone cannot say: duplicate ids, inputs the workflow needs, files."""
    seen: set[str] = set()
    for index, case in enumerate(suite.cases):
        where = f"{path}: cases[{index}] (id {case.id!r})"
        if case.id in seen:
            raise SuiteError(f"{where}.id: duplicate case id; case ids must be unique in a suite")
        seen.add(case.id)
        inputs = case.inputs
        if suite.workflow == "brief" and not inputs.hcp_id:
            raise SuiteError(f"{where}.inputs.hcp_id: missing (a briefing needs an HCP id)")
        if suite.workflow == "ask" and not inputs.question:
            raise SuiteError(f"{where}.inputs.question: missing (a chat case needs a question)")
        if inputs.inquiries_path is not None:
            file = (path.parent / inputs.inquiries_path).resolve()
            if not file.is_file():
                raise SuiteError(
                    f"{where}.inputs.inquiries_path: no such file {file} "
                    "(paths are relative to the suite file)"
                )
        if case.expect.refusal_reason and case.expect.must_refuse is not True:
            raise SuiteError(
                f"{where}.expect.refusal_reason: only meaningful with must_refuse: true"
            )


def _suites_dir() -> Path:
    return Path(str(resources.files("evals") / "suites"))


def shipped_suites() -> list[Path]:
    """The suite files shipped with Medbrief (``evals/suites/*.yaml``), sorted by name."""
    return sorted(_suites_dir().glob("*.yaml"))


def resolve_suites(names_or_paths: Sequence[str]) -> list[Suite]:
    """Each item is a path to a suite file, a shipped suite's name, or ``all``."""
    if not names_or_paths:
        raise SuiteError("name at least one suite: a path, a shipped suite name, or 'all'")
    shipped = {p.stem: p for p in shipped_suites()}
    paths: list[Path] = []
    for item in names_or_paths:
        if item == "all":
            paths += shipped.values()
        elif item in shipped:
            paths.append(shipped[item])
        elif Path(item).suffix in {".yaml", ".yml"} or Path(item).exists():
            paths.append(Path(item))
        else:
            known = ", ".join(sorted(shipped)) or "none"
            raise SuiteError(f"{item}: no such suite file or shipped suite (shipped: {known})")
    # The same file named twice (by name and by path, or within 'all') runs once.
    suites = [load_suite(p) for p in dict.fromkeys(p.resolve() for p in paths)]
    names = [s.name for s in suites]
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise SuiteError(f"suite names must be unique in a run: {', '.join(duplicates)}")
    return suites

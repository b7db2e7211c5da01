"""Versioned prompt files: ``prompts/<id>/v<version>.md``, YAML front matter, then Jinja templates.

A file looks like::

    ---
    id: chat
    version: 1
    purpose: ...
    inputs:
      - {name: question, description: ...}
    output: ...
    ---
    system template ...
    --- user ---
    user template ...

Templates are rendered in a Jinja ``SandboxedEnvironment`` with ``StrictUndefined``. Every
``{{ expression }}`` passes through :func:`escape_data`, so text from sources, notes or users
cannot open or close the ``<source>``/``<notes>`` fences the prompts put around data. Values
inside a tag's attribute also go through the ``attr_value`` filter (quotes escaped, one line).

Nothing is cached: a file is read and parsed at each :func:`load_prompt`, so the sha256 recorded
in the audit log is always the hash of the bytes actually used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

__all__ = [
    "PromptError",
    "PromptFile",
    "PromptInput",
    "RenderedPrompt",
    "escape_data",
    "list_prompts",
    "load_prompt",
    "render",
]

DEFAULT_ROOT = Path(__file__).resolve().parent
USER_SEPARATOR = "--- user ---"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.md$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)(.*)\Z", re.DOTALL | re.MULTILINE)
# "<" that could start a tag, closing tag, comment or processing instruction: "</source",
# "< /notes", "<system>", "<!--". Comparisons such as "<5%", "< 10 mg" or "a < b" are left alone.
_TAG_START = re.compile(r"<(?=\s*/|[!?A-Za-z])")


class PromptError(ValueError):
    """A prompt file is missing or malformed, or its inputs do not match its declaration."""


class PromptInput(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z_][a-z0-9_]*$", description="Template variable name.")
    description: str = Field(min_length=1)


class _FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID.pattern)
    version: StrictInt = Field(ge=1)
    purpose: str = Field(min_length=1)
    inputs: list[PromptInput]
    output: str = Field(min_length=1, description="Short description of the expected JSON.")
    model_notes: str | None = None


class PromptFile(BaseModel):
    """One parsed prompt file; ``sha256`` is the hash of the file's bytes (for the audit log)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: int
    purpose: str
    inputs: tuple[PromptInput, ...]
    output: str
    model_notes: str | None = None
    system_template: str
    user_template: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class RenderedPrompt:
    id: str
    version: int
    sha256: str
    system: str
    user: str

    def messages(self) -> list[tuple[str, str]]:
        """``[("system", ...), ("user", ...)]``, accepted as is by LangChain chat models."""
        return [("system", self.system), ("user", self.user)]


def escape_data(value: object) -> str:
    """Neutralise tag openers in data so it cannot close (or open) a fence in the prompt."""
    text = value if isinstance(value, str) else str(value)
    return _TAG_START.sub("&lt;", text)


def _attr_value(value: object) -> str:
    """For values inside ``attr="..."``: one line, quotes and angle brackets escaped."""
    text = " ".join(escape_data(value).split())
    return text.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


class _TemplateFailure(Exception):
    """Raised by ``fail()`` inside a template (e.g. an input outside its allowed values)."""


def _fail(message: str) -> NoReturn:
    raise _TemplateFailure(message)


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=escape_data,
    )
    env.filters["attr_value"] = _attr_value
    env.globals["fail"] = _fail
    return env


def list_prompts(root: Path | None = None) -> list[tuple[str, int]]:
    """Every ``(id, version)`` under ``root`` (default: the shipped prompts), sorted."""
    base = root or DEFAULT_ROOT
    found: list[tuple[str, int]] = []
    if not base.is_dir():
        return found
    for folder in base.iterdir():
        if not (folder.is_dir() and _ID.match(folder.name)):
            continue
        for file in folder.iterdir():
            match = _VERSION_FILE.match(file.name)
            if match and file.is_file():
                found.append((folder.name, int(match.group(1))))
    return sorted(found)


def load_prompt(
    prompt_id: str, version: int | None = None, *, root: Path | None = None
) -> PromptFile:
    """Load ``<root>/<prompt_id>/v<version>.md``; the latest version when ``version`` is None."""
    base = root or DEFAULT_ROOT
    if not _ID.match(prompt_id):
        raise PromptError(f"invalid prompt id {prompt_id!r}: use lowercase letters, digits, _")
    available = list_prompts(base)
    versions = [v for pid, v in available if pid == prompt_id]
    if not versions:
        ids = ", ".join(sorted({pid for pid, _ in available})) or "none"
        raise PromptError(f"unknown prompt id {prompt_id!r} in {base} (available: {ids})")
    if version is None:
        version = max(versions)
    elif version not in versions:
        listed = ", ".join(str(v) for v in versions)
        raise PromptError(f"prompt {prompt_id!r} has no version {version} (available: {listed})")
    return _parse(base / prompt_id / f"v{version}.md", prompt_id, version)


def _parse(path: Path, prompt_id: str, version: int) -> PromptFile:
    def error(problem: str) -> PromptError:
        return PromptError(f"{path}: {problem}")

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise error(f"not valid UTF-8 ({exc})") from exc
    found = _FRONT_MATTER.match(text)
    if not found:
        raise error("missing front matter (the file must start with a '---' line and close it)")
    header, body = found.groups()
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        raise error(f"bad YAML in front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise error("front matter must be a YAML mapping")
    try:
        front = _FrontMatter.model_validate(data)
    except ValidationError as exc:
        raise error("invalid front matter: " + _describe(exc)) from exc
    if front.id != prompt_id:
        raise error(f"front matter id {front.id!r} does not match the folder {prompt_id!r}")
    if front.version != version:
        raise error(f"front matter version {front.version} does not match the file name")
    names = [item.name for item in front.inputs]
    if len(set(names)) != len(names):
        raise error(f"duplicate input names in {names}")

    lines = body.split("\n")
    separators = [i for i, line in enumerate(lines) if line.strip() == USER_SEPARATOR]
    if not separators:
        raise error(f"missing the '{USER_SEPARATOR}' line between the system and user parts")
    if len(separators) > 1:
        raise error(f"more than one '{USER_SEPARATOR}' line")
    cut = separators[0]
    system_template = "\n".join(lines[:cut]).strip("\n")
    user_template = "\n".join(lines[cut + 1 :]).strip("\n")
    if not system_template.strip() or not user_template.strip():
        raise error("the system part and the user part must both be non-empty")

    env = _environment()
    used: set[str] = set()
    for part, source in (("system", system_template), ("user", user_template)):
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            raise error(
                f"template syntax error in the {part} part, line {exc.lineno}: {exc}"
            ) from exc
        used |= meta.find_undeclared_variables(ast) - set(env.globals)
    if undeclared := sorted(used - set(names)):
        raise error(f"the templates use variables not declared in inputs: {undeclared}")
    if unused := sorted(set(names) - used):
        raise error(f"inputs declared but not used by the templates: {unused}")

    return PromptFile(
        **front.model_dump(exclude={"inputs"}),
        inputs=tuple(front.inputs),
        system_template=system_template,
        user_template=user_template,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _describe(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"])
        if err["type"] == "extra_forbidden":
            problems.append(f"unknown key {where!r}")
        elif err["type"] == "missing":
            problems.append(f"missing key {where!r}")
        else:
            problems.append(f"{where}: {err['msg']}")
    return "; ".join(problems)


def render(prompt: PromptFile, /, **inputs: object) -> RenderedPrompt:
    """Render both parts with exactly the declared inputs; any mismatch is a ``PromptError``."""
    label = f"prompt {prompt.id!r} v{prompt.version}"
    declared = {item.name for item in prompt.inputs}
    if missing := sorted(declared - inputs.keys()):
        raise PromptError(f"{label}: missing input(s) {', '.join(missing)}")
    if extra := sorted(inputs.keys() - declared):
        raise PromptError(f"{label}: unexpected input(s) {', '.join(extra)}")
    env = _environment()
    try:
        system = env.from_string(prompt.system_template).render(**inputs)
        user = env.from_string(prompt.user_template).render(**inputs)
    except UndefinedError as exc:
        raise PromptError(f"{label}: undefined value in inputs: {exc.message}") from exc
    except _TemplateFailure as exc:
        raise PromptError(f"{label}: {exc}") from exc
    except TemplateError as exc:
        raise PromptError(f"{label}: {exc}") from exc
    return RenderedPrompt(
        id=prompt.id,
        version=prompt.version,
        sha256=prompt.sha256,
        system=system.strip(),
        user=user.strip(),
    )

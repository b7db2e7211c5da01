"""The red-team set: groups of faithful and planted sentences anchored in one label passage.

One JSONL line per group (written blind, from ``export_passages`` output):
``{"id", "doc_id", "question", "passage", "sentences": [{"text", "kind", "cited", "note"}]}``.
The passage is copied verbatim from one indexed chunk; the model cites whichever retrieved source
contains it. Faithful kinds are fully supported by the passage; planted kinds are not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FAITHFUL_KINDS = (
    "verbatim",
    "references_dropped",
    "reordered",
    "list_restated",
    "abbreviation_expanded",
    "lead_in",
)
PLANTED_KINDS = (
    "negation",
    "direction",
    "comparator",
    "number",
    "unit",
    "frequency",
    "population",
    "organ",
    "time_order",
    "qualifier_dropped",
    "widened",
    "other_product",
    "merge",
    "wrong_source",
    "uncited",
    "fabricated_figure",
    "superlative",
)


class RedTeamSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    kind: str
    cited: bool
    note: str = ""

    @property
    def planted(self) -> bool:
        return self.kind in PLANTED_KINDS

    @model_validator(mode="after")
    def _known_kind(self) -> RedTeamSentence:
        if self.kind not in FAITHFUL_KINDS + PLANTED_KINDS:
            raise ValueError(f"unknown kind '{self.kind}'")
        if self.cited == (self.kind == "uncited"):
            raise ValueError("'cited' must be false exactly for kind 'uncited'")
        return self


class RedTeamGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    doc_id: str
    question: str = Field(min_length=1)
    passage: str = Field(min_length=1)
    sentences: list[RedTeamSentence] = Field(min_length=1)


def load_groups(paths: Iterable[Path]) -> list[RedTeamGroup]:
    """Every group of the given JSONL files; a bad line is an error naming file and line."""
    groups: list[RedTeamGroup] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                groups.append(RedTeamGroup.model_validate(json.loads(line)))
            except (ValueError, ValidationError) as error:
                raise ValueError(f"{path}:{number}: not a red-team group: {error}") from error
    seen: set[str] = set()
    for group in groups:
        if group.id in seen:
            raise ValueError(f"duplicate red-team group id '{group.id}'")
        seen.add(group.id)
    return groups


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"\s+")


def normalized(text: str) -> str:
    """Whitespace-collapsed, case-folded: how a passage is found inside a prompt's source."""
    return _SPACE.sub(" ", text).strip().casefold()


def in_cited_source(sentence: RedTeamSentence, cited: str) -> bool:
    """Whether a sentence planted as "wrong source" is, word for word, in the source it cites.
    Its writer saw only the 1-3 sentence passage; the product cites the whole retrieved chunk,
    which can hold the neighbouring sentence the writer borrowed. Such a sentence is supported
    by its citation, so it is no planted error, and the benches count it apart."""
    if sentence.kind != "wrong_source" or not cited:
        return False
    source = normalized(cited)
    parts = [p.strip(" .") for p in _SENTENCE_END.split(sentence.text) if p.strip(" .")]
    return bool(parts) and all(normalized(part) in source for part in parts)

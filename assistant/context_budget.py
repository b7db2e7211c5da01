"""Fitting retrieved context into a model's window: a token budget and greedy packing by priority.

The caller decides priorities (lower = more important). For fair balance, give a product's boxed
warning and key safety chunks a priority at least as high as its benefit chunks, so a benefit is
never kept while its safety information is dropped for lack of room.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "DEFAULT_CONTEXT_WINDOW",
    "MODEL_CONTEXT_WINDOWS",
    "ContextItem",
    "PackedContext",
    "context_budget",
    "pack_context",
    "window_for",
]

#: For unknown and local models: a conservative window that any current chat model has.
DEFAULT_CONTEXT_WINDOW = 8192

#: Context windows (input + output tokens) of common hosted models, by model name prefix.
MODEL_CONTEXT_WINDOWS: Mapping[str, int] = MappingProxyType(
    {
        "gpt-3.5-turbo": 16_385,
        "gpt-4": 8_192,
        "gpt-4-32k": 32_768,
        "gpt-4-turbo": 128_000,
        "gpt-4o": 128_000,
        "gpt-4o-mini": 128_000,
        "gpt-4.1": 1_047_576,
        "gpt-4.1-mini": 1_047_576,
        "gpt-4.1-nano": 1_047_576,
        "gpt-5": 400_000,
        "gpt-5-mini": 400_000,
        "gpt-5-nano": 400_000,
        "o1": 200_000,
        "o1-mini": 128_000,
        "o1-preview": 128_000,
        "o3": 200_000,
        "o3-mini": 200_000,
        "o4-mini": 200_000,
    }
)


def window_for(model: str) -> int:
    """The context window of ``model``; dated snapshots (``gpt-4o-2024-08-06``) match their base.

    A provider prefix (``openai/``, ``openai:``) is ignored. Unknown and local models get
    :data:`DEFAULT_CONTEXT_WINDOW`.
    """
    name = model.strip().lower()
    for prefix in ("openai/", "openai:", "azure/", "azure:"):
        name = name.removeprefix(prefix)
    if name in MODEL_CONTEXT_WINDOWS:
        return MODEL_CONTEXT_WINDOWS[name]
    matches = [key for key in MODEL_CONTEXT_WINDOWS if name.startswith(key + "-")]
    if matches:
        return MODEL_CONTEXT_WINDOWS[max(matches, key=len)]
    return DEFAULT_CONTEXT_WINDOW


def context_budget(
    model_window: int, prompt_tokens: int, max_output_tokens: int, safety_margin: int = 256
) -> int:
    """Tokens left for context once the prompt, the answer and a margin are reserved.

    Raises ``ValueError`` when the fixed parts alone do not fit: silently packing no context
    would turn a configuration mistake into "no approved source" answers.
    """
    for name, value in (
        ("model_window", model_window),
        ("prompt_tokens", prompt_tokens),
        ("max_output_tokens", max_output_tokens),
        ("safety_margin", safety_margin),
    ):
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    budget = model_window - prompt_tokens - max_output_tokens - safety_margin
    if budget < 0:
        raise ValueError(
            f"prompt ({prompt_tokens} tokens) + max output ({max_output_tokens}) + margin "
            f"({safety_margin}) exceed the model window ({model_window})"
        )
    return budget


@dataclass(frozen=True)
class ContextItem:
    key: str  # e.g. a chunk id or note id; reported in PackedContext.dropped
    text: str
    priority: int  # lower = more important
    kind: str  # "source" | "note" | "history" ...


@dataclass(frozen=True)
class PackedContext:
    kept: tuple[ContextItem, ...]  # in the original order
    dropped: tuple[str, ...]  # keys of the items that did not fit, in the original order
    tokens: int  # tokens of the kept items, overhead included


def pack_context(
    items: Sequence[ContextItem],
    budget_tokens: int,
    count_tokens: Callable[[str], int],
    *,
    overhead_per_item: int = 8,
) -> PackedContext:
    """Keep the most important items that fit in ``budget_tokens``.

    Greedy by priority (ties keep the original order): an item that does not fit is dropped,
    and smaller, less important items may still fit after it. Each item costs
    ``count_tokens(text) + overhead_per_item`` (the fence tags and attributes around it).
    """
    if budget_tokens < 0:
        raise ValueError(f"budget_tokens must be >= 0, got {budget_tokens}")
    if overhead_per_item < 0:
        raise ValueError(f"overhead_per_item must be >= 0, got {overhead_per_item}")
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"duplicate context item keys: {duplicates}")

    order = sorted(range(len(items)), key=lambda index: (items[index].priority, index))
    kept: set[int] = set()
    used = 0
    for index in order:
        cost = count_tokens(items[index].text) + overhead_per_item
        if used + cost <= budget_tokens:
            kept.add(index)
            used += cost
    return PackedContext(
        kept=tuple(item for index, item in enumerate(items) if index in kept),
        dropped=tuple(item.key for index, item in enumerate(items) if index not in kept),
        tokens=used,
    )

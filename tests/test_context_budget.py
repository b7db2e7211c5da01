from __future__ import annotations

from pathlib import Path

import pytest

from assistant.context_budget import (
    DEFAULT_CONTEXT_WINDOW,
    MODEL_CONTEXT_WINDOWS,
    ContextItem,
    context_budget,
    pack_context,
    window_for,
)
from knowledge_base.tokens import TokenCounter


def words(text: str) -> int:
    return len(text.split())


def item(key: str, n_words: int, priority: int, kind: str = "source") -> ContextItem:
    return ContextItem(key=key, text=" ".join(["w"] * n_words), priority=priority, kind=kind)


def test_keeps_the_most_important_items_in_original_order() -> None:
    items = [item("a", 10, 3), item("b", 10, 1), item("c", 10, 2)]
    packed = pack_context(items, budget_tokens=20, count_tokens=words, overhead_per_item=0)
    assert [i.key for i in packed.kept] == ["b", "c"]
    assert packed.dropped == ("a",)
    assert packed.tokens == 20


def test_ties_are_broken_by_original_order() -> None:
    items = [item("a", 5, 1), item("b", 5, 1), item("c", 5, 1)]
    packed = pack_context(items, budget_tokens=12, count_tokens=words, overhead_per_item=1)
    assert [i.key for i in packed.kept] == ["a", "b"]
    assert packed.dropped == ("c",)
    assert packed.tokens == 12


def test_smaller_less_important_items_still_fit_after_a_drop() -> None:
    items = [
        item("note", 3, 5, kind="note"),
        item("big", 50, 1),
        item("safety", 10, 0),
        item("small", 4, 2),
        item("history", 30, 9, kind="history"),
    ]
    packed = pack_context(items, budget_tokens=30, count_tokens=words, overhead_per_item=2)
    # safety (12) fits, big (52) does not, small (6) and note (5) fit, history (32) does not.
    assert [i.key for i in packed.kept] == ["note", "safety", "small"]
    assert packed.dropped == ("big", "history")
    assert packed.tokens == 23


def test_empty_and_zero_budget() -> None:
    assert pack_context([], 100, words).kept == ()
    packed = pack_context([item("a", 1, 0)], 0, words)
    assert packed.kept == () and packed.dropped == ("a",) and packed.tokens == 0


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="budget_tokens"):
        pack_context([], -1, words)
    with pytest.raises(ValueError, match="overhead_per_item"):
        pack_context([], 10, words, overhead_per_item=-1)
    with pytest.raises(ValueError, match=r"duplicate context item keys: \['a'\]"):
        pack_context([item("a", 1, 0), item("a", 2, 1)], 10, words)


def test_budget_is_respected_with_real_token_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "tiktoken"
    # TokenCounter points TIKTOKEN_CACHE_DIR at its cache; restore it after the test.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    counter = TokenCounter(cache)
    texts = [
        "WARNING: EMBRYO-FETAL TOXICITY. Alphamab can cause fetal harm when administered.",
        "The recommended dosage is 10 mg/kg intravenously every 2 weeks until progression.",
        "In Study AM-301, the objective response rate was 41% (95% CI: 35, 47).",
        "Asked about infusion reactions; prefers visits on Tuesdays.",
        "Interstitial lung disease occurred in 2.1% of patients; withhold for grade 2.",
    ]
    items = [
        ContextItem(key=f"k{i}", text=text, priority=p, kind="note" if i == 3 else "source")
        for i, (text, p) in enumerate(zip(texts, [0, 1, 2, 5, 0], strict=True))
    ]
    costs = {i.key: counter.count(i.text) + 8 for i in items}
    budget = costs["k0"] + costs["k4"] + costs["k1"] + 3
    packed = pack_context(items, budget, counter.count)
    assert [i.key for i in packed.kept] == ["k0", "k1", "k4"]
    assert packed.dropped == ("k2", "k3")
    assert packed.tokens == sum(costs[i.key] for i in packed.kept) <= budget


def test_context_budget() -> None:
    assert context_budget(8192, 1500, 1000) == 8192 - 1500 - 1000 - 256
    assert context_budget(8192, 1500, 1000, safety_margin=0) == 5692
    with pytest.raises(ValueError, match="exceed the model window"):
        context_budget(4096, 3000, 1000)
    with pytest.raises(ValueError, match="prompt_tokens"):
        context_budget(4096, -1, 1000)


@pytest.mark.parametrize(
    ("model", "window"),
    [
        ("gpt-4o", 128_000),
        ("gpt-4o-2024-08-06", 128_000),
        ("GPT-4o-mini-2024-07-18", 128_000),
        ("gpt-4.1", 1_047_576),
        ("gpt-4.1-nano-2025-04-14", 1_047_576),
        ("o3-mini", 200_000),
        ("o1-mini-2024-09-12", 128_000),
        ("openai/o4-mini", 200_000),
        ("gpt-4-0613", 8_192),
        ("gpt-4-turbo-2024-04-09", 128_000),
        ("llama3.1:8b", DEFAULT_CONTEXT_WINDOW),
        ("gpt-4oxyz", DEFAULT_CONTEXT_WINDOW),
        ("", DEFAULT_CONTEXT_WINDOW),
    ],
)
def test_window_for(model: str, window: int) -> None:
    assert window_for(model) == window


def test_window_table_is_read_only() -> None:
    assert DEFAULT_CONTEXT_WINDOW == 8192
    with pytest.raises(TypeError):
        MODEL_CONTEXT_WINDOWS["gpt-4o"] = 1  # type: ignore[index]

"""SharedResults: one computation per key, however many threads ask at once."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.shared_results import SharedResults


def test_a_result_is_computed_once_and_then_read() -> None:
    results: SharedResults[str, int] = SharedResults(size=4)
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(key)

    assert results.get("abc", lambda: compute("abc")) == 3
    assert results.get("abc", lambda: compute("abc")) == 3
    assert results.get("de", lambda: compute("de")) == 2
    assert calls == ["abc", "de"]


def test_callers_asking_at_once_wait_for_one_computation() -> None:
    results: SharedResults[str, int] = SharedResults()
    calls = 0
    start = threading.Barrier(6)

    def slow() -> int:
        nonlocal calls
        calls += 1
        time.sleep(0.2)  # long enough for the other threads to arrive while it runs
        return 42

    got: list[int] = []

    def ask() -> None:
        start.wait()
        got.append(results.get("summary", slow))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [42] * 6
    assert calls == 1


def test_a_failure_is_raised_to_its_caller_and_not_kept() -> None:
    results: SharedResults[str, int] = SharedResults()

    def broken() -> int:
        raise RuntimeError("catalog unreachable")

    with pytest.raises(RuntimeError, match="catalog unreachable"):
        results.get("k", broken)
    assert len(results) == 0
    assert results.get("k", lambda: 7) == 7


def test_the_least_recently_used_result_is_dropped_beyond_size() -> None:
    results: SharedResults[str, str] = SharedResults(size=2)
    results.get("a", lambda: "A")
    results.get("b", lambda: "B")
    results.get("a", lambda: "never")  # a is now the most recent
    results.get("c", lambda: "C")  # drops b
    assert len(results) == 2
    assert results.get("a", lambda: "recomputed a") == "A"
    assert results.get("b", lambda: "recomputed b") == "recomputed b"


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="size must be at least 1"):
        SharedResults(size=0)

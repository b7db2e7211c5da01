"""Results computed once and shared by every caller of one process (the app's sessions are
threads of one process): a caller asking for a result being computed waits for it instead of
computing it again."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from knowledge_base.recent import RecentValues

__all__ = ["SharedResults"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SharedResults(Generic[K, V]):
    """The ``size`` most recently used results, by key. A failed computation stores nothing:
    its exception reaches its caller, and the next caller computes again."""

    def __init__(self, size: int = 16) -> None:
        self._values: RecentValues[K, V] = RecentValues(size)
        self._computing: dict[K, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        if found := self._values.known([key]):
            return found[key]
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # one computation per key; the others wait for its result
            if found := self._values.known([key]):
                return found[key]
            try:
                result = compute()
                self._values.remember({key: result})
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return result

    def __len__(self) -> int:
        return len(self._values)

"""Results computed once and shared by every caller of one process (the app's sessions are
threads of one process): a caller asking for a result being computed waits for it instead of
computing it again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["SharedResults"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SharedResults(Generic[K, V]):
    """The ``size`` most recently used results, by key. A failed computation stores nothing:
    its exception reaches its caller, and the next caller computes again."""

    def __init__(self, size: int = 16) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._computing: dict[K, threading.Lock] = {}
        self._lock = threading.Lock()

    def _cached(self, key: K) -> tuple[bool, V | None]:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return True, self._values[key]
            return False, None

    def get(self, key: K, compute: Callable[[], V]) -> V:
        found, value = self._cached(key)
        if found:
            return value  # type: ignore[return-value]
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # one computation per key; the others wait for its result
            found, value = self._cached(key)
            if found:
                return value  # type: ignore[return-value]
            try:
                result = compute()
                with self._lock:
                    self._values[key] = result
                    while len(self._values) > self._size:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return result

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

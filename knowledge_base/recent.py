"""A memory of recent work asked for many keys at once (passage-sentence vectors, redaction
spans): the values of the keys used last, shared between threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

__all__ = ["RecentValues"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class RecentValues(Generic[K, V]):
    """The values of the ``size`` keys used last."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, keys: Iterable[K]) -> dict[K, V]:
        """The remembered values among ``keys``, each key now among the most recent."""
        with self._lock:
            found = {k: self._values[k] for k in dict.fromkeys(keys) if k in self._values}
            for key in found:
                self._values.move_to_end(key)
        return found

    def remember(self, values: Mapping[K, V]) -> None:
        """Keep ``values`` as the most recent, forgetting the oldest beyond ``size``."""
        with self._lock:
            self._values.update(values)
            for key in values:
                self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

"""Results worth keeping between reruns: filtered frames and figures, per loaded dataset and view.

A rerun that changes nothing, a page visited again or a view seen before then costs a lookup. Every
entry belongs to one loaded dataset (`ui.data.Good`), so a saved file starts afresh. Values are shared
by every session of the server: they are read, never changed, after they are built."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

# How many entries of each kind to keep: filtered frames can be large (every event, at 100,000 events),
# figures are a few MB at most.
LIMITS = {"filtered": 8, "figure": 48}
DEFAULT_LIMIT = 32


class Memo:
    """Least-recently-used results by kind and key, safe to share between sessions' threads."""

    def __init__(self, limits: dict[str, int] | None = None) -> None:
        self._limits = {**LIMITS, **(limits or {})}
        self._entries: dict[str, OrderedDict] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, kind: str, key: Hashable, build: Callable[[], T]) -> T:
        """The value for (`kind`, `key`), built by `build()` the first time. Two sessions may build the same
        value at once; the later one wins, both get an equal value."""
        with self._lock:
            entries = self._entries.setdefault(kind, OrderedDict())
            if key in entries:
                entries.move_to_end(key)
                self.hits += 1
                return entries[key]
            self.misses += 1
        value = build()
        with self._lock:
            entries[key] = value
            entries.move_to_end(key)
            while len(entries) > self._limits.get(kind, DEFAULT_LIMIT):
                entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return sum(len(e) for e in self._entries.values())

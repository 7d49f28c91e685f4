"""Results worth keeping between reruns: filtered frames and figures, per loaded dataset and view.

A rerun that changes nothing, a page visited again or a view seen before then costs a lookup. Every
entry belongs to one loaded dataset (`ui.data.Good`), so a saved file starts afresh. Values are shared
by every session of the server: they are read, never changed, after they are built."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")

# How many entries of each kind to keep: filtered frames can be large (every event, at 100,000 events),
# figures are a few MB at most (the timeline holds up to about 50 views one click away, see ui.timeline_chart).
LIMITS = {"filtered": 8, "figure": 96, "figure_json": 96, "events_by_date": 4, "events_table": 4}
DEFAULT_LIMIT = 32
# Kinds that follow from the dataset alone (not from a view): text for every event, the people's names.
PER_DATASET = ("date_labels", "people", "choice_members")


class Memo:
    """Least-recently-used results by kind and key, safe to share between sessions' threads."""

    def __init__(self, limits: dict[str, int] | None = None) -> None:
        self._limits = {**LIMITS, **(limits or {})}
        self._entries: dict[str, OrderedDict] = {}
        self._pending: dict[tuple[str, Hashable], Future] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, kind: str, key: Hashable, build: Callable[[], T]) -> T:
        """The value for (`kind`, `key`), built by `build()` the first time. Sessions asking for a value that another
        is building wait for it (after a save, every open session reruns at once on the same views)."""
        with self._lock:
            entries = self._entries.setdefault(kind, OrderedDict())
            if key in entries:
                entries.move_to_end(key)
                self.hits += 1
                return entries[key]
            pending = self._pending.get((kind, key))
            owner = pending is None
            if owner:
                pending = self._pending[(kind, key)] = Future()
                self.misses += 1
            else:
                self.hits += 1
        if not owner:
            return pending.result()
        try:
            value = build()
        except BaseException as exc:
            with self._lock:
                del self._pending[(kind, key)]
            pending.set_exception(exc)
            raise
        with self._lock:
            entries[key] = value
            entries.move_to_end(key)
            while len(entries) > self._limits.get(kind, DEFAULT_LIMIT):
                entries.popitem(last=False)
            del self._pending[(kind, key)]
        pending.set_result(value)
        return value

    def has(self, kind: str, key: Hashable) -> bool:
        """Whether the value for (`kind`, `key`) is built (without building it, nor counting a hit)."""
        with self._lock:
            return key in self._entries.get(kind, ())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def forget_views(self) -> None:
        """Drop what was built for views, keeping what follows from the dataset alone (`PER_DATASET`)."""
        with self._lock:
            for kind in [k for k in self._entries if k not in PER_DATASET]:
                del self._entries[kind]

    def __len__(self) -> int:
        with self._lock:
            return sum(len(e) for e in self._entries.values())

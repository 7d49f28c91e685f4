"""Load the data file for the app: cached on its signature, last good data kept, saves noticed."""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from core.filtering import search_index
from loaders import DEFAULT_PATH, DataError, Dataset, Problem, UnreadableFileError, load_dataset
from loaders.cache import load_cached

from .memo import Memo

ENV_VAR = "EVENTS_FILE"
DROP_SHARE = 0.2  # a valid save that loses this share of the events gets a warning


def data_path() -> Path:
    """The data file: $EVENTS_FILE when set, else data/events.yaml."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def signature(path: Path) -> tuple[int, int] | None:
    """What changes when the file is saved (modification time and size); None when it cannot be seen."""
    try:
        st_ = path.stat()
    except OSError:
        return None
    return (st_.st_mtime_ns, st_.st_size)


class SearchIndex:
    """The dataset's search index (`core.filtering.search_index`), built on the first text search and kept: a new
    server shows its first page without it (about 3 s at 100,000 events), and most views never search."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset, self._index, self._lock = dataset, None, threading.Lock()

    @property
    def built(self) -> bool:
        return self._index is not None

    def get(self) -> pd.Series:
        if self._index is None:
            with self._lock:  # sessions searching at once build it once
                if self._index is None:
                    self._index = search_index(self._dataset)
        return self._index


@dataclass(frozen=True)
class Good:
    """A dataset that loaded, when, how many events the one before it had, and what was derived from it."""

    dataset: Dataset
    signature: tuple[int, int] | None
    loaded_at: dt.datetime
    search: SearchIndex
    previous_events: int | None = None
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @property
    def index(self) -> pd.Series:
        """The search index (built on first use)."""
        return self.search.get()


@dataclass(frozen=True)
class Loaded:
    """What a page gets: the data to show (maybe the last good one) and what is wrong with the file."""

    good: Good | None
    error: DataError | None = None
    signature: tuple[int, int] | None = None

    @property
    def dataset(self) -> Dataset | None:
        return self.good.dataset if self.good else None

    @property
    def stale(self) -> bool:
        """True when the data shown is older than the file on disk (the file is broken)."""
        return self.error is not None and self.good is not None

    @property
    def lost_events(self) -> int:
        """How many events the last valid save dropped, when that is a large share."""
        if self.good is None or not self.good.previous_events:
            return 0
        lost = self.good.previous_events - len(self.good.dataset.events)
        return lost if lost > 0 and lost >= DROP_SHARE * self.good.previous_events else 0


@st.cache_resource(show_spinner=False)
def _store() -> dict[str, Good]:
    """The last good dataset per file, shared by every session of this server process."""
    return {}


@st.cache_resource(show_spinner=False)
def _failures() -> dict[str, tuple[tuple[int, int] | None, DataError]]:
    """The last failed load per file, so a broken file is not parsed again on every rerun."""
    return {}


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, sig: tuple[int, int] | None) -> tuple[Dataset, SearchIndex]:
    ds = load_cached(path)
    return ds, SearchIndex(ds)


def load() -> Loaded:
    """The dataset to show; on a broken file, the last good one with the file's problems."""
    path = data_path()
    key = str(path)
    sig = signature(path)
    last = _store().get(key)
    if last is not None and last.signature == sig and sig is not None:
        return Loaded(last, signature=sig)
    failed = _failures().get(key)
    if failed is not None and failed[0] == sig and sig is not None:
        return Loaded(last, failed[1], sig)
    try:
        if sig is None:
            load_dataset(path)  # raises the precise reason: missing, a directory, unreadable
        ds, index = _load(key, sig)
    except DataError as exc:
        # Kept until the file changes: without its traceback, which would keep the loader's frames, and with
        # them the file's whole text and parse tree, alive as long.
        exc = exc.with_traceback(None)
        _failures()[key] = (sig, exc)
        return Loaded(last, exc, sig)
    except Exception as exc:
        problem = Problem(key, 1, 1, "", f"could not load the file ({type(exc).__name__}: {exc})")
        return Loaded(last, UnreadableFileError([problem]), sig)
    good = Good(ds, sig, dt.datetime.now(), index, len(last.dataset.events) if last else None)
    _store()[key] = good
    _failures().pop(key, None)
    return Loaded(good, signature=sig)

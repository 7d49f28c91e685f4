"""One load of a data file, start to end and nothing else: read → check → typed records → frames.

Pure: no cache and no state; the disk cache (loaders/cache.py) wraps `from_text`."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, Problems
from .model import Model, build, cross_check
from .reader import check_text, read_text

if TYPE_CHECKING:  # pandas is imported where frames are built: checking a file (the validator) needs none of it
    import pandas as pd

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "events.yaml"


@dataclass(frozen=True)
class Dataset:
    """The typed records of one data file and every frame derived from them."""

    path: str
    model: Model
    events: pd.DataFrame
    tasks: pd.DataFrame
    documents: pd.DataFrame
    doc_links: pd.DataFrame
    people: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    sources: pd.DataFrame
    cycles: pd.DataFrame
    phases: pd.DataFrame


@contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: building millions of small acyclic objects triggers it
    over and over (it is most of a large file's load time) and frees nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(text: str, path: str | os.PathLike) -> Model:
    """The typed records of the text of the file at `path`; DataError lists every problem found."""
    name = str(path)
    problems = Problems(name)  # the first MAX_PROBLEMS in file order listed, the rest counted
    with _no_gc():
        root = check_text(text, name, problems)
        if root is None:
            raise DataError(problems)
        seeds = Path(path).parent / "seeds"
        cross_check(root, name, seeds if seeds.is_dir() else None, problems)
        if problems:
            raise DataError(problems)
        return build(root)


def derive(model: Model, path: str | os.PathLike) -> Dataset:
    """The records and every frame derived from them."""
    from .frames import build_frames

    with _no_gc():
        return Dataset(path=str(path), model=model, **build_frames(model))


def from_text(text: str, path: str | os.PathLike) -> Dataset:
    """The dataset of the text of the file at `path` (its seed articles are looked for beside it)."""
    return derive(check(text, path), path)


def load_model(path: str | os.PathLike = DEFAULT_PATH) -> Model:
    """Read and check one data file into typed records; DataError lists every problem found."""
    return check(read_text(path), path)


def load(path: str | os.PathLike = DEFAULT_PATH) -> Dataset:
    """Read, check and derive the frames of one data file."""
    return from_text(read_text(path), path)

"""Load the curated event data: read safely, check against the contract, derive pandas frames.

from loaders import load_dataset, DataError
ds = load_dataset("data/events.yaml")   # raises DataError listing every problem
ds.events, ds.tasks, ds.documents, ds.sources, ds.cycles, ...
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem, Problems, UnreadableFileError
from .frames import build_frames
from .model import Model, build, cross_check
from .reader import check_text, read_text

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "events.yaml"

__all__ = ["DEFAULT_PATH", "DataError", "Dataset", "Problem", "UnreadableFileError", "load_dataset", "load_model"]


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


def load_model(path: str | os.PathLike = DEFAULT_PATH, *, text: str | None = None) -> Model:
    """Read and check one data file into typed records; DataError lists every problem found."""
    name = str(path)
    if text is None:
        text = read_text(path)
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


def load_dataset(path: str | os.PathLike = DEFAULT_PATH, *, cache: bool = False, text: str | None = None) -> Dataset:
    """Load, check and derive the frames of one data file (see DESIGN: the loading contract).

    `cache=True`: the same result, kept on disk keyed on the file's content (loaders/cache.py)."""
    if cache:
        from .cache import load_cached

        return load_cached(path)
    model = load_model(path, text=text)
    with _no_gc():
        return Dataset(path=str(path), model=model, **build_frames(model))

"""Load the curated event data: read safely, check against the contract, derive pandas frames.

from loaders import load_dataset, DataError
ds = load_dataset("data/events.yaml")   # raises DataError listing every problem
ds.events, ds.tasks, ds.documents, ds.sources, ds.cycles, ...

The load itself is loaders/pipeline.py; loaders/cache.py keeps its result on disk.
"""

from __future__ import annotations

import os

from .errors import DataError, Problem, UnreadableFileError
from .pipeline import DEFAULT_PATH, Dataset, load, load_model

__all__ = ["DEFAULT_PATH", "DataError", "Dataset", "Problem", "UnreadableFileError", "load_dataset", "load_model"]


def load_dataset(path: str | os.PathLike = DEFAULT_PATH, *, cache: bool = False) -> Dataset:
    """Load, check and derive the frames of one data file (see DESIGN: the loading contract).

    `cache=True`: the same result, kept on disk keyed on the file's content (loaders/cache.py)."""
    if cache:
        from .cache import load_cached

        return load_cached(path)
    return load(path)

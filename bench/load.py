"""Loading: a bare PyYAML parse against our load + validate, frame building, and the on-disk cache."""

from __future__ import annotations

import gc
import shutil
import tempfile
from pathlib import Path

import yaml

from core.filtering import search_index
from loaders import cache, load_dataset, load_model
from loaders.frames import build_frames
from ui.data import SearchIndex

from .timing import measure, measure_pair


def bare_parse(path: Path) -> object:
    """What the issue compares with: `yaml.load(f, Loader=yaml.CSafeLoader)`, the GC left as Python runs it."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


def bare_parse_no_gc(path: Path) -> object:
    """The same parse with the cyclic GC paused, as our loader runs: the fair like-for-like baseline."""
    gc.disable()
    try:
        return bare_parse(path)
    finally:
        gc.enable()


def bench_load(path: Path, n: int, *, big: bool) -> dict:
    """Every loading figure for one file. `big` (100k): fewer runs, no GC-on bare parse (over a minute each)."""
    out: dict = {"n": n, "bytes": path.stat().st_size}
    runs, budget = (3, 200.0) if big else (3, 150.0) if n >= 10_000 else (5, 60.0)

    # 1. the target: load + validate against a bare parse, interleaved so noise hits both alike
    if not big:
        bare, ours, ratios = measure_pair(lambda: bare_parse(path), lambda: load_model(path), runs=runs, budget=budget)
        out["bare"], out["load_validate"], out["ratio"] = bare, ours, ratios
    bare_ng, full, ratios_ng = measure_pair(
        lambda: bare_parse_no_gc(path), lambda: load_dataset(path), runs=runs, budget=budget
    )
    out["bare_no_gc"], out["load_dataset"], out["ratio_no_gc"] = bare_ng, full, ratios_ng

    # 2. frames from the typed records
    model = load_model(path)
    out["frames"] = measure(lambda: build_frames(model), runs=5, budget=30)
    model = None  # frees the records before the cache runs

    # 3. the on-disk cache, in a private folder: a miss (parse + store), the store alone, a hit
    tmp = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=path.parent))
    try:
        if n < 10_000:  # above, a miss is the uncached load above plus the key and the store below
            out["cache_miss"] = measure(
                lambda: cache.load_cached(path, tmp), setup=lambda: _empty(tmp), runs=3, budget=budget
            )
        ds = cache.load_cached(path, tmp)  # stored
        data = path.read_bytes()
        key = cache.cache_key(data, path)
        out["cache_key"] = measure(lambda: cache.cache_key(path.read_bytes(), path), runs=5, budget=20)
        out["cache_store"] = measure(lambda: cache.write_entry(tmp, key, ds), runs=3, budget=60)
        out["entry_bytes"] = (tmp / f"{key}.pickle").stat().st_size
        out["cache_hit"] = measure(lambda: cache.load_cached(path, tmp), runs=7, budget=30)
        out["hit_same"] = _same(cache.load_cached(path, tmp), ds)
        out["index"] = measure(lambda: search_index(ds), runs=5 if n < 100_000 else 3, budget=40)
        out["app_cold"] = measure(lambda: SearchIndex(cache.load_cached(path, tmp)), runs=5, budget=40)
        ds = None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _empty(directory: Path) -> None:
    for p in directory.iterdir():
        p.unlink()


def _same(a, b) -> bool:
    """True when two datasets hold equal records and frames."""
    names = ("events", "tasks", "documents", "doc_links", "people", "figures", "quotes", "sources", "cycles", "phases")
    return a.model == b.model and all(getattr(a, k).equals(getattr(b, k)) for k in names)

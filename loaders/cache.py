"""A validated dataset kept on disk, keyed on the file's content, so an unchanged large file is not parsed again.

    load_cached(path)                   # what the app calls; the same Dataset as load_dataset(path)

It wraps the pure load (loaders/pipeline.py): the file's bytes are read once, hashed for the key, and
only on a miss decoded and handed to the pipeline, whose result is then stored.

The key is the SHA-256 of the file's bytes together with everything else the result depends on:
the seed articles beside it (quotes are checked against them), the loader's own source code, and
the versions of Python, pandas, numpy and pyarrow. An entry is written only for a file that passed
validation, atomically (a temporary file, then `os.replace`), and read back only from our own
directory when its recorded key and the digest of its payload match; anything else (missing,
truncated, corrupt, another format) is ignored and written anew. A cache that cannot be written
(read-only disk, full disk) is skipped: loading never fails because of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import io
import os
import pickle
import platform
import stat
import tempfile
import threading
import time
from pathlib import Path

from . import model as _model
from .pipeline import Dataset, from_text
from .reader import Date, decode, read_bytes

FORMAT = 1  # bump when the layout of an entry changes
MAGIC = b"tcxd-dataset-cache\n"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / ".cache" / "datasets"
MAX_ENTRIES = 8  # each saved version of a file makes a new entry: keep the newest few,
MAX_BYTES = 1 << 30  # and at most this much in all (an entry of 100,000 events is about 120 MB)
_SUFFIX = ".pickle"
_STALE_TMP_SECONDS = 3600

# Our record classes are pickled as (class, field values) and rebuilt by calling the class: smaller
# and faster than the dataclasses' own slot state (about 1.5x at 100,000 events).
_RECORDS = (*_model.RECORDS, Date)
_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _RECORDS}
# What an entry may name when it is unpickled: our records, and the pieces pandas, numpy and pyarrow
# pickle a frame with (as seen with pandas 3.1, numpy 2.4, pyarrow 26). Anything else (os.system,
# builtins.eval, pandas.read_pickle, ...) is refused, and the entry is then treated as missing.
_ALLOWED = {
    (Dataset.__module__, Dataset.__qualname__),
    *((cls.__module__, cls.__qualname__) for cls in _RECORDS),
    ("builtins", "slice"),
    ("datetime", "date"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy._core.numeric", "_frombuffer"),
    ("pandas", "DataFrame"),
    ("pandas", "Index"),
    ("pandas", "RangeIndex"),
    ("pandas", "Int64Dtype"),
    ("pandas", "Float64Dtype"),
    ("pandas", "BooleanDtype"),
    ("pandas", "StringDtype"),
    ("pandas._libs.arrays", "__pyx_unpickle_NDArrayBacked"),
    ("pandas._libs.internals", "_unpickle_block"),
    ("pandas.arrays", "ArrowStringArray"),
    ("pandas.arrays", "DatetimeArray"),
    ("pandas.arrays", "IntegerArray"),
    ("pandas.arrays", "FloatingArray"),
    ("pandas.arrays", "BooleanArray"),
    ("pandas.core.indexes.base", "_new_Index"),
    ("pandas.core.internals.managers", "BlockManager"),
    ("pyarrow.lib", "_restore_array"),
    ("pyarrow.lib", "py_buffer"),
    ("pyarrow.lib", "type_for_alias"),
}


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        names = _FIELDS.get(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple([getattr(obj, n) for n in names])


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"a dataset cache entry may not name {module}.{name}")
        return super().find_class(module, name)


@functools.cache
def _code_version() -> bytes:
    """What else the result depends on: the loader's source, the entry format and the library versions."""
    import numpy
    import pandas
    import pyarrow

    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for name in (platform.python_version(), pandas.__version__, numpy.__version__, pyarrow.__version__):
        h.update(name.encode() + b"\n")
    for src in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(src.name.encode() + b"\n" + src.read_bytes())
    return h.digest()


def _seeds_digest(path: Path) -> bytes:
    """Every file in the seeds/ folder beside the data file (the loader checks quotes against them)."""
    h = hashlib.sha256()
    seeds = path.parent / "seeds"
    if seeds.is_dir():
        for f in sorted(seeds.iterdir()):
            if f.is_file():
                h.update(f.name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.digest()


def cache_key(data: bytes, path: str | os.PathLike) -> str:
    """The entry name for a file with these bytes at `path` (its seed articles count too)."""
    h = hashlib.sha256(_code_version())
    h.update(_seeds_digest(Path(path)))
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def _own_dir(directory: Path) -> bool:
    """True when `directory` exists (or was made) as ours alone: owned by us, writable by nobody else."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _owned(directory.stat())
    except OSError:
        return False


def _owned(st: os.stat_result) -> bool:
    mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return mine and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _CachedDataset(Dataset):
    """A Dataset from the cache whose typed records (`model`) are unpickled on first use.

    The app reads only the frames; at 100,000 events the records are most of the time a hit takes."""

    _lock = threading.Lock()

    def __getattr__(self, name: str):
        if name != "model":
            raise AttributeError(name)
        with self._lock:
            if "model" not in self.__dict__:
                model = _unpickle(self.__dict__["_model_blob"])
                if not isinstance(model, _model.Model):
                    raise TypeError("the cached records are not a Model")  # the digest matched: not expected
                object.__setattr__(self, "model", model)
                del self.__dict__["_model_blob"]
        return self.__dict__["model"]


def _unpickle(data) -> object:
    was_enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of acyclic records: the collector would only slow this down
    try:
        return _Unpickler(io.BytesIO(data)).load()
    finally:
        if was_enabled:
            gc.enable()


def _dumps(obj) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


_FRAMES = tuple(f.name for f in dataclasses.fields(Dataset) if f.name not in ("path", "model"))


def read_entry(directory: Path, key: str, path: str) -> Dataset | None:
    """The dataset stored under `key` (named after `path`), or None when there is none or it cannot be trusted."""
    entry = directory / f"{key}{_SUFFIX}"
    try:
        with entry.open("rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or not _owned(st):
                return None
            blob = f.read()
    except OSError:
        return None
    head = MAGIC + key.encode() + b"\n"
    digest_end = len(head) + 64
    if not blob.startswith(head) or blob[digest_end : digest_end + 1] != b"\n":
        return None
    payload = memoryview(blob)[digest_end + 1 :]
    if hashlib.sha256(payload).hexdigest().encode() != blob[len(head) : digest_end]:
        return None
    try:
        frames, model_blob = _unpickle(payload)
        if not isinstance(frames, dict) or set(frames) != set(_FRAMES) or not isinstance(model_blob, bytes):
            return None
    except Exception:  # a damaged or foreign entry can fail in many ways; it is only a cache
        return None
    ds = object.__new__(_CachedDataset)
    ds.__dict__.update(frames, path=str(path), _model_blob=model_blob)
    with contextlib.suppress(OSError):
        os.utime(entry)  # most recently used: kept longest
    return ds


def write_entry(directory: Path, key: str, ds: Dataset) -> bool:
    """Store `ds` under `key` atomically; False when it could not be written (nothing is left half-written)."""
    payload = _dumps(({name: getattr(ds, name) for name in _FRAMES}, _dumps(ds.model)))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{key[:16]}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n")
            f.write(payload)
        os.replace(tmp, directory / f"{key}{_SUFFIX}")
        tmp = None
    except OSError:
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    _evict(directory, keep=key)
    return True


def _evict(directory: Path, keep: str) -> None:
    """Drop all but the newest entries (by count and size), and temporary files left by a writer that died."""
    try:
        entries = sorted(directory.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        kept, total = 1, (directory / f"{keep}{_SUFFIX}").stat().st_size
        for entry in (p for p in entries if p.stem != keep):
            size = entry.stat().st_size
            if kept < MAX_ENTRIES and total + size <= MAX_BYTES:
                kept, total = kept + 1, total + size
            else:
                entry.unlink(missing_ok=True)
        for tmp in directory.glob(".*.tmp"):
            if time.time() - tmp.stat().st_mtime > _STALE_TMP_SECONDS:
                tmp.unlink(missing_ok=True)
    except OSError:
        pass


def load_cached(path: str | os.PathLike, directory: str | os.PathLike | None = None) -> Dataset:
    """`load_dataset(path)`, from the cache when this content was validated before; else loaded and stored.

    Raises what the pure load raises, named after `path`: UnreadableFileError, or DataError for an invalid
    file (nothing is stored then)."""
    directory = Path(directory) if directory is not None else DEFAULT_DIR
    data = read_bytes(path)  # once: the text checked is exactly the one of the bytes hashed
    if not _own_dir(directory):
        return from_text(decode(data, str(path)), path)  # no safe place to keep it
    key = cache_key(data, path)
    ds = read_entry(directory, key, str(path))
    if ds is None:
        ds = from_text(decode(data, str(path)), path)
        write_entry(directory, key, ds)
    return ds

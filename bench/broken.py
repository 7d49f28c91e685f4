"""A broken file at scale: a generated file of about 20 MB with a mistake in every record, run through the
validator and through the app's load path, each in a process of its own so that its peak memory is its own.

The validator is timed as a curator runs it (`python -m loaders.validate FILE`, interpreter start and imports
included), its CPU from the kernel's accounting of that child (`os.wait4`) and its peak RSS from its own
high-water mark (VmHWM), which it writes out as it exits. The app's load path (`ui.data.load()`, as the server
runs it on a save) is timed inside a probe process, which reports its peak RSS before and after the load
(VmHWM) and what it still holds once the load is over (VmRSS): the error is kept until the file changes.

Not `ru_maxrss`: Linux keeps it across fork and exec, so a child of a large process (the whole bench holds the
100,000-event data by then) reports its parent's peak, not its own.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import generate
from .timing import Timing

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 3_700  # events of the real profile: about 20 MB
TIME_LIMIT, MEMORY_LIMIT_MB = 5.0, 400  # the budget for such a file

_APP_PROBE = """
import gc, json, os, sys, time
os.environ["EVENTS_FILE"] = sys.argv[1]
import logging
logging.disable(logging.WARNING)  # st.cache_resource outside a server says so once
from ui import data

def status_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

before, held_before = status_mb("VmHWM"), status_mb("VmRSS")
start, cpu = time.perf_counter(), time.process_time()
loaded = data.load()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
gc.collect()
error = loaded.error
print(json.dumps({
    "seconds": seconds,
    "cpu": cpu,
    "peak_before_mb": before,
    "peak_mb": status_mb("VmHWM"),
    "held_before_mb": held_before,
    "held_mb": status_mb("VmRSS"),
    "count": error.count if error else 0,
    "listed": len(error.problems) if error else 0,
}))
"""


def broken_file(out: Path = generate.OUT) -> tuple[Path, Path]:
    """The generated file of EVENTS events (reused when up to date) and its broken copy beside it."""
    g = generate.generate(EVENTS, out)
    broken = g.path.with_name(f"events-{EVENTS}-broken.yaml")
    text = generate.with_a_mistake_in_every_record(g.path.read_text(encoding="utf-8"))
    if not broken.exists() or broken.read_text(encoding="utf-8") != text:
        broken.write_text(text, encoding="utf-8")
    return g.path, broken


# `python -m loaders.validate FILE`, which writes its peak RSS (kB) to the file BENCH_PEAK_FILE names as it exits
_VALIDATOR = """
import atexit, os, runpy, sys

def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(kb)

atexit.register(peak)
runpy.run_module("loaders.validate", run_name="__main__", alter_sys=True)
"""


def run_validator(path: Path) -> dict:
    """`python -m loaders.validate path` in a child process: wall time, its peak RSS, what it printed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as peak:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _VALIDATOR, str(path)],
            cwd=ROOT,
            stdout=out,
            stderr=err,
            env={**_env(), "BENCH_PEAK_FILE": peak.name},
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        printed = out.read()
        err.seek(0)
        total = err.read().decode("utf-8", "replace").strip().rsplit(": ", 1)[-1]
        peak_kb = int(Path(peak.name).read_text() or 0)
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": peak_kb / 1024,
        "status": proc.returncode,
        "lines": printed.count(b"\n"),
        "bytes": len(printed),
        "total": total,
    }


def run_app_load(path: Path) -> dict:
    """The app's load path (`ui.data.load()`) on `path` in a probe process; see _APP_PROBE."""
    done = subprocess.run(
        [sys.executable, "-c", _APP_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, env=_env(), timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"the app probe failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def bench_broken(runs: int = 3) -> dict:
    """The validator and the app's load path on the broken file (and the validator on its valid original)."""
    valid, broken = broken_file()
    out: dict = {"events": EVENTS, "bytes": broken.stat().st_size, "valid_bytes": valid.stat().st_size}
    for name, path in (("broken", broken), ("valid", valid)):
        samples = [run_validator(path) for _ in range(runs)]
        out[f"validator_{name}"] = samples
    out["app"] = [run_app_load(broken) for _ in range(runs)]
    return out


def timing(samples: list[dict], key: str = "seconds") -> Timing:
    return Timing([s[key] for s in samples])


def median(samples: list[dict], key: str) -> float:
    return statistics.median(s[key] for s in samples)

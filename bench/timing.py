"""Timing on a noisy machine: medians of several runs, bounded in count and in time, and ratios of
interleaved pairs measured in the same run."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Seconds of each run; `median` is what the tables show."""

    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def spread(self) -> str:
        """min–max, to show how noisy the runs were."""
        if not self.samples:
            return ""
        return f"{fmt_s(min(self.samples))}–{fmt_s(max(self.samples))}"


def fmt_s(seconds: float) -> str:
    """A duration the way a table shows it: ms below a second."""
    if seconds != seconds:  # nan
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def measure(
    fn: Callable[[], object],
    *,
    runs: int = 5,
    budget: float = 30.0,
    setup: Callable[[], object] | None = None,
    collect: bool = True,
) -> Timing:
    """Run `fn` up to `runs` times, stopping early once `budget` seconds have gone (after one run at least).

    `setup` runs before each run, untimed; so does a garbage collection when `collect`."""
    out = Timing()
    start = time.monotonic()
    for _ in range(runs):
        if setup is not None:
            setup()
        if collect:
            gc.collect()
        t0 = time.perf_counter()
        result = fn()
        out.samples.append(time.perf_counter() - t0)
        del result
        if time.monotonic() - start > budget:
            break
    if out.n < runs:
        out.note = f"{out.n} of {runs} runs within the {budget:.0f} s budget"
    return out


def measure_pair(
    a: Callable[[], object], b: Callable[[], object], *, runs: int = 3, budget: float = 120.0
) -> tuple[Timing, Timing, list[float]]:
    """Run `a` then `b`, `runs` times (bounded by `budget`), and the ratio b/a of each pair: the noise of
    the machine hits both sides of a pair alike."""
    ta, tb, ratios = Timing(), Timing(), []
    start = time.monotonic()
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        x = a()
        ta.samples.append(time.perf_counter() - t0)
        del x
        gc.collect()
        t0 = time.perf_counter()
        x = b()
        tb.samples.append(time.perf_counter() - t0)
        del x
        ratios.append(tb.samples[-1] / ta.samples[-1])
        if time.monotonic() - start > budget:
            break
    return ta, tb, ratios

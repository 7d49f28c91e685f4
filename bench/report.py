"""The results as Markdown tables (printed, and written to bench/results.md), with the machine they ran on."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import statistics
import subprocess

import yaml

from .timing import Timing, fmt_s

PACKAGES = ("streamlit", "plotly", "pandas", "numpy", "pyarrow", "PyYAML", "playwright", "kaleido")


LOAD_AT_START = os.getloadavg()  # this module is imported when the run starts


def machine() -> list[str]:
    """Cores, memory, CPU, Python, package versions, chromium, the date, and the load average."""
    mem = next((ln.split()[1] for ln in _lines("/proc/meminfo") if ln.startswith("MemTotal:")), "?")
    cpu = next((ln.split(":", 1)[1].strip() for ln in _lines("/proc/cpuinfo") if ln.startswith("model name")), "?")
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30)
        chromium_v = chromium.stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        chromium_v = "not found"
    return [
        f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {os.cpu_count()} cores ({cpu}), {int(mem) / 2**20:.1f} GiB memory, {platform.platform()}",
        f"- Python {platform.python_version()}; libyaml {yaml.__with_libyaml__ and 'yes'}; " + ", ".join(versions),
        f"- {chromium_v}",
        f"- load average (1, 5, 15 min) at start: {' '.join(f'{x:.1f}' for x in LOAD_AT_START)}, "
        f"at the end: {_loadavg()}",
    ]


def _lines(path: str) -> list[str]:
    try:
        with open(path) as f:
            return f.read().splitlines()
    except OSError:
        return []


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def t(x: Timing | None) -> str:
    """A timing cell: the median, with the number of runs and the spread."""
    if x is None or not x.samples:
        return "–"
    return f"{fmt_s(x.median)} (n={x.n}, {x.spread})"


def ratio(r: list[float] | None) -> str:
    return f"{statistics.median(r):.2f}×" if r else "–"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"

"""The app in headless Chromium: time to the first chart, and redraw after a year click.

Times are taken inside the page (`performance.now()`, from navigation start or from the click), so
the Python side's polling adds nothing. The server is started here on a free loopback port with
EVENTS_FILE set, and stopped (its process group) at the end.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from loaders import load_dataset
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, AppServer, start_server, wait_for_app

from .timing import Timing

PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'
FIRST_CHART_JS = f"""() => {{
  const p = document.querySelector('{PLOT}');
  return p && p._fullLayout && p.querySelector('.main-svg .trace, .heatmaplayer .hm') ? performance.now() : false;
}}"""
REDRAWN_JS = """(rev) => {
  const p = document.querySelector('.st-key-timeline_chart .js-plotly-plot');
  const drawn = p && p._fullLayout && p._fullLayout.uirevision === rev && p.querySelector('.main-svg .trace');
  return drawn ? performance.now() - window.__clicked : false;
}"""
TIMEOUT_MS = 180_000


@contextlib.contextmanager
def server(path: Path) -> Iterator[AppServer]:
    logs = Path(tempfile.mkdtemp(prefix="bench-server-"))
    srv = start_server(logs, events_file=path)
    try:
        yield srv
    finally:
        srv.stop()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def rss_kb(pid: int) -> int:
    """The process's resident set size (VmRSS), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


def first_chart(b, url: str) -> float:
    """Seconds from navigation start to the first Plotly chart drawn, in a fresh browser context."""
    ctx = b.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        ms = page.wait_for_function(FIRST_CHART_JS, polling="raf", timeout=TIMEOUT_MS).json_value()
        return ms / 1000
    finally:
        ctx.close()


def first_chart_cached(b, url: str, n: int) -> list[float]:
    """Like `first_chart`, but in one context whose HTTP cache already holds the app's code (a returning
    visitor): each navigation is still a new session on the server."""
    ctx = b.new_context(viewport=VIEWPORT)
    out = []
    try:
        page = ctx.new_page()
        for i in range(n + 1):
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            ms = page.wait_for_function(FIRST_CHART_JS, polling="raf", timeout=TIMEOUT_MS).json_value()
            if i:  # the first visit fills the cache
                out.append(ms / 1000)
    finally:
        ctx.close()
    return out


def year_clicks(b, base: str, years: list[int], lane: str = "kind") -> list[float]:
    """Seconds from a click on a year button to the timeline redrawn for that year, one per year."""
    ctx = b.new_context(viewport=VIEWPORT)
    out = []
    try:
        page = ctx.new_page()
        page.goto(f"{base}/timeline", wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        wait_for_app(page, charts=1, timeout=TIMEOUT_MS)
        page.evaluate("() => document.addEventListener('click', () => { window.__clicked = performance.now(); }, true)")
        for year in years:
            page.get_by_role("radio", name=str(year), exact=True).click()
            ms = page.wait_for_function(
                REDRAWN_JS, arg=f"timeline-{year}-None-{lane}", polling="raf", timeout=TIMEOUT_MS
            ).json_value()
            out.append(ms / 1000)
            wait_for_app(page, charts=1, timeout=TIMEOUT_MS)  # the run is over before the next click
    finally:
        ctx.close()
    return out


def bench_page_loads(path: Path, *, starts: int = 3, warm: int = 5, overview: bool = True, budget: float = 240) -> dict:
    """First chart cold (a new server each time: Streamlit caches empty, disk cache warm) and warm (new
    sessions on a running server), on the timeline and the overview; year clicks on the timeline."""
    years = sorted(set(load_dataset(path, cache=True).events["year"]))  # also: the disk cache entry, as after
    clicks = [years[i % len(years)] for i in range(1, warm + 1)]  # the first load ever; years with events
    out = {k: Timing() for k in ("cold_timeline", "warm_timeline", "cached_timeline", "warm_overview", "year_click")}
    start = time.monotonic()
    with browser() as b:
        for _ in range(starts):
            with server(path) as srv:
                out["cold_timeline"].samples.append(first_chart(b, f"{srv.url}/timeline"))
                if time.monotonic() - start > budget / 2:
                    break
        with server(path) as srv:
            first_chart(b, f"{srv.url}/timeline")  # untimed: fills the caches
            for name, url, enabled in (
                ("warm_timeline", f"{srv.url}/timeline", True),
                ("warm_overview", f"{srv.url}/", overview),
            ):
                t0 = time.monotonic()
                for _ in range(warm if enabled else 0):
                    out[name].samples.append(first_chart(b, url))
                    if time.monotonic() - t0 > budget / 4:
                        break
            out["cached_timeline"].samples = first_chart_cached(b, f"{srv.url}/timeline", warm)
            out["year_click"].samples = year_clicks(b, srv.url, clicks)
    return out


# --- ten concurrent sessions --------------------------------------------------------------------

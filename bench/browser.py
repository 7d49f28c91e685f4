"""The app in headless Chromium: time to the first chart, redraw after a year click, and ten concurrent
sessions with different filters (each checked for its own view) while the server's RSS is watched.

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
from urllib.parse import quote

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from core.filtering import apply, search_index
from core.state import ViewState
from figures.timeline import timeline_figure
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
ROUND_TIMEOUT_S = 120  # all ten sessions of a round drawn within this, or the late ones count as failed


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
                REDRAWN_JS, arg=f"timeline-{year}-{lane}", polling="raf", timeout=TIMEOUT_MS
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

SESSIONS = [
    {},
    {"years": "2019"},
    {"years": "2021", "kind": "conference"},
    {"level": "provincial"},
    {"lang": "en", "years": "2022"},
    {"cycle": "xiii"},
    {"cat": "personnel"},
    {"q": "nhân sự"},
    {"kind": "briefing,plenum", "years": "2020-2021"},
    {"lane": "organiser", "years": "2023"},
]

STATE_JS = f"""() => {{
  const p = document.querySelector('{PLOT}');
  return {{
    n_events: p && p.layout && p.layout.meta ? p.layout.meta.n_events : null,
    mode: p && p.layout && p.layout.meta ? p.layout.meta.mode : null,
    title: (document.querySelector('[data-testid="stMain"] h1') || {{}}).innerText || '',
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    errors: document.querySelectorAll('[data-testid="stAlertContentError"]').length,
    no_match: document.querySelectorAll('[data-testid="stAlertContentInfo"]').length,
  }};
}}"""


def expected_views(path: Path) -> list[dict]:
    """What each session should see: the number of events its timeline draws, computed in-process."""
    ds = load_dataset(path, cache=True)
    index = search_index(ds)
    out = []
    for params in SESSIONS:
        view = ViewState.from_query(params)
        f = apply(ds, view, index)
        n = 0
        if not f.events.empty:
            fig = timeline_figure(f.events, ds.cycles, ds.phases, lane=view.lane, lang=view.lang, year=view.year)
            n = fig.layout.meta["n_events"]
        out.append({"n_events": n, "title": "Timeline" if view.lang == "en" else "Dòng thời gian"})
    return out


def _url(base: str, params: dict) -> str:
    q = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return f"{base}/timeline" + (f"?{q}" if q else "")


def bench_concurrency(path: Path, *, rounds: int = 4, budget: float = 300) -> dict:
    """`rounds` rounds of ten sessions opened at once, each with its own filters; every view checked;
    the server's RSS after each round (the first round warms up)."""
    expected = expected_views(path)
    out: dict = {"rounds": [], "rss_kb": [], "failures": [], "sessions": len(SESSIONS)}
    start = time.monotonic()
    with server(path) as srv, browser() as b:
        out["rss_kb"].append(rss_kb(srv.proc.pid))  # started, nothing loaded
        # Ten tabs of one browser profile: each tab is a session of its own on the server (its own
        # websocket, session state and URL), and they share the HTTP cache, so the 4.7 MB plotly.js
        # is not compiled ten times over on the same two cores as the server.
        ctx = b.new_context(viewport=VIEWPORT)
        warm = ctx.new_page()
        warm.goto(_url(srv.url, {}), wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        wait_for_app(warm, charts=1, timeout=TIMEOUT_MS)
        warm.close()
        for r in range(rounds):
            pages = [ctx.new_page() for _ in SESSIONS]
            t0 = time.perf_counter()
            for page, params in zip(pages, SESSIONS, strict=True):
                page.goto(_url(srv.url, params), wait_until="commit", timeout=TIMEOUT_MS)
            timed_out = set()
            deadline = time.monotonic() + ROUND_TIMEOUT_S
            for i, (page, want) in enumerate(zip(pages, expected, strict=True)):
                page.bring_to_front()  # as a tab a person looks at: a hidden one may not draw at all
                left_ms = max(1_000, (deadline - time.monotonic()) * 1000)
                try:
                    wait_for_app(page, charts=1 if want["n_events"] else 0, timeout=left_ms)
                except PlaywrightTimeout:
                    timed_out.add(i)
            out["rounds"].append(time.perf_counter() - t0)
            for i, (page, want, params) in enumerate(zip(pages, expected, SESSIONS, strict=True)):
                got = page.evaluate(STATE_JS) | {"timed_out": i in timed_out}
                ok = (
                    not got["timed_out"]
                    and got["exceptions"] == 0
                    and got["errors"] == 0
                    and got["title"] == want["title"]
                    and (got["n_events"] == want["n_events"] if want["n_events"] else got["no_match"] > 0)
                )
                if not ok:
                    out["failures"].append({"round": r, "session": i, "params": params, "want": want, "got": got})
            for page in pages:
                page.close()
            time.sleep(2)  # let the server notice the closed websockets
            out["rss_kb"].append(rss_kb(srv.proc.pid))
            if time.monotonic() - start > budget:
                break
        ctx.close()
    return out

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

from core.filtering import apply
from core.i18n import label, month_name, t
from core.state import ViewState
from loaders import load_dataset
from loaders.schema import EVENT_KINDS
from tests.conftest import CHARTS, CHROMIUM, CHROMIUM_ARGS, ROOT, VIEWPORT, AppServer, start_server, wait_for_app

from .timing import Timing

PLOT = ", ".join(f"{c} .js-plotly-plot" for c in CHARTS.split(", "))
FIRST_CHART_JS = f"""() => {{
  const p = document.querySelector('{PLOT}');
  return p && p._fullLayout && p.querySelector('.main-svg .trace, .heatmaplayer .hm') ? performance.now() : false;
}}"""
# Every draw of the timeline on screen, with its view and event count, and the time of the last click: Streamlit's
# chart when plotly's afterplot comes, then the next frame (a chart mounted anew is noted when first seen); the
# timeline drawn in the page when it shows a view, whether drawn then or before (ui/timeline_chart.js), then the next
# frame.
WATCH_JS = """() => {
  window.__plotted = [];
  window.__clicked = Infinity;
  document.addEventListener('click', () => { window.__clicked = performance.now(); }, true);
  const noted = (rev, n) => requestAnimationFrame(() => window.__plotted.push([performance.now(), rev, n]));
  document.addEventListener('timeline-shown', (e) => noted(e.detail.uirevision, e.detail.n_events), true);
  const note = (p) => noted(String(p._fullLayout.uirevision), (p._fullLayout.meta || {}).n_events ?? null);
  const hook = () => {
    for (const p of document.querySelectorAll('.st-key-timeline_chart [data-testid="stPlotlyChart"] .js-plotly-plot')) {
      if (!p.__timed && p.on && p._fullLayout) { p.__timed = true; p.on('plotly_afterplot', () => note(p)); note(p); }
    }
    requestAnimationFrame(hook);
  };
  hook();
}"""
# Milliseconds from the last click to the first draw after it of the view wanted: its `uirevision` (which names
# the year, month and lanes) starting with `head`, and, when `n` is given, `n` events drawn.
DRAWN_JS = """([head, n]) => {
  const hit = window.__plotted.find(
    ([t, rev, k]) => t > window.__clicked && rev.startsWith(head) && (n === null || k === n));
  return hit ? hit[0] - window.__clicked : false;
}"""
TIMEOUT_MS = 180_000


@contextlib.contextmanager
def server(path: Path, script: str = "dashboard.py") -> Iterator[AppServer]:
    """The app (or another Streamlit script of the project, `script`) serving the data file `path`."""
    logs = Path(tempfile.mkdtemp(prefix="bench-server-"))
    env = None if script == "dashboard.py" else {"PYTHONPATH": str(ROOT)}  # another script imports the project
    srv = start_server(logs, events_file=path, script=script, env=env)
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


def timeline_page(ctx, base: str, query: str = ""):
    """A new page on the timeline (see `open_timeline`)."""
    return open_timeline(ctx.new_page(), base, query)


def open_timeline(page, base: str, query: str = ""):
    """`page` on the timeline (with `query`), drawn, its draws watched (`WATCH_JS`)."""
    page.goto(f"{base}/timeline{query}", wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    wait_for_app(page, charts=1, timeout=TIMEOUT_MS)
    page.evaluate(WATCH_JS)
    return page


def timed_click(page, target, head: str, n: int | None = None) -> float:
    """Seconds from a click on `target` (a locator) to the timeline drawn on screen for the view `head` names (see
    `DRAWN_JS`); then waits until the run is over, so that the next click starts from rest."""
    target.click()
    ms = page.wait_for_function(DRAWN_JS, arg=[head, n], polling="raf", timeout=TIMEOUT_MS).json_value()
    wait_for_app(page, charts=1, timeout=TIMEOUT_MS)
    return ms / 1000


def year_clicks(b, base: str, years: list[int], lane: str = "kind") -> list[float]:
    """Seconds from a click on a year button to the timeline redrawn for that year, one per year."""
    ctx = b.new_context(viewport=VIEWPORT)
    try:
        page = timeline_page(ctx, base, f"?lane={lane}" if lane != "kind" else "")
        year = lambda y: page.get_by_role("radio", name=str(y), exact=True)  # noqa: E731
        return [timed_click(page, year(y), f"timeline-{y}-None-") for y in years]
    finally:
        ctx.close()


MONTHS = (3, 6, 9, 12, 1, 4, 7, 10)  # the months clicked, in order


def filter_kinds(path: Path, year: int) -> list[str]:
    """The kinds chosen one after another in the filter: those with events in `year`, in the filter's order."""
    ev = apply(load_dataset(path, cache=True), ViewState(years=(year, year))).events
    return [k for k in EVENT_KINDS if (ev["kind"] == k).any()]


def interactions(b, base: str, path: Path, year: int, clicks: int = 4) -> dict[str, list[float]]:
    """The other clicks on the timeline, each timed to the chart drawn for its view: ◀ ▶ (from `year`), a month
    of `year` (from the whole year, then from another month), and a kind chosen in the sidebar's filter (one more
    kind at each click, the count of events drawn checked against the data)."""
    ds = load_dataset(path, cache=True)
    out: dict[str, list[float]] = {"step": [], "month": [], "filter": []}
    ctx = b.new_context(viewport=VIEWPORT)
    try:
        page = timeline_page(ctx, base, f"?years={year}")
        nxt = page.get_by_role("button", name=f"{t('nav.next', 'vi')} ▶")
        prev = page.get_by_role("button", name=f"◀ {t('nav.prev', 'vi')}")
        for i in range(clicks):
            button, y = (nxt, year + 1) if i % 2 == 0 else (prev, year)
            out["step"].append(timed_click(page, button, f"timeline-{y}-None-"))
        for m in MONTHS[:clicks]:
            month = page.get_by_role("radio", name=month_name(m, "vi"), exact=True)
            out["month"].append(timed_click(page, month, f"timeline-{year}-{m}-"))
        open_timeline(page, base, f"?years={year}")  # the whole year again, no filter
        kinds = filter_kinds(path, year)[:clicks]
        chosen: list[str] = []
        for kind in kinds:
            chosen.append(kind)
            n = len(apply(ds, ViewState(years=(year, year), kinds=tuple(chosen))).events)
            page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(0).locator("input").click()
            option = page.get_by_role("option", name=label("kind", kind, "vi"), exact=True)
            out["filter"].append(timed_click(page, option, f"timeline-{year}-None-", n))
            page.keyboard.press("Escape")
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

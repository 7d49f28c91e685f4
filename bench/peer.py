"""The peer: vis-timeline 8.5 zooming to one year on the same events as our year click, in the same browser.

vis-timeline and vis-data are installed from npm on demand into bench/out/peer/ (git-ignored, a benchmark tool only,
never a dependency of the app). The peer page draws every event of the file in one timeline, one group per kind as
our lanes, day events as points and month or year events as ranges over their span, the title as a tooltip (ours
shows it on hover; a second run draws it as each item's label too), not stacked, 600 px high, opened on the year
before the first one zoomed to; a zoom is `setWindow(year, {animation: false})`, timed in the page from the call to
the first animation frame after vis-timeline's `changed` event (its redraw is done). plotly.js alone: the figures
our server sends for the same years, redrawn with `Plotly.react` in a bare page of the same browser (the plotly.js
of the plotly package), timed from the call to the next frame after it; the part of our click that is plotly's own
redraw. Streamlit alone (bench/streamlit_alone.py): the curated data's figures for the same years in a Streamlit
page that holds nothing but the year buttons and Streamlit's chart, clicked as ours: what the click costs where every
year goes through the server and Streamlit's chart (as the app's did before it drew the timeline itself). Ours is
`bench.browser.year_clicks`: from the click on a year button to the timeline of that year on screen (the timeline
drawn in the page says when it shows a view, whether it drew it then or before, while idle; Streamlit's chart when
plotly's `afterplot` comes for that view; then the next frame; the first click from all years, the next from a
year). Then, on the same server, the other clicks (`bench.browser.interactions`): ◀ ▶, months of a
year, and kinds chosen in the sidebar's filter.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import subprocess
import time
from pathlib import Path
from unittest import mock

import plotly

from core import views
from core.filtering import apply
from core.state import ViewState
from figures.timeline import timeline_figure
from loaders import DEFAULT_PATH, load_dataset
from tests.conftest import VIEWPORT

from .browser import MONTHS, TIMEOUT_MS, browser, filter_kinds, interactions, server, year_clicks
from .generate import OUT
from .timing import Timing

PACKAGES = ("vis-timeline@8.5.4", "vis-data@8.0.5")
PEER_DIR = OUT / "peer"
SCRIPT = "node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js"
STYLE = "node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css"

_SETUP = """([items, year]) => {
  const box = document.createElement('div');
  box.id = 'peer';
  document.body.appendChild(box);
  const groups = [...new Set(items.map((i) => i.group))].map((g) => ({ id: g, content: g }));
  const data = new vis.DataSet(items.map((i) => ({ ...i, start: new Date(i.start), end: i.end && new Date(i.end) })));
  window.__kinds = null;  // the kinds kept (a filter change), null for all
  const kept = (i) => window.__kinds === null || window.__kinds.includes(i.group);
  window.__view = new vis.DataView(data, { filter: kept });
  window.__done = null;
  window.__t0 = performance.now();
  const tl = new vis.Timeline(box, window.__view, groups, {
    stack: false, height: '600px', start: new Date(year, 0, 1), end: new Date(year + 1, 0, 1),
  });
  tl.on('changed', () => requestAnimationFrame(() => {
    if (window.__done === null) window.__done = performance.now() - window.__t0;
  }));
  window.__timeline = tl;
}"""
_ZOOM = """(year) => {
  window.__done = null;
  window.__t0 = performance.now();
  window.__timeline.setWindow(new Date(year, 0, 1), new Date(year + 1, 0, 1), { animation: false });
}"""
_MONTH = """([year, month]) => {
  window.__done = null;
  window.__t0 = performance.now();
  window.__timeline.setWindow(new Date(year, month - 1, 1), new Date(year, month, 1), { animation: false });
}"""
_FILTER = """(kinds) => {
  window.__done = null;
  window.__t0 = performance.now();
  window.__kinds = kinds;
  window.__view.refresh();
}"""
_DONE = "() => window.__done !== null && window.__done"
_REDRAW = """async ([figures, rounds]) => {
  const box = document.getElementById('plot');
  await Plotly.newPlot(box, figures[0].data, figures[0].layout, { responsive: false });
  const out = [];
  for (let r = 0; r < rounds; r++) {
    for (const fig of figures.slice(1)) {
      const t0 = performance.now();
      await Plotly.react(box, fig.data, fig.layout, { responsive: false });
      await new Promise((done) => requestAnimationFrame(() => done()));
      out.push((performance.now() - t0) / 1000);
    }
  }
  return out;
}"""
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOT_PX = 1000  # about the width of the app's chart at the bench's window
ALONE = "bench/streamlit_alone.py"  # Streamlit alone: the year buttons and our chart, nothing else on the page


def ensure_installed(directory: Path = PEER_DIR) -> Path:
    """vis-timeline and vis-data in `directory` (npm install on first use); the folder."""
    if not (directory / SCRIPT).exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install vis-timeline for the peer measurement")
        directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(directory), "--no-save", "--no-audit", "--no-fund", *PACKAGES],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return directory


def items(path: Path, labels: bool = False) -> list[dict]:
    """Every event of the file as a vis-timeline item: points for days, ranges over a month or a year; the title
    as a tooltip (as our chart shows it on hover), or drawn as the item's label too with `labels`."""
    ev = load_dataset(path, cache=True).events
    out = []
    for i, (start, last, precision, title, kind) in enumerate(
        zip(ev["start"], ev["end"], ev["precision"], ev["title"], ev["kind"], strict=True)
    ):
        text = str(title)
        item = {"id": i, "content": text if labels else "", "title": text, "start": start.isoformat(), "group": kind}
        if precision != "day" or last != start:
            item["end"] = last.isoformat()
            item["type"] = "range"
        else:
            item["type"] = "point"
        out.append(item)
    return out


@contextlib.contextmanager
def peer_page(b, path: Path, year: int, labels: bool = False):
    """A page of vis-timeline holding every event of `path`, opened on `year`; yields the page and the seconds its
    first draw took."""
    folder = ensure_installed()
    ctx = b.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto("about:blank")
        page.add_style_tag(path=str(folder / STYLE))
        page.add_script_tag(path=str(folder / SCRIPT))
        page.evaluate(_SETUP, [items(path, labels), year])
        yield page, _done(page)
    finally:
        ctx.close()


def peer_zooms(b, path: Path, years: list[int], rounds: int = 2, labels: bool = False) -> tuple[float, list[float]]:
    """vis-timeline on every event of `path`: seconds to draw it first, then to zoom to each year, `rounds` times."""
    zooms = []
    with peer_page(b, path, years[0] - 1, labels) as (page, first):  # opens on the year before the first zoomed to
        for _ in range(rounds):
            for year in years:
                page.evaluate(_ZOOM, year)
                zooms.append(_done(page))
    return first, zooms


def peer_interactions(b, path: Path, year: int, clicks: int = 4) -> dict[str, list[float]]:
    """vis-timeline doing what `bench.browser.interactions` clicks, on every event of `path`, from `year`: the next
    and previous year (a zoom), months of the year (a zoom to the month), and one more kind kept at each step (its
    DataView's filter, refreshed); seconds each, to the redraw on screen."""
    out: dict[str, list[float]] = {"step": [], "month": [], "filter": []}
    with peer_page(b, path, year) as (page, _):
        for i in range(clicks):
            page.evaluate(_ZOOM, year + 1 if i % 2 == 0 else year)
            out["step"].append(_done(page))
        for m in MONTHS[:clicks]:
            page.evaluate(_MONTH, [year, m])
            out["month"].append(_done(page))
        page.evaluate(_ZOOM, year)
        _done(page)
        chosen: list[str] = []
        for kind in filter_kinds(path, year)[:clicks]:
            chosen.append(kind)
            page.evaluate(_FILTER, chosen)
            out["filter"].append(_done(page))
    return out


def plotly_alone(b, path: Path, years: list[int], rounds: int = 2, one_by_one: bool = False) -> list[float]:
    """Seconds plotly.js takes to redraw our timeline from one year to the next (see the module's doc), for the
    views our year clicks show (the year before the first, then `years`); `one_by_one`: every event drawn as a mark
    whatever the count (the figure as it was before the density threshold came down to 1,000)."""
    ds = load_dataset(path, cache=True)
    build = functools.partial(timeline_figure, max_points=len(ds.events)) if one_by_one else timeline_figure
    figures = []
    with mock.patch.object(views, "timeline_figure", build):  # the app's own way from a view to its figure
        for year in (years[0] - 1, *years):
            view = ViewState(years=(year, year))
            chart = views.build_chart("timeline", ds, apply(ds, view), view)
            figures.append(json.loads(chart.figure.to_json()))
    ctx = b.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_content(f"<div id='plot' style='width:{PLOT_PX}px'></div>")
        page.add_script_tag(path=str(PLOTLY_JS))
        return page.evaluate(_REDRAW, [figures, rounds])
    finally:
        ctx.close()


def _done(page) -> float:
    """Seconds the peer's last draw took, once it is on screen."""
    return page.wait_for_function(_DONE, polling="raf", timeout=TIMEOUT_MS).json_value() / 1000


def bench_peer(path: Path, *, clicks: int = 5, rounds: int = 2) -> dict:
    """Our year clicks and vis-timeline's zoom to the same years, on the same file, in one browser, interleaved by
    round: round 1 of ours asks the server for views it has not drawn before."""
    events = load_dataset(path, cache=True).events
    years = sorted({int(y) for y in events["year"]})
    chosen = [years[i % len(years)] for i in range(1, clicks + 1)]
    out: dict = {"years": chosen, "events": len(events), "ours": [], "peer": []}
    start = time.monotonic()
    with browser() as b:
        with server(path) as srv:
            for _ in range(rounds):
                out["ours"].append(year_clicks(b, srv.url, chosen))
                first, zooms = peer_zooms(b, path, chosen, rounds=1)
                out["peer"].append(zooms)
                out["peer_first"] = first
            out["peer_labels_first"], zooms = peer_zooms(b, path, chosen, rounds=1, labels=True)
            out["peer_labels"] = [zooms]
            out["plotly"] = plotly_alone(b, path, chosen)
            out["plotly_one_by_one"] = plotly_alone(b, path, chosen, one_by_one=True)
            out["plotly_curated"] = plotly_alone(b, DEFAULT_PATH, chosen)
            out["interactions"] = interactions(b, srv.url, path, chosen[0])
            out["peer_interactions"] = peer_interactions(b, path, chosen[0])
        with server(DEFAULT_PATH) as ours, server(DEFAULT_PATH, script=ALONE) as alone:
            out["curated_ours"], out["curated_streamlit"] = [], []
            for _ in range(rounds):  # interleaved, so that the machine's noise falls on both alike
                out["curated_ours"].append(year_clicks(b, ours.url, chosen))
                out["curated_streamlit"].append(year_clicks(b, alone.url, chosen))
    out["seconds"] = time.monotonic() - start
    out["versions"] = _versions()
    return out


def _versions() -> dict[str, str]:
    found = {}
    for name in ("vis-timeline", "vis-data"):
        manifest = PEER_DIR / "node_modules" / name / "package.json"
        if manifest.exists():
            found[name] = json.loads(manifest.read_text())["version"]
    return found


def timing(samples: list[list[float]], round_: int | None = None) -> Timing:
    rows = samples if round_ is None else samples[round_ : round_ + 1]
    return Timing([x for row in rows for x in row])

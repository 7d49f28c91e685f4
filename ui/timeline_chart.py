"""The timeline chart drawn by plotly.js in the page itself, holding the figures of the views one click away.

A click on a year button (or ◀ ▶) then shows that view's chart at once, from a figure the page already holds and has
drawn while idle; the server follows as for any click (the URL, the sidebar, the counts, the month buttons, the event
list), and its answer shows the same figure, so the chart does not change again. The figures come from the same
builders and memo as `st.plotly_chart`'s would; plotly.js is the one the plotly package ships (the server's PNG and
SVG exports draw with it too), served by the app from its `static/` folder.

The other views are held where they cost little: when the data holds at most `HOLD_LIMIT` events. The first time a
set of filters is seen, the chart is sent alone and the page asks for the rest once it has shown it (a second run of
the fragment), so that first chart comes as quickly as before. Where plotly.js cannot be served, the chart is
`st.plotly_chart` and every click goes to the server (`ui.charts.render_chart`)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import plotly
import streamlit as st

from core.state import YEARS, ViewState
from figures.theme import Chart, export_filename

from .charts import render_downloads, toolbar_config
from .page import Context

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"  # served at app/static/ (server.enableStaticServing)
HOLD_LIMIT = 2_000  # events in the data up to which the other views' figures are held in the page
NAV = "w_year_nav"  # the year buttons' key (ui.view.render_year_nav), ◀ ▶ below
STEPS = {-1: "w_prev_year", 1: "w_next_year"}
FAILED = "timeline_in_page_failed"  # set when this session's browser could not draw it: Streamlit's chart then

_log = logging.getLogger(__name__)
_chart = st.components.v2.component(
    "tcxd_timeline", js=(Path(__file__).with_suffix(".js")).read_text(encoding="utf-8"), isolate_styles=False
)


@st.cache_resource(show_spinner=False)
def plotly_js() -> str | None:
    """The address of plotly.js as the app serves it (copied once from the plotly package into `static/`, older
    versions removed), or None where it cannot be served: static serving off, or the folder not writable."""
    if not st.get_option("server.enableStaticServing"):
        return None
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    name = f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    target = STATIC / name
    try:
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            STATIC.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=STATIC, prefix=".", suffix=".part")
            os.close(fd)
            try:
                shutil.copyfile(source, tmp)
                os.chmod(tmp, 0o644)  # a public library, readable as the package's own copy is
                os.replace(tmp, target)  # whole or not at all, for a browser fetching it meanwhile
            finally:
                Path(tmp).unlink(missing_ok=True)
        for old in STATIC.glob("plotly-*.min.js"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except OSError as exc:
        _log.warning("plotly.js cannot be served from %s (%s): the timeline is drawn by st.plotly_chart", STATIC, exc)
        return None
    base = st.get_option("server.baseUrlPath").strip("/")
    return f"/{base}/app/static/{name}" if base else f"/app/static/{name}"


def view_key(view: ViewState) -> str:
    """The name of a view's figure in the page: its years and month (all else is the same for the views held)."""
    return f"{view.years[0]}-{view.years[1]}-{view.month or 0}"


def one_click_away(view: ViewState) -> list[ViewState]:
    """The views the navigation's buttons lead to: each year button's (all years, then each year, in the buttons'
    order), then ◀'s and ▶'s."""
    return [view.with_year(y) for y in [None, *YEARS]] + [view.step_year(delta) for delta in STEPS]


def render_timeline_chart(ctx: Context, chart: Chart, *, key: str, filename: str, lang: str, on_select) -> bool:
    """The view's timeline (`chart`) drawn in the page, holding the views one click away, then its downloads;
    False, drawing nothing, where plotly.js cannot be served or failed in this session's browser (the caller then
    draws it with `render_chart`)."""
    lib = plotly_js()
    if lib is None or st.session_state.get(FAILED):
        return False
    view = ctx.view
    held, hold = {view_key(view): view}, None
    if len(ctx.ds.events) <= HOLD_LIMIT:
        wanted = _hold_key(ctx)
        asked = (st.session_state.get(key) or {}).get("hold")  # the component's state: what the page asked for
        away = one_click_away(view)
        if asked == wanted or all(_built(ctx, v) for v in away):
            held |= {view_key(v): v for v in away}
        else:
            hold = wanted  # drawn first; the page then asks for the rest (a run of this fragment)
    figures = {k: _json(ctx, v) for k, v in held.items()}
    data = {
        "lib": lib,
        "shown": view_key(view),
        "figures": figures,
        "config": toolbar_config(chart.figure, filename, lang),
        "filenames": {k: export_filename("timeline", v.span, lang) for k, v in held.items()},
        "years": [f"st-key-{NAV}-{lang}", [view_key(view.with_year(y)) for y in [None, *YEARS]]],
        "steps": [
            [f"st-key-{b}" for b in STEPS.values()],
            {k: [view_key(v.step_year(delta)) for delta in STEPS] for k, v in held.items()},
        ],
        "hold": hold,
    }
    with st.container(key=f"chart_frame_{key}"):  # on a phone the chart keeps its width and scrolls (ui.page)
        _chart(
            key=key,
            data=data,
            on_select_change=on_select,
            on_hold_change=lambda: None,
            on_failed_change=lambda: _failed(key),
            default={"hold": None, "failed": None},
        )
    render_downloads(chart, chart.figure, key=key, filename=filename, lang=lang)
    return True


def _failed(key: str) -> None:
    """The page could not draw the timeline (plotly.js not loaded, or a draw failed): Streamlit's chart from now on,
    for this session."""
    reason = (st.session_state.get(key) or {}).get("failed")
    if reason:
        _log.warning("The timeline could not be drawn in the page (%s): Streamlit's chart from now on", reason)
        st.session_state[FAILED] = True


def _json(ctx: Context, view: ViewState) -> str:
    """The figure of `view` (with the filters, lanes, language and width of `ctx`) as plotly.js reads it, made once
    per view; the figure itself is built only when it is not made yet."""
    other = replace(ctx, view=view)
    return other.cached("figure_json", lambda: other.chart("timeline").figure.to_json(), "timeline", ctx.narrow)


def _built(ctx: Context, view: ViewState) -> bool:
    return replace(ctx, view=view).has("figure_json", "timeline", ctx.narrow)


def _hold_key(ctx: Context) -> str:
    """What the held views share, as text: the data file's signature, the filters, lanes, language and width."""
    query = ctx.view.with_year(None).to_query()
    query.pop("event", None)
    return json.dumps([ctx.loaded.good.signature, query, ctx.narrow], sort_keys=True)

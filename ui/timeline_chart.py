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

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"  # served at app/static/ (server.enableStaticServing)
HOLD_LIMIT = 2_000  # events in the data up to which the other views' figures are held in the page
NAV = "w_year_nav"  # the year buttons' key (ui.view.render_year_nav), ◀ ▶ below
STEPS = {-1: "w_prev_year", 1: "w_next_year"}

_log = logging.getLogger(__name__)
_chart = st.components.v2.component(
    "tcxd_timeline", js=(Path(__file__).with_suffix(".js")).read_text(encoding="utf-8"), isolate_styles=False
)


@st.cache_resource(show_spinner=False)
def plotly_js() -> str | None:
    """The address of plotly.js as the app serves it (copied once from the plotly package into `static/`), or None
    where it cannot be served: static serving off, or the folder not writable."""
    if not st.get_option("server.enableStaticServing"):
        return None
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    name = f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    target = STATIC / name
    try:
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            STATIC.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=STATIC, suffix=".part")
            os.close(fd)
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)  # whole or not at all, for a browser fetching it meanwhile
    except OSError as exc:
        _log.warning("plotly.js cannot be served from %s (%s): the timeline is drawn by st.plotly_chart", STATIC, exc)
        return None
    return f"app/static/{name}"


def view_key(view: ViewState) -> str:
    """The name of a view's figure in the page: its years and month (all else is the same for the views held)."""
    return f"{view.years[0]}-{view.years[1]}-{view.month or 0}"


def one_click_away(view: ViewState) -> list[tuple[str, int, ViewState]]:
    """The views the navigation's buttons lead to: (the class of the button's container, the button's index in it or
    -1 for its only one, the view), for each year button (all years, then each year) and for ◀ ▶."""
    box = f"st-key-{NAV}-{view.lang}"
    years = [(box, i, view.with_year(y)) for i, y in enumerate([None, *YEARS])]
    return years + [(f"st-key-{key}", -1, view.step_year(delta)) for delta, key in STEPS.items()]


def render_timeline_chart(ctx, chart: Chart, *, key: str, filename: str, lang: str, on_select) -> bool:
    """The view's timeline (`chart`) drawn in the page, holding the views one click away, then its downloads;
    False, drawing nothing, where plotly.js cannot be served (the caller then draws it with `render_chart`)."""
    lib = plotly_js()
    if lib is None:
        return False
    view = ctx.view
    figures = {view_key(view): _json(ctx, chart)}
    filenames = {view_key(view): filename}  # the toolbar's PNG of each view is named for it
    nav = one_click_away(view)
    hold_key = _hold_key(ctx)
    hold = None
    if len(ctx.ds.events) <= HOLD_LIMIT:
        asked = (st.session_state.get(key) or {}).get("hold")  # the component's state: what the page asked for
        if asked == hold_key or all(_built(ctx, v) for _, _, v in nav):
            for _, _, v in nav:
                other = replace(ctx, view=v)
                figures.setdefault(view_key(v), _json(other, other.chart("timeline")))
                filenames.setdefault(view_key(v), export_filename("timeline", v.span, lang))
        else:
            hold = hold_key  # drawn first; the page then asks for the rest (a run of this fragment)
    data = {
        "lib": lib,
        "shown": view_key(view),
        "figures": figures,
        "config": toolbar_config(chart.figure, filename, lang),
        "filenames": filenames,
        "nav": [[box, index, view_key(v)] for box, index, v in nav],
        "hold": hold,
    }
    with st.container(key=f"chart_frame_{key}"):  # on a phone the chart keeps its width and scrolls (ui.page)
        _chart(key=key, data=data, on_select_change=on_select, on_hold_change=lambda: None, default={"hold": None})
    render_downloads(chart, chart.figure, key=key, filename=filename, lang=lang)
    return True


def _json(ctx, chart: Chart) -> str:
    """The figure as plotly.js reads it, made once per view."""
    return ctx.cached("figure_json", chart.figure.to_json, "timeline", ctx.narrow)


def _built(ctx, view: ViewState) -> bool:
    return replace(ctx, view=view).has("figure_json", "timeline", ctx.narrow)


def _hold_key(ctx) -> str:
    """What the held views share, as text: the filters, lanes, language and width class."""
    query = ctx.view.with_year(None).to_query() | {"narrow": str(ctx.narrow)}
    query.pop("event", None)
    return "&".join(f"{k}={v}" for k, v in sorted(query.items()))

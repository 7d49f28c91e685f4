"""The timeline chart drawn by plotly.js in the page itself, holding the figures of the views one click away.

A click on a year or month button (or ◀ ▶, or a choice in a filter's list) then shows that view's chart at once, from
a figure the page already holds and has drawn while idle; the server follows as for any click (the URL, the sidebar,
the counts, the month buttons, the event list), and its answer shows the same figure, so the chart does not change
again. The figures come from the same builders and memo as `st.plotly_chart`'s would; plotly.js is the one the plotly
package ships (the server's PNG and SVG exports draw with it too), served by the app from its `static/` folder.

The views one click away are the year buttons', ◀'s and ▶'s, within a year its month buttons', then those the
sidebar's lists lead to (each option chosen or removed, and "Clear all"; `ui.view.CHOICES`). They are held as far as
their figures fit in `HOLD_BYTES` (estimated from the events each view shows, before any is built): on the curated
data all of them; at 10,000 events the years (drawn as densities), the months of the year in view and, in a year,
where its lists lead; at 100,000 the years and the months nearest the one in view. The first time a set of views is
wanted (new filters, another year), the chart is sent with the buttons' views built already, and the page asks for
the rest once it has shown it; each run it asks builds more of them for about `ROUND_S`, nearest first, so that a
click never waits long behind one. A figure the page was sent before is sent as None with its digest (the page keeps
what it was sent and checks the digest; the one shown always goes in full); a page without it asks for them all
again. Where plotly.js cannot be served, the chart is
`st.plotly_chart` and every click goes to the server (`ui.charts.render_chart`)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import plotly
import streamlit as st

from core.filtering import event_mask, isin
from core.i18n import label
from core.state import YEARS, ViewState
from figures.theme import Chart, export_filename
from figures.timeline import DENSITY_THRESHOLD, MONTH_THRESHOLD

from .charts import render_downloads, toolbar_config
from .page import Context
from .view import CHOICES

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"  # served at app/static/ (server.enableStaticServing)
HOLD_BYTES = 4_000_000  # the held figures' estimated size, in all, up to which views one click away are held
ROUND_S = 0.4  # a run that builds held views stops after about this long; the page then asks for the rest
# a figure's size as JSON, estimated (see bench/results.md, "Figure builders"): its frame (cycles, phases, axes,
# titles), then each event drawn as a mark, or a density's cells for each year in view
FIGURE_BYTES, EVENT_BYTES, DENSITY_YEAR_BYTES = 6_000, 400, 20_000
NAV = "w_year_nav"  # the year buttons' key (ui.view.render_year_nav), ◀ ▶ below
MONTH_NAV = "w_month_nav"  # the month buttons' key (ui.view.render_month_nav)
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
    """The name of a view's figure in the page: its years and month, and the choices of the filters chosen from a
    list (all else is the same for the views held)."""
    chosen = [f"{name}={'.'.join(getattr(view, name))}" for name, *_ in CHOICES if getattr(view, name)]
    return "~".join([f"{view.years[0]}-{view.years[1]}-{view.month or 0}", *chosen])


def choice_leads(view: ViewState) -> list[tuple[list[ViewState], ViewState]]:
    """For each filter chosen from a list (`ui.view.CHOICES`, in order), where its options lead from `view`: each
    option, chosen (from the list) or removed (its tag's ✕), in the options' order; and its "Clear all"."""
    return [
        ([toggled(view, name, o) for o in options], replace(view, **{name: ()})) for name, _, _, options, _ in CHOICES
    ]


def toggled(view: ViewState, name: str, option: str) -> ViewState:
    """`view` with `option` of the filter `name` added to its choices, or taken out if it is one."""
    chosen = set(getattr(view, name)) ^ {option}
    return replace(view, **{name: tuple(chosen)})  # ViewState orders the choices as the contract does


def one_click_away(view: ViewState, months: bool = True) -> list[ViewState]:
    """The views the navigation's buttons lead to (`button_leads`), the nearest first: each year button's (all years,
    then each year, in the buttons' order), ◀'s and ▶'s, then, within one year (with `months`: the page shows its
    month buttons), its whole year's and its months' (from the month in view outwards)."""
    years, prev, nxt, in_year = button_leads(view)
    here = view.month or 0
    return years + prev + nxt + (sorted(in_year, key=lambda v: abs((v.month or 0) - here)) if months else [])


def button_leads(view: ViewState) -> list[list[ViewState]]:
    """The view each button leads to from `view`, by row of buttons in their order: the years, ◀, ▶, the months
    (none outside a single year)."""
    months = [view.with_month(view.year, m) for m in [None, *range(1, 13)]] if view.year is not None else []
    return [[view.with_year(y) for y in [None, *YEARS]], *([view.step_year(d)] for d in STEPS), months]


def render_timeline_chart(ctx: Context, chart: Chart, *, key: str, filename: str, lang: str, on_select) -> bool:
    """The view's timeline (`chart`) drawn in the page, holding the views one click away, then its downloads;
    False, drawing nothing, where plotly.js cannot be served or failed in this session's browser (the caller then
    draws it with `render_chart`)."""
    lib = plotly_js()
    if lib is None or st.session_state.get(FAILED):
        return False
    shown = view_key(ctx.view)
    record = st.session_state.get(f"{key}_sent") or {}  # what this session's page was sent (below)
    context = _figure_context(ctx)
    has = record.get("digests", {}) if record.get("context") == context else {}  # the page's figures, by key
    asked = (st.session_state.get(key) or {}).get("hold")  # the component's state: what the page asked for
    held, hold = _round(ctx, asked, st.session_state.setdefault(f"{key}_rounds", {}), has)
    # each figure in full, but those the page has (as their digests say; the one shown always in full)
    texts = {k: _json(ctx, v) for k, v in held.items() if k == shown or k not in has}
    digests = {k: _digest(ctx, v, texts[k]) if k in texts else has[k] for k, v in held.items()}
    boxes = [f"st-key-{NAV}-{lang}", *(f"st-key-{b}" for b in STEPS.values()), f"st-key-{MONTH_NAV}-{lang}"]
    leads = {k: button_leads(v) for k, v in held.items()}
    choices = {k: _choice_keys(ctx, v) for k, v in held.items()}
    data = {
        "lib": lib,
        "shown": shown,
        "figures": {k: texts.get(k) for k in held},  # None: the page has it
        "digests": digests,
        "config": toolbar_config(chart.figure, filename, lang),
        "filenames": {k: export_filename("timeline", v.span, lang) for k, v in held.items()},
        # each row of buttons: its container's class, and from each view held, the views its buttons lead to
        "buttons": [
            [box, {k: [view_key(v) for v in rows[i]] for k, rows in leads.items()}] for i, box in enumerate(boxes)
        ],
        # each filter chosen from a list: its container's class, its options' labels in order, and from each view
        # held, the views its options lead to and its "Clear all"
        "filters": [
            [
                f"st-key-{widget}-{lang}",
                [label(group, o, lang) for o in options],
                {k: rows[i] for k, rows in choices.items()},
            ]
            for i, (_, widget, group, options, _) in enumerate(CHOICES)
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
            on_missing_change=lambda: st.session_state.pop(f"{key}_sent", None),  # all of them in full, this run
            default={"hold": None, "failed": None, "missing": None},
        )
    # sent (a run stopped for another stops before it sends): from now on, these go as their digests
    st.session_state[f"{key}_sent"] = {"context": context, "digests": digests}
    render_downloads(chart, chart.figure, key=key, filename=filename, lang=lang)
    return True


def _round(ctx: Context, asked: str | None, rounds: dict, has: dict) -> tuple[dict[str, ViewState], str | None]:
    """The views to send, and the state "hold" the page is to send back once it has shown the chart (None: the page
    has every view held). A view new to the page comes at once, with the buttons' views built already or held by
    the page (`has`; the filters' views are not even counted then); each run the page then asks for builds more of
    the others, nearest first, for about `ROUND_S`, so that a click never waits long behind such a run.

    `rounds`, the session's: a counter (each "hold" sent is new), the last "hold" sent (the page asks for more when
    it sends that one back; an older one is a state left from before), and how many views were ready then. Where the
    memo cannot keep them (many sessions on other views at once), the page stops asking once a run adds none."""
    wanted, shown = _hold_key(ctx), view_key(ctx.view)
    asking = asked is not None and asked == rounds.get("last")
    rounds["sent"] = rounds.get("sent", 0) + 1
    known = asking or ctx.has("held_views", ctx.narrow)
    held = ctx.cached("held_views", lambda: held_views(ctx), ctx.narrow) if known else held_views(ctx, choices=False)
    ready = {k: v for k, v in held.items() if k == shown or k in has or _built(ctx, v)}
    if asking:  # build more of them, nearest first, for a while
        stop = time.monotonic() + ROUND_S
        for k, v in held.items():
            if k not in ready:
                _json(ctx, v)
                ready[k] = v
                if time.monotonic() > stop:
                    break
    ready = {k: v for k, v in held.items() if k in ready}  # in the order of nearness
    stuck = asking and len(ready) <= rounds.get("ready", 0)  # built views dropped as quickly as built
    rounds["ready"] = len(ready)
    if known and (len(ready) == len(held) or stuck):
        rounds["last"] = None
        return ready, None
    rounds["last"] = json.dumps([wanted, rounds["sent"]])
    return ready, rounds["last"]


def _figure_context(ctx: Context) -> str:
    """What a figure follows from besides its view's key (`view_key`), as text: the data file, the rest of the view
    (language, lanes, other filters), the width."""
    rest = replace(ctx.view.with_year(None), event=None, **{name: () for name, *_ in CHOICES})
    return json.dumps([ctx.loaded.good.signature, rest.to_query(), ctx.narrow], sort_keys=True)


def _digest(ctx: Context, view: ViewState, text: str) -> str:
    """A short digest of the view's figure as sent (`text`): the page sent it before has it if its digest is the
    same (made once per view)."""
    make = lambda: hashlib.blake2b(text.encode(), digest_size=8).hexdigest()  # noqa: E731
    return replace(ctx, view=view).cached("figure_digest", make, "timeline", ctx.narrow)


def _choice_keys(ctx: Context, view: ViewState) -> list[dict]:
    """For each filter chosen from a list, the keys of the views its options and its "Clear all" lead to from
    `view` (`choice_leads`), made once per view."""
    return replace(ctx, view=view).cached(
        "choice_keys",
        lambda: [{"toggle": [*map(view_key, toggles)], "none": view_key(none)} for toggles, none in choice_leads(view)],
    )


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


def held_views(ctx: Context, choices: bool = True) -> dict[str, ViewState]:
    """The views the page holds, by key: the one in view, then those its buttons lead to, the nearest first, then
    (with `choices`) those its filters' lists lead to, as far as their figures' estimated size fits in
    `HOLD_BYTES`."""
    view = ctx.view
    every = replace(ctx, view=view.with_year(None))
    counts = every.cached(
        "held_counts", lambda: _counts(ctx.ds.events[event_mask(ctx.ds, every.view, ctx.search(every.view))])
    )
    budget = HOLD_BYTES // 2 if ctx.narrow else HOLD_BYTES  # a phone: half as many plots drawn while idle
    held, total = {view_key(view): view}, _size(view, counts)
    months = bool(view.month or counts[0].get(view.year))  # as the page: no month buttons in a year without events
    for other in one_click_away(view, months):
        k = view_key(other)
        if k not in held and total + (size := _size(other, counts)) <= budget:
            held[k], total = other, total + size
    if not choices or budget - total < FIGURE_BYTES:  # (no room left: the filters' views are not even counted)
        return held
    for other, n in _choice_counts(ctx, counts):
        k = view_key(other)
        if k not in held and total + (size := _estimate(other, n)) <= budget:
            held[k], total = other, total + size
    return held


def _choice_counts(ctx: Context, counts) -> list[tuple[ViewState, int]]:
    """The views the filters' options lead to (`choice_leads`), each with the number of its events in the span in
    view (counted once per filter: its other choices' mask, then each option's events)."""
    view, ds = ctx.view, ctx.ds
    here = _count(view, counts)
    out = []
    for (name, *_), (toggles, none) in zip(CHOICES, choice_leads(view), strict=True):
        members = _members(ctx, name)
        if members is None:  # a filter of tasks (their status): the events stay the same
            out += [(v, here) for v in (*toggles, none)]
            continue
        cleared = replace(view, **{name: ()})
        base = event_mask(ds, cleared, ctx.search(cleared)).to_numpy()
        for v in (*toggles, none):
            chosen = getattr(v, name)
            mask = base & np.logical_or.reduce([members[o] for o in chosen]) if chosen else base
            out.append((v, int(mask.sum())))
    return out


def _members(ctx: Context, name: str) -> dict[str, np.ndarray] | None:
    """For a filter of events chosen from a list, which events each option keeps (made once per file); None for
    one that does not narrow the events (core.filtering.event_mask)."""
    ds = ctx.ds

    def make() -> dict[str, np.ndarray] | None:
        ev = ds.events
        if name in ("kinds", "levels"):
            column = ev[name[:-1]].to_numpy()
            return {o: column == o for o in options}
        if name == "categories":
            tasks = ds.tasks
            return {o: isin(ev["id"], tasks.loc[tasks["category"] == o, "event_id"]).to_numpy() for o in options}
        return None

    options = next(opts for n, _, _, opts, _ in CHOICES if n == name)
    return ctx.loaded.good.memo.get("choice_members", name, make)


def _counts(events) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """How many of `events` begin in each year, and in each month known (see core.filtering.event_mask)."""
    year = events["year"].to_numpy(dtype="int64")
    known = (events["precision"] != "year").to_numpy()
    years = dict(zip(*(a.tolist() for a in np.unique(year, return_counts=True)), strict=True))
    dated = year[known] * 100 + events["start"].dt.month.to_numpy(dtype="int64")[known]
    months = dict(zip(*(a.tolist() for a in np.unique(dated, return_counts=True)), strict=True))
    return years, {divmod(k, 100): n for k, n in months.items()}


def _count(view: ViewState, counts) -> int:
    """How many events the view draws, from `_counts` of its filters."""
    years, months = counts
    lo, hi = view.years
    return months.get((lo, view.month), 0) if view.month else sum(years.get(y, 0) for y in range(lo, hi + 1))


def _size(view: ViewState, counts) -> int:
    """The estimated size of the view's timeline as JSON, from `_counts` of its filters."""
    return _estimate(view, _count(view, counts))


def _estimate(view: ViewState, n: int) -> int:
    """The estimated size as JSON of the view's timeline drawing `n` events (a density above its threshold; see
    figures.timeline)."""
    lo, hi = view.years
    if n > (max(DENSITY_THRESHOLD, MONTH_THRESHOLD) if view.month else DENSITY_THRESHOLD):
        return FIGURE_BYTES + DENSITY_YEAR_BYTES * (hi - lo + 1)
    return FIGURE_BYTES + EVENT_BYTES * n


def _hold_key(ctx: Context) -> str:
    """What the views held follow from, as text: the data file's signature, the view (but the open event), width."""
    query = ctx.view.to_query()
    query.pop("event", None)
    return json.dumps([ctx.loaded.good.signature, query, ctx.narrow], sort_keys=True)

"""Each figure builder at scale: build time, JSON serialisation time and payload size (len(fig.to_json()))."""

from __future__ import annotations

import functools
from collections.abc import Callable

import plotly.graph_objects as go

from core.filtering import apply
from core.state import ViewState
from core.views import CHARTS, build_chart
from figures.timeline import DENSITY_THRESHOLD, MONTH_THRESHOLD, timeline_figure
from loaders import Dataset

from .timing import measure

YEAR = 2021  # the one-year view: the busiest year of the curated data's congress cycle


def builders(ds: Dataset, index, view: ViewState) -> dict[str, Callable[[], go.Figure]]:
    """The figures a page draws for `view`, built as the pages build them (core.views)."""
    f = apply(ds, view, index)
    return {name: functools.partial(_figure, name, ds, f, view) for name in CHARTS}


def _figure(name: str, ds: Dataset, f, view: ViewState) -> go.Figure:
    return build_chart(name, ds, f, view).figure


def bench_figures(ds: Dataset, index, *, big: bool) -> list[dict]:
    """One row per (view, figure): build and to_json medians, payload bytes, the timeline's mode."""
    rows = []
    views = {"all years": ViewState(), f"year {YEAR}": ViewState().with_year(YEAR)}
    for view_name, view in views.items():
        for name, build in builders(ds, index, view).items():
            if view_name != "all years" and name not in ("timeline", "overview", "per_year", "tasks_by_year"):
                continue  # the other figures change only in their counts with the year
            fig = build()
            build_t = measure(build, runs=3 if big else 5, budget=30)
            json_t = measure(fig.to_json, runs=3 if big else 5, budget=30)
            payload = len(fig.to_json())
            meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
            rows.append(
                {
                    "view": view_name,
                    "figure": name,
                    "build": build_t,
                    "to_json": json_t,
                    "bytes": payload,
                    "mode": meta.get("mode", ""),
                    "n_events": meta.get("n_events"),
                }
            )
    return rows


def narrowest_exact(ds: Dataset, index) -> dict:
    """At scale: does one year (or one year and one kind) bring the timeline back to exact events?"""
    out = {"threshold": DENSITY_THRESHOLD, "month_threshold": MONTH_THRESHOLD}
    year = ViewState().with_year(YEAR)
    out["year_events"] = len(apply(ds, year, index).events)
    kinds = apply(ds, year, index).events["kind"].value_counts()
    rare = str(kinds.index[-1])
    from dataclasses import replace

    narrowed = replace(year, kinds=(rare,))
    f = apply(ds, narrowed, index)
    fig = timeline_figure(f.events, ds.cycles, ds.phases, year=YEAR).figure
    out["narrow_filter"] = f"year {YEAR} + kind={rare}"
    out["narrow_events"] = len(f.events)
    out["narrow_mode"] = fig.layout.meta["mode"]
    out["narrow_bytes"] = len(fig.to_json())
    # one click on a month of the year's density: its busiest month
    ev = apply(ds, year, index).events
    dated = ev[ev["precision"] != "year"]
    busiest = int(dated["start"].dt.month.value_counts().idxmax())
    month = year.with_month(YEAR, busiest)
    f = apply(ds, month, index)
    fig = timeline_figure(f.events, ds.cycles, ds.phases, year=YEAR, month=busiest).figure
    out["month"] = f"{YEAR}-{busiest:02d}"
    out["month_events"] = len(f.events)
    out["month_mode"] = fig.layout.meta["mode"]
    out["month_bytes"] = len(fig.to_json())
    return out

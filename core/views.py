"""The charts of a view, built once for the pages and the report alike: each chart's builder, fed the view's frames,
its subtitle (the filters in words) and its source line (every source it draws from)."""

from __future__ import annotations

import textwrap
from urllib.parse import urlsplit

import pandas as pd

from core.filtering import Filtered, in_month, isin
from core.i18n import filters_summary, source_line
from core.state import ViewState
from figures.counts import (
    cycles_compared_figure,
    tasks_by_cycle_figure,
    tasks_by_year_figure,
    tasks_per_event_figure,
    tasks_status_figure,
)
from figures.documents import documents_figure
from figures.overview import overview_figure, per_year_figure
from figures.theme import Chart
from figures.timeline import timeline_figure
from loaders import Dataset

# Every chart of the app, in the order a report shows them.
CHARTS = (
    "timeline",
    "overview",
    "per_year",
    "tasks_by_year",
    "tasks_status",
    "tasks_per_event",
    "tasks_by_cycle",
    "cycles_compared",
    "documents",
)


def recorded_in_view(events: pd.DataFrame, view: ViewState) -> bool:
    """Whether the sources record any event in the view's years (and month), whatever the other filters."""
    lo, hi = view.years
    mask = events["year"].between(lo, hi)
    if view.month:
        mask &= in_month(events["start"], events["precision"], view.month)
    return bool(mask.any())


def subtitle(ds: Dataset, view: ViewState, limit: int | None = 3) -> str:
    """The active filters in words, for a chart's subtitle or (every value named, `limit` None) a report's."""
    numbers = dict(zip(ds.documents["id"], ds.documents["number"], strict=True))
    return filters_summary(
        view.lang,
        years=view.years,
        month=view.month,
        cycle=view.cycle,
        kinds=view.kinds,
        levels=view.levels,
        categories=view.categories,
        statuses=view.statuses,
        person=view.person,
        document=numbers.get(view.document, view.document) if view.document else None,
        text=view.text or None,
        limit=limit,
    )


def citations(sources: pd.DataFrame, ids) -> list[str]:
    """How each source is named in a chart's source line: its outlet; else the site of its address (a page read
    whose outlet is not named), so that a chart's every source fits a line or two; else its headline."""
    rows = sources.set_index("id").loc[list(ids)]
    return [
        _cited_as(outlet, url, title)
        for outlet, url, title in zip(rows["outlet"], rows["url"], rows["title"], strict=True)
    ]


def _cited_as(outlet, url, title: str) -> str:
    if isinstance(outlet, str):
        return outlet
    host = urlsplit(url).hostname if isinstance(url, str) else None
    if host:
        return host.removeprefix("www.")
    return f"“{textwrap.shorten(title, 48, placeholder=' …')}”"


def quoted_sources(ds: Dataset, owner_kind: str | None = None, owner_ids: pd.Series | None = None) -> list[str]:
    """The ids of the sources quoted for these events or documents (all of them when `owner_ids` is None), in
    order of first quote."""
    quotes = ds.quotes
    if owner_ids is not None:
        quotes = quotes[(quotes["owner_kind"] == owner_kind) & isin(quotes["owner_id"], owner_ids)]
    return list(quotes["source"].unique())


def sources_line(ds: Dataset, lang: str, owner_kind: str | None = None, owner_ids: pd.Series | None = None) -> str:
    """A chart's source line: every source quoted for the events (or documents) it draws."""
    return source_line(citations(ds.sources, quoted_sources(ds, owner_kind, owner_ids)), lang)


def build_chart(
    name: str, ds: Dataset, f: Filtered, view: ViewState, sub: str | None = None, *, narrow: bool = False
) -> Chart:
    """The chart `name` (one of CHARTS) of the view: its figure and the frame it drew (drawn for a phone's width
    when `narrow`)."""
    lang = view.lang
    sub = subtitle(ds, view) if sub is None else sub
    ev, tasks = f.events, f.tasks
    common = {"lang": lang, "subtitle": sub, "narrow": narrow}
    by_events = {**common, "source_line": sources_line(ds, lang, "event", ev["id"])}
    by_tasks = {**common, "source_line": sources_line(ds, lang, "event", tasks["event_id"])}
    if name == "timeline":
        return timeline_figure(
            ev,
            ds.cycles,
            ds.phases,
            lane=view.lane,
            years=view.years,
            month=view.month,
            none_recorded=not recorded_in_view(ds.events, view),
            **by_events,
        )
    if name == "overview":
        return overview_figure(ev, ds.cycles, **by_events)
    if name == "per_year":
        return per_year_figure(ev, tasks, years=view.years, **by_events)
    if name == "tasks_by_year":
        return tasks_by_year_figure(tasks, years=view.years, **by_tasks)
    if name == "tasks_status":
        return tasks_status_figure(tasks, years=view.years, **by_tasks)
    if name == "tasks_per_event":
        return tasks_per_event_figure(tasks, **by_tasks)
    if name == "tasks_by_cycle":
        return tasks_by_cycle_figure(tasks, ds.cycles, **by_tasks)
    if name == "cycles_compared":
        return cycles_compared_figure(tasks, ds.cycles, events=ev, **by_tasks)
    if name == "documents":
        docs = f.documents
        line = sources_line(ds, lang, "document", docs["id"])
        return documents_figure(docs, cycles=ds.cycles, source_line=line, **common)
    raise ValueError(f"unknown chart {name!r}; expected one of {', '.join(CHARTS)}")

"""Task counts: per year and category, set vs done, per event, per cycle, and the two cycles compared."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.i18n import format_date, label, t
from figures.counts import (
    cycles_compared_figure,
    tasks_by_cycle_figure,
    tasks_by_year_figure,
    tasks_per_event_figure,
    tasks_status_figure,
)
from figures.selection import selected_rows
from figures.theme import export_filename
from ui.charts import render_chart
from ui.page import frame, no_match, render_counts, render_title, require_data

# 1. context
ctx = frame("tasks")
ds = require_data(ctx)
view, lang = ctx.view, ctx.view.lang
render_title(t("page.tasks", lang), ctx.view)
tasks = ctx.filtered().tasks
render_counts(ctx)
if tasks.empty:
    no_match(lang)
    st.stop()


def figure(name: str, build) -> go.Figure:
    """The figure `build(**frame)` makes (title, subtitle, source line), kept for this data and view."""

    def make() -> go.Figure:
        return build(lang=lang, subtitle=ctx.subtitle(), source_line=ctx.source_line(tasks["event_id"]))

    return ctx.cached("figure", make, name)


def chart(fig, key: str, name: str, data, columns: tuple[str, ...]) -> None:
    """One chart with its exports (`data`: a function giving the rows behind it); a click on a bar lists the tasks
    behind it."""
    state = render_chart(
        fig,
        key=key,
        filename=export_filename(name, view.span, lang),
        data=data,
        lang=lang,
        report=view.report,
        selectable=not view.report,
    )
    picked = selected_rows(state)
    if not picked:
        return
    mask = pd.Series(False, index=tasks.index)
    for values in picked:
        one = pd.Series(True, index=tasks.index)
        for column, value in zip(columns, values, strict=False):
            one &= tasks[column].astype(str) == str(value)
        mask |= one
    render_behind(tasks[mask])


precision_of = ds.events.set_index("id")["precision"]


def render_behind(rows: pd.DataFrame) -> None:
    """The tasks behind a selected bar, with their events, the year each is for and when it was set."""
    st.caption(t("tasks.behind", lang, n=len(rows), events=rows["event_id"].nunique()))
    st.dataframe(
        pd.DataFrame(
            {
                t("field.event", lang): rows["event_title_en" if lang == "en" else "event_title"],
                t("detail.task", lang): rows["text_en" if lang == "en" else "text"],
                t("field.category", lang): [label("category", c, lang) for c in rows["category"]],
                t("field.status", lang): [label("status", s, lang) for s in rows["status"]],
                t("field.task_year", lang): rows["year"].astype(str),
                t("field.set_at", lang): [
                    format_date(day, precision, lang)
                    for day, precision in zip(rows["start"], rows["event_id"].map(precision_of), strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def counts(*by: str) -> pd.DataFrame:
    return tasks.groupby(list(by), dropna=False).size().rename("tasks").reset_index()


# 2. per year the tasks are for (the event's year unless a task says otherwise), by category and by status
chart(
    figure("tasks_by_year", lambda **frame: tasks_by_year_figure(tasks, years=view.years, **frame)),
    "tasks_year_chart",
    "tasks-by-year",
    lambda: counts("year", "category"),
    ("year", "category"),
)
chart(
    figure("tasks_status", lambda **frame: tasks_status_figure(tasks, years=view.years, **frame)),
    "tasks_status_chart",
    "tasks-set-done",
    lambda: counts("year", "status"),
    ("year", "status"),
)

# 3. per event and per cycle
chart(
    figure("tasks_per_event", lambda **frame: tasks_per_event_figure(tasks, **frame)),
    "tasks_event_chart",
    "tasks-per-event",
    lambda: counts("event_id", "event_title", "status"),
    ("event_id",),
)
chart(
    figure("tasks_by_cycle", lambda **frame: tasks_by_cycle_figure(tasks, ds.cycles, **frame)),
    "tasks_cycle_chart",
    "tasks-by-cycle",
    lambda: counts("cycle", "category"),
    ("cycle", "category"),
)

# 4. the two cycles on one axis of months before their congress: the pace (tasks and events so far), the counts
chart(
    figure(
        "cycles_compared",
        lambda **frame: cycles_compared_figure(tasks, ds.cycles, events=ctx.filtered().events, **frame),
    ),
    "cycles_compared_chart",
    "cycles-compared",
    lambda: counts("cycle", "months_before_congress"),
    ("cycle", "months_before_congress"),
)

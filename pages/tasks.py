"""Task counts: per year and category, set vs done, per event, per cycle, and the two cycles compared."""

import pandas as pd
import streamlit as st

from core.i18n import format_date, label, t
from figures.selection import selected_rows
from figures.theme import Chart, export_filename
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


def chart(drawn: Chart, key: str, name: str, columns: tuple[str, ...]) -> None:
    """One chart with its exports; a click on a bar lists the tasks behind it (`columns`: what its customdata
    holds)."""
    state = render_chart(
        drawn,
        key=key,
        filename=export_filename(name, view.span, lang),
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


# 2. per year the tasks are for (the event's year unless a task says otherwise), by category and by status
chart(
    ctx.chart("tasks_by_year"),
    "tasks_year_chart",
    "tasks-by-year",
    ("year", "category"),
)
chart(
    ctx.chart("tasks_status"),
    "tasks_status_chart",
    "tasks-set-done",
    ("year", "status"),
)

# 3. per event and per cycle
chart(
    ctx.chart("tasks_per_event"),
    "tasks_event_chart",
    "tasks-per-event",
    ("event_id",),
)
chart(
    ctx.chart("tasks_by_cycle"),
    "tasks_cycle_chart",
    "tasks-by-cycle",
    ("cycle", "category"),
)

# 4. the two cycles on one axis of months before their congress: the pace (tasks and events so far), the counts
chart(
    ctx.chart("cycles_compared"),
    "cycles_compared_chart",
    "cycles-compared",
    ("cycle", "months_before_congress"),
)

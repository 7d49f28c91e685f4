"""Data and sources: the events as a searchable table, the sources, and downloads of the filtered data."""

import pandas as pd
import streamlit as st

from core.export import csv_of, with_event_precision
from core.i18n import label, t
from figures.theme import export_filename
from ui.detail import sources_table
from ui.page import frame, no_match, render_counts, render_title, require_data
from ui.view import bind

# 1. context and the search box (the shared text filter; diacritics and case are ignored)
ctx = frame("data")
ds = require_data(ctx)
view, lang = ctx.view, ctx.view.lang
render_title(t("page.data", lang), ctx.view)
st.text_input(
    t("data.search", lang),
    placeholder=t("filters.text_hint", lang),
    max_chars=200,
    **bind("text", "w_text_data", from_widget=lambda v: (v or "").strip()),
)


def events_csv(ev: pd.DataFrame) -> pd.DataFrame:
    """The events as the CSV gives them: id and dates first, then every other column of the frame (the curator's
    date note stays in the data file)."""
    first = ["id", "start", "end", "precision", "title", "title_en"]
    return ev[first + [c for c in ev.columns if c not in first and c != "date_note"]]


def events_table(ev: pd.DataFrame, dates: pd.Series, lang: str) -> pd.DataFrame:
    """The events as the table shows them, in `lang` (`dates`: every event's date as text, by row)."""
    return pd.DataFrame(
        {
            t("field.date", lang): dates.loc[ev.index].to_numpy(),
            t("data.title", lang): ev["title_en" if lang == "en" else "title"],
            t("field.kind", lang): [label("kind", k, lang) for k in ev["kind"]],
            t("axis.n_tasks", lang): ev["n_tasks"],
            t("field.level", lang): [label("level", k, lang) for k in ev["level"]],
            t("field.cycle", lang): [label("cycle", c, lang) for c in ev["cycle"]],
            t("field.organiser", lang): ev["organiser_en" if lang == "en" else "organiser"],
            "id": ev["id"],
        }
    )


f = ctx.filtered()
ev = ctx.cached("events_by_date", lambda: f.events.sort_values("start"))
render_counts(ctx)

# 2. the events table
st.header(t("data.events", lang, n=len(ev)), anchor=False)
if ev.empty:
    no_match(lang)
else:
    st.dataframe(
        ctx.cached("events_table", lambda: events_table(ev, ctx.date_labels(), lang)),
        hide_index=True,
        width="stretch",
        column_config={
            t("data.title", lang): st.column_config.TextColumn(width=360),
            "id": st.column_config.TextColumn("id", width="small"),
        },
    )
    span = export_filename("events", view.span, lang)
    cols = st.columns(2)
    cols[0].download_button(
        t("data.download_events", lang),
        data=lambda: csv_of(events_csv(ev), lang),
        file_name=f"{span}.csv",
        mime="text/csv",
        on_click="ignore",
        key="dl_events",
        icon=":material/download:",
        width="stretch",
    )
    cols[1].download_button(
        t("data.download_tasks", lang),
        data=lambda: csv_of(with_event_precision(f.tasks, ds.events), lang),
        file_name=f"{export_filename('tasks', view.span, lang)}.csv",
        mime="text/csv",
        on_click="ignore",
        key="dl_tasks",
        icon=":material/download:",
        width="stretch",
    )

# 3. the sources
st.header(t("overview.sources", lang), anchor=False)
st.dataframe(sources_table(ds.sources, lang, full=True), hide_index=True, width="stretch")

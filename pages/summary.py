"""One-year summary, to print on one A4 page: key events, tasks by category, figures, documents, sources."""

from dataclasses import replace

import streamlit as st

from core.i18n import format_date, label, t
from core.state import YEARS
from core.summary import tasks_by_category
from ui.detail import figure_lines
from ui.page import frame, one_page_print_style, require_data
from ui.text import md
from ui.view import bind

# 1. context: the year in view, or the one picked here
ctx = frame("summary")
ctx = replace(ctx, view=replace(ctx.view, month=None))  # the summary is of the whole year, a month in view or not
ds = require_data(ctx)
view, lang = ctx.view, ctx.view.lang
one_page_print_style()
if view.year is None:
    st.segmented_control(
        t("summary.pick_year", lang),
        options=list(YEARS),
        selection_mode="single",
        **bind(
            "years",
            "w_summary_year",
            to_widget=lambda ys: ys[0] if ys[0] == ys[1] else None,
            from_widget=lambda y: (y, y) if y else view.years,
            options=YEARS,
            start="default",
        ),
    )
    st.info(t("summary.pick_hint", lang), icon=":material/print:")
    st.stop()
year = view.year
f = ctx.filtered()
ev = f.events.sort_values("start")
st.title(t("summary.title", lang, year=year), anchor=False)
st.caption(f"{ctx.subtitle()} · {t('summary.print_hint', lang)}")
if ev.empty:
    st.info(t("summary.nothing", lang, year=year))
    st.stop()

# 2. key events
st.header(t("summary.events", lang, n=len(ev)), anchor=False)
lines = []
for e in ev.itertuples():
    title = e.title_en if lang == "en" else e.title
    lines.append(
        f"- **{md(format_date(e.start, e.precision, lang))}** · {md(title)} ({md(label('kind', e.kind, lang))})"
    )
st.markdown("\n".join(lines))

# 3. tasks by category and status (set, done, proposed)
left, right = st.columns(2)
with left:
    st.header(t("summary.tasks", lang, n=len(f.tasks)), anchor=False)
    if len(f.tasks):
        # a static table (our own labels and counts only): it prints, where a data grid would not
        table = tasks_by_category(f.tasks, lang)
        st.table(table.set_index(table.columns[0]))
        st.caption(t("summary.tasks_note", lang))

# 4. figures reported
with right:
    st.header(t("detail.figures", lang), anchor=False)
    rows = figure_lines(f.figures, lang)
    st.markdown("\n".join(rows) if rows else md(t("msg.no_data", lang)))

# 5. documents issued that year, and the sources
issued = ds.documents[ds.documents["date"].dt.year == year]
st.header(t("summary.documents", lang, n=len(issued)), anchor=False)
st.markdown(
    "\n".join(
        f"- **{md(d.number)}** ({md(format_date(d.date, d.precision, lang))}) · "
        f"{md(d.title_en if lang == 'en' else d.title)}"
        for d in issued.sort_values("date").itertuples()
    )
    or md(t("msg.no_data", lang))
)
st.header(t("detail.sources", lang), anchor=False)
used = f.quotes["source"].value_counts()
src = ds.sources.set_index("id").loc[used.index]
st.markdown(
    "\n".join(
        f"- {md(s.outlet if isinstance(s.outlet, str) else t('sources.unnamed', lang))} · "
        f"{md(s.title_en if lang == 'en' else s.title)} "
        f"({md(t('summary.n_quotes', lang, n=int(used[s.Index])))})"
        for s in src.itertuples()
    )
)

"""The dashboard: router for every page, and the Overview page itself.

streamlit run dashboard.py        (or: make run)
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.i18n import format_date, format_number, label, present, t
from figures.theme import export_filename
from ui.charts import render_chart
from ui.detail import sources_table
from ui.page import frame, no_match, require_data
from ui.text import md
from ui.view import current, event_link

MAX_EVENT_LINKS = 50
# The tab's icon, served by the app itself: a ":material/…:" page icon is fetched from an outside font server.
ICON = Path(__file__).with_name("assets") / "icon.png"
PAGES = {
    "timeline": ("pages/timeline.py", "page.timeline", ":material/timeline:"),
    "tasks": ("pages/tasks.py", "page.tasks", ":material/bar_chart:"),
    "documents": ("pages/documents.py", "page.documents", ":material/description:"),
    "data": ("pages/data.py", "page.data", ":material/table:"),
    "summary": ("pages/summary.py", "page.summary", ":material/print:"),
}


def render_overview() -> None:
    """Headline counts, the whole period with its cycles, events and tasks per year, and the sources."""
    # 1. context
    ctx = frame("overview")
    ds = require_data(ctx)
    view = ctx.view
    lang = view.lang
    st.title(t("app.title", lang), anchor=False)
    st.caption(t("overview.lead", lang))
    f = ctx.filtered()

    # 2. headline counts
    years = sorted(f.events["year"].unique())
    cols = st.columns(4)
    cols[0].metric(t("overview.n_events", lang), format_number(len(f.events), lang))
    cols[1].metric(t("overview.n_documents", lang), format_number(len(f.documents), lang))
    by_status = f.tasks["status"].value_counts()
    cols[2].metric(
        t("overview.n_tasks", lang),
        format_number(len(f.tasks), lang),
        help=", ".join(
            f"{label('status', s, lang)}: {format_number(by_status[s], lang)}"
            for s in present("status", by_status.index)
        ),
    )
    cols[3].metric(t("overview.years", lang), f"{years[0]}–{years[-1]}" if years else "–")
    if f.empty:
        no_match(lang)
        return

    # 3. the period at a glance, and per year
    render_chart(
        ctx.chart("overview"),
        key="overview_chart",
        filename=export_filename("overview", view.span, lang),
        lang=lang,
        report=view.report,
    )
    render_chart(
        ctx.chart("per_year"),
        key="per_year_chart",
        filename=export_filename("per-year", view.span, lang),
        lang=lang,
        report=view.report,
    )
    if view.report:
        return

    # 4. the events, each one click from its sources (the first ones when there are many)
    st.header(t("overview.events", lang), anchor=False)
    timeline = st.session_state["pages"]["timeline"]
    if len(f.events) > MAX_EVENT_LINKS:
        st.caption(t("overview.more_events", lang, n=MAX_EVENT_LINKS, total=len(f.events)))
    for ev in f.events.sort_values("start").head(MAX_EVENT_LINKS).itertuples():
        title = ev.title_en if lang == "en" else ev.title
        when = format_date(ev.start, ev.precision, lang)
        st.page_link(
            timeline,
            label=f"{md(when)} · {md(title)}",
            icon=":material/event:",
            query_params=event_link(view, ev.id, ev.year),
        )

    # 5. where the data comes from
    st.header(t("overview.sources", lang), anchor=False)
    st.dataframe(sources_table(ds.sources, lang), hide_index=True, width="stretch")


def main() -> None:
    """Route to the chosen page; each page draws the shared frame (sidebar, data status) itself."""
    st.set_page_config(page_title="TCXD 2019–2024", page_icon=str(ICON), layout="wide")
    view = current()
    lang = view.lang
    pages = {"overview": st.Page(render_overview, title=t("page.overview", lang), icon=":material/home:", default=True)}
    for name, (path, title, icon) in PAGES.items():
        pages[name] = st.Page(path, title=t(title, lang), icon=icon, url_path=name)
    st.session_state["pages"] = pages
    st.navigation(list(pages.values()), position="hidden" if view.report else "sidebar").run()


if __name__ == "__main__":  # streamlit runs this file as __main__; ui.page imports it to route
    main()

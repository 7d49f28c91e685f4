"""Timeline: every event on a time axis, lanes, cycle bands, year navigation, click for the detail."""

import pandas as pd
import streamlit as st

from core.i18n import format_number, in_span, t
from core.state import YEARS
from core.views import recorded_in_view
from figures.selection import selected
from figures.theme import export_filename
from figures.timeline import parse_month
from ui.charts import render_chart
from ui.detail import render_event_detail
from ui.page import (
    context,
    frame,
    no_match,
    render_counts,
    render_span_parts,
    render_title,
    require_data,
    scroll_into_view,
)
from ui.timeline_chart import render_timeline_chart
from ui.view import bind, render_lane_choice, render_month_nav, render_year_nav, update

SCROLL = "timeline_scroll_to_detail"


def event_names(events: pd.DataFrame, dates: pd.Series, lang: str) -> dict[str, str]:
    """Each event's id and how the list names it (date · title), in date order; `dates` are the events' dates as
    text, by row."""
    ev = events.sort_values("start", kind="stable")
    named = dates.loc[ev.index] + " · " + ev["title_en" if lang == "en" else "title"]
    return dict(zip(ev["id"].tolist(), named.tolist(), strict=True))


def open_clicked_event() -> None:
    """A click on an event opens its detail; a click on a month of the density shows that month's events."""
    state = st.session_state.get("timeline_chart") or {}
    clicked = selected(state.get("select", state))  # drawn in the page, the click is its trigger "select"
    if not clicked:
        return
    month = parse_month(clicked[0])
    if month is None:
        update(event=clicked[0])
        st.session_state[SCROLL] = True
    elif month[0] in YEARS:  # a month of the density (never a year the dashboard does not cover)
        update(years=(month[0], month[0]), month=month[1], event=None)


# 1. the frame and the title; everything a year click changes is drawn by `timeline_view`
page = frame("timeline", fragment=True)
require_data(page)
render_title(t("page.timeline", page.view.lang), page.view)


@st.fragment
def timeline_view() -> None:
    """The year and month buttons, the timeline and the open event, with the sidebar's years and the URL: a click
    on a year (a month, ◀ ▶, an event, the lanes) reruns this alone, never the filters or the rest of the page."""
    render_span_parts()
    ctx = context()
    ds, view, lang = ctx.ds, ctx.view, ctx.view.lang
    # what comes and goes with the view sits in containers of its own: the chart below keeps its place among the
    # fragment's elements, so the browser keeps it (and the views it holds) rather than mounting a new one
    f = ctx.filtered()
    recorded = recorded_in_view(ds.events, view)
    with st.container(key="timeline_nav"):
        if not view.report:
            render_year_nav(lang)
            if view.year is not None and (not f.empty or view.month):  # months of a year without events cannot help
                render_month_nav(lang)
            render_lane_choice(lang)
    render_counts(ctx)
    with st.container(key="timeline_notice"):
        if not view.report and f.empty:  # say what is true: nothing happened then, or the filters leave nothing
            if recorded:
                no_match(lang)
            else:
                when = in_span(view.years, view.month, lang)
                st.info(t("msg.none_recorded", lang, when=when), icon=":material/event_busy:")

    # 2. the chart, with its cycles and phases even when no event is in view; a click on an event opens its detail
    chart = ctx.chart("timeline")
    drawn = dict(key="timeline_chart", filename=export_filename("timeline", view.span, lang), lang=lang)
    if view.report or not render_timeline_chart(ctx, chart, **drawn, on_select=open_clicked_event):
        render_chart(chart, **drawn, report=view.report, selectable=True, on_select=open_clicked_event)

    # 3. the open event: chosen by a click or from the list (offered when the chart draws events one by one)
    if not view.report and not f.empty:
        if chart.figure.layout.meta["mode"] == "density":
            st.caption(t("timeline.too_many_to_list", lang, n=format_number(len(f.events), lang)))
        else:
            names = ctx.cached("event_names", lambda: event_names(f.events, ctx.date_labels(), lang))
            options = [None, *names]
            if context().view.event not in (None, *names):  # an unknown id from a link: shown, and warned about below
                options.append(context().view.event)
            st.selectbox(
                t("timeline.open_event", lang),
                options=options,
                format_func=lambda i: t("timeline.pick_event", lang) if i is None else names.get(i, i),
                placeholder=t("timeline.pick_event", lang),
                **bind("event", "w_event", options=options, start="index"),
            )
    event = context().view.event
    if event and not view.report:
        if not render_event_detail(ds, event, lang, st.session_state["pages"]["documents"], context().view.to_query()):
            st.warning(t("timeline.unknown_event", lang, id=event))
        st.button(t("timeline.close", lang), key="w_close_event", on_click=lambda: update(event=None))
        if st.session_state.pop(SCROLL, False):  # opened by a click on the chart: bring the detail into view
            scroll_into_view("event_detail")


timeline_view()

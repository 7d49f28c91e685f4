"""Timeline: every event on a time axis, lanes, cycle bands, year navigation, click for the detail."""

import streamlit as st

from core.i18n import format_date, t
from figures.selection import selected
from figures.theme import export_filename
from figures.timeline import timeline_figure
from ui.charts import render_chart
from ui.detail import render_event_detail
from ui.page import context, frame, no_match, render_title, require_data
from ui.view import bind, render_lane_choice, render_year_nav, update


def open_clicked_event() -> None:
    """A click on an event opens its detail."""
    clicked = selected(st.session_state.get("timeline_chart"))
    if clicked:
        update(event=clicked[0])


# 1. context and controls
ctx = frame("timeline")
ds = require_data(ctx)
lang = ctx.view.lang
render_title(t("page.timeline", lang), ctx.view)
if not ctx.view.report:
    render_year_nav(lang)
    render_lane_choice(lang)
ctx = context()
view = ctx.view
f = ctx.filtered()

# 2. the chart; a click on an event opens its detail
if f.empty:
    no_match(lang)
else:
    fig = timeline_figure(
        f.events,
        ds.cycles,
        ds.phases,
        lane=view.lane,
        lang=lang,
        year=view.year,
        subtitle=ctx.subtitle(),
        source_line=ctx.source_line(f.events["id"]),
    )
    columns = ["id", "title", "title_en", "start", "end", "precision", "kind", "level", "organiser", "cycle", "n_tasks"]
    render_chart(
        fig,
        key="timeline_chart",
        filename=export_filename("timeline", view.years, lang),
        data=f.events[columns],
        lang=lang,
        report=view.report,
        selectable=True,
        on_select=open_clicked_event,
    )

# 3. the open event: chosen by a click or from the list
if not view.report and not f.empty:
    options = [None, *f.events.sort_values("start")["id"]]
    if context().view.event not in options:
        options.append(context().view.event)
    titles = dict(zip(f.events["id"], f.events["title_en" if lang == "en" else "title"], strict=True))
    starts = {e.id: format_date(e.start, e.precision, lang) for e in f.events.itertuples()}
    st.selectbox(
        t("timeline.open_event", lang),
        options=options,
        format_func=lambda i: (
            t("timeline.pick_event", lang) if i is None else f"{starts.get(i, '')} · {titles.get(i, i)}"
        ),
        placeholder=t("timeline.pick_event", lang),
        **bind("event", "w_event"),
    )
event = context().view.event
if event and not view.report:
    if not render_event_detail(ds, event, lang, st.session_state["pages"]["documents"], context().view.to_query()):
        st.warning(t("timeline.unknown_event", lang, id=event))
    st.button(t("timeline.close", lang), key="w_close_event", on_click=lambda: update(event=None))

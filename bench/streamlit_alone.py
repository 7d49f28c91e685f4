"""Streamlit alone: the least a year click costs when it goes through the server and Streamlit's chart (bench/peer.py).

One page at /timeline and nothing else on it: the years as a segmented control and, below it, the timeline figure
of the chosen year built by the app's own code from the file EVENTS_FILE names and kept once built, drawn with
`st.plotly_chart` with the app's arguments (key, toolbar config, theme, width, click selection), the two in a
fragment. Not the app's page styling (its chart frame's minimum width on a phone): the bench's window is a
desktop's. This was the floor of the app's click while its timeline was Streamlit's chart; the app now shows a
year from the charts its page holds (ui/timeline_chart.py). Run by the bench, never by the app:
`streamlit run bench/streamlit_alone.py` with the project on PYTHONPATH.
"""

import os

import streamlit as st

from core import views
from core.filtering import apply
from core.state import YEARS, ViewState
from figures.theme import export_config, export_filename
from loaders import load_dataset


@st.cache_resource
def _dataset():
    return load_dataset(os.environ["EVENTS_FILE"], cache=True)


def _view(year: int | None) -> ViewState:
    return ViewState() if year is None else ViewState(years=(year, year))


@st.cache_resource
def _figure(year: int | None):
    ds, view = _dataset(), _view(year)
    return views.build_chart("timeline", ds, apply(ds, view), view).figure


@st.fragment
def _timeline() -> None:
    year = st.segmented_control(
        "Year", options=YEARS, format_func=str, key="year", label_visibility="collapsed", selection_mode="single"
    )
    st.container(key="chart_frame_timeline_chart").plotly_chart(
        _figure(year),
        key="timeline_chart",
        config=export_config(export_filename("timeline", _view(year).span, "vi"), "vi"),
        theme=None,
        width="stretch",
        on_select="rerun",
        selection_mode="points",
    )


def _page() -> None:
    st.title("Streamlit alone", anchor=False)
    _timeline()


st.navigation(
    [st.Page(lambda: None, title="Home", default=True), st.Page(_page, title="Timeline", url_path="timeline")],
    position="hidden",
).run()

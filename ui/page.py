"""What every page shares: the loaded data or its error panel, the file watcher, report mode."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TypeVar

import pandas as pd
import streamlit as st

from core import views
from core.filtering import Filtered, apply
from core.i18n import format_date, format_number, t
from core.state import ViewState
from figures.theme import Chart
from loaders import Dataset

from . import data as data_mod
from . import viewport, watch
from .report import render_report_control
from .text import md
from .view import current, forget_widgets, render_sidebar, render_years, sync_url, sync_view, update

T = TypeVar("T")

CONTEXT = "page_context"
PAGE = "page_name"
SPAN_BOXES = "page_span_boxes"  # the sidebar's places for the parts that follow the view's span (see frame)
NARROW = "page_narrow"  # whether the browser said it is a phone (ui.viewport)
LISTED_PROBLEMS = 200  # problems of a broken file listed in its error panel; the rest are counted


@dataclass(frozen=True)
class Context:
    """The data and view of this run, handed from the router to the page."""

    loaded: data_mod.Loaded
    view: ViewState
    narrow: bool = False  # on a phone: charts drawn for its width

    @property
    def ds(self) -> Dataset | None:
        return self.loaded.dataset

    @property
    def index(self) -> pd.Series:
        return self.loaded.good.index

    def search(self, view: ViewState) -> pd.Series | None:
        """The search index where `view` searches text, else None (so that a view without a search never builds
        it)."""
        return self.index if view.text else None

    def filtered(self) -> Filtered:
        """What the view's filters keep (built once per dataset and filters)."""
        key = replace(self.view, lang="vi", lane="kind", event=None, report=False)
        return self.loaded.good.memo.get("filtered", key, lambda: apply(self.ds, self.view, self.search(self.view)))

    def date_labels(self) -> pd.Series:
        """Every event's date as precisely as it is known, as text in the view's language, by row of the dataset's
        events (made once per loaded file and language)."""
        lang, ev = self.view.lang, self.ds.events

        def make() -> pd.Series:
            dates = zip(ev["start"].tolist(), ev["precision"].tolist(), strict=True)
            return pd.Series([format_date(s, p, lang) for s, p in dates], index=ev.index, dtype="str")

        return self.loaded.good.memo.get("date_labels", lang, make)

    def cached(self, kind: str, build: Callable[[], T], *key: Hashable) -> T:
        """`build()`, kept for this dataset and view (all of it but the open event and report mode) and `key`.

        For figures and anything else that follows from the data and the view alone; shared between sessions,
        so never changed after it is built."""
        view = replace(self.view, event=None, report=False)
        return self.loaded.good.memo.get(kind, (view, *key), build)

    def has(self, kind: str, *key: Hashable) -> bool:
        """Whether `cached(kind, …, *key)` is built for this view."""
        view = replace(self.view, event=None, report=False)
        return self.loaded.good.memo.has(kind, (view, *key))

    def subtitle(self) -> str:
        """The active filters in words, for a chart's subtitle."""
        return views.subtitle(self.ds, self.view)

    def chart(self, name: str) -> Chart:
        """The view's chart `name` (see core.views.CHARTS), kept for this data, view and width class."""
        narrow = self.narrow and not self.view.report

        def build(narrow: bool = narrow) -> Chart:
            return views.build_chart(name, self.ds, self.filtered(), self.view, narrow=narrow)

        chart = self.cached("figure", build, name, narrow)
        if narrow:  # drawn for the phone; its downloads are the desktop chart, built when one is asked for
            return chart._replace(export=lambda: self.cached("figure", lambda: build(False), name, False).figure)
        return chart


def frame(page: str, *, fragment: bool = False) -> Context:
    """What every page starts with: the view (from the URL on a new session), report or print
    styling, the data (or its error panel), the file watcher, the sidebar, and the URL updated.

    A page that redraws what depends on the view's span in a fragment of its own (`fragment`) draws the parts of
    the frame that follow the span (`render_span_parts`) in it; they are then left to it."""
    _route_through_dashboard()
    view = current()
    if st.session_state.get(PAGE) != page:
        # Widgets on another page are new widgets: seed them from the view, not from stale state.
        forget_widgets()
        st.session_state[PAGE] = page
    phone = viewport.narrow()
    st.session_state[NARROW] = phone
    base_style(phone)
    if view.report:
        report_mode_style()
        exit_report_button(view.lang)
    else:
        print_style()
    loaded = data_mod.load()
    st.session_state[CONTEXT] = loaded
    view = sync_view(loaded.dataset, loaded.good.memo if loaded.good else None)
    render_data_status(loaded, view.lang)
    _watch(loaded)
    boxes = None
    if not view.report:
        years = render_sidebar(loaded.dataset, loaded.good.memo if loaded.good else None)
        boxes = (years, st.sidebar.container(key="sidebar_report"))
    st.session_state[SPAN_BOXES] = boxes
    if not fragment:
        render_span_parts()
    return context()


def render_span_parts() -> None:
    """What the frame draws that follows the view's span (the sidebar's years and report control) in the places
    the sidebar keeps for them, and the URL brought up to date. In a page's fragment it is redrawn with the
    fragment: Streamlit lets a fragment fill a container drawn outside it when it fills it on every full run."""
    boxes = st.session_state.get(SPAN_BOXES)
    if boxes is not None:
        years, report = boxes
        render_years(years)
        ctx = context()
        if ctx.ds is not None:
            render_report_control(ctx, report)
    sync_url()


def _route_through_dashboard() -> None:
    """Run this page through the router when Streamlit ran its file directly.

    A folder named pages/ makes a freshly started server run a deep link such as /timeline the old
    way, the page file alone, until some session has called st.navigation. Then the router (page
    config, navigation, page titles) runs instead, and it runs this page; the direct run stops."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        import dashboard

        dashboard.main()
        st.stop()


def render_title(text: str, view: ViewState) -> None:
    """The page title; left out in report mode, where each chart carries its own."""
    if not view.report:
        st.title(text, anchor=False)


def render_counts(ctx: Context) -> None:
    """How much of the data the view shows, under the page title: what a filter did is never a guess."""
    if ctx.view.report:
        return
    f, lang = ctx.filtered(), ctx.view.lang
    with st.container(key="view_counts"):
        st.caption(
            t(
                "view.counts",
                lang,
                events=format_number(len(f.events), lang),
                all_events=format_number(len(ctx.ds.events), lang),
                tasks=format_number(len(f.tasks), lang),
                all_tasks=format_number(len(ctx.ds.tasks), lang),
            )
        )


def context() -> Context:
    """This run's data with the view as it is now."""
    return Context(st.session_state[CONTEXT], current(), st.session_state.get(NARROW, False))


def render_data_status(loaded: data_mod.Loaded, lang: str) -> None:
    """The error panel for a broken file, the 'showing data from' notice, the lost-events warning."""
    if loaded.error is not None:
        error = loaded.error
        with st.container(border=True, key="data_error"):
            st.error(
                t("data.error_title", lang, n=error.count, file=md(data_mod.data_path().name)),
                icon=":material/error:",
            )
            # the first problems one by one, the rest counted by field and kind (as the validator prints them)
            st.code("\n".join(error.lines(listed=LISTED_PROBLEMS)), language=None, wrap_lines=True)
            if loaded.good is not None:
                st.warning(
                    t("data.stale", lang, time=loaded.good.loaded_at.strftime("%H:%M")), icon=":material/history:"
                )
            else:
                st.info(t("data.fix_hint", lang), icon=":material/build:")
    if loaded.lost_events:
        st.warning(
            t("data.lost", lang, n=loaded.lost_events, before=loaded.good.previous_events),
            icon=":material/warning:",
        )


def _watch(loaded: data_mod.Loaded) -> None:
    """Have this session rerun when the data file is saved, so a curator sees the change (or the error): the
    server's one watcher of the file does it (ui/watch.py); an idle tab runs nothing."""
    watch.drew(data_mod.data_path(), loaded.signature)


def require_data(ctx: Context) -> Dataset:
    """The dataset, or stop the page (the error panel above already says why)."""
    if ctx.ds is None:
        st.stop()
    return ctx.ds


def base_style(phone: bool = False) -> None:
    """Captions in a grey that reads at 4.5:1 or more on white (Streamlit fades its own to about 3.9:1); section
    headings (h2, under the page's h1) at the size of a subheading; the viewport probe takes no room. On a phone,
    charts are drawn for its width once its browser has said so (`phone`); until then they keep the width their
    labels are placed for (the timeline 900 px, others 720 px) and scroll sideways. Button rows wrap."""
    scroll = (
        ""
        if phone
        else """
          [class*="st-key-chart_frame_"] { overflow-x: auto; }
          [class*="st-key-chart_frame_"] > [data-testid="stElementContainer"] { min-width: 720px; }
          .st-key-chart_frame_timeline_chart > [data-testid="stElementContainer"] { min-width: 900px; }"""
    )
    st.html(
        """<style>
        .st-key-viewport_probe { position: absolute; height: 0; overflow: hidden; margin: 0; padding: 0; }
        [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
          color: #5c5c5c !important; opacity: 1 !important; }
        [data-testid="stMain"] h2 { font-size: 1.5rem; }
        @media (max-width: 640px) {"""
        + scroll
        + """
          [data-testid="stElementContainer"]:has(> [data-testid="stButtonGroup"]) { max-width: 100%; }
          [data-testid="stButtonGroup"] > div, [data-testid="stButtonGroup"] [role="radiogroup"] { flex-wrap: wrap; }
        }
        </style>"""
    )


def report_mode_style() -> None:
    """Report mode: no sidebar, no toolbar or header, charts at a fixed report size."""
    st.html(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
        [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
        .stDownloadButton, [data-testid="stElementToolbar"] { display: none !important; }
        .block-container, [data-testid="stMainBlockContainer"] {
          padding: 1rem 1.5rem 2rem !important; max-width: calc(1200px + 3rem) !important; }
        </style>"""
    )


def print_style() -> None:
    """Less empty space above the title; when printed, only the page body shows, on A4."""
    st.html(
        """<style>
        .block-container, [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
        /* the years slider says its span in its label ("Các năm: 2020"), not twice over its thumbs */
        [data-testid="stSidebar"] [data-testid="stSliderThumbValue"] { display: none; }
        @page { size: A4; margin: 12mm; }
        @media print {
          [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
          [data-testid="stDecoration"], .stDownloadButton, .stButton,
          [data-testid="stElementToolbar"] { display: none !important; }
          .block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
        }
        </style>"""
    )


def one_page_print_style() -> None:
    """Printed, a page set tight enough for one A4 sheet: smaller type and spacing, columns kept side by side (the
    one-year summary)."""
    st.html(
        """<style>
        @media print {
          @page { size: A4; margin: 10mm 12mm; }
          [data-testid="stMainBlockContainer"] { zoom: 0.9; }
          [data-testid="stHorizontalBlock"] { flex-wrap: nowrap !important; gap: 1.2rem !important; }
          [data-testid="stColumn"] { flex: 1 1 0 !important; min-width: 0 !important; width: auto !important; }
          [data-testid="stVerticalBlock"] { gap: 0.3rem !important; }
          [data-testid="stMain"] h1 { font-size: 1.7rem !important; padding: 0 0 0.2rem !important; }
          [data-testid="stMain"] h3 { font-size: 1.1rem !important; padding: 0.4rem 0 0.1rem !important; }
          [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
          [data-testid="stCaptionContainer"], [data-testid="stTable"] td, [data-testid="stTable"] th {
            font-size: 0.8rem !important; line-height: 1.3 !important; }
          [data-testid="stMarkdownContainer"] li { margin: 0 !important; }
          [data-testid="stTable"] td, [data-testid="stTable"] th { padding: 0.1rem 0.4rem !important; }
        }
        </style>"""
    )


def exit_report_button(lang: str) -> None:
    st.button(t("report.exit", lang), key="w_exit_report", on_click=lambda: update(report=False), type="tertiary")


def no_match(lang: str) -> None:
    """The message for a filter that matches nothing."""
    st.info(t("msg.no_event", lang) + " " + t("msg.try_reset", lang), icon=":material/filter_alt_off:")


def scroll_into_view(key: str) -> None:
    """Scroll the page so the element with widget key `key` shows from its top (after a click far above it)."""
    st.html(
        f"""<script>
        (function () {{
          let tries = 0;
          const go = () => {{
            const el = document.querySelector('.st-key-{key}');
            if (el) el.scrollIntoView({{block: 'start', behavior: 'instant'}});
            else if (tries++ < 50) setTimeout(go, 100);
          }};
          go();
        }})();
        </script>""",
        unsafe_allow_javascript=True,
    )

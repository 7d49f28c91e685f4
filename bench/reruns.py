"""Server-side rerun times: the real pages driven by Streamlit's AppTest, in this process, on a given file.

Each time is one `AppTest.run()` after a widget change: the whole script (frame, sidebar, filters,
figures, serialisation to protobuf) plus AppTest's own bookkeeping, which makes it a slight
over-estimate of what a browser session costs the server.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.data
from tests.apptest import APP, by_key

from .timing import Timing

TIMEOUT = 600
CYCLE = 5  # the longest cycle of values in `interactions`


def forget_results() -> None:
    """Empty the app's memo of filtered frames and figures (`ui.memo`), keeping the loaded data and what follows from
    it alone (each event's date as text, the people's names): the next run draws its view for the first time."""
    for good in ui.data._store().values():
        good.memo.forget_views()


def _quiet() -> None:
    """AppTest in bare mode warns about the missing runtime on every cache clear: keep the output readable."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


@contextlib.contextmanager
def events_file(path: Path) -> Iterator[None]:
    """EVENTS_FILE set to `path`, and the app's caches empty, for the duration."""
    _quiet()
    old = os.environ.get("EVENTS_FILE")
    os.environ["EVENTS_FILE"] = str(path)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        yield
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
        if old is None:
            os.environ.pop("EVENTS_FILE", None)
        else:
            os.environ["EVENTS_FILE"] = old


@contextlib.contextmanager
def data_step_timer(into: list[float]) -> Iterator[None]:
    """Time every `ui.data.load()` the pages call (the cached data step of a rerun)."""
    real = ui.data.load

    def timed():
        t0 = time.perf_counter()
        try:
            return real()
        finally:
            into.append(time.perf_counter() - t0)

    ui.data.load = timed
    try:
        yield
    finally:
        ui.data.load = real


def open_page(page: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page:
        at.switch_page(page)  # the first run goes straight to it
    return at


def _timed(action: Callable[[], object], at: AppTest) -> float:
    t0 = time.perf_counter()
    action()
    elapsed = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return elapsed


def interactions(at: AppTest, *, full: bool) -> dict[str, Callable[[], object]]:
    """Named actions on the timeline page; each call changes something (they cycle through values)."""
    years = itertools.cycle([2020, 2021, 2022, 2023, 2019])
    kinds = itertools.cycle([["conference"], ["briefing", "plenum"], []])
    acts: dict[str, Callable[[], object]] = {
        "year change (year button)": lambda: by_key(at.get("button_group"), "w_year_nav").set_value(next(years)).run(),
        "filter change (kind)": lambda: by_key(at.multiselect, "w_kinds").set_value(next(kinds)).run(),
        "rerun, nothing changed": lambda: at.run(),
    }
    if full:
        lanes = itertools.cycle(["level", "organiser", "kind"])
        words = itertools.cycle(["nhân sự", "dai hoi", ""])
        langs = itertools.cycle(["en", "vi"])
        acts |= {
            "next year (▶)": lambda: by_key(at.button, "w_next_year").click().run(),
            "lanes": lambda: by_key(at.get("button_group"), "w_lane").set_value(next(lanes)).run(),
            "text search": lambda: by_key(at.text_input, "w_text").set_value(next(words)).run(),
            "language": lambda: by_key(at.get("button_group"), "w_lang").set_value(next(langs)).run(),
        }
    return acts


def bench_reruns(path: Path, *, runs: int = 5, budget: float = 60.0, full: bool = False, pages: bool = True) -> dict:
    """Cold first runs (caches cleared) and cached interactions on the timeline page; page switches."""
    out: dict = {
        "cold": Timing(),
        "interactions": {},
        "interactions_seen": {},
        "pages": {},
        "pages_seen": {},
        "data_step": Timing(),
    }
    with events_file(path):
        # 1. cold: a new session on a server whose Streamlit caches are empty (the disk cache is warm)
        warm = open_page("pages/timeline.py")
        warm.run()  # untimed: makes sure the on-disk entry exists
        start = time.monotonic()
        for _ in range(3):
            st.cache_data.clear()
            st.cache_resource.clear()
            at = open_page("pages/timeline.py")
            out["cold"].samples.append(_timed(at.run, at))
            if time.monotonic() - start > budget * 2:
                break

        # 2. cached: interactions in one session, each to a view not drawn before (the memo of figures and filtered
        # frames emptied first) and to a view drawn before (every value of the cycle drawn once, untimed)
        at = open_page("pages/timeline.py")
        at.run()
        data_times: list[float] = []
        for name, act in interactions(at, full=full).items():
            if "year" not in name:  # the others from the all-years view, the app's default
                by_key(at.get("button_group"), "w_year_nav").set_value("all").run()
            act()  # untimed first change: the widget's own first use
            new, seen = Timing(), Timing()
            start = time.monotonic()
            with data_step_timer(data_times):
                for _ in range(runs):
                    forget_results()
                    new.samples.append(_timed(act, at))
                    if time.monotonic() - start > budget:
                        break
                for _ in range(CYCLE):
                    act()
                for _ in range(runs):
                    seen.samples.append(_timed(act, at))
                    if time.monotonic() - start > 2 * budget:
                        break
            out["interactions"][name] = new
            out["interactions_seen"][name] = seen
        out["data_step"].samples = data_times

        # 3. switching pages, each a rerun with the data cached
        if pages:
            targets = ["pages/tasks.py", "pages/documents.py", "pages/data.py", "pages/timeline.py"]
            for target in targets:
                new, seen = Timing(), Timing()
                start = time.monotonic()
                for timing in (new, seen):
                    for _ in range(runs):
                        at.switch_page(targets[targets.index(target) - 1])
                        at.run()
                        if timing is new:
                            forget_results()
                        at.switch_page(target)
                        timing.samples.append(_timed(at.run, at))
                        if time.monotonic() - start > budget:
                            break
                name = target.removeprefix("pages/").removesuffix(".py")
                out["pages"][name] = new
                out["pages_seen"][name] = seen
    return out


def bench_overview(path: Path, *, runs: int = 3, budget: float = 90.0) -> Timing:
    """The overview (the default page), which lists every event as a link: a cached rerun of it."""
    with events_file(path):
        at = open_page(None)
        at.run()
        t = Timing()
        start = time.monotonic()
        for _ in range(runs):
            t.samples.append(_timed(at.run, at))
            if time.monotonic() - start > budget:
                break
        t.note = f"{len(at.get('page_link'))} event links on the page"
    return t

"""The view as one value, under random sequences of what a user does: switch the language, change a filter, click
a year or a month, change the lanes, switch pages, open and close an event, reload the URL, go Back and Forward.

After every step: the page shows exactly the events and tasks that the view describes (computed in-process), the
URL holds the view in canonical codes only, and no widget shows text of the other language."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import streamlit as st
from hypothesis import HealthCheck, settings
from hypothesis import strategies as s
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from core.filtering import apply
from core.i18n import LABELS, STRINGS, t
from core.state import LANES, YEARS, ViewState
from loaders import DEFAULT_PATH, load_dataset
from loaders.schema import CATEGORIES, CYCLE_IDS, EVENT_KINDS, LEVELS, TASK_STATUSES

from .apptest import APP, PAGES, by_key, texts, view

pytestmark = pytest.mark.slow

DS = load_dataset(DEFAULT_PATH)
OVERVIEW = "dashboard.py"


def _only_in(lang: str) -> set[str]:
    """Interface strings (labels, options, titles) that exist in `lang` and differ in the other language."""
    i = 0 if lang == "vi" else 1
    pairs = [*STRINGS.values(), *(p for group in LABELS.values() for p in group.values())]
    return {p[i] for p in pairs if p[0] != p[1] and "{" not in p[i]}


ONLY = {"vi": _only_in("vi"), "en": _only_in("en")}


def _widgets(at):
    for kind in ("selectbox", "multiselect", "button_group", "slider", "text_input", "toggle", "button"):
        yield from at.get(kind)


def _shown_counts(at, page: str) -> tuple[int, int] | None:
    """The events and tasks the page says it shows (None where it shows no count: nothing to compare)."""
    if page == OVERVIEW:
        lang = view(at).lang
        values = {m.label: m.value for m in at.metric}
        if not values:
            return None
        return tuple(
            int(values[t(f"overview.n_{k}", lang)].replace(".", "").replace(",", "")) for k in ("events", "tasks")
        )
    counts = [c for c in at.caption if c.value.startswith(("Đang hiển thị", "Showing"))]
    if not counts:
        return None
    numbers = [int(n.replace(".", "").replace(",", "")) for n in re.findall(r"\d[\d.,]*", counts[0].value)]
    return numbers[0], numbers[2]


class ViewMachine(RuleBasedStateMachine):
    """One browser tab, as AppTest can drive it."""

    @initialize(page=s.sampled_from([OVERVIEW, *PAGES]), lang=s.sampled_from(["vi", "en"]))
    def open(self, page, lang):
        st.cache_data.clear()
        self.page = page
        self.history: list[dict[str, str]] = []
        self.forward: list[dict[str, str]] = []
        self.at = self._open({"lang": lang})

    def _open(self, query: dict[str, str]):
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if self.page != OVERVIEW:
            at.switch_page(self.page).run()
        return at

    def _url(self) -> dict[str, str]:
        return {k: v for k, v in self.at.query_params.items()}

    def _do(self, action) -> None:
        """One user action; the URL before it goes into the history (Back), and Forward is forgotten."""
        before = self._url()
        action()
        if self._url() != before:
            self.history.append(before)
            self.forward.clear()

    def _widget(self, kind: str, key: str):
        try:
            return by_key(self.at.get(kind), key)
        except LookupError:
            return None

    # --- what a user does ---------------------------------------------------------------------------

    @rule(lang=s.sampled_from(["vi", "en"]))
    def switch_language(self, lang):
        w = self._widget("button_group", "w_lang")
        if w is not None:
            self._do(lambda: w.set_value(lang).run())

    @rule(cycle=s.sampled_from(["all", *CYCLE_IDS]))
    def pick_cycle(self, cycle):
        w = self._widget("selectbox", "w_cycle")
        if w is not None:
            self._do(lambda: w.set_value(cycle).run())

    @rule(
        name=s.sampled_from(["w_kinds", "w_levels", "w_categories", "w_statuses"]),
        data=s.data(),
    )
    def pick_many(self, name, data):
        options = {"w_kinds": EVENT_KINDS, "w_levels": LEVELS, "w_categories": CATEGORIES, "w_statuses": TASK_STATUSES}
        chosen = data.draw(s.lists(s.sampled_from(options[name]), max_size=2, unique=True))
        w = self._widget("multiselect", name)
        if w is not None:
            self._do(lambda: w.set_value(chosen).run())

    @rule(text=s.sampled_from(["", "chay chuc", "nhân sự", "Đại hội"]))
    def search(self, text):
        w = self._widget("text_input", "w_text")
        if w is not None:
            self._do(lambda: w.set_value(text).run())

    @rule(person=s.sampled_from(["all", *sorted(DS.people["name"].unique())[:4]]))
    def pick_person(self, person):
        w = self._widget("selectbox", "w_person")
        if w is not None:
            self._do(lambda: w.set_value(person).run())

    @rule(years=s.tuples(s.sampled_from(YEARS), s.sampled_from(YEARS)))
    def slide_years(self, years):
        w = self._widget("slider", "w_years")
        if w is not None:
            self._do(lambda: w.set_value(tuple(sorted(years))).run())

    @rule(year=s.sampled_from(["all", *YEARS]))
    def click_year(self, year):
        w = self._widget("button_group", "w_year_nav")
        if w is not None:
            self._do(lambda: w.set_value(year).run())

    @rule(step=s.sampled_from(["w_prev_year", "w_next_year"]))
    def step_year(self, step):
        w = self._widget("button", step)
        if w is not None:
            self._do(lambda: w.click().run())

    @rule(month=s.sampled_from(["all", *range(1, 13)]))
    def click_month(self, month):
        w = self._widget("button_group", "w_month_nav")
        if w is not None:
            self._do(lambda: w.set_value(month).run())

    @rule(lane=s.sampled_from(LANES))
    def pick_lane(self, lane):
        w = self._widget("button_group", "w_lane")
        if w is not None:
            self._do(lambda: w.set_value(lane).run())

    @rule(page=s.sampled_from([OVERVIEW, *PAGES]))
    def switch_page(self, page):
        self.page = page
        self._do(lambda: self.at.switch_page(page).run())

    @rule(data=s.data())
    def open_event(self, data):
        w = self._widget("selectbox", "w_event")
        if w is not None and len(w.options) > 1:
            index = data.draw(s.integers(1, len(w.options) - 1))
            self._do(lambda: w.select_index(index).run())

    @rule()
    def close_event(self):
        w = self._widget("button", "w_close_event")
        if w is not None:
            self._do(lambda: w.click().run())

    @rule()
    def reload(self):
        self.at = self._open(self._url())

    @precondition(lambda self: self.history)
    @rule()
    def back(self):
        self.forward.append(self._url())
        self._go(self.history.pop())

    @precondition(lambda self: self.forward)
    @rule()
    def go_forward(self):
        self.history.append(self._url())
        self._go(self.forward.pop())

    def _go(self, url: dict[str, str]) -> None:
        """The browser's Back or Forward: the same tab, its URL changed from outside."""
        self.at.query_params.clear()
        for key, value in url.items():
            self.at.query_params[key] = value
        self.at.run()

    # --- what must hold after every step -------------------------------------------------------------

    @invariant()
    def no_exception(self):
        if hasattr(self, "at"):
            assert not self.at.exception, self.at.exception

    @invariant()
    def url_is_the_view_in_codes(self):
        if not hasattr(self, "at"):
            return
        url = self._url()
        current = view(self.at)
        assert url == current.to_query(), (url, current)
        assert ViewState.from_query(url) == current, "every value in the URL is a canonical code"

    @invariant()
    def the_page_shows_the_events_of_the_view(self):
        if not hasattr(self, "at"):
            return
        current = view(self.at)
        if self.page == "pages/summary.py":
            current = replace(current, month=None)
        shown = _shown_counts(self.at, self.page)
        if shown is not None:
            f = apply(DS, current)
            assert shown == (len(f.events), len(f.tasks)), (shown, current)

    @invariant()
    def every_widget_speaks_the_views_language(self):
        if not hasattr(self, "at"):
            return
        lang = view(self.at).lang
        other = ONLY["en" if lang == "vi" else "vi"]
        for w in _widgets(self.at):
            shown = [getattr(w.proto, "label", "")]
            shown += [getattr(o, "content", o) for o in getattr(w.proto, "options", [])]
            shown += [getattr(w.proto, "placeholder", "") or ""]
            assert not other.intersection(shown), (w.key, other.intersection(shown))
        titles = [e.value for e in self.at.title]
        assert not other.intersection(titles), titles
        assert texts(self.at)  # the page drew something


ViewMachine.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_view_machine = ViewMachine.TestCase

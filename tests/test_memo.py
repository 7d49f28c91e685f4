"""The memo of filtered frames and figures: least recently used out, one per loaded dataset, per view."""

from __future__ import annotations

import threading

import pytest
import streamlit as st

from ui.memo import Memo

from .apptest import chart_specs, open_app, view


def test_a_value_is_built_once_and_the_least_recently_used_goes_first():
    memo = Memo({"figure": 2})
    built = []

    def build(key):
        return lambda: built.append(key) or f"value {key}"

    assert memo.get("figure", "a", build("a")) == "value a"
    assert memo.get("figure", "a", build("a")) == "value a"
    memo.get("figure", "b", build("b"))
    memo.get("figure", "a", build("a"))  # a is now the most recent
    memo.get("figure", "c", build("c"))  # evicts b
    memo.get("figure", "a", build("a"))
    memo.get("figure", "b", build("b"))
    assert built == ["a", "b", "c", "b"]
    assert (memo.hits, memo.misses) == (3, 4)
    assert len(memo) == 2


def test_kinds_have_their_own_limits_and_clear_empties_all():
    memo = Memo({"figure": 1, "filtered": 3})
    for i in range(3):
        memo.get("figure", i, lambda i=i: i)
        memo.get("filtered", i, lambda i=i: i)
    assert len(memo) == 1 + 3
    memo.clear()
    assert len(memo) == 0


def test_forgetting_the_views_keeps_what_follows_from_the_data_alone():
    memo = Memo()
    memo.get("figure", 1, lambda: "fig")
    memo.get("date_labels", "vi", lambda: "dates")
    memo.forget_views()
    assert len(memo) == 1 and memo.get("date_labels", "vi", lambda: "again") == "dates"


def test_a_failed_build_keeps_nothing():
    memo = Memo()

    def broken():
        raise ValueError("no")

    for _ in range(2):
        with pytest.raises(ValueError):
            memo.get("figure", "k", broken)
    assert len(memo) == 0 and memo.misses == 2


def test_threads_share_one_memo_safely():
    memo = Memo({"figure": 8})
    errors = []

    def work(n):
        try:
            for i in range(300):
                assert memo.get("figure", (n + i) % 12, lambda i=i, n=n: (n + i) % 12) == (n + i) % 12
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors and len(memo) == 8


def test_sessions_asking_for_a_value_being_built_wait_for_it():
    memo = Memo()
    started, release, built = threading.Event(), threading.Event(), []

    def slow():
        built.append(1)
        started.set()
        release.wait(5)
        return "figure"

    results = []
    first = threading.Thread(target=lambda: results.append(memo.get("figure", "k", slow)))
    first.start()
    started.wait(5)
    others = [threading.Thread(target=lambda: results.append(memo.get("figure", "k", slow))) for _ in range(3)]
    for th in others:
        th.start()
    release.set()
    for th in [first, *others]:
        th.join(5)
    assert results == ["figure"] * 4 and built == [1]


def test_a_build_that_fails_fails_for_its_waiters_too_and_is_tried_again():
    memo = Memo()
    started, release = threading.Event(), threading.Event()

    def broken():
        started.set()
        release.wait(5)
        raise ValueError("bad")

    errors = []

    def ask():
        try:
            memo.get("figure", "k", broken)
        except ValueError as exc:
            errors.append(exc)

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    second = threading.Thread(target=ask)
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert len(errors) == 2
    assert memo.get("figure", "k", lambda: "fixed") == "fixed"


def test_the_app_draws_a_view_seen_before_from_the_memo_and_each_view_its_own():
    st.cache_resource.clear()
    at = open_app("pages/timeline.py", years="2020")
    first = chart_specs(at)
    memo = at.session_state["page_context"].good.memo
    misses = memo.misses
    at.run()
    assert memo.misses == misses and chart_specs(at) == first
    at = open_app("pages/timeline.py", years="2021", lang="en")  # another session, another view
    assert view(at).years == (2021, 2021)
    spec = chart_specs(at)[0]
    assert spec["layout"]["meta"]["lang"] == "en" and spec != first[0]

"""A broken file at scale: the first problems listed exactly, the rest counted by field and kind, cheaply."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bench.generate import generate, with_a_mistake_in_every_record
from loaders import DataError, errors, load_dataset
from loaders.errors import Omitted, Problem, Problems, pattern
from loaders.validate import main as validate_main


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """A generated file of 60 events, every field name of every event capitalised, and the first document's
    source misspelt: a problem found last (by the cross-record checks) that stands early in the file."""
    g = generate(60, tmp_path_factory.mktemp("gen"))
    text = with_a_mistake_in_every_record(g.path.read_text(encoding="utf-8"))
    at = text.index("\n      - source: ", text.index("\ndocuments:\n")) + len("\n      - source: ")
    text = text[:at] + "khong-co-" + text[at:]
    path = g.path.with_name("broken.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, limit: int, monkeypatch) -> DataError:
    monkeypatch.setattr(errors, "MAX_PROBLEMS", limit)
    with pytest.raises(DataError) as info:
        load_dataset(path)
    return info.value


def test_the_first_problems_are_those_of_an_unbounded_run_and_the_rest_are_counted(broken, monkeypatch):
    everything = problems_of(broken, 10**9, monkeypatch)
    assert not everything.omitted
    assert len(everything.problems) > 1000  # sixty events, about twenty-five problems each
    bounded = problems_of(broken, 100, monkeypatch)
    assert bounded.problems == everything.problems[:100]
    assert [p.message for p in bounded.problems] == [p.message for p in everything.problems[:100]]
    assert bounded.count == len(everything.problems)
    want = Counter((pattern(p.path), p.kind) for p in everything.problems[100:])
    assert {(o.pattern, o.kind): o.count for o in bounded.omitted} == want
    assert ("events[*].Title", "unknown field") in want and ("events[*].title", "missing required field") in want
    # the misspelt source, found after every field problem, is listed in its place near the top
    assert any("expected the id of a source" in p.message for p in bounded.problems)


def test_a_problem_past_the_bound_never_makes_its_message():
    made = []

    def message(n: int):
        return lambda: made.append(n) or f"problem {n}"

    problems = Problems("f.yaml", limit=3)
    for n in range(10):
        problems.add(10 + n, 1, "wrong", "events[*].kind", f"events[{n}].kind", message(n))
    problems.add(1, 1, "early", "sources[*].id", "sources[0].id", message(99))  # before all kept: takes a place
    assert made == [0, 1, 2, 99]
    error = DataError(problems)
    assert [p.line for p in error.problems] == [1, 10, 11]
    assert error.count == 11
    assert error.omitted == (Omitted("events[*].kind", "wrong", 8),)


def test_ties_in_position_keep_the_order_found():
    problems = Problems("f.yaml", limit=2)
    for name in ("a", "b", "c", "d"):
        problems.add(5, 1, "missing required field", f"x.{name}", f"x.{name}", name)
    assert [p.message for p in DataError(problems).problems] == ["a", "b"]


def test_distinct_kinds_beyond_the_cap_are_counted_together(monkeypatch):
    monkeypatch.setattr(errors, "MAX_GROUPS", 5)
    problems = Problems("f.yaml", limit=1)
    for n in range(20):
        problems.add(n + 1, 1, f"kind {n % 10}", "p", "p", "m")
    groups = {o.kind: o.count for o in problems.omitted()}
    assert sum(groups.values()) == 19
    assert groups[errors.OTHER] == 19 - sum(v for k, v in groups.items() if k != errors.OTHER)
    assert len(groups) == 6


def test_the_validator_lists_the_first_problems_then_counts_the_rest(broken, monkeypatch, capsys):
    full = problems_of(broken, 10**9, monkeypatch)
    monkeypatch.setattr(errors, "MAX_PROBLEMS", 50)
    assert validate_main([str(broken)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[:50] == [str(p) for p in full.problems[:50]]
    assert lines[50] == f"{broken}: and {len(full.problems) - 50:,} more problems, by field and kind:"
    counted = [re.fullmatch(rf"{re.escape(str(broken))}:   (\S+): ([\d,]+) × (.+)", line) for line in lines[51:]]
    assert all(counted), lines[51:]
    assert sum(int(m[2].replace(",", "")) for m in counted) == len(full.problems) - 50
    assert f"{broken}: {len(full.problems)} problem(s)" in captured.err


def test_lines_list_what_is_asked_and_count_the_rest():
    problems = [Problem("f.yaml", n, 1, f"events[{n}].kind", f"found {n}", "expected one of a, b") for n in range(1, 6)]
    error = DataError(problems, [Omitted("events[*].kind", "expected one of a, b", 10)])
    assert error.count == 15
    assert error.lines(listed=2) == [
        "f.yaml:1:1: events[1].kind: found 1",
        "f.yaml:2:1: events[2].kind: found 2",
        "f.yaml: and 13 more problems, by field and kind:",
        "f.yaml:   events[*].kind: 13 × expected one of a, b",
    ]
    assert str(error).splitlines()[-1] == "f.yaml:   events[*].kind: 10 × expected one of a, b"


def test_the_error_panel_lists_the_first_problems_and_counts_the_rest(broken, monkeypatch):
    import streamlit as st

    from tests.apptest import open_app
    from ui import data as data_mod
    from ui.page import LISTED_PROBLEMS

    full = problems_of(broken, 10**9, monkeypatch)
    monkeypatch.setattr(errors, "MAX_PROBLEMS", 1000)
    monkeypatch.setenv("EVENTS_FILE", str(broken))
    st.cache_resource.clear()
    try:
        at = open_app()
        assert not at.exception
        [panel] = at.code
        lines = panel.value.splitlines()
        assert lines[:LISTED_PROBLEMS] == [str(p) for p in full.problems[:LISTED_PROBLEMS]]
        assert (
            lines[LISTED_PROBLEMS]
            == f"{broken}: and {len(full.problems) - LISTED_PROBLEMS:,} more problems, by field and kind:"
        )
        assert f"có {len(full.problems)} lỗi" in at.error[0].value
        # the error kept for the next reruns holds no traceback (and so not the loader's frames and the file's text)
        _, kept = data_mod._failures()[str(broken)]
        assert kept.__traceback__ is None and len(kept.problems) == 1000
    finally:
        st.cache_resource.clear()

"""Curators edit the data file while the dashboard runs: reload, keep the last good data, recover."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
import streamlit as st

from loaders import DEFAULT_PATH, load_dataset

from .apptest import chart_specs, open_app, texts

REAL = DEFAULT_PATH.read_text(encoding="utf-8")
N_REAL = len(load_dataset(DEFAULT_PATH).events)  # derived from the file, so the data can grow


@pytest.fixture
def data_file(tmp_path, monkeypatch):
    """A copy of the real data (with its seed articles) that the app reads instead."""
    st.cache_data.clear()
    st.cache_resource.clear()
    shutil.copytree(DEFAULT_PATH.parent / "seeds", tmp_path / "seeds")
    path = tmp_path / "events.yaml"
    path.write_text(REAL, encoding="utf-8")
    monkeypatch.setenv("EVENTS_FILE", str(path))
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def save(path, text: str) -> None:
    """Write as an editor would, and make sure the modification time moves on."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def n_events(at) -> int:
    return int(next(m.value for m in at.metric if m.label == "Sự kiện"))


def test_a_saved_change_is_picked_up_without_restart(data_file):
    at = open_app()
    assert n_events(at) == N_REAL
    save(data_file, REAL.replace("title: Hội nghị Tỉnh ủy lần thứ 24", "title: Hội nghị Tỉnh ủy lần thứ 24 đã sửa", 1))
    at.run()
    assert not at.exception
    assert "đã sửa" in texts(at) + " ".join(link.proto.label for link in at.get("page_link"))


def test_a_saved_change_reaches_a_chart_drawn_before(data_file):
    """Figures are kept per loaded file: a save never leaves a chart showing the old text."""
    at = open_app("pages/timeline.py", years="2020")
    assert "lần thứ 24 đã sửa" not in json.dumps(chart_specs(at), ensure_ascii=False)
    at.run()  # the same view again, from the memo
    save(data_file, REAL.replace("title: Hội nghị Tỉnh ủy lần thứ 24", "title: Hội nghị Tỉnh ủy lần thứ 24 đã sửa", 1))
    at.run()
    assert not at.exception
    assert "lần thứ 24 đã sửa" in json.dumps(chart_specs(at), ensure_ascii=False)


def test_an_invalid_save_keeps_the_last_good_data_and_recovers(data_file):
    at = open_app()
    assert n_events(at) == N_REAL
    save(data_file, REAL.replace("level: central", "level: centrl", 1))
    at.run()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert re.search(rf"{re.escape(str(data_file))}:\d+:\d+: events\[\d+\]\.level: expected one of", report)
    assert "did you mean `central`" in report
    assert any("Đang hiển thị dữ liệu hợp lệ gần nhất, nạp lúc" in w.value for w in at.warning)
    assert n_events(at) == N_REAL, "the last good data is still drawn"
    assert at.get("plotly_chart"), "charts still drawn"
    # fixed: recovers by itself, no notice left
    save(data_file, REAL)
    at.run()
    assert not at.code and not at.warning
    assert n_events(at) == N_REAL


def test_a_valid_save_that_drops_many_events_warns_how_many_went(data_file):
    """Events that issue no document are dropped (the rest stay valid: every dated document keeps the
    event that issues it)."""
    at = open_app()
    head, events = REAL.split("\nevents:\n", 1)
    blocks = events.split("\n  - id: ")
    kept = [blocks[0], *(b for b in blocks[1:] if "relation: issued" in b)]
    save(data_file, head + "\nevents:\n" + "\n  - id: ".join(kept))
    at.run()
    assert not at.exception and not at.code, [c.value for c in at.code]
    remaining = n_events(at)
    assert remaining < N_REAL
    warning = " ".join(w.value for w in at.warning)
    assert f"làm mất {N_REAL - remaining} trong {N_REAL} sự kiện" in warning


def test_starting_on_a_broken_file_shows_the_report(data_file):
    save(data_file, REAL.replace("date: 2019-10-28", "date: 2019-10-32", 1))
    at = open_app()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert "expected a real calendar date, found `2019-10-32`" in report
    assert any("Chưa có dữ liệu hợp lệ" in i.value for i in at.info)
    for page in ("pages/timeline.py", "pages/tasks.py", "pages/documents.py", "pages/data.py", "pages/summary.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        assert at.code, f"{page} shows the report too"


@pytest.mark.parametrize("fault", ["deleted", "directory"])
def test_a_missing_file_or_a_directory_gives_a_clear_message(data_file, fault):
    at = open_app()
    data_file.unlink()
    if fault == "directory":
        data_file.mkdir()
    at.run()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert ("no such file" if fault == "deleted" else "found a directory") in report
    assert n_events(at) == N_REAL, "the last good data is still drawn"


def test_an_unreadable_file_gives_a_clear_message(data_file, monkeypatch):
    """The app's panel for a file it may not read. (The loader's own check runs as an ordinary user
    in tests/test_bad_corpus.py; root reads any file, so here the refusal is simulated.)"""
    at = open_app()
    real_open = type(data_file).open

    def refuse(self, *args, **kwargs):
        if self == data_file:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    save(data_file, REAL)  # a save the app notices, which it then cannot read
    monkeypatch.setattr(type(data_file), "open", refuse)
    at.run()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert f"{data_file}:1:1: permission denied: the file cannot be read" in report
    assert n_events(at) == N_REAL, "the last good data is still drawn"

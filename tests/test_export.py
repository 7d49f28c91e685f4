"""CSV exports: formula injection neutralised in every cell a spreadsheet would run, numbers left numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from core.export import FORMULA_START, neutralised, to_csv
from loaders import load_dataset
from tests.helpers import hostile_data

EVENT = "giao-ban-truc-tuyen-toan-quoc-2019-10"
# What a curator (or someone who slipped text into the file) could write that a spreadsheet would run.
FORMULAS = {
    "title": '=HYPERLINK("http://x","y")',
    "title_en": "+cmd|' /C calc'!A0",
    "summary": "@SUM(1)",
    "summary_en": "-2+3+cmd|' /C calc'!A0",
    "text": "\t=1+1",
    "text_en": "\r=1+1",
}


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so spreadsheets keep the diacritics"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def assert_no_formula(table: list[list[str]]) -> None:
    for row in table:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hội nghị = 1", "Hội nghị = 1"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralised(value, expected):
    assert neutralised(value) == expected


def test_numbers_stay_numbers_and_text_is_kept():
    frame = pd.DataFrame({"n": [-3, 4], "x": [-0.5, 1.5], "s": ["=A1", "chạy chức"], "=h": ["a", None]})
    table = rows(to_csv(frame))
    assert table == [["n", "x", "s", "'=h"], ["-3", "-0.5", "'=A1", "a"], ["4", "1.5", "chạy chức", ""]]


def test_hostile_data_is_neutralised_in_the_frames_the_app_writes(tmp_path):
    ds = load_dataset(hostile_data(tmp_path, EVENT, FORMULAS))
    assert (ds.events.loc[ds.events["id"] == EVENT, "title"] == FORMULAS["title"]).all()
    for frame, fields in ((ds.events, ("title", "title_en", "summary", "summary_en")), (ds.tasks, ("text", "text_en"))):
        table = rows(to_csv(frame))
        assert_no_formula(table)
        cells = {cell for row in table for cell in row}
        mine = frame[frame["id" if frame is ds.events else "event_id"] == EVENT].iloc[0]
        for field in fields:  # kept, as text (the loader trims a leading tab or line break itself)
            assert mine[field].startswith(FORMULA_START)
            assert "'" + mine[field] in cells, field

"""What the app writes: CSV exports with formula injection neutralised in every cell a spreadsheet would run, numbers
left numbers; images of figures drawn in batches, once."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image

from core import export
from core.export import FORMULA_START, csv_of, date_as_known, for_csv, neutralised, to_csv, with_event_precision
from core.filtering import apply
from core.i18n import label
from core.state import ViewState
from core.views import build_chart
from figures.counts import tasks_per_event_figure
from figures.documents import documents_figure
from figures.timeline import timeline_figure
from loaders import DEFAULT_PATH, load_dataset
from tests.helpers import cycle_frame, document_frame, event_frame, hostile_data, phase_frame, task_frame

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
        table = rows(csv_of(frame, "vi"))
        assert_no_formula(table)
        cells = {cell for row in table for cell in row}
        mine = frame[frame["id" if frame is ds.events else "event_id"] == EVENT].iloc[0]
        for field in fields:  # kept, as text (the loader trims a leading tab or line break itself)
            assert mine[field].startswith(FORMULA_START)
            assert "'" + mine[field] in cells, field

    # the charts' data: the timeline's events and the tasks per event carry the titles
    for chart in (
        timeline_figure(ds.events, ds.cycles, ds.phases, lang="en"),
        tasks_per_event_figure(ds.tasks, lang="vi"),
    ):
        table = rows(csv_of(chart.data, "vi"))
        assert_no_formula(table)
        assert "'" + FORMULAS["title"] in {cell for row in table for cell in row}


EVENTS = event_frame(
    [
        {"id": "ngay", "title": "Hội nghị", "start": "2020-03-05", "kind": "conference"},
        {"id": "thang", "title": "Giao ban", "start": "2020-11-01", "precision": "month", "kind": "briefing"},
        {"id": "nam", "title": "Đại hội", "start": "2020-01-01", "precision": "year", "kind": "congress"},
    ]
)


@pytest.mark.parametrize(
    ("ts", "precision", "expected"),
    [
        (pd.Timestamp("2020-03-05"), "day", "2020-03-05"),
        (pd.Timestamp("2020-11-01"), "month", "2020-11"),
        (pd.Timestamp("2020-01-01"), "year", "2020"),
        (pd.Timestamp("2020-12-31"), "year", "2020"),
        (pd.NaT, "day", ""),
        (None, None, ""),
    ],
)
def test_date_as_known(ts, precision, expected):
    assert date_as_known(ts, precision) == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_events_csv_has_labels_next_to_codes_and_dates_as_known(lang):
    table = rows(csv_of(EVENTS, lang))
    header = table[0]
    for code in ("kind", "level", "cycle", "precision", "date_basis"):
        assert header[header.index(code) + 1] == f"{code}_label"
    got = {r[header.index("id")]: dict(zip(header, r, strict=True)) for r in table[1:]}
    assert (got["ngay"]["start"], got["ngay"]["end"]) == ("2020-03-05", "2020-03-05")
    assert (got["thang"]["start"], got["thang"]["end"], got["thang"]["precision"]) == ("2020-11", "2020-11", "month")
    assert (got["nam"]["start"], got["nam"]["end"], got["nam"]["precision"]) == ("2020", "2020", "year")
    assert got["nam"]["precision_label"] == label("precision", "year", lang)
    assert got["thang"]["kind_label"] == label("kind", "briefing", lang)
    assert got["ngay"]["cycle_label"] == label("cycle", "xiii", lang)


def test_tasks_csv_writes_the_event_date_as_known():
    tasks = task_frame(
        [
            {"event_id": "nam", "category": "personnel", "status": "done", "start": "2020-01-01"},
            {"event_id": "ngay", "category": "rules", "status": "set", "start": "2020-03-05"},
        ]
    )
    frame = for_csv(with_event_precision(tasks, EVENTS), "en")
    assert frame["start"].tolist() == ["2020", "2020-03-05"]
    assert frame["status_label"].tolist() == ["Reported done", "Set"]
    assert frame["category_label"].tolist() == [label("category", "personnel", "en"), label("category", "rules", "en")]


def test_a_chart_csv_is_its_frame_with_labels():
    docs = document_frame(
        [
            {"id": "ct35", "number": "35-CT/TW", "kind": "directive", "date": "2019-05-30"},
            {"id": "hd26", "number": "26-HD/BTCTW", "kind": "guideline", "date": "2019-11-01", "precision": "month"},
            {"id": "qd205", "number": "Quy định 205", "kind": "regulation", "status": "proposed"},
        ]
    )
    chart = documents_figure(docs, cycles=cycle_frame(), lang="vi")
    table = rows(csv_of(chart.data, "vi"))
    got = {r[0]: dict(zip(table[0], r, strict=True)) for r in table[1:]}
    assert got["hd26"]["date"] == "2019-11" and got["qd205"]["date"] == "" and got["qd205"]["precision_label"] == ""
    assert got["ct35"]["doc_kind_label"] == "Chỉ thị" and got["qd205"]["doc_status_label"] == "Đề xuất, chưa ban hành"
    timeline = rows(csv_of(timeline_figure(EVENTS, cycle_frame(), phase_frame(), year=2020, lang="en").data, "en"))
    assert sorted(r[0] for r in timeline[1:]) == ["nam", "ngay", "thang"]


# --- images -----------------------------------------------------------------------------------------------------


class FakeBrowser:
    """Stands in for kaleido's browser: records what it is asked to draw."""

    def __init__(self):
        self.drawn: list[tuple[str, int, bool]] = []

    def start(self):
        pass

    def draw(self, spec, opts, *, last):
        title = spec["layout"]["title"]["text"]
        self.drawn.append((title, opts["width"], last))
        return f"{title}@{opts['width']}x{opts['height']}".encode()


def titled(text: str):
    return go.Figure(layout={"title": {"text": text}})


@pytest.fixture
def fake_browser(monkeypatch):
    browser = FakeBrowser()
    monkeypatch.setattr(export, "_browser", browser)
    monkeypatch.setattr(export, "_cache", type(export._cache)())
    return browser


def test_a_batch_is_drawn_once_on_one_page_and_reloaded_after_its_last_image(fake_browser):
    seen = []
    figs = [titled("a"), titled("b"), titled("a")]
    out = export.to_images(figs, "png", sizes=[(900, 600), (900, 500), (900, 600)], each=seen.append)
    assert out == [b"a@900x600", b"b@900x500", b"a@900x600"]
    assert seen == [0, 1, 2]  # progress before each image, in the caller's thread
    assert fake_browser.drawn == [("a", 900, False), ("b", 900, True)]  # the same figure and size drawn once


def test_images_drawn_lately_come_from_a_bounded_cache(fake_browser):
    export.to_images([titled("a"), titled("b")], "png")
    export.to_image(titled("a"), "png")  # the .docx and then the PDF of one view: its charts drawn once
    assert [d[0] for d in fake_browser.drawn] == ["a", "b"]
    export.to_image(titled("a"), "png", width=600)  # another size is another image
    export.to_image(titled("a"), "svg")
    assert len(fake_browser.drawn) == 4
    export.to_images([titled(str(i)) for i in range(export.CACHED_IMAGES + 5)], "png")
    assert len(export._cache) == export.CACHED_IMAGES


def test_an_unknown_image_format_is_refused(fake_browser):
    with pytest.raises(ValueError, match="expected png or svg, found 'gif'"):
        export.to_image(titled("a"), "gif")
    assert fake_browser.drawn == []


@pytest.mark.slow
def test_a_batch_draws_what_plotly_draws_one_image_at_a_time():
    """The batch keeps kaleido's page between images: each image is still, pixel for pixel, plotly's own."""
    ds = load_dataset(DEFAULT_PATH)
    view = replace(ViewState(), years=(2020, 2020), lang="vi")
    f = apply(ds, view)
    figs = [build_chart(name, ds, f, view).figure for name in ("tasks_per_event", "timeline", "documents")]
    export._cache.clear()
    batch = export.to_images(figs, "png", sizes=[(900, 500)] * len(figs), scale=1.5)
    for fig, image in zip(figs, batch, strict=True):
        alone = pio.to_image(fig, format="png", width=900, height=500, scale=1.5)
        a, b = (Image.open(io.BytesIO(x)).convert("RGB") for x in (image, alone))
        assert a.size == b.size == (1350, 750)
        assert a.tobytes() == b.tobytes()
    svg = export.to_image(figs[0], "svg").decode("utf-8")
    assert "<svg" in svg[:200] and "</svg>" in svg

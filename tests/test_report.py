"""The report of a view: its content from the pages' own builders, the .docx (read back with python-docx) and the
PDF (read back with poppler-utils): headings, a picture per chart, the view's events, every source and quote, fonts,
A4 and the decree's margins, diacritics intact, curator text kept as text."""

from __future__ import annotations

import html
import io
import unicodedata
from dataclasses import replace

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from PIL import Image

from core import report as report_module
from core.filtering import apply
from core.i18n import format_number, label, present, t
from core.report import FONT, IMAGE_MM, MARGINS_MM, build_report, chart_images, key_events, make, to_docx, to_html
from core.state import ViewState
from core.views import CHARTS, build_chart, subtitle
from figures.timeline import KIND_RANK
from loaders import DEFAULT_PATH, load_dataset
from tests.helpers import HOSTILE_FIELDS, hostile_data, pdf_page_mm, pdf_pages, pdf_text

EVENT = "giao-ban-truc-tuyen-toan-quoc-2019-10"
HOSTILE = '=HYPERLINK("http://x","y") <script>alert(1)</script> <w:p/> [x](javascript:1) $x$ &amp;'


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEFAULT_PATH)


def view_of(years: tuple[int, int], lang: str, **filters) -> ViewState:
    return replace(ViewState(), years=years, lang=lang, **filters)


def png(width: int = 1350, height: int = 900) -> bytes:
    """A blank PNG standing in for a chart image, for the tests that do not draw with kaleido."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def docx_of(report, images=None) -> Document:
    data = to_docx(report, images if images is not None else [png()] * len(report.charts))
    return Document(io.BytesIO(data))


def all_text(doc: Document) -> str:
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


# --- content -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("years", [(2020, 2020), (2019, 2024)])
def test_the_report_holds_the_view(ds, years, lang):
    view = view_of(years, lang)
    f = apply(ds, view)
    report = build_report(ds, f, view)
    # the charts are the pages' own (same builder, same frame), every non-empty one
    built = [build_chart(name, ds, f, view) for name in CHARTS]
    assert [c.figure.layout.meta["title"] for c in report.charts] == [
        c.figure.layout.meta["title"] for c in built if len(c.data)
    ]
    for mine, theirs in zip(report.charts, [c for c in built if len(c.data)], strict=True):
        pd.testing.assert_frame_equal(mine.data, theirs.data)
    # one row per event of the view, in date order
    assert len(report.events) == len(f.events)
    titles = f.events.sort_values("start", kind="stable")["title_en" if lang == "en" else "title"].tolist()
    assert report.events[t("field.event", lang)].tolist() == titles
    # every source the view's events and documents quote, with each of those quotes
    quoted = pd.concat(
        [f.quotes, ds.quotes[(ds.quotes["owner_kind"] == "document") & ds.quotes["owner_id"].isin(f.documents["id"])]]
    )
    assert {n.source_id for n in report.notes} == set(quoted["source"])
    assert [n.number for n in report.notes] == list(range(1, len(report.notes) + 1))
    in_notes = {(q, verbatim) for n in report.notes for _, q, verbatim in n.quotes}
    assert {(" ".join(q.split()), True) for q in quoted["quote"].dropna()} <= in_notes
    assert {(" ".join(q.split()), False) for q in quoted.loc[quoted["quote"].isna(), "note"]} <= in_notes
    # the events table points at the notes of its sources
    refs = report.events[t("report.col_sources", lang)]
    assert all(r.startswith("[") for r in refs)
    # tasks: set + done = total, the total row counts the view's tasks
    tasks = report.tasks
    statuses = present("status", f.tasks["status"].unique())
    assert tasks.iloc[-1].tolist()[1:] == [*(int((f.tasks["status"] == s).sum()) for s in statuses), len(f.tasks)]
    assert len(report.documents) == len(f.documents) and len(report.figures) == len(f.figures)


def test_a_filter_narrows_the_report(ds):
    view = view_of((2019, 2024), "vi", kinds=("conference",))
    f = apply(ds, view)
    report = build_report(ds, f, view)
    assert len(report.events) == len(f.events) == int((ds.events["kind"] == "conference").sum())
    assert "Hội nghị" in report.subtitle


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_names_every_filter_value_where_a_chart_names_three(ds, lang):
    categories = ("personnel", "congress", "rules", "anti-corruption", "apparatus")
    view = view_of((2019, 2024), lang, categories=categories)
    report = build_report(ds, apply(ds, view), view)
    for category in categories:
        assert label("category", category, lang) in report.subtitle
    assert t("msg.more", lang, n=2) not in report.subtitle
    assert t("msg.more", lang, n=2) in subtitle(ds, view)  # a chart's subtitle, one line over the plot


def test_a_view_of_more_events_than_a_report_lists_gives_its_key_ones_and_says_so(ds, monkeypatch):
    lang = "en"
    view = view_of((2019, 2024), lang)
    f = apply(ds, view)
    whole = build_report(ds, f, view)
    assert not whole.shortened and whole.left_out("events") is None
    monkeypatch.setattr(report_module, "LISTED_EVENTS", 5)
    report = build_report(ds, f, view)
    assert report.shortened and len(report.events) == 5 and report.n_events == len(f.events) > 5
    # the key ones: congresses, plenums, documents issued first, then more tasks, more sources; listed by date
    ranked = f.events.assign(rank=f.events["kind"].map(KIND_RANK).fillna(0))
    ranked = ranked.sort_values(["rank", "n_tasks", "n_sources", "start"], ascending=[False, False, False, True])
    key = f.events[f.events["id"].isin(ranked["id"].head(5))].sort_values("start", kind="stable")
    assert report.events[t("field.event", lang)].tolist() == key["title_en"].tolist()
    # the figures and quotes of those events; every source still named; the counts are the view's
    listed = set(key["id"])
    assert len(report.figures) == int(f.figures["event_id"].isin(listed).sum())
    assert report.n_figures == len(f.figures)
    assert {n.source_id for n in report.notes} == {n.source_id for n in whole.notes}
    titles = set(f.events["title_en"])
    quoted_for = {what for n in report.notes for what, _, _ in n.quotes if what in titles}
    assert quoted_for and quoted_for <= set(key["title_en"])
    # said in the file, both formats, with where to find the rest
    doc = docx_of(report)
    assert len(doc.tables[0].rows) - 1 == 5
    text = all_text(doc)
    page = to_html(report, [png()] * len(report.charts))
    for section in ("events", "figures", "notes"):
        line = report.left_out(section)
        assert line in text and html.escape(line) in page
    assert f"5 of the view's {format_number(len(f.events), lang)} events" in report.left_out("events")
    assert "Download events (CSV)" in report.left_out("events")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert f"2. {t('report.events', lang, n=format_number(len(f.events), lang))}" in headings


def test_key_events_keeps_a_view_within_the_limit_whole(ds):
    events = ds.events.sample(frac=1, random_state=1)
    assert key_events(events, len(events))["id"].tolist() == events.sort_values("start", kind="stable")["id"].tolist()
    assert len(key_events(events, 3)) == 3


# --- Word ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_docx_is_a4_times_new_roman_with_the_decrees_margins(ds, lang):
    view = view_of((2020, 2020), lang)
    report = build_report(ds, apply(ds, view), view)
    doc = docx_of(report)
    section = doc.sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)  # Word counts twips
    margins = {k: round(getattr(section, f"{k}_margin").mm, 1) for k in MARGINS_MM}
    assert margins == MARGINS_MM
    assert 20 <= MARGINS_MM["top"] <= 25 and 20 <= MARGINS_MM["bottom"] <= 25
    assert 30 <= MARGINS_MM["left"] <= 35 and 15 <= MARGINS_MM["right"] <= 20
    # every font the document names is Times New Roman, for every script, and no theme font overrides it
    styles = doc.styles.element
    fonts = list(styles.iter(qn("w:rFonts"))) + list(doc.element.body.iter(qn("w:rFonts")))
    assert fonts
    for f in fonts:
        assert {f.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}, f.attrib
        assert not any(k.endswith("Theme") or k.endswith("theme") for k in f.attrib), f.attrib
    assert {run.font.name for p in doc.paragraphs for run in p.runs} <= {None, FONT}  # None: the style's
    assert doc.styles["Normal"].font.name == FONT


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("years", [(2020, 2020), (2019, 2024)])
def test_the_docx_has_its_headings_a_picture_per_chart_the_events_and_the_notes(ds, years, lang):
    view = view_of(years, lang)
    f = apply(ds, view)
    report = build_report(ds, f, view)
    doc = docx_of(report)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    n = {"events": len(f.events), "tasks": len(f.tasks), "figures": len(f.figures), "documents": len(f.documents)}
    n["notes"] = len(report.notes)
    expected = [f"1. {t('report.charts', lang)}"] + [
        f"{i}. {t(f'report.{key}', lang, n=format_number(n[key], lang))}"
        for i, key in enumerate(("events", "tasks", "figures", "documents", "notes"), start=2)
    ]
    assert headings == expected  # sections only: each chart's image carries its own title
    # one picture per chart, at its printed width, its title as alternative text, a numbered caption under it
    pictures = doc.inline_shapes
    assert len(pictures) == len(report.charts) >= 5
    assert all(abs(p.width - Mm(IMAGE_MM)) < Mm(0.1) for p in pictures)
    assert [p._inline.docPr.get("descr") for p in pictures] == [report.chart_title(c) for c in report.charts]
    texts = [p.text for p in doc.paragraphs]
    word = t("report.figure", lang, n=0).split()[0]  # "Hình", "Figure"
    captions = [x for x in texts if x.startswith(f"{word} ")]
    assert captions == [
        f"{t('report.figure', lang, n=i)} {report.chart_source(c)}" for i, c in enumerate(report.charts, start=1)
    ]
    assert not {report.chart_title(c) for c in report.charts} & set(texts)  # no title repeated as a line of text
    # the events table: a header and a row per event of the view, titles as the data has them
    events = doc.tables[0]
    assert [c.text for c in events.rows[0].cells][:2] == [t("field.date", lang), t("field.event", lang)]
    assert len(events.rows) - 1 == len(f.events)
    title_col = "title_en" if lang == "en" else "title"
    assert sorted(r.cells[1].text for r in events.rows[1:]) == sorted(f.events[title_col])
    text = all_text(doc)
    for note in report.notes:
        assert f"[{note.number}] " in text and note.citation in text
        for _, quote, verbatim in note.quotes:
            assert (f"“{quote}”" if verbatim else t("report.in_our_words", lang, text=quote)) in text
    for chart in report.charts:  # the source line under each chart
        assert report.chart_source(chart) in text
    assert unicodedata.is_normalized("NFC", text)
    if lang == "vi":
        assert "Nguồn:" in text and "Đảng" in text


def test_hostile_curator_text_stays_plain_text_in_the_docx(tmp_path):
    ds = load_dataset(hostile_data(tmp_path, EVENT, dict.fromkeys(HOSTILE_FIELDS, HOSTILE)))
    view = view_of((2019, 2019), "vi")
    report = build_report(ds, apply(ds, view), view)
    doc = docx_of(report)
    assert HOSTILE in [c.text for row in doc.tables[0].rows for c in row.cells]
    assert not list(doc.element.body.iter(qn("w:hyperlink")))
    assert "&lt;script&gt;" in to_html(report, [png()] * len(report.charts))
    assert "<script>" not in to_html(report, [png()] * len(report.charts))


# --- with real chart images and the printed PDF (kaleido and chromium) -----------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_docx_and_pdf_of_2019_to_2024(ds, lang):
    view = view_of((2019, 2024), lang)
    report = build_report(ds, apply(ds, view), view)
    images = chart_images(report)
    for image in images:  # at least 200 dpi at their printed width, and at the whole text width too
        width, _ = Image.open(io.BytesIO(image)).size
        assert width / (165 / 25.4) >= 200 and IMAGE_MM <= 165
    seen = []
    doc = Document(io.BytesIO(make(report, "docx", lambda done, text: seen.append(done))))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert len(doc.inline_shapes) == len(report.charts)
    pdf = make(report, "pdf")  # the same charts: drawn once, for the .docx
    assert pdf.startswith(b"%PDF")
    assert pdf_page_mm(pdf) == pytest.approx((210, 297), abs=0.5)  # A4 (chromium rounds to its own units)
    assert pdf_pages(pdf) >= 1 + len(report.charts) // 2
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    for i, chart in enumerate(report.charts, start=1):  # a numbered caption under each chart
        assert f"{t('report.figure', lang, n=i)} {' '.join(report.chart_source(chart).split()[:3])}" in flat
    assert unicodedata.is_normalized("NFC", text)
    assert report.title in text
    first_title = report.events[t("field.event", lang)].iloc[0]
    assert " ".join(first_title.split()[:4]) in " ".join(text.split())
    if lang == "vi":
        assert "Nguồn và trích dẫn" in text and "Đảng" in text


@pytest.mark.slow
def test_a_shortened_report_says_so_in_its_pdf(ds, monkeypatch):
    monkeypatch.setattr(report_module, "LISTED_EVENTS", 4)
    view = view_of((2019, 2024), "vi")
    report = build_report(ds, apply(ds, view), view)
    text = " ".join(pdf_text(make(report, "pdf")).split())
    for section in ("events", "figures", "notes"):
        assert " ".join(report.left_out(section).split()) in text
    assert f"Bảng liệt kê 4 trong số {format_number(report.n_events, 'vi')} sự kiện" in text

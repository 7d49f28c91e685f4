"""The report of a view: its content, built from the same chart builders and frames as the pages (core.views,
core.summary), and that content written as Word (.docx) or PDF.

The .docx is set as Vietnamese administrative documents are (Decree 30/2020/NĐ-CP): Times New Roman, A4, margins
top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the decree allows 20–25, 20–25, 30–35 and 15–20). Charts are PNG
images (Word does not take SVG through python-docx) at over 200 dpi, 155 mm wide (of the 165 mm of text width, so
that two charts of the usual height share a page). The PDF is the same content as an HTML page printed by Debian's
chromium (the browser kept for the chart images). Curator text is written as text: a Word run or escaped HTML, never
markup."""

from __future__ import annotations

import datetime as dt
import html
import io
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.export import TIMEOUT_S, to_images, to_pdf_file
from core.filtering import Filtered
from core.i18n import format_date, format_number, label, t
from core.state import ViewState
from core.summary import figure_parts, tasks_by_category
from core.views import CHARTS, build_chart, subtitle
from figures.theme import MIN_HEIGHT, Chart, export_filename
from figures.timeline import KIND_RANK
from loaders import Dataset

FONT = "Times New Roman"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165 mm
IMAGE_MM = 155  # a chart's printed width: two of the usual 600 px height (and their captions) fit a page
IMAGE_WIDTH_PX = 900  # a chart is drawn this wide (CSS pixels: its 13 px text prints at about 6.5 pt) ...
IMAGE_SCALE = 1.5  # ... at this scale: 1350 px over 155 mm, 221 dpi
BODY_PT, SMALL_PT = 13, 11
# A view of more events lists its key ones (see key_events) with their figures and quotes, and says so: a report
# stays under some 75 pages and is built in seconds (10,000 rows took chromium over a quarter of an hour to print).
LISTED_EVENTS = 200
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Note:
    """A numbered source and what is cited from it: verbatim quotes from an article, or, for a reference page, a note
    in our own words of what it states; each with what it supports."""

    number: int
    source_id: str
    citation: str
    quotes: tuple[tuple[str, str, bool], ...]  # (what it supports, text, True for a verbatim quote)


@dataclass(frozen=True)
class Report:
    """What a report says, in its language; written by to_docx and to_html alike."""

    lang: str
    title: str
    subtitle: str
    made: str
    filename: str
    charts: tuple[Chart, ...]
    events: pd.DataFrame  # one row per event listed (all of the view's, or its key ones), in the report's language
    n_events: int  # the view's events, listed or not
    tasks: pd.DataFrame  # core.summary.tasks_by_category
    n_tasks: int
    figures: tuple[tuple[str, str, str], ...]  # (value, unit, what it counts), of the events listed
    n_figures: int  # the view's figures, listed or not
    documents: pd.DataFrame
    notes: tuple[Note, ...]

    @property
    def shortened(self) -> bool:
        """Whether the view has more events than the report lists."""
        return len(self.events) < self.n_events

    def left_out(self, section: str) -> str | None:
        """What a section ("events", "figures" or "notes") of a shortened report leaves out, and where it is; None
        when the report lists every event of the view."""
        if not self.shortened:
            return None
        n, total = format_number(len(self.events), self.lang), format_number(self.n_events, self.lang)
        if section == "events":
            return t("report.listed_events", self.lang, n=n, total=total)
        if section == "figures":
            shown, all_ = format_number(len(self.figures), self.lang), format_number(self.n_figures, self.lang)
            return t("report.listed_figures", self.lang, n=n, shown=shown, total=all_)
        rest = format_number(self.n_events - len(self.events), self.lang)
        return t("report.listed_quotes", self.lang, n=n, rest=rest)

    def chart_title(self, chart: Chart) -> str:
        return chart.figure.layout.meta["title"]

    def chart_source(self, chart: Chart) -> str:
        """The chart's source line as its figure writes it (one line, unwrapped)."""
        lines = [a.text for a in chart.figure.layout.annotations if a.name == "source"]
        return html.unescape(" ".join(reversed(lines)))  # finish() places them from the bottom up, escaped


def build_report(ds: Dataset, f: Filtered, view: ViewState, chart_of: Callable[[str], Chart] | None = None) -> Report:
    """The report of `view` (`f`: what its filters keep). `chart_of(name)` gives the view's charts (the app passes
    its cached ones); by default they are built by core.views.build_chart, as the pages build them."""
    lang = view.lang
    chart_of = chart_of or (lambda name: build_chart(name, ds, f, view))
    charts = tuple(c for c in (chart_of(name) for name in CHARTS) if len(c.data))
    docs = f.documents.sort_values("date", na_position="last", kind="stable")
    events = key_events(f.events, LISTED_EVENTS)
    notes, refs = _notes(ds, f, docs, lang, set(events["id"]))
    numbers = dict(zip(ds.documents["id"], ds.documents["number"], strict=True))
    named = f.doc_links.groupby("event_id")["document_id"].agg(lambda ids: ", ".join(numbers[i] for i in ids))
    en = lang == "en"
    table = pd.DataFrame(
        {
            t("field.date", lang): [
                format_date(s, p, lang) for s, p in zip(events["start"], events["precision"], strict=True)
            ],
            t("field.event", lang): events["title_en" if en else "title"].tolist(),
            t("field.organiser", lang): events["organiser_en" if en else "organiser"].fillna("").tolist(),
            t("report.col_documents", lang): [named.get(i, "") for i in events["id"]],
            t("report.col_sources", lang): [", ".join(f"[{n}]" for n in refs.get(i, ())) for i in events["id"]],
        }
    )
    documents = pd.DataFrame(
        {
            t("docs.number", lang): docs["number"].tolist(),
            t("docs.title", lang): docs["title_en" if en else "title"].tolist(),
            t("field.date", lang): [
                format_date(d, p, lang) for d, p in zip(docs["date"], docs["precision"], strict=True)
            ],
            t("field.doc_kind", lang): [label("doc_kind", k, lang) for k in docs["kind"]],
            t("docs.issuer", lang): docs["issuer_en" if en else "issuer"].fillna("").tolist(),
        }
    )
    today = pd.Timestamp(dt.date.today())
    made = t(
        "report.made",
        lang,
        date=format_date(today, "day", lang),
        events=format_number(len(f.events), lang),
        tasks=format_number(len(f.tasks), lang),
        documents=format_number(len(docs), lang),
        sources=format_number(len(notes), lang),
    )
    return Report(
        lang=lang,
        title=t("report.title", lang),
        subtitle=subtitle(ds, view, limit=None),
        made=made,
        filename=export_filename("bao-cao" if lang == "vi" else "report", view.span, lang),
        charts=charts,
        events=table,
        n_events=len(f.events),
        tasks=tasks_by_category(f.tasks, lang) if len(f.tasks) else pd.DataFrame(),
        n_tasks=len(f.tasks),
        figures=tuple(figure_parts(f.figures[f.figures["event_id"].isin(events["id"])], lang)),
        n_figures=len(f.figures),
        documents=documents,
        notes=notes,
    )


def key_events(events: pd.DataFrame, limit: int = LISTED_EVENTS) -> pd.DataFrame:
    """The events a report lists, in date order: all of them, or, beyond `limit`, the key ones as the timeline names
    them first (congresses, plenums, documents issued, then events with more tasks and more sources)."""
    if len(events) > limit:
        rank = events["kind"].map(KIND_RANK).fillna(0)
        events = (
            events.assign(_rank=rank)
            .sort_values(
                ["_rank", "n_tasks", "n_sources", "start"], ascending=[False, False, False, True], kind="stable"
            )
            .head(limit)
            .drop(columns="_rank")
        )
    return events.sort_values("start", kind="stable")


def _notes(
    ds: Dataset, f: Filtered, docs: pd.DataFrame, lang: str, listed: set[str]
) -> tuple[tuple[Note, ...], dict[str, list[int]]]:
    """Every source the view's events and documents quote, numbered in order of first use, each with its quotes for
    the documents and the `listed` events; and, per event id, the numbers of its sources."""
    en = lang == "en"
    titles = {
        ("event", i): title for i, title in zip(f.events["id"], f.events["title_en" if en else "title"], strict=True)
    } | {("document", i): n for i, n in zip(docs["id"], docs["number"], strict=True)}
    doc_quotes = ds.quotes[(ds.quotes["owner_kind"] == "document") & ds.quotes["owner_id"].isin(docs["id"])]
    quotes = pd.concat([f.quotes, doc_quotes])
    order = {i: n for n, i in enumerate(f.events.sort_values("start", kind="stable")["id"])}
    quotes = quotes.assign(_o=quotes["owner_id"].map(order).fillna(len(order))).sort_values("_o", kind="stable")
    sources = ds.sources.set_index("id")
    numbers = {s: n for n, s in enumerate(dict.fromkeys(quotes["source"]), start=1)}
    refs: dict[str, list[int]] = {}
    by_source: dict[str, list[tuple[str, str, bool]]] = {s: [] for s in numbers}
    notes_of = quotes["note"] if "note" in quotes else pd.Series(None, index=quotes.index, dtype="object")
    for kind, owner, source, quote, note in zip(
        quotes["owner_kind"], quotes["owner_id"], quotes["source"], quotes["quote"], notes_of, strict=True
    ):
        if kind == "event" and numbers[source] not in refs.setdefault(owner, []):
            refs[owner].append(numbers[source])
        if kind == "event" and owner not in listed:
            continue
        what = titles.get((kind, owner), owner)
        if isinstance(quote, str) and quote.strip():
            by_source[source].append((what, " ".join(quote.split()), True))
        elif isinstance(note, str) and note.strip():  # a reference page: what it states, in our words
            by_source[source].append((what, " ".join(note.split()), False))
    notes = []
    for source, number in numbers.items():
        s = sources.loc[source]
        quoted = list(dict.fromkeys(by_source[source]))
        if s["kind"] == "reference" and isinstance(s["note"], str):
            quoted.append(("", " ".join(s["note"].split()), False))
        notes.append(Note(number, source, _citation(s, lang), tuple(quoted)))
    return tuple(notes), {k: sorted(v) for k, v in refs.items()}


def _citation(s: pd.Series, lang: str) -> str:
    """A source as a note names it: outlet, headline (and its English), date, address."""
    parts = [s["outlet"] if isinstance(s["outlet"], str) else t("sources.unnamed", lang), f"“{s['title']}”"]
    if lang == "en" and isinstance(s["title_en"], str):
        parts[-1] += f" ({s['title_en']})"
    if pd.notna(s["published"]):
        parts.append(t("report.published", lang, date=format_date(s["published"], s["published_precision"], lang)))
    if isinstance(s["url"], str):
        parts.append(s["url"])
    return ", ".join(parts)


# --- images -----------------------------------------------------------------------------------------------------


def chart_images(report: Report, progress: Progress | None = None) -> list[bytes]:
    """Each chart as a PNG, IMAGE_WIDTH_PX wide at IMAGE_SCALE (over 200 dpi at IMAGE_MM), at its own height: all
    drawn as one batch (core.export.to_images), so a report's .docx and PDF of one view draw them once."""
    n = len(report.charts)

    def each(i: int) -> None:
        title = report.chart_title(report.charts[i])
        progress(i / (n + 1), t("report.step_chart", report.lang, i=i + 1, n=n, title=title))

    figures = [chart.figure for chart in report.charts]
    sizes = [(IMAGE_WIDTH_PX, int(fig.layout.height or MIN_HEIGHT)) for fig in figures]
    return to_images(figures, "png", sizes=sizes, scale=IMAGE_SCALE, each=each if progress else None)


# --- Word ---------------------------------------------------------------------------------------------------------


def to_docx(report: Report, images: list[bytes]) -> bytes:
    """The report as a Word document: Times New Roman, A4, the decree's margins, one picture per chart."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _set_fonts(doc, report.lang)
    doc.core_properties.title = f"{report.title} · {report.subtitle}"
    doc.core_properties.language = "vi-VN" if report.lang == "vi" else "en-GB"

    title = doc.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(report.subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.runs[0].bold = True
    made = doc.add_paragraph(report.made)
    made.alignment = WD_ALIGN_PARAGRAPH.CENTER
    made.runs[0].italic = True

    for number, (heading, body) in enumerate(_sections(report), start=1):
        doc.add_heading(f"{number}. {heading}", level=1)
        body(doc, images, Mm, Pt)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _sections(report: Report) -> list[tuple[str, Callable]]:
    """The report's sections in order: (heading, writer of its body into a Word document)."""
    lang = report.lang

    def charts(doc, images, Mm, Pt):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        # The image carries the chart's title and source line; under it a numbered caption, the source line as text
        for i, (chart, png) in enumerate(zip(report.charts, images, strict=True), start=1):
            picture = doc.add_picture(io.BytesIO(png), width=Mm(IMAGE_MM))
            picture._inline.docPr.set("descr", report.chart_title(chart))  # the picture's alternative text
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.paragraphs[-1].paragraph_format.keep_with_next = True
            caption = doc.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            number = caption.add_run(t("report.figure", lang, n=i) + " ")
            number.bold, number.font.size = True, Pt(SMALL_PT)
            run = caption.add_run(report.chart_source(chart))
            run.italic, run.font.size = True, Pt(SMALL_PT)

    def lead(doc, section, Pt):
        """The line saying what a shortened report's section leaves out."""
        if text := report.left_out(section):
            run = doc.add_paragraph().add_run(text)
            run.italic, run.font.size = True, Pt(SMALL_PT)

    def events(doc, images, Mm, Pt):
        lead(doc, "events", Pt)
        _table(doc, report.events, Pt, widths_mm=(22, 58, 32, 38, 15))

    def tasks(doc, images, Mm, Pt):
        if report.tasks.empty:
            doc.add_paragraph(t("report.none", lang))
            return
        counts = len(report.tasks.columns) - 2  # a column per status present, between the category and the total
        widths = (68, *[(TEXT_MM - 68 - 18) // counts] * counts, 18)
        _table(doc, report.tasks, Pt, widths_mm=widths, total_row=True)
        doc.add_paragraph(t("summary.tasks_note", lang)).runs[0].italic = True

    def figures(doc, images, Mm, Pt):
        lead(doc, "figures", Pt)
        if not report.figures:
            doc.add_paragraph(t("report.none", lang))
            return
        rows = pd.DataFrame(
            {
                t("report.col_value", lang): [v for v, _, _ in report.figures],
                t("report.col_what", lang): [f"{u}: {w}" if u else w for _, u, w in report.figures],
            }
        )
        _table(doc, rows, Pt, widths_mm=(30, 135))

    def documents(doc, images, Mm, Pt):
        if report.documents.empty:
            doc.add_paragraph(t("report.none", lang))
            return
        _table(doc, report.documents, Pt, widths_mm=(30, 62, 25, 20, 28))

    def notes(doc, images, Mm, Pt):
        doc.add_paragraph(t("report.notes_lead", lang)).runs[0].italic = True
        lead(doc, "notes", Pt)
        # Thousands of notes: each paragraph is a copy of a template made once (python-docx builds each element
        # through a slow schema-ordered insert).
        cite = doc.add_paragraph()
        cite.add_run("[0] ").bold = True
        cite.add_run("-")
        quoted = []
        for with_what in (False, True):
            q = doc.add_paragraph()
            q.paragraph_format.left_indent = Mm(8)
            q.paragraph_format.space_after = Pt(2)
            q.add_run("-").font.size = Pt(SMALL_PT)
            if with_what:
                r = q.add_run("-")
                r.italic, r.font.size = True, Pt(SMALL_PT)
            quoted.append(q._p)
        templates = [cite._p, *quoted]
        for p in templates:
            p.getparent().remove(p)
        end = doc.element.body.sectPr
        for note in report.notes:
            end.addprevious(_stamp(cite._p, (f"[{note.number}] ", note.citation)))
            for what, text, verbatim in note.quotes:
                text = f"“{text}”" if verbatim else t("report.in_our_words", lang, text=text)
                if what:
                    end.addprevious(_stamp(quoted[1], (text, f" ({t('report.for', lang, what=what)})")))
                else:
                    end.addprevious(_stamp(quoted[0], (text,)))

    return [
        (t("report.charts", lang), charts),
        (t("report.events", lang, n=format_number(report.n_events, lang)), events),
        (t("report.tasks", lang, n=format_number(report.n_tasks, lang)), tasks),
        (t("report.figures", lang, n=format_number(report.n_figures, lang)), figures),
        (t("report.documents", lang, n=format_number(len(report.documents), lang)), documents),
        (t("report.notes", lang, n=format_number(len(report.notes), lang)), notes),
    ]


def _table(doc, frame: pd.DataFrame, Pt, *, widths_mm: tuple[int, ...], total_row: bool = False) -> None:
    """A frame as a Word table with a bold header row repeated on every page; cells as plain text.

    Rows are copies of a template row (python-docx's own add_row and cells take time in the number of rows)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=3, cols=len(frame.columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice follows
        for cell in column.cells:
            cell.width = Mm(width)  # each cell, which Word follows
    header, plain, bold = table.rows
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for row, is_bold in ((header, True), (plain, False), (bold, True)):
        for cell in row.cells:
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run("-")
            run.font.size, run.bold = Pt(SMALL_PT), is_bold
    tbl = table._tbl
    templates = (plain._tr, bold._tr)
    for tr in (header._tr, *templates):
        tbl.remove(tr)
    tbl.append(_stamp(header._tr, [str(c) for c in frame.columns]))
    last = len(frame) - 1
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        tbl.append(_stamp(templates[total_row and i == last], [_text(v) for v in row]))


def _stamp(template, texts) -> object:
    """A copy of a paragraph or table row whose runs' texts are `texts`, in order."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    element = deepcopy(template)
    for node, text in zip(element.iter(qn("w:t")), texts, strict=True):
        node.text = text
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _set_fonts(doc, lang: str) -> None:
    """Times New Roman for every script (Latin, complex, East Asian) in the document defaults and every style, with
    the template's theme fonts removed (they would win over a named font); black headings; the text's language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN" if lang == "vi" else "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 18), ("Heading 1", 15), ("Heading 2", 13)):
        style = doc.styles[name]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), True, RGBColor(0, 0, 0)
        style.font.italic = False
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in [defaults, *styles.iter(qn("w:rPr"))]:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attr}"), FONT)
    title = doc.styles["Title"].element.pPr
    if title is not None:  # the template's title has a blue rule under it
        for border in title.findall(qn("w:pBdr")):
            title.remove(border)


# --- PDF ----------------------------------------------------------------------------------------------------------


def to_html(report: Report, images: list[bytes]) -> str:
    """The report as one self-contained print page (images inline, nothing fetched), set as the .docx is."""
    import base64

    e = html.escape
    lang = report.lang

    def table(frame: pd.DataFrame, *, total_row: bool = False) -> str:
        head = "".join(f"<th>{e(str(c))}</th>" for c in frame.columns)
        rows = []
        for i, row in enumerate(frame.itertuples(index=False, name=None)):
            cls = ' class="total"' if total_row and i == len(frame) - 1 else ""
            rows.append(f"<tr{cls}>" + "".join(f"<td>{e(_text(v))}</td>" for v in row) + "</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    none = f"<p>{e(t('report.none', lang))}</p>"
    body = {}

    def lead(section: str) -> str:
        text = report.left_out(section)
        return f"<p class='note'>{e(text)}</p>" if text else ""

    body["charts"] = "".join(
        f'<figure><img alt="{e(report.chart_title(c))}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        f"<figcaption><b>{e(t('report.figure', lang, n=i))}</b> {e(report.chart_source(c))}</figcaption></figure>"
        for i, (c, png) in enumerate(zip(report.charts, images, strict=True), start=1)
    )
    body["events"] = lead("events") + table(report.events)
    body["tasks"] = (
        table(report.tasks, total_row=True) + f"<p class='note'>{e(t('summary.tasks_note', lang))}</p>"
        if not report.tasks.empty
        else none
    )
    figures = pd.DataFrame(
        {
            t("report.col_value", lang): [v for v, _, _ in report.figures],
            t("report.col_what", lang): [f"{u}: {w}" if u else w for _, u, w in report.figures],
        }
    )
    body["figures"] = lead("figures") + (table(figures) if report.figures else none)
    body["documents"] = table(report.documents) if not report.documents.empty else none
    body["notes"] = (
        f"<p class='note'>{e(t('report.notes_lead', lang))}</p>"
        + lead("notes")
        + "".join(
            f"<p class='cite'><b>[{n.number}]</b> {e(n.citation)}</p>"
            + "".join(
                f"<p class='quote'>{e(f'“{q}”' if verbatim else t('report.in_our_words', lang, text=q))}"
                + (f" <i>({e(t('report.for', lang, what=what))})</i>" if what else "")
                + "</p>"
                for what, q, verbatim in n.quotes
            )
            for n in report.notes
        )
    )
    headings = [h for h, _ in _sections(report)]
    sections = "".join(
        f"<h2>{number}. {e(h)}</h2>{body[key]}"
        for number, (h, key) in enumerate(
            zip(headings, ("charts", "events", "tasks", "figures", "documents", "notes"), strict=True), start=1
        )
    )
    m = MARGINS_MM
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{e(report.title)} · {e(report.subtitle)}</title>
<style>
@page {{ size: A4; margin: {m["top"]}mm {m["right"]}mm {m["bottom"]}mm {m["left"]}mm; }}
body {{ font-family: "{FONT}", "Liberation Serif", "Tinos", serif; font-size: {BODY_PT}pt; line-height: 1.25;
  color: #000; margin: 0; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 4pt; }}
.sub {{ text-align: center; font-weight: bold; margin: 0 0 4pt; }}
.made {{ text-align: center; font-style: italic; margin: 0 0 10pt; }}
h2 {{ font-size: 15pt; margin: 14pt 0 6pt; break-after: avoid; }}
figure {{ margin: 0 0 8pt; break-inside: avoid; }}
figure img {{ width: {IMAGE_MM}mm; display: block; margin: 0 auto; }}
figcaption, .note, .quote {{ font-size: {SMALL_PT}pt; }}
figcaption, .note {{ font-style: italic; }}
figcaption {{ text-align: center; margin-top: 2pt; }}
figcaption b {{ font-style: normal; }}
table {{ border-collapse: collapse; width: 100%; font-size: {SMALL_PT}pt; margin: 0 0 6pt; }}
th, td {{ border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: top; text-align: left; }}
th, tr.total td {{ font-weight: bold; }}
tr {{ break-inside: avoid; }}
.cite {{ margin: 6pt 0 2pt; }}
.quote {{ margin: 0 0 2pt 8mm; }}
</style></head><body>
<h1>{e(report.title)}</h1><p class="sub">{e(report.subtitle)}</p><p class="made">{e(report.made)}</p>
{sections}
</body></html>"""


def to_pdf(page: str, timeout: float = TIMEOUT_S) -> bytes:
    """A print page as A4 PDF, printed by the chromium that draws the chart images (no network needed)."""
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        source = Path(tmp) / "input.html"
        source.write_text(page, encoding="utf-8")
        return to_pdf_file(source.as_uri(), timeout)


# --- the whole -----------------------------------------------------------------------------------------------------


def make(report: Report, fmt: str, progress: Progress | None = None) -> bytes:
    """The report's file in `fmt` ("docx" or "pdf"), reporting progress as (fraction, what) along the way."""
    if fmt not in FORMATS:
        raise ValueError(f"expected one of {', '.join(FORMATS)}, found {fmt!r}")
    started = time.perf_counter()
    images = chart_images(report, progress)
    if progress:
        progress(len(images) / (len(images) + 1), t("report.step_write", report.lang, fmt=fmt.upper()))
    data = to_docx(report, images) if fmt == "docx" else to_pdf(to_html(report, images))
    if progress:
        progress(1.0, t("report.done", report.lang, s=f"{time.perf_counter() - started:.1f}"))
    return data

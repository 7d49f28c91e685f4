"""The house look of every chart: template, palette, safe text, title/subtitle/source framing, export hints."""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BasePlotlyType

from core.i18n import t
from core.words import plain, shorten  # noqa: F401  (shared by the builders)

from .labels import text_px

TEMPLATE = "tcxd"
FONT = "Be Vietnam Pro, Noto Sans, DejaVu Sans, Arial, sans-serif"
INK = "#222222"
MUTED = "#5c5c5c"
GRID = "#e4e4e4"
NEUTRAL = "#8c8c8c"

# Okabe & Ito (2008), the colour-blind-safe qualitative palette.
ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, BLACK = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, BLACK)

# Fixed colours per enum value, so a value keeps its colour whatever the filters leave on screen.
COLORS: dict[str, dict[str, str]] = {
    "kind": {
        "briefing": SKY,
        "conference": BLUE,
        "meeting": "#882255",
        "plenum": PURPLE,
        "congress": VERMILLION,
        "election": GREEN,
        "issuance": ORANGE,
        "decision": BLACK,
    },
    "category": {
        "personnel": BLUE,
        "congress": VERMILLION,
        "rules": ORANGE,
        "anti-corruption": PURPLE,
        "grassroots": GREEN,
        "apparatus": SKY,
        "protection-communication": YELLOW,
        "ideology-discipline": "#4d4d4d",
        "elections": "#a6a6a6",
        "sector-staff": "#882255",
    },
    "status": {"set": SKY, "done": BLUE, "proposed": ORANGE},
    "cycle": {"xiii": BLUE, "xiv": VERMILLION},
    "doc_kind": {
        "directive": VERMILLION,
        "guideline": BLUE,
        "regulation": GREEN,
        "resolution": PURPLE,
        "conclusion": ORANGE,
        "charter": BLACK,
        "law": "#4d4d4d",
        "report": SKY,
        "programme": "#a6a6a6",
    },
    "series": {"events": BLUE, "tasks": ORANGE},
}

# Marker shapes double the colour coding of event kinds for readers who cannot tell colours apart.
SYMBOLS = {
    "briefing": "circle",
    "conference": "square",
    "meeting": "hexagon",
    "plenum": "diamond",
    "congress": "star",
    "election": "triangle-up",
    "issuance": "pentagon",
    "decision": "cross",
}

_TITLE_PX = 76  # the title and subtitle, from the top edge
REPORT_PX = 675  # the height of report screenshots and PNG exports
MARGIN = {"t": _TITLE_PX, "b": 78, "l": 72, "r": 40}  # r: room for the last date tick's label
MIN_SLOTS = 6  # an axis of categories is at least this many bars wide, so one or two bars stay bars
TEXT_ROOM = 1.12  # room above (or right of) the longest bar for its count
MIN_HEIGHT = 600  # charts are drawn at least this tall, near a report's 675 px, so the legend sits alike in both
_SOURCE_GAP = 8
LINE_STEP_PX = 16  # one more line of footnote (12 px) or sources (11 px) under a chart
FOOTER_PX = 690  # how wide a footnote or source line may run: a 720 px chart (the narrowest drawn) less its padding
PHONE_PX = 360  # a chart on a phone: a 390 px screen less the page's padding
NARROW_RIGHT_PX = 16  # the right margin of a chart on a phone
NARROW_LEFT_PX = 130  # at most, for its tick labels (13 characters a line)
_AXIS_LINE_PX = 15  # one more line of an axis title (12 px)
_TITLE_LINE_PX, _SUBTITLE_LINE_PX = 24, 18  # a line of the 18 px bold title, of the 13 px subtitle
_FOOTER_FIRST_PX = 30  # the last footer line and the gap under it, at the figure's bottom edge
TICK_GAP = 8  # px between the y axis' tick labels (lanes, categories) and the plot
# The legend runs in rows under the subtitle, above the plot, so the x axis keeps the figure's width. Its top is
# placed on the figure (yref container), so plotly reserves its height, however many rows it wraps to, above the
# plot. (title.automargin with a legend pushing the margin drew the plot and its ticks out of step: not used.)
LEGEND = {
    "orientation": "h",
    "xref": "paper",
    "x": 0,
    "xanchor": "left",
    "yref": "container",
    "yanchor": "top",
    "traceorder": "normal",  # left to right in display order, stacks included
}
# A long list of long names (ten task categories) stays a column on the right, in the order of the stack: in rows
# it would take a line each in a narrow figure.
LEGEND_RIGHT = {
    "orientation": "v",
    "xref": "paper",
    "x": 1.02,
    "xanchor": "left",
    "yref": "paper",
    "y": 1,
    "yanchor": "top",
    "traceorder": "reversed",
}
# After a click, points outside the selection stay almost as they were (plotly's default fades them to 20 %).
SELECTED = {"marker": {"opacity": 1}}
UNSELECTED = {"marker": {"opacity": 0.85}}

pio.templates[TEMPLATE] = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(PALETTE),
        "title": {"font": {"size": 18, "color": INK}, "subtitle": {"font": {"size": 13, "color": MUTED}}},
        "hoverlabel": {
            "font": {"family": FONT, "size": 13, "color": INK},  # 15.9:1 on white
            "bgcolor": "white",
            "bordercolor": NEUTRAL,
            "align": "left",
        },
        "legend": {"font": {"size": 12}, "title": {"font": {"size": 12, "color": MUTED}}, "tracegroupgap": 2},
        "xaxis": {
            "showgrid": True,
            "gridcolor": GRID,
            "linecolor": NEUTRAL,
            "ticks": "outside",
            "tickcolor": NEUTRAL,
            "zeroline": False,
            "automargin": True,
            "title": {"font": {"size": 12, "color": MUTED}},
        },
        "yaxis": {
            "showgrid": True,
            "gridcolor": GRID,
            "linecolor": NEUTRAL,
            "zeroline": False,
            "automargin": True,
            "ticklabelstandoff": TICK_GAP,
            "title": {"font": {"size": 12, "color": MUTED}},
        },
        "bargap": 0.2,
    }
)


class Chart(NamedTuple):
    """What a figure builder returns: the figure and the frame it drew (the chart's CSV is that frame); `export`,
    where the figure is drawn for a phone, makes the figure its PNG and SVG downloads give (the desktop one)."""

    figure: go.Figure
    data: pd.DataFrame
    export: Callable[[], go.Figure] | None = None


_TAG_CHARS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "\n": " ", "\r": " "})


def with_note(subtitle: str, note: str) -> str:
    """A subtitle with a note appended after " · "."""
    return f"{subtitle} · {note}" if subtitle else note


def safe_text(s) -> str:
    """Data text made inert for plotly: tags, entities and MathJax `$` escaped; None or NaN becomes ""."""
    return plain(s).translate(_TAG_CHARS)


def safe_wrapped(s, width: int = 60) -> str:
    """Data text escaped and broken into lines of about `width` characters for a hover label."""
    return _wrapped(plain(s), width)


@functools.lru_cache(maxsize=16384)
def _wrapped(text: str, width: int) -> str:
    """safe_wrapped of a string, kept: the same titles come back on every rerun, and textwrap is slow."""
    return "<br>".join(safe_text(line) for line in textwrap.wrap(text, width))


def color(group: str, value) -> str:
    """The fixed colour of an enum value; grey for anything unknown."""
    return COLORS[group].get(value, NEUTRAL)


def rgba(hex_color: str, alpha: float) -> str:
    """A #rrggbb colour with transparency."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def label_margin(labels) -> dict:
    """A left margin wide enough for these tick labels, so automargin need not move the plot (and the source line)."""
    return {"l": max(MARGIN["l"], int(7.4 * max((len(plain(s)) for s in labels), default=0)) + 30)}


def count_axis(top: int, title: str) -> dict:
    """A count axis from zero with whole-number ticks only."""
    return {"title": {"text": title}, "rangemode": "tozero", **({"dtick": 1} if top <= 6 else {"tickformat": ",d"})}


def years_axis(column: pd.Series, years: tuple[int, int] | None = None) -> list[int]:
    """Every year of the view (`years`, first and last) and of the data, so a year without tasks shows as zero."""
    lo, hi = int(column.min()), int(column.max())
    if years is not None:
        lo, hi = min(lo, years[0]), max(hi, years[1])
    return list(range(lo, hi + 1))


def slots(n: int) -> list[float]:
    """The range of a category axis of `n` bars, widened to MIN_SLOTS with the bars in the middle."""
    pad = max(0.0, (MIN_SLOTS - n) / 2)
    return [-0.5 - pad, n - 0.5 + pad]


def year_axis(years: list[int], lang: str, title: str = "field.year") -> dict:
    """A category axis of years, at least MIN_SLOTS bars wide, titled with the interface string `title`."""
    return {"type": "category", "range": slots(len(years)), "title": {"text": t(title, lang)}, "showgrid": False}


# How plotly lays out a horizontal legend that wraps: from the plot's left edge to the figure's right one, its title
# first, then every entry as wide as the widest (symbol and gaps, then its text at 12 px), in rows of _LEGEND_ROW_PX.
_LEGEND_ROW_PX = 19
_LEGEND_ENTRY_PX = 45
_LEGEND_TITLE_GAP_PX = 30
_LEGEND_PAD_PX = 10


def _legend_rows(names: list[str], title: str, width_px: float) -> int:
    """How many rows of text (at most) a horizontal legend of `names` under `title` takes in `width_px` (a name
    broken with <br> takes a row a line)."""
    if not names:
        return 0
    lines = [n.split("<br>") for n in names]
    widths = [max(text_px(line, 12) for line in n) + _LEGEND_ENTRY_PX for n in lines]
    tall = max(len(n) for n in lines)
    head = text_px(title, 12) + _LEGEND_TITLE_GAP_PX if title else 0
    if head + sum(widths) <= width_px:
        return tall
    columns = max(1, int((width_px - head) // max(widths)))
    if columns == 1:
        return sum(len(n) for n in lines)
    return -(-len(names) // columns) * tall


def legend_px(fig: go.Figure, width_px: float) -> float:
    """How tall (at most) the horizontal legend of `fig`, its entries and title as they stand, is in `width_px`."""
    names = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    rows = _legend_rows(names, fig.layout.legend.title.text or "", width_px)
    return rows * _LEGEND_ROW_PX + _LEGEND_PAD_PX if rows else 0


def wrap_px(text: str, width_px: float, size: float) -> list[str]:
    """`text` in lines of at most `width_px` at `size` px (estimated as `labels.text_px` does), broken at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_px(f"{lines[-1]} {word}", size) <= width_px:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def wrapped_notes(notes: tuple[str, ...], width_px: float = FOOTER_PX) -> list[str]:
    """Footnotes as a chart shows them, line by line."""
    return [line for note in notes for line in wrap_px(note, width_px, 12)]


def footer_px(lines: int) -> int:
    """The bottom margin of a chart with `lines` lines of footnotes and sources under its x axis."""
    return MARGIN["b"] + LINE_STEP_PX * (lines - 1)


def wrapped_sources(source_line: str, width_px: float = FOOTER_PX) -> list[str]:
    """A source line as a chart shows it: every source named, on as many lines as it takes."""
    return wrap_px(source_line, width_px, 11) or [""]


def finish(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    lang: str,
    height: int | None = None,
    margin: dict | None = None,
    notes: tuple[str, ...] = (),
    legend_right: bool = False,
    footer_width: float = FOOTER_PX,
    narrow: bool = False,
) -> go.Figure:
    """Frame a figure for reports: template, title, subtitle, footnotes and source line inside it (all plain text);
    the lines under the plot run `footer_width` px at most (the narrowest the chart is drawn at, less padding).

    `narrow`: for a phone (PHONE_PX wide): title and subtitle wrap, the legend goes under the plot, above the
    footnotes and sources, which wrap at that width; the figure grows by what that takes."""
    m = {**MARGIN, **(margin or {})}
    note_lines = wrapped_notes(notes, footer_width)
    source_lines = wrapped_sources(source_line, footer_width)
    wide_lines = len(note_lines) + len(source_lines)
    if narrow:  # the footer on a phone's width
        note_lines = wrapped_notes(notes, PHONE_PX - 28)
        source_lines = wrapped_sources(source_line, PHONE_PX - 28)
    m["b"] = footer_px(len(note_lines) + len(source_lines)) + m["b"] - MARGIN["b"]
    title_text, subtitle_text = safe_text(title), safe_text(subtitle)
    legend = LEGEND_RIGHT if legend_right else legend_position(height)
    if narrow:
        lines = len(note_lines) + len(source_lines)
        title_text, subtitle_text, height, legend = _for_phone(fig, m, title, subtitle, height, lines, wide_lines)
    update_layout(
        fig,
        template=pio.templates[TEMPLATE],  # the template itself: an unchecked figure would keep its name only
        title={
            "text": f"<b>{title_text}</b>",
            "subtitle": {"text": subtitle_text},
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 14, "t": 18 if narrow else 14},
        },
        legend=legend,
        height=height,
        margin=m,
        separators=",." if lang == "vi" else ".,",
        meta={"lang": lang, "title": title, "narrow": narrow},
    )
    lines = [("note", n, 12) for n in note_lines] + [("source", s, 11) for s in source_lines]
    add_annotations(
        fig,
        [
            {
                "name": name,
                "text": safe_text(text),
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "xshift": 14 - m["l"],
                "yref": "paper",
                "y": 0,
                "yanchor": "bottom",
                "yshift": _SOURCE_GAP - m["b"] + LINE_STEP_PX * above,
                "showarrow": False,
                "align": "left",
                "font": {"size": size, "color": MUTED},
            }
            for above, (name, text, size) in enumerate(reversed(lines))
        ],
    )
    return fig


_COLORBAR_UNDER_PX = 56  # a level colour bar under a phone's chart: its title, the bar, its tick labels


def _for_phone(
    fig: go.Figure, m: dict, title: str, subtitle: str, height: int | None, lines: int, wide_lines: int
) -> tuple[str, str, int, dict]:
    """The frame of a chart on a phone (PHONE_PX wide), for `finish`: the title and subtitle wrapped, the figure's
    height grown by what they, the legend under the plot and the footer's `lines` (`wide_lines` on a desktop)
    take; `m`, the margins, set to match. Returns the title and subtitle as drawn, the height and the legend."""
    title_lines = wrap_px(title, PHONE_PX - 28, 20) or [""]  # 18 px bold
    subtitle_lines = wrap_px(subtitle, PHONE_PX - 28, 13)
    top = 14 + _TITLE_LINE_PX * len(title_lines) + _SUBTITLE_LINE_PX * len(subtitle_lines) + 12
    legend_h = legend_px(fig, PHONE_PX - 60)  # wraps sooner than it must
    bars = [tr for tr in fig.data if "colorbar" in tr and tr.showscale is not False]
    bar_h = _COLORBAR_UNDER_PX if bars else 0
    footer_h = m["b"] - MARGIN["b"] + _FOOTER_FIRST_PX
    height = (height or MIN_HEIGHT) + top - m["t"] + legend_h + bar_h + LINE_STEP_PX * (lines - wide_lines)
    m["t"], m["b"] = top, m["b"] + legend_h + bar_h
    m["l"], m["r"] = min(m["l"], NARROW_LEFT_PX), NARROW_RIGHT_PX
    extra = _axes_for_phone(fig, PHONE_PX - m["l"] - NARROW_RIGHT_PX) * _AXIS_LINE_PX
    m["b"] += extra
    height += extra
    legend = {**LEGEND, "xref": "container", "x": 0.02, "y": (footer_h + legend_h + 4) / height}
    for trace in bars:  # beside the plot a colour bar would leave it a third of a phone's width: under it, level
        trace.colorbar = _colorbar_under(trace.colorbar.to_plotly_json(), (footer_h + legend_h + 8) / height)
    return (
        "<br>".join(safe_text(line) for line in title_lines),
        "<br>".join(safe_text(line) for line in subtitle_lines),
        height,
        legend,
    )


def _colorbar_under(bar: dict, bottom: float) -> dict:
    """A colour bar laid level under the plot, its title after it, its bottom at `bottom` (a fraction of
    the figure's height, from its foot): where a phone's chart has room for it (see `_for_phone`)."""
    return {
        **bar,
        "orientation": "h",
        "thickness": 10,
        "len": PHONE_PX - 40,  # the title takes its share of it
        "lenmode": "pixels",
        "x": 0.02,
        "xref": "container",
        "xanchor": "left",
        "y": bottom,
        "yref": "container",
        "yanchor": "bottom",
        "title": {**bar.get("title", {}), "side": "right"},
    }


def _months_apart(span) -> float:
    """Months between the two dates of an axis `range`; infinite when it has none (plotly picks it from the data)."""
    if not span or len(span) != 2:
        return float("inf")
    lo, hi = (pd.Timestamp(v) for v in span)
    return (hi - lo).days / 30.44


def _axes_for_phone(fig: go.Figure, plot_px: float) -> int:
    """x axes on a phone: tick labels level and inside the margin (so the plot, and the footer under it, keep their
    place), half as many fixed ticks, at most four dates ("Jan 2020" four times fills the plot; three over a span of
    months in a plot narrower than 280 px), a long title wrapped to the plot's width. Returns how many lines the
    titles grew by."""
    extra = 0
    for name, axis in fig.layout.to_plotly_json().items():
        if not name.startswith("xaxis"):
            continue
        change: dict = {"tickangle": 0, "automargin": False}
        if isinstance(axis.get("dtick"), int | float):
            change["dtick"] = axis["dtick"] * 2
        if axis.get("type") == "date":  # a span of months labels "01/2023", wider than "2023": three when four touch
            change["nticks"] = 3 if plot_px < 280 and _months_apart(axis.get("range")) <= 24 else 4
        text = (axis.get("title") or {}).get("text")
        if text and "<br>" not in text:
            lines = wrap_px(text, plot_px, 12)
            change["title"] = {"text": "<br>".join(lines)}
            extra = max(extra, len(lines) - 1)
        update_layout(fig, **{name: change})
    return extra


def legend_position(height: int | None) -> dict:
    """The legend just under the subtitle, in the app (figure `height`) and at the 675 px of a report: a container
    fraction, so in the taller of the two it sits a little lower."""
    return {**LEGEND, "y": 1 - _TITLE_PX / min(height or REPORT_PX, REPORT_PX)}


# Speed: plotly's graph objects validate every property at every step, and that, not the data, is what building a
# figure costs. So the builders add traces as dicts with their type through add_trace(s) below (a go.Bar would be
# validated when built and again when added), shapes and annotations in one step each (add_shapes, add_annotations),
# and set the layout with update_layout rather than fig.update_layout.


def new_figure() -> go.Figure:
    """An empty figure that takes what it is given without checking it: plotly's graph objects check every property
    at every step, which is most of what building a figure costs; here the checks are paid once, in the tests, which
    build every chart and compare it with the same figure checked by plotly property by property
    (tests/test_figures.py).

    plotly does not hand its `_validate=False` down to the traces a figure is given later (`add_traces`), so the
    figure's own copy of its trace list's validator is told to build them unchecked too."""
    fig = go.Figure(_validate=False)
    coerce = fig._data_validator.validate_coerce
    fig._data_validator.validate_coerce = lambda v, skip_invalid=False, _validate=False: coerce(v, skip_invalid, False)
    return fig


def update_layout(fig: go.Figure, **props) -> go.Figure:
    """fig.update_layout(**props) at a fraction of its cost: each property is merged with what is there and assigned
    once, where plotly's update sets every leaf on its own through its batch machinery. Nested dicts merge as in
    plotly; a list replaces what is there (plotly merges a list of objects element by element into a non-empty one)."""
    for key, value in props.items():
        current = fig.layout[key] if key in fig.layout else None  # noqa: SIM401 (a Layout has no .get; xaxis2 is new)
        if isinstance(value, dict) and isinstance(current, BasePlotlyType):
            value = _merged(current.to_plotly_json(), value)
        fig.layout[key] = value
    return fig


def _merged(old: dict, new: dict) -> dict:
    """`new` over `old`, nested dicts merged key by key."""
    out = dict(old)
    for key, value in new.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def add_trace(fig: go.Figure, trace: dict) -> go.Figure:
    """fig.add_trace of a trace given as a dict with its type, with its selection_styles."""
    return add_traces(fig, [trace])


def add_traces(fig: go.Figure, traces: list[dict]) -> go.Figure:
    """fig.add_traces of traces given as dicts with their type, each with its selection_styles: set in the dict they
    cost half as much as assigned to the added trace, whose marker is slow to read back too."""
    return fig.add_traces([{**trace, **selection_styles(trace)} for trace in traces])


def selection_styles(trace: dict) -> dict:
    """Selected and unselected styles for a bar or scatter trace (a dict), so a click fades nothing to near-invisible.

    Invisible markers (selection targets) stay invisible; text keeps its colour. Other traces get none."""
    kind, marker = trace.get("type", "scatter"), trace.get("marker") or {}
    if kind not in ("bar", "scatter"):
        return {}
    if marker.get("opacity") == 0:
        return {"selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}}}
    selected, unselected = SELECTED, UNSELECTED
    if kind == "scatter" and isinstance(marker.get("size"), int | float):  # a clicked point grows a little
        selected = {"marker": {**SELECTED["marker"], "size": marker["size"] + 4}}
    if trace.get("text") is not None:
        unselected = {**UNSELECTED, "textfont": {"color": INK}}
    return {"selected": selected, "unselected": unselected}


def add_shapes(fig: go.Figure, shapes: list[dict]) -> None:
    """Append layout shapes given as dicts, in one step: each fig.add_shape copies every shape already there, and
    fig.add_hline or fig.add_vrect also set all shapes and annotations anew (see marks.hline, marks.vrect)."""
    if shapes:
        fig.layout.shapes += tuple(shapes)


def add_annotations(fig: go.Figure, annotations: list[dict]) -> None:
    """Append layout annotations given as dicts (the keyword arguments of fig.add_annotation), in one step: each
    fig.add_annotation copies every annotation already there."""
    if annotations:
        fig.layout.annotations += tuple(annotations)


def empty_figure(
    *, title: str, subtitle: str, source_line: str, lang: str, message_key: str = "msg.no_data", narrow: bool = False
) -> go.Figure:
    """A framed figure without axes, saying in `lang` that nothing matches the filters."""
    fig = new_figure()
    update_layout(fig, xaxis={"visible": False}, yaxis={"visible": False})
    fig.add_annotation(
        name="empty",
        text=t(message_key, lang),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 16, "color": MUTED},
    )
    return finish(fig, title=title, subtitle=subtitle, source_line=source_line, lang=lang, height=360, narrow=narrow)


# The chart toolbar's tooltips in Vietnamese: Streamlit's bundled plotly.js registers no "vi" locale, but a chart's
# config may bring its own dictionary (keys: plotly.js's English strings).
MODEBAR_VI = {
    "Download plot as a PNG": "Tải biểu đồ (PNG)",
    "Download plot": "Tải biểu đồ",
    "Zoom": "Phóng to vùng chọn",
    "Pan": "Kéo để di chuyển",
    "Box Select": "Chọn theo khung",
    "Lasso Select": "Chọn tự do",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Autoscale": "Tự động vừa khung",
    "Reset axes": "Đặt lại trục",
    "Reset view": "Đặt lại khung nhìn",
    "Reset": "Đặt lại",
    "Toggle Spike Lines": "Bật/tắt đường dóng",
    "Show closest data on hover": "Hiện dữ liệu gần nhất khi rê chuột",
    "Compare data on hover": "So sánh dữ liệu khi rê chuột",
    "Toggle show closest data on hover": "Bật/tắt dữ liệu gần nhất khi rê chuột",
}


def export_config(filename: str, lang: str = "en") -> dict:
    """The plotly config of a chart (st.plotly_chart's `config=`, and the timeline drawn in the page): the camera
    button saves a 2× PNG named `filename`; the toolbar's tooltips speak `lang`."""
    config = {
        "displaylogo": False,
        "showSendToCloud": False,  # the data stays on this machine: no button that uploads the chart
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
    }
    if lang == "vi":
        config |= {"locale": "vi", "locales": {"vi": {"dictionary": MODEBAR_VI}}}
    return config


def export_filename(chart: str, year_or_range: int | tuple[int, int] | str | None, lang: str) -> str:
    """A file name (without extension) that says what a chart shows, e.g. "timeline-2020-vi"."""
    if year_or_range is None:
        span = "all"
    elif isinstance(year_or_range, tuple):
        a, b = year_or_range
        span = str(a) if a == b else f"{a}-{b}"
    else:
        span = str(year_or_range)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{chart}-{span}-{lang}".lower()).strip("-")
    return slug

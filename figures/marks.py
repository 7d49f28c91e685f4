"""Marks shared by the time-axis charts: date axis, lane packing, exact and imprecise spans, cycle bands."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.i18n import LABELS, format_range, label, t

from .labels import FONT_PX, Mark, Placed, _at
from .theme import (
    INK,
    MARGIN,
    MUTED,
    NEUTRAL,
    REPORT_PX,
    add_annotations,
    add_shapes,
    color,
    legend_px,
    plain,
    rgba,
    safe_text,
    safe_wrapped,
    shorten,
)

DAY = pd.Timedelta(days=1)
# Fill, hatch and outline of a bar by how precisely its dates are known.
SPAN_STYLE = {
    "exact": {"alpha": 0.85, "shape": "", "dash": None},
    "month": {"alpha": 0.16, "shape": "/", "dash": "dash"},
    "year": {"alpha": 0.08, "shape": ".", "dash": "dot"},
}
# Figure widths that decide whether a label fits: a narrow window, and the app's usual width beside the sidebar.
NARROW_PX, APP_PX = 700, 950
_SIDES_PX = 40  # the right margin, and some slack
BAND_PX = 40  # the strip at the top of the plot that holds the cycle titles and congress marks
_FRAME_GUESS_PX = 250  # title, legend, x axis and source line around the plot


def iso(ts) -> str:
    """A timestamp as the short ISO string plotly reads on a date axis."""
    return isos([ts])[0]


def isos(stamps) -> list[str]:
    """Many timestamps as short ISO strings (no time when all are midnight), to keep the payload small."""
    stamps = pd.DatetimeIndex(stamps)
    values = stamps.to_numpy()
    if stamps.tz is None and not np.isnat(values).any():  # numpy writes these as strftime does, several times faster
        if (values == values.astype("datetime64[D]")).all():
            return np.datetime_as_string(values, unit="D").tolist()
        return [s.replace("T", " ") for s in np.datetime_as_string(values, unit="m").tolist()]
    midnight = bool((stamps == stamps.normalize()).all())
    return stamps.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M").tolist()


@functools.lru_cache(maxsize=16384)
def range_text(start, end, precision, lang: str) -> str:
    """core.i18n.format_range, kept: every event's hover writes its dates, the same ones on every rerun."""
    return format_range(start, end, precision, lang)


def last_days(starts: pd.Series, precisions: pd.Series) -> pd.Series:
    """The inclusive last day of each date at its precision: the day itself, the month's or the year's end."""
    starts = pd.to_datetime(starts)
    month_end = starts + pd.offsets.MonthEnd(0)
    year_end = pd.to_datetime({"year": starts.dt.year, "month": 12, "day": 31}).astype(starts.dtype)
    return starts.where(precisions == "day", month_end.where(precisions == "month", year_end))


def view_of(
    starts: pd.Series,
    ends: pd.Series,
    year: int | None,
    *,
    month: int | None = None,
    min_days: int = 120,
    pad_days: int = 1,
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range to show: one `month` of the `year`, the whole `year`, or all the data padded a little (at least
    `pad_days` each side, and at least `min_days` wide)."""
    if year is not None and month:
        first = pd.Timestamp(year=year, month=month, day=1)
        return first, first + pd.offsets.MonthBegin()
    if year is not None:
        return pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year + 1, month=1, day=1)
    lo, hi = pd.Timestamp(starts.min()), pd.Timestamp(ends.max()) + DAY
    pad = max((hi - lo) * 0.02, (pd.Timedelta(days=min_days) - (hi - lo)) / 2, DAY * pad_days)
    return lo - pad, hi + pad


def in_view(starts: pd.Series, ends: pd.Series, view: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Which rows overlap the view (ends are inclusive last days)."""
    return (starts < view[1]) & (ends + DAY > view[0])


def date_axis(lang: str, view: tuple[pd.Timestamp, pd.Timestamp]) -> dict:
    """A date x axis over `view` whose tick labels are numeric in Vietnamese, so no plotly locale is needed."""
    day, month = ("%d/%m/%Y", "%m/%Y") if lang == "vi" else ("%-d %b %Y", "%b %Y")
    return {
        "type": "date",
        "range": [iso(view[0]), iso(view[1])],
        "title": {"text": t("field.date", lang)},
        "tickformatstops": [
            {"dtickrange": [None, "M1"], "value": day},
            {"dtickrange": ["M1", "M12"], "value": month},
            {"dtickrange": ["M12", None], "value": "%Y"},
        ],
    }


def pack_rows(
    lanes: np.ndarray, starts: np.ndarray, ends: np.ndarray, max_rows: int = 4
) -> tuple[np.ndarray, np.ndarray]:
    """Greedy interval packing inside each lane: (row of each item, number of rows in its lane)."""
    n = len(lanes)
    row = np.zeros(n, dtype=int)
    rows_in_lane = np.ones(n, dtype=int)
    order = np.lexsort((starts, lanes)).tolist()
    lanes, starts, ends = lanes.tolist(), starts.tolist(), ends.tolist()  # Python floats loop several times faster
    lane_items: list[int] = []
    row_ends: list[float] = []
    for pos, i in enumerate(order):
        if pos and lanes[i] != lanes[order[pos - 1]]:
            rows_in_lane[lane_items] = len(row_ends)
            lane_items, row_ends = [], []
        free = next((r for r, end in enumerate(row_ends) if end <= starts[i]), None)
        if free is None and len(row_ends) < max_rows:
            row_ends.append(-np.inf)
            free = len(row_ends) - 1
        if free is None:
            free = int(np.argmin(row_ends))
        row[i] = free
        row_ends[free] = max(row_ends[free], ends[i])
        lane_items.append(i)
    if lane_items:
        rows_in_lane[lane_items] = len(row_ends)
    return row, rows_in_lane


def stacked_y(lane_y: np.ndarray, row: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre and thickness of each item placed in sub-row `row` of `rows` inside a lane one unit tall."""
    step = 0.8 / rows
    return lane_y + (rows - 1 - 2 * row) * step / 2, np.minimum(0.5, step * 0.8)


def span_bar(start, stop, y, width, *, hue: str, style: str, alpha: float | None = None, **trace) -> dict:
    """Horizontal bars from `start` to `stop` (exclusive) at `y`; imprecise styles are hatched and pale."""
    st = SPAN_STYLE[style]
    start = pd.DatetimeIndex(start)
    length = (pd.DatetimeIndex(stop) - start).total_seconds().to_numpy() * 1000
    marker = {
        "color": rgba(hue, st["alpha"] if alpha is None else alpha),
        "line": {"color": hue if st["shape"] else "white", "width": 1 if st["shape"] else 0.5},
    }
    if st["shape"]:
        marker["pattern"] = {"shape": st["shape"], "fgcolor": hue, "size": 7, "solidity": 0.25, "fillmode": "overlay"}
    return dict(
        type="bar",
        orientation="h",
        base=isos(start),
        x=length,
        y=np.asarray(y, dtype=float),
        width=np.asarray(width, dtype=float),
        marker=marker,
        **trace,
    )


def span_outline(start, stop, y, width, *, hue: str, style: str, legendgroup: str) -> dict:
    """The dashed (month) or dotted (year) outline of imprecise spans: one trace, rectangles split by gaps."""
    xs: list = []
    ys: list = []
    for a, b, yc, w in zip(isos(start), isos(stop), y, width, strict=True):
        lo, hi = float(yc) - w / 2, float(yc) + w / 2
        xs += [a, b, b, a, a, None]
        ys += [lo, lo, hi, hi, lo, None]
    return dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines",
        line={"color": hue, "width": 1.3, "dash": SPAN_STYLE[style]["dash"]},
        hoverinfo="skip",
        showlegend=False,
        legendgroup=legendgroup,
    )


# How a line over an event's dates is drawn: solid under a range of days, dashed over a month, dotted over a year.
LINE_STYLE = {"range": ("solid", 3), "month": ("dash", 2), "year": ("dot", 2)}


def span_line(starts, stops, y, *, hue: str, style: str, view, **trace) -> dict:
    """Thin lines from each start to its stop (exclusive), cut to the view, one trace split by gaps."""
    lo, hi = view
    firsts = isos(np.maximum(pd.DatetimeIndex(starts).to_numpy(), pd.Timestamp(lo).to_datetime64()))
    lasts = isos(np.minimum(pd.DatetimeIndex(stops).to_numpy(), pd.Timestamp(hi).to_datetime64()))
    xs: list = []
    ys: list = []
    for a, b, yc in zip(firsts, lasts, np.asarray(y, dtype=float).tolist(), strict=True):
        xs += [a, b, None]
        ys += [yc, yc, None]
    dash, width = LINE_STYLE[style]
    return dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines",
        line={"color": hue, "width": width, "dash": dash},
        hoverinfo="skip",
        meta=style,
        **trace,
    )


def line_target(starts, stops, y, **trace) -> dict:
    """An invisible bar over thin lines from each start to its stop, to hover and click: a line itself cannot be
    clicked. `trace`: its hover text, template, customdata and legend group."""
    bar = span_bar(starts, stops, y, np.full(len(y), 0.3), hue=NEUTRAL, style="exact", alpha=0, **trace)
    return bar | {"marker": {"color": "rgba(0,0,0,0)", "line": {"width": 0}}}


def style_legend(style: str, lang: str) -> dict:
    """The legend entry of a line style, drawn as the chart draws it (in grey: the colour is the kind of the item)."""
    dash, width = LINE_STYLE[style]
    return dict(
        type="scatter",
        x=[None],
        y=[None],
        mode="lines",
        name=t(f"legend.{style}", lang),
        line={"color": NEUTRAL, "width": width, "dash": dash},
        legendgroup=f"style-{style}",
        legendrank=2000 + list(LINE_STYLE).index(style),
        hoverinfo="skip",
        meta=style,
    )


def label_annotation(p: Placed, m: Mark, view, title: str) -> dict:
    """The annotation of a placed label: beside its mark, or tied to it by a thin leader line; its hover gives the
    item's whole title."""
    x = iso(view[0] + pd.Timedelta(days=_at(m, p.ref)))
    common = {
        "name": "event-label",
        "text": "<br>".join(safe_text(line) for line in p.lines),
        "align": p.anchor,
        "hovertext": safe_wrapped(title),
        "x": x,
        "yref": "y",
        "y": m.y,
        "xanchor": p.anchor,
        "yanchor": "middle",
        "font": {"size": FONT_PX, "color": INK},
    }
    if p.leader:
        return {
            **common,
            "showarrow": True,
            "arrowhead": 0,
            "arrowwidth": 0.8,
            "arrowcolor": MUTED,
            "standoff": m.r + 1,
            "axref": "pixel",
            "ayref": "pixel",
            "ax": p.dx,
            "ay": -p.dy,
        }
    return {**common, "xshift": p.dx, "yshift": p.dy, "showarrow": False}


def legend_marker(name: str, marker: dict, **trace) -> dict:
    """A legend entry alone: a marker trace without points."""
    return dict(type="scatter", x=[None], y=[None], mode="markers", name=name, marker=marker, **trace)


def midpoints(start, stop, y, *, customdata: list, legendgroup: str) -> dict:
    """Invisible markers at the middle of each bar, carrying its id so box and lasso selections find bars."""
    start = pd.DatetimeIndex(start)
    mid = start + (pd.DatetimeIndex(stop) - start) / 2
    return dict(
        type="scatter",
        x=isos(mid),
        y=np.asarray(y, dtype=float),
        mode="markers",
        marker={"size": 10, "opacity": 0},
        customdata=customdata,
        hoverinfo="skip",
        showlegend=False,
        legendgroup=legendgroup,
    )


def precision_legend(precisions, lang: str) -> list[dict]:
    """Legend-only entries explaining the hatched spans of month- and year-precision dates."""
    return [
        dict(
            type="bar",
            x=[None],
            y=[None],
            orientation="h",
            name=t(f"legend.{p}_precision", lang),
            marker={
                "color": rgba(NEUTRAL, SPAN_STYLE[p]["alpha"] * 2),
                "line": {"color": NEUTRAL, "width": 1},
                "pattern": {"shape": SPAN_STYLE[p]["shape"], "fgcolor": MUTED, "size": 7, "solidity": 0.25},
            },
            legendgroup=f"precision-{p}",
            legendrank=2000 + i,
            hoverinfo="skip",
        )
        for i, p in enumerate(("month", "year"))
        if p in set(precisions)
    ]


def hline(y, **shape) -> dict:
    """A line across the plot at `y`, as fig.add_hline draws it on a figure without subplots (see theme.add_shapes)."""
    return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y, **shape}


def vline(x, **shape) -> dict:
    """A line over the plot's height at `x`, as fig.add_vline draws it on a figure without subplots."""
    return {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "y domain", "y0": 0, "y1": 1, **shape}


def vrect(x0, x1, **shape) -> dict:
    """A band over the plot's height from `x0` to `x1`, as fig.add_vrect draws it on a figure without subplots."""
    return {"type": "rect", "xref": "x", "x0": x0, "x1": x1, "yref": "y domain", "y0": 0, "y1": 1, **shape}


def headroom(span: float, height: int | None, plot_px: float | None = None) -> float:
    """Data units to add above a y range `span` units tall so that the top BAND_PX of the plot stays free for
    the cycle titles, in the app (figure `height`) and in a 675 px report alike; `plot_px`, when the chart knows
    its plot's height better than the usual frame around it (see `plot_height`)."""
    if plot_px is None:
        plot_px = min(height or REPORT_PX, REPORT_PX) - _FRAME_GUESS_PX
    plot_px = max(plot_px, 2 * BAND_PX)
    return span * BAND_PX / (plot_px - BAND_PX)


_LEGEND_GAP_PX = 16  # from the legend's last row to the plot


def plot_height(fig: go.Figure, height: int, width_px: int, left_px: int, bottom_px: int) -> float:
    """A lower bound of the height of the plot of `fig` drawn `height` (at most a report's 675 px) by `width_px`,
    with `left_px` of lane names and `bottom_px` of axis, footnotes and sources under it: what the title, the
    subtitle and the legend (its rows estimated from the entries it shows) leave."""
    legend = legend_px(fig, width_px - left_px)
    return min(height, REPORT_PX) - MARGIN["t"] - legend - _LEGEND_GAP_PX - bottom_px


def cycle_name(cycle_id, congress, lang: str) -> str:
    """A cycle's name, the same in every chart: "Chu kỳ Đại hội XIII" / "Congress XIII cycle"."""
    return label("cycle", cycle_id, lang) if cycle_id in LABELS["cycle"] else plain(congress)


def visible_px(lo: pd.Timestamp, hi: pd.Timestamp, view, figure_px: int, left_px: int) -> float:
    """How wide the visible part of [lo, hi) is on the plot of a figure `figure_px` wide with `left_px` of labels."""
    return max((min(hi, view[1]) - max(lo, view[0])) / (view[1] - view[0]), 0) * (figure_px - left_px - _SIDES_PX)


def fits(text: str, lo: pd.Timestamp, hi: pd.Timestamp, view, left_px: int, figure_px: int = NARROW_PX) -> bool:
    """Whether bold 12 px `text` (about 6.5 px a character, plus a gap) fits into the visible part of [lo, hi)
    in a narrow figure (or one `figure_px` wide)."""
    return visible_px(lo, hi, view, figure_px, left_px) >= len(text) * 6.5 + 6


def fit_label(text: str, lo: pd.Timestamp, hi: pd.Timestamp, view, left_px: int, figure_px: int = APP_PX) -> str:
    """`text` at 10 px cut at a word to what fits, with a margin, in the visible part of a bar in a figure as
    wide as the app's (or `figure_px`); "" if under 10 characters fit. (Plotly shrinks it a little in narrower
    figures.)"""
    room = int((visible_px(lo, hi, view, figure_px, left_px) * 0.9 - 8) / 5.2)
    if len(plain(text)) > room and room < 10:  # "Chuẩn…" says nothing: the hover has the name
        return ""
    return shorten(text, room)


def add_cycle_bands(
    fig: go.Figure,
    cycles: pd.DataFrame,
    view: tuple[pd.Timestamp, pd.Timestamp],
    lang: str,
    *,
    left_px: int,
    figure_px: int = NARROW_PX,
) -> None:
    """Background bands for the preparation cycles in view, titled in the top strip of the plot (see `headroom`),
    with the congress dates marked; a title that does not fit its band (in a figure `figure_px` wide) is shortened
    to the cycle's numeral, with the whole name on hover."""
    name_col = "congress" if lang == "vi" else "congress_en"
    shapes: list[dict] = []
    annotations: list[dict] = []
    for c in cycles.itertuples(index=False):
        start, stop = pd.Timestamp(c.start), pd.Timestamp(c.end) + DAY
        if stop <= view[0] or start >= view[1]:
            continue
        hue = color("cycle", c.id)
        shapes.append(vrect(iso(start), iso(stop), fillcolor=rgba(hue, 0.07), line={"width": 0}, layer="below"))
        congress = plain(getattr(c, name_col))
        text = cycle_name(c.id, congress, lang)
        shown = next((s for s in (text, str(c.id).upper()) if fits(s, start, stop, view, left_px, figure_px)), None)
        if shown is not None:  # the name, or where it does not fit the numeral ("XIII"), named in full on hover
            annotations.append(
                {
                    "name": "cycle",
                    "text": f"<b>{safe_text(shown)}</b>",
                    "hovertext": safe_text(text),
                    "x": iso(max(start, view[0])),
                    "xanchor": "left",
                    "xshift": 2,
                    "yref": "paper",
                    "y": 1,
                    "yanchor": "top",
                    "yshift": -2,
                    "showarrow": False,
                    "font": {"color": hue, "size": 12},
                }
            )
        c0, c1 = pd.Timestamp(c.congress_start), pd.Timestamp(c.congress_end) + DAY
        if c1 <= view[0] or c0 >= view[1]:
            continue
        shapes.append(vrect(iso(c0), iso(c1), fillcolor=rgba(hue, 0.3), line={"width": 0}, layer="below"))
        label_text = safe_text(
            t("cycle.congress_mark", lang, congress=congress, dates=format_range(c0, c1 - DAY, "day", lang))
        )
        hover = {}
        if figure_px < NARROW_PX:  # on a phone the congress alone, its dates on hover
            label_text, hover = safe_text(congress), {"hovertext": label_text}
        right = (c0 - view[0]) / (view[1] - view[0]) > 0.7
        annotations.append(
            {
                "name": "congress",
                "text": f"{label_text} ▼" if right else f"▼ {label_text}",
                **hover,
                "x": iso(c0 + (c1 - c0) / 2),
                "xanchor": "right" if right else "left",
                "xshift": 5 if right else -5,
                "yref": "paper",
                "y": 1,
                "yanchor": "top",
                "yshift": -20,
                "showarrow": False,
                "font": {"color": hue, "size": 11},
            }
        )
    add_shapes(fig, shapes)
    add_annotations(fig, annotations)

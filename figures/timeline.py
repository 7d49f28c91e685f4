"""The timeline: every event on a date axis in lanes, cycle bands and phases, density when there are too many."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.i18n import format_number, format_range, in_span, label, present, t
from core.words import short_label

from .labels import Mark, Scale, place
from .marks import (
    APP_PX,
    DAY,
    NARROW_PX,
    add_cycle_bands,
    date_axis,
    fit_label,
    headroom,
    hline,
    in_view,
    isos,
    label_annotation,
    legend_marker,
    line_target,
    pack_rows,
    plot_height,
    precision_legend,
    range_text,
    span_bar,
    span_line,
    span_outline,
    stacked_y,
    style_legend,
    view_of,
)
from .theme import (
    GRID,
    INK,
    LINE_STEP_PX,
    MARGIN,
    MUTED,
    NARROW_RIGHT_PX,
    PHONE_PX,
    SYMBOLS,
    Chart,
    add_annotations,
    add_shapes,
    add_trace,
    add_traces,
    color,
    empty_figure,
    finish,
    footer_px,
    label_margin,
    new_figure,
    plain,
    safe_text,
    safe_wrapped,
    shorten,
    update_layout,
    with_note,
    wrapped_notes,
    wrapped_sources,
)

# Above this many events in view, a monthly density per lane: an 11 px mark to a day, a lane of a desktop plot holds
# about 90 side by side and the kinds make nine lanes, so beyond it marks can only pile up (a year at 10,000 events
# holds about 1,700); a click on a month draws its events one by one.
DENSITY_THRESHOLD = 1000
# A month, the smallest view, has no month to click into: it draws up to this many one by one (about 0.7 MB of JSON).
MONTH_THRESHOLD = 2000
MAX_ORGANISER_LANES = 20
_OTHER = "\x00other"
_MONTH_PREFIX = "month:"
DATA_COLUMNS = [
    "id", "title", "title_en", "start", "end", "precision", "kind", "level", "organiser", "organiser_en", "cycle",
    "n_tasks",
]  # fmt: skip
_LANE_PX = 46
_FRAME_PX = 290
_LANE_CHARS = 28
_LANE_CHARS_NARROW = 13
PLACE_PX = 900  # labels are placed for a chart this wide (and as short as a report's): wider ones only add room
FOOTER_WIDTH = PLACE_PX - 30  # footnotes and sources run this wide under the timeline, never narrower than that
_MARK_PX = 5  # half the size of an event's marker
_MARK_REACH = 7.5  # how far from its centre a marker reaches with its outline (diamonds and stars: 1.3 times size/2)
# Which events are named first when not all labels fit: by kind, then by the number of tasks and of sources.
KIND_RANK = {
    "congress": 6,
    "plenum": 5,
    "issuance": 4,
    "decision": 4,
    "election": 3,
    "conference": 3,
    "meeting": 3,
    "briefing": 2,
}


def timeline_figure(
    events: pd.DataFrame,
    cycles: pd.DataFrame,
    phases: pd.DataFrame,
    *,
    lane: str = "kind",
    lang: str = "vi",
    year: int | None = None,
    month: int | None = None,
    years: tuple[int, int] | None = None,
    none_recorded: bool = False,
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
    max_points: int = DENSITY_THRESHOLD,
) -> Chart:
    """Events in lanes (kind, level or organiser) on a date axis over one `year` (or one `month` of it), the
    `years` the subtitle names, or the data's own span; each event drawn one by one is named on the chart. Above
    `max_points` events (in a month, MONTH_THRESHOLD if more), a monthly density whose months can be clicked (see
    `parse_month`).

    A view without events still draws its cycles, phases and congress dates, and says why it is empty: the sources
    record nothing then (`none_recorded`), or the filters leave nothing. Its data: the events in view
    (`DATA_COLUMNS`)."""
    frame = {"title": t("chart.timeline", lang), "source_line": source_line, "lang": lang, "narrow": narrow}
    if year is None and years is not None and years[0] == years[1]:
        year = years[0]
    if year is not None:
        view = view_of(events["start"], events["end"], year, month=month)
    elif years is not None:
        view = (pd.Timestamp(year=years[0], month=1, day=1), pd.Timestamp(year=years[1] + 1, month=1, day=1))
    else:
        view = view_of(events["start"], events["end"], None, month=month) if len(events) else None
    if view is None:
        return Chart(empty_figure(subtitle=subtitle, message_key="msg.no_event", **frame), events[DATA_COLUMNS])
    shown = events[in_view(events["start"], events["end"], view)]

    keys, labels, lane_of = _lanes(shown, lane, lang)
    lane_y = (len(keys) - 1 - lane_of).astype(float)
    lane_lines = [_lane_lines(s, narrow) for s in reversed(labels)]
    margin = label_margin([line for lines in lane_lines for line in lines] + [t("lane.phases", lang)])
    fig = new_figure()
    add_cycle_bands(fig, cycles, view, lang, left_px=margin["l"], figure_px=PHONE_PX if narrow else NARROW_PX)
    density = len(shown) > (max(max_points, MONTH_THRESHOLD) if month else max_points)
    notes: tuple[str, ...] = ()
    unnamed = 0
    marks: list[Mark] = []
    units = len(keys) + 1  # the lanes and the phases
    if shown.empty:
        when = in_span((view[0].year, (view[1] - DAY).year), month, lang)
        message = t("msg.none_recorded", lang, when=when) if none_recorded else t("msg.no_event", lang)
        add_annotations(fig, [_empty_note(message, len(keys))])
        units = 3
    elif density:
        _draw_density(fig, shown, keys, labels, lane_of, view, lang)
        note = "msg.density_filter" if month else "msg.density"  # in one month, a click on it changes nothing
        subtitle = with_note(subtitle, t(note, lang, n=format_number(len(shown), lang)))
    else:
        marks, order, titles = _draw_events(fig, shown, lane_y, view, lang, _plot_width(margin["l"], narrow))
    ticktext = ["<br>".join(safe_text(line) for line in lines) for lines in lane_lines]
    shapes = []
    phase_y = max(len(keys), units - 1)
    if _draw_phases(fig, phases, phase_y, view, lang, margin["l"], PHONE_PX if narrow else APP_PX):
        ticktext += [""] * (phase_y - len(keys)) + [f"<i>{safe_text(t('lane.phases', lang))}</i>"]
        shapes.append(hline(phase_y - 0.5, line={"color": MUTED, "width": 1, "dash": "dot"}))
    units = len(ticktext)
    update_layout(
        fig,
        xaxis=date_axis(lang, view),
        barmode="overlay",
        dragmode="pan",
        hovermode="closest",
        legend={
            "title": {"text": "" if density else t("field.kind", lang)},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        uirevision=f"timeline-{year}-{month}-{years}-{lane}",
    )
    sources = len(wrapped_sources(source_line, FOOTER_WIDTH))
    if marks:  # labels placed for the plot left with the longest footnote (two lines) under it
        scale = placement_scale(fig, span_days=(view[1] - view[0]) / DAY, left_px=margin["l"], units=units,
                                footer_lines=2 + sources, narrow=narrow)  # fmt: skip
        placed = place(marks, order, scale, _congress_walls(cycles, view))
        add_annotations(fig, [label_annotation(p, marks[p.index], view, titles[p.index]) for p in placed])
        unnamed = len(marks) - len(placed)
        if unnamed:
            notes = (t("note.unnamed", lang, n=format_number(unnamed, lang)),)
    footer_lines = len(wrapped_notes(notes, FOOTER_WIDTH)) + sources
    height = frame_height(units, footer_lines)
    plot_px = plot_height(fig, height, PLACE_PX, margin["l"], footer_px(footer_lines))
    update_layout(
        fig,
        yaxis={
            "tickvals": list(range(units)),
            "ticktext": ticktext,
            "range": [-0.6, units - 0.4 + headroom(units + 0.2, height, plot_px)],
            "showgrid": False,
            "fixedrange": True,
        },
    )
    # lane separators, none in the strip of cycle titles above the top lane
    shapes += [hline(y, line={"color": GRID, "width": 1}, layer="below") for y in np.arange(len(keys) - 1) + 0.5]
    add_shapes(fig, shapes)
    finish(fig, subtitle=subtitle, height=height, margin=margin, notes=notes, footer_width=FOOTER_WIDTH, **frame)
    mode = "empty" if shown.empty else "density" if density else "events"
    fig.layout.meta = {**fig.layout.meta, "mode": mode, "n_events": len(shown), "unnamed": unnamed}
    return Chart(fig, shown[DATA_COLUMNS])


def _empty_note(message: str, lanes: int) -> dict:
    """The message in the middle of an empty view's plot, under the phases."""
    return {
        "name": "empty",
        "text": safe_text(message),
        "xref": "paper",
        "x": 0.5,
        "yref": "y",
        "y": 0.5 + max(lanes - 1, 0) / 2,
        "showarrow": False,
        "font": {"size": 15, "color": MUTED},
    }


def _lane_lines(text: str, narrow: bool = False) -> list[str]:
    """A lane's name on at most two lines of about 28 characters (on a phone three of about 13), plain text, so a
    lane of a 675 px report holds it; a long organising body wrapped; a longer one is cut at a word, and each
    event's hover names it whole."""
    chars, most = (_LANE_CHARS_NARROW, 3) if narrow else (_LANE_CHARS, 2)
    lines = textwrap.wrap(text, chars, break_long_words=False) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], shorten(" ".join(lines[most - 1 :]), chars)]
    return lines


def month_target(month: pd.Timestamp) -> str:
    """What a click on a month of the density reports (never an event id, which has no colon): "month:2021-03"."""
    return f"{_MONTH_PREFIX}{month.year:04d}-{month.month:02d}"


def parse_month(value) -> tuple[int, int] | None:
    """(year, month) of a clicked month of the density, or None for anything else (an event's id)."""
    if not isinstance(value, str) or not value.startswith(_MONTH_PREFIX):
        return None
    year, _, month = value.removeprefix(_MONTH_PREFIX).partition("-")
    if not (re.fullmatch(r"[0-9]{4}", year) and re.fullmatch(r"[0-9]{1,2}", month) and 1 <= int(month) <= 12):
        return None
    return int(year), int(month)


def _lanes(ev: pd.DataFrame, lane: str, lang: str) -> tuple[list, list[str], np.ndarray]:
    """Lane keys top to bottom, their labels in `lang`, and each event's lane index."""
    if lane in ("kind", "level"):
        keys = present(lane, ev[lane].unique())
        labels = [label(lane, k, lang) for k in keys]
        column = ev[lane]
    elif lane == "organiser":
        counts = ev["organiser"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
        keys = list(counts.index[:MAX_ORGANISER_LANES])
        column = ev["organiser"].where(ev["organiser"].isin(keys), _OTHER)
        if len(counts) > len(keys):
            keys.append(_OTHER)
        names = dict(zip(ev["organiser"], ev["organiser" if lang == "vi" else "organiser_en"], strict=True))
        labels = [t("lane.other", lang) if k == _OTHER else names[k] for k in keys]
    else:
        raise ValueError(f"unknown lane {lane!r}; expected kind, level or organiser")
    return keys, labels, column.map({k: i for i, k in enumerate(keys)}).to_numpy()


def _hover(ev: pd.DataFrame, lang: str) -> np.ndarray:
    """Per event, the customdata its hover reads (see `_hover_template`): its id (what a click selects), title, date
    as known, level and organising body, and in English the Vietnamese title. The fixed parts of the text (bold,
    line breaks, the kind) are written once per trace in its template, not once per event."""
    title_col = "title" if lang == "vi" else "title_en"
    by = "organiser" if lang == "vi" else "organiser_en"
    columns = [ev[c].tolist() for c in ("id", title_col, "title", "start", "end", "precision", "level", by)]
    out = []
    for event_id, title, original, start, end, precision, level, organiser in zip(*columns, strict=True):
        when = range_text(start, end, precision, lang)
        if precision in ("month", "year"):
            when += f" ({t(f'note.{precision}_precision', lang)})"
        row = [event_id, safe_wrapped(title), when, f"{label('level', level, lang)} · {safe_wrapped(organiser)}"]
        if lang != "vi":
            row.append(safe_wrapped(original))
        out.append(row)
    rows = np.empty(len(out), dtype=object)
    rows[:] = out
    return rows


def _hover_template(kind_name: str, lang: str) -> str:
    """The hover of an event (its customdata from `_hover`), ending with its kind."""
    original = "<br><i>%{customdata[4]}</i>" if lang != "vi" else ""
    return (
        f"<b>%{{customdata[1]}}</b>{original}<br>%{{customdata[2]}}<br>%{{customdata[3]}} · {safe_text(kind_name)}"
        "<extra></extra>"
    )


def _draw_events(
    fig: go.Figure, ev: pd.DataFrame, lane_y: np.ndarray, view, lang: str, plot_px: float
) -> tuple[list[Mark], list[int], list[str]]:
    """Each event one by one: a marker for a day (a range of days: a solid line under the marker at its middle), a
    thin dashed (month) or dotted (year) line over a date known only to its month or year, each with a hover and
    click target. Returns the marks to name (see `labels.place`), most important first, and the events' titles."""
    prec = ev["precision"].to_numpy()
    style = np.select(
        [prec == "year", prec == "month", (ev["end"] > ev["start"]).to_numpy()], ["year", "month", "range"], "point"
    )
    starts, stops = pd.DatetimeIndex(ev["start"]), pd.DatetimeIndex(ev["end"]) + DAY
    span_days = (view[1] - view[0]) / DAY
    x_px = plot_px / span_days
    s_days = np.clip(((starts - view[0]) / DAY).to_numpy(dtype=float), 0, span_days)
    e_days = np.clip(((stops - view[0]) / DAY).to_numpy(dtype=float), 0, span_days)
    point = style == "point"
    s_days[point] = e_days[point] = s_days[point] + 0.5  # a day's marker sits in the middle of its day
    # marks that would touch share their lane in rows
    reach = (_MARK_PX + 2) / x_px
    row, rows = pack_rows(lane_y, s_days - reach, np.maximum(e_days, s_days) + reach)
    y, _ = stacked_y(lane_y, row, rows)
    mid = view[0] + pd.to_timedelta((s_days + e_days) / 2, unit="D")
    hover = _hover(ev, lang)
    kinds = ev["kind"].to_numpy()
    traces = []  # added at once: fewer steps through plotly's bookkeeping
    for rank, kind in enumerate(present("kind", kinds)):
        hue, name = color("kind", kind), label("kind", kind, lang)
        common = {"legendgroup": kind, "name": name, "showlegend": False}
        hovertemplate = _hover_template(name, lang)
        marker = {"color": hue, "symbol": SYMBOLS.get(kind, "circle"), "size": 2 * _MARK_PX + 1}
        traces.append(legend_marker(name, marker, legendgroup=kind, legendrank=1000 + rank, meta="kind"))
        for st in ("range", "month", "year"):
            sel = (kinds == kind) & (style == st)
            if sel.any():
                traces.append(span_line(starts[sel], stops[sel], y[sel], hue=hue, style=st, view=view, **common))
                if st != "range":  # a hover and click target over the line
                    target = {"customdata": hover[sel].tolist()}
                    traces.append(
                        line_target(starts[sel], stops[sel], y[sel], **target, hovertemplate=hovertemplate, **common)
                    )
        sel = (kinds == kind) & ((style == "point") | (style == "range"))
        if sel.any():
            traces.append(
                dict(
                    type="scatter",
                    x=isos(mid[sel]),
                    y=y[sel],
                    mode="markers",
                    marker={**marker, "line": {"color": "white", "width": 1}},
                    customdata=hover[sel].tolist(),
                    hovertemplate=hovertemplate,
                    meta="kind",
                    **common,
                )
            )
    traces += [style_legend(st, lang) for st in ("range", "month", "year") if (style == st).any()]
    add_traces(fig, traces)
    lane_top, lane_bottom = lane_y + 0.5, lane_y - 0.5
    titles = ev["title" if lang == "vi" else "title_en"].tolist()
    shorts = ev["short" if lang == "vi" else "short_en"].tolist() if "short" in ev else [None] * len(ev)
    texts = [plain(s) or short_label(title) for s, title in zip(shorts, titles, strict=True)]
    marks = [
        Mark(
            float(a),
            float(b),
            float(yy),
            1.5 if st in ("month", "year") else _MARK_REACH,
            text,
            float(top),
            float(bot),
            lang=lang,
        )
        for a, b, yy, st, text, top, bot in zip(s_days, e_days, y, style, texts, lane_top, lane_bottom, strict=True)
    ]
    rank = ev["kind"].map(KIND_RANK).fillna(0).to_numpy()
    order = np.lexsort((s_days, -ev["n_sources"].to_numpy(), -ev["n_tasks"].to_numpy(), -rank)).tolist()
    return marks, order, titles


def _congress_walls(cycles: pd.DataFrame, view) -> tuple[tuple[float, float], ...]:
    """The days of each congress in view, in days from the view's start: drawn across every lane, kept clear."""
    lo, hi = view
    starts = pd.to_datetime(cycles["congress_start"]).clip(lower=lo, upper=hi)
    stops = (pd.to_datetime(cycles["congress_end"]) + DAY).clip(lower=lo, upper=hi)
    return tuple(((a - lo) / DAY, (b - lo) / DAY) for a, b in zip(starts, stops, strict=True) if b > a)


def frame_height(units: int, footer_lines: int) -> int:
    """The timeline's height in the app: its frame, `units` lanes (at least seven) and every line under the plot."""
    return _FRAME_PX + _LANE_PX * max(units, 7) + LINE_STEP_PX * (footer_lines - 1)


def _plot_width(left_px: int, narrow: bool) -> float:
    """How wide the plot is where labels are placed: in a chart PLACE_PX wide, or PHONE_PX on a phone."""
    return PHONE_PX - left_px - NARROW_RIGHT_PX if narrow else PLACE_PX - left_px - MARGIN["r"]


def placement_scale(
    fig: go.Figure, span_days: float, left_px: int, units: int, footer_lines: int, narrow: bool = False
) -> Scale:
    """The smallest plot the timeline is drawn in, where its labels are placed: PLACE_PX wide (PHONE_PX on a phone,
    `narrow`), and as short as the shorter of a 675 px report and the app's own height, with `footer_lines` under
    it and the legend `fig` has (on a phone the figure grows by what its legend and footer take under the plot)."""
    width = _plot_width(left_px, narrow)
    height = frame_height(units, footer_lines)
    plot_px = plot_height(fig, height, PLACE_PX, left_px, footer_px(footer_lines))
    span = units + 0.2
    return Scale(x_px=width / span_days, y_px=plot_px / (span + headroom(span, height, plot_px)), width_px=width)


def _draw_density(
    fig: go.Figure, ev: pd.DataFrame, keys: list, labels: list[str], lane_of: np.ndarray, view, lang: str
) -> None:
    """Events per lane and month as a heatmap; events known only to a year as hatched strips below it."""
    n = len(keys)
    months = pd.date_range(view[0].to_period("M").to_timestamp(), view[1], freq="MS")
    edges = months.append(pd.DatetimeIndex([months[-1] + pd.offsets.MonthBegin()]))
    year_only = (ev["precision"] == "year").to_numpy()
    bin_of = months.searchsorted(pd.DatetimeIndex(ev["start"]), side="right") - 1
    binned = ~year_only & (bin_of >= 0)  # a range begun before the view has no month in it
    z = np.zeros((n, len(months)))
    np.add.at(z, (n - 1 - lane_of[binned], bin_of[binned]), 1)
    # Heatmap rows per lane, bottom to top: gap, strip for year-only spans (kept empty), counts, gap.
    heat_lo = -0.2 if year_only.any() else -0.42
    y_edges = [y for r in range(n) for y in (r - 0.5, r - 0.42, r + heat_lo, r + 0.42)] + [n - 0.5]
    blank = np.full(len(months), np.nan)
    month_text = [format_range(m, m, "month", lang) for m in months]
    heat_text = [
        [
            f"{safe_text(labels[n - 1 - r])} · {m}: {t('hover.n_events', lang, n=format_number(c, lang))}"
            for m, c in zip(month_text, z[r], strict=True)
        ]
        for r in range(n)
    ]
    rows, cols = np.nonzero(z)
    add_trace(
        fig,
        dict(
            type="heatmap",
            x=isos(edges),
            y=y_edges,
            z=[row for r in range(n) for row in (blank, blank, np.where(z[r] > 0, z[r], np.nan), blank)],
            text=[
                row
                for r in range(n)
                for row in ([""] * len(months), [""] * len(months), heat_text[r], [""] * len(months))
            ],
            hovertemplate="%{text}<extra></extra>",
            hoverongaps=False,
            colorscale=[[0, "#cfe1f2"], [1, "#08306b"]],
            zmin=0,
            xgap=1,
            colorbar={
                "title": {"text": t("colorbar.events_per_month", lang), "font": {"size": 12}},
                "thickness": 12,
                "len": 0.5,
                "y": 0,
                "yanchor": "bottom",
            },
            name=t("colorbar.events_per_month", lang),
        ),
    )
    # a click on a month's cell (an invisible bar over it, as heatmaps cannot be selected) shows that month's events
    targets = span_bar(
        months[cols],
        edges[cols + 1],
        rows + (heat_lo + 0.42) / 2,
        np.full(len(rows), 0.42 - heat_lo),
        hue=INK,
        style="exact",
        alpha=0,
        hovertext=[heat_text[r][c] for r, c in zip(rows.tolist(), cols.tolist(), strict=True)],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=[[month_target(m)] for m in months[cols]],
        showlegend=False,
        name=t("colorbar.events_per_month", lang),
    )
    targets["marker"]["line"] = {"width": 0}
    add_trace(fig, targets)
    if year_only.any():
        counts = (
            pd.DataFrame({"lane": lane_of[year_only], "year": ev["year"].to_numpy()[year_only]})
            .value_counts()
            .sort_index()
        )
        lanes = counts.index.get_level_values("lane").to_numpy()
        years = counts.index.get_level_values("year").to_numpy()
        starts = pd.DatetimeIndex([pd.Timestamp(year=int(y), month=1, day=1) for y in years])
        stops = pd.DatetimeIndex([pd.Timestamp(year=int(y) + 1, month=1, day=1) for y in years])
        y = (n - 1 - lanes) - 0.31
        width = np.full(len(y), 0.18)
        hover = [
            f"{safe_text(labels[ln])} · {yr}: {t('hover.year_only_events', lang, n=format_number(c, lang))}"
            for ln, yr, c in zip(lanes, years, counts.to_numpy(), strict=True)
        ]
        add_trace(
            fig,
            span_bar(
                starts,
                stops,
                y,
                width,
                hue=INK,
                style="year",
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            ),
        )
        add_trace(fig, span_outline(starts, stops, y, width, hue=INK, style="year", legendgroup="precision-year"))
        add_traces(fig, precision_legend(["year"], lang))


def _draw_phases(
    fig: go.Figure, phases: pd.DataFrame, y: int, view, lang: str, left_px: int, figure_px: int = APP_PX
) -> bool:
    """The cycles' phases as labelled bars in a lane of their own at the top; False when none is in view."""
    ph = phases[in_view(phases["start"], phases["end"], view)] if len(phases) else phases
    if ph.empty:
        return False
    starts, stops = pd.DatetimeIndex(ph["start"]), pd.DatetimeIndex(ph["end"]) + DAY
    # Names sit on an invisible copy cut to the view, centred on what shows; the bar itself keeps its true dates.
    shown_from, shown_to = starts.where(starts > view[0], view[0]), stops.where(stops < view[1], view[1])
    s_days = ((shown_from - view[0]) / DAY).to_numpy(dtype=float)
    row, rows = pack_rows(np.zeros(len(ph)), s_days, ((shown_to - view[0]) / DAY).to_numpy(dtype=float), max_rows=3)
    ys, width = stacked_y(np.full(len(ph), float(y)), row, rows)
    names = ph["name" if lang == "vi" else "name_en"].to_numpy()
    labels = np.array(
        [fit_label(s, a, b, view, left_px, figure_px) for s, a, b in zip(names, shown_from, shown_to, strict=True)]
    )
    cyc = ph["cycle"].to_numpy()
    for c in dict.fromkeys(cyc):
        sel = cyc == c
        common = {"hue": color("cycle", c), "style": "exact", "showlegend": False, "name": t("lane.phases", lang)}
        add_trace(
            fig,
            span_bar(
                starts[sel],
                stops[sel],
                ys[sel],
                width[sel],
                alpha=0.3,
                hovertext=[
                    f"<b>{safe_wrapped(s)}</b><br>{format_range(a, b - DAY, 'day', lang)}"
                    for s, a, b in zip(names[sel], starts[sel], stops[sel], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                **common,
            ),
        )
        add_trace(
            fig,
            span_bar(
                shown_from[sel],
                shown_to[sel],
                ys[sel],
                width[sel],
                alpha=0,
                text=[safe_text(s) for s in labels[sel]],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 10, "color": INK},
                cliponaxis=True,
                hoverinfo="skip",
                **common,
            ),
        )
    update_layout(fig, uniformtext={"minsize": 8, "mode": "hide"})
    return True

"""Documents on a time axis by kind; an undated document is listed under the chart, never placed at a made-up date."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.i18n import format_number, label, present, t

from .labels import Mark, Scale, place
from .marks import (
    DAY,
    NARROW_PX,
    add_cycle_bands,
    date_axis,
    headroom,
    hline,
    isos,
    label_annotation,
    last_days,
    legend_marker,
    line_target,
    midpoints,
    pack_rows,
    plot_height,
    range_text,
    span_line,
    stacked_y,
    style_legend,
    view_of,
)
from .theme import (
    GRID,
    LINE_STEP_PX,
    MARGIN,
    NARROW_RIGHT_PX,
    NEUTRAL,
    PHONE_PX,
    Chart,
    add_annotations,
    add_shapes,
    add_traces,
    color,
    empty_figure,
    finish,
    footer_px,
    label_margin,
    new_figure,
    safe_text,
    safe_wrapped,
    shorten,
    update_layout,
    wrapped_notes,
    wrapped_sources,
)

# The columns of a chart's data, renamed where a name alone would not say which labels it takes.
DATA_COLUMNS = {
    "id": "id",
    "number": "number",
    "kind": "doc_kind",
    "issuer": "issuer",
    "issuer_en": "issuer_en",
    "date": "date",
    "precision": "precision",
    "date_basis": "date_basis",
    "status": "doc_status",
    "title": "title",
    "title_en": "title_en",
    "n_events": "n_events",
}
_LANE_PX = 52
_FRAME_PX = 300  # with at least 6 lanes' height: MIN_HEIGHT
PLACE_PX = 720  # labels are placed for a chart this wide, the narrowest the app draws it
_MARK_REACH = 8  # how far from its centre a document's marker (12 px and its outline) reaches


def _hover(docs: pd.DataFrame, ends: pd.Series, lang: str) -> list[str]:
    """Number, title, issuer, date as known, status and how many events name it."""
    title_col, issuer_col = ("title", "issuer") if lang == "vi" else ("title_en", "issuer_en")
    names = ("number", "kind", title_col, issuer_col, "date", "precision", "status", "n_events")
    columns = [docs[c].tolist() for c in names]
    out = []
    for number, kind, title, issuer, date, precision, status, n_events, end in zip(
        *columns, ends.tolist(), strict=True
    ):
        when = range_text(date, end, precision, lang)
        if precision in ("month", "year"):
            when += f" ({t(f'note.{precision}_precision', lang)})"
        lines = [
            f"<b>{safe_text(number)}</b> · {label('doc_kind', kind, lang)}",
            safe_wrapped(title),
            safe_wrapped(issuer),
            when,
        ]
        if status == "proposed":
            lines.append(label("doc_status", "proposed", lang))
        lines.append(t("hover.named_at", lang, n=format_number(n_events, lang)))
        out.append("<br>".join(lines))
    return out


def documents_figure(
    documents: pd.DataFrame,
    *,
    cycles: pd.DataFrame | None = None,
    lang: str = "vi",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
) -> Chart:
    """Dated documents in lanes by kind, named by their numbers: a point for a day, a thin dashed (month) or dotted
    (year) line for a date known only so far; customdata = [document id].

    Its data: every document given (`DATA_COLUMNS`; the undated ones are named in a note under the chart), with
    `doc_kind` and `doc_status` for the document's kind and status."""
    frame = {
        "title": t("chart.documents", lang),
        "subtitle": subtitle,
        "source_line": source_line,
        "lang": lang,
        "narrow": narrow,
    }
    data = documents[list(DATA_COLUMNS)].rename(columns=DATA_COLUMNS)
    dated = documents[documents["date"].notna()]
    if dated.empty:
        return Chart(empty_figure(**frame), data)
    ends = last_days(dated["date"], dated["precision"])
    view = view_of(dated["date"], ends, None, min_days=365, pad_days=75)  # no point on the plot's edge
    kinds = present("doc_kind", dated["kind"].unique())
    lane_y = (len(kinds) - 1 - dated["kind"].map({k: i for i, k in enumerate(kinds)})).to_numpy(dtype=float)
    starts, stops = pd.DatetimeIndex(dated["date"]), pd.DatetimeIndex(ends) + DAY
    span_days = (view[1] - view[0]) / DAY
    s_days = ((starts - view[0]) / DAY).to_numpy(dtype=float)
    e_days = np.maximum(((stops - view[0]) / DAY).to_numpy(dtype=float), s_days + span_days * 0.015)
    row, rows = pack_rows(lane_y, s_days, e_days)
    y, _ = stacked_y(lane_y, row, rows)
    prec = dated["precision"].fillna("day").to_numpy()
    proposed = (dated["status"] == "proposed").to_numpy()
    hover = np.array(_hover(dated, ends, lang), dtype=object)
    ids = np.array([[i] for i in dated["id"].tolist()], dtype=object)
    kind_labels = [label("doc_kind", k, lang) for k in reversed(kinds)]
    margin = label_margin(kind_labels)
    fig = new_figure()
    if cycles is not None:
        add_cycle_bands(fig, cycles, view, lang, left_px=margin["l"], figure_px=PHONE_PX if narrow else NARROW_PX)
    kind_col = dated["kind"].to_numpy()
    traces = []  # added at once: fewer steps through plotly's bookkeeping
    for kind in kinds:
        hue, name = color("doc_kind", kind), label("doc_kind", kind, lang)
        of_kind = kind_col == kind
        point = of_kind & (prec == "day")
        traces.append(legend_marker(name, {"color": hue, "size": 12}, legendgroup=kind))
        traces.append(
            dict(
                type="scatter",
                x=isos(starts[point] + DAY / 2),
                y=y[point],
                mode="markers",
                name=name,
                legendgroup=kind,
                showlegend=False,
                marker={
                    "color": hue,
                    "size": 12,
                    "symbol": np.where(proposed[point], "circle-open", "circle").tolist(),
                    "line": {"color": np.where(proposed[point], hue, "white").tolist(), "width": 1.5},
                },
                hovertext=hover[point].tolist(),
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=ids[point].tolist(),
            )
        )
        for st in ("month", "year"):  # a thin dashed (month) or dotted (year) line, with a hover and click target
            sel = of_kind & (prec == st)
            if sel.any():
                traces.append(
                    span_line(starts[sel], stops[sel], y[sel], hue=hue, style=st, view=view, legendgroup=kind)
                )
                traces.append(
                    line_target(
                        starts[sel],
                        stops[sel],
                        y[sel],
                        hovertext=hover[sel].tolist(),
                        hovertemplate="%{hovertext}<extra></extra>",
                        customdata=ids[sel].tolist(),
                        legendgroup=kind,
                        showlegend=False,
                        name=name,
                    )
                )
                traces.append(
                    midpoints(starts[sel], stops[sel], y[sel], customdata=ids[sel].tolist(), legendgroup=kind)
                )
    if proposed.any():
        traces.append(
            legend_marker(
                t("legend.proposed", lang),
                {"symbol": "circle-open", "size": 12, "color": NEUTRAL, "line": {"width": 1.5}},
                legendrank=1900,
            )
        )
    add_traces(fig, traces + [style_legend(st, lang) for st in ("month", "year") if (prec == st).any()])
    undated = [shorten(n, 40) for n in documents.loc[documents["date"].isna(), "number"]]
    notes = [t("msg.undated_documents", lang, items=", ".join(undated))] if undated else []
    room = (*notes, t("note.unnamed_documents", lang, n="0"))  # the longest footer: labels are placed for its room
    update_layout(
        fig,
        xaxis=date_axis(lang, view),
        barmode="overlay",
        dragmode="pan",
        hovermode="closest",
        legend={"title": {"text": t("field.doc_kind", lang)}},
    )
    lines = _footer_lines(room, source_line)
    height = _height(len(kinds), lines)
    plot_px = plot_height(fig, height, PLACE_PX, margin["l"], footer_px(lines))
    span = len(kinds) + 0.2
    top = len(kinds) - 0.4 + (headroom(span, height, plot_px) if cycles is not None else 0)
    update_layout(
        fig,
        yaxis={
            "tickvals": list(range(len(kinds))),
            "ticktext": kind_labels,
            "range": [-0.6, top],
            "showgrid": False,
            "fixedrange": True,
        },
    )
    y_px = plot_px / (top + 0.6)
    plot_w = PHONE_PX - margin["l"] - NARROW_RIGHT_PX if narrow else PLACE_PX - margin["l"] - MARGIN["r"]
    unnamed = _name_documents(fig, dated, s_days, e_days, y, lane_y, prec, view, lang, y_px, plot_w)
    if unnamed:
        notes.append(t("note.unnamed_documents", lang, n=format_number(unnamed, lang)))
    # lane separators, none in the strip of cycle titles
    add_shapes(fig, [hline(y + 0.5, line={"color": GRID, "width": 1}, layer="below") for y in range(len(kinds) - 1)])
    height = _height(len(kinds), _footer_lines(tuple(notes), source_line))
    finish(fig, height=height, margin=margin, notes=tuple(notes), **frame)
    return Chart(fig, data)


def _footer_lines(notes: tuple[str, ...], source_line: str) -> int:
    return len(wrapped_notes(notes)) + len(wrapped_sources(source_line))


def _height(kinds: int, footer_lines: int) -> int:
    """The chart's height in the app: its frame, a lane per kind (at least six) and every line under the plot."""
    return _FRAME_PX + _LANE_PX * max(kinds, 6) + LINE_STEP_PX * (footer_lines - 1)


def _name_documents(fig, dated, s_days, e_days, y, lane_y, prec, view, lang: str, y_px: float, width: float) -> int:
    """Each dated document named by its number (and its year, where two share a number, as 35-CT/TW of 2019 and of
    2024), placed as the timeline's labels are, for a plot `width` px wide; its title on hover. Returns how many have
    no room (their number is in the hover, and the chart's CSV lists every document)."""
    numbers = dated["number"].astype(str)
    shared = numbers.duplicated(keep=False).to_numpy()
    texts = [f"{n} ({d.year})" if dup else n for n, d, dup in zip(numbers, dated["date"], shared, strict=True)]
    titles = dated["title" if lang == "vi" else "title_en"].tolist()
    span_days = (view[1] - view[0]) / DAY
    mid = np.where(prec == "day", s_days + 0.5, s_days)
    ends = np.where(prec == "day", s_days + 0.5, e_days)
    marks = [
        Mark(
            float(a),
            float(b),
            float(yy),
            1.5 if p != "day" else _MARK_REACH,
            text,
            float(ly) + 0.5,
            float(ly) - 0.5,
            lang=lang,
        )
        for a, b, yy, p, text, ly in zip(mid, ends, y, prec, texts, lane_y, strict=True)
    ]
    placed = place(marks, list(np.argsort(s_days, kind="stable")), Scale(width / span_days, y_px, width))
    add_annotations(fig, [label_annotation(p, marks[p.index], view, titles[p.index]) for p in placed])
    return len(marks) - len(placed)

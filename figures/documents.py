"""Documents on a time axis by kind; an undated document is listed under the chart, never placed at a made-up date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.i18n import format_number, label, listed, present, t

from .marks import (
    DAY,
    add_cycle_bands,
    date_axis,
    headroom,
    hline,
    isos,
    last_days,
    legend_marker,
    midpoints,
    pack_rows,
    precision_legend,
    range_text,
    span_bar,
    span_outline,
    stacked_y,
    view_of,
)
from .theme import (
    GRID,
    NEUTRAL,
    Chart,
    add_shapes,
    add_traces,
    color,
    empty_figure,
    finish,
    label_margin,
    safe_text,
    safe_wrapped,
    shorten,
    update_layout,
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
) -> Chart:
    """Dated documents in lanes by kind (points, or hatched spans for month/year dates); customdata = [document id].

    Its data: every document given (`DATA_COLUMNS`; the undated ones are named in a note under the chart), with
    `doc_kind` and `doc_status` for the document's kind and status."""
    frame = {"title": t("chart.documents", lang), "subtitle": subtitle, "source_line": source_line, "lang": lang}
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
    y, width = stacked_y(lane_y, row, rows)
    prec = dated["precision"].fillna("day").to_numpy()
    proposed = (dated["status"] == "proposed").to_numpy()
    hover = np.array(_hover(dated, ends, lang), dtype=object)
    ids = np.array([[i] for i in dated["id"].tolist()], dtype=object)
    kind_labels = [label("doc_kind", k, lang) for k in reversed(kinds)]
    margin = label_margin(kind_labels)
    fig = go.Figure()
    if cycles is not None:
        add_cycle_bands(fig, cycles, view, lang, left_px=margin["l"])
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
        for st in ("month", "year"):
            sel = of_kind & (prec == st)
            if sel.any():
                traces.append(
                    span_bar(
                        starts[sel],
                        stops[sel],
                        y[sel],
                        width[sel],
                        hue=hue,
                        style=st,
                        hovertext=hover[sel].tolist(),
                        hovertemplate="%{hovertext}<extra></extra>",
                        customdata=ids[sel].tolist(),
                        legendgroup=kind,
                        showlegend=False,
                        name=name,
                    )
                )
                traces.append(
                    span_outline(starts[sel], stops[sel], y[sel], width[sel], hue=hue, style=st, legendgroup=kind)
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
    add_traces(fig, traces + precision_legend(prec, lang))
    undated = [shorten(n, 40) for n in documents.loc[documents["date"].isna(), "number"]]
    height = _FRAME_PX + _LANE_PX * max(len(kinds), 6)
    top = len(kinds) - 0.4 + (headroom(len(kinds) + 0.2, height) if cycles is not None else 0)
    update_layout(
        fig,
        xaxis=date_axis(lang, view),
        yaxis={
            "tickvals": list(range(len(kinds))),
            "ticktext": kind_labels,
            "range": [-0.6, top],
            "showgrid": False,
            "fixedrange": True,
        },
        barmode="overlay",
        dragmode="pan",
        hovermode="closest",
        legend={"title": {"text": t("field.doc_kind", lang)}},
    )
    # lane separators, none in the strip of cycle titles
    add_shapes(fig, [hline(y + 0.5, line={"color": GRID, "width": 1}, layer="below") for y in range(len(kinds) - 1)])
    finish(
        fig,
        height=height,
        margin=margin,
        notes=(t("msg.undated_documents", lang, items=listed(undated, lang, limit=5)),) if undated else (),
        **frame,
    )
    return Chart(fig, data)

"""Task counts: per year and category, set vs done, per event, per cycle, and the two cycles on one axis."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.i18n import format_number, label, present, t, values

from .theme import MUTED, color, count_axis, empty_figure, finish, label_margin, plain, safe_text, safe_wrapped, shorten

_BAR_LINE = {"color": "white", "width": 0.6}
_HOVER = "%{hovertext}<extra></extra>"


def _years(column: pd.Series) -> list[int]:
    """Every year from the first to the last in `column`, so a year without tasks shows as zero."""
    return list(range(int(column.min()), int(column.max()) + 1))


def _n_tasks(n, lang: str) -> str:
    return t("hover.n_tasks", lang, n=format_number(n, lang))


def _congress_names(cycles: pd.DataFrame, lang: str) -> dict[str, str]:
    """Cycle id -> the congress's name in `lang` ("Đại hội XIII")."""
    return dict(zip(cycles["id"], cycles["congress" if lang == "vi" else "congress_en"].map(plain), strict=True))


def tasks_by_year_figure(
    tasks: pd.DataFrame, *, lang: str = "vi", subtitle: str = "", source_line: str = ""
) -> go.Figure:
    """Tasks per year stacked by category, with each year's total on top; customdata = [year, category]."""
    frame = {"title": t("chart.tasks_year", lang), "subtitle": subtitle, "source_line": source_line, "lang": lang}
    if tasks.empty:
        return empty_figure(**frame)
    years = _years(tasks["year"])
    counts = tasks.groupby(["year", "category"]).size()
    fig = go.Figure()
    for cat in present("category", tasks["category"]):
        name = label("category", cat, lang)
        ys = [int(counts.get((y, cat), 0)) for y in years]
        fig.add_trace(
            go.Bar(
                x=[str(y) for y in years],
                y=ys,
                name=safe_wrapped(name, 28),
                marker={"color": color("category", cat), "line": _BAR_LINE},
                customdata=[[y, cat] for y in years],
                hovertext=[
                    f"<b>{safe_text(name)}</b><br>{y}: {_n_tasks(n, lang)}" for y, n in zip(years, ys, strict=True)
                ],
                hovertemplate=_HOVER,
            )
        )
    totals = tasks.groupby("year").size()
    for i, y in enumerate(years):  # on a category axis an annotation's x is the category's index
        fig.add_annotation(
            x=i,
            y=int(totals.get(y, 0)),
            text=f"<b>{format_number(totals.get(y, 0), lang)}</b>",
            yanchor="bottom",
            showarrow=False,
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"type": "category", "title": {"text": t("field.year", lang)}, "showgrid": False},
        yaxis=count_axis(int(totals.max()), t("axis.n_tasks", lang)),
        legend={"title": {"text": t("field.category", lang)}},
    )
    return finish(fig, height=500, **frame)


def tasks_status_figure(
    tasks: pd.DataFrame, *, lang: str = "vi", subtitle: str = "", source_line: str = ""
) -> go.Figure:
    """Tasks set and reported done per year, side by side; customdata = [year, status]."""
    frame = {"title": t("chart.tasks_status", lang), "subtitle": subtitle, "source_line": source_line, "lang": lang}
    if tasks.empty:
        return empty_figure(**frame)
    years = _years(tasks["year"])
    counts = tasks.groupby(["year", "status"]).size()
    fig = go.Figure()
    for status in values("status"):
        name = label("status", status, lang)
        ys = [int(counts.get((y, status), 0)) for y in years]
        fig.add_trace(
            go.Bar(
                x=[str(y) for y in years],
                y=ys,
                name=name,
                marker={"color": color("status", status), "line": _BAR_LINE},
                text=[format_number(n, lang) for n in ys],
                textposition="outside",
                cliponaxis=False,
                customdata=[[y, status] for y in years],
                hovertext=[f"<b>{name}</b><br>{y}: {_n_tasks(n, lang)}" for y, n in zip(years, ys, strict=True)],
                hovertemplate=_HOVER,
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis={"type": "category", "title": {"text": t("field.year", lang)}, "showgrid": False},
        yaxis=count_axis(int(counts.max()), t("axis.n_tasks", lang)),
        legend={"title": {"text": t("field.status", lang)}},
    )
    return finish(fig, height=440, **frame)


def tasks_per_event_figure(
    tasks: pd.DataFrame, *, lang: str = "vi", top_n: int = 15, subtitle: str = "", source_line: str = ""
) -> go.Figure:
    """The `top_n` events with most tasks, set and done stacked, titles shortened; customdata = [event_id]."""
    if tasks.empty:
        return empty_figure(
            title=t("chart.tasks_event", lang, n=top_n), subtitle=subtitle, source_line=source_line, lang=lang
        )
    title_col = "event_title" if lang == "vi" else "event_title_en"
    per = (
        tasks.groupby("event_id")
        .agg(
            title=(title_col, "first"),
            start=("start", "first"),
            total=("status", "size"),
            done=("status", lambda s: int((s == "done").sum())),
        )
        .sort_values(["total", "start"], ascending=[False, True])
        .head(top_n)
    )
    per["set"] = per["total"] - per["done"]
    ys = list(range(len(per) - 1, -1, -1))
    set_word, done_word = (label("status", s, lang).lower() for s in ("set", "done"))
    hover = [
        f"<b>{safe_wrapped(title)}</b><br>{_n_tasks(total, lang)}: "
        f"{format_number(s, lang)} {set_word}, {format_number(d, lang)} {done_word}"
        for title, total, s, d in zip(per["title"], per["total"], per["set"], per["done"], strict=True)
    ]
    fig = go.Figure()
    for status in values("status"):
        fig.add_trace(
            go.Bar(
                orientation="h",
                x=per[status].tolist(),
                y=ys,
                name=label("status", status, lang),
                marker={"color": color("status", status), "line": _BAR_LINE},
                customdata=[[i] for i in per.index],
                hovertext=hover,
                hovertemplate=_HOVER,
            )
        )
    short = [shorten(s, 48) for s in per["title"]]
    fig.update_layout(
        barmode="stack",
        yaxis={"tickvals": ys, "ticktext": [safe_text(s) for s in short], "showgrid": False},
        xaxis=count_axis(int(per["total"].max()), t("axis.n_tasks", lang)),
        legend={"title": {"text": t("field.status", lang)}},
    )
    return finish(
        fig,
        title=t("chart.tasks_event", lang, n=len(per)),
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        height=200 + 30 * len(per),
        margin=label_margin(short),
    )


def tasks_by_cycle_figure(
    tasks: pd.DataFrame, cycles: pd.DataFrame, *, lang: str = "vi", subtitle: str = "", source_line: str = ""
) -> go.Figure:
    """Tasks per category, one bar per cycle; tasks outside both cycles left out; customdata = [cycle, category]."""
    frame = {"title": t("chart.tasks_cycle", lang), "subtitle": subtitle, "source_line": source_line, "lang": lang}
    inside = tasks[tasks["cycle"].isin(cycles["id"])]
    if inside.empty:
        return empty_figure(**frame)
    cats = present("category", inside["category"])
    names = [label("category", c, lang) for c in cats]
    counts = inside.groupby(["cycle", "category"]).size()
    fig = go.Figure()
    for cid, congress in _congress_names(cycles, lang).items():
        xs = [int(counts.get((cid, c), 0)) for c in cats]
        fig.add_trace(
            go.Bar(
                orientation="h",
                x=xs,
                y=[safe_text(n) for n in names],
                name=safe_text(congress),
                marker={"color": color("cycle", cid)},
                text=[format_number(n, lang) for n in xs],
                textposition="outside",
                cliponaxis=False,
                customdata=[[cid, c] for c in cats],
                hovertext=[
                    f"<b>{safe_text(congress)}</b><br>{safe_text(n)}: {_n_tasks(x, lang)}"
                    for n, x in zip(names, xs, strict=True)
                ],
                hovertemplate=_HOVER,
            )
        )
    fig.update_layout(
        barmode="group",
        yaxis={"autorange": "reversed", "showgrid": False, "type": "category"},
        xaxis=count_axis(int(counts.max()), t("axis.n_tasks", lang)),
        legend={"title": {"text": t("field.cycle", lang)}},
    )
    return finish(fig, height=220 + 44 * len(cats), margin=label_margin(names), **frame)


def _month_offset_text(x: int, lang: str) -> str:
    """Hover text for a month offset from the congress (x < 0 is before it)."""
    if x == 0:
        return t("hover.congress_month", lang)
    return t("hover.months_before" if x < 0 else "hover.months_after", lang, n=abs(x))


def cycles_compared_figure(
    tasks: pd.DataFrame, cycles: pd.DataFrame, *, lang: str = "vi", subtitle: str = "", source_line: str = ""
) -> go.Figure:
    """Tasks per month around each congress (x = −months before it), bars per cycle; customdata = [cycle, months]."""
    frame = {"title": t("chart.cycles_compared", lang), "subtitle": subtitle, "source_line": source_line, "lang": lang}
    d = tasks[tasks["cycle"].isin(cycles["id"]) & tasks["months_before_congress"].notna()]
    if d.empty:
        return empty_figure(**frame)
    counts = pd.DataFrame({"cycle": d["cycle"], "x": -d["months_before_congress"].astype("int64")}).value_counts()
    fig = go.Figure()
    for cid, congress in _congress_names(cycles, lang).items():
        if cid not in set(d["cycle"]):
            continue
        per = counts.xs(cid, level="cycle").sort_index()
        fig.add_trace(
            go.Bar(
                x=per.index.tolist(),
                y=per.tolist(),
                name=safe_text(congress),
                marker={"color": color("cycle", cid)},
                customdata=[[cid, -m] for m in per.index],
                hovertext=[
                    f"<b>{safe_text(congress)}</b><br>{_month_offset_text(m, lang)}: {_n_tasks(n, lang)}"
                    for m, n in per.items()
                ],
                hovertemplate=_HOVER,
            )
        )
    fig.add_vline(x=0, line={"color": MUTED, "width": 1, "dash": "dash"})
    fig.add_annotation(
        x=0,
        yref="paper",
        y=1,
        yanchor="bottom",
        text=t("mark.congress_opens", lang),
        showarrow=False,
        font={"color": MUTED, "size": 11},
    )
    fig.update_layout(
        xaxis={"title": {"text": t("axis.months_to_congress", lang)}, "dtick": 6, "zeroline": False},
        yaxis=count_axis(int(counts.max()), t("axis.n_tasks", lang)),
        legend={"title": {"text": t("field.cycle", lang)}},
        barmode="group",
        bargap=0.1,
    )
    return finish(fig, height=460, **frame)

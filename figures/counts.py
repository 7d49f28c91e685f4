"""Task counts: per year and category, set vs done, per event, per cycle, and the two cycles on one axis."""

from __future__ import annotations

import textwrap

import pandas as pd

from core.i18n import format_number, label, present, t, values

from .marks import cycle_name, vline
from .theme import (
    MIN_HEIGHT,
    MUTED,
    TEXT_ROOM,
    Chart,
    add_annotations,
    add_shapes,
    add_trace,
    color,
    count_axis,
    empty_figure,
    finish,
    label_margin,
    new_figure,
    plain,
    safe_text,
    safe_wrapped,
    slots,
    update_layout,
    year_axis,
    years_axis,
)

_BAR_LINE = {"color": "white", "width": 0.6}
_HOVER = "%{hovertext}<extra></extra>"
_BAR_MONTHS = 0.8  # a month's bar on the axis of months to the congress
_MIN_MONTHS = 12  # that axis spans at least a year before the congress
_BARS_PANEL, _PANEL_GAP = 0.38, 0.08  # the two cycles compared: bars below, step lines above (fractions of the plot)
_TITLE_LINE = 46  # characters per line of an event title on the per-event axis (two lines at most)
_NARROW_LINE = 13  # characters per line of a category or title on a phone (three lines at most)


def _cycle_names(cycles: pd.DataFrame, lang: str) -> dict[str, str]:
    """Cycle id -> its name, as the cycle bands of the time charts write it ("Chu kỳ Đại hội XIII")."""
    congress = cycles["congress" if lang == "vi" else "congress_en"]
    return {c: cycle_name(c, g, lang) for c, g in zip(cycles["id"], congress, strict=True)}


def title_lines(s: str, width: int = _TITLE_LINE, most: int = 2) -> str:
    """`s` on at most `most` lines of about `width` characters, cut with "…" after that (plain text)."""
    lines = textwrap.wrap(plain(s), width, break_long_words=False)
    if len(lines) <= most:
        return "\n".join(lines)
    rest = textwrap.shorten(" ".join(lines[most - 1 :]), width, placeholder="…")
    return "\n".join([*lines[: most - 1], rest])


def _tick_lines(names: list[str], narrow: bool) -> list[str]:
    """Category names as tick labels: whole, or on a phone on up to three short lines (escaped, lines by <br>)."""
    if not narrow:
        return [safe_text(n) for n in names]
    return ["<br>".join(safe_text(line) for line in title_lines(n, _NARROW_LINE, 3).split("\n")) for n in names]


def _status_order(column: pd.Series) -> pd.Series:
    """Sort key: statuses in display order (set before done), other columns as they are."""
    return column.map({s: i for i, s in enumerate(values("status"))}) if column.name == "status" else column


def _n_tasks(n, lang: str) -> str:
    return t("hover.n_tasks", lang, n=format_number(n, lang))


def _n_events(n, lang: str) -> str:
    return t("hover.n_events", lang, n=format_number(n, lang))


def tasks_by_year_figure(
    tasks: pd.DataFrame,
    *,
    lang: str = "vi",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
    years: tuple[int, int] | None = None,
) -> Chart:
    """Tasks per year they are for (column `year`) stacked by category, with each year's total on top;
    customdata = [year, category].

    `years` (first, last) is the view: each of its years is on the axis, with or without tasks. Its data: year,
    category, tasks of each part of a bar."""
    frame = {
        "title": t("chart.tasks_year", lang),
        "subtitle": subtitle,
        "source_line": source_line,
        "lang": lang,
        "narrow": narrow,
    }
    if tasks.empty:
        return Chart(empty_figure(**frame), pd.DataFrame(columns=["year", "category", "tasks"]))
    years = years_axis(tasks["year"], years)
    cats = present("category", tasks["category"].unique())  # unique first: a long column is slow to iterate
    counts = tasks.groupby(["year", "category"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=years, columns=cats, fill_value=0)  # a row per year, a column per category
    fig = new_figure()
    for cat in cats:
        name = label("category", cat, lang)
        ys = counts[cat].tolist()
        add_trace(
            fig,
            dict(
                type="bar",
                x=[str(y) for y in years],
                y=ys,
                name=safe_wrapped(name, 28),
                marker={"color": color("category", cat), "line": _BAR_LINE},
                customdata=[[y, cat] for y in years],
                hovertext=[
                    f"<b>{safe_text(name)}</b><br>{y}: {_n_tasks(n, lang)}" for y, n in zip(years, ys, strict=True)
                ],
                hovertemplate=_HOVER,
            ),
        )
    totals = tasks.groupby("year").size()
    add_annotations(  # on a category axis an annotation's x is the category's index
        fig,
        [
            {
                "x": i,
                "y": int(totals.get(y, 0)),
                "text": f"<b>{format_number(totals.get(y, 0), lang)}</b>",
                "yanchor": "bottom",
                "showarrow": False,
            }
            for i, y in enumerate(years)
        ],
    )
    top = int(totals.max())
    update_layout(
        fig,
        barmode="stack",
        xaxis=year_axis(years, lang, "field.task_year"),
        yaxis={**count_axis(top, t("axis.n_tasks", lang)), "range": [0, top * TEXT_ROOM + 0.5]},
        legend={"title": {"text": t("field.category", lang)}},
    )
    finish(fig, height=MIN_HEIGHT, legend_right=True, **frame)
    drawn = counts.rename_axis(index="year", columns="category").stack().rename("tasks").reset_index()
    return Chart(fig, drawn[drawn["tasks"] > 0].reset_index(drop=True))


def tasks_status_figure(
    tasks: pd.DataFrame,
    *,
    lang: str = "vi",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
    years: tuple[int, int] | None = None,
) -> Chart:
    """Tasks set, reported done and proposed per year they are for, side by side (a status only where some task has
    it); customdata = [year, status]; `years` as for tasks_by_year_figure. Its data: year, status, tasks of each bar
    (zeros too: their count is written)."""
    frame = {
        "title": t("chart.tasks_status", lang),
        "subtitle": subtitle,
        "source_line": source_line,
        "lang": lang,
        "narrow": narrow,
    }
    if tasks.empty:
        return Chart(empty_figure(**frame), pd.DataFrame(columns=["year", "status", "tasks"]))
    years = years_axis(tasks["year"], years)
    counts = tasks.groupby(["year", "status"]).size()
    fig = new_figure()
    drawn = []
    for status in present("status", tasks["status"].unique()):
        name = label("status", status, lang)
        ys = [int(counts.get((y, status), 0)) for y in years]
        drawn += [{"year": y, "status": status, "tasks": n} for y, n in zip(years, ys, strict=True)]
        add_trace(
            fig,
            dict(
                type="bar",
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
            ),
        )
    top = int(counts.max())
    update_layout(
        fig,
        barmode="group",
        xaxis=year_axis(years, lang, "field.task_year"),
        yaxis={**count_axis(top, t("axis.n_tasks", lang)), "range": [0, top * TEXT_ROOM + 0.5]},
        legend={"title": {"text": t("field.status", lang)}},
    )
    finish(fig, height=MIN_HEIGHT, **frame)
    return Chart(fig, pd.DataFrame(drawn).sort_values(["year", "status"], key=_status_order).reset_index(drop=True))


def tasks_per_event_figure(
    tasks: pd.DataFrame,
    *,
    lang: str = "vi",
    top_n: int = 15,
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
) -> Chart:
    """The `top_n` events with most tasks, stacked by status (set, done, proposed), titles shortened;
    customdata = [event_id]. Its data: event_id, title (in `lang`), a count per status drawn, total."""
    if tasks.empty:
        empty = empty_figure(
            title=t("chart.tasks_event", lang, n=top_n),
            subtitle=subtitle,
            source_line=source_line,
            lang=lang,
            narrow=narrow,
        )
        return Chart(empty, pd.DataFrame(columns=["event_id", "title", "total"]))
    title_col = "event_title" if lang == "vi" else "event_title_en"
    by_event = tasks.groupby("event_id")
    per = (
        pd.DataFrame(
            {
                "title": by_event[title_col].first(),
                "start": by_event["start"].first(),
                "total": by_event.size(),
            }
        )
        .sort_values(["total", "start"], ascending=[False, True])
        .head(top_n)
    )
    statuses = present("status", tasks["status"].unique())
    per = per.join(pd.crosstab(tasks["event_id"], tasks["status"]).reindex(columns=statuses, fill_value=0))
    ys = list(range(len(per) - 1, -1, -1))
    words = {s: label("status", s, lang).lower() for s in statuses}
    hover = [
        f"<b>{safe_wrapped(title)}</b><br>{_n_tasks(row['total'], lang)}: "
        + ", ".join(f"{format_number(row[s], lang)} {words[s]}" for s in statuses if row[s])
        for title, (_, row) in zip(per["title"], per.iterrows(), strict=True)
    ]
    fig = new_figure()
    for status in statuses:
        add_trace(
            fig,
            dict(
                type="bar",
                orientation="h",
                x=per[status].tolist(),
                y=ys,
                name=label("status", status, lang),
                marker={"color": color("status", status), "line": _BAR_LINE},
                customdata=[[i] for i in per.index],
                hovertext=hover,
                hovertemplate=_HOVER,
            ),
        )
    short = [title_lines(s, _NARROW_LINE, 3) if narrow else title_lines(s) for s in per["title"]]
    update_layout(
        fig,
        barmode="stack",
        yaxis={
            "tickvals": ys,
            "ticktext": ["<br>".join(safe_text(line) for line in s.split("\n")) for s in short],
            "range": slots(len(per)),
            "showgrid": False,
            "tickfont": {"size": 12},
        },
        xaxis=count_axis(int(per["total"].max()), t("axis.n_tasks", lang)),
        legend={"title": {"text": t("field.status", lang)}, "traceorder": "normal"},
    )
    finish(
        fig,
        title=t("chart.tasks_event", lang, n=len(per)),
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        height=max(230 + 40 * len(per), MIN_HEIGHT),
        margin=label_margin(line for s in short for line in s.split("\n")),
        narrow=narrow,
    )
    drawn = per[["title", *statuses, "total"]].astype(dict.fromkeys([*statuses, "total"], "int64"))
    return Chart(fig, drawn.rename_axis("event_id").reset_index())


def tasks_by_cycle_figure(
    tasks: pd.DataFrame,
    cycles: pd.DataFrame,
    *,
    lang: str = "vi",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
) -> Chart:
    """Tasks per category, one bar per cycle with tasks in view (no empty series, no zero labels); tasks outside
    both cycles left out; customdata = [cycle, category]. Its data: cycle, category, tasks of each bar."""
    frame = {
        "title": t("chart.tasks_cycle", lang),
        "subtitle": subtitle,
        "source_line": source_line,
        "lang": lang,
        "narrow": narrow,
    }
    inside = tasks.loc[tasks["cycle"].isin(cycles["id"]), ["cycle", "category"]]
    if inside.empty:
        return Chart(empty_figure(**frame), pd.DataFrame(columns=["cycle", "category", "tasks"]))
    cats = present("category", inside["category"].unique())
    names = [label("category", c, lang) for c in cats]
    counts = inside.groupby(["cycle", "category"]).size()
    fig = new_figure()
    for cid, cycle in _cycle_names(cycles, lang).items():
        xs = [int(counts.get((cid, c), 0)) for c in cats]
        if not any(xs):
            continue
        add_trace(
            fig,
            dict(
                type="bar",
                orientation="h",
                x=xs,
                y=[safe_text(n) for n in names],
                name=safe_text(cycle),
                showlegend=True,  # even alone, the legend says which cycle
                marker={"color": color("cycle", cid)},
                text=[format_number(n, lang) if n else "" for n in xs],
                textposition="outside",
                cliponaxis=False,
                customdata=[[cid, c] for c in cats],
                hovertext=[
                    f"<b>{safe_text(cycle)}</b><br>{safe_text(n)}: {_n_tasks(x, lang)}"
                    for n, x in zip(names, xs, strict=True)
                ],
                hovertemplate=_HOVER,
            ),
        )
    top = int(counts.max())
    update_layout(
        fig,
        barmode="group",
        yaxis={
            "autorange": "reversed",
            "showgrid": False,
            "type": "category",
            "tickvals": [safe_text(n) for n in names],
            "ticktext": (ticks := _tick_lines(names, narrow)),
        },
        xaxis={**count_axis(top, t("axis.n_tasks", lang)), "range": [0, top * TEXT_ROOM + 0.5]},
    )
    rows = len(cats) * len(fig.data)
    margin = label_margin(line for tick in ticks for line in tick.split("<br>"))
    finish(fig, height=max(230 + 22 * rows, MIN_HEIGHT), margin=margin, **frame)
    drawn = counts.rename("tasks").reset_index()
    order = {c: i for i, c in enumerate(cats)}
    drawn = drawn.sort_values(["cycle", "category"], key=lambda s: s.map(order) if s.name == "category" else s)
    return Chart(fig, drawn.reset_index(drop=True))


def _month_offset_text(x: int, lang: str) -> str:
    """Hover text for a month offset from the congress (x < 0 is before it)."""
    if x == 0:
        return t("hover.congress_month", lang)
    return t("hover.months_before" if x < 0 else "hover.months_after", lang, n=abs(x))


def _per_month(frame: pd.DataFrame, cycles: pd.DataFrame) -> pd.Series:
    """Rows of `frame` per (cycle, x) where x = −months before the congress; rows outside both cycles left out."""
    d = frame.loc[
        frame["cycle"].isin(cycles["id"]) & frame["months_before_congress"].notna(), ["cycle", "months_before_congress"]
    ]
    x = -d["months_before_congress"].astype("int64")
    return pd.DataFrame({"cycle": d["cycle"], "x": x}).value_counts().sort_index()


def running_sums(per_month: pd.Series, cycle: str) -> pd.Series:
    """One cycle's running sum of `per_month` (from _per_month), by month on the axis (a step at each month with
    a count)."""
    if cycle not in per_month.index.get_level_values("cycle"):
        return pd.Series([], dtype="int64")
    return per_month.xs(cycle, level="cycle").sort_index().cumsum()


_CUM_LINES = {"tasks": ("solid", "circle", 2.5), "events": ("dot", "diamond", 2)}  # dash, marker, width


def cycles_compared_figure(
    tasks: pd.DataFrame,
    cycles: pd.DataFrame,
    *,
    events: pd.DataFrame | None = None,
    lang: str = "vi",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
) -> Chart:
    """The two preparations on one axis of months around the congress (x = −months before it), in two panels: above,
    each cycle's cumulative tasks (and `events`, when given) as step lines, so their pace reads at a glance; below,
    tasks per month, a bar a month per cycle, side by side only where both cycles have tasks in that month.

    Bars carry customdata = [cycle, months]; the step lines carry none (a click on them selects nothing). Its data:
    per cycle and month on the axis (months_from_congress), the tasks and events of that month and their running
    totals."""
    frame = {
        "title": t("chart.cycles_compared", lang),
        "subtitle": subtitle,
        "source_line": source_line,
        "lang": lang,
        "narrow": narrow,
    }
    counts = _per_month(tasks, cycles)
    event_counts = _per_month(events, cycles) if events is not None else counts.iloc[:0]
    if counts.empty and event_counts.empty:
        return Chart(empty_figure(**frame), pd.DataFrame(columns=_COMPARED_COLUMNS))
    shared = counts.groupby(level="x").size()
    totals = pd.concat([counts.groupby(level="cycle").sum(), event_counts.groupby(level="cycle").sum()])
    drawn = [c for c in _cycle_names(cycles, lang).items() if c[0] in totals.index]
    fig = new_figure()
    for rank, (cid, cycle) in enumerate(drawn):
        group = {"legendgroup": cid, "marker": {"color": color("cycle", cid)}}
        if cid in counts.index.get_level_values("cycle"):
            per = counts.xs(cid, level="cycle")
            both = (shared.reindex(per.index) > 1).to_numpy()
            add_trace(
                fig,
                dict(
                    type="bar",
                    x=per.index.tolist(),
                    y=per.tolist(),
                    # a month wide (less a gap); halves of it, side by side, where both cycles have a bar
                    width=[_BAR_MONTHS / 2 if b else _BAR_MONTHS for b in both],
                    offset=[(rank - 1) * _BAR_MONTHS / 2 if b else -_BAR_MONTHS / 2 for b in both],
                    name=safe_text(f"{cycle}: {t('series.tasks_month', lang)}"),
                    showlegend=True,
                    customdata=[[cid, -m] for m in per.index],
                    hovertext=[
                        f"<b>{safe_text(cycle)}</b><br>{_month_offset_text(m, lang)}: {_n_tasks(n, lang)}"
                        for m, n in per.items()
                    ],
                    hovertemplate=_HOVER,
                    **group,
                ),
            )
        for series, per_month in (("tasks", counts), ("events", event_counts)):
            cum = running_sums(per_month, cid)
            if cum.empty:
                continue
            dash, symbol, width = _CUM_LINES[series]
            how_many = _n_tasks if series == "tasks" else _n_events
            add_trace(
                fig,
                dict(
                    type="scatter",
                    mode="lines+markers",
                    x=cum.index.tolist(),
                    y=cum.tolist(),
                    xaxis="x2",
                    yaxis="y2",
                    line={"shape": "hv", "dash": dash, "width": width, "color": color("cycle", cid)},
                    name=safe_text(f"{cycle}: {t(f'series.{series}_cumulative', lang)}"),
                    legendgroup=cid,
                    marker={"color": color("cycle", cid), "symbol": symbol, "size": 6},
                    hovertext=[
                        f"<b>{safe_text(cycle)}</b><br>{_month_offset_text(m, lang)}: "
                        f"{t('hover.so_far', lang, what=how_many(n, lang))}"
                        for m, n in cum.items()
                    ],
                    hovertemplate=_HOVER,
                ),
            )
    xs = pd.concat([counts, event_counts]).index.get_level_values("x")
    top = int(counts.max()) if not counts.empty else 1
    top_cum = int(totals.max())
    congress_line = vline(0, line={"color": MUTED, "width": 1, "dash": "dash"})
    add_shapes(fig, [congress_line, {**congress_line, "xref": "x2", "yref": "y2 domain"}])
    add_annotations(
        fig,
        [
            {
                "name": "congress",
                "x": 0,
                "xref": "x2",
                "xanchor": "right",
                "xshift": -3,
                "yref": "paper",
                "y": 1,
                "yanchor": "top",
                "text": t("mark.congress_opens", lang),
                "showarrow": False,
                "font": {"color": MUTED, "size": 11},
            }
        ],
    )
    update_layout(
        fig,
        xaxis={
            "title": {"text": t("axis.months_to_congress", lang)},
            "range": [min(xs.min(), -_MIN_MONTHS) - 2, max(xs.max(), 0) + 2],
            "dtick": 6,
            "zeroline": False,
            "anchor": "y",
        },
        xaxis2={"matches": "x", "anchor": "y2", "showticklabels": False, "dtick": 6, "zeroline": False},
        yaxis={
            **count_axis(top, t("axis.tasks_per_month", lang)),
            "range": [0, top * 1.15 + 0.5],
            "domain": [0, _BARS_PANEL],
        },
        yaxis2={
            **count_axis(top_cum, t("axis.cumulative", lang)),
            "range": [0, top_cum * 1.1 + 0.5],
            "domain": [_BARS_PANEL + _PANEL_GAP, 1],
            "anchor": "x2",
        },
        barmode="overlay",
    )
    finish(fig, height=MIN_HEIGHT, **frame)
    return Chart(fig, _compared_data(counts, event_counts))


_COMPARED_COLUMNS = ["cycle", "months_from_congress", "tasks", "events", "tasks_total", "events_total"]


def _compared_data(counts: pd.Series, event_counts: pd.Series) -> pd.DataFrame:
    """What the cycles-compared chart draws, per cycle and month: tasks and events, and their running totals."""
    both = pd.DataFrame({"tasks": counts, "events": event_counts}).fillna(0).astype("int64").sort_index()
    running = both.groupby(level="cycle").cumsum().rename(columns=lambda c: f"{c}_total")
    out = both.join(running).rename_axis(["cycle", "months_from_congress"]).reset_index()
    return out[_COMPARED_COLUMNS]

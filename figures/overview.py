"""The whole period at a glance: events per month or quarter over the cycle bands, and events and tasks per year."""

from __future__ import annotations

import pandas as pd

from core.i18n import format_date, format_number, format_quarter, label, present, t

from .marks import NARROW_PX, add_cycle_bands, date_axis, headroom, isos, view_of
from .theme import (
    MARGIN,
    MIN_HEIGHT,
    PHONE_PX,
    TEXT_ROOM,
    Chart,
    add_trace,
    color,
    count_axis,
    empty_figure,
    finish,
    new_figure,
    update_layout,
    with_note,
    year_axis,
    years_axis,
)

PERIOD = (2019, 2024)
_FREQ = {"month": ("M", "MS"), "quarter": ("Q", "QS")}


def overview_figure(
    events: pd.DataFrame,
    cycles: pd.DataFrame,
    *,
    lang: str = "vi",
    freq: str = "month",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
) -> Chart:
    """Events per month or quarter of their start by kind, over the cycle bands; customdata = [period start, kind].

    Events known only to a year fit no month or quarter: the subtitle counts them instead of a bar. Its data: the
    month ("2020-03") or quarter ("2020-Q1"), kind and events of each bar drawn, year-only events in none.
    """
    frame = {"title": t(f"chart.overview.{freq}", lang), "source_line": source_line, "lang": lang, "narrow": narrow}
    year_only = events["precision"] == "year"
    binned = events[~year_only]
    if binned.empty:
        return Chart(empty_figure(subtitle=subtitle, **frame), pd.DataFrame(columns=[freq, "kind", "events"]))
    period, begin = _FREQ[freq]
    first = pd.DatetimeIndex(binned["start"]).to_period(period).to_timestamp()
    view = view_of(
        pd.Series([binned["start"].min(), pd.Timestamp(year=PERIOD[0], month=1, day=1)]),
        pd.Series([binned["end"].max(), pd.Timestamp(year=PERIOD[1], month=12, day=31)]),
        None,
    )
    bins = pd.date_range(first.min(), first.max(), freq=begin)
    nxt = bins + (pd.offsets.MonthBegin(1) if freq == "month" else pd.offsets.QuarterBegin(1, startingMonth=1))
    mids = isos(bins + (nxt - bins) / 2)
    widths = ((nxt - bins).total_seconds() * 1000 * 0.8).to_numpy()
    names = [format_date(b, "month", lang) if freq == "month" else format_quarter(b, lang) for b in bins]
    days = [b.date().isoformat() for b in bins]
    kinds = present("kind", binned["kind"].unique())
    counts = pd.DataFrame({"bin": first, "kind": binned["kind"].to_numpy()}).value_counts()
    per_bin = counts.unstack("kind", fill_value=0).reindex(index=bins, columns=kinds, fill_value=0)
    fig = new_figure()
    add_cycle_bands(fig, cycles, view, lang, left_px=MARGIN["l"], figure_px=PHONE_PX if narrow else NARROW_PX)
    for kind in kinds:
        kname = label("kind", kind, lang)
        ys = per_bin[kind].tolist()
        add_trace(
            fig,
            dict(
                type="bar",
                x=mids,
                y=ys,
                width=widths,
                name=kname,
                marker={"color": color("kind", kind), "line": {"width": 0}},
                customdata=[[d, kind] for d in days],
                hovertext=[
                    f"<b>{kname}</b><br>{n}: {t('hover.n_events', lang, n=format_number(c, lang))}"
                    for n, c in zip(names, ys, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
        )
    if year_only.any():
        note = t("msg.year_only_not_binned", lang, n=format_number(year_only.sum(), lang))
        subtitle = with_note(subtitle, note)
    top = int(counts.groupby(level="bin").sum().max())
    update_layout(
        fig,
        barmode="stack",
        xaxis=date_axis(lang, view),
        yaxis={**count_axis(top, t("axis.n_events", lang)), "range": [0, top + headroom(top, MIN_HEIGHT)]},
        legend={"title": {"text": t("field.kind", lang)}},
        hovermode="closest",
    )
    drawn = per_bin.set_axis([_period_code(b, freq) for b in bins]).rename_axis(index=freq, columns="kind")
    drawn = drawn.stack().rename("events").reset_index()
    finish(fig, subtitle=subtitle, height=MIN_HEIGHT, **frame)
    return Chart(fig, drawn[drawn["events"] > 0].reset_index(drop=True))


def _period_code(start: pd.Timestamp, freq: str) -> str:
    """A month or quarter as a CSV writes it: "2020-03", "2020-Q1"."""
    return f"{start.year}-{start.month:02d}" if freq == "month" else f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def per_year_figure(
    events: pd.DataFrame,
    tasks: pd.DataFrame,
    *,
    lang: str = "vi",
    subtitle: str = "",
    source_line: str = "",
    narrow: bool = False,
    years: tuple[int, int] | None = None,
) -> Chart:
    """Events and tasks per year side by side; customdata = [year, "events" | "tasks"].

    `years` (first, last) is the view: each of its years is on the axis, with or without data. Its data: year,
    events, tasks."""
    frame = {
        "title": t("chart.per_year", lang),
        "subtitle": subtitle,
        "source_line": source_line,
        "lang": lang,
        "narrow": narrow,
    }
    if events.empty and tasks.empty:
        return Chart(empty_figure(**frame), pd.DataFrame(columns=["year", "events", "tasks"]))
    years = years_axis(pd.concat([events["year"], tasks["year"]]), years)
    fig = new_figure()
    drawn = pd.DataFrame({"year": years})
    top = 0
    for series, frame_years in (("events", events["year"]), ("tasks", tasks["year"])):
        counts = frame_years.value_counts()
        ys = [int(counts.get(y, 0)) for y in years]
        drawn[series] = ys
        top = max(top, *ys)
        name = t(f"series.{series}", lang)
        add_trace(
            fig,
            dict(
                type="bar",
                x=[str(y) for y in years],
                y=ys,
                name=name,
                marker={"color": color("series", series)},
                text=[format_number(n, lang) for n in ys],
                textposition="outside",
                cliponaxis=False,
                customdata=[[y, series] for y in years],
                hovertext=[f"<b>{name}</b><br>{y}: {format_number(n, lang)}" for y, n in zip(years, ys, strict=True)],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
        )
    update_layout(
        fig,
        barmode="group",
        xaxis=year_axis(years, lang),
        yaxis={**count_axis(top, t("axis.count", lang)), "range": [0, top * TEXT_ROOM + 0.5]},
        legend={"title": {"text": t("field.series", lang)}},
    )
    return Chart(finish(fig, height=MIN_HEIGHT, **frame), drawn)

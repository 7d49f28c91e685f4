"""Figure builders, checked through fig.to_dict(): framing, honest dates, selection ids, escaping, scale."""

import json
import re
import shutil

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from core.filtering import apply
from core.i18n import format_number, label, source_line, t
from core.state import ViewState
from core.views import CHARTS, build_chart
from figures.counts import (
    cycles_compared_figure,
    tasks_by_cycle_figure,
    tasks_by_year_figure,
    tasks_per_event_figure,
    tasks_status_figure,
)
from figures.documents import documents_figure
from figures.marks import fit_label, hline, isos, vline, vrect
from figures.overview import overview_figure, per_year_figure
from figures.selection import selected
from figures.theme import (
    LINE_STEP_PX,
    MIN_SLOTS,
    TEMPLATE,
    add_annotations,
    add_shapes,
    export_config,
    export_filename,
    safe_text,
    update_layout,
)
from figures.timeline import DENSITY_THRESHOLD, MONTH_THRESHOLD, month_target, parse_month, timeline_figure
from loaders import DEFAULT_PATH, load_dataset
from tests.helpers import cycle_frame, decode, document_frame, event_frame, phase_frame, synthetic_events, task_frame

SUBTITLE = {"vi": "Năm 2020 · Loại sự kiện: Hội nghị", "en": "Year 2020 · Kind of event: Conference"}
SOURCE = {
    "vi": "Nguồn: Cổng TTĐT An Giang, Lao Động · Bảng dữ liệu tổng hợp",
    "en": "Source: An Giang portal · dataset",
}
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "$x$ & co"]

EVENTS = event_frame(
    [
        {"id": "hn-2019", "title": "Hội nghị toàn quốc ngành Tổ chức xây dựng Đảng", "start": "2019-12-20"},
        {
            "id": "dh-tinh",
            "title": "Đại hội Đảng bộ tỉnh An Giang lần thứ XI",
            "start": "2020-10-14",
            "end": "2020-10-16",
            "kind": "congress",
        },
        {"id": "thang-11", "title": "Tổng kết tháng 11", "start": "2020-11-01", "precision": "month"},
        {"id": "nam-2022", "title": "Rà soát quy hoạch cán bộ", "start": "2022-01-01", "precision": "year"},
        {
            "id": "dh13",
            "title": "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
            "start": "2021-01-25",
            "end": "2021-02-01",
            "kind": "congress",
            "level": "central",
        },
    ]
)
TASKS = task_frame(
    [
        {
            "event_id": "hn-2019",
            "category": "personnel",
            "status": "set",
            "start": "2019-12-20",
            "months_before_congress": 13,
        },
        {
            "event_id": "hn-2019",
            "category": "rules",
            "status": "done",
            "start": "2019-12-20",
            "months_before_congress": 13,
        },
        {
            "event_id": "dh-tinh",
            "category": "congress",
            "status": "done",
            "start": "2020-10-14",
            "months_before_congress": 3,
        },
        {
            "event_id": "dh-tinh",
            "category": "personnel",
            "status": "set",
            "start": "2020-10-14",
            "months_before_congress": 3,
        },
        {
            "event_id": "dh-tinh",
            "category": "personnel",
            "status": "set",
            "start": "2020-10-14",
            "months_before_congress": 3,
        },
        {
            "event_id": "nam-2022",
            "category": "grassroots",
            "status": "set",
            "start": "2022-01-01",
            "cycle": "xiv",
            "months_before_congress": 48,
        },
    ]
)
DOCS = document_frame(
    [
        {"id": "ct35", "number": "35-CT/TW", "kind": "directive", "date": "2019-05-30"},
        {"id": "hd26", "number": "26-HD/BTCTW", "kind": "guideline", "date": "2019-11-01", "precision": "month"},
        {"id": "qd205", "number": "Quy định 205", "kind": "regulation"},
    ]
)
CYCLES, PHASES = cycle_frame(), phase_frame()


def _builders():
    """Every builder, called with the shared tiny frames; each takes lang, subtitle and source_line, and gives a Chart."""
    return {
        "timeline": lambda e, tk, d, **kw: timeline_figure(e, CYCLES, PHASES, **kw),
        "timeline_year": lambda e, tk, d, **kw: timeline_figure(e, CYCLES, PHASES, year=2020, **kw),
        "tasks_year": lambda e, tk, d, **kw: tasks_by_year_figure(tk, **kw),
        "tasks_status": lambda e, tk, d, **kw: tasks_status_figure(tk, **kw),
        "tasks_event": lambda e, tk, d, **kw: tasks_per_event_figure(tk, **kw),
        "tasks_cycle": lambda e, tk, d, **kw: tasks_by_cycle_figure(tk, CYCLES, **kw),
        "cycles_compared": lambda e, tk, d, **kw: cycles_compared_figure(tk, CYCLES, **kw),
        "documents": lambda e, tk, d, **kw: documents_figure(d, cycles=CYCLES, **kw),
        "overview": lambda e, tk, d, **kw: overview_figure(e, CYCLES, **kw),
        "overview_quarter": lambda e, tk, d, **kw: overview_figure(e, CYCLES, freq="quarter", **kw),
        "per_year": lambda e, tk, d, **kw: per_year_figure(e, tk, **kw),
    }


BUILDERS = _builders()


def _annotations(d: dict, name: str | None = None) -> list[str]:
    return [a["text"] for a in d["layout"].get("annotations", []) if name is None or a.get("name") == name]


def _ids(d: dict) -> set:
    """Every first customdata value over all traces."""
    return {row[0] for tr in d["data"] if tr.get("customdata") is not None for row in tr["customdata"]}


def _traces_with(d: dict, event_id: str) -> list[dict]:
    return [tr for tr in d["data"] if tr.get("customdata") and any(row[0] == event_id for row in tr["customdata"])]


def _hovers(tr: dict) -> list[str]:
    """A trace's hover texts as plotly writes them: its `hovertext`, or its template filled from each point's
    customdata."""
    if tr.get("hovertext") is not None:
        return [tr["hovertext"]] if isinstance(tr["hovertext"], str) else list(tr["hovertext"])
    template = tr.get("hovertemplate") or ""
    if "%{customdata[" not in template:
        return []
    fill = lambda row: re.sub(r"%\{customdata\[(\d+)\]\}", lambda m: str(row[int(m[1])]), template)  # noqa: E731
    return [fill(row).removesuffix("<extra></extra>") for row in tr["customdata"]]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_is_framed_for_a_report(name, lang):
    d = BUILDERS[name](
        EVENTS, TASKS, DOCS, lang=lang, subtitle=SUBTITLE[lang], source_line=SOURCE[lang]
    ).figure.to_dict()
    layout = d["layout"]
    assert layout["title"]["text"].startswith("<b>") and layout["title"]["text"] != "<b></b>"
    assert SUBTITLE[lang] in layout["title"]["subtitle"]["text"]
    assert _annotations(d, "source") == [SOURCE[lang]]
    assert layout["template"]["layout"]["font"]["family"].startswith("Be Vietnam Pro")
    assert layout["meta"]["lang"] == lang
    assert layout["separators"] == (",." if lang == "vi" else ".,")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_titles_follow_the_language_with_diacritics_intact(lang):
    d = timeline_figure(EVENTS, CYCLES, PHASES, lang=lang).figure.to_dict()
    assert d["layout"]["title"]["text"] == f"<b>{t('chart.timeline', lang)}</b>"
    hover = [h for tr in d["data"] for h in _hovers(tr)]
    assert any("<b>Đại hội Đảng bộ tỉnh An Giang lần thứ XI" in h for h in hover)
    assert any(h.endswith(f" · {label('kind', 'congress', lang)}") for h in hover)
    ticks = d["layout"]["yaxis"]["ticktext"]
    assert label("kind", "congress", lang) in ticks
    assert ("<i>Giai đoạn</i>" if lang == "vi" else "<i>Phases</i>") in ticks


def test_the_template_is_ours_whatever_the_default():
    pio.templates.default = "plotly_dark"
    try:
        d = tasks_by_year_figure(TASKS).figure.to_dict()
    finally:
        pio.templates.default = "plotly"
    assert d["layout"]["template"]["layout"]["paper_bgcolor"] == "white"
    assert TEMPLATE in pio.templates


def test_one_day_events_are_points_and_ranges_are_lines_with_a_marker():
    d = timeline_figure(EVENTS, CYCLES, PHASES).figure.to_dict()
    (point,) = _traces_with(d, "hn-2019")
    assert point["type"] == "scatter" and point["mode"] == "markers"
    (marker,) = _traces_with(d, "dh-tinh")  # a range of days: its marker in the middle, over a solid line
    assert marker["x"][[row[0] for row in marker["customdata"]].index("dh-tinh")] == "2020-10-15 12:00"
    solid = [tr for tr in d["data"] if tr.get("mode") == "lines" and tr.get("meta") == "range"]
    assert solid[0]["x"][:3] == ["2020-10-14", "2020-10-17", None] and solid[0]["line"]["dash"] == "solid"


@pytest.mark.parametrize(
    ("event_id", "base", "stop", "dash"),
    [("thang-11", "2020-11-01", "2020-12-01", "dash"), ("nam-2022", "2022-01-01", "2023-01-01", "dot")],
)
def test_imprecise_dates_are_thin_quiet_lines_over_the_whole_month_or_year(event_id, base, stop, dash):
    d = timeline_figure(EVENTS, CYCLES, PHASES).figure.to_dict()
    (target,) = _traces_with(d, event_id)  # an invisible bar over the line, for hover and click
    assert target["type"] == "bar" and target["base"] == [base] and target["marker"]["color"] == "rgba(0,0,0,0)"
    lines = [tr for tr in d["data"] if tr.get("mode") == "lines" and tr["line"].get("dash") == dash and tr["x"][0]]
    (line,) = [tr for tr in lines if base in tr["x"]]
    assert line["x"][line["x"].index(base) + 1] == stop
    assert line["line"]["width"] <= 2  # thin: never heavier than an exact event's marker
    assert not any(tr.get("marker", {}).get("pattern") for tr in d["data"])  # no hatched bars


def test_the_legend_shows_each_mark_as_drawn():
    d = timeline_figure(EVENTS, CYCLES, PHASES).figure.to_dict()
    drawn = {(tr["meta"], tr.get("legendgroup") if tr["meta"] == "kind" else None) for tr in _drawn(d)}
    legend = [tr for tr in d["data"] if tr.get("showlegend") is not False and tr.get("x") == [None]]
    shown = {(tr["meta"], tr.get("legendgroup") if tr["meta"] == "kind" else None) for tr in legend}
    assert shown == drawn
    for entry in legend:
        if entry["meta"] == "kind":
            (mark,) = [tr for tr in _drawn(d) if tr.get("legendgroup") == entry["legendgroup"] and tr["meta"] == "kind"]
            assert mark["marker"]["symbol"] == entry["marker"]["symbol"]
            assert mark["marker"]["color"] == entry["marker"]["color"]
        else:
            styled = [tr for tr in _drawn(d) if tr["meta"] == entry["meta"]]
            assert {(tr["line"]["dash"], tr["line"]["width"]) for tr in styled} == {
                (entry["line"]["dash"], entry["line"]["width"])
            }


def _drawn(d: dict) -> list[dict]:
    """The traces that draw marks (a kind's markers, lines over dates), not legend entries or click targets."""
    return [tr for tr in d["data"] if tr.get("meta") and tr.get("x") != [None]]


def _labels(d: dict) -> list[dict]:
    return [a for a in d["layout"]["annotations"] if a.get("name") == "event-label"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("year", [None, 2020, 2021])
def test_every_event_drawn_is_named_by_its_short_label(lang, year):
    events = EVENTS.assign(short=["Hội nghị 2019", None, None, None, "Đại hội XIII"], short_en=None)
    d = timeline_figure(events, CYCLES, PHASES, lang=lang, year=year).figure.to_dict()
    labels = _labels(d)
    assert len(labels) + d["layout"]["meta"]["unnamed"] == d["layout"]["meta"]["n_events"]
    assert d["layout"]["meta"]["unnamed"] == 0  # five events have room
    texts = {a["text"] for a in labels}
    if lang == "vi" and year is None:
        assert {"Hội nghị 2019", "Đại hội XIII", "Tổng kết tháng 11"} <= texts  # given, or the title when short
        assert "Đại hội Đảng bộ tỉnh An…" in texts  # a long title cut at a word
    for a in labels:  # the whole title on hover
        assert a["hovertext"] and a["font"]["size"] >= 10


@pytest.mark.parametrize("grow", [1.0, 1.5])
def test_labels_do_not_overlap_at_the_placement_scale_or_on_any_larger_plot(grow):
    from figures.labels import LEADING_PX, LINE_PX, text_px
    from figures.timeline import placement_scale

    events = synthetic_events(60, seed=3)
    chart = timeline_figure(events, CYCLES, PHASES, year=2020)
    d = chart.figure.to_dict()
    labels = _labels(d)
    assert labels and d["layout"]["meta"]["unnamed"] + len(labels) == d["layout"]["meta"]["n_events"]
    assert d["layout"]["meta"]["unnamed"] > 0  # sixty events in one year cannot all be named…
    note = " ".join(_annotations(d, "note"))  # …and the chart says how many are not, and how to see them
    assert str(d["layout"]["meta"]["unnamed"]) in note and "Rê chuột" in note
    units = len(d["layout"]["yaxis"]["tickvals"])
    sources = sum(1 for a in d["layout"]["annotations"] if a.get("name") == "source")
    scale = placement_scale(chart.figure, 366, d["layout"]["margin"]["l"], units, 2 + sources)
    x0, x_px, y_px = pd.Timestamp("2020-01-01"), scale.x_px * grow, scale.y_px * grow
    boxes = []
    for a in labels:
        lines = a["text"].split("<br>")
        x = (pd.Timestamp(a["x"]) - x0) / pd.Timedelta(days=1) * x_px + a.get("xshift", 0) + a.get("ax", 0)
        w = max(text_px(line) for line in lines)
        half = (LINE_PX + LEADING_PX * (len(lines) - 1)) / 2
        left = x if a["xanchor"] == "left" else x - w
        y = a["y"] * y_px + a.get("yshift", 0) - a.get("ay", 0)
        boxes.append((left, left + w, y - half, y + half))
        assert left >= 0 and left + w <= scale.width_px * grow  # inside the plot
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[1] <= b[0] + 1e-6 or b[1] <= a[0] + 1e-6 or a[3] <= b[2] + 1e-6 or b[3] <= a[2] + 1e-6, (a, b)


def test_dense_views_name_congresses_and_plenums_first():
    events = synthetic_events(200, seed=5)
    d = timeline_figure(events, CYCLES, PHASES, year=2020).figure.to_dict()
    named = {a["hovertext"].split("<br>")[0] for a in _labels(d)}
    in_year = events[events["year"] == 2020]
    assert len(named) < len(in_year)
    share = in_year.assign(named=in_year["title"].isin(named)).groupby("kind")["named"].mean()
    assert share["congress"] > share["briefing"] and share["plenum"] > share["briefing"]


def test_every_event_can_be_selected_by_its_id():
    d = timeline_figure(EVENTS, CYCLES, PHASES).figure.to_dict()
    assert _ids(d) == set(EVENTS["id"])


def test_a_year_sets_the_range_and_leaves_out_other_years():
    d = timeline_figure(EVENTS, CYCLES, PHASES, year=2020).figure.to_dict()
    assert d["layout"]["xaxis"]["range"] == ["2020-01-01", "2021-01-01"]
    assert _ids(d) == {"dh-tinh", "thang-11"}
    assert d["layout"]["dragmode"] == "pan"


@pytest.mark.parametrize(
    ("recorded", "message"), [(False, "The sources record no event in 2023."), (True, "No event matches your filters.")]
)
def test_a_year_without_events_still_draws_its_frame_and_says_why(recorded, message):
    events = EVENTS[EVENTS["year"] != 2020]
    d = timeline_figure(events, CYCLES, PHASES, year=2020, lang="en", none_recorded=not recorded).figure.to_dict()
    assert _annotations(d, "empty") == [message.replace("2023", "2020")]
    assert d["layout"]["xaxis"]["range"] == ["2020-01-01", "2021-01-01"]
    assert d["layout"]["meta"]["mode"] == "empty"
    assert _annotations(d, "cycle") == ["<b>Congress XIII cycle</b>"]  # the cycle band, titled
    assert any(s["type"] == "rect" for s in d["layout"]["shapes"])
    assert "<i>Phases</i>" in d["layout"]["yaxis"]["ticktext"]  # and its phases


@pytest.mark.parametrize(("years", "span"), [((2019, 2024), ["2019-01-01", "2025-01-01"]), ((2020, 2020), None)])
def test_the_axis_spans_the_years_the_subtitle_names(years, span):
    few = EVENTS[EVENTS["id"].isin(["dh-tinh", "thang-11"])]  # a search that leaves events of 2020 only
    d = timeline_figure(few, CYCLES, PHASES, years=years).figure.to_dict()
    assert d["layout"]["xaxis"]["range"] == (span or ["2020-01-01", "2021-01-01"])


def test_cycle_bands_are_labelled_and_the_congress_marked():
    d = timeline_figure(EVENTS, CYCLES, PHASES, year=2021).figure.to_dict()
    texts = _annotations(d)
    assert any("Đại hội XIII (25/01/2021 – 01/02/2021)" in s for s in texts)
    # XIII's single January is too narrow for its name: its numeral, named in full on hover
    assert _annotations(d, "cycle") == ["<b>XIII</b>", "<b>Chu kỳ Đại hội XIV</b>"]
    (xiii,) = [a for a in d["layout"]["annotations"] if a.get("text") == "<b>XIII</b>"]
    assert xiii["hovertext"] == "Chu kỳ Đại hội XIII"
    rects = [s for s in d["layout"]["shapes"] if s["type"] == "rect"]
    assert len(rects) == 3


CYCLE_NAMES = {"vi": {"Chu kỳ Đại hội XIII", "Chu kỳ Đại hội XIV"}, "en": {"Congress XIII cycle", "Congress XIV cycle"}}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ["timeline", "documents", "overview", "overview_quarter"])
def test_cycle_bands_have_one_name_in_every_chart(name, lang):
    d = BUILDERS[name](EVENTS, TASKS, DOCS, lang=lang).figure.to_dict()
    titles = [a for a in d["layout"]["annotations"] if a.get("name") == "cycle"]
    assert titles and {a["text"] for a in titles} <= {f"<b>{n}</b>" for n in CYCLE_NAMES[lang]}
    # inside the top of the plot, where the legend above cannot cover them
    assert all(a["yref"] == "paper" and a["y"] == 1 and a["yanchor"] == "top" for a in titles)
    marks = [a for a in d["layout"]["annotations"] if a.get("name") == "congress"]
    assert all(a["yanchor"] == "top" for a in marks)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_cycle_charts_name_cycles_as_the_bands_do(lang):
    assert {
        tr["name"] for tr in tasks_by_cycle_figure(TASKS, CYCLES, lang=lang).figure.to_dict()["data"]
    } == CYCLE_NAMES[lang]
    compared = cycles_compared_figure(TASKS, CYCLES, events=EVENTS, lang=lang).figure.to_dict()["data"]
    assert {tr["name"].split(":")[0] for tr in compared} == CYCLE_NAMES[lang]


@pytest.mark.parametrize("lane", ["kind", "level", "organiser"])
def test_lanes(lane):
    d = timeline_figure(EVENTS, CYCLES, PHASES, lane=lane, lang="en").figure.to_dict()
    ticks = [s.replace("<br>", " ") for s in d["layout"]["yaxis"]["ticktext"]]  # long names wrap
    expected = {"kind": "Congress", "level": "Central", "organiser": "An Giang Provincial Party"}[lane]
    assert any(expected in s for s in ticks)


def test_an_unknown_lane_is_refused():
    with pytest.raises(ValueError, match="unknown lane"):
        timeline_figure(EVENTS, CYCLES, PHASES, lane="place")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_empty_input_gives_a_clear_message_and_no_axes(name, lang):
    d = BUILDERS[name](EVENTS.iloc[:0], TASKS.iloc[:0], DOCS.iloc[:0], lang=lang).figure.to_dict()
    (message,) = _annotations(d, "empty")
    assert message in (t("msg.no_data", lang), t("msg.no_event", lang))
    if name == "timeline_year":  # a year's frame is drawn all the same: its cycle, phases and congress dates
        assert d["layout"]["xaxis"]["range"] == ["2020-01-01", "2021-01-01"] and d["layout"]["shapes"]
        return
    assert d["layout"]["xaxis"]["visible"] is False and d["layout"]["yaxis"]["visible"] is False
    assert d["data"] == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_escaped_everywhere(text):
    events = event_frame([{"id": "x", "title": text, "title_en": text, "start": "2020-05-05", "organiser": text}])
    tasks = task_frame(
        [{"event_id": "x", "event_title": text, "category": "rules", "status": "set", "start": "2020-05-05"}]
    )
    docs = document_frame(
        [{"id": "d", "number": text, "kind": "law", "date": "2020-05-05", "title": text, "issuer": text}]
    )
    figs = [
        timeline_figure(events, CYCLES, PHASES, lane="organiser", subtitle=text, source_line=text).figure,
        tasks_per_event_figure(tasks, subtitle=text).figure,
        documents_figure(docs).figure,
        documents_figure(docs.assign(date=pd.NaT)).figure,
    ]
    escaped = safe_text(text)
    assert "<" not in escaped and ">" not in escaped and "$" not in escaped
    for fig in figs:
        js = fig.to_json()
        assert text not in js and "onerror=alert(1)>" not in js and "<script>" not in js
    d = figs[0].to_dict()
    assert escaped in d["layout"]["title"]["subtitle"]["text"]
    assert _annotations(d, "source") == [escaped]
    assert any(escaped in h for tr in d["data"] for h in _hovers(tr))
    assert any(escaped in s for s in figs[1].to_dict()["layout"]["yaxis"]["ticktext"])


def test_safe_text():
    assert safe_text("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    assert safe_text("$x$") == "&#36;x&#36;"
    assert safe_text(None) == "" and safe_text(float("nan")) == ""
    assert safe_text("Đảng") == "Đảng"


def test_density_replaces_single_events_above_the_threshold():
    events = synthetic_events(DENSITY_THRESHOLD + 1)
    d = timeline_figure(events, CYCLES, PHASES).figure.to_dict()
    (heat,) = [tr for tr in d["data"] if tr["type"] == "heatmap"]
    z = [v for row in decode(heat["z"]) for v in row if v == v]
    assert sum(z) == (events["precision"] != "year").sum()
    assert d["layout"]["meta"]["mode"] == "density"
    assert f"{format_number(DENSITY_THRESHOLD + 1, 'vi')} sự kiện" in d["layout"]["title"]["subtitle"]["text"]
    detail = timeline_figure(events, CYCLES, PHASES, max_points=DENSITY_THRESHOLD + 1).figure.to_dict()
    assert detail["layout"]["meta"]["mode"] == "events"
    assert not any(tr["type"] == "heatmap" for tr in detail["data"])


def test_on_a_phone_the_density_keeps_the_width_and_its_colour_bar_lies_under_the_plot():
    d = timeline_figure(synthetic_events(DENSITY_THRESHOLD + 1), CYCLES, PHASES, narrow=True).figure.to_dict()
    layout = d["layout"]
    (bar,) = [tr["colorbar"] for tr in d["data"] if tr["type"] == "heatmap"]
    assert bar["orientation"] == "h" and bar["yref"] == "container" and bar["yanchor"] == "bottom"
    bottom_px = bar["y"] * layout["height"]
    assert layout["legend"]["y"] * layout["height"] < bottom_px  # above the legend (its top) ...
    assert bottom_px + 40 < layout["margin"]["b"]  # ... and under the plot, in the room made for it
    assert layout["xaxis"]["nticks"] == 4  # years: "2020" four times fits
    year = timeline_figure(synthetic_events(DENSITY_THRESHOLD * 7), CYCLES, PHASES, year=2021, narrow=True).figure
    assert year.layout.meta["mode"] == "density"
    assert year.layout.xaxis.nticks == 3  # months: "01/2021" three times, not four, in a phone's plot


def test_a_month_has_no_smaller_view_so_it_draws_its_events_one_by_one_up_to_its_own_threshold():
    def in_march(n: int) -> pd.DataFrame:
        events = synthetic_events(n)
        day = pd.Timestamp("2021-03-01") + pd.to_timedelta(np.arange(n) % 31, unit="D")
        return events.assign(start=day, end=day, precision="day", year=2021)

    events = in_march(DENSITY_THRESHOLD + 1)
    assert timeline_figure(events, CYCLES, PHASES, year=2021).figure.layout.meta["mode"] == "density"
    month = timeline_figure(events, CYCLES, PHASES, year=2021, month=3).figure
    assert month.layout.meta["mode"] == "events" and month.layout.meta["n_events"] == DENSITY_THRESHOLD + 1
    crowded = timeline_figure(in_march(MONTH_THRESHOLD + 1), CYCLES, PHASES, year=2021, month=3).figure
    assert crowded.layout.meta["mode"] == "density"
    assert (
        t("msg.density_filter", "vi", n=format_number(MONTH_THRESHOLD + 1, "vi")) in crowded.layout.title.subtitle.text
    )


def test_each_month_of_the_density_can_be_clicked_to_its_events():
    events = synthetic_events(DENSITY_THRESHOLD + 1)
    d = timeline_figure(events, CYCLES, PHASES).figure.to_dict()
    (targets,) = [tr for tr in d["data"] if tr.get("customdata") is not None]
    months = [parse_month(c[0]) for c in targets["customdata"]]
    dated = events[events["precision"] != "year"]
    # one target per lane and month with events: their counts, in their hover text, add up to every dated event
    counted = dated.groupby([dated["kind"], dated["start"].dt.year, dated["start"].dt.month]).size()
    assert len(months) == len(counted) and all(m is not None for m in months)
    assert set(months) == {(y, m) for _, y, m in counted.index}
    assert targets["type"] == "bar" and targets["marker"]["color"].endswith(",0)")  # invisible over its cell
    assert targets["hovertext"][0].endswith("sự kiện")
    assert selected({"selection": {"points": [{"customdata": targets["customdata"][0]}]}}) == [
        targets["customdata"][0][0]
    ]


def test_a_month_view_shows_that_month():
    fig = timeline_figure(EVENTS, CYCLES, PHASES, year=2020, month=10).figure.to_dict()
    assert fig["layout"]["xaxis"]["range"] == ["2020-10-01", "2020-11-01"]
    assert "dh-tinh" in str(fig["data"]) and "hn-2019" not in str(fig["data"])
    assert fig["layout"]["meta"]["n_events"] == 1


def test_parse_month_takes_only_a_month_target():
    assert parse_month(month_target(pd.Timestamp("2021-03-01"))) == (2021, 3)
    for other in ("dh-tinh", "month:2021-13", "month:x-1", None, 3, "month:", "month:²-03", "month:2021-²"):
        assert parse_month(other) is None


def test_ten_thousand_events_stay_under_a_megabyte():
    events = synthetic_events(10_000)
    assert len(timeline_figure(events, CYCLES, PHASES).figure.to_json()) <= 1_000_000
    for lang in ("vi", "en"):
        single = timeline_figure(events.iloc[:DENSITY_THRESHOLD], CYCLES, PHASES, lang=lang).figure
        assert single.layout.meta["mode"] == "events"
        assert len(single.to_json()) <= 1_000_000


def test_traces_are_per_kind_and_style_not_per_event():
    events = synthetic_events(DENSITY_THRESHOLD)
    assert len(timeline_figure(events, CYCLES, PHASES).figure.data) <= 7 * 9 + 2


def test_tasks_per_year_stack_by_category_with_zero_years_kept():
    d = tasks_by_year_figure(TASKS).figure.to_dict()
    personnel = next(tr for tr in d["data"] if tr["customdata"][0][1] == "personnel")
    assert personnel["x"] == ["2019", "2020", "2021", "2022"]
    assert decode(personnel["y"]) == [1, 2, 0, 0]
    assert personnel["customdata"][1] == [2020, "personnel"]
    assert d["layout"]["barmode"] == "stack"
    assert [a["text"] for a in d["layout"]["annotations"] if a.get("name") is None] == [
        "<b>2</b>",
        "<b>3</b>",
        "<b>0</b>",
        "<b>1</b>",
    ]


def test_tasks_set_and_done_per_year():
    d = tasks_status_figure(TASKS, lang="en").figure.to_dict()
    assert [tr["name"] for tr in d["data"]] == ["Set", "Reported done"]
    assert decode(d["data"][0]["y"]) == [1, 2, 0, 1]
    assert d["data"][1]["customdata"][0] == [2019, "done"]
    assert d["data"][0]["hovertext"][0] == "<b>Set</b><br>2019: 1 task"


def test_proposals_are_a_status_of_their_own_counted_apart():
    tasks = task_frame(
        [
            {"event_id": "a", "category": "rules", "status": "set", "start": "2023-12-28"},
            {"event_id": "a", "category": "rules", "status": "proposed", "start": "2023-12-28"},
            {"event_id": "a", "category": "rules", "status": "proposed", "start": "2023-12-28"},
            {"event_id": "b", "category": "rules", "status": "done", "start": "2023-03-01"},
        ]
    )
    d = tasks_status_figure(tasks, lang="en").figure.to_dict()
    assert [tr["name"] for tr in d["data"]] == ["Set", "Reported done", "Proposed (not set)"]
    assert decode(d["data"][2]["y"]) == [2] and d["data"][2]["marker"]["color"] != d["data"][0]["marker"]["color"]
    assert d["layout"]["xaxis"]["title"]["text"] == "Year the tasks are for"
    e = tasks_per_event_figure(tasks, lang="en").figure.to_dict()
    by_name = {tr["name"]: decode(tr["x"]) for tr in e["data"]}
    assert by_name == {"Set": [1, 0], "Reported done": [0, 1], "Proposed (not set)": [2, 0]}
    assert "1 set, 2 proposed (not set)" in e["data"][0]["hovertext"][0]
    # without proposals in view, no empty series
    assert [tr["name"] for tr in tasks_status_figure(TASKS, lang="en").figure.to_dict()["data"]] == [
        "Set",
        "Reported done",
    ]


@pytest.mark.parametrize(
    "build",
    [
        lambda tk, **kw: tasks_by_year_figure(tk, **kw).figure,
        lambda tk, **kw: tasks_status_figure(tk, **kw).figure,
        lambda tk, **kw: per_year_figure(EVENTS[EVENTS["year"].isin(tk["year"])], tk, **kw).figure,
    ],
    ids=["tasks_year", "tasks_status", "per_year"],
)
def test_year_axes_show_every_year_in_view_and_keep_one_year_narrow(build):
    d = build(TASKS, years=(2019, 2024)).to_dict()
    assert d["data"][0]["x"] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert d["layout"]["xaxis"]["range"] == [-0.5, 5.5]
    one = build(TASKS[TASKS["year"] == 2020], years=(2020, 2020)).to_dict()
    assert one["data"][0]["x"] == ["2020"]
    lo, hi = one["layout"]["xaxis"]["range"]
    assert one["layout"]["xaxis"]["type"] == "category" and hi - lo == MIN_SLOTS and lo < 0 < hi
    # without a view, the data's years
    assert build(TASKS).to_dict()["data"][0]["x"] == ["2019", "2020", "2021", "2022"]


def test_tasks_per_event_wraps_titles_on_two_lines_and_hovers_them_whole():
    long = (
        "Hội nghị tổng kết công tác tổ chức xây dựng Đảng năm 2020 và triển khai nhiệm vụ năm 2021 "
        "của ngành Tổ chức xây dựng Đảng toàn quốc"
    )
    tasks = task_frame(
        [{"event_id": "a", "event_title": long, "category": "rules", "status": "set", "start": "2020-01-01"}]
        + [{"event_id": f"e{i}", "category": "rules", "status": "done", "start": "2020-01-01"} for i in range(20)]
        + [{"event_id": "a", "category": "rules", "status": "done", "start": "2020-01-01"}]
    )
    d = tasks_per_event_figure(tasks, top_n=5).figure.to_dict()
    top = d["layout"]["yaxis"]["ticktext"][0]
    lines = top.split("<br>")
    assert len(lines) == 2 and all(len(line) <= 46 for line in lines) and top.endswith("…")
    assert lines[0].startswith("Hội nghị tổng kết công tác tổ chức")
    assert "<br>" not in d["layout"]["yaxis"]["ticktext"][1]  # a short title stays on one line
    assert d["data"][0]["customdata"][0] == ["a"]
    assert long in d["data"][0]["hovertext"][0].replace("<br>", " ")
    assert len(d["layout"]["yaxis"]["tickvals"]) == 5
    assert "(top 5)" in d["layout"]["title"]["text"]


def test_tasks_per_event_wraps_english_titles_too():
    title = "Online briefing of the whole Party-building sector for November (2020), with the provinces"
    tasks = task_frame(
        [{"event_id": "a", "event_title_en": title, "category": "rules", "status": "set", "start": "2020-11-05"}]
    )
    (tick,) = tasks_per_event_figure(tasks, lang="en").figure.to_dict()["layout"]["yaxis"]["ticktext"]
    assert tick.replace("<br>", " ") == title and tick.count("<br>") == 1


def test_tasks_per_event_keeps_a_few_bars_bar_shaped():
    d = tasks_per_event_figure(TASKS).figure.to_dict()
    lo, hi = d["layout"]["yaxis"]["range"]
    assert hi - lo == MIN_SLOTS and lo < 0 < len(d["layout"]["yaxis"]["tickvals"]) - 1 < hi


def test_tasks_per_cycle_by_category():
    d = tasks_by_cycle_figure(TASKS, CYCLES, lang="en").figure.to_dict()
    assert [tr["name"] for tr in d["data"]] == ["Congress XIII cycle", "Congress XIV cycle"]
    xiii, xiv = d["data"]
    assert xiii["y"][0] == "Personnel and cadre work" and decode(xiii["x"])[0] == 3
    assert xiii["customdata"][0] == ["xiii", "personnel"]
    # a category a cycle has no task in gets no "0" label; the counts' labels fit inside the x range
    assert xiv["text"][0] == "" and "1" in xiv["text"]
    assert d["layout"]["xaxis"]["range"][1] > 3 * 1.1
    assert "1 task" in xiv["hovertext"][xiv["text"].index("1")]


def test_a_cycle_without_tasks_in_view_has_no_series():
    d = tasks_by_cycle_figure(TASKS[TASKS["cycle"] == "xiii"], CYCLES).figure.to_dict()
    (xiii,) = d["data"]
    assert xiii["name"] == "Chu kỳ Đại hội XIII" and xiii["showlegend"] is True
    assert "0" not in xiii["text"]


def _bars_and_steps(d: dict) -> tuple[list[dict], list[dict]]:
    return [tr for tr in d["data"] if tr["type"] == "bar"], [tr for tr in d["data"] if tr["type"] == "scatter"]


def test_cycles_compared_on_months_before_the_congress():
    d = cycles_compared_figure(TASKS, CYCLES).figure.to_dict()
    (xiii, xiv), _ = _bars_and_steps(d)
    assert decode(xiii["x"]) == [-13, -3] and decode(xiii["y"]) == [2, 3]
    assert xiii["customdata"][0] == ["xiii", 13]
    assert decode(xiv["x"]) == [-48]
    assert "13 tháng trước Đại hội" in xiii["hovertext"][0]
    # a bar is under a month wide, centred on its month, and the axis leaves room beyond the first and last
    assert decode(xiii["width"]) == [0.8, 0.8] and decode(xiii["offset"]) == [-0.4, -0.4]
    lo, hi = d["layout"]["xaxis"]["range"]
    assert lo <= -48 - 1.5 and hi >= 1.5
    assert d["layout"]["yaxis"]["range"][1] > 3
    (mark,) = _annotations(d, "congress")
    assert mark == "Khai mạc Đại hội"


# tasks of two cycles in three months, events in four: the step values are the running sums per cycle
PACE_TASKS = task_frame(
    [
        {
            "event_id": "a",
            "category": "personnel",
            "status": "set",
            "start": "2019-10-01",
            "months_before_congress": 15,
        },
        {"event_id": "a", "category": "rules", "status": "set", "start": "2019-10-01", "months_before_congress": 15},
        {"event_id": "b", "category": "rules", "status": "done", "start": "2020-11-01", "months_before_congress": 2},
        {
            "event_id": "c",
            "category": "congress",
            "status": "set",
            "start": "2023-12-28",
            "cycle": "xiv",
            "months_before_congress": 25,
        },
        {"event_id": "x", "category": "congress", "status": "set", "start": "2018-01-01", "cycle": None},
    ]
)
PACE_EVENTS = event_frame(
    [
        {"id": "a", "title": "A", "start": "2019-10-01", "months_before_congress": 15},
        {"id": "a2", "title": "A2", "start": "2019-10-20", "months_before_congress": 15},
        {"id": "b", "title": "B", "start": "2020-11-01", "months_before_congress": 2},
        {"id": "d", "title": "D", "start": "2021-01-25", "months_before_congress": 0},
        {"id": "c", "title": "C", "start": "2023-12-28", "months_before_congress": 25},
        {"id": "x", "title": "X", "start": "2018-01-01", "cycle": None},
    ]
)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cycles_compared_draws_each_cycles_running_totals_as_steps_above_the_bars(lang):
    d = cycles_compared_figure(PACE_TASKS, CYCLES, events=PACE_EVENTS, lang=lang).figure.to_dict()
    bars, steps = _bars_and_steps(d)
    assert [decode(b["y"]) for b in bars] == [[2, 1], [1]]  # the counts stay as bars
    by_name = {tr["name"]: tr for tr in steps}
    so_far = {"vi": ("nhiệm vụ cộng dồn", "sự kiện cộng dồn"), "en": ("tasks so far", "events so far")}[lang]
    cycle = {c: next(n for n in CYCLE_NAMES[lang] if c in n.upper()) for c in ("XIII", "XIV")}
    expected = {
        (cycle["XIII"], so_far[0]): ([-15, -2], [2, 3]),
        (cycle["XIII"], so_far[1]): ([-15, -2, 0], [2, 3, 4]),
        (cycle["XIV"], so_far[0]): ([-25], [1]),
        (cycle["XIV"], so_far[1]): ([-25], [1]),
    }
    assert set(by_name) == {f"{c}: {s}" for c, s in expected}
    for (c, s), (xs, ys) in expected.items():
        tr = by_name[f"{c}: {s}"]
        assert decode(tr["x"]) == xs and decode(tr["y"]) == ys
        assert tr["line"]["shape"] == "hv" and (tr["xaxis"], tr["yaxis"]) == ("x2", "y2")
        assert "customdata" not in tr  # a click on a step selects no tasks
    # tasks and events are told apart by line style; each cycle keeps its colour in both panels
    assert {tr["line"]["dash"] for tr in steps} == {"solid", "dot"}
    for b in bars:
        assert {tr["line"]["color"] for tr in steps if tr["legendgroup"] == b["legendgroup"]} == {b["marker"]["color"]}
    # the panels: steps above the bars, on one axis of months, each with its count axis titled
    layout = d["layout"]
    assert layout["yaxis2"]["domain"][0] > layout["yaxis"]["domain"][1]
    assert layout["xaxis2"]["matches"] == "x"
    assert layout["yaxis2"]["range"][1] >= 4 and layout["yaxis"]["range"][1] >= 2
    assert t("axis.cumulative", lang) == layout["yaxis2"]["title"]["text"]
    assert t("axis.tasks_per_month", lang) == layout["yaxis"]["title"]["text"]
    hover = by_name[f"{cycle['XIII']}: {so_far[1]}"]["hovertext"][-1]
    assert t("hover.congress_month", lang) in hover and "4" in hover


def test_cycles_compared_puts_two_bars_of_one_month_side_by_side():
    tasks = TASKS.assign(cycle="xiii")
    tasks.loc[tasks.index[-1], ["cycle", "months_before_congress"]] = ["xiv", 3]
    d = cycles_compared_figure(tasks, CYCLES, lang="en").figure.to_dict()
    (xiii, xiv), _ = _bars_and_steps(d)
    i = decode(xiii["x"]).index(-3)
    assert decode(xiii["width"])[i] == 0.4 and decode(xiii["offset"])[i] == -0.4
    assert decode(xiv["x"]) == [-3] and decode(xiv["offset"]) == [0] and decode(xiv["width"]) == [0.4]
    assert "3 months before the congress" in xiii["hovertext"][i]


def test_documents_are_padded_off_the_plot_edges():
    d = documents_figure(DOCS).figure.to_dict()
    lo, hi = (pd.Timestamp(x) for x in d["layout"]["xaxis"]["range"])
    assert lo <= pd.Timestamp("2019-05-30") - pd.Timedelta(days=60)
    assert hi >= pd.Timestamp("2019-11-30") + pd.Timedelta(days=60)


def test_documents_honour_precision_and_list_undated_ones_apart():
    d = documents_figure(DOCS, lang="en").figure.to_dict()
    assert _ids(d) == {"ct35", "hd26"}
    (bar,) = [tr for tr in _traces_with(d, "hd26") if tr["type"] == "bar"]
    assert bar["base"] == ["2019-11-01"] and decode(bar["x"]) == [30 * 86_400_000]
    assert _annotations(d, "note") == ["Date of issue unknown: Quy định 205"]
    hover = next(tr for tr in _traces_with(d, "ct35"))["hovertext"][0]
    assert "<b>35-CT/TW</b>" in hover and "Politburo" in hover and "30 May 2019" in hover


def test_documents_known_to_a_month_are_thin_lines_as_the_legend_draws_them_and_every_document_is_named():
    docs = pd.concat(
        [DOCS, document_frame([{"id": "ct35-2024", "number": "35-CT/TW", "kind": "directive", "date": "2024-06-14"}])]
    )
    d = documents_figure(docs, cycles=CYCLES, lang="en").figure.to_dict()
    assert not any(tr.get("marker", {}).get("pattern") for tr in d["data"])  # no hatched bars
    (line,) = [tr for tr in d["data"] if tr.get("mode") == "lines" and tr.get("x") != [None]]
    assert (
        line["line"]["dash"] == "dash" and line["line"]["width"] <= 2 and line["x"][:2] == ["2019-11-01", "2019-12-01"]
    )
    (legend,) = [tr for tr in d["data"] if tr.get("mode") == "lines" and tr.get("x") == [None]]
    assert legend["line"]["dash"] == line["line"]["dash"] and legend["name"] == "Known only to the month"
    named = sorted(a["text"] for a in _labels(d))
    assert named == ["26-HD/BTCTW", "35-CT/TW (2019)", "35-CT/TW (2024)"]  # a shared number says its year
    assert not _annotations(d, "note")[1:]  # every dated document is named: no count of unnamed ones


def test_overview_bins_by_month_and_counts_year_only_events_in_the_subtitle():
    d = overview_figure(EVENTS, CYCLES).figure.to_dict()
    counted = sum(sum(decode(tr["y"])) for tr in d["data"])
    assert counted == 4
    assert "1 sự kiện chỉ biết năm" in d["layout"]["title"]["subtitle"]["text"]
    en = overview_figure(EVENTS, CYCLES, lang="en").figure.to_dict()
    assert "1 event known only to the year is not in any bar" in en["layout"]["title"]["subtitle"]["text"]
    congress = next(tr for tr in d["data"] if tr["name"] == "Đại hội")
    assert ["2020-10-01", "congress"] in congress["customdata"]
    assert d["layout"]["xaxis"]["range"][0] <= "2019-01-01" and d["layout"]["xaxis"]["range"][1] >= "2025-01-01"


# For each builder: the column of its data that holds what its bars count (None: it draws events or documents).
COUNTED = {
    "tasks_year": "tasks",
    "tasks_status": "tasks",
    "tasks_event": "total",
    "tasks_cycle": "tasks",
    "cycles_compared": "tasks",
    "overview": "events",
    "overview_quarter": "events",
    "per_year": None,
    "timeline": None,
    "timeline_year": None,
    "documents": None,
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_long_source_line_names_every_source_on_lines_of_its_own(lang):
    outlets = [f"Báo số {i} với một cái tên khá dài" for i in range(12)]
    line = source_line(outlets, lang)
    d = tasks_by_year_figure(TASKS, lang=lang, source_line=line).figure.to_dict()
    shown = _annotations(d, "source")
    assert len(shown) > 1 and " ".join(reversed(shown)) == line  # placed from the bottom up
    assert all(f"Báo số {i} " in line for i in range(12)) and "+" not in line
    short = tasks_by_year_figure(TASKS, lang=lang, source_line=SOURCE[lang]).figure.to_dict()
    assert d["layout"]["margin"]["b"] == short["layout"]["margin"]["b"] + LINE_STEP_PX * (len(shown) - 1)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_data_of_a_chart_is_what_it_drew(name):
    chart = BUILDERS[name](EVENTS, TASKS, DOCS, lang="en")
    d, data = chart.figure.to_dict(), chart.data
    assert len(data) and data.columns.is_unique
    bars = [tr for tr in d["data"] if tr["type"] == "bar" and tr.get("customdata") and tr.get("name")]
    column = COUNTED[name]
    if column is not None:
        drawn = sum(sum(decode(tr["x" if tr.get("orientation") == "h" else "y"])) for tr in bars)
        assert int(data[column].sum()) == drawn, (name, data)
    elif name == "per_year":
        by_name = {tr["name"]: decode(tr["y"]) for tr in bars}
        assert data["events"].tolist() == by_name["Events"] and data["tasks"].tolist() == by_name["Tasks"]
        assert data["year"].astype(str).tolist() == bars[0]["x"]
    elif name.startswith("timeline"):
        assert set(data["id"]) == _ids(d)
    else:  # documents: the dated ones drawn, the undated one named in the note
        assert set(data["id"]) == {"ct35", "hd26", "qd205"} and _ids(d) == {"ct35", "hd26"}
        assert {"doc_kind", "doc_status"} <= set(data.columns)


def test_the_overview_data_leaves_year_only_events_out_as_its_chart_does():
    data = overview_figure(EVENTS, CYCLES).data
    assert int(data["events"].sum()) == int((EVENTS["precision"] != "year").sum()) == 4
    assert "2022-01" not in set(data["month"])  # the event known only to 2022 is in no month
    assert ("2020-10", "congress", 1) in set(data.itertuples(index=False, name=None))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_click_fades_nothing_to_near_invisible(name, lang):
    d = BUILDERS[name](EVENTS, TASKS, DOCS, lang=lang).figure.to_dict()
    for tr in d["data"]:
        if tr["type"] not in ("bar", "scatter"):
            continue
        if tr.get("marker", {}).get("opacity") == 0:  # selection targets stay invisible
            assert tr["selected"]["marker"]["opacity"] == 0 and tr["unselected"]["marker"]["opacity"] == 0
            continue
        assert tr["unselected"]["marker"]["opacity"] >= 0.85
        assert tr["selected"]["marker"]["opacity"] == 1
        if tr["type"] == "scatter" and tr.get("mode") == "markers" and tr["x"] != [None]:
            assert tr["selected"]["marker"]["size"] > tr["marker"]["size"]
        if tr.get("text") is not None:
            assert tr["unselected"]["textfont"]["color"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_legend_runs_above_the_plot_under_the_subtitle(name, lang):
    d = BUILDERS[name](EVENTS, TASKS, DOCS, lang=lang).figure.to_dict()
    legend, height = d["layout"]["legend"], d["layout"]["height"]
    if name == "tasks_year":  # ten long category names: a column at the right, in the order of the stack
        assert legend["orientation"] == "v" and legend["x"] > 1 and legend["traceorder"] == "reversed"
        return
    assert legend["orientation"] == "h" and legend["yref"] == "container" and legend["yanchor"] == "top"
    assert legend["x"] == 0 and legend["xanchor"] == "left"
    # its top is below the title and subtitle both in the app and in a 675 px report
    title_px = d["layout"]["margin"]["t"]
    for px in (height, 675):
        assert title_px - 1e-6 <= (1 - legend["y"]) * px <= title_px + 30
    above = [a for a in d["layout"].get("annotations", []) if a.get("yref") == "paper" and a["y"] >= 1]
    assert all(a["yanchor"] == "top" for a in above)  # nothing sits between the legend and the plot


def test_tick_labels_stand_off_the_plot():
    d = timeline_figure(EVENTS, CYCLES, PHASES).figure.to_dict()
    assert d["layout"]["template"]["layout"]["yaxis"]["ticklabelstandoff"] >= 6


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phase_names_fit_their_bars(lang):
    long = "Preparing and holding the party congresses at all levels, then reviewing them"
    phases = PHASES.assign(name_en=[long, "Provincial congresses", "Grassroots congresses"])
    d = timeline_figure(EVENTS, CYCLES, phases, lang=lang, year=2020).figure.to_dict()
    (named,) = [tr for tr in d["data"] if tr.get("text") and any(tr["text"])]
    assert named["textposition"] == "inside" and named["textfont"]["size"] <= 10
    first = named["text"][0]
    if lang == "en":
        assert first.endswith("…") and long.startswith(first[:-1]) and len(first) < len(long)
        hovers = [h for tr in d["data"] if tr.get("name") == "Phases" for h in tr.get("hovertext") or []]
        assert any(long in h.replace("<br>", " ") for h in hovers)  # the whole name in the hover
    else:
        assert first == "Đại hội cấp cơ sở"
    # on the whole period the same bar is a third as wide: a shorter label
    d = timeline_figure(EVENTS, CYCLES, phases, lang=lang).figure.to_dict()
    (named,) = [tr for tr in d["data"] if tr.get("text") and any(tr["text"])]
    assert len(named["text"][0]) < len(first)


def test_fit_label():
    view = (pd.Timestamp("2019-01-01"), pd.Timestamp("2024-01-01"))
    a, b = pd.Timestamp("2019-01-01"), pd.Timestamp("2020-01-01")
    assert fit_label("Short", a, b, view, 192) == "Short"
    cut = fit_label("Preparing and holding the party congresses at all levels", a, b, view, 192)
    assert cut.endswith("…") and not cut[:-1].endswith(" ") and len(cut) < 30
    assert fit_label("Anything at all", a, a + pd.Timedelta(days=10), view, 192) == ""


def test_events_and_tasks_per_year():
    d = per_year_figure(EVENTS, TASKS, lang="en").figure.to_dict()
    events, tasks = d["data"]
    assert events["x"] == ["2019", "2020", "2021", "2022"]
    assert decode(events["y"]) == [1, 2, 1, 1] and decode(tasks["y"]) == [2, 3, 0, 1]
    assert tasks["customdata"][1] == [2020, "tasks"]


def test_shapes_and_annotations_in_one_step_are_what_plotlys_helpers_add():
    by_plotly = go.Figure().add_vrect(x0="2020-01-01", x1="2020-02-01", fillcolor="red", line_width=0, layer="below")
    by_plotly.add_annotation(text="a", x=1, y=1, showarrow=False).add_vline(x=0, line={"dash": "dash"})
    by_plotly.add_hline(y=0.5, line={"color": "grey", "width": 1}, layer="below")
    ours = go.Figure()
    add_shapes(ours, [vrect("2020-01-01", "2020-02-01", fillcolor="red", line={"width": 0}, layer="below")])
    add_annotations(ours, [{"text": "a", "x": 1, "y": 1, "showarrow": False}])
    add_shapes(ours, [vline(0, line={"dash": "dash"}), hline(0.5, line={"color": "grey", "width": 1}, layer="below")])
    assert ours.to_dict() == by_plotly.to_dict()


def test_update_layout_merges_as_plotlys_does():
    def build(update):
        fig = go.Figure()
        update(fig, legend={"title": {"text": "Kind"}}, xaxis={"title": {"text": "Date"}, "range": [0, 1]})
        update(fig, legend={"x": 0, "title": {"font": {"size": 12}}}, xaxis={"range": [1, 2]}, height=600)
        return fig.to_dict()

    assert build(update_layout) == build(lambda fig, **props: fig.update_layout(**props))


@pytest.mark.parametrize(
    "stamps",
    [
        ["2020-01-01", "2021-12-31"],
        ["2020-01-01 12:00", "2020-03-01"],
        ["2020-01-01 06:30:45"],
        [None, "2020-01-01"],
        [],
    ],
)
def test_isos_writes_dates_as_pandas_does(stamps):
    index = pd.DatetimeIndex(stamps, dtype="datetime64[s]")
    midnight = bool((index == index.normalize()).all())
    expected = index.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M")
    assert [s if isinstance(s, str) else None for s in isos(index)] == [
        s if isinstance(s, str) else None for s in expected
    ]


def test_export_helpers():
    assert export_filename("timeline", 2020, "vi") == "timeline-2020-vi"
    assert export_filename("tasks_year", (2019, 2024), "en") == "tasks-year-2019-2024-en"
    assert export_filename("overview", None, "vi") == "overview-all-vi"
    opts = export_config("timeline-2020-vi")["toImageButtonOptions"]
    assert opts == {"format": "png", "scale": 2, "filename": "timeline-2020-vi"}


def test_selected_reads_back_customdata():
    event = {"selection": {"points": [{"customdata": ["a"]}, {"customdata": ["b"]}, {"customdata": ["a"]}, {"x": 1}]}}
    assert selected(event) == ["a", "b"]
    assert selected({"points": [{"customdata": [2020, "rules"]}]}, field=1) == ["rules"]
    assert selected(None) == []


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("chromium"), reason="kaleido needs Debian's chromium")
def test_png_export(tmp_path):
    for name, fig in {
        "timeline": timeline_figure(EVENTS, CYCLES, PHASES, subtitle=SUBTITLE["vi"], source_line=SOURCE["vi"]).figure,
        "tasks": tasks_by_year_figure(TASKS, lang="en", source_line=SOURCE["en"]).figure,
    }.items():
        path = tmp_path / f"{name}.png"
        fig.write_image(path, scale=2)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000


def test_long_lane_names_wrap_on_two_lines_cut_at_a_word_and_hover_whole():
    body = "Ban Tổ chức Trung ương; tại An Giang, Thường trực Tỉnh ủy An Giang phối hợp tổ chức"
    events = EVENTS.assign(organiser=body)
    d = timeline_figure(events, CYCLES, PHASES, lane="organiser").figure.to_dict()
    (tick,) = [s for s in d["layout"]["yaxis"]["ticktext"] if s.startswith("Ban")]
    lines = tick.split("<br>")
    assert len(lines) == 2 and lines[1].endswith("…")
    words = body.split()
    assert all(w in words for line in lines for w in line.rstrip("…").split())  # whole words only
    (point,) = _traces_with(d, "hn-2019")
    assert "phối hợp tổ chức" in _hovers(point)[0].replace("<br>", " ")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Hội nghị Trung ương 14 khóa XII", "vi", ("Hội nghị Trung ương", "14 khóa XII")),  # never "Trung | ương"
        ("Giao ban toàn ngành tháng 11", "vi", ("Giao ban toàn ngành", "tháng 11")),  # nor "toàn | ngành"
        ("Hội nghị cán bộ toàn quốc", "vi", ("Hội nghị cán bộ", "toàn quốc")),
        ("Review of 2021", "en", ("Review", "of 2021")),
        ("Đảng", "vi", None),
        ("Tổng kết", "vi", None),  # one word of two syllables: no phrase to break at
    ],
)
def test_a_label_breaks_in_two_lines_between_phrases_never_inside_a_word(text, lang, expected):
    from core.words import two_lines
    from figures.labels import text_px

    assert two_lines(text, lang, text_px) == expected


def _conferences(days: list[str], **extra) -> pd.DataFrame:
    return event_frame(
        [{"id": f"e{i}", "title": f"Tổng kết công tác năm {2019 + i}", "start": d, **extra} for i, d in enumerate(days)]
    )


def test_marks_close_together_are_named_on_two_lines_rather_than_left_unnamed():
    from figures.labels import Mark, Scale, place

    # a lane 30 px tall (no row above or below a marker) with a marker every 130 px: "Tổng kết công tác năm 20xx"
    # takes about 160 px on one line, about 105 on two
    texts = [f"Tổng kết công tác năm {2019 + i}" for i in range(6)]
    marks = [Mark(130.0 * i + 20, 130.0 * i + 20, 0.0, 7.5, s, 0.5, -0.5, lang="vi") for i, s in enumerate(texts)]
    placed = place(marks, list(range(len(marks))), Scale(x_px=1.0, y_px=30.0, width_px=800.0))
    assert len(placed) == len(marks)
    assert all(p.lines == ("Tổng kết công tác", f"năm {2019 + p.index}") for p in placed)
    assert not any(p.leader for p in placed)


@pytest.mark.parametrize("seed", range(40))
def test_labels_are_placed_as_if_every_box_of_the_lanes_were_checked(seed, monkeypatch):
    """Placement checks a label against the boxes near it along x only (figures/labels.py, `_Lane`): on crowded
    random lanes, with points, short and year-long spans, markers of both sizes and walls, it places exactly the
    labels, at exactly the positions, that checking every box of the lanes places."""
    import itertools
    import random

    from figures import labels
    from figures.labels import Mark, Scale, place

    rng = random.Random(seed)
    words = [
        "Hội",
        "nghị",
        "tổng",
        "kết",
        "công",
        "tác",
        "tổ",
        "chức",
        "xây",
        "dựng",
        "Đảng",
        "năm",
        "2024",
        "Trung",
        "ương",
        "giao",
        "ban",
        "quý",
    ]
    marks = []
    for _ in range(rng.randint(20, 160)):
        lane = rng.randint(0, 3)
        x0 = rng.uniform(0, 366)
        x1 = x0 + rng.choice([0, 0, 0, rng.uniform(1, 40), rng.uniform(100, 366)])
        text = " ".join(rng.choices(words, k=rng.randint(1, 7)))
        marks.append(Mark(x0, x1, lane, rng.choice([1.5, 7.5]), text, lane + 0.5, lane - 0.5, lang="vi"))
    order = list(range(len(marks)))
    rng.shuffle(order)
    scale = Scale(x_px=rng.uniform(1.2, 3.0), y_px=rng.choice([30.0, 60.0]), width_px=1100.0)
    walls = ((200.0, 208.0),) if seed % 2 else ()
    got = place(marks, order, scale, walls)
    monkeypatch.setattr(labels._Lane, "near", lambda lane, box, far: itertools.chain(lane.wide, lane.boxes))
    assert got == place(marks, order, scale, walls)  # (39 of the 40 seeds place labels, up to 50)


def test_no_label_crosses_the_days_of_a_congress():
    from figures.labels import text_px

    # a conference just before Congress XIII: its label goes left rather than across the congress drawn over every
    # lane (right after the mark is where a label goes first)
    d = timeline_figure(_conferences(["2021-01-12"]), CYCLES, PHASES, years=(2020, 2021)).figure.to_dict()
    (label,) = _labels(d)
    congress = [(pd.Timestamp(c["congress_start"]), pd.Timestamp(c["congress_end"])) for _, c in CYCLES.iterrows()]
    x_px = (900 - d["layout"]["margin"]["l"] - 40) / 731
    x = pd.Timestamp(label["x"]) + pd.Timedelta(days=(label.get("xshift", 0) + label.get("ax", 0)) / x_px)
    width = pd.Timedelta(days=max(text_px(line) for line in label["text"].split("<br>")) / x_px)
    left, right = (x, x + width) if label["xanchor"] == "left" else (x - width, x)
    assert all(right <= c0 or left >= c1 + pd.Timedelta(days=1) for c0, c1 in congress), (left, right, congress)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("lane", ["kind", "organiser"])
def test_labels_are_placed_for_a_plot_no_taller_than_the_one_drawn(lang, lane):
    """The plot height the labels are placed for (estimated from the legend's rows and the footer) is never more than
    plotly draws, at 900 px wide in the app and in a 1200x675 report: measured on the server-side SVG."""
    import re

    from core.export import to_image
    from core.filtering import apply
    from core.state import ViewState
    from core.views import build_chart
    from figures.timeline import PLACE_PX, frame_height, placement_scale
    from loaders import load_dataset

    ds = load_dataset()
    plot = re.compile(
        r'<clipPath class="axesclip" id="clip[^"]*xy"><rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"'
    )
    for year in (None, *range(2019, 2025)):
        view = ViewState(lang=lang, lane=lane).with_year(year)
        fig = build_chart("timeline", ds, apply(ds, view), view).figure
        units = len(fig.layout.yaxis.ticktext)
        footer = 2 + sum(1 for a in fig.layout.annotations if a.name == "source")
        scale = placement_scale(fig, 366, fig.layout.margin.l, units, footer)
        low, high = fig.layout.yaxis.range
        for width, height in ((PLACE_PX, min(675, frame_height(units, footer))), (1200, 675)):
            svg = to_image(fig, "svg", width=width, height=height).decode()
            drawn = float(plot.search(svg).group(1)) / (high - low)
            assert drawn >= scale.y_px, (year, width, height, drawn, scale.y_px)


def test_documents_without_room_for_their_number_are_counted_under_the_chart():
    rows = [
        {"id": f"qd{i}", "number": f"Quy định số {100 + i}", "kind": "regulation", "date": f"2023-03-{1 + i:02d}"}
        for i in range(20)
    ]
    d = documents_figure(document_frame(rows), lang="vi").figure.to_dict()
    unnamed = 20 - len(_labels(d))
    assert 0 < unnamed < 20
    assert any(a.startswith(f"{unnamed} văn bản không ghi số") for a in _annotations(d, "note"))


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_phone_titles_wrap_and_the_legend_goes_under_the_plot_above_the_sources(name, lang):
    from figures.labels import text_px
    from figures.theme import PHONE_PX

    long = {"vi": "Năm 2020 · Loại sự kiện: Hội nghị, Hội nghị Ban Chấp hành · Lĩnh vực: Công tác cán bộ, nhân sự"}
    sub = long.get(lang, "Year 2020 · Kind of event: Conference, Plenum · Category: Personnel and cadre work")
    wide = BUILDERS[name](EVENTS, TASKS, DOCS, lang=lang, subtitle=sub, source_line=SOURCE[lang]).figure.to_dict()
    d = BUILDERS[name](EVENTS, TASKS, DOCS, lang=lang, subtitle=sub, source_line=SOURCE[lang], narrow=True)
    d = d.figure.to_dict()
    layout, room = d["layout"], PHONE_PX - 28
    assert layout["meta"]["narrow"] is True and wide["layout"]["meta"]["narrow"] is False
    title = layout["title"]["text"].removeprefix("<b>").removesuffix("</b>").split("<br>")
    subtitle = layout["title"]["subtitle"]["text"].split("<br>")
    assert len(subtitle) > 1 and all(text_px(line, 13) <= room for line in subtitle)  # wrapped, never cut
    assert all(text_px(line, 20) <= room or " " not in line for line in title)
    assert layout["margin"]["l"] <= 130 and layout["margin"]["r"] < MARGIN_R
    assert all(text_px(line, 11) <= room for line in _annotations(d, "source"))
    assert all(text_px(line, 12) <= room for line in _annotations(d, "note"))
    names = [tr for tr in d["data"] if tr.get("showlegend", True) is not False and tr.get("name")]
    if names:  # under the plot: its top below the plot's bottom edge, above every line of the footer
        legend, height = layout["legend"], layout["height"]
        assert legend["yref"] == "container" and legend["yanchor"] == "top"
        top_from_bottom = legend["y"] * height
        assert top_from_bottom < layout["margin"]["b"]
        footer = [a for a in layout["annotations"] if a.get("name") in ("source", "note")]
        highest = max(layout["margin"]["b"] + a["yshift"] + 16 for a in footer)
        assert top_from_bottom > highest
    for axis in (k for k in layout if k.startswith("xaxis")):
        assert layout[axis].get("tickangle") == 0
        if layout[axis].get("type") == "date":
            assert layout[axis]["nticks"] <= 4


MARGIN_R = 40


def test_the_json_sent_to_the_browser_keeps_vietnamese_as_it_is():
    """Streamlit sends a chart as `plotly.io.to_json`, which uses orjson when it is installed (requirements.txt):
    the diacritics written as UTF-8, not as `\\u` escapes that make a Vietnamese chart about a fifth larger."""
    js = pio.to_json(timeline_figure(EVENTS, CYCLES, PHASES).figure, validate=False)
    assert t("chart.timeline", "vi") in js and "\\u1edd" not in js


def _checked_by_plotly(fig: go.Figure) -> None:
    """The figure as plotly's graph objects check it, property by property (what the builders skip: see
    theme.new_figure): an unknown property or a wrong value raises; a value plotly would write otherwise differs."""
    assert not fig._validate  # built unchecked, as the app builds it
    checked = go.Figure(fig.to_dict())
    assert json.loads(pio.to_json(checked, validate=False)) == json.loads(pio.to_json(fig, validate=False))


@pytest.fixture(scope="module")
def real_dataset():
    return load_dataset(DEFAULT_PATH)


@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_chart_of_the_real_data_is_one_plotly_accepts_as_it_is(real_dataset, lang, narrow):
    views = [
        ViewState(lang=lang),
        ViewState(lang=lang, years=(2021, 2021), lane="level"),
        ViewState(lang=lang, years=(2023, 2023), month=12, lane="organiser"),
        ViewState(lang=lang, kinds=("election",), years=(2019, 2019)),  # nothing left: the empty frames
    ]
    for view in views:
        f = apply(real_dataset, view)
        for name in CHARTS:
            _checked_by_plotly(build_chart(name, real_dataset, f, view, narrow=narrow).figure)


def test_a_density_and_an_empty_chart_are_ones_plotly_accepts_as_they_are():
    _checked_by_plotly(timeline_figure(synthetic_events(DENSITY_THRESHOLD + 1), CYCLES, PHASES).figure)
    _checked_by_plotly(timeline_figure(EVENTS.iloc[:0], CYCLES, PHASES).figure)
    _checked_by_plotly(tasks_by_year_figure(TASKS.iloc[:0]).figure)

"""The timeline drawn in the page (ui/timeline_chart.py): plotly.js served by the app, the views one click away held
in the page, and Streamlit's chart where plotly.js cannot be served. The page's behaviour in a browser is in
test_browser_view.py."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from core.state import YEARS, ViewState
from tests.apptest import by_key, chart_specs, open_app, timeline_data
from ui import timeline_chart

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def test_a_views_key_names_its_years_and_month():
    assert timeline_chart.view_key(ViewState()) == f"{YEARS[0]}-{YEARS[-1]}-0"
    assert timeline_chart.view_key(ViewState(years=(2021, 2021), month=3)) == "2021-2021-3"


def test_each_navigation_button_leads_to_the_view_the_server_would_show():
    view = ViewState(years=(2021, 2021), month=3, lang="en", kinds=("conference",))
    away = timeline_chart.one_click_away(view)
    years = [(box, i, v) for box, i, v in away if box == "st-key-w_year_nav-en"]
    assert [i for _, i, _ in years] == list(range(len(YEARS) + 1))  # all years, then each year, in button order
    assert [v for *_, v in years] == [view.with_year(None), *(view.with_year(y) for y in YEARS)]
    assert all(v.kinds == ("conference",) and v.month is None for *_, v in years)  # filters kept; whole years
    arrows = {box: v for box, i, v in away if i == -1}
    assert arrows == {"st-key-w_prev_year": view.step_year(-1), "st-key-w_next_year": view.step_year(1)}
    assert (arrows["st-key-w_prev_year"].month, arrows["st-key-w_next_year"].month) == (2, 4)  # a month: by month


@pytest.fixture
def static(tmp_path, monkeypatch):
    folder = tmp_path / "static"
    monkeypatch.setattr(timeline_chart, "STATIC", folder)
    timeline_chart.plotly_js.clear()
    yield folder
    timeline_chart.plotly_js.clear()


def test_plotly_js_is_copied_whole_into_the_static_folder_once(static):
    url = timeline_chart.plotly_js()
    name = f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    assert url == f"app/static/{name}"
    assert (static / name).read_bytes() == PLOTLY_JS.read_bytes()
    assert [p.name for p in static.iterdir()] == [name]  # no partial copy left behind
    timeline_chart.plotly_js.clear()
    mtime = (static / name).stat().st_mtime_ns
    assert timeline_chart.plotly_js() == url
    assert (static / name).stat().st_mtime_ns == mtime  # not copied again


def test_a_truncated_copy_is_replaced(static):
    name = f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    static.mkdir()
    (static / name).write_bytes(PLOTLY_JS.read_bytes()[:1000])
    timeline_chart.plotly_js()
    assert (static / name).read_bytes() == PLOTLY_JS.read_bytes()


def test_plotly_js_not_served_where_the_folder_cannot_be_written(tmp_path, monkeypatch, caplog):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setattr(timeline_chart, "STATIC", tmp_path / "file" / "static")
    timeline_chart.plotly_js.clear()
    try:
        assert timeline_chart.plotly_js() is None
    finally:
        timeline_chart.plotly_js.clear()
    assert "st.plotly_chart" in caplog.text


def test_plotly_js_not_served_where_static_serving_is_off(static, monkeypatch):
    get_option = timeline_chart.st.get_option
    monkeypatch.setattr(
        timeline_chart.st, "get_option", lambda k: False if k == "server.enableStaticServing" else get_option(k)
    )
    assert timeline_chart.plotly_js() is None
    assert not static.exists()


def _hold(at, data):
    """What the page does once it has shown its chart: send back the key the server asked for, as its state."""
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=data["id"], json_value=json.dumps({"hold": data["hold"]})))
    return at._run(states)


def test_the_page_holds_the_views_one_click_away_once_asked_and_they_are_what_the_server_draws():
    at = open_app("pages/timeline.py", years="2020", kind="conference,briefing")
    data = timeline_data(at)
    key = "2020-2020-0"
    assert data["shown"] == key
    assert data["config"]["toImageButtonOptions"]["filename"] == "timeline-2020-vi"
    assert data["config"]["showSendToCloud"] is False
    assert data["lib"].startswith("app/static/plotly-")
    if data["hold"]:  # the first time these filters are seen: the chart alone, then the rest when asked
        assert list(data["figures"]) == [key]
        at = _hold(at, data)
        data = timeline_data(at)
    assert data["hold"] is None
    view = ViewState(years=(2020, 2020), kinds=("briefing", "conference"))
    wanted = {timeline_chart.view_key(v) for *_, v in timeline_chart.one_click_away(view)}
    assert set(data["figures"]) == wanted | {key}
    held = data["figures"]
    # each year, as the server draws it when its button is clicked: the figure the page held for it
    for year in ("all", *YEARS):
        by_key(at.get("button_group"), "w_year_nav").set_value(year).run()
        now = timeline_data(at)
        assert held[now["shown"]] == now["figures"][now["shown"]], year
        assert chart_specs(at)[-1] == held[now["shown"]]
        assert data["filenames"][now["shown"]] == now["config"]["toImageButtonOptions"]["filename"], year
        shown = None if year == "all" else year
        assert held[now["shown"]]["layout"]["uirevision"].startswith(f"timeline-{shown}-None-"), year


def test_without_plotly_js_served_the_timeline_is_streamlits_chart(monkeypatch):
    monkeypatch.setattr(timeline_chart, "plotly_js", lambda: None)
    at = open_app("pages/timeline.py", years="2020")
    assert timeline_data(at) is None
    assert [c.proto.id.endswith("-timeline_chart") for c in at.get("plotly_chart")] == [True]
    assert chart_specs(at)[0]["layout"]["uirevision"].startswith("timeline-2020-")


def test_in_report_mode_the_timeline_is_streamlits_chart():
    at = open_app("pages/timeline.py", years="2020", report="1")
    assert timeline_data(at) is None
    assert len(at.get("plotly_chart")) == 1

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


def test_the_views_one_click_away_are_each_year_buttons_then_the_arrows():
    view = ViewState(years=(2021, 2021), month=3, lang="en", kinds=("conference",))
    away = timeline_chart.one_click_away(view)
    assert [timeline_chart.view_key(v) for v in away] == [
        f"{YEARS[0]}-{YEARS[-1]}-0",
        *(f"{y}-{y}-0" for y in YEARS),
        "2021-2021-2",  # from a month, ◀ ▶ step by month
        "2021-2021-4",
    ]
    assert all(v.kinds == ("conference",) and v.lang == "en" for v in away)  # the filters kept


@pytest.fixture
def static(tmp_path, monkeypatch):
    folder = tmp_path / "static"
    monkeypatch.setattr(timeline_chart, "STATIC", folder)
    timeline_chart.plotly_js.clear()
    yield folder
    timeline_chart.plotly_js.clear()


def test_plotly_js_is_copied_whole_into_the_static_folder_once(static):
    static.mkdir()
    (static / "plotly-0.1.0.min.js").write_text("an older version")
    url = timeline_chart.plotly_js()
    name = f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    assert url == f"/app/static/{name}"  # from the server's root, whatever the page's address
    assert (static / name).read_bytes() == PLOTLY_JS.read_bytes()
    assert [p.name for p in static.iterdir()] == [name]  # no partial copy left behind, no older version
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


def test_plotly_js_is_addressed_under_the_servers_base_path(static, monkeypatch):
    get_option = timeline_chart.st.get_option
    monkeypatch.setattr(
        timeline_chart.st, "get_option", lambda k: "/dash/" if k == "server.baseUrlPath" else get_option(k)
    )
    assert timeline_chart.plotly_js().startswith("/dash/app/static/plotly-")


def test_plotly_js_not_served_where_static_serving_is_off(static, monkeypatch):
    get_option = timeline_chart.st.get_option
    monkeypatch.setattr(
        timeline_chart.st, "get_option", lambda k: False if k == "server.enableStaticServing" else get_option(k)
    )
    assert timeline_chart.plotly_js() is None
    assert not static.exists()


def _send_state(at, data, **state):
    """What the page does: send the component's state (once its chart is shown, the key the server asked for)."""
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=data["id"], json_value=json.dumps(state)))
    return at._run(states)


def _held(at):
    """The page's data, once it holds the views one click away: the first time, the chart alone, then the rest once
    the page asks for them."""
    data = timeline_data(at)
    if data["hold"]:
        assert list(data["figures"]) == [data["shown"]]
        at = _send_state(at, data, hold=data["hold"])
        data = timeline_data(at)
    assert data["hold"] is None
    return at, data


def test_first_the_chart_alone_then_the_views_one_click_away_once_the_page_asks(fresh_caches):
    at = open_app("pages/timeline.py", years="2020", kind="conference,briefing")
    data = timeline_data(at)
    assert data["hold"] and list(data["figures"]) == ["2020-2020-0"]
    at = _send_state(at, data, hold=data["hold"])
    data = timeline_data(at)
    view = ViewState(years=(2020, 2020), kinds=("briefing", "conference"))
    assert set(data["figures"]) == {timeline_chart.view_key(v) for v in timeline_chart.one_click_away(view)} | {
        "2020-2020-0"
    }
    assert data["hold"] is None
    assert data["config"]["showSendToCloud"] is False
    assert data["lib"].startswith("/app/static/plotly-")
    again = open_app("pages/timeline.py", years="2021", kind="conference,briefing")  # another session, same filters
    assert timeline_data(again)["hold"] is None and len(timeline_data(again)["figures"]) == len(data["figures"])


def test_each_year_button_leads_to_the_view_the_server_then_draws_and_the_page_held(fresh_caches):
    at, data = _held(open_app("pages/timeline.py", years="2020", kind="conference,briefing"))
    box, keys = data["years"]
    assert box == "st-key-w_year_nav-vi"
    for index, year in enumerate(("all", *YEARS)):  # the buttons in their order
        by_key(at.get("button_group"), "w_year_nav").set_value(year).run()
        now = timeline_data(at)
        assert now["shown"] == keys[index], year
        assert now["figures"][now["shown"]] == data["figures"][keys[index]], year  # what the page showed at once
        assert chart_specs(at)[-1] == data["figures"][keys[index]], year
        assert now["config"]["toImageButtonOptions"]["filename"] == data["filenames"][keys[index]], year
        shown = None if year == "all" else year
        assert now["figures"][now["shown"]]["layout"]["uirevision"].startswith(f"timeline-{shown}-None-"), year


def test_the_arrows_lead_from_the_view_on_screen_to_the_view_the_server_then_draws(fresh_caches):
    at, _ = _held(open_app("pages/timeline.py", years="2021", month="3"))
    for arrow, index in (("w_prev_year", 0), ("w_next_year", 1), ("w_next_year", 1), ("w_prev_year", 0)):
        data = timeline_data(at)
        boxes, steps = data["steps"]
        assert boxes[index] == f"st-key-{arrow}"
        wanted = steps[data["shown"]][index]
        assert wanted in data["figures"]
        by_key(at.button, arrow).click().run()
        now = timeline_data(at)
        assert now["shown"] == wanted, arrow
        assert now["figures"][wanted] == data["figures"][wanted], arrow
        at, _ = _held(at)
    assert timeline_data(at)["shown"] == "2021-2021-3"
    # every year the page holds knows its own arrows' views: a second ◀ before the server answers steps again
    _, steps = timeline_data(at)["steps"]
    assert steps["2021-2021-0"] == ["2020-2020-0", "2022-2022-0"]
    assert steps[f"{YEARS[0]}-{YEARS[-1]}-0"] == [f"{YEARS[-1]}-{YEARS[-1]}-0", f"{YEARS[0]}-{YEARS[0]}-0"]


def test_a_browser_that_cannot_draw_it_gets_streamlits_chart_from_then_on(fresh_caches):
    at = open_app("pages/timeline.py", years="2020")
    at = _send_state(at, timeline_data(at), failed="plotly.js could not be loaded")
    assert timeline_data(at) is None
    assert len(at.get("plotly_chart")) == 1
    by_key(at.get("button_group"), "w_year_nav").set_value(2021).run()
    assert timeline_data(at) is None and chart_specs(at)[0]["layout"]["uirevision"].startswith("timeline-2021-")


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

"""The timeline drawn in the page (ui/timeline_chart.py): plotly.js served by the app, the views one click away held
in the page, and Streamlit's chart where plotly.js cannot be served. The page's behaviour in a browser is in
test_browser_view.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from core.filtering import apply
from core.i18n import label
from core.state import YEARS, ViewState
from loaders import DEFAULT_PATH, load_dataset
from loaders.schema import EVENT_KINDS
from tests.apptest import by_key, chart_specs, open_app, timeline_data
from ui import timeline_chart
from ui.data import Good, Loaded, SearchIndex
from ui.page import Context
from ui.view import CHOICES

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def test_a_views_key_names_its_years_month_and_the_choices_of_the_filters_chosen_from_a_list():
    assert timeline_chart.view_key(ViewState()) == f"{YEARS[0]}-{YEARS[-1]}-0"
    assert timeline_chart.view_key(ViewState(years=(2021, 2021), month=3, text="x", cycle="xiii")) == "2021-2021-3"
    view = ViewState(years=(2021, 2021), kinds=("plenum", "briefing"), levels=("all-levels",), statuses=("done",))
    assert timeline_chart.view_key(view) == "2021-2021-0~kinds=briefing.plenum~levels=all-levels~statuses=done"


def test_each_option_of_a_filters_list_leads_to_the_view_with_it_chosen_or_removed():
    view = ViewState(years=(2021, 2021), month=3, kinds=("plenum",), levels=("central",))
    leads = dict(zip([c[0] for c in CHOICES], timeline_chart.choice_leads(view), strict=True))
    toggles, none = leads["kinds"]
    # chosen, in the contract's order; "plenum" itself removed
    assert [v.kinds for v in toggles] == [tuple(o for o in EVENT_KINDS if o in {"plenum"} ^ {k}) for k in EVENT_KINDS]
    assert toggles[EVENT_KINDS.index("plenum")].kinds == ()
    assert none.kinds == () and none.levels == ("central",)
    assert all((v.years, v.month, v.levels) == ((2021, 2021), 3, ("central",)) for v in toggles)
    assert [v.levels for v in leads["levels"][0]] == [(), ("central", "provincial"), ("central", "all-levels")]


def test_the_views_one_click_away_are_the_years_the_arrows_then_the_months_nearest_first():
    view = ViewState(years=(2021, 2021), month=3, lang="en", kinds=("conference",))
    away = [timeline_chart.view_key(v).removesuffix("~kinds=conference") for v in timeline_chart.one_click_away(view)]
    assert away[: len(YEARS) + 3] == [
        f"{YEARS[0]}-{YEARS[-1]}-0",
        *(f"{y}-{y}-0" for y in YEARS),
        "2021-2021-2",  # from a month, ◀ ▶ step by month
        "2021-2021-4",
    ]
    months = away[len(YEARS) + 3 :]
    assert months[:5] == ["2021-2021-3", "2021-2021-2", "2021-2021-4", "2021-2021-1", "2021-2021-5"]
    assert sorted(months) == sorted(["2021-2021-0", *(f"2021-2021-{m}" for m in range(1, 13))])
    assert all(v.kinds == ("conference",) and v.lang == "en" for v in timeline_chart.one_click_away(view))
    assert len(timeline_chart.one_click_away(view, months=False)) == len(YEARS) + 3
    assert len(timeline_chart.one_click_away(ViewState())) == len(YEARS) + 3  # all years: no month buttons


def test_each_button_leads_from_a_view_to_the_view_the_server_draws_for_it():
    view = ViewState(years=(2021, 2021), month=12)
    years, prev, nxt, months = timeline_chart.button_leads(view)
    assert [v.years for v in years] == [(YEARS[0], YEARS[-1]), *((y, y) for y in YEARS)]
    assert all(v.month is None for v in years)
    assert (prev[0].years, prev[0].month, nxt[0].years, nxt[0].month) == ((2021, 2021), 11, (2022, 2022), 1)
    assert [(v.years, v.month) for v in months] == [((2021, 2021), None), *(((2021, 2021), m) for m in range(1, 13))]
    assert timeline_chart.button_leads(ViewState())[3] == []


def test_a_views_size_is_estimated_from_the_events_it_draws_one_by_one_or_as_a_density():
    counts = ({2020: 5, 2021: 1_200, 2022: 3}, {(2021, m): 100 for m in range(1, 13)})
    size = lambda **kw: timeline_chart._size(ViewState(**kw), counts)  # noqa: E731
    base, event, year = timeline_chart.FIGURE_BYTES, timeline_chart.EVENT_BYTES, timeline_chart.DENSITY_YEAR_BYTES
    assert size(years=(2021, 2021)) == base + year  # over the density threshold
    assert size(years=(2021, 2021), month=3) == base + 100 * event  # one by one
    assert size(years=(2020, 2020)) == base + 5 * event
    assert size(years=(2019, 2019)) == base  # none: the frame alone
    assert size() == base + len(YEARS) * year  # 1,208 events in all: a density of every year


def test_the_estimate_is_near_the_figures_real_size(fresh_caches):
    _, data = _held(open_app("pages/timeline.py", years="2021"))
    ds = load_dataset(DEFAULT_PATH)
    counts = timeline_chart._counts(ds.events)
    for key, figure in data["figures"].items():
        if "~" in key:  # a filter's option chosen: other counts
            continue
        lo, hi, month = map(int, key.split("-"))
        estimate = timeline_chart._size(ViewState(years=(lo, hi), month=month or None), counts)
        real = len(json.dumps(figure, separators=(",", ":")))
        assert estimate / 2.5 <= real <= estimate * 2.5, (key, estimate, real)


def test_the_views_held_are_the_nearest_that_fit_in_the_budget(fresh_caches, monkeypatch):
    monkeypatch.setattr(timeline_chart, "HOLD_BYTES", 120_000)
    _, data = _held(open_app("pages/timeline.py", years="2021"))
    counts = timeline_chart._counts(load_dataset(DEFAULT_PATH).events)
    view = ViewState(years=(2021, 2021))
    away = {timeline_chart.view_key(v): v for v in timeline_chart.one_click_away(view)}
    size = {k: timeline_chart._size(v, counts) for k, v in away.items()}
    held = set(data["figures"])
    assert "2021-2021-0" in held and held < set(away)  # the filters' views come after these: none fits
    total = sum(size[k] for k in held)
    assert total <= 120_000
    assert all(total + size[k] > 120_000 for k in set(away) - held)  # no other view would still fit
    assert set(away) - held  # the budget left some out


def test_the_filters_views_are_held_after_the_buttons_views_with_their_events_counted(fresh_caches):
    view = ViewState(years=(2021, 2021), kinds=("conference",), text="hội nghị")
    _, data = _held(open_app("pages/timeline.py", years="2021", kind="conference", q="hội nghị"))
    keys = list(data["figures"])
    away = list(dict.fromkeys(timeline_chart.view_key(v) for v in (view, *timeline_chart.one_click_away(view))))
    lists = [
        timeline_chart.view_key(v) for toggles, none in timeline_chart.choice_leads(view) for v in (*toggles, none)
    ]
    assert keys[: len(away)] == away  # nearest first: the view, its buttons' views
    assert set(keys) == set(away) | set(lists)  # the curated data: all of them fit
    ctx = _context(view)
    counts = timeline_chart._counts(apply(ctx.ds, view.with_year(None)).events)
    for toggled, n in timeline_chart._choice_counts(ctx, counts):
        assert n == len(apply(ctx.ds, toggled).events), toggled


def _context(view: ViewState) -> Context:
    """A page's context on the curated data, outside a run."""
    ds = load_dataset(DEFAULT_PATH)
    return Context(loaded=Loaded(Good(ds, None, dt.datetime.now(), SearchIndex(ds))), view=view)


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
    """The page's data, once it holds the views one click away: the first time, the chart with the views built
    already, then the rest once the page asks for them (in runs of about `ROUND_S` each)."""
    data = timeline_data(at)
    for _ in range(100):
        if not data["hold"]:
            break
        assert data["shown"] in data["figures"]
        at = _send_state(at, data, hold=data["hold"])
        data = timeline_data(at)
    assert data["hold"] is None
    return at, data


def test_the_views_the_page_asks_for_are_built_in_short_runs_nearest_first(fresh_caches, monkeypatch):
    monkeypatch.setattr(timeline_chart, "ROUND_S", 0)  # one view a run
    at = open_app("pages/timeline.py", years="2021", kind="plenum")
    data, sent = timeline_data(at), []
    while data["hold"]:
        sent.append(list(data["figures"]))
        at = _send_state(at, data, hold=data["hold"])
        data = timeline_data(at)
    assert sent[0] == ["2021-2021-0~kinds=plenum"]
    assert [len(keys) for keys in sent] == list(range(1, len(sent) + 1))  # each run one more, kept in order
    assert all(keys == list(data["figures"])[: len(keys)] for keys in sent)


def test_the_page_stops_asking_where_the_views_cannot_all_be_kept(fresh_caches, monkeypatch):
    monkeypatch.setattr(timeline_chart, "ROUND_S", 0)
    monkeypatch.setattr(timeline_chart, "_built", lambda ctx, view: False)  # as if each were dropped once built
    at = open_app("pages/timeline.py", years="2021")
    data, holds = timeline_data(at), []
    while data["hold"] and len(holds) < 500:
        holds.append(data["hold"])
        at = _send_state(at, data, hold=data["hold"])
        data = timeline_data(at)
    assert data["hold"] is None
    assert len(holds) <= len(timeline_chart.held_views(_context(ViewState(years=(2021, 2021))))) + 2
    assert len(set(holds)) == len(holds)  # each a new state for the page: each asks again


def test_a_figure_sent_before_is_not_sent_again_unless_the_page_misses_it(fresh_caches):
    at, before = _held(open_app("pages/timeline.py", years="2021"))
    by_key(at.get("button_group"), "w_year_nav").set_value(2022).run()
    data = timeline_data(at)
    assert "2022-2022-0" in before["figures"] and not data["unknown"]
    # the one shown always in full; the others the page has go as their digests
    assert set(data["sent"]) == (set(data["figures"]) - set(before["figures"])) | {"2022-2022-0"}
    assert data["digests"]["2021-2021-0"] == before["digests"]["2021-2021-0"]
    at = _send_state(at, data, missing=[1, ["2022-2022-0"]])  # drawn anew, the page has none of them
    again = timeline_data(at)
    assert set(again["sent"]) == set(again["figures"]) >= set(data["figures"])  # every one in full
    # another language: the same keys, other figures, all in full
    by_key(at.get("button_group"), "w_lang").set_value("en").run()
    english = timeline_data(at)
    assert set(english["sent"]) == set(english["figures"])
    assert english["figures"]["2022-2022-0"]["layout"]["title"] != again["figures"]["2022-2022-0"]["layout"]["title"]


def test_first_the_chart_alone_then_the_views_one_click_away_once_the_page_asks(fresh_caches):
    at = open_app("pages/timeline.py", years="2020", kind="conference,briefing")
    data = timeline_data(at)
    shown = "2020-2020-0~kinds=briefing.conference"
    assert data["hold"] and list(data["figures"]) == [shown]
    at, data = _held(at)
    buttons = {k for _, rows in data["buttons"] for k in rows[shown]}  # every button on screen
    lists = {k for _, _, rows in data["filters"] for k in [*rows[shown]["toggle"], rows[shown]["none"]]}
    assert set(data["figures"]) == buttons | lists  # the curated data: every view one click away fits
    assert len(data["buttons"][3][1][shown]) == 13  # the whole year, its months
    assert data["config"]["showSendToCloud"] is False
    assert data["lib"].startswith("/app/static/plotly-")
    again = open_app("pages/timeline.py", years="2020", kind="conference,briefing")  # another session, same view
    assert timeline_data(again)["hold"] is None and timeline_data(again)["figures"] == data["figures"]
    # another year: the views built already come with its chart (the years), the page asks for the rest (its months
    # and where its filters' options lead)
    other = timeline_data(open_app("pages/timeline.py", years="2021", kind="conference,briefing"))
    assert other["hold"]
    assert set(other["figures"]) == {k for k in data["figures"] if not k.startswith("2020-2020-")} | {shown}


def test_each_year_button_leads_to_the_view_the_server_then_draws_and_the_page_held(fresh_caches):
    at, data = _held(open_app("pages/timeline.py", years="2020", kind="conference,briefing"))
    box, leads = data["buttons"][0]
    assert box == "st-key-w_year_nav-vi"
    keys = leads[data["shown"]]
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
        box, leads = data["buttons"][1 + index]
        assert box == f"st-key-{arrow}"
        wanted = leads[data["shown"]][0]
        assert wanted in data["figures"]
        by_key(at.button, arrow).click().run()
        now = timeline_data(at)
        assert now["shown"] == wanted, arrow
        assert now["figures"][wanted] == data["figures"][wanted], arrow
        at, _ = _held(at)
    assert timeline_data(at)["shown"] == "2021-2021-3"
    # every year the page holds knows its own arrows' views: a second ◀ before the server answers steps again
    _, (_, prev), (_, nxt), _ = timeline_data(at)["buttons"]
    assert (prev["2021-2021-0"], nxt["2021-2021-0"]) == (["2020-2020-0"], ["2022-2022-0"])
    every = f"{YEARS[0]}-{YEARS[-1]}-0"
    assert (prev[every], nxt[every]) == ([f"{YEARS[-1]}-{YEARS[-1]}-0"], [f"{YEARS[0]}-{YEARS[0]}-0"])


def test_each_month_button_leads_to_the_view_the_server_then_draws_and_the_page_held(fresh_caches):
    at, data = _held(open_app("pages/timeline.py", years="2021"))
    box, leads = data["buttons"][3]
    assert box == "st-key-w_month_nav-vi"
    keys = leads[data["shown"]]
    assert keys == ["2021-2021-0", *(f"2021-2021-{m}" for m in range(1, 13))]
    for index, month in reversed(list(enumerate(("all", *range(1, 13))))):
        by_key(at.get("button_group"), "w_month_nav").set_value(month).run()
        now = timeline_data(at)
        assert now["shown"] == keys[index], month
        assert now["figures"][now["shown"]] == data["figures"][keys[index]], month  # what the page showed at once
        at, _ = _held(at)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_option_of_each_list_leads_to_the_view_the_server_then_draws_and_the_page_held(fresh_caches, lang):
    at, data = _held(open_app("pages/timeline.py", years="2021", kind="plenum", lang=lang))
    for i, (name, widget, group, options, _) in enumerate(CHOICES):
        box, labels, _ = data["filters"][i]
        assert box == f"st-key-{widget}-{lang}" and labels == [label(group, o, lang) for o in options]
        for j, option in enumerate(options):
            start = timeline_data(at)
            wanted = start["filters"][i][2][start["shown"]]["toggle"][j]
            held = start["figures"][wanted]
            chosen = list(getattr(ViewState(kinds=("plenum",)), name))
            value = [o for o in chosen if o != option] if option in chosen else [*chosen, option]
            by_key(at.multiselect, widget).set_value(value).run()
            now = timeline_data(at)
            assert now["shown"] == wanted, (name, option)
            assert now["figures"][wanted] == held, (name, option)  # what the page showed at once
            by_key(at.multiselect, widget).set_value(chosen).run()  # back
            at, _ = _held(at)
        cleared = data["filters"][i][2][data["shown"]]["none"]
        by_key(at.multiselect, widget).set_value([]).run()
        assert timeline_data(at)["shown"] == cleared, name
        by_key(at.multiselect, widget).set_value(list(getattr(ViewState(kinds=("plenum",)), name))).run()
        at, _ = _held(at)


def test_a_year_without_events_in_view_holds_no_months(fresh_caches):
    _, data = _held(open_app("pages/timeline.py", years="2021", q="không có sự kiện nào như thế này"))
    assert data["buttons"][3][1]["2021-2021-0"]  # its buttons would lead there, but the page draws none
    assert not [k for k in data["figures"] if k.startswith("2021-2021-") and k.split("~")[0] != "2021-2021-0"]


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

"""Every page under AppTest on the real data: filters, language, URL round trip, years, clicks."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import parse_qsl

import pytest

from core.i18n import format_number
from loaders import DEFAULT_PATH, load_dataset

from .apptest import PAGES, base_key, by_key, chart_specs, click_chart, open_app, texts, view

EVENT_2019 = "giao-ban-truc-tuyen-toan-quoc-2019-10"


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_runs_on_the_real_data(page, lang):
    at = open_app(page, lang=lang, years="2020")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if page not in ("pages/data.py", "pages/summary.py"):
        specs = chart_specs(at)
        assert specs, "no chart drawn"
        for spec in specs:
            layout = spec["layout"]
            assert layout["title"]["text"], "every chart has a title"
            assert layout["template"]["layout"], "every chart has our own template"
            notes = " ".join(a.get("text", "") for a in layout.get("annotations", []))
            assert ("Nguồn" if lang == "vi" else "Source") in notes, "every chart has a source line"


def test_overview_counts_and_sources():
    ds = load_dataset(DEFAULT_PATH)
    at = open_app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sự kiện"] == format_number(len(ds.events), "vi")
    assert metrics["Văn bản"] == format_number(len(ds.documents), "vi")
    assert metrics["Nhiệm vụ"] == format_number(len(ds.tasks), "vi")
    assert metrics["Các năm có sự kiện"] == f"{ds.events['year'].min()}–{ds.events['year'].max()}"
    sources = at.dataframe[0].value
    assert len(sources) == len(ds.sources)
    assert sources["Số trích dẫn"].sum() == len(ds.quotes)


def test_overview_links_each_event_to_its_detail():
    at = open_app()
    links = at.get("page_link")
    assert len(links) == min(len(load_dataset(DEFAULT_PATH).events), 50)  # the overview lists at most 50
    # one click on a link opens the timeline with the event's detail and quotes
    target = next(link for link in links if "28/10/2019" in link.proto.label)
    params = dict(parse_qsl(target.proto.query_string))
    assert params["event"] == EVENT_2019
    at2 = open_app("pages/timeline.py", **params)
    assert not at2.exception
    body = texts(at2)
    assert "Chiều ngày 28/10/2019" in body, "the source quote is shown"
    assert "Phạm Minh Chính" in at2.dataframe[0].value.iloc[:, 0].tolist()


@pytest.mark.parametrize(
    ("key", "value", "check"),
    [
        ("w_kinds", ["briefing"], lambda ev: set(ev["kind"]) == {"briefing"}),
        ("w_levels", ["provincial"], lambda ev: set(ev["level"]) == {"provincial"}),
        ("w_cycle", "xiv", lambda ev: set(ev["cycle"]) == {"xiv"}),
        ("w_categories", ["elections"], lambda ev: 0 < len(ev) < N_EVENTS),
        ("w_person", "Trương Thị Mai", lambda ev: set(ev["id"]) == events_of_person("Trương Thị Mai")),
        ("w_document", "hd-26-hd-btctw", lambda ev: 1 <= len(ev) <= 2),
        ("w_text", "chay chuc", lambda ev: 0 < len(ev) < N_EVENTS),
        ("w_years", (2021, 2021), lambda ev: set(ev["year"]) == {2021}),
    ],
)
def test_each_filter_narrows_the_events(key, value, check):
    at = open_app("pages/data.py")
    widgets = [w for kind in ("multiselect", "selectbox", "text_input", "slider") for w in at.get(kind)]
    widget = by_key(widgets, key)
    widget.set_value(value).run()
    assert not at.exception
    table = at.dataframe[0].value
    ds_events = _events_for(table)
    assert check(ds_events), table
    assert at.query_params, "the filter is in the URL"


N_EVENTS = len(load_dataset(DEFAULT_PATH).events)


def events_of_person(name: str) -> set[str]:
    """The ids of the events that name `name`, from the file."""
    people = load_dataset(DEFAULT_PATH).people
    return set(people.loc[people["name"] == name, "event_id"])


def _events_for(table):
    """The loader's rows for the ids shown in a Data page table."""
    from loaders import load_dataset

    ev = load_dataset(DEFAULT_PATH).events
    return ev[ev["id"].isin(table["id"])]


def test_search_ignores_diacritics_and_case():
    plain = open_app("pages/data.py", q="CHAY CHUC")
    marked = open_app("pages/data.py", q="chạy chức")
    a, b = plain.dataframe[0].value, marked.dataframe[0].value
    assert len(a) == len(b) > 0
    assert a["id"].tolist() == b["id"].tolist()


def test_a_filter_matching_nothing_says_so_on_every_page():
    for page in (None, *PAGES[:4]):
        at = open_app(page, q="xyzzy qwv")
        assert not at.exception
        assert any("Không có sự kiện nào" in i.value for i in at.info), (page, [i.value for i in at.info])
        if page == "pages/timeline.py":  # the timeline keeps its frame: the cycles and phases of the years in view
            (spec,) = chart_specs(at)
            assert spec["layout"]["meta"]["mode"] == "empty" and spec["layout"]["shapes"]
        else:
            assert not chart_specs(at), "no empty or broken chart"


def test_a_year_the_sources_record_nothing_in_says_so_and_offers_no_months(tmp_path, monkeypatch):
    from core.state import YEARS
    from loaders import load_dataset
    from tests.test_loaders import GOOD

    data = tmp_path / "events.yaml"
    data.write_text(GOOD, encoding="utf-8")  # a small file with a few years of events
    recorded = set(load_dataset(data).events["year"])
    year = next(y for y in YEARS if y not in recorded)
    monkeypatch.setenv("EVENTS_FILE", str(data))
    at = open_app("pages/timeline.py", years=str(year))
    assert not at.exception
    assert [i.value for i in at.info] == [f"Các nguồn không ghi nhận sự kiện nào trong năm {year}."]
    assert not [w for w in at.get("button_group") if base_key(w.key) == "w_month_nav"], "no month buttons"
    (spec,) = chart_specs(at)
    assert spec["layout"]["xaxis"]["range"] == [f"{year}-01-01", f"{year + 1}-01-01"]
    assert spec["layout"]["shapes"], "its cycle band and phases"
    at = open_app("pages/timeline.py", years=str(min(recorded)), q="xyzzy qwv")
    assert "Không có sự kiện nào phù hợp với bộ lọc." in at.info[0].value  # filters, not the sources
    at = open_app("pages/timeline.py", years=str(min(recorded)))
    assert [w for w in at.get("button_group") if base_key(w.key) == "w_month_nav"], "a year with events has months"


def test_language_switch():
    at = open_app("pages/timeline.py")
    assert at.title[0].value == "Dòng thời gian"
    by_key(at.get("button_group"), "w_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Timeline"
    assert at.query_params["lang"] == "en"
    spec = chart_specs(at)[0]
    assert "Timeline of Party organisation-building work" in spec["layout"]["title"]["text"]
    assert spec["layout"]["xaxis"]["title"]["text"] == "Date"


def test_url_round_trip_restores_the_view():
    at = open_app("pages/timeline.py")
    by_key(at.multiselect, "w_kinds").set_value(["briefing", "conference"]).run()
    by_key(at.get("button_group"), "w_lane").set_value("level").run()
    by_key(at.text_input, "w_text").set_value("nhân sự").run()
    params = dict(at.query_params.items())
    assert params == {"lang": "vi", "kind": "briefing,conference", "lane": "level", "q": "nhân sự"}
    again = open_app("pages/timeline.py", **params)
    assert view(again) == view(at)
    assert by_key(again.multiselect, "w_kinds").value == ["briefing", "conference"]


def test_state_survives_switching_pages():
    at = open_app("pages/timeline.py", years="2020", lang="en")
    at.switch_page("pages/tasks.py").run()
    assert view(at).years == (2020, 2020) and view(at).lang == "en"
    assert at.query_params["years"] == "2020"
    assert at.title[0].value == "Task counts"


def test_year_navigation():
    at = open_app("pages/timeline.py")
    nav = by_key(at.get("button_group"), "w_year_nav")
    nav.set_value(2020).run()
    assert view(at).years == (2020, 2020)
    spec = chart_specs(at)[0]
    assert spec["layout"]["xaxis"]["range"][0].startswith("2020-01-01")
    by_key(at.button, "w_next_year").click().run()
    assert view(at).years == (2021, 2021)
    by_key(at.button, "w_prev_year").click().run()
    by_key(at.button, "w_prev_year").click().run()
    assert view(at).years == (2019, 2019)
    by_key(at.get("button_group"), "w_year_nav").set_value("all").run()
    assert view(at).years == (2019, 2024)
    assert not at.exception


def test_a_click_made_before_the_answer_to_the_one_before_keeps_the_view_its_url_is_older_than():
    """A month, then ◀ quicker than the server: ◀'s rerun carries the URL the page had before the month's answer.
    That URL is the page's own, not a link or Back: ◀ steps from the month, and the URL follows the view."""
    at = open_app("pages/timeline.py", years="2021")
    by_key(at.get("button_group"), "w_month_nav").set_value(3).run()
    assert at.query_params["month"] == "3"
    at.query_params.clear()
    at.query_params.update({"lang": "vi", "years": "2021"})  # the page's URL when ◀ was clicked
    by_key(at.button, "w_prev_year").click().run()
    assert view(at).span == "2021-02" and at.query_params["month"] == "2" and at.query_params["years"] == "2021"
    by_key(at.get("button_group"), "w_month_nav").set_value(6).run()
    at.query_params.update({"month": "2"})  # a month clicked before the answer to the one before
    by_key(at.get("button_group"), "w_month_nav").set_value(7).run()
    assert view(at).span == "2021-07"
    at.query_params.update({"years": "2019"})
    at.query_params.pop("month")
    at.run()  # a URL changed from outside (Back) with no click: the view follows it
    assert view(at).span == (2019, 2019)
    assert not at.exception


def test_a_click_on_a_month_of_the_density_shows_that_month():
    at = open_app("pages/timeline.py")
    click_chart(at, "timeline_chart", ["month:2019-10"])
    assert not at.exception
    assert (view(at).years, view(at).month) == ((2019, 2019), 10)
    assert at.query_params["month"] == "10" and at.query_params["years"] == "2019"
    spec = chart_specs(at)[0]
    assert spec["layout"]["xaxis"]["range"] == ["2019-10-01", "2019-11-01"]
    assert spec["layout"]["title"]["subtitle"]["text"].startswith("Tháng 10/2019")
    assert spec["layout"]["meta"]["n_events"] == 2
    assert by_key(at.get("button_group"), "w_month_nav").value == 10
    by_key(at.button, "w_next_year").click().run()  # ▶ steps a month while one is in view
    assert view(at).span == "2019-11"
    by_key(at.get("button_group"), "w_month_nav").set_value("all").run()
    assert (view(at).years, view(at).month) == ((2019, 2019), None)
    by_key(at.get("button_group"), "w_month_nav").set_value(3).run()
    by_key(at.get("button_group"), "w_year_nav").set_value(2021).run()  # another year: the whole of it
    assert (view(at).years, view(at).month) == ((2021, 2021), None)
    assert "month" not in at.query_params


def test_the_month_shows_in_the_sidebar_of_every_page_and_one_click_clears_it():
    at = open_app("pages/data.py", years="2021", month="1")
    button = by_key(at.button, "w_clear_month")
    assert button.label == "Tháng 1/2021"
    button.click().run()
    assert (view(at).years, view(at).month) == ((2021, 2021), None)
    assert not [b for b in at.button if base_key(b.key) == "w_clear_month"]


def test_a_forged_month_click_outside_the_years_is_ignored():
    at = open_app("pages/timeline.py", years="2021")
    click_chart(at, "timeline_chart", ["month:9999-01"])
    assert not at.exception
    assert (view(at).years, view(at).month, view(at).event) == ((2021, 2021), None, None)


def test_a_month_narrows_every_page_but_the_year_summary():
    for page in PAGES:
        at = open_app(page, years="2021", month="1")
        assert not at.exception, page
        assert view(at).month == 1
    at = open_app("pages/summary.py", years="2021", month="1")
    assert "Sự kiện chính (3)" in texts(at) and "Tháng 1/2021" not in texts(at)  # the whole year's three events
    at = open_app("pages/data.py", years="2021", month="1")
    assert len(at.dataframe[0].value) == 1


def test_every_dated_event_appears_on_the_timeline_in_its_year():
    from loaders import load_dataset

    ev = load_dataset(DEFAULT_PATH).events
    for year, ids in ev.groupby("year")["id"]:
        at = open_app("pages/timeline.py", years=str(year))
        shown = set(at.selectbox[-1].options) if at.selectbox else set()
        spec = json.dumps(chart_specs(at)[0], ensure_ascii=False)
        for event_id in ids:
            assert event_id in spec, (year, event_id)
        assert shown, "the event list is offered too"


def test_the_event_list_offers_what_the_chart_draws_one_by_one(monkeypatch):
    """Above the density threshold the chart draws counts, and the list says to narrow the view instead of offering
    thousands of entries."""
    import functools

    import core.views
    import figures.timeline

    dense_above_5 = functools.partial(figures.timeline.timeline_figure, max_points=5)
    monkeypatch.setattr(core.views, "timeline_figure", dense_above_5)
    at = open_app("pages/timeline.py")
    assert not [s for s in at.selectbox if base_key(s.key) == "w_event"]
    assert any(f"{N_EVENTS} sự kiện trong khung xem" in c.value for c in at.caption)
    at = open_app("pages/timeline.py", years="2021")
    names = by_key(at.selectbox, "w_event").options
    in_2021 = load_dataset(DEFAULT_PATH).events.query("year == 2021").sort_values("start")
    assert len(names) == 1 + len(in_2021) and names[1].startswith(in_2021["start"].iloc[0].strftime("%d/%m/%Y"))


def test_click_on_an_event_opens_its_detail_with_quotes():
    at = open_app("pages/timeline.py", years="2019")
    click_chart(at, "timeline_chart", [EVENT_2019])
    assert not at.exception
    assert view(at).event == EVENT_2019
    assert at.query_params["event"] == EVENT_2019
    body = texts(at)
    assert "Hội nghị Giao ban trực tuyến toàn quốc" in body
    assert "Chiều ngày 28/10/2019" in body
    # close it
    by_key(at.button, "w_close_event").click().run()
    assert view(at).event is None


def test_click_on_a_task_bar_lists_the_tasks_behind_it():
    at = open_app("pages/tasks.py")
    click_chart(at, "tasks_year_chart", [2020, "personnel"])
    assert not at.exception
    behind = at.dataframe[0].value
    assert len(behind) > 0
    assert set(behind.iloc[:, 2]) == {"Công tác cán bộ, nhân sự"}


def test_click_on_a_document_opens_it():
    at = open_app("pages/documents.py")
    click_chart(at, "documents_chart", ["hd-26-hd-btctw"])
    assert not at.exception
    assert view(at).document == "hd-26-hd-btctw"
    assert "26-HD/BTCTW" in texts(at)


def test_report_mode_hides_the_controls():
    at = open_app("pages/timeline.py", report="1", years="2020")
    assert not at.exception
    assert not at.sidebar.get("multiselect")
    assert not at.get("download_button")
    spec = chart_specs(at)[0]
    assert spec["layout"]["width"] == 1200 and spec["layout"]["height"] == 675


def test_broken_file_shows_the_report_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "events.yaml"
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("kind: briefing", "kind: briefng", 1)
    broken.write_text(text, encoding="utf-8")
    shutil.copytree(DEFAULT_PATH.parent / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("EVENTS_FILE", str(broken))
    at = open_app()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: events\[\d+\]\.kind: expected one of", report)
    assert "did you mean `briefing`" in report


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_summary_task_table_says_set_and_done_apart_and_adds_up(lang):
    from core.i18n import present, t
    from core.summary import status_header
    from loaders import load_dataset

    tasks = load_dataset(DEFAULT_PATH).tasks
    year = int(tasks["year"].mode()[0])
    at = open_app("pages/summary.py", lang=lang, years=str(year))
    table = at.table[0].value
    mine = tasks[tasks["year"] == year]
    statuses = present("status", mine["status"].unique())
    headers = [status_header(s, lang) for s in statuses]
    assert list(table.columns) == [*headers, t("summary.col_total", lang)]
    assert t("summary.col_set", lang) in headers and len(set(headers)) == len(headers)
    assert (table[headers].sum(axis=1) == table[t("summary.col_total", lang)]).all()
    assert table.loc[t("summary.total_row", lang)].tolist() == [
        *(int((mine["status"] == s).sum()) for s in statuses),
        len(mine),
    ]
    assert t("summary.tasks_note", lang) in texts(at)


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_offers_the_report_of_its_view(page):
    at = open_app(page, years="2020")
    labels = {b.key: b.label for b in at.button}
    assert labels["w_report_docx"] == "Tạo tệp Word (.docx)" and labels["w_report_pdf"] == "Tạo tệp PDF"
    at = open_app(page, years="2020", report="1")
    assert "w_report_docx" not in {b.key for b in at.button}  # report mode: no controls


@pytest.mark.slow
def test_the_report_is_built_for_the_view_and_offered_only_for_it():
    at = open_app("pages/timeline.py", years="2020", timeout=300)
    by_key(at.button, "w_report_docx").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    saves = [b for b in at.get("download_button") if b.proto.id.endswith("-w_report_save")]
    assert len(saves) == 1 and "bao-cao-2020-vi.docx" in saves[0].proto.label
    by_key(at.get("button_group"), "w_lang").set_value("en").run()  # another view: the last file is not offered
    assert by_key(at.button, "w_report_pdf").label == "Make the PDF"
    assert not [b for b in at.get("download_button") if b.proto.id.endswith("-w_report_save")]


def _a_view_setting_every_filter(lang: str) -> dict[str, str]:
    """The query of a view with every filter set, each from one event of the data that has people, documents and
    tasks, so that its events are that one (the event list, offered then, is set too)."""
    ds = load_dataset(DEFAULT_PATH)
    both = set(ds.people["event_id"]) & set(ds.doc_links["event_id"]) & set(ds.tasks["event_id"])
    ev = ds.events[ds.events["id"].isin(both)].sort_values("id").iloc[0]
    task = ds.tasks[ds.tasks["event_id"] == ev["id"]].iloc[0]
    return {
        "lang": lang,
        "years": str(ev["year"]),
        "month": str(ev["start"].month),
        "cycle": ev["cycle"],
        "kind": ev["kind"],
        "level": ev["level"],
        "cat": task["category"],
        "status": task["status"],
        "person": ds.people[ds.people["event_id"] == ev["id"]]["name"].iloc[0],
        "doc": ds.doc_links[ds.doc_links["event_id"] == ev["id"]]["document_id"].iloc[0],
        "lane": "level",
        "event": ev["id"],
    }


def _default_is_value(w) -> bool:
    """Whether the widget's own default (what a browser that draws it anew without its state sends back) is its
    value."""
    p = w.proto
    match w.type:
        case "slider":
            return [int(x) for x in p.default] == list(w.value if isinstance(w.value, tuple) else (w.value,))
        case "multiselect" | "button_group":
            return list(p.default) == list(w.indices)
        case "selectbox":
            return (p.default if p.HasField("default") else None) == w.index
        case "text_input" | "checkbox" | "toggle":
            return p.default == w.value
    raise AssertionError(f"no default known for a {w.type}")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_widget_tied_to_the_view_has_the_view_as_its_own_default(page, lang):
    """A browser that draws a widget anew without its state (seen on a first page, phone-wide, under load) sends
    the widget's default. When that default was empty, the view lost its years, language or filters, and the URL
    followed. Each widget the view drives has the view's value as its default, on every page."""
    query = _a_view_setting_every_filter(lang)
    at = open_app(page, **query)
    assert not at.exception
    kinds = ("slider", "multiselect", "button_group", "selectbox", "text_input", "toggle")
    bound = {base_key(k) for keys in at.session_state["view_bound"].values() for k in keys}
    widgets = [w for kind in kinds for w in at.get(kind) if base_key(w.key) in bound]
    drawn = {base_key(w.key) for w in widgets}
    assert {"w_lang", "w_years", "w_cycle", "w_kinds", "w_person", "w_document", "w_text", "w_report"} <= drawn
    if page == "pages/timeline.py":
        assert {"w_year_nav", "w_month_nav", "w_lane", "w_event"} <= drawn
    assert [base_key(w.key) for w in widgets if not _default_is_value(w)] == []

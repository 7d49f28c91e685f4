"""The real app in headless Chromium: every page in both languages, a click from a year to an event's
sources, report-ready PNG/SVG/CSV exports, report mode, and hostile curator text that must stay text.

Screenshots go to artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import csv
import io
import struct
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core.export import REPORT_SIZE
from core.i18n import t
from core.state import YEARS
from loaders import load_dataset
from tests.conftest import CHARTS
from tests.helpers import HOSTILE_FIELDS, hostile_data, pdf_pages, pdf_text

pytestmark = pytest.mark.browser

EVENT_2019 = "giao-ban-truc-tuyen-toan-quoc-2019-10"
QUOTE_2019 = "Đồng chí Phạm Minh Chính - Ủy viên Bộ Chính trị"  # in the event's sources, not in its summary
TIMELINE_TITLE = "Dòng thời gian công tác tổ chức xây dựng Đảng"

# name, path with query, how many Plotly charts it draws at least
PAGES = [
    ("overview", "/", 2),
    ("timeline", "/timeline", 1),
    ("tasks", "/tasks", 5),
    ("documents", "/documents", 1),
    ("data", "/data", 0),
    ("summary", "/summary?years=2020", 0),
]


def with_query(path: str, **params: str) -> str:
    if not params:
        return path
    extra = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path}{'&' if '?' in path else '?'}{extra}"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def choose(page, name: str, url_glob: str) -> None:
    """Click the segmented-control button `name` and wait for the URL to follow. Clicked once more if it has not
    after 20 s: once, in a full run of the suite, a year click made just after the previous run had been drawn was
    lost (not reproduced since; cause unknown); a second click is what a person would do."""
    button = page.get_by_role("radio", name=name, exact=True)
    button.click()
    try:
        page.wait_for_url(url_glob, timeout=20_000)
    except PlaywrightTimeout:
        button.click()
        page.wait_for_url(url_glob)


def assert_healthy(tab) -> None:
    """No exception box, no error alert, no console error beyond the known-harmless ones."""
    page = tab.page
    exception = page.locator('[data-testid="stException"]')
    assert exception.count() == 0, exception.first.inner_text()
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert tab.unexpected_errors() == []


def marker_of(page, event_id: str, chart: str = "timeline_chart") -> tuple[float, float]:
    """The centre, on the page, of the plotted marker (a `.point` path) whose customdata is this event."""
    handle = page.wait_for_function(
        """([key, id]) => {
          for (const p of document.querySelectorAll(`.st-key-${key} .js-plotly-plot:not([hidden]) .point`)) {
            const d = p.__data__;
            if (d && Array.isArray(d.data) && d.data[0] === id) return p;
          }
          return null;
        }""",
        arg=[chart, event_id],
        timeout=60_000,
    ).as_element()
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


# --- 1. every page, both languages -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("name", "path", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_loads_and_draws(tab, name, path, charts, lang):
    tab.goto(with_query(path, **({"lang": "en"} if lang == "en" else {})), charts=charts)
    page = tab.page
    assert page.locator("h1").first.is_visible()
    plots = page.locator(CHARTS)
    assert plots.count() >= charts
    for i in range(plots.count()):
        box = plots.nth(i).locator(".main-svg").first.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 200, (i, box)
    if lang == "en":
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Timeline", exact=True).is_visible()
    tab.screenshot(f"{name}-{lang}")
    assert_healthy(tab)
    assert_local(tab)


def assert_local(tab) -> None:
    """Nothing the page asked for left the app's own address (no icon or font from an outside server)."""
    outside = [u for u in tab.requests if not u.startswith((tab.base_url + "/", "data:", "blob:"))]
    assert outside == []


def test_the_tab_icon_is_served_by_the_app(tab):
    tab.goto("/", charts=2)
    href = tab.page.evaluate("() => document.querySelector('link[rel~=\"icon\"]').href")
    assert href.startswith(tab.base_url + "/"), href
    response = tab.page.request.get(href)
    assert response.ok and response.headers["content-type"] == "image/png"
    assert response.body().startswith(b"\x89PNG")
    assert_local(tab)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_one_year_summary_prints_on_one_a4_page(tab, lang):
    page = tab.page
    for year in YEARS:
        tab.goto(f"/summary?years={year}&lang={lang}")
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf_pages(pdf) == 1, (year, lang)
        text = pdf_text(pdf)
        assert t("summary.title", lang, year=year) in text
        assert unicodedata.is_normalized("NFC", text)
    assert_healthy(tab)


# --- 2. a year, then an event, then its sources -----------------------------------------------


def test_year_then_event_click_opens_detail_that_survives_reload(tab):
    page = tab.page
    tab.goto("/timeline", charts=1)

    # a year: its button in the segmented control
    choose(page, "2020", "**years=2020**")
    tab.wait(charts=1)
    x_range = page.evaluate(
        "() => document.querySelector('.st-key-timeline_chart .js-plotly-plot:not([hidden])').layout.xaxis.range"
    )
    assert str(x_range[0]).startswith("2020-01-01"), x_range

    # the year before, and a click on one of its plotted events
    choose(page, "2019", "**years=2019**")
    tab.wait(charts=1)
    x, y = marker_of(page, EVENT_2019)
    page.mouse.move(x, y)
    page.locator(".st-key-timeline_chart .hoverlayer .hovertext").first.wait_for(state="visible")
    page.mouse.click(x, y)
    page.wait_for_url(f"**event={EVENT_2019}**")
    tab.wait(charts=1)
    detail = page.locator(".st-key-event_detail")
    detail.get_by_text(QUOTE_2019).wait_for()
    assert query(page)["years"] == ["2019"]
    assert query(page)["event"] == [EVENT_2019]
    tab.screenshot("timeline-event-vi")

    # a reload (a bookmark, a shared link) restores the detail
    page.reload(wait_until="domcontentloaded")
    tab.wait(charts=1)
    page.locator(".st-key-event_detail").get_by_text(QUOTE_2019).wait_for()
    assert query(page)["event"] == [EVENT_2019]
    assert_healthy(tab)


def test_months_of_a_year_from_the_buttons(tab):
    page = tab.page
    tab.goto("/timeline?years=2019", charts=1)
    choose(page, "T10", "**month=10**")
    tab.wait(charts=1)
    layout = page.evaluate(
        "() => document.querySelector('.st-key-timeline_chart .js-plotly-plot:not([hidden])').layout"
    )
    assert [str(v)[:10] for v in layout["xaxis"]["range"]] == ["2019-10-01", "2019-11-01"]
    assert layout["meta"]["n_events"] == 2
    choose(page, "2021", "**years=2021**")  # another year: all of it
    tab.wait(charts=1)
    assert "month" not in query(page)
    assert_healthy(tab)


def test_a_click_on_a_month_of_the_density_shows_its_events(app_factory, tab_factory, tmp_path):
    """Above DENSITY_THRESHOLD events in view the timeline is a density; one click on a month draws that month's
    events."""
    from bench.generate import generate
    from figures.timeline import DENSITY_THRESHOLD

    server = app_factory(events_file=generate(DENSITY_THRESHOLD + 100, tmp_path).path)
    tab = tab_factory(server.url)
    page = tab.page
    tab.goto("/timeline", charts=1)
    meta = page.evaluate(
        "() => document.querySelector('.st-key-timeline_chart .js-plotly-plot:not([hidden])').layout.meta"
    )
    assert meta["mode"] == "density", meta
    tab.screenshot("timeline-density-vi")
    # the middle of the first 2021 month's cell, from the chart's own axes (bars keep no customdata in the DOM)
    target, x, y = page.evaluate(
        """() => {
          const gd = document.querySelector('.st-key-timeline_chart .js-plotly-plot:not([hidden])');
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
          for (const [k, tr] of gd.data.entries()) {
            if (tr.type !== 'bar' || !tr.customdata) continue;
            const i = tr.customdata.findIndex(c => String(c[0]).startsWith('month:2021-'));
            if (i < 0) continue;
            const bar = gd.calcdata[k][i];  // horizontal bar: base b and length s on x, position p on y
            const x = box.left + xa._offset + xa.c2p(bar.b + bar.s / 2), y = box.top + ya._offset + ya.c2p(bar.p);
            return [tr.customdata[i][0], x, y];
          }
          return [null, 0, 0];
        }"""
    )
    assert target, "no month of 2021 to click"
    year, month = (int(v) for v in target.removeprefix("month:").split("-"))
    page.mouse.move(x, y)
    hover = page.locator(".st-key-timeline_chart .hoverlayer .hovertext").first
    hover.wait_for(state="visible")
    assert "sự kiện" in hover.text_content()
    page.mouse.click(x, y)
    page.wait_for_url(f"**month={month}**")
    tab.wait(charts=1)
    page.wait_for_function(
        "() => { const p = document.querySelector('.st-key-timeline_chart .js-plotly-plot:not([hidden])');"
        " return p && p.layout.meta && p.layout.meta.mode === 'events'; }",
        timeout=60_000,
    )
    assert query(page)["years"] == [str(year)]
    tab.screenshot("timeline-month-vi")
    assert_healthy(tab)


# --- 3. exports --------------------------------------------------------------------------------


def download(page, key: str, label: str) -> tuple[str, bytes]:
    """Click the download button with widget key `key` (checking its label) and return (file name, bytes)."""
    button = page.locator(f".st-key-{key} button")
    assert label in button.inner_text()
    with page.expect_download(timeout=120_000) as info:  # the first image starts kaleido's browser
        button.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    return dl.suggested_filename, Path(dl.path()).read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:16]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_text(data: bytes) -> str:
    """Every piece of text in an SVG (titles are split in tspans), joined by newlines."""
    root = ET.fromstring(data)
    return "\n".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize(
    ("path", "chart", "name", "title"),
    [
        ("/timeline?years=2020", "timeline_chart", "timeline-2020-vi", TIMELINE_TITLE),
        ("/tasks?years=2020", "tasks_year_chart", "tasks-by-year-2020-vi", t("chart.tasks_year", "vi")),
    ],
    ids=["timeline", "tasks"],
)
def test_png_svg_and_csv_exports(tab, path, chart, name, title):
    page = tab.page
    tab.goto(path, charts=1)

    filename, png = download(page, f"{chart}_png", "Tải PNG")
    assert filename == f"{name}.png"
    assert png_size(png) == (REPORT_SIZE[0] * 2, REPORT_SIZE[1] * 2) == (2400, 1350)

    filename, svg = download(page, f"{chart}_svg", "Tải SVG")
    assert filename == f"{name}.svg"
    text = svg_text(svg)
    assert title in text, text[:500]
    assert unicodedata.is_normalized("NFC", text)
    assert "Nguồn:" in text
    assert "2020" in text

    filename, raw = download(page, f"{chart}_csv", "Tải dữ liệu (CSV)")
    assert filename == f"{name}.csv"
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheet programs keep the diacritics"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(header) >= 2 and all(header), header
    assert body and all(len(r) == len(header) for r in body)
    if chart == "timeline_chart":
        assert {"id", "title", "start"} <= set(header)
    assert_healthy(tab)


# --- 3b. the report of a view -------------------------------------------------------------------


def test_the_report_of_a_view_as_word_and_pdf(tab):
    import docx

    page = tab.page
    tab.goto("/tasks?years=2020", charts=5)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Tải báo cáo", exact=True).click()
    for button, name in (("Tạo tệp Word (.docx)", "bao-cao-2020-vi.docx"), ("Tạo tệp PDF", "bao-cao-2020-vi.pdf")):
        sidebar.get_by_role("button", name=button).click()
        sidebar.locator('[data-testid="stProgress"]').first.wait_for(timeout=60_000)  # shown while it is built
        save = sidebar.locator(".st-key-w_report_save button")
        save.get_by_text(name).wait_for(timeout=240_000)
        with page.expect_download(timeout=120_000) as info:
            save.click()
        assert info.value.suggested_filename == name
        data = Path(info.value.path()).read_bytes()
        if name.endswith(".docx"):
            doc = docx.Document(io.BytesIO(data))
            assert doc.paragraphs[0].text == "Báo cáo công tác tổ chức xây dựng Đảng"
            assert len(doc.inline_shapes) >= 5
        else:
            text = pdf_text(data)
            assert "Báo cáo công tác tổ chức xây dựng Đảng" in text and "Nguồn và trích dẫn" in text
    tab.screenshot("report-control-vi")
    assert_healthy(tab)
    assert_local(tab)


# --- 4. report mode ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "path", "charts"), [("timeline", "/timeline", 1), ("tasks", "/tasks", 5)])
def test_report_mode(tab, name, path, charts):
    page = tab.page
    tab.goto(f"{path}?report=1&years=2020", charts=charts)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stDownloadButton"]:visible').count() == 0
    plots = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    assert plots.count() >= charts
    for i in range(plots.count()):
        box = plots.nth(i).locator(".main-svg").first.bounding_box()
        assert round(box["width"]) == REPORT_SIZE[0], box
        assert round(box["height"]) == REPORT_SIZE[1], box
    tab.screenshot(f"report-{name}-vi")
    assert_healthy(tab)


# --- 5. hostile curator text -------------------------------------------------------------------

HOSTILE = (
    '=HYPERLINK("http://127.0.0.1:9/x","y") '
    "<script>window.__pwned=1</script> "
    '<img src=x onerror="window.__pwned=1"> '
    "[link](javascript:window.__pwned=1) "
    "![img](http://127.0.0.1:9/x.png) "
    "$x^2$"
)
LITERALS = (
    "<script>window.__pwned=1</script>",
    "[link](javascript:window.__pwned=1)",
    "![img](http://127.0.0.1:9/x.png)",
    "$x^2$",
    '=HYPERLINK("http://127.0.0.1:9/x","y")',  # a spreadsheet formula: text here, neutralised in CSV
)


def hostile_copy(folder: Path) -> Path:
    """The data with one event's title, summary and first task (both languages) made of `HOSTILE`."""
    return hostile_data(folder, EVENT_2019, dict.fromkeys(HOSTILE_FIELDS, HOSTILE))


def assert_inert(tab) -> None:
    page = tab.page
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator('img[src*="127.0.0.1:9/"]').count() == 0
    assert page.locator('a[href*="127.0.0.1:9/"]').count() == 0, "a bare URL in curator text became a link"
    assert [u for u in tab.requests if urlsplit(u).netloc == "127.0.0.1:9"] == []


def test_hostile_curator_text_stays_text(app_factory, tab_factory, tmp_path):
    data = hostile_copy(tmp_path)
    ds = load_dataset(data)  # the file itself is valid: only the text is hostile
    assert (ds.events.loc[ds.events["id"] == EVENT_2019, "title"] == HOSTILE).all()
    server = app_factory(events_file=data)
    tab = tab_factory(server.url)
    page = tab.page

    for lang in ("vi", "en"):
        # the event's detail: title, summary and task as literal text
        tab.goto(f"/timeline?years=2019&event={EVENT_2019}&lang={lang}", charts=1)
        detail = page.locator(".st-key-event_detail")
        detail.wait_for()
        shown = detail.inner_text().replace("\u2060", "")  # md() puts word joiners in URLs so they stay text
        for literal in LITERALS:
            assert literal in shown, (lang, literal)
        # the chart's hover label shows it as text too
        x, y = marker_of(page, EVENT_2019)
        page.mouse.move(x, y)
        hover = page.locator(".st-key-timeline_chart .hoverlayer .hovertext").first
        hover.wait_for(state="visible")
        assert "<script>" in hover.text_content()
        assert_inert(tab)
        assert_healthy(tab)
    tab.screenshot("hostile-timeline-en")

    # the overview's event links, the one-year summary, the data table
    for path, charts in (("/?years=2019", 2), ("/summary?years=2019", 0)):
        tab.goto(path, charts=charts)
        assert LITERALS[0] in page.locator('[data-testid="stMain"]').inner_text(), path
        assert_inert(tab)
        assert_healthy(tab)
    tab.goto("/data?years=2019")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.hover()
    # the grid draws on a canvas; its accessible copy of the cells is filled in shortly after
    page.wait_for_function(
        """(text) => [...document.querySelectorAll('[data-testid="stDataFrame"] [role="gridcell"]')]
                       .some(c => c.textContent === text)""",
        arg=HOSTILE,
        timeout=30_000,
    )
    assert_inert(tab)
    assert_healthy(tab)
    tab.screenshot("hostile-data-vi")
    server.stop()


# --- 6. a bookmark opened first on a freshly started server -------------------------------------


def test_first_visit_to_a_deep_link_on_a_fresh_server(server_factory, tab_factory):
    server = server_factory()  # cold: nobody has opened its root yet
    tab = tab_factory(server.url)
    page = tab.page
    tab.goto(f"/timeline?years=2019&event={EVENT_2019}", charts=1)
    tab.screenshot("fresh-server-deep-link-vi")
    assert_healthy(tab)
    page.locator(".st-key-event_detail").get_by_text(QUOTE_2019).wait_for(timeout=10_000)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Dòng thời gian" in nav, nav  # the router's titles, not the file names
    server.stop()

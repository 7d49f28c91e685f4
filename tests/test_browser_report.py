"""The timeline as a chart for reports, checked where it is seen: labels measured in Chromium (never two over one
another, nor over a mark), in the app, in report mode and in the server's SVG export; the detail in view after a
click; axe-core on every page in both languages; the phone layout. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from core.export import REPORT_SIZE, to_image
from core.i18n import filters_summary
from core.state import YEARS
from figures.timeline import timeline_figure
from loaders import DEFAULT_PATH, load_dataset

from .conftest import ROOT, SCREENSHOTS, full_screenshot, wait_for_app
from .test_browser import EVENT_2019, marker_of, query

pytestmark = pytest.mark.browser

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
TOLERANCE = 0.5  # px: boxes that share an edge do not overlap

# The text boxes of a chart's labels (event labels, cycle titles, congress marks, phase names, the empty-view note),
# from the drawn SVG (getBBox mapped to the page), and the boxes of the visible markers.
MEASURE = """(gd) => {
  const svg = gd;
  const names = (gd.layout && gd.layout.annotations || []).map(a => a.name || '');
  const box = (el) => {
    const b = el.getBBox(), m = el.getScreenCTM();
    const p = (x, y) => { const q = el.ownerSVGElement.createSVGPoint(); q.x = x; q.y = y; return q.matrixTransform(m); };
    const a = p(b.x, b.y), c = p(b.x + b.width, b.y + b.height);
    return [Math.min(a.x, c.x), Math.min(a.y, c.y), Math.max(a.x, c.x), Math.max(a.y, c.y)];
  };
  const labels = [];
  for (const g of svg.querySelectorAll('g.annotation')) {
    const i = Number(g.getAttribute('data-index'));
    const name = names[i] || g.getAttribute('data-name') || '';
    if (['source', 'note'].includes(name)) continue;  // under the plot, outside it
    const text = g.querySelector('text');
    if (text && text.textContent.trim()) labels.push({name, text: text.textContent, box: box(text)});
  }
  for (const t of svg.querySelectorAll('.bartext')) {
    if (t.textContent.trim() && getComputedStyle(t).display !== 'none' && t.getAttribute('opacity') !== '0')
      labels.push({name: 'phase', text: t.textContent, box: box(t)});
  }
  const marks = [];
  for (const p of svg.querySelectorAll('.scatterlayer .trace .points path.point')) {
    const o = getComputedStyle(p).opacity;
    if (Number(o) > 0 && p.getAttribute('d')) marks.push(box(p));
  }
  return {labels, marks, meta: gd.layout ? gd.layout.meta : null};
}"""


def _overlap(a, b) -> float:
    """How far two boxes (left, top, right, bottom) overlap along their smaller side, 0 when apart."""
    return max(0.0, min(min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])))


def assert_no_overlaps(measured: dict, where: str) -> None:
    labels, marks = measured["labels"], measured["marks"]
    assert labels, where
    for a, b in itertools.combinations(labels, 2):
        assert _overlap(a["box"], b["box"]) <= TOLERANCE, (where, a, b)
    for a in labels:
        if a["name"] != "event-label":
            continue
        for m in marks:
            assert _overlap(a["box"], m) <= TOLERANCE, (where, a, m)


def chart_measure(page) -> dict:
    return page.locator(".st-key-timeline_chart .js-plotly-plot:not([hidden])").first.evaluate(MEASURE)


@pytest.fixture(scope="module")
def desktop(browser, app_url):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page, app_url
    context.close()


VIEWS = [(year, lang) for lang in ("vi", "en") for year in (None, *YEARS)]


@pytest.mark.parametrize(("year", "lang"), VIEWS, ids=[f"{y or 'all'}-{lang}" for y, lang in VIEWS])
@pytest.mark.parametrize("report", [False, True], ids=["app", "report"])
def test_labels_never_overlap_in_the_browser(desktop, year, lang, report):
    page, url = desktop
    query_string = f"lang={lang}" + (f"&years={year}" if year else "") + ("&report=1" if report else "")
    page.goto(f"{url}/timeline?{query_string}", wait_until="domcontentloaded")
    wait_for_app(page, charts=1)
    measured = chart_measure(page)
    meta = measured["meta"]
    events = [lab for lab in measured["labels"] if lab["name"] == "event-label"]
    assert len(events) + meta["unnamed"] == meta["n_events"]  # every event named, or counted in the footnote
    if report:
        size = page.locator(".st-key-timeline_chart .main-svg").first.bounding_box()
        assert (round(size["width"]), round(size["height"])) == REPORT_SIZE
    assert_no_overlaps(measured, f"{year} {lang} {'report' if report else 'app'}")
    name = f"timeline-{year or 'all'}-{lang}" + ("-report" if report else "")
    page.locator(".st-key-timeline_chart").screenshot(path=str(_shot(name)))


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


@pytest.mark.slow
def test_labels_never_overlap_in_the_server_side_export(desktop):
    """The SVG the download button gives (kaleido, 1200×675), drawn in Chromium and measured the same way."""
    page, _ = desktop
    ds = load_dataset(DEFAULT_PATH)
    for year, lang in VIEWS:
        years = (year, year) if year else (YEARS[0], YEARS[-1])
        in_years = ds.events[ds.events["year"].between(*years)]
        fig = timeline_figure(
            in_years, ds.cycles, ds.phases, lang=lang, years=years, subtitle=filters_summary(lang, years=years)
        ).figure
        svg = to_image(fig, "svg").decode("utf-8")
        page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
        names = [a.name or "" for a in fig.layout.annotations]
        page.evaluate(
            "(names) => document.querySelectorAll('g.annotation').forEach(g => "
            "g.setAttribute('data-name', names[Number(g.getAttribute('data-index'))] || ''))",
            names,
        )
        measured = page.locator("svg").first.evaluate(MEASURE)
        assert len([a for a in measured["labels"] if a["name"] == "event-label"]) + fig.layout.meta["unnamed"] == len(
            in_years
        )
        assert_no_overlaps(measured, f"export {year} {lang}")


def hover_event_of_2019(page, url: str):
    """Open the 2019 timeline and hover over EVENT_2019's marker: its position and its hover box."""
    page.goto(f"{url}/timeline?years=2019", wait_until="domcontentloaded")
    wait_for_app(page, charts=1)
    x, y = marker_of(page, EVENT_2019)
    page.mouse.move(x, y)
    hover = page.locator(".st-key-timeline_chart .hoverlayer .hovertext").first
    hover.wait_for(state="visible")
    return x, y, hover


def test_a_click_on_an_event_brings_its_detail_into_view(desktop):
    page, url = desktop
    x, y, _ = hover_event_of_2019(page, url)
    page.mouse.click(x, y)
    page.wait_for_url(f"**event={EVENT_2019}**")
    heading = page.locator(".st-key-event_detail h2").first
    heading.wait_for()
    page.wait_for_function(
        """() => { const h = document.querySelector('.st-key-event_detail h2');
                   if (!h) return false; const r = h.getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        timeout=15_000,
    )
    assert query(page)["event"] == [EVENT_2019]
    page.screenshot(path=str(_shot("timeline-click-detail-vi")))


def test_hover_text_reads_at_4_5_to_1(desktop):
    page, url = desktop
    _, _, hover = hover_event_of_2019(page, url)
    fill, background = hover.evaluate(
        "(g) => [getComputedStyle(g.querySelector('text')).fill, getComputedStyle(g.querySelector('path')).fill]"
    )
    assert _contrast(fill, background) >= 4.5, (fill, background)


def _contrast(a: str, b: str) -> float:
    def lum(css: str) -> float:
        r, g, b_ = (int(v) / 255 for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b_)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_year_buttons_and_arrows_have_names_and_the_toolbar_speaks_vietnamese(desktop):
    page, url = desktop
    page.goto(f"{url}/timeline?years=2020", wait_until="domcontentloaded")
    wait_for_app(page, charts=1)
    for name in ("◀ Trước", "Sau ▶"):
        assert page.get_by_role("button", name=name, exact=True).is_visible()
    for name in ("Tất cả các năm", *map(str, YEARS)):
        assert page.get_by_role("radio", name=name, exact=True).is_visible()
    page.locator(".st-key-timeline_chart .js-plotly-plot:not([hidden])").hover()
    titles = page.locator(".st-key-timeline_chart .modebar-btn").evaluate_all(
        "(bs) => bs.map(b => b.getAttribute('data-title'))"
    )
    assert "Tải biểu đồ (PNG)" in titles and "Tự động vừa khung" in titles, titles


# --- axe-core: every page, both languages ------------------------------------------------------

AXE_PAGES = [
    ("overview", "/", 2),
    ("timeline", "/timeline", 1),
    ("timeline-event", f"/timeline?years=2019&event={EVENT_2019}", 1),
    ("timeline-nothing-matches", "/timeline?years=2024&q=xyzzy", 1),
    ("tasks", "/tasks", 5),
    ("documents", "/documents", 1),
    ("data", "/data", 0),
    ("summary", "/summary?years=2020", 0),
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("name", "path", "charts"), AXE_PAGES, ids=[p[0] for p in AXE_PAGES])
def test_axe_finds_no_violation(desktop, name, path, charts, lang):
    assert AXE.exists(), "axe-core is missing: make axe"
    page, url = desktop
    sep = "&" if "?" in path else "?"
    page.goto(f"{url}{path}{sep}lang={lang}", wait_until="domcontentloaded")
    wait_for_app(page, charts=charts)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
          const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
          return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ') + ': '
                                          + (n.failureSummary || '').split('\\n').slice(0, 3).join(' '))}));
        }"""
    )
    assert violations == [], violations


# --- a phone -----------------------------------------------------------------------------------


# The boxes a person reads on a phone: each chart's frame, title, plot, legend and footer lines.
PHONE_MEASURE = """(gd) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const frame = gd.closest('[class*="st-key-chart_frame_"]');
  const footer = [...gd.querySelectorAll('g.annotation')].filter((g) => {
    const i = Number(g.getAttribute('data-index'));
    return ['source', 'note'].includes(((gd.layout.annotations || [])[i] || {}).name);
  }).map(box);
  const legend = gd.querySelector('g.legend');
  return {
    narrow: !!(gd.layout.meta && gd.layout.meta.narrow),
    modebar: !!gd.querySelector('.modebar-container .modebar'),
    frame: {client: frame.clientWidth, scroll: frame.scrollWidth},
    title: box(gd.querySelector('.gtitle')),
    plot: [...gd.querySelectorAll('.draglayer .nsewdrag')].map(box)
      .reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]),
    legend: legend ? box(legend) : null,
    footer,
  };
}"""


@pytest.mark.parametrize(("name", "path"), [("overview", "/"), ("timeline", "/timeline?years=2020"),
                                            ("timeline-all", "/timeline"), ("tasks", "/tasks"),
                                            ("documents", "/documents")])  # fmt: skip
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_phone_gets_charts_drawn_for_its_width(browser, app_url, name, path, lang):
    """At 390x844 every chart is drawn for the phone once its browser has said so: nothing scrolls sideways, the
    title wraps inside the screen, the legend sits under the plot and above the sources, labels never overlap."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        page.goto(app_url + path + ("&" if "?" in path else "?") + f"lang={lang}", wait_until="domcontentloaded")
        wait_for_app(page, charts=1)
        page.wait_for_function(
            """() => { const p = [...document.querySelectorAll('.js-plotly-plot')];
                       return p.length && p.every(g => g.layout && g.layout.meta && g.layout.meta.narrow); }""",
            timeout=60_000,
        )
        wait_for_app(page, charts=1)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for gd in page.locator('[data-testid="stMain"] .js-plotly-plot').all():
            m = gd.evaluate(PHONE_MEASURE)
            assert m["narrow"] and m["frame"]["scroll"] <= m["frame"]["client"] + 1, m
            assert not m["modebar"], m  # no toolbar over the title (the buttons under the chart export it)
            assert m["title"][0] >= 0 and m["title"][2] <= PHONE["width"], m  # the title wraps on the screen
            if m["legend"]:
                assert m["legend"][1] >= m["plot"][3] - TOLERANCE, m  # under the plot…
                for line in m["footer"]:  # …and clear of every footnote and source line
                    assert _overlap(m["legend"], line) <= TOLERANCE, (m["legend"], line)
        for group in page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').all():
            box = group.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
        if name.startswith("timeline"):
            assert_no_overlaps(chart_measure(page), "phone")
        if name == "timeline" and lang == "vi":  # the SVG download is the desktop chart: its title on one line
            button = page.locator(".st-key-timeline_chart_svg button")
            with page.expect_download(timeout=120_000) as info:
                button.click()
            svg = Path(info.value.path()).read_text(encoding="utf-8")
            assert "Dòng thời gian công tác tổ chức xây dựng Đảng" in svg and 'width="1200"' in svg
        full_screenshot(page, f"{name}-phone-{lang}")
    finally:
        context.close()

"""What the app writes for users to take away: images of figures (kaleido and Debian's chromium, one browser kept
alive, a batch of images drawn on one page), PDF files printed by that browser, and CSV files that spreadsheets open
safely."""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from core.i18n import LABELS, label

REPORT_SIZE = (1200, 675)
CACHED_IMAGES = 32  # the last images drawn, kept so that a report's .docx and PDF of one view draw its charts once
TIMEOUT_S = 300  # for one image, on a loaded machine

_lock = threading.Lock()  # one image at a time: the browser has one page to draw on


class _Kaleido:
    """kaleido's browser on an event loop of its own, drawing on one page.

    kaleido reloads its page after every image (a clean slate, and plotly.js loaded and warmed up again: about three
    quarters of the time an image takes); here the page is reloaded once after each batch instead, by overriding how
    kaleido 1.5 (pinned in requirements.txt) hands its page back. tests/test_export.py checks that the images are
    still, pixel for pixel, those plotly draws one at a time."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.browser = None

    def start(self) -> None:
        """Start the loop and the browser once per process (~2-5 s); later images take a fraction of a second."""
        if self.browser is not None:
            return
        import kaleido

        class Browser(kaleido.Kaleido):
            keep_page = False

            async def _return_kaleido_tab(self, tab) -> None:
                if self.keep_page:
                    await self.tabs_ready.put(tab)
                else:
                    await super()._return_kaleido_tab(tab)

        async def open_browser():
            browser = Browser(n=1, mathjax=False, timeout=TIMEOUT_S)  # no TeX in the charts, nothing fetched
            await browser.open()
            return browser

        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido", daemon=True).start()
        self.browser = self._run(open_browser())
        atexit.register(self.close)

    def draw(self, spec: dict, opts: dict, *, last: bool) -> bytes:
        """One image; the page is kept for the next image of the batch unless this is the `last`."""

        async def draw():
            self.browser.keep_page = not last
            try:
                return await self.browser.calc_fig(spec, opts=opts)
            except Exception:
                self.browser.keep_page = False  # a fresh page after a failure
                await self.browser._return_kaleido_tab(await self.browser._get_kaleido_tab())
                raise
            finally:
                self.browser.keep_page = False

        return self._run(draw())

    def print_pdf(self, uri: str, timeout: float) -> bytes:
        """The page at `uri` printed as PDF at its CSS page size, in a tab of its own (the images' page untouched)."""

        async def print_page() -> bytes:
            tab = await self.browser.create_tab(url="")
            try:
                loaded = tab.subscribe_once("Page.loadEventFired")
                _answer(await tab.send_command("Page.enable"))
                _answer(await tab.send_command("Page.navigate", params={"url": uri}))
                await loaded
                printed = _answer(await tab.send_command("Page.printToPDF", params={"preferCSSPageSize": True}))
                return base64.b64decode(printed["data"])
            finally:
                await self.browser.close_tab(tab)

        return self._run(asyncio.wait_for(print_page(), timeout), timeout + 30)

    def close(self) -> None:
        if self.browser is not None and self.loop is not None:
            with contextlib.suppress(Exception):  # leaving anyway; the browser dies with its process group
                self._run(self.browser.close(), timeout=15)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.browser = None

    def _run(self, coroutine, timeout: float = TIMEOUT_S + 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)


def _answer(response: dict) -> dict:
    """The result of a command to the browser, or its error raised."""
    if "error" in response:
        raise RuntimeError(f"chromium: {response['error'].get('message', response['error'])}")
    return response.get("result", {})


_browser = _Kaleido()
_cache: OrderedDict[str, bytes] = OrderedDict()


def _ensure_server() -> None:
    """Start kaleido's browser (once per process)."""
    with _lock:
        _browser.start()


def to_image(
    fig: go.Figure,
    fmt: str,
    *,
    width: int = REPORT_SIZE[0],
    height: int = REPORT_SIZE[1],
    scale: float | None = None,
) -> bytes:
    """The figure as PNG (at 2x unless `scale` says otherwise) or SVG bytes, at a fixed report size, with its title
    and source line."""
    return to_images([fig], fmt, sizes=[(width, height)], scale=scale)[0]


def to_images(
    figs: Sequence[go.Figure],
    fmt: str,
    *,
    sizes: Sequence[tuple[int, int]] | None = None,
    scale: float | None = None,
    each: Callable[[int], None] | None = None,
) -> list[bytes]:
    """Each figure as PNG or SVG (see `to_image`) at its (width, height) in `sizes`, drawn as one batch on one page;
    `each(i)` is called, in the caller's thread, before figure i is drawn. An image drawn lately for the same figure
    and size comes from a small cache."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"expected png or svg, found {fmt!r}")
    scale = scale or (2 if fmt == "png" else 1)
    sizes = sizes or [REPORT_SIZE] * len(figs)
    specs = [fig.to_dict() for fig in figs]
    opts = [{"format": fmt, "width": w, "height": h, "scale": scale} for w, h in sizes]
    keys = [_key(spec, o) for spec, o in zip(specs, opts, strict=True)]
    out: list[bytes] = []
    with _lock:
        todo = [i for i, k in enumerate(keys) if k not in _cache and k not in keys[:i]]
        for i, key in enumerate(keys):
            if each:
                each(i)
            if key not in _cache:
                _browser.start()
                _cache[key] = _browser.draw(specs[i], opts[i], last=i == todo[-1])
            _cache.move_to_end(key)
            out.append(_cache[key])
            while len(_cache) > CACHED_IMAGES:
                _cache.popitem(last=False)
    return out


def to_pdf_file(uri: str, timeout: float = TIMEOUT_S) -> bytes:
    """The page at `uri` (a file: address) printed as PDF by the browser that draws the images: no browser started
    for each file (~1-3 s), nothing fetched."""
    with _lock:
        _browser.start()
    return _browser.print_pdf(uri, timeout)


def forget_images() -> None:
    """Empty the cache of images drawn lately (a benchmark times drawing them, not finding them)."""
    with _lock:
        _cache.clear()


def _key(spec: dict, opts: dict) -> str:
    """A digest of a figure and how it is drawn."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps([spec, opts], cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): it starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text cell that a spreadsheet would run as a formula, with a leading `'` so it is shown as text;
    anything else (numbers, dates, empty cells, harmless text) as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """A frame as UTF-8 CSV with a byte-order mark (spreadsheets keep the diacritics), every text cell and
    header neutralised (see `neutralised`): the one way the app writes CSV."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_datetime64_any_dtype(out[column])):
            out[column] = out[column].map(neutralised)
    out.columns = [neutralised(str(c)) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8-sig")


# Columns holding a code of an enum group, by name: a CSV writes the label in the view's language next to each.
LABELLED = {
    "kind": "kind",
    "level": "level",
    "category": "category",
    "status": "status",
    "cycle": "cycle",
    "precision": "precision",
    "date_basis": "date_basis",
    "doc_kind": "doc_kind",
    "doc_status": "doc_status",
    "relation": "doc_relation",
}
DATE_COLUMNS = ("start", "end", "date")


def date_as_known(ts, precision) -> str:
    """A date as text as precisely as it is known: "2020", "2020-11" or "2020-11-05"; "" when unknown.

    A spreadsheet reads "2020" as a year, where 2020-01-01 and 2020-12-31 would read as a year-long event."""
    if ts is None or pd.isna(ts):
        return ""
    ts = pd.Timestamp(ts)
    if precision == "year":
        return f"{ts.year:04d}"
    if precision == "month":
        return f"{ts.year:04d}-{ts.month:02d}"
    return ts.date().isoformat()


def for_csv(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A frame as a CSV gives it: each code column (`LABELLED`) followed by `<column>_label` in `lang`, and each
    date column (`DATE_COLUMNS`) as known, at the row's `precision` when the frame has one."""
    out = frame.copy()
    precision = out["precision"].tolist() if "precision" in out else None
    for column in [c for c in DATE_COLUMNS if c in out]:
        values = out[column].tolist()
        out[column] = [date_as_known(v, precision[i] if precision is not None else "day") for i, v in enumerate(values)]
    for column in [c for c in out.columns if c in LABELLED]:
        group = LABELLED[column]
        codes = [None if _missing(v) else v for v in out[column].tolist()]
        names = {v: "" if v is None and "none" not in LABELS[group] else label(group, v, lang) for v in set(codes)}
        out.insert(out.columns.get_loc(column) + 1, f"{column}_label", [names[v] for v in codes])
    return out


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def csv_of(frame: pd.DataFrame, lang: str) -> bytes:
    """The CSV of a frame for download: labels next to codes, dates as known, formulas neutralised."""
    return to_csv(for_csv(frame, lang))


def with_event_precision(tasks: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Tasks with their event's date `precision` after `start` (the event's start), so a CSV writes it as known."""
    out = tasks.copy()
    precision = tasks["event_id"].map(dict(zip(events["id"], events["precision"], strict=True)))
    out.insert(out.columns.get_loc("start") + 1, "precision", precision)
    return out

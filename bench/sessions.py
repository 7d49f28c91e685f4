"""Ten concurrent sessions on one server, each with its own filters, spoken to as a browser does: over the
app's websocket.

A browser tab is a websocket to `/_stcore/stream` that sends a rerun request (the page and the URL's
query string) and receives the page as a stream of protobuf messages until the script finishes. This
client does just that, so ten sessions really run at once on the server, without ten browsers
compiling plotly.js on the same cores (the browser's own cost is measured in `bench.browser`). Each
session then asks for a second view (another query string, as a click on a year or a back button
would), and every answer is checked against the view computed in-process: the number of events its
timeline draws, the language of its title, no exception and no error.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from core.filtering import apply, search_index
from core.state import ViewState
from figures.timeline import timeline_figure
from loaders import load_dataset

# (first view, second view) per session: different filters, languages, years, lanes and a month
SESSIONS: list[tuple[dict, dict]] = [
    ({}, {"years": "2021"}),
    ({"years": "2019"}, {"years": "2020"}),
    ({"years": "2021", "kind": "conference"}, {"years": "2022", "kind": "conference"}),
    ({"level": "provincial"}, {"level": "central"}),
    ({"lang": "en", "years": "2022"}, {"lang": "en", "years": "2022", "month": "6"}),
    ({"cycle": "xiii"}, {"cycle": "xiv"}),
    ({"cat": "personnel"}, {"cat": "personnel", "lang": "en"}),
    ({"q": "nhân sự"}, {"q": "đại hội"}),
    ({"kind": "briefing,plenum", "years": "2020-2021"}, {"kind": "briefing", "years": "2020-2021"}),
    ({"lane": "organiser", "years": "2023"}, {"lane": "level", "years": "2023"}),
]
TITLES = {"vi": "Dòng thời gian", "en": "Timeline"}


@dataclass
class Page:
    """What one run of the page sent: its timeline's meta, headings, exceptions, errors and notices."""

    seconds: float = 0.0
    charts: list[dict] = field(default_factory=list)  # layout.meta of each Plotly chart (the timeline's shown)
    headings: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    infos: int = 0

    def summary(self) -> dict:
        meta = self.charts[0] if self.charts else {}
        return {
            "n_events": meta.get("n_events"),
            "mode": meta.get("mode"),
            "title": self.headings[0] if self.headings else "",
            "exceptions": len(self.exceptions),
            "errors": len(self.errors),
            "no_match": self.infos,
        }


def expected(path: Path, queries: list[dict]) -> list[dict]:
    """What each query should show on the timeline: how many events it draws (0: the no-match notice), its title."""
    ds = load_dataset(path, cache=True)
    index = search_index(ds)
    out = []
    for params in queries:
        view = ViewState.from_query(params)
        f = apply(ds, view, index)
        n = 0
        if not f.events.empty:
            fig = timeline_figure(
                f.events, ds.cycles, ds.phases, lane=view.lane, lang=view.lang, years=view.years, month=view.month
            ).figure
            n = fig.layout.meta["n_events"]
        out.append({"n_events": n, "title": TITLES[view.lang]})
    return out


def check(page: Page | None, want: dict) -> bool:
    if page is None:
        return False
    got = page.summary()
    drawn = got["n_events"] == want["n_events"] if want["n_events"] else got["no_match"] > 0
    return drawn and got["title"] == want["title"] and not got["exceptions"] and not got["errors"]


class Session:
    """One browser tab's worth of conversation with the server."""

    def __init__(self, port: int, page: str = "timeline") -> None:
        self.port, self.page = port, page
        self.ws = None
        self.figures: dict[str, str] = {}  # the timeline's figures sent to this session, by view

    async def __aenter__(self) -> Session:
        origin = f"http://127.0.0.1:{self.port}"
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"], origin=origin, max_size=None
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def show(self, query: dict, timeout: float = 120) -> Page:
        """Ask for the page with this query string (as a page load or a changed URL does) and read it whole."""
        msg = BackMsg()
        msg.rerun_script.query_string = urlencode(query)
        msg.rerun_script.page_name = self.page
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        page = Page()
        async with asyncio.timeout(timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    _read_element(fwd.delta.new_element, page, self.figures)
                elif kind == "script_finished":
                    status = fwd.script_finished
                    if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                        break
                    if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        page.exceptions.append("compile error")
                        break
                    if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # another run follows: read that one
                        page = Page()
                    # a fragment's own run leaves the page as it is
        page.seconds = time.perf_counter() - t0
        return page


def _read_element(el, page: Page, figures: dict[str, str]) -> None:
    """What a page's element says (`figures`: the session's timeline figures sent so far, by view, which the server
    sends once)."""
    kind = el.WhichOneof("type")
    if kind == "plotly_chart":
        page.charts.append(json.loads(el.plotly_chart.spec).get("layout", {}).get("meta", {}))
    elif kind == "bidi_component" and el.bidi_component.component_name == "tcxd_timeline":  # drawn in the page
        proto = el.bidi_component
        data = json.loads(proto.mixed.json if proto.WhichOneof("data") == "mixed" else proto.json)
        figures.update({k: v for k, v in data["figures"].items() if v is not None})  # None: as sent before
        page.charts.append(json.loads(figures[data["shown"]]).get("layout", {}).get("meta", {}))
    elif kind == "heading":
        page.headings.append(el.heading.body)
    elif kind == "exception":
        page.exceptions.append(el.exception.message)
    elif kind == "alert":
        if el.alert.format == Alert.ERROR:
            page.errors.append(el.alert.body)
        elif el.alert.format == Alert.INFO:
            page.infos += 1


async def _one(port: int, first: dict, second: dict) -> tuple[Page | None, Page | None, str]:
    a = b = None
    step = "connecting"
    try:
        async with Session(port) as s:
            step = "first view"
            a = await s.show(first)
            step = "second view"
            b = await s.show(second)
            return a, b, ""
    except Exception as exc:  # reported as a failed session, with the step it failed at
        return a, b, f"{step}: {type(exc).__name__} {exc}".strip()


async def one_round(port: int, sessions: list[tuple[dict, dict]] = SESSIONS) -> list[tuple[Page | None, ...]]:
    """Every session at once: open with its first view, then change to its second."""
    return await asyncio.gather(*[_one(port, a, b) for a, b in sessions])


def _in_own_loop(coroutine):
    """Run `coroutine()` to its end in a thread of its own: the caller's thread may have an event loop running
    (Playwright's sync API keeps one)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result()


def run_rounds(port: int, path: Path, *, rounds: int, rss=None, settle: float = 2.0) -> dict:
    """`rounds` rounds of the ten sessions; each view checked; `rss()` (the server's memory) after each round."""
    queries = [q for pair in SESSIONS for q in pair]
    want = expected(path, queries)
    out: dict = {"rounds": [], "rss_kb": [], "failures": [], "sessions": len(SESSIONS), "views": [], "pages": []}
    if rss:
        out["rss_kb"].append(rss())
    for r in range(rounds):
        t0 = time.perf_counter()
        results = _in_own_loop(lambda: one_round(port))
        out["rounds"].append(time.perf_counter() - t0)
        for i, (a, b, error) in enumerate(results):
            for step, page in enumerate((a, b)):
                w = want[2 * i + step]
                if page is not None:
                    out["pages"].append(page.seconds)
                if not check(page, w):
                    out["failures"].append(
                        {
                            "round": r,
                            "session": i,
                            "params": SESSIONS[i][step],
                            "want": w,
                            "got": page.summary() if page else {"error": error},
                        }
                    )
        out["views"].append(2 * len(results))
        time.sleep(settle)  # let the server drop the closed sessions' websockets
        if rss:
            out["rss_kb"].append(rss())
    return out


SESSION_TTL = 5  # seconds a closed session is kept on the bench's server (Streamlit's default: 120)


def bench_concurrency(path: Path, *, rounds: int = 6) -> dict:
    """The ten sessions, `rounds` times, on a server of its own on `path`, its memory read after each round, once the
    round's closed sessions are gone (kept `SESSION_TTL` seconds here, so that a leak would show as growth)."""
    import tempfile

    from tests.conftest import start_server

    from .browser import rss_kb

    srv = start_server(
        Path(tempfile.mkdtemp(prefix="bench-server-")),
        events_file=path,
        env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL)},
    )
    try:
        out = run_rounds(srv.port, path, rounds=rounds, rss=lambda: rss_kb(srv.proc.pid), settle=SESSION_TTL + 7)
        return out | {"session_ttl": SESSION_TTL}
    finally:
        srv.stop()

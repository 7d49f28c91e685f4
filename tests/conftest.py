"""Shared fixtures for the tests that drive the real app: a Streamlit server on a free loopback port
(one per data file, killed with its process group at the end) and headless Debian Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT = Path(sys.executable).with_name("streamlit")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
START_TIMEOUT = 120  # seconds; a cold start on a busy 2-core machine takes ~10 s
VIEWPORT = {"width": 1400, "height": 900}


# --- the app server ---------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now (the server is retried on another one if it loses the race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """One `streamlit run dashboard.py` in its own process group."""

    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, n: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
        return ""

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """Stop the server's process group, and kaleido's browser, which runs in a session of its own."""
        family = _descendants(self.proc.pid)
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)  # a clean shutdown also closes kaleido's browser
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        for pid, started in family:
            if _start_time(pid) == started:  # still the same process, not a reused pid
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid, pgrp, …), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _start_time(pid: int) -> str | None:
    fields = _stat(pid)
    return fields[19] if fields else None


def _descendants(root: int) -> list[tuple[int, str]]:
    """Every live descendant of `root` as (pid, start time), whatever its process group."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if (started := _start_time(child)) is not None:
                found.append((child, started))
                todo.append(child)
    return found


def start_server(
    log_dir: Path,
    events_file: Path | None = None,
    attempts: int = 3,
    env: dict[str, str] | None = None,
    root: Path = ROOT,
    script: str = "dashboard.py",
) -> AppServer:
    """Start the app on a free port (with `env` added to its environment) and wait until /_stcore/health answers.

    `root`: the checkout whose dashboard.py is run (the bench compares with an earlier one); `script`: another
    Streamlit script of it to run instead (the bench's floor, bench/streamlit_alone.py)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    env.pop("EVENTS_FILE", None)
    if events_file is not None:
        env["EVENTS_FILE"] = str(events_file)
    last = ""
    for attempt in range(attempts):
        port = free_port()
        log = log_dir / f"streamlit-{port}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(STREAMLIT), "run", script, "--server.port", str(port), "--server.headless", "true"],
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )
        server = AppServer(port, proc, log)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if server.healthy():
                return server
            time.sleep(0.25)
        server.stop()
        last = f"attempt {attempt + 1} on port {port}: exit code {proc.returncode}\n{server.log_tail()}"
    raise RuntimeError(f"the app did not start:\n{last}")


@pytest.fixture
def fresh_caches(monkeypatch) -> Iterator[None]:
    """AppTest instances share one process: a test starts with empty caches (no data loaded, no figure of any view
    made) and the real data."""
    import streamlit as st

    monkeypatch.delenv("EVENTS_FILE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory) -> Iterator[Callable[..., AppServer]]:
    """Start an app server, optionally on another data file (`events_file=`); all are killed at the end."""
    log_dir = tmp_path_factory.mktemp("servers")
    started: list[AppServer] = []

    def make(events_file: Path | None = None) -> AppServer:
        server = start_server(log_dir, events_file)
        started.append(server)
        return server

    try:
        yield make
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def app_server(server_factory) -> AppServer:
    """The app on the real data, shared by every test of the session."""
    return server_factory()


# --- the browser ------------------------------------------------------------------------------

# Every chart on a page: Streamlit's, and the timeline drawn by the page itself (ui/timeline_chart.js).
CHARTS = '[data-testid="stPlotlyChart"], .timeline-chart'

# Console errors that say nothing about the app. Keep this list short and each entry explained.
HARMLESS_CONSOLE = (
    # Streamlit probes for its base path under the page's URL first (/timeline/_stcore/health), then
    # falls back to the root: the two 404s of a deep link.
    (re.compile(r"status of 404"), re.compile(r"^http://127\.0\.0\.1:\d+/[^/]+/_stcore/(health|host-config)$")),
    # The browser asks for a favicon the app does not serve.
    (re.compile(r"status of 404"), re.compile(r"/favicon\.(ico|png)$")),
)


def _harmless(text: str, url: str) -> bool:
    return any(msg.search(text) and where.search(url or "") for msg, where in HARMLESS_CONSOLE)


@dataclass
class Tab:
    """A page in its own browser context, with every console error, page error and request it saw."""

    page: object  # playwright.sync_api.Page
    base_url: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def unexpected_errors(self) -> list[tuple[str, str]]:
        return [(text, url) for text, url in self.errors if not _harmless(text, url)]

    def goto(self, path: str, *, charts: int = 0) -> None:
        """Open `path` (with its query string) and wait until the app has drawn it."""
        self.page.goto(self.base_url + path, wait_until="domcontentloaded", timeout=90_000)
        self.wait(charts=charts)

    def wait(self, *, charts: int = 0) -> None:
        wait_for_app(self.page, charts=charts)

    def screenshot(self, name: str) -> Path:
        return full_screenshot(self.page, name)


def wait_for_app(page, *, charts: int = 0, timeout: float = 90_000) -> None:
    """Wait until the app is connected, its script has run, `charts` Plotly charts have drawn their svg, and the
    timeline drawn in the page shows the server's view and no longer asks for the views one click away (the run
    that sends them)."""
    page.wait_for_function(
        """([n, charts]) => {
          const app = document.querySelector('[data-testid="stApp"]');
          if (!app || app.dataset.testConnectionState !== 'CONNECTED') return false;
          if (app.dataset.testScriptState !== 'notRunning') return false;
          // a page title, or (report mode has none) a chart, or an exception box
          const drawn = '[data-testid="stMain"] h1, [data-testid="stMain"] :is(' + charts + '), '
            + '[data-testid="stException"]';
          if (!document.querySelector(drawn)) return false;
          // the timeline drawn in the page asks for the views one click away once shown: a run of its own
          if (document.querySelector('.timeline-chart[data-asking="true"]')) return false;
          // a view the page showed at once (a click on a view it held): the server's answer to that click has come
          const timeline = document.querySelector('.timeline-chart');
          if (timeline && timeline.dataset.answered !== timeline.dataset.shown) return false;
          // elements whose code is still loading show a skeleton; a table draws on its canvas later
          if (document.querySelector('[data-testid="stSkeleton"]')) return false;
          if (![...document.querySelectorAll('[data-testid="stDataFrame"]')].every(d => d.querySelector('canvas'))) return false;
          const plots = document.querySelectorAll(charts);
          if (plots.length < n) return false;
          return [...plots].every(p => p.querySelector('.js-plotly-plot .main-svg'));
        }""",
        arg=[charts, CHARTS],
        timeout=timeout,
        polling=100,
    )


def full_screenshot(page, name: str) -> Path:
    """A screenshot of the whole page, saved as artifacts/screenshots/<name>.png.

    Streamlit scrolls its main block, not the document, so the viewport is made as tall as the content."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebar', 'stSidebarContent']
              .map(id => document.querySelector(`[data-testid="${id}"]`))
              .filter(Boolean).map(e => e.scrollHeight), window.innerHeight)"""
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 8, 16_000)})
    try:
        page.mouse.move(size["width"] - 1, 1)  # no hover label or tooltip in the picture
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(size)
    return path


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[object]:
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Iterator[object]:
    """Headless Debian Chromium (never `playwright install`: it downloads from outside)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: make chromium")
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def app_factory(server_factory, browser) -> Callable[..., AppServer]:
    """Start an app server, optionally on another data file."""

    def make(events_file: Path | None = None) -> AppServer:
        return server_factory(events_file)

    return make


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    """The shared server's base URL."""
    return app_server.url


@pytest.fixture(scope="session")
def browser_context(browser) -> Iterator[object]:
    """One context for the session: its HTTP cache spares every test from fetching the app's scripts again.
    (Each page load is a new Streamlit session all the same.)"""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(60_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def tab_factory(browser_context) -> Iterator[Callable[[str], Tab]]:
    """Open a new tab on a server's base URL, recording its console errors and requests; closed after the test."""
    pages = []

    def make(base_url: str) -> Tab:
        page = browser_context.new_page()
        pages.append(page)
        tab = Tab(page, base_url)
        page.on("console", lambda m: m.type == "error" and tab.errors.append((m.text, m.location.get("url", ""))))
        page.on("pageerror", lambda e: tab.errors.append((f"page error: {e}", "")))
        page.on("request", lambda r: tab.requests.append(r.url))
        return tab

    yield make
    for page in pages:
        with contextlib.suppress(Exception):
            page.close()


@pytest.fixture
def tab(tab_factory, app_url) -> Tab:
    """A fresh tab on the shared app server."""
    return tab_factory(app_url)

"""One watcher of the data file per server: a save reruns the sessions that drew the file, an idle tab runs nothing."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from loaders import DEFAULT_PATH
from ui.watch import Watcher


class Fake:
    """A file system and a server for the watcher: signatures by path, sessions alive, reruns asked."""

    def __init__(self):
        self.files: dict[Path, tuple[int, int]] = {}
        self.stats: list[Path] = []
        self.alive: set[str] = set()
        self.reruns: list[str] = []

    def stat(self, path: Path):
        self.stats.append(path)
        return self.files.get(path)

    def rerun(self, session_id: str) -> bool:
        if session_id not in self.alive:
            return False
        self.reruns.append(session_id)
        return True

    def watcher(self) -> Watcher:
        return Watcher(self.stat, self.rerun, lambda s: s in self.alive)


def test_one_stat_per_file_and_pass_whatever_the_number_of_sessions():
    fake = Fake()
    a = Path("a.yaml")
    fake.files[a] = (1, 10)
    w = fake.watcher()
    for n in range(20):
        fake.alive.add(f"s{n}")
        w.drew(f"s{n}", a, (1, 10))
    assert w.check() == [] and fake.stats == [a] and fake.reruns == []


def test_a_save_reruns_each_session_that_drew_the_file_once():
    fake = Fake()
    a, b = Path("a.yaml"), Path("b.yaml")
    fake.files.update({a: (1, 10), b: (1, 10)})
    fake.alive.update({"s1", "s2", "s3"})
    w = fake.watcher()
    w.drew("s1", a, (1, 10))
    w.drew("s2", a, (1, 10))
    w.drew("s3", b, (1, 10))
    fake.files[a] = (2, 11)
    assert sorted(w.check()) == ["s1", "s2"]
    assert w.check() == []  # asked once; their runs say what they drew
    w.drew("s1", a, (2, 11))
    fake.files[a] = (3, 12)
    assert sorted(w.check()) == ["s1", "s2"]


def test_a_session_that_ran_meanwhile_keeps_what_it_said():
    fake = Fake()
    a = Path("a.yaml")
    fake.files[a] = (2, 11)
    fake.alive.add("s1")
    w = fake.watcher()
    w.drew("s1", a, (1, 10))

    def rerun(session_id: str) -> bool:
        w.drew(session_id, a, (5, 50))  # its run finished before the watcher looked again
        return True

    w._rerun = rerun
    assert w.check() == []
    assert w._drawn["s1"] == (a, (5, 50))


def test_closed_sessions_are_forgotten():
    fake = Fake()
    a = Path("a.yaml")
    fake.files[a] = (1, 10)
    fake.alive.update({"open"})
    w = fake.watcher()
    w.drew("open", a, (1, 10))
    w.drew("closed", a, (1, 10))
    w.forget_closed()
    assert w.sessions() == 1
    w.drew("closed", a, (1, 10))
    fake.files[a] = (2, 11)
    assert w.check() == ["open"] and w.sessions() == 1


# --- the running server ------------------------------------------------------------------------


@pytest.mark.browser
def test_a_save_reaches_an_idle_tab_within_seconds_and_an_idle_tab_runs_nothing(server_factory, tmp_path):
    """A tab (the app's websocket, as the browser speaks it) draws the timeline and then sends nothing; a save
    reaches it as a run the server starts by itself."""
    from bench.idle import IdleTab

    shutil.copytree(DEFAULT_PATH.parent / "seeds", tmp_path / "seeds")
    path = tmp_path / "events.yaml"
    real = DEFAULT_PATH.read_text(encoding="utf-8")
    path.write_text(real, encoding="utf-8")
    server = server_factory(events_file=path)

    async def scenario() -> tuple[dict, float, bool]:
        async with IdleTab(server.port, {"years": "2020"}) as tab:
            await tab.open()
            timers = dict(tab.timers)
            await asyncio.sleep(1.5)
            before = path.stat().st_mtime_ns
            path.write_text(
                real.replace("Hội nghị Tỉnh ủy lần thứ 24", "Hội nghị Tỉnh ủy lần thứ 24 đã sửa", 1), "utf-8"
            )
            if path.stat().st_mtime_ns == before:
                os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
            start = time.monotonic()
            seen = False
            async with asyncio.timeout(20):
                while True:
                    fwd = ForwardMsg()
                    fwd.ParseFromString(await tab.ws.recv())
                    if fwd.WhichOneof("type") == "delta" and "lần thứ 24 đã sửa" in str(fwd.delta):
                        seen = True
                    if fwd.WhichOneof("type") == "script_finished" and seen:
                        return timers, time.monotonic() - start, seen

    # in a thread of its own: the browser tests' driver may already run an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        timers, seconds, seen = pool.submit(lambda: asyncio.run(scenario())).result()
    assert timers == {}, "the page asks the tab to rerun something by itself"
    assert seen and seconds < 10, f"the save reached the tab after {seconds:.1f} s"


@pytest.mark.browser
def test_a_save_shows_in_an_open_tab_by_itself(app_factory, tab_factory, tmp_path):
    """In Chromium: a valid save shows in an open tab within seconds, a broken one shows its report, a fix
    clears it, and nobody touches the tab."""
    shutil.copytree(DEFAULT_PATH.parent / "seeds", tmp_path / "seeds")
    path = tmp_path / "events.yaml"
    real = DEFAULT_PATH.read_text(encoding="utf-8")
    path.write_text(real, encoding="utf-8")
    tab = tab_factory(app_factory(events_file=path).url)
    page = tab.page
    tab.goto("/", charts=2)
    main = page.locator('[data-testid="stMain"]')

    def save(text: str) -> None:
        before = path.stat().st_mtime_ns
        path.write_text(text, encoding="utf-8")
        if path.stat().st_mtime_ns == before:
            os.utime(path, ns=(before + 1_000_000, before + 1_000_000))

    save(real.replace("title: Hội nghị Tỉnh ủy lần thứ 24", "title: Hội nghị Tỉnh ủy lần thứ 24 đã sửa", 1))
    main.get_by_text("lần thứ 24 đã sửa").first.wait_for(timeout=30_000)
    save(real.replace("level: central", "level: centrl", 1))
    page.locator(".st-key-data_error").get_by_text("did you mean `central`").wait_for(timeout=30_000)
    save(real)
    page.locator(".st-key-data_error").wait_for(state="detached", timeout=30_000)
    main.get_by_text("lần thứ 24 đã sửa").first.wait_for(state="detached", timeout=30_000)
    main.get_by_text("lần thứ 24", exact=False).first.wait_for(timeout=30_000)

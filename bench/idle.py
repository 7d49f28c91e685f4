"""Idle tabs: what the server spends while tabs are open and nobody touches them.

Each tab is a websocket session on `/timeline`, spoken to as the browser's frontend does (see bench/sessions.py),
including what the frontend does by itself: when the page asks for a fragment to run every few seconds
(`ForwardMsg.auto_rerun`), the session sends that fragment's rerun request at that interval, as a tab's timer
does. The server's CPU time (user + system, from /proc) is read over a fixed window once every tab has drawn
its page; the same window with no tab open gives the floor.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from .sessions import Session, _in_own_loop

TABS = 20
WINDOW = 30.0  # seconds of idling measured
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


class IdleTab(Session):
    """A tab left open: its page drawn, then only what its own timers send."""

    def __init__(self, port: int, query: dict, page: str = "timeline") -> None:
        super().__init__(port, page)
        self.query = query
        self.timers: dict[str, float] = {}  # fragment id -> seconds between its reruns
        self.reruns = 0

    async def open(self) -> None:
        """Draw the page, noting the fragments it asks to rerun by themselves."""
        await self._send(self._rerun())
        await self._read_until_finished(page_run=True)

    async def idle(self, until: float) -> None:
        """Until `until` (monotonic), send each timed fragment's rerun at its interval, as the frontend does."""
        if not self.timers:
            await asyncio.sleep(max(0.0, until - time.monotonic()))
            return
        due = {fid: time.monotonic() + every for fid, every in self.timers.items()}
        while True:
            fid, at = min(due.items(), key=lambda kv: kv[1])
            if at >= until:
                await asyncio.sleep(max(0.0, until - time.monotonic()))
                return
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            await self._send(self._rerun(fragment_id=fid))
            await self._read_until_finished(page_run=False)
            self.reruns += 1
            due[fid] = at + self.timers[fid]

    def _rerun(self, fragment_id: str = "") -> BackMsg:
        msg = BackMsg()
        msg.rerun_script.query_string = urlencode(self.query)
        msg.rerun_script.page_name = self.page
        if fragment_id:
            msg.rerun_script.fragment_id = fragment_id
            msg.rerun_script.is_auto_rerun = True
        return msg

    async def _send(self, msg: BackMsg) -> None:
        await self.ws.send(msg.SerializeToString())

    async def _read_until_finished(self, page_run: bool, timeout: float = 120) -> None:
        async with asyncio.timeout(timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "auto_rerun":
                    self.timers[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
                elif kind == "stop_auto_rerun":
                    for fid in fwd.stop_auto_rerun.fragment_ids:
                        self.timers.pop(fid, None)
                elif kind == "script_finished":
                    status = fwd.script_finished
                    if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    if page_run and status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                        continue  # a fragment's run while the page is still coming
                    return


async def _idle_tabs(port: int, tabs: int, window: float, pid: int) -> dict:
    sessions = [IdleTab(port, {"years": str(2019 + i % 6)} if i % 2 else {}) for i in range(tabs)]
    for s in sessions:
        await s.__aenter__()
    try:
        for s in sessions:  # one after the other: the pages' own cost is not what is measured
            await s.open()
        await asyncio.sleep(2.0)  # let the last page's work settle
        start, cpu = time.monotonic(), cpu_seconds(pid)
        await asyncio.gather(*(s.idle(start + window) for s in sessions))
        used = cpu_seconds(pid) - cpu
        elapsed = time.monotonic() - start
    finally:
        for s in sessions:
            await s.__aexit__(None, None, None)
    return {
        "cpu": used,
        "seconds": elapsed,
        "share": used / elapsed,
        "reruns": sum(s.reruns for s in sessions),
        "timers": sorted({every for s in sessions for every in s.timers.values()}),
    }


def bench_idle(path: Path | None = None, *, tabs: int = TABS, window: float = WINDOW, root: Path | None = None) -> dict:
    """Server CPU over `window` seconds with no tab, then with `tabs` idle tabs, on the app at `root` (this
    checkout by default) serving `path` (the curated data by default)."""
    from tests.conftest import ROOT, start_server

    srv = start_server(Path(tempfile.mkdtemp(prefix="bench-idle-")), events_file=path, root=root or ROOT)
    try:
        time.sleep(2.0)
        cpu = cpu_seconds(srv.proc.pid)
        time.sleep(window)
        floor = (cpu_seconds(srv.proc.pid) - cpu) / window
        out = _in_own_loop(lambda: _idle_tabs(srv.port, tabs, window, srv.proc.pid))
        return out | {"floor": floor, "tabs": tabs, "window": window}
    finally:
        srv.stop()

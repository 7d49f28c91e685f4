"""One watcher of the data file per server process, so that an open tab left idle costs nothing.

Each session, on each run, tells the watcher which file it drew and that file's signature (modification time
and size). A single thread stats each watched file once a second and reruns every session that drew another
version, as Streamlit itself reruns the open sessions when a source file is saved (`runOnSave`): with the
session's last client state (its page and query string), as a whole-app run. A tab that nobody touches sends
nothing and runs nothing; before, each tab reran a fragment every two seconds to stat the file itself, and
with twenty tabs open the server spent about 60 % of a core on it.

Outside a running server (AppTest, scripts) there is no session to rerun and no thread is started; a run
still compares the file with what it loaded (ui/data.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

INTERVAL = 1.0  # seconds between two checks of the file: a save shows within about a second and a rerun


Signature = tuple[int, int] | None


class Watcher:
    """The sessions to rerun when the file they drew changes; `check()` is one pass of the thread."""

    def __init__(
        self,
        stat: Callable[[Path], Signature],
        rerun: Callable[[str], bool],
        alive: Callable[[str], bool],
        interval: float = INTERVAL,
    ):
        self._stat = stat
        self._rerun = rerun
        self._alive = alive
        self.interval = interval
        self._drawn: dict[str, tuple[Path, Signature]] = {}  # session id -> (file, signature drawn)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def drew(self, session_id: str, path: Path, signature: Signature) -> None:
        """Session `session_id` has just drawn `path` as it was at `signature`."""
        with self._lock:
            self._drawn[session_id] = (path, signature)

    def sessions(self) -> int:
        with self._lock:
            return len(self._drawn)

    def check(self) -> list[str]:
        """Stat each watched file once; rerun the sessions that drew another version. The sessions rerun."""
        with self._lock:
            drawn = dict(self._drawn)
        now = {path: self._stat(path) for path in {p for p, _ in drawn.values()}}
        rerun = []
        for session_id, (path, signature) in drawn.items():
            if now[path] == signature:
                continue
            alive = self._rerun(session_id)
            with self._lock:
                if self._drawn.get(session_id) != (path, signature):
                    continue  # the session ran again meanwhile and said what it drew
                if alive:  # asked once: its run will say what it drew
                    self._drawn[session_id] = (path, now[path])
                else:  # closed
                    del self._drawn[session_id]
            if alive:
                rerun.append(session_id)
        return rerun

    def start(self) -> None:
        """Start the thread (once)."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._loop, name="data-file-watcher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def forget_closed(self) -> None:
        """Drop the sessions that are gone (closed tabs), so that the watcher does not grow."""
        with self._lock:
            for session_id in [s for s in self._drawn if not self._alive(s)]:
                del self._drawn[session_id]

    def _loop(self) -> None:
        passes = 0
        while not self._stop.wait(self.interval):
            passes += 1
            try:
                self.check()
                if passes % _FORGET_EVERY == 0:
                    self.forget_closed()
            except Exception:  # a failed pass must not end the watching; the next one tries again
                continue


_FORGET_EVERY = 60  # passes between two clean-ups of closed sessions


def rerun_session(session_id: str) -> bool:
    """Rerun the whole app in session `session_id` as its tab last asked for it (page, query string); False
    when the session is gone.

    This is what Streamlit does on a saved source file with `runOnSave`: `request_rerun` with the session's
    last client state, whose fragment is cleared so that the whole page runs."""
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime import Runtime

    if not session_alive(session_id):
        return False
    session = Runtime.instance().get_app_session(session_id)
    if session is None:
        return False
    state = ClientState()
    state.CopyFrom(session._client_state)  # the page and query string of its last run (no public accessor)
    state.fragment_id = ""
    state.is_auto_rerun = False
    session.request_rerun(state)
    return True


def session_alive(session_id: str) -> bool:
    """True while the tab of session `session_id` is connected."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and Runtime.instance().is_active_session(session_id)


def drew(path: Path, signature: Signature) -> None:
    """This session (the one running) has drawn `path` as it was at `signature`: rerun it when the file changes.
    Nothing outside a running server."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and Runtime.exists():
        watcher().drew(ctx.session_id, path, signature)


_WATCHER: Watcher | None = None
_LOCK = threading.Lock()


def watcher() -> Watcher:
    """The watcher of this server process, its thread started on first use."""
    global _WATCHER
    with _LOCK:
        if _WATCHER is None:
            from .data import signature

            _WATCHER = Watcher(signature, rerun_session, session_alive)
            _WATCHER.start()
        return _WATCHER

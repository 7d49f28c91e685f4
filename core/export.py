"""Server-side image export of figures with kaleido and Debian's chromium, one browser kept alive."""

from __future__ import annotations

import threading
import warnings

import plotly.graph_objects as go
import plotly.io as pio

REPORT_SIZE = (1200, 675)
_lock = threading.Lock()
_server_started = False


def _ensure_server() -> None:
    """Start kaleido's browser once per process; later images take ~0.2 s instead of ~2 s."""
    global _server_started
    if not _server_started:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        _server_started = True


def to_image(fig: go.Figure, fmt: str, *, width: int = REPORT_SIZE[0], height: int = REPORT_SIZE[1]) -> bytes:
    """The figure as PNG (at 2x) or SVG bytes, at a fixed report size, with its title and source line."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"expected png or svg, found {fmt!r}")
    scale = 2 if fmt == "png" else 1
    with _lock:
        _ensure_server()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale)


def to_csv(frame) -> bytes:
    """The data behind a chart as UTF-8 CSV with a byte-order mark, so spreadsheet programs keep the diacritics."""
    return frame.to_csv(index=False).encode("utf-8-sig")

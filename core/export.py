"""What the app writes for users to take away: images of figures (kaleido and Debian's chromium, one browser kept
alive) and CSV files that spreadsheets open safely."""

from __future__ import annotations

import threading
import warnings

import pandas as pd
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

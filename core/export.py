"""What the app writes for users to take away: images of figures (kaleido and Debian's chromium, one browser kept
alive) and CSV files that spreadsheets open safely."""

from __future__ import annotations

import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from core.i18n import LABELS, label

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
    if fmt not in ("png", "svg"):
        raise ValueError(f"expected png or svg, found {fmt!r}")
    scale = scale or (2 if fmt == "png" else 1)
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

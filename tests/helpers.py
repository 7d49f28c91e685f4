"""Tiny frames shaped like the loader's, and a decoder for plotly 7's binary arrays in `fig.to_dict()`."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd

_DT = "datetime64[s]"


def decode(value):
    """A plain list from a plotly array, whether a list or {"dtype", "bdata"} (plotly 7 writes the latter)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return array.reshape(value["shape"]).tolist() if "shape" in value else array.tolist()
    if isinstance(value, tuple | np.ndarray):
        return list(value)
    return value


def _end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The inclusive last day of a month or year, as the loader computes it."""
    if precision == "month":
        return start + pd.offsets.MonthEnd(0)
    if precision == "year":
        return pd.Timestamp(year=start.year, month=12, day=31)
    return start


def event_frame(rows: list[dict]) -> pd.DataFrame:
    """An events frame with every loader column; each row gives at least id, title, start."""
    out = []
    for r in rows:
        start = pd.Timestamp(r["start"])
        precision = r.get("precision", "day")
        out.append(
            {
                "id": r["id"],
                "title": r["title"],
                "title_en": r.get("title_en", r["title"]),
                "start": start,
                "end": pd.Timestamp(r["end"]) if "end" in r else _end(start, precision),
                "precision": precision,
                "kind": r.get("kind", "conference"),
                "level": r.get("level", "provincial"),
                "organiser": r.get("organiser", "Tỉnh ủy An Giang"),
                "organiser_en": r.get("organiser_en", "An Giang Provincial Party Committee"),
                "place": None,
                "place_en": None,
                "summary": r.get("summary", "Tóm tắt"),
                "summary_en": "Summary",
                "year": start.year,
                "cycle": r.get("cycle", "xiii" if start < pd.Timestamp("2021-03-01") else "xiv"),
                "months_before_congress": r.get("months_before_congress"),
                "n_tasks": r.get("n_tasks", 0),
                "n_tasks_done": r.get("n_tasks_done", 0),
                "n_figures": 0,
                "n_sources": 1,
                "date_basis": "article",
            }
        )
    frame = pd.DataFrame(out)
    for col in ("start", "end"):
        frame[col] = frame[col].astype(_DT)
    frame["months_before_congress"] = frame["months_before_congress"].astype("Int64")
    return frame


def task_frame(rows: list[dict]) -> pd.DataFrame:
    """A tasks frame; each row gives event_id, category, status, start and optionally months_before_congress."""
    out = []
    for r in rows:
        start = pd.Timestamp(r["start"])
        out.append(
            {
                "event_id": r["event_id"],
                "event_title": r.get("event_title", f"Sự kiện {r['event_id']}"),
                "event_title_en": r.get("event_title_en", f"Event {r['event_id']}"),
                "text": r.get("text", "Nhiệm vụ"),
                "text_en": "Task",
                "category": r["category"],
                "status": r["status"],
                "start": start,
                "year": start.year,
                "cycle": r.get("cycle", "xiii"),
                "months_before_congress": r.get("months_before_congress", 0),
            }
        )
    frame = pd.DataFrame(out)
    frame["start"] = frame["start"].astype(_DT)
    frame["months_before_congress"] = frame["months_before_congress"].astype("Int64")
    return frame


def document_frame(rows: list[dict]) -> pd.DataFrame:
    """A documents frame; each row gives id, number, kind and optionally date and precision."""
    out = []
    for r in rows:
        date = pd.Timestamp(r["date"]) if r.get("date") else pd.NaT
        out.append(
            {
                "id": r["id"],
                "number": r["number"],
                "kind": r["kind"],
                "issuer": r.get("issuer", "Bộ Chính trị"),
                "issuer_en": r.get("issuer_en", "Politburo"),
                "date": date,
                "precision": r.get("precision", "day") if r.get("date") else None,
                "date_basis": "article",
                "status": r.get("status", "issued"),
                "title": r.get("title", "Về đại hội đảng bộ các cấp"),
                "title_en": r.get("title_en", "On Party congresses at all levels"),
                "n_events": r.get("n_events", 1),
            }
        )
    frame = pd.DataFrame(out)
    frame["date"] = frame["date"].astype(_DT)
    return frame


def cycle_frame() -> pd.DataFrame:
    """The two preparation cycles."""
    frame = pd.DataFrame(
        {
            "id": ["xiii", "xiv"],
            "name": ["Chu kỳ chuẩn bị Đại hội XIII", "Chu kỳ chuẩn bị Đại hội XIV"],
            "name_en": ["Run-up to the 13th Congress", "Run-up to the 14th Congress"],
            "congress": ["Đại hội XIII", "Đại hội XIV"],
            "congress_en": ["13th Congress", "14th Congress"],
            "start": ["2019-05-30", "2021-02-02"],
            "congress_start": ["2021-01-25", "2026-01-19"],
            "congress_end": ["2021-02-01", "2026-01-23"],
            "end": ["2021-02-01", "2026-01-23"],
        }
    )
    for col in ("start", "congress_start", "congress_end", "end"):
        frame[col] = pd.to_datetime(frame[col]).astype(_DT)
    return frame


def phase_frame() -> pd.DataFrame:
    """A few phases inside the cycles."""
    frame = pd.DataFrame(
        {
            "cycle": ["xiii", "xiii", "xiv"],
            "name": ["Đại hội cấp cơ sở", "Đại hội đảng bộ tỉnh", "Đại hội cấp cơ sở"],
            "name_en": ["Grassroots congresses", "Provincial congresses", "Grassroots congresses"],
            "start": ["2020-03-01", "2020-08-01", "2025-04-01"],
            "end": ["2020-06-30", "2020-10-31", "2025-06-30"],
        }
    )
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col]).astype(_DT)
    return frame


def synthetic_events(n: int, seed: int = 1) -> pd.DataFrame:
    """`n` random events over 2019–2024, a tenth known only to the month and a twentieth to the year."""
    rng = np.random.default_rng(seed)
    kinds = np.array(["briefing", "conference", "plenum", "congress", "election", "issuance", "decision"])
    starts = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 6 * 365, n), unit="D")
    precision = rng.choice(np.array(["day", "month", "year"]), n, p=[0.85, 0.1, 0.05])
    starts = pd.DatetimeIndex(
        [
            s.replace(day=1) if p == "month" else s.replace(month=1, day=1) if p == "year" else s
            for s, p in zip(starts, precision, strict=True)
        ]
    )
    rows = [
        {
            "id": f"ev-{i:06d}",
            "title": f"Hội nghị triển khai công tác tổ chức xây dựng Đảng số {i}",
            "title_en": f"Conference on organisation-building work no. {i}",
            "start": s,
            "precision": p,
            "kind": k,
            "level": "central" if i % 5 == 0 else "provincial",
        }
        for i, (s, p, k) in enumerate(zip(starts, precision, rng.choice(kinds, n), strict=True))
    ]
    return event_frame(rows)

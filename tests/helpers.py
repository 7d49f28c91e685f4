"""Tiny frames shaped like the loader's, and a decoder for plotly 7's binary arrays in `fig.to_dict()`."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import DEFAULT_PATH

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


# --- hostile curator text in a copy of the real data ----------------------------------------------

HOSTILE_FIELDS = ("title", "title_en", "summary", "summary_en", "text", "text_en")


def _replace_scalar(lines: list[str], start: int, end: int, key: str, value: str) -> None:
    """Replace the first `key:` scalar in lines[start:end] (one line, or a folded block under it) by `value`."""
    for i in range(start, end):
        stripped = lines[i].lstrip(" -")
        if stripped.startswith(f"{key}:"):
            column = len(lines[i]) - len(stripped)
            j = i + 1
            while j < len(lines) and lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) > column:
                j += 1
            lines[i:j] = [f"{lines[i][:column]}{key}: {json.dumps(value, ensure_ascii=False)}"]
            return
    raise LookupError(f"no {key}: in lines {start}-{end}")


def hostile_data(folder: Path, event_id: str, texts: dict[str, str]) -> Path:
    """A copy of the data (with its seeds, so quotes still check) where the event `event_id` has `texts` for its
    title, title_en, summary, summary_en and its first task's text and text_en (keys of HOSTILE_FIELDS)."""
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {event_id}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: "))
    tasks = next(i for i in range(start, end) if lines[i].strip() == "tasks:")
    # from the bottom up, so the line numbers above stay right
    for key in ("text_en", "text"):
        if key in texts:
            _replace_scalar(lines, tasks, end, key, texts[key])
    for key in ("summary_en", "summary", "title_en", "title"):
        if key in texts:
            _replace_scalar(lines, start, end, key, texts[key])
    path = folder / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(DEFAULT_PATH.parent / "seeds", folder / "seeds")
    return path


# --- PDF files, read with poppler-utils (installed with chromium by `make test` and CI) -------------


def _poppler(tool: str, data: bytes, *args: str) -> str:
    """Run a poppler-utils tool on a PDF given as bytes (on standard input) and return what it prints."""
    done = subprocess.run([tool, *args, "-", "-"] if tool == "pdftotext" else [tool, "-"], input=data,
                          capture_output=True, check=True, timeout=120)  # fmt: skip
    return done.stdout.decode("utf-8")


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has."""
    info = _poppler("pdfinfo", data)
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(data: bytes) -> str:
    """The text of a PDF, in reading order, as UTF-8."""
    return _poppler("pdftotext", data, "-enc", "UTF-8")


def pdf_page_mm(data: bytes) -> tuple[float, float]:
    """The size of a PDF's first page in millimetres (width, height)."""
    info = _poppler("pdfinfo", data)
    line = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, _, height = line.split(":", 1)[1].split()[:3]
    return round(float(width) * 25.4 / 72, 1), round(float(height) * 25.4 / 72, 1)

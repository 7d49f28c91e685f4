"""pandas frames derived from the typed model: one row per event, task, document, person, figure, quote."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.words import short_label

from .model import Cycle, Model

_DT = "datetime64[s]"


def _dates(values) -> pd.Series:
    return pd.Series(pd.to_datetime(values), dtype=_DT) if values else pd.Series([], dtype=_DT)


def cycle_of(day: dt.date, cycles: tuple[Cycle, ...]) -> str | None:
    """The id of the preparation cycle that contains `day`, or None."""
    for c in cycles:
        if c.start <= day <= c.end:
            return c.id
    return None


def months_before(day: dt.date, congress: dt.date) -> int:
    """Whole calendar months from `day` to `congress` (positive before the congress)."""
    return (congress.year - day.year) * 12 + (congress.month - day.month)


def build_frames(model: Model) -> dict[str, pd.DataFrame]:
    """Every frame the dashboard reads, keyed by name."""
    cycles = model.cycles
    congress = {c.id: c.congress_start for c in cycles}
    ev_cols: dict[str, list] = {
        k: []
        for k in [
            "id",
            "title",
            "title_en",
            "short",
            "short_en",
            "start",
            "end",
            "precision",
            "kind",
            "level",
            "organiser",
            "organiser_en",
            "place",
            "place_en",
            "summary",
            "summary_en",
            "year",
            "cycle",
            "months_before_congress",
            "n_tasks",
            "n_tasks_done",
            "n_tasks_proposed",
            "n_figures",
            "n_sources",
            "n_people",
            "date_basis",
            "date_note",
        ]
    }
    tasks: list[tuple] = []
    people: list[tuple] = []
    figures: list[tuple] = []
    links: list[tuple] = []
    quotes: list[tuple] = []
    for e in model.events:
        start = e.start
        cycle = cycle_of(start, cycles)
        n_done = n_proposed = 0
        before = months_before(start, congress[cycle]) if cycle else None
        for t in e.tasks:
            n_done += t.status == "done"
            n_proposed += t.status == "proposed"
            tasks.append(
                (
                    e.id,
                    e.title,
                    e.title_en,
                    t.text,
                    t.text_en,
                    t.category,
                    t.status,
                    start,
                    t.year(start.year),
                    start.year,
                    cycle,
                    before,
                )
            )
        for p in e.people:
            people.append((e.id, p.name, p.role, p.role_en, p.part))
        for f in e.figures:
            figures.append((e.id, f.value, f.total, f.unit, f.unit_en, f.label, f.label_en))
        for d in e.documents:
            links.append((e.id, d.document, d.relation))
        for q in e.sources:
            quotes.append(("event", e.id, q.source, q.quote, q.note))
        for k, value in (
            ("id", e.id),
            ("title", e.title),
            ("title_en", e.title_en),
            ("short", e.short or short_label(e.title)),
            ("short_en", e.short_en or short_label(e.title_en)),
            ("start", start),
            ("end", e.last_day),
            ("precision", e.precision),
            ("kind", e.kind),
            ("level", e.level),
            ("organiser", e.organiser),
            ("organiser_en", e.organiser_en),
            ("place", e.place),
            ("place_en", e.place_en),
            ("summary", e.summary),
            ("summary_en", e.summary_en),
            ("year", start.year),
            ("cycle", cycle),
            ("months_before_congress", before),
            ("n_tasks", len(e.tasks)),
            ("n_tasks_done", n_done),
            ("n_tasks_proposed", n_proposed),
            ("n_figures", len(e.figures)),
            ("n_sources", len(e.sources)),
            ("n_people", len(e.people)),
            ("date_basis", e.date_basis),
            ("date_note", e.date_note),
        ):
            ev_cols[k].append(value)
    events = pd.DataFrame(ev_cols)
    events["start"] = _dates(ev_cols["start"])
    events["end"] = _dates(ev_cols["end"])
    for k in ("year", "n_tasks", "n_tasks_done", "n_tasks_proposed", "n_figures", "n_sources", "n_people"):
        events[k] = events[k].astype("int64")
    events["months_before_congress"] = events["months_before_congress"].astype("Int64")

    task_df = pd.DataFrame(
        tasks,
        columns=[
            "event_id",
            "event_title",
            "event_title_en",
            "text",
            "text_en",
            "category",
            "status",
            "start",
            "year",
            "set_year",
            "cycle",
            "months_before_congress",
        ],
    )
    task_df["start"] = _dates([t[7] for t in tasks])
    task_df["year"] = task_df["year"].astype("int64")
    task_df["set_year"] = task_df["set_year"].astype("int64")
    task_df["months_before_congress"] = task_df["months_before_congress"].astype("Int64")

    links_df = pd.DataFrame(links, columns=["event_id", "document_id", "relation"])
    n_events = links_df.groupby("document_id")["event_id"].nunique() if links else pd.Series(dtype="int64")
    docs = pd.DataFrame(
        {
            "id": [d.id for d in model.documents],
            "number": [d.number for d in model.documents],
            "kind": [d.kind for d in model.documents],
            "issuer": [d.issuer for d in model.documents],
            "issuer_en": [d.issuer_en for d in model.documents],
            "date": _dates([d.date.value if d.date else None for d in model.documents]),
            "end": _dates([d.date.last_day if d.date else None for d in model.documents]),
            "precision": [d.date.precision if d.date else None for d in model.documents],
            "date_basis": [d.date_basis for d in model.documents],
            "date_note": [d.date_note for d in model.documents],
            "status": [d.status for d in model.documents],
            "title": [d.title for d in model.documents],
            "title_en": [d.title_en for d in model.documents],
        }
    )
    docs["n_events"] = docs["id"].map(n_events).fillna(0).astype("int64")
    for d in model.documents:
        for q in d.sources:
            quotes.append(("document", d.id, q.source, q.quote, q.note))

    for c in cycles:
        for q in c.sources:
            quotes.append(("cycle", c.id, q.source, q.quote, q.note))
    quotes_df = pd.DataFrame(quotes, columns=["owner_kind", "owner_id", "source", "quote", "note"])
    n_quotes = quotes_df.groupby("source").size()
    sources = pd.DataFrame(
        {
            "id": [s.id for s in model.sources],
            "outlet": [s.outlet for s in model.sources],
            "title": [s.title for s in model.sources],
            "title_en": [s.title_en for s in model.sources],
            "published": _dates([s.published.value if s.published else None for s in model.sources]),
            "published_precision": [s.published.precision if s.published else None for s in model.sources],
            "author": [s.author for s in model.sources],
            "language": [s.language for s in model.sources],
            "kind": [s.kind for s in model.sources],
            "seed": [s.seed for s in model.sources],
            "url": [s.url for s in model.sources],
            "accessed": _dates([s.accessed for s in model.sources]),
            "note": [s.note for s in model.sources],
        }
    )
    sources["n_quotes"] = sources["id"].map(n_quotes).fillna(0).astype("int64")

    cycle_df = pd.DataFrame(
        {
            "id": [c.id for c in cycles],
            "name": [c.name for c in cycles],
            "name_en": [c.name_en for c in cycles],
            "congress": [c.congress for c in cycles],
            "congress_en": [c.congress_en for c in cycles],
            **{k: _dates([getattr(c, k) for c in cycles]) for k in ("start", "congress_start", "congress_end", "end")},
            "date_basis": [c.date_basis for c in cycles],
            "date_note": [c.date_note for c in cycles],
        }
    )
    phase_rows = [(c.id, p.name, p.name_en, p.start, p.end) for c in cycles for p in c.phases]
    phases = pd.DataFrame(phase_rows, columns=["cycle", "name", "name_en", "start", "end"])
    phases["start"] = _dates([r[3] for r in phase_rows])
    phases["end"] = _dates([r[4] for r in phase_rows])

    return {
        "events": events,
        "tasks": task_df,
        "documents": docs,
        "doc_links": links_df,
        "people": pd.DataFrame(people, columns=["event_id", "name", "role", "role_en", "part"]),
        "figures": pd.DataFrame(
            figures, columns=["event_id", "value", "total", "unit", "unit_en", "label", "label_en"]
        ),
        "quotes": quotes_df,
        "sources": sources,
        "cycles": cycle_df,
        "phases": phases,
    }

"""pandas frames derived from the typed model: one row per event, task, document, person, figure, quote.

One function per frame, from the model and, where a frame counts rows of another, that frame;
`build_frames` composes them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.words import short_label

from .model import RECORDS, Cycle, Document, Event, Model, Source

_DT = "datetime64[s]"


def _dates(values) -> pd.Series:
    return pd.Series(pd.to_datetime(values), dtype=_DT) if values else pd.Series([], dtype=_DT)


def _ints(values) -> pd.Series:
    return pd.Series(values, dtype="int64")


_AS_READ = frozenset({"text", "longtext", "label", "slug", "enum", "number", "url"})


def as_read(records, cls: type, *, but: tuple[str, ...] = ()) -> dict[str, list]:
    """A column for each field of `cls` that a frame holds as it was read (texts, codes, numbers, addresses), by
    the field's name, in the contract's order; `but` those the frame derives itself. So a field added to the
    contract (loaders/schema.py) and its record class reaches the frame with nothing written here."""
    fields = RECORDS[cls].fields
    return {
        name: [getattr(r, name) for r in records]
        for name, spec in fields.items()
        if spec.kind in _AS_READ and name not in but
    }


def cycle_of(day: dt.date, cycles: tuple[Cycle, ...]) -> str | None:
    """The id of the preparation cycle that contains `day`, or None."""
    for c in cycles:
        if c.start <= day <= c.end:
            return c.id
    return None


def months_before(day: dt.date, congress: dt.date) -> int:
    """Whole calendar months from `day` to `congress` (positive before the congress)."""
    return (congress.year - day.year) * 12 + (congress.month - day.month)


def _placed(model: Model) -> list[tuple[str | None, int | None]]:
    """For each event, its cycle and the whole months from its start to that cycle's congress (None outside one)."""
    congress = {c.id: c.congress_start for c in model.cycles}
    out = []
    for e in model.events:
        cycle = cycle_of(e.start, model.cycles)
        out.append((cycle, months_before(e.start, congress[cycle]) if cycle else None))
    return out


def events_frame(model: Model) -> pd.DataFrame:
    """One row per event: its fields as read, its labels, its dates as known, its cycle, and how many parts of each
    kind it has."""
    events = model.events
    placed = _placed(model)
    return pd.DataFrame(
        {
            **as_read(events, Event, but=("short", "short_en", "precision")),
            "short": [e.short or short_label(e.title) for e in events],
            "short_en": [e.short_en or short_label(e.title_en) for e in events],
            "start": _dates([e.start for e in events]),
            "end": _dates([e.last_day for e in events]),
            "precision": [e.precision for e in events],
            "year": _ints([e.start.year for e in events]),
            "cycle": [cycle for cycle, _ in placed],
            "months_before_congress": pd.Series([before for _, before in placed], dtype="Int64"),
            "n_tasks": _ints([len(e.tasks) for e in events]),
            "n_tasks_done": _ints([sum(t.status == "done" for t in e.tasks) for e in events]),
            "n_tasks_proposed": _ints([sum(t.status == "proposed" for t in e.tasks) for e in events]),
            "n_figures": _ints([len(e.figures) for e in events]),
            "n_sources": _ints([len(e.sources) for e in events]),
            "n_people": _ints([len(e.people) for e in events]),
        }
    )


def tasks_frame(model: Model) -> pd.DataFrame:
    """One row per task, with its event's titles and start, the year it is for, and its event's cycle."""
    rows = [
        (
            e.id,
            e.title,
            e.title_en,
            t.text,
            t.text_en,
            t.category,
            t.status,
            e.start,
            t.year(e.start.year),
            e.start.year,
            cycle,
            before,
        )
        for e, (cycle, before) in zip(model.events, _placed(model), strict=True)
        for t in e.tasks
    ]
    tasks = pd.DataFrame(
        rows,
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
    tasks["start"] = _dates([r[7] for r in rows])
    tasks["year"] = tasks["year"].astype("int64")
    tasks["set_year"] = tasks["set_year"].astype("int64")
    tasks["months_before_congress"] = tasks["months_before_congress"].astype("Int64")
    return tasks


def doc_links_frame(model: Model) -> pd.DataFrame:
    """One row per document an event names, with how (issued, deployed, discussed, named)."""
    rows = [(e.id, d.document, d.relation) for e in model.events for d in e.documents]
    return pd.DataFrame(rows, columns=["event_id", "document_id", "relation"])


def documents_frame(model: Model, doc_links: pd.DataFrame) -> pd.DataFrame:
    """One row per document, its date as known, and the number of events that name it."""
    docs = model.documents
    frame = pd.DataFrame(
        {
            **as_read(docs, Document),
            "date": _dates([d.date.value if d.date else None for d in docs]),
            "end": _dates([d.date.last_day if d.date else None for d in docs]),
            "precision": [d.date.precision if d.date else None for d in docs],
        }
    )
    n_events = doc_links.groupby("document_id")["event_id"].nunique() if len(doc_links) else pd.Series(dtype="int64")
    frame["n_events"] = frame["id"].map(n_events).fillna(0).astype("int64")
    return frame


def people_frame(model: Model) -> pd.DataFrame:
    """One row per person at an event, with their role at the time."""
    rows = [(e.id, p.name, p.role, p.role_en, p.part) for e in model.events for p in e.people]
    return pd.DataFrame(rows, columns=["event_id", "name", "role", "role_en", "part"])


def figures_frame(model: Model) -> pd.DataFrame:
    """One row per number an event's source reports."""
    rows = [(e.id, f.value, f.total, f.unit, f.unit_en, f.label, f.label_en) for e in model.events for f in e.figures]
    return pd.DataFrame(rows, columns=["event_id", "value", "total", "unit", "unit_en", "label", "label_en"])


def quotes_frame(model: Model) -> pd.DataFrame:
    """One row per citation, of the events, then the documents, then the cycles."""
    rows = [
        (kind, owner.id, q.source, q.quote, q.note)
        for kind, owners in (("event", model.events), ("document", model.documents), ("cycle", model.cycles))
        for owner in owners
        for q in owner.sources
    ]
    return pd.DataFrame(rows, columns=["owner_kind", "owner_id", "source", "quote", "note"])


def sources_frame(model: Model, quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per source, and the number of citations of it."""
    sources = model.sources
    frame = pd.DataFrame(
        {
            **as_read(sources, Source),
            "published": _dates([s.published.value if s.published else None for s in sources]),
            "published_precision": [s.published.precision if s.published else None for s in sources],
            "accessed": _dates([s.accessed for s in sources]),
        }
    )
    frame["n_quotes"] = frame["id"].map(quotes.groupby("source").size()).fillna(0).astype("int64")
    return frame


def cycles_frame(model: Model) -> pd.DataFrame:
    """One row per preparation cycle, with its congress's dates."""
    cycles = model.cycles
    return pd.DataFrame(
        {
            **as_read(cycles, Cycle),
            **{k: _dates([getattr(c, k) for c in cycles]) for k in ("start", "congress_start", "congress_end", "end")},
        }
    )


def phases_frame(model: Model) -> pd.DataFrame:
    """One row per phase of a cycle."""
    rows = [(c.id, p.name, p.name_en, p.start, p.end) for c in model.cycles for p in c.phases]
    phases = pd.DataFrame(rows, columns=["cycle", "name", "name_en", "start", "end"])
    phases["start"] = _dates([r[3] for r in rows])
    phases["end"] = _dates([r[4] for r in rows])
    return phases


def build_frames(model: Model) -> dict[str, pd.DataFrame]:
    """Every frame the dashboard reads, keyed by name (the frame fields of `Dataset`)."""
    doc_links = doc_links_frame(model)
    quotes = quotes_frame(model)
    return {
        "events": events_frame(model),
        "tasks": tasks_frame(model),
        "documents": documents_frame(model, doc_links),
        "doc_links": doc_links,
        "people": people_frame(model),
        "figures": figures_frame(model),
        "quotes": quotes,
        "sources": sources_frame(model, quotes),
        "cycles": cycles_frame(model),
        "phases": phases_frame(model),
    }

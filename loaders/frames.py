"""pandas frames derived from the typed model: one row per event, task, document, person, figure, quote.

One function per frame, from the model and, where a frame counts rows of another, that frame;
`build_frames` composes them."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable

import pandas as pd

from core.words import short_label

from .model import RECORDS, Cycle, DocRef, Document, Event, Figure, Model, Person, Phase, Quote, Source, Task, attribute

_DT = "datetime64[s]"


def _dates(values) -> pd.Series:
    return pd.Series(pd.to_datetime(values), dtype=_DT) if values else pd.Series([], dtype=_DT)


def _ints(values) -> pd.Series:
    return pd.Series(values, dtype="int64")


_AS_READ = frozenset({"text", "longtext", "label", "slug", "enum", "number", "url"})


def _read_names(cls: type, but: tuple[str, ...]) -> list[str]:
    """The fields of `cls` that a frame holds as they were read (texts, codes, numbers, addresses), in the contract's
    order; `but` those the frame derives itself. So a field added to the contract (loaders/schema.py) reaches the
    frame with nothing written here."""
    return [name for name, spec in RECORDS[cls].fields.items() if spec.kind in _AS_READ and name not in but]


def as_read(records, cls: type, *, but: tuple[str, ...] = ()) -> dict[str, list]:
    """A column for each field of `cls` held as read (`_read_names`), by the field's name."""
    return {name: [getattr(r, attribute(name)) for r in records] for name in _read_names(cls, but)}


def read_fields(cls: type, *, but: tuple[str, ...] = ()) -> tuple[list[str], Callable[[object], tuple]]:
    """The fields of `cls` held as read (`_read_names`), and a function giving a record's values of them as a tuple:
    for frames built from rows of tuples, which pandas makes far faster than from a list per column."""
    names = _read_names(cls, but)
    if not names:
        return names, lambda record: ()
    get = operator.attrgetter(*map(attribute, names))
    return names, (get if len(names) > 1 else lambda record: (get(record),))


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
    names, values = read_fields(Task)
    rows = [
        (e.id, e.title, e.title_en, *values(t), e.start, t.year(e.start.year), e.start.year, cycle, before)
        for e, (cycle, before) in zip(model.events, _placed(model), strict=True)
        for t in e.tasks
    ]
    columns = ["event_id", "event_title", "event_title_en", *names]
    tasks = pd.DataFrame(rows, columns=[*columns, "start", "year", "set_year", "cycle", "months_before_congress"])
    tasks["start"] = _dates(tasks["start"].tolist())
    tasks["year"] = tasks["year"].astype("int64")
    tasks["set_year"] = tasks["set_year"].astype("int64")
    tasks["months_before_congress"] = tasks["months_before_congress"].astype("Int64")
    return tasks


def _parts(model: Model, cls: type, owner: str, field: str) -> pd.DataFrame:
    """One row per part of the events held in their list `field` (people, figures, documents named), with the
    event's id in the column `owner`."""
    names, values = read_fields(cls)
    rows = [(e.id, *values(part)) for e in model.events for part in getattr(e, field)]
    return pd.DataFrame(rows, columns=[owner, *names])


def doc_links_frame(model: Model) -> pd.DataFrame:
    """One row per document an event names, with how (issued, deployed, discussed, named)."""
    return _parts(model, DocRef, "event_id", "documents").rename(columns={"document": "document_id"})


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
    return _parts(model, Person, "event_id", "people")


def figures_frame(model: Model) -> pd.DataFrame:
    """One row per number an event's source reports."""
    return _parts(model, Figure, "event_id", "figures")


def quotes_frame(model: Model) -> pd.DataFrame:
    """One row per citation, of the events, then the documents, then the cycles."""
    names, values = read_fields(Quote)
    rows = [
        (kind, owner.id, *values(q))
        for kind, owners in (("event", model.events), ("document", model.documents), ("cycle", model.cycles))
        for owner in owners
        for q in owner.sources
    ]
    return pd.DataFrame(rows, columns=["owner_kind", "owner_id", *names])


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
    names, values = read_fields(Phase)
    held = [(c.id, p) for c in model.cycles for p in c.phases]
    phases = pd.DataFrame([(cycle, *values(p)) for cycle, p in held], columns=["cycle", *names])
    phases["start"] = _dates([p.start for _, p in held])
    phases["end"] = _dates([p.end for _, p in held])
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

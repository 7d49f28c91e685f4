"""Typed records of the curated data, built from checked YAML, and the checks across records."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import Problems, Text, pattern, shown
from .reader import Date, Obj


@dataclass(frozen=True, slots=True)
class Quote:
    """A citation: a verbatim quote from a seed article, or a note on what a reference page states."""

    source: str
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    title_en: str
    language: str
    kind: str
    outlet: str | None = None
    published: Date | None = None
    author: str | None = None
    seed: str | None = None
    url: str | None = None
    accessed: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    number: str
    kind: str
    issuer: str
    issuer_en: str
    title: str
    title_en: str
    sources: tuple[Quote, ...]
    date: Date | None = None
    date_basis: str = "article"
    date_note: str | None = None
    status: str = "issued"


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    name_en: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Cycle:
    id: str
    name: str
    name_en: str
    congress: str
    congress_en: str
    start: dt.date
    congress_start: dt.date
    congress_end: dt.date
    end: dt.date
    date_basis: str
    date_note: str
    sources: tuple[Quote, ...] = ()
    phases: tuple[Phase, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    role_en: str
    part: str


@dataclass(frozen=True, slots=True)
class DocRef:
    document: str
    relation: str


@dataclass(frozen=True, slots=True)
class Task:
    text: str
    text_en: str
    category: str
    status: str
    period: Date | None = None  # `for` in the file: the year the task is for

    def year(self, event_year: int) -> int:
        """The year the task is for: its `for`, else the year of the event that set it."""
        return self.period.value.year if self.period is not None else event_year


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: str
    unit_en: str
    label: str
    label_en: str
    total: float | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    title_en: str
    date: Date
    kind: str
    level: str
    organiser: str
    organiser_en: str
    summary: str
    summary_en: str
    sources: tuple[Quote, ...]
    end: Date | None = None
    date_basis: str = "article"
    date_note: str | None = None
    place: str | None = None
    place_en: str | None = None
    short: str | None = None
    short_en: str | None = None
    people: tuple[Person, ...] = ()
    documents: tuple[DocRef, ...] = ()
    tasks: tuple[Task, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def start(self) -> dt.date:
        return self.date.value

    @property
    def last_day(self) -> dt.date:
        """The last day the event may cover, given the precision of its dates."""
        return (self.end or self.date).last_day

    @property
    def precision(self) -> str:
        """The coarser precision of the start and the end."""
        if self.end is None:
            return self.date.precision
        order = ("day", "month", "year")
        return max(self.date.precision, self.end.precision, key=order.index)


@dataclass(frozen=True, slots=True)
class Model:
    """Everything in one data file, as typed records."""

    sources: tuple[Source, ...]
    documents: tuple[Document, ...]
    cycles: tuple[Cycle, ...]
    events: tuple[Event, ...]


# The contract's record behind each class. The fields are the record's, by the same names (but `for`, a
# Python keyword, which Task calls `period`), required in the class exactly where the contract requires
# them; tests/test_loaders.py holds them to it.
RECORDS: dict[type, schema.Record] = {
    Quote: schema.QUOTE,
    Source: schema.SOURCE,
    Document: schema.DOCUMENT,
    Phase: schema.PHASE,
    Cycle: schema.CYCLE,
    Person: schema.PERSON,
    DocRef: schema.DOC_REF,
    Task: schema.TASK,
    Figure: schema.FIGURE,
    Event: schema.EVENT,
    Model: schema.ROOT,
}
RENAMED = {(Task, "period"): "for"}  # (class, attribute): the field's name in the file


def _quotes(objs) -> tuple[Quote, ...]:
    return tuple(Quote(o.values["source"], o.values.get("quote"), o.values.get("note")) for o in objs if _has(o, Quote))


@functools.cache
def _required(cls: type) -> tuple[str, ...]:
    return tuple(name for name, spec in RECORDS[cls].fields.items() if spec.required)


def _has(obj: Obj, cls: type) -> bool:
    """True when every field the contract requires of `cls` was read cleanly (a problem was reported otherwise)."""
    values = obj.values
    return all(f in values for f in _required(cls))


def _simple(cls: type, obj: Obj, **override):
    values = {k: v for k, v in obj.values.items() if k in cls.__dataclass_fields__}
    values.update(override)
    return cls(**values)


def build(root: Obj) -> Model:
    """Typed records from a checked root; a record with a broken required field is left out
    (its problem has been reported already)."""
    v = root.values
    sources = tuple(
        _simple(Source, o, accessed=o.values["accessed"].value if "accessed" in o.values else None)
        for o in v.get("sources", ())
        if _has(o, Source)
    )
    documents = tuple(
        _simple(Document, o, sources=_quotes(o.values.get("sources", ())))
        for o in v.get("documents", ())
        if _has(o, Document)
    )
    cycles = tuple(
        _simple(
            Cycle,
            o,
            **{k: o.values[k].value for k in ("start", "congress_start", "congress_end", "end")},
            sources=_quotes(o.values.get("sources", ())),
            phases=tuple(
                Phase(p.values["name"], p.values["name_en"], p.values["start"].value, p.values["end"].value)
                for p in o.values.get("phases", ())
                if _has(p, Phase)
            ),
        )
        for o in v.get("cycles", ())
        if _has(o, Cycle)
    )
    events = []
    for o in v.get("events", ()):
        if not _has(o, Event):
            continue
        ov = o.values
        events.append(
            _simple(
                Event,
                o,
                sources=_quotes(ov.get("sources", ())),
                people=tuple(_simple(Person, p) for p in ov.get("people", ()) if _has(p, Person)),
                documents=tuple(_simple(DocRef, d) for d in ov.get("documents", ()) if _has(d, DocRef)),
                tasks=tuple(_simple(Task, t, period=t.values.get("for")) for t in ov.get("tasks", ()) if _has(t, Task)),
                figures=tuple(_simple(Figure, f) for f in ov.get("figures", ()) if _has(f, Figure)),
            )
        )
    return Model(sources, documents, cycles, tuple(events))


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cross_check(root: Obj, name: str, seeds_dir: Path | None, problems: Problems | None = None) -> Problems:
    """Checks that span records: unique ids, references, date order, totals, quotes in their seeds; adds the
    problems to `problems` (a new collector by default) and returns it.

    Works on every checked mapping, even one with a broken field elsewhere, so that one mistake
    does not cascade into reports about everything that refers to it.
    """
    problems = Problems(name) if problems is None else problems

    def add(obj: Obj, path: str, field: str, kind: str, message: Text | None = None) -> None:
        """A problem at `field` of `obj` (a record at `path`, e.g. `events[3]`); `kind` what is wrong, and the
        message when it says more."""
        line, column = obj.mark(field)
        where = f"{path}.{field}" if field else path
        problems.add(line, column, kind, pattern(where), where, kind if message is None else message)

    lists = root.values

    def unique(section: str) -> set[str]:
        first: dict[str, int] = {}
        for i, obj in enumerate(lists.get(section, ())):
            rid = obj.values.get("id")
            if rid is None:
                continue
            if rid in first:
                add(
                    obj,
                    f"{section}[{i}]",
                    "id",
                    "duplicate id",
                    lambda rid=rid: f"duplicate id `{rid}` (first used on line {first[rid]}): ids must be unique",
                )
            else:
                first[rid] = obj.mark("id")[0]
        return set(first)

    source_ids = unique("sources")
    doc_ids = unique("documents")
    unique("cycles")
    unique("events")

    seed_of: dict[str, str] = {}
    seeds: dict[str, str] = {}
    references: set[str] = set()
    for i, obj in enumerate(lists.get("sources", ())):
        if obj.values.get("kind") == "reference":
            references.add(obj.values.get("id"))
            for key, what in (("url", "its address"), ("accessed", "the day it was read (YYYY-MM-DD)")):
                if key not in obj.values:
                    add(
                        obj,
                        f"sources[{i}]",
                        "kind",
                        f"expected `{key}` for a reference source",
                        f"expected `{key}` ({what}) for a reference source, found none",
                    )
        seed = obj.values.get("seed")
        if seed is None or seeds_dir is None or "id" not in obj.values:
            continue
        text = None if "/" in seed or "\\" in seed else _read_seed(seeds_dir / seed)
        if text is None:
            found = shown(seed, 60)
            add(
                obj,
                f"sources[{i}]",
                "seed",
                "expected the name of a seed file",
                f"expected the name of a file in {seeds_dir.name}/, found `{found}`",
            )
            continue
        seed_of[obj.values["id"]] = seed
        seeds[seed] = text

    def check_quotes(section: str, i: int, obj: Obj) -> None:
        for j, q in enumerate(obj.values.get("sources", ())):
            sid = q.values.get("source")
            where = f"{section}[{i}].sources[{j}]"
            if sid is None:
                continue
            if sid not in source_ids:
                add(
                    q,
                    where,
                    "source",
                    "expected the id of a source",
                    lambda sid=sid: _unknown("source", sid, source_ids),
                )
                continue
            quote = q.values.get("quote")
            if sid in references:
                if quote is not None:
                    add(
                        q,
                        where,
                        "quote",
                        "expected no quote from a reference source",
                        f"expected no quote from the reference source `{sid}` (its text is not copied): "
                        "say what it states in `note`",
                    )
                if q.values.get("note") is None:
                    add(
                        q,
                        where,
                        "source",
                        "expected a note saying what a reference source states",
                        f"expected a `note` saying in our own words what the reference source `{sid}` states, "
                        "found none",
                    )
                if obj.values.get("date_basis") != "outside":
                    add(
                        obj,
                        f"{section}[{i}]",
                        "date_basis" if "date_basis" in obj.values else "",
                        "expected `date_basis: outside` for a fact from a reference source",
                        f"expected `date_basis: outside` where a fact rests on the reference source `{sid}`",
                    )
                continue
            if quote is None and "quote" not in q.marks:
                add(q, where, "source", "expected a quote", f"expected a `quote` from the article `{sid}`, found none")
                continue
            seed = seed_of.get(sid)
            if seed is not None and quote is not None and _ws(quote) not in seeds[seed]:
                add(
                    q,
                    f"{section}[{i}].sources[{j}]",
                    "quote",
                    "expected a verbatim quote",
                    lambda seed=seed, quote=quote: (
                        f'expected a verbatim quote from {seed}, found text that is not in it ("{shown(quote, 60)}")'
                    ),
                )

    def check_basis(obj: Obj, path: str) -> None:
        """A fact from outside the articles says how it is known and cites the page it rests on."""
        if obj.values.get("date_basis") != "outside":
            return
        if not obj.values.get("date_note"):
            add(obj, path, "date_basis", "expected a date_note saying how a date from outside the articles is known")
        if not any(q.values.get("source") in references for q in obj.values.get("sources", ())):
            add(
                obj,
                path,
                "date_basis",
                "expected a citation of a reference source (the page read, with a note) under `sources` for a "
                "fact from outside the articles, found none",
            )

    issued_on = _issued_on(lists.get("events", ()))
    for i, obj in enumerate(lists.get("documents", ())):
        check_quotes("documents", i, obj)
        check_basis(obj, f"documents[{i}]")
        date, did = obj.values.get("date"), obj.values.get("id")
        if date is not None and did is not None and (did, date) not in issued_on:
            add(
                obj,
                f"documents[{i}]",
                "date",
                "expected the event that issued the document on its date",
                f"expected an event on {date} that issued `{did}` (its issuance event, or the meeting that "
                f"adopted it, with `relation: issued` and the same date), found none",
            )

    for i, obj in enumerate(lists.get("cycles", ())):
        check_quotes("cycles", i, obj)
        check_basis(obj, f"cycles[{i}]")
        vals = obj.values
        order = ("start", "congress_start", "congress_end", "end")
        got = [(k, vals[k].value) for k in order if k in vals]
        for (k1, d1), (k2, d2) in itertools.pairwise(got):
            if d2 < d1:
                add(
                    obj,
                    f"cycles[{i}]",
                    k2,
                    f"expected a day not before {k1}",
                    f"expected a day not before {k1} ({d1}), found {d2}",
                )
        for j, p in enumerate(vals.get("phases", ())):
            pv = p.values
            where = f"cycles[{i}].phases[{j}]"
            if "start" in pv and "end" in pv and pv["end"].value < pv["start"].value:
                add(
                    p,
                    where,
                    "end",
                    "expected a day not before start",
                    f"expected a day not before start ({pv['start']}), found {pv['end']}",
                )
            if "start" in vals and "end" in vals:
                lo, hi = vals["start"], vals["end"]
                for k in ("start", "end"):
                    if k in pv and not lo.value <= pv[k].value <= hi.value:
                        add(
                            p,
                            where,
                            k,
                            "expected a day inside the cycle",
                            f"expected a day inside the cycle ({lo} to {hi}), found {pv[k]}",
                        )

    for i, obj in enumerate(lists.get("events", ())):
        vals = obj.values
        path = f"events[{i}]"
        date, end = vals.get("date"), vals.get("end")
        if date is not None and end is not None and end.last_day < date.value:
            add(
                obj,
                path,
                "end",
                "expected an end not before the date",
                lambda date=date, end=end: f"expected an end not before the date ({date}), found {end}",
            )
        precision = vals.get("precision")
        if precision is not None and date is not None and precision != date.precision:
            add(
                obj,
                path,
                "precision",
                "expected the precision the date is written with",
                lambda date=date, precision=precision: (
                    f"expected {date.precision} (as the date {date} is written), found {precision}"
                ),
            )
        check_basis(obj, path)
        check_quotes("events", i, obj)
        for j, d in enumerate(vals.get("documents", ())):
            ref = d.values.get("document")
            if ref is not None and ref not in doc_ids:
                add(
                    d,
                    f"{path}.documents[{j}]",
                    "document",
                    "expected the id of a document",
                    lambda ref=ref: _unknown("document", ref, doc_ids),
                )
        for j, task in enumerate(vals.get("tasks", ())):
            period = task.values.get("for")
            if period is not None and period.precision != "year":
                add(task, f"{path}.tasks[{j}]", "for", "expected a year", f"expected a year (YYYY), found {period}")
        for j, f in enumerate(vals.get("figures", ())):
            fv = f.values
            if fv.get("total") is not None and fv.get("value") is not None and fv["value"] > fv["total"]:
                add(
                    f,
                    f"{path}.figures[{j}]",
                    "value",
                    "expected a value not above its total",
                    lambda fv=fv: f"expected a value not above its total ({fv['total']:g}), found {fv['value']:g}",
                )
    return problems


def _issued_on(events) -> set[tuple[str, Date]]:
    """(document id, date) for every document an event issued on its own date: the one rule by which a dated
    document is on the timeline (through that event, never drawn twice)."""
    out = set()
    for obj in events:
        date = obj.values.get("date")
        if date is None:
            continue
        for d in obj.values.get("documents", ()):
            if d.values.get("relation") == "issued" and "document" in d.values:
                out.add((d.values["document"], date))
    return out


def _read_seed(path: Path) -> str | None:
    """The whitespace-normalised text of a seed article, or None when there is no such readable file."""
    try:
        if not path.is_file():
            return None
        return _ws(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError):  # a name too long, with a NUL, unreadable
        return None


def _unknown(what: str, ref: str, known: set[str]) -> str:
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"expected the id of a {what} listed under {what}s, found `{ref}`{hint}"

"""Typed records of the curated data, built from checked YAML, and the checks across records.

The record classes take their fields from the contract (loaders/schema.py), the one place a field is
declared: a class here holds only what records derive from their fields (an event's precision, a task's
year). A field added to the contract is read, checked and held by its record with nothing written here, and
shown in its frame too when it is kept as read (a text, a code, a number, an address: loaders/frames.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import itertools
import keyword
import re
import unicodedata
from pathlib import Path

from . import schema
from .errors import Problems, Text, pattern, shown
from .reader import Date, Obj

# The contract's record behind each class, filled by `_record`; tests/test_loaders.py holds it to the contract.
RECORDS: dict[type, schema.Record] = {}
RENAMED: dict[tuple[type, str], str] = {}  # (class, attribute): the field's name in the file, where they differ
_CLASS_OF: dict[str, type] = {}  # a contract record's name: its class
_TYPES = {"number": "float", "date": "Date", "day": "dt.date"}  # for the rest (texts, codes, addresses): str


def attribute(name: str) -> str:
    """The attribute that holds field `name`: the name itself, or a name that is not a Python keyword
    (`for` is `for_`)."""
    return f"{name}_" if keyword.iskeyword(name) else name


def _record(spec: schema.Record):
    """Makes the decorated class a frozen record with one attribute per field of `spec`: the required ones, then
    the optional ones, each in the contract's order (records are built and pickled by position). An optional
    field left out holds the contract's default, `None`, or `()` for a list. A field the class derives itself (a
    property of the same name) is left out."""

    def make(cls: type) -> type:
        derived = {name for name in spec.fields if isinstance(cls.__dict__.get(name), property)}
        required, optional = [], []
        for name, f in spec.fields.items():
            if name in derived:
                continue
            kind = f"tuple[{_CLASS_OF[f.item.name].__name__}, ...]" if f.kind == "list" else _TYPES.get(f.kind, "str")
            if f.required:
                required.append((attribute(name), kind))
            else:
                default = () if f.kind == "list" else f.default
                optional.append((attribute(name), kind if default is not None else f"{kind} | None", default))
        namespace = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
        out = dataclasses.make_dataclass(
            cls.__name__,
            required + [(n, k, dataclasses.field(default=d)) for n, k, d in optional],
            namespace=namespace,
            frozen=True,
            slots=True,
        )
        out.__qualname__ = cls.__qualname__
        RECORDS[out] = spec
        _CLASS_OF[spec.name] = out
        RENAMED.update({(out, attribute(n)): n for n in spec.fields if attribute(n) != n})
        return out

    return make


@_record(schema.QUOTE)
class Quote:
    """A citation: a verbatim quote from a seed article, or a note on what a reference page states."""


@_record(schema.SOURCE)
class Source:
    """An article of the seeds, or a reference page read for a fact from outside them."""


@_record(schema.DOCUMENT)
class Document:
    """A Party document: a directive, a regulation, a resolution..."""


@_record(schema.PHASE)
class Phase:
    """A stretch of a preparation cycle."""


@_record(schema.CYCLE)
class Cycle:
    """The preparation cycle of a congress."""


@_record(schema.PERSON)
class Person:
    """A person at an event, in the role they held then."""


@_record(schema.DOC_REF)
class DocRef:
    """A document an event names, and how."""


@_record(schema.TASK)
class Task:
    """A task an event set, reported done, or that a speaker proposed."""

    def year(self, event_year: int) -> int:
        """The year the task is for: its `for`, else the year of the event that set it."""
        return self.for_.value.year if self.for_ is not None else event_year


@_record(schema.FIGURE)
class Figure:
    """A number an event's source reports."""


@_record(schema.EVENT)
class Event:
    """Something that happened on a day, in a month or in a year."""

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


@_record(schema.ROOT)
class Model:
    """Everything in one data file, as typed records."""


@functools.cache
def _required(cls: type) -> tuple[str, ...]:
    return tuple(name for name, spec in RECORDS[cls].fields.items() if spec.required)


def _has(obj: Obj, cls: type) -> bool:
    """True when every field the contract requires of `cls` was read cleanly (a problem was reported otherwise)."""
    values = obj.values
    return all(f in values for f in _required(cls))


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, str, object, type | None], ...]:
    """How to build `cls`: for each of its attributes in order, the field it holds, that field's kind, what it
    holds when left out, and the class of a list's items (None for a value)."""
    spec = RECORDS[cls]
    plan = []
    for held in dataclasses.fields(cls):
        name = RENAMED.get((cls, held.name), held.name)
        f = spec.fields[name]
        plan.append((name, f.kind, held.default, _CLASS_OF[f.item.name] if f.kind == "list" else None))
    return tuple(plan)


def _make(cls: type, obj: Obj):
    """A record of `cls` from a checked mapping; a list keeps the items whose required fields were read cleanly."""
    values = obj.values
    args = []
    for name, kind, default, item in _plan(cls):
        if item is not None:
            args.append(tuple(_make(item, o) for o in values.get(name, ()) if _has(o, item)))
        elif name not in values:
            args.append(default)
        elif kind == "day":
            args.append(values[name].value)
        else:
            args.append(values[name])
    return cls(*args)


def build(root: Obj) -> Model:
    """Typed records from a checked root; a record with a broken required field is left out
    (its problem has been reported already)."""
    return _make(Model, root)


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

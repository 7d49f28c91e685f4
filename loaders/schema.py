"""The data contract of data/events.yaml, declared once: it drives validation and the JSON Schema."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are typos (e.g. 2201 for 2021)
SHORT_TEXT = 500
LABEL_TEXT = 40  # a short label that names an event on the timeline
LONG_TEXT = 4000

EVENT_KINDS = ("briefing", "conference", "meeting", "plenum", "congress", "election", "issuance", "decision")
LEVELS = ("central", "provincial", "all-levels")
PRECISIONS = ("day", "month", "year")
DATE_BASES = ("article", "outside")
CATEGORIES = (
    "personnel",
    "congress",
    "rules",
    "anti-corruption",
    "grassroots",
    "apparatus",
    "protection-communication",
    "ideology-discipline",
    "elections",
    "sector-staff",
)
TASK_STATUSES = ("set", "done", "proposed")  # proposed: asked for by a speaker, not set by the meeting
PARTS = ("chair", "speaker", "attendee", "subject")
RELATIONS = ("issued", "deployed", "discussed", "named")
DOCUMENT_KINDS = (
    "directive",
    "guideline",
    "regulation",
    "resolution",
    "conclusion",
    "charter",
    "law",
    "report",
    "programme",
)
DOCUMENT_STATUSES = ("issued", "proposed")
SOURCE_KINDS = ("article", "reference")
LANGUAGES = ("vi", "en")
CYCLE_IDS = ("xiii", "xiv")


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its type (`kind`) and, for enums and lists, what it holds."""

    kind: str  # text | longtext | label | slug | enum | date | day | number | url | list
    required: bool = False
    choices: tuple[str, ...] = ()
    item: Record | None = None
    min_items: int = 0
    default: str | None = None  # what an optional field left out means (None: nothing is known)


@dataclass(frozen=True, slots=True)
class Record:
    """A mapping with a fixed set of fields."""

    name: str
    fields: dict[str, Field] = field(default_factory=dict)


def _text(required: bool = True) -> Field:
    return Field("text", required)


def _label() -> Field:
    return Field("label")


def _long(required: bool = True) -> Field:
    return Field("longtext", required)


def _enum(choices: tuple[str, ...], required: bool = True, default: str | None = None) -> Field:
    return Field("enum", required, choices, default=default)


# A citation: a verbatim `quote` from a seed article, or, for a reference page (never quoted), a `note` in our own
# words of what the page states.
QUOTE = Record(
    "citation",
    {"source": Field("slug", True), "quote": _long(False), "note": _long(False)},
)
_SOURCES = Field("list", True, item=QUOTE, min_items=1)

SOURCE = Record(
    "source",
    {
        "id": Field("slug", True),
        "outlet": _text(False),
        "title": _text(),
        "title_en": _text(),
        "published": Field("date"),
        "author": _text(False),
        "language": _enum(LANGUAGES),
        "kind": _enum(SOURCE_KINDS),
        "seed": _text(False),
        "url": Field("url"),
        "accessed": Field("day"),
        "note": _long(False),
    },
)

DOCUMENT = Record(
    "document",
    {
        "id": Field("slug", True),
        "number": _text(),
        "kind": _enum(DOCUMENT_KINDS),
        "issuer": _text(),
        "issuer_en": _text(),
        "date": Field("date"),
        "date_basis": _enum(DATE_BASES, False, "article"),
        "date_note": _long(False),
        "status": _enum(DOCUMENT_STATUSES, False, "issued"),
        "title": _text(),
        "title_en": _text(),
        "sources": _SOURCES,
    },
)

PHASE = Record(
    "phase",
    {
        "name": _text(),
        "name_en": _text(),
        "start": Field("day", True),
        "end": Field("day", True),
    },
)

CYCLE = Record(
    "cycle",
    {
        "id": _enum(CYCLE_IDS),
        "name": _text(),
        "name_en": _text(),
        "congress": _text(),
        "congress_en": _text(),
        "start": Field("day", True),
        "congress_start": Field("day", True),
        "congress_end": Field("day", True),
        "end": Field("day", True),
        "date_basis": _enum(DATE_BASES),
        "date_note": _long(),
        "sources": Field("list", item=QUOTE),
        "phases": Field("list", item=PHASE),
    },
)

PERSON = Record(
    "person",
    {"name": _text(), "role": _text(), "role_en": _text(), "part": _enum(PARTS)},
)
DOC_REF = Record("document reference", {"document": Field("slug", True), "relation": _enum(RELATIONS)})
TASK = Record(
    "task",
    {
        "text": _long(),
        "text_en": _long(),
        "category": _enum(CATEGORIES),
        "status": _enum(TASK_STATUSES),
        "for": Field("date"),  # the year the task is for; the event's year when left out
    },
)
FIGURE = Record(
    "figure",
    {
        "value": Field("number", True),
        "total": Field("number"),
        "unit": _text(),
        "unit_en": _text(),
        "label": _text(),
        "label_en": _text(),
    },
)

EVENT = Record(
    "event",
    {
        "id": Field("slug", True),
        "title": _text(),
        "title_en": _text(),
        "short": _label(),
        "short_en": _label(),
        "date": Field("date", True),
        "end": Field("date"),
        "precision": _enum(PRECISIONS, False),
        "date_basis": _enum(DATE_BASES, False, "article"),
        "date_note": _long(False),
        "kind": _enum(EVENT_KINDS),
        "level": _enum(LEVELS),
        "organiser": _text(),
        "organiser_en": _text(),
        "place": _text(False),
        "place_en": _text(False),
        "summary": _long(),
        "summary_en": _long(),
        "people": Field("list", item=PERSON),
        "documents": Field("list", item=DOC_REF),
        "tasks": Field("list", item=TASK),
        "figures": Field("list", item=FIGURE),
        "sources": _SOURCES,
    },
)

ROOT = Record(
    "file",
    {
        "sources": Field("list", True, item=SOURCE, min_items=1),
        "documents": Field("list", True, item=DOCUMENT),
        "cycles": Field("list", True, item=CYCLE, min_items=1),
        "events": Field("list", True, item=EVENT, min_items=1),
    },
)


def all_field_names(record: Record = ROOT) -> set[str]:
    """Every field name used anywhere in the contract (for the documentation test)."""
    names: set[str] = set()
    for name, spec in record.fields.items():
        names.add(name)
        if spec.item is not None:
            names |= all_field_names(spec.item)
    return names


def _field_schema(spec: Field) -> dict:
    if spec.kind in ("text", "longtext", "label"):
        limit = {"text": SHORT_TEXT, "longtext": LONG_TEXT, "label": LABEL_TEXT}[spec.kind]
        return {"type": "string", "minLength": 1, "maxLength": limit}
    if spec.kind == "slug":
        return {"type": "string", "pattern": SLUG_PATTERN}
    if spec.kind == "enum":
        return {"enum": list(spec.choices)}
    if spec.kind == "date":
        return {
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            ],
            "description": "YYYY-MM-DD (a day), 'YYYY-MM' (a month) or YYYY (a year)",
        }
    if spec.kind == "day":
        return {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if spec.kind == "number":
        return {"type": "number", "minimum": 0}
    if spec.kind == "url":
        return {"type": "string", "pattern": "^https?://"}
    if spec.kind == "list":
        if spec.item is None:
            raise ValueError("a list field needs an item record")
        out: dict = {"type": "array", "items": record_schema(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return out
    raise ValueError(f"unknown field kind {spec.kind!r}")


def record_schema(record: Record) -> dict:
    """JSON Schema of one record."""
    return {
        "type": "object",
        "title": record.name,
        "additionalProperties": False,
        "required": [name for name, spec in record.fields.items() if spec.required],
        "properties": {
            name: _field_schema(spec) | ({} if spec.default is None else {"default": spec.default})
            for name, spec in record.fields.items()
        },
    }


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of the whole file, for editors."""
    schema = record_schema(ROOT)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Timeline of the organisation-building sector: curated events"
    return schema


def schema_text() -> str:
    """The JSON Schema as written to data/events.schema.json."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"

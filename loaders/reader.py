"""Read a YAML data file safely and check it against the contract, keeping every line number.

The file is composed (not constructed) with PyYAML's safe C composer, so no tag can run code
and every node keeps its position; this module then turns the nodes into plain values itself,
one field at a time, so that each problem can name its line, column and field path.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import difflib
import functools
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Problem, Problems, Text, UnreadableFileError, shown
from .schema import FIRST_YEAR, LABEL_TEXT, LAST_YEAR, LONG_TEXT, ROOT, SHORT_TEXT, Field, Record

MAX_FILE_BYTES = 64 * 1024 * 1024

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_T + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ, MERGE = _T + "map", _T + "seq", _T + "merge"

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_MAX_NUMBER_CHARS = 20  # enough for any count; keeps int() and float() finite and fast

DATE_FORMS = 'a date: YYYY-MM-DD for a day, "YYYY-MM" for a month or YYYY for a year'


@dataclass(frozen=True, slots=True)
class Date:
    """A date as precisely as it is known: `value` is the first day of the day, month or year."""

    value: dt.date
    precision: str  # day | month | year

    @property
    def last_day(self) -> dt.date:
        """The last day the date covers (itself for a day, the month's or year's last day)."""
        if self.precision == "day":
            return self.value
        if self.precision == "year":
            return dt.date(self.value.year, 12, 31)
        year, month = self.value.year, self.value.month
        return dt.date(year, month, calendar.monthrange(year, month)[1])  # also for December 9999

    def __str__(self) -> str:
        v = self.value
        return {"day": v.isoformat(), "month": f"{v.year:04d}-{v.month:02d}", "year": f"{v.year:04d}"}[self.precision]


class Obj:
    """A checked mapping: its values, where each field stood, and where the mapping starts."""

    __slots__ = ("column", "line", "marks", "values")

    def __init__(self, values: dict, marks: dict, line: int, column: int):
        self.values = values
        self.marks = marks
        self.line = line
        self.column = column

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    def mark(self, name: str) -> tuple[int, int]:
        return self.marks.get(name, (self.line, self.column))


def read_text(path: str | os.PathLike) -> str:
    """The file's text, NFC-normalised; UnreadableFileError when it cannot be read as UTF-8 text."""
    return decode(read_bytes(path), str(path))


def _unreadable(name: str, message: str, line: int, column: int) -> UnreadableFileError:
    return UnreadableFileError([Problem(name, line, column, "", message)])


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES; UnreadableFileError when it is missing, not a file or too big."""
    name = str(path)
    p = Path(path)

    def fail(message: str) -> UnreadableFileError:
        return _unreadable(name, message, 1, 1)

    try:
        if p.is_dir():
            raise fail("expected a data file, found a directory")
        if p.exists() and not p.is_file():
            raise fail("expected a data file, found a device, pipe or socket")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(_too_big(size))
        with p.open("rb") as f:  # read at most one byte past the limit: the file may grow meanwhile
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except OSError as exc:
        raise fail(f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(_too_big(MAX_FILE_BYTES, at_least=True))
    return data


def decode(data: bytes, name: str) -> str:
    """A file's bytes as text (without a BOM, NFC-normalised); UnreadableFileError, named `name`, when they are
    not UTF-8 text."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8", "replace"))
        raise _unreadable(
            name, f"expected UTF-8 text, found the byte 0x{data[exc.start]:02x} (save the file as UTF-8)", line, column
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line, column = _position(text[:nul])
        raise _unreadable(name, "expected text, found a NUL byte (the file looks binary or damaged)", line, column)
    return unicodedata.normalize("NFC", text)


def _too_big(size: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"file is {more}{size:,} bytes ({size / 2**20:.1f} MB); the limit is {MAX_FILE_BYTES:,} bytes "
        f"({MAX_FILE_BYTES // 2**20} MB): is it the right file?"
    )


def _position(prefix: str) -> tuple[int, int]:
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def check_text(text: str, name: str, problems: Problems) -> Obj | None:
    """Compose `text` and check it against the contract; add problems, return the root or None."""
    if odd := _odd_line_breaks(text, name):
        problems.extend(odd)
        return None
    if deep := _too_deep(text, name):
        problems.append(deep)
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(exc, name, text))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not accept
        problems.append(_reader_problem(exc, name, text))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 1, 1, "", f"not valid YAML: {shown(str(exc), 200)}"))
        return None
    if node is None:
        problems.append(
            Problem(name, 1, 1, "", "expected the lists sources, documents, cycles and events, found an empty file")
        )
        return None
    maybe_alias = _maybe_alias(text)
    walker = _Walker(problems, text, aliases_possible=maybe_alias)  # without aliases no node can be met twice
    root = walker.record(node, ROOT, "", "")
    if walker.alias_paths or maybe_alias:  # the walker skips unknown fields: look there too
        problems.extend(_alias_problems(text, name, walker.alias_paths))
    return root


MAX_DEPTH = 100
"""Lists and mappings nested deeper than this are refused before composing: the data needs about six
levels, and the C composer recurses once per level, so a file of 100,000 `[` crashes the process."""


def _too_deep(text: str, name: str) -> Problem | None:
    """A problem at the first list or mapping nested deeper than MAX_DEPTH, or None.

    The exact check is a pass over the parse events; it runs only when a cheap bound allows deep
    nesting: every flow level needs a `[` or `{`, and every two block levels need one more column of
    indentation or one more `- `, `? ` or `: ` at the start of a line.
    """
    flow = text.count("[") + text.count("{")
    reach = (MAX_DEPTH - flow) // 2 - 3
    if reach > 0 and not re.match(f"[ ?:-]{{{reach}}}", text) and not re.search(f"\n[ ?:-]{{{reach}}}", text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    return Problem(
                        name,
                        m.line + 1,
                        m.column + 1,
                        "",
                        f"expected lists and mappings nested at most {MAX_DEPTH} deep, found one nested deeper here",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # composing stops at the same error, no deeper than this pass went
    return None


_ODD_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_MAX_ODD_BREAKS = 20
_BREAK_NAMES = {
    "\r": "a carriage return (U+000D) without a line feed",
    "\x85": "the invisible line break U+0085 (NEL)",
    "\u2028": "the invisible line separator U+2028",
    "\u2029": "the invisible paragraph separator U+2029",
}


def _odd_line_breaks(text: str, name: str) -> list[Problem]:
    """NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and a carriage return without its line feed: YAML reads
    them as line breaks, editors disagree, so they are invisible and would throw every later line number
    off; refuse each, placed by line feeds (a Windows CR LF is one line break, and fine)."""
    out: list[Problem] = []
    if all(c not in text for c in "\x85\u2028\u2029\r"):  # fast scans first
        return out
    for n, m in enumerate(_ODD_BREAK.finditer(text)):
        if n == _MAX_ODD_BREAKS:
            out.append(Problem(name, *_position(text[: m.start()]), "", "and more invisible line breaks"))
            break
        out.append(
            Problem(
                name,
                *_position(text[: m.start()]),
                "",
                f"expected text, found {_BREAK_NAMES[m[0]]}: YAML reads it as a line break, editors do not "
                "all show one: delete it or put a space",
            )
        )
    return out


_MAX_ALIAS_PROBLEMS = 20


def _maybe_alias(text: str) -> bool:
    """True when a `*` stands where an alias could: after a space, a line break, `[`, `{`, `,` or `:`, before a
    name. False means the file has no alias, so no node in it can be met twice."""
    return next(_named(text, "*", "[{,:"), None) is not None


def _alias_problems(text: str, name: str, paths: list[str]) -> list[Problem]:
    """One problem per alias, placed at the alias itself (the composed tree only knows the anchor)."""
    marks = [e.start_mark for e in yaml.parse(text, Loader=_Loader) if isinstance(e, yaml.AliasEvent)]
    if len(marks) != len(paths):
        paths = [""] * len(marks)
    out = [
        Problem(
            name,
            m.line + 1,
            m.column + 1,
            path,
            _NO_ALIASES,
        )
        for m, path in zip(marks[:_MAX_ALIAS_PROBLEMS], paths, strict=False)
    ]
    if len(marks) > _MAX_ALIAS_PROBLEMS:
        m = marks[_MAX_ALIAS_PROBLEMS]
        out.append(Problem(name, m.line + 1, m.column + 1, "", f"and {len(marks) - _MAX_ALIAS_PROBLEMS} more aliases"))
    return out


_NO_ALIASES = "anchors and aliases (&name, *name) are not allowed: write the value out"


def _reader_problem(exc: yaml.reader.ReaderError, name: str, text: str) -> Problem:
    """A character YAML refuses (a control character), placed where it stands.

    libyaml gives the position as a byte offset into the UTF-8 text; PyYAML's own reader, as a
    character offset.
    """
    position = exc.position
    if _Loader is not yaml.SafeLoader:
        position = len(text.encode("utf-8")[:position].decode("utf-8", "replace"))
    line, column = _position(text[:position])
    char = text[position] if position < len(text) else ""
    found = f"the control character U+{ord(char):04X}" if char else "a character YAML does not accept"
    return Problem(name, line, column, "", f"expected text, found {found} (delete it: it is invisible in most editors)")


_KEY_LINE = re.compile(r"\s*(?:-\s+)?[\w-]+:(?:\s|$)")


def _runaway_quote(text: str, lines: list[str], before: yaml.Mark) -> yaml.Token | None:
    """The last quoted text before `before` that runs over lines holding `key:` lines: a quote never closed.

    A missing closing quote does not break the file where it is missing: YAML reads on, across lines,
    to the next quote character, and stumbles only there.
    """
    found = None
    tokens = yaml.scan(text, Loader=_Loader)
    try:
        for token in tokens:
            m = token.start_mark
            if (m.line, m.column) >= (before.line, before.column):
                break
            if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
                continue
            first, last = token.start_mark.line, token.end_mark.line
            if last > first and any(_KEY_LINE.match(line) for line in lines[first + 1 : last + 1]):
                found = token
    except yaml.YAMLError:
        pass
    return found


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    """One located problem for a YAML syntax error, placed where the curator has to fix it."""
    mark = exc.problem_mark or exc.context_mark
    ctx = exc.context_mark
    context = exc.context or ""
    what = shown(exc.problem or "syntax error", 200)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    at = lines[line - 1][column - 1 : column] if mark and line <= len(lines) else ""
    runaway = _runaway_quote(text, lines, mark) if mark and "end of stream" not in what else None
    if "expected a single document" in context:
        what = "expected one YAML document, found a second one (remove the '---' line and what follows, or merge them)"
    elif at == "\t" or "tab character" in what or "found character '\\t'" in what:
        what = "found a tab: indent with spaces"
    elif "quoted scalar" in context and "end of stream" in what and ctx:
        line, column = ctx.line + 1, ctx.column + 1
        what = "not valid YAML: this quote is never closed (the file ends inside it): add the closing quote"
    elif runaway is not None:
        end = runaway.end_mark
        what = (
            f"not valid YAML: this quote is not closed on its line, so YAML reads on to the next quote "
            f"(line {end.line + 1}, column {end.column}) and then {what}: add the closing quote"
        )
        line, column = runaway.start_mark.line + 1, runaway.start_mark.column + 1
    elif context.startswith("while parsing a flow") and ctx and mark and ctx.line < mark.line:
        bracket = "[" if "sequence" in context else "{"
        what = (
            f"not valid YAML: the `{bracket}` opened here is not closed "
            f"(on line {mark.line + 1}, column {mark.column + 1}, {what})"
        )
        line, column = ctx.line + 1, ctx.column + 1
    elif context.startswith(("while scanning an alias", "while scanning an anchor")) and ctx:
        line, column = ctx.line + 1, ctx.column + 1
        what = "not valid YAML: text that starts with `*` or `&` must be put in quotes"
    elif "alias" in what or "anchor" in context:
        what = f"{_NO_ALIASES} (text that starts with `*` or `&` must be put in quotes)"
    elif "cannot start any token" in what and at.strip():
        what = f"not valid YAML: found `{shown(at)}`, which cannot start a value: put the text in quotes"
    else:
        hint = next((f" ({hint})" for known, hint in _SYNTAX_HINTS if known in what), "")
        what = (
            f"not valid YAML: {shown(exc.context, 200)}, {what}{hint}" if context else f"not valid YAML: {what}{hint}"
        )
    return Problem(name, line, column, "", what)


_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "a line indented deeper than the field above it, or `: ` inside unquoted text: "
        "fix the indentation or put the text in quotes",
    ),
    ("did not find expected key", "this line is not lined up with the fields above it: check its indentation"),
    ("did not find expected '-' indicator", "this line is not lined up with the lines above it: check its indentation"),
    ("could not find expected ':'", "a field name must be followed by `: ` (a colon and a space)"),
    ("block sequence entries are not allowed", "a `- ` list item starts a line of its own"),
    (
        "unknown escape character",
        "in double quotes a backslash starts an escape: write \\\\ for one, or use single quotes",
    ),
)


_KIND_NAMES: dict[int, str] = {}


def _kind_name(spec: Field) -> str:
    """What a field expects, in words (kept per field: the schema's fields live as long as the process)."""
    name = _KIND_NAMES.get(id(spec))
    if name is None:
        name = _KIND_NAMES[id(spec)] = _describe(spec)
    return name


def _describe(spec: Field) -> str:
    if spec.kind in ("text", "longtext", "label"):
        return "text"
    if spec.kind == "slug":
        return "an id (lowercase letters, digits and hyphens, e.g. hoi-nghi-2019-10)"
    if spec.kind == "enum":
        return "one of " + ", ".join(spec.choices)
    if spec.kind == "date":
        return DATE_FORMS
    if spec.kind == "day":
        return "a day, YYYY-MM-DD"
    if spec.kind == "number":
        return "a number"
    if spec.kind == "url":
        return "a web address starting with http:// or https://"
    if spec.kind == "list":
        return f"a list of {spec.item.name}s" if spec.item else "a list"
    return spec.kind


_SURPRISE = {
    BOOL: "YAML reads unquoted yes/no/on/off/true/false as a boolean: put it in quotes",
    INT: "YAML reads it as a number: put it in quotes",
    FLOAT: "YAML reads it as a number: put it in quotes",
    NULL: "YAML reads ~, null and an empty value as nothing: write the text, or leave out a field that is optional",
    TIMESTAMP: "YAML reads it as a date: put it in quotes",
}


def _a(noun: str) -> str:
    """`noun` with its indefinite article."""
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _tag(tag: str) -> str:
    """A tag as it is written in the file (`!!python/...` rather than `tag:yaml.org,2002:python/...`)."""
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    raw = shown(node.value)
    if node.tag == NULL:
        return "nothing" if not node.value or node.value == "~" else f"nothing (`{raw}`)"
    kind = {BOOL: "the boolean", INT: "the number", FLOAT: "the number", TIMESTAMP: "the date"}.get(node.tag, "text")
    return f"{kind} `{raw}`" if kind != "text" else f'text "{raw}"'


@functools.cache
def _expected(what: str) -> str:
    """The kind of an `expected WHAT, found ...` problem."""
    return f"expected {what}"


class _Walker:
    """Turns composed nodes into checked values, collecting every problem on the way.

    Each method takes the field path of its node (`events[3].kind`) and its pattern (`events[*].kind`);
    a problem's message is made only when it is listed (see `Problems`), so each is given as a callable
    where making it costs more than a constant."""

    def __init__(self, problems: Problems, text: str = "", aliases_possible: bool = True):
        self.problems = problems
        self.text = text
        self.seen: set[int] | None = set() if aliases_possible else None
        self.alias_paths: list[str] = []
        self.glued = _glued_hashes(text)  # where a `#` follows a character other than a space: usually none
        self.anchors = _lone_anchors(text)  # where an anchor no alias refers to stands: usually none

    def problem(self, node: yaml.Node, kind: str, path: str, pat: str, message: Text | None = None) -> None:
        m = node.start_mark
        self.problems.add(m.line + 1, m.column + 1, kind, pat, path, kind if message is None else message)

    def expected(
        self, node: yaml.Node, path: str, pat: str, what: str, hint: str = "", wants_text: bool = False
    ) -> None:
        def message() -> str:
            h = str(hint)
            if wants_text and not h and isinstance(node, yaml.ScalarNode) and not node.style and node.tag in _SURPRISE:
                h = _SURPRISE[node.tag]
            tail = f" ({h})" if h else ""
            return f"expected {what}, found {_found(node)}{tail}"

        self.problem(node, _expected(what), path, pat, message)

    def visit(self, node: yaml.Node, path: str, pat: str) -> bool:
        """False (with a problem) for a node met twice, i.e. an alias, or one with a foreign tag."""
        seen = self.seen
        if seen is not None:
            key = id(node)
            if key in seen:
                self.alias_paths.append(path)
                return False
            seen.add(key)
        if self.glued or self.anchors:
            self.quirks(node, path, pat)
        if node.tag in _ALLOWED_TAGS:
            return True
        self.problem(
            node,
            "YAML tags are not allowed",
            path,
            pat,
            lambda: f"YAML tags are not allowed, found `{shown(_tag(node.tag), 60)}`: remove it",
        )
        return False

    def quirks(self, node: yaml.Node, path: str, pat: str) -> None:
        """What libyaml lets through and the file's rules do not: a comment glued to the end of a value (the
        text after the quote is dropped without a word) and an anchor that no alias refers to."""
        start = node.start_mark.index
        if start in self.anchors:
            name = self.anchors[start]
            self.problem(
                node,
                "anchors are not allowed",
                path,
                pat,
                lambda: (
                    f"expected a value, found the anchor `&{shown(name)}` before it (anchors and aliases "
                    f"are not allowed): remove `&{shown(name)}`"
                ),
            )
        glued = _glued_comment(node, self.text)
        if glued is not None and glued[0] in self.glued:
            at, line, column = glued
            end = self.text.find("\n", at)
            comment = self.text[at : end if end >= 0 else len(self.text)].rstrip()
            quoted = isinstance(node, yaml.ScalarNode) and node.style in ('"', "'")
            self.problems.add(
                line,
                column,
                "expected a space before a comment",
                pat,
                path,
                lambda: (
                    f"expected the text to end at its closing quote, found `{shown(comment)}` glued to it, which "
                    "YAML drops as a comment: put that text inside the quotes, or a space before `#` if it is a "
                    "comment"
                    if quoted
                    else f"expected a space before `#`, found `{shown(comment)}` glued to the {_closer(node)}, "
                    "which YAML drops as a comment: put a space before `#`, or write the text as part of the value"
                ),
            )

    def record(self, node: yaml.Node, rec: Record, path: str, pat: str) -> Obj | None:
        if not isinstance(node, yaml.MappingNode):
            if not self.visit(node, path, pat):
                return None
            fields = ", ".join(n for n, f in rec.fields.items() if f.required)
            self.problem(
                node,
                f"expected {_a(rec.name)}",
                path or "file",
                pat or "file",
                lambda: f"expected {_a(rec.name)} (a mapping with {fields}), found {_found(node)}",
            )
            return None
        if not self.visit(node, path, pat):
            return None
        values: dict = {}
        marks: dict = {}
        fields = rec.fields
        for knode, vnode in node.value:
            if isinstance(knode, yaml.ScalarNode) and knode.tag == MERGE:
                self.visit(vnode, path, pat)
                self.problem(
                    knode, "merge keys (<<) are not allowed: write the fields out", path or rec.name, pat or rec.name
                )
                continue
            if not isinstance(knode, yaml.ScalarNode) or knode.tag != STR:
                self.problem(
                    knode,
                    "expected a field name",
                    path or rec.name,
                    pat or rec.name,
                    lambda knode=knode: f"expected a field name, found {_found(knode)}",
                )
                continue
            key = knode.value
            key_text = shown(key)
            kpath = f"{path}.{key_text}" if path else key_text
            if self.anchors or self.glued:
                self.quirks(knode, kpath, f"{pat}.{key_text}" if pat else key_text)
            if key in marks:
                first = marks[key][0]
                self.problem(
                    knode,
                    "duplicate field",
                    kpath,
                    f"{pat}.{key_text}" if pat else key_text,
                    lambda key_text=key_text, first=first: (
                        f"duplicate field `{key_text}` (first given on line {first}): keep one"
                    ),
                )
                continue
            spec = fields.get(key)
            m = vnode.start_mark
            marks[key] = (m.line + 1, m.column + 1)
            if spec is None:
                self.problem(
                    knode,
                    "unknown field",
                    kpath,
                    f"{pat}.{key_text}" if pat else key_text,
                    lambda key=key, key_text=key_text: _unknown_field(key, key_text, rec),
                )
                continue
            value = self.value(vnode, spec, kpath, f"{pat}.{key}" if pat else key)
            if value is not _BAD:
                values[key] = value
        for key, spec in fields.items():
            if spec.required and key not in marks:
                self.problem(
                    node,
                    "missing required field",
                    f"{path}.{key}" if path else key,
                    f"{pat}.{key}" if pat else key,
                    lambda key=key, spec=spec: f"missing required field `{key}` ({_kind_name(spec)})",
                )
        m = node.start_mark
        return Obj(values, marks, m.line + 1, m.column + 1)

    def value(self, node: yaml.Node, spec: Field, path: str, pat: str):
        kind = spec.kind
        if kind == "list":
            return self.items(node, spec, path, pat)
        if not isinstance(node, yaml.ScalarNode):
            if self.visit(node, path, pat):
                self.expected(node, path, pat, _kind_name(spec))
            return _BAD
        if not self.visit(node, path, pat):
            return _BAD
        tag = node.tag
        raw = node.value
        if kind in ("text", "longtext", "label", "slug", "enum", "url"):
            if tag != STR:
                self.expected(node, path, pat, _kind_name(spec), wants_text=True)
                return _BAD
            text = raw.strip()
            if not text:
                self.expected(node, path, pat, _kind_name(spec), "the value is empty")
                return _BAD
            if bad := _ESCAPED_CONTROL.search(text):  # only a "\x07"-style escape can put one here
                self.problem(
                    node,
                    "expected text, found a control character",
                    path,
                    pat,
                    f"expected text, found the control character U+{ord(bad[0]):04X}: remove its escape",
                )
                return _BAD
            if kind == "enum":
                if text not in spec.choices:
                    self.expected(node, path, pat, _kind_name(spec), _Suggestion(text, spec.choices))
                    return _BAD
            elif kind == "slug":
                if len(text) > 120 or not _SLUG.fullmatch(text):
                    self.expected(node, path, pat, _kind_name(spec))
                    return _BAD
            elif kind == "url":
                if not text.startswith(("http://", "https://")) or len(text) > 2000:
                    self.expected(node, path, pat, _kind_name(spec))
                    return _BAD
            else:
                limit = {"text": SHORT_TEXT, "label": LABEL_TEXT}.get(kind, LONG_TEXT)
                if len(text) > limit:
                    self.problem(
                        node,
                        f"expected text of at most {limit} characters",
                        path,
                        pat,
                        lambda: f"expected text of at most {limit} characters, found {len(text)}",
                    )
                    return _BAD
            return text
        if kind in ("date", "day"):
            return self.date(node, path, pat, day_only=kind == "day")
        if kind == "number":
            if len(raw) > _MAX_NUMBER_CHARS:
                self.expected(node, path, pat, f"a number of at most {_MAX_NUMBER_CHARS} characters")
                return _BAD
            if tag == INT and _INT.fullmatch(raw):
                number = int(raw)
            elif tag == FLOAT and _FLOAT.fullmatch(raw):
                number = float(raw)
            else:
                self.expected(node, path, pat, "a number written plainly (e.g. 62 or 1.5)")
                return _BAD
            if not math.isfinite(number):
                self.expected(node, path, pat, "a finite number")
                return _BAD
            if number < 0:
                self.expected(node, path, pat, "a number not below 0")
                return _BAD
            return number
        raise ValueError(f"unknown field kind {kind!r}")

    def date(self, node: yaml.ScalarNode, path: str, pat: str, day_only: bool) -> Date | object:
        raw = node.value.strip()
        what = "a day, YYYY-MM-DD" if day_only else DATE_FORMS
        if node.tag not in (STR, INT, TIMESTAMP):
            self.expected(node, path, pat, what)
            return _BAD
        year = raw[:4]
        if year.isdigit() and not FIRST_YEAR <= int(year) <= LAST_YEAR:
            self.problem(
                node,
                f"expected a date between {FIRST_YEAR} and {LAST_YEAR}",
                path,
                pat,
                lambda: f"expected a date between {FIRST_YEAR} and {LAST_YEAR}, found `{shown(raw)}`",
            )
            return _BAD
        try:
            if m := _DAY.fullmatch(raw):
                return Date(dt.date(int(m[1]), int(m[2]), int(m[3])), "day")
            if not day_only and (m := _MONTH.fullmatch(raw)):
                if node.tag == STR:
                    return Date(dt.date(int(m[1]), int(m[2]), 1), "month")
            elif not day_only and _YEAR.fullmatch(raw):
                return Date(dt.date(int(raw), 1, 1), "year")
        except ValueError:
            self.problem(
                node,
                "expected a real calendar date",
                path,
                pat,
                lambda: f"expected a real calendar date, found `{shown(raw)}` (no such day or month)",
            )
            return _BAD
        self.expected(node, path, pat, what, _DateHint(raw, day_only))
        return _BAD

    def items(self, node: yaml.Node, spec: Field, path: str, pat: str):
        if not isinstance(node, yaml.SequenceNode):
            empty = isinstance(node, yaml.ScalarNode) and node.tag == NULL and node.value in _NULLS
            if empty and not spec.min_items and not spec.required:
                self.visit(node, path, pat)
                return []
            if self.visit(node, path, pat):
                self.expected(node, path, pat, _kind_name(spec))
            return _BAD
        if not self.visit(node, path, pat):
            return _BAD
        if len(node.value) < spec.min_items:
            self.problem(
                node,
                f"expected at least {spec.min_items} {spec.item.name}",
                path,
                pat,
                lambda: f"expected at least {spec.min_items} {spec.item.name}, found an empty list",
            )
        out = []
        item, item_pat = spec.item, f"{pat}[*]"
        for i, child in enumerate(node.value):
            obj = self.record(child, item, f"{path}[{i}]", item_pat)
            if obj is not None:
                out.append(obj)
        return out


_BLOCK_HEADER = re.compile(r"[>|][-+0-9]*")
_NAME = re.compile(r"[^\s\[\]{},]+")  # an anchor's or an alias's name


def _follows(text: str, at: int, separators: str) -> bool:
    """True when `at` starts the text or the character before it is a space, a line break or one of `separators`."""
    return at == 0 or text[at - 1].isspace() or text[at - 1] in separators


def _glued_hashes(text: str) -> frozenset[int]:
    """Where a `#` follows a character other than a space or another `#` (a cheap scan; usually none)."""
    glued = []
    at = text.find("#")
    while at >= 0:
        if not _follows(text, at, "#"):
            glued.append(at)
        at = text.find("#", at + 1)
    return frozenset(glued)


def _lone_anchors(text: str) -> dict[int, str]:
    """Where each anchor (`&name`) that no alias (`*name`) refers to stands, with its name: usually none."""
    if "&" not in text:
        return {}
    anchors = dict(_named(text, "&", "[{,"))
    if anchors and "*" in text:
        aliased = {name for _, name in _named(text, "*", "[{,:")}
        anchors = {at: name for at, name in anchors.items() if name not in aliased}
    return anchors


def _named(text: str, mark: str, separators: str) -> Iterator[tuple[int, str]]:
    """Each `mark` that follows a separator (see `_follows`) and is followed by a name, with where it stands and the
    name, left to right; a name found is passed over whole. A scan for `mark` itself: a pattern that looked behind
    each character took 0.5-1 s over a 20 MB file."""
    at = text.find(mark)
    while at >= 0:
        name = _NAME.match(text, at + 1) if _follows(text, at, separators) else None
        if name:
            yield at, name[0]
        at = text.find(mark, name.end() if name else at + 1)


def _glued_comment(node: yaml.Node, text: str) -> tuple[int, int, int] | None:
    """Where (index, line, column) a comment glued to `node` would start: right after a closing quote or
    bracket, or after a block scalar's `>` or `|` header; None for a node that cannot have one."""
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    if style in ('"', "'") or getattr(node, "flow_style", False):
        m = node.end_mark
        return m.index, m.line + 1, m.column + 1
    if style in (">", "|"):
        m = node.start_mark
        header = _BLOCK_HEADER.match(text, m.index)
        return (header.end(), m.line + 1, m.column + 1 + header.end() - m.index) if header else None
    return None


def _closer(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"`{node.style}` that starts the block of text"
    return "closing `]`" if isinstance(node, yaml.SequenceNode) else "closing `}`"


_UNKNOWN_FIELDS: dict[tuple[int, str], str] = {}


def _unknown_field(key: str, key_text: str, rec: Record) -> str:
    """The message for an unknown field, with the closest known one (kept: a mistake repeats in every record)."""
    message = _UNKNOWN_FIELDS.get((id(rec), key))
    if message is None:
        fields = rec.fields
        close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else f"; the fields of {_a(rec.name)} are {', '.join(fields)}"
        message = f"unknown field `{key_text}`{hint}"
        if len(_UNKNOWN_FIELDS) < 10_000:
            _UNKNOWN_FIELDS[id(rec), key] = message
    return message


class _Suggestion:
    """The closest allowed value to a wrong one, as a hint, worked out only when the message is made."""

    __slots__ = ("choices", "text")

    def __init__(self, text: str, choices: tuple[str, ...]):
        self.text, self.choices = text, choices

    def __bool__(self) -> bool:
        return bool(str(self))

    def __str__(self) -> str:
        close = difflib.get_close_matches(self.text, self.choices, n=1, cutoff=0.6)
        return f"did you mean `{close[0]}`?" if close else ""


class _DateHint:
    """A suggestion for a date written in another common form, worked out only when the message is made."""

    __slots__ = ("day_only", "raw")

    def __init__(self, raw: str, day_only: bool):
        self.raw, self.day_only = raw, day_only

    def __bool__(self) -> bool:
        return bool(str(self))

    def __str__(self) -> str:
        return _date_hint(self.raw, self.day_only)


_BAD = object()
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})[/.-](\d{4})")
_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\s*\d.*")


def _date_hint(raw: str, day_only: bool) -> str:
    """A suggestion for a date written in another common form (day first, or with a time)."""
    if m := _DMY.fullmatch(raw):
        return f"write it year first: {m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if (m := _MY.fullmatch(raw)) and not day_only:
        return f'write a month as "{m[2]}-{int(m[1]):02d}", in quotes'
    if m := _WITH_TIME.fullmatch(raw):
        return f"a date has no time of day: write {m[1]}"
    return ""


_ALLOWED_TAGS = frozenset((STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MAP, SEQ))

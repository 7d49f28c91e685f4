"""Located data problems, the bounded collector that gathers them, and the one exception that carries them."""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_INDEX = re.compile(r"\[\d+\]")

MAX_PROBLEMS = 1000
"""Problems listed one by one; the rest of a badly broken file is counted by field and kind. A mistake
repeated in every record of a large file gives millions of problems: each listed one costs a message
and a line of output, a counted one costs an addition."""
MAX_GROUPS = 200  # distinct (field, kind) counters kept; beyond them, one counter for everything else
OTHER = "other problems"


def shown(text: str, limit: int = 40) -> str:
    """`text` as a message quotes it: on one line (line breaks and control characters escaped), cut to `limit`."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    elif text.isprintable():  # the common case, and much faster than the substitution
        return text
    return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)


def pattern(path: str) -> str:
    """A field path with its list positions left out: `events[3].tasks[0].text` → `events[*].tasks[*].text`."""
    return _INDEX.sub("[*]", path)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, located to a line and column (both 1-based).

    `kind` names what is wrong without the value found (e.g. `unknown field`), to count the problems
    that are not listed by field and kind; the message by default."""

    file: str
    line: int
    column: int
    path: str
    message: str
    kind: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        """`FILE:LINE:COL: path: message`, always on one line."""
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)


@dataclass(frozen=True, slots=True)
class Omitted:
    """Problems not listed one by one: how many of one kind at one field path pattern."""

    pattern: str
    kind: str
    count: int

    def __str__(self) -> str:
        where = f"{self.pattern}: " if self.pattern else ""
        return f"{where}{self.count:,} × {self.kind}"


Text = str | Callable[[], str]
"""A message or a path, or what makes it: made only for a problem that is listed."""


class Problems:
    """Collects problems as they are found: the first `limit` in file order exactly, the rest counted.

    A problem after the `limit` kept so far in file order costs a comparison and a count: its message
    (and its path, when given as a callable) is never made. Ties in position keep the order found, as
    a stable sort of every problem would."""

    def __init__(self, file: str, limit: int | None = None):
        self.file = file
        self.limit = MAX_PROBLEMS if limit is None else limit
        self._heap: list[tuple[int, int, int, Problem]] = []  # (-line, -column, -seq): the last kept on top
        self._seq = 0
        self._counts: dict[tuple[str, str], int] = {}

    def __len__(self) -> int:
        return self._seq

    def add(self, line: int, column: int, kind: str, where: str, path: Text, message: Text) -> None:
        """One problem at LINE:COLUMN; `where` is its path pattern (`events[*].kind`), `kind` what is wrong."""
        seq = self._seq
        self._seq = seq + 1
        heap = self._heap
        if len(heap) < self.limit:
            heapq.heappush(heap, (-line, -column, -seq, self._make(line, column, kind, path, message)))
            return
        top = heap[0]
        if (line, column) < (-top[0], -top[1]):  # before the last one kept: it takes that one's place
            _, _, _, out = heapq.heapreplace(
                heap, (-line, -column, -seq, self._make(line, column, kind, path, message))
            )
            self._count(pattern(out.path), out.kind or out.message)
        else:
            self._count(where, kind)

    def append(self, problem: Problem) -> None:
        """A problem already made (few of them: whole-file and syntax problems)."""
        kind = problem.kind or problem.message
        self.add(problem.line, problem.column, kind, pattern(problem.path), problem.path, problem.message)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)

    def _make(self, line: int, column: int, kind: str, path: Text, message: Text) -> Problem:
        path = path if isinstance(path, str) else path()
        message = message if isinstance(message, str) else message()
        return Problem(self.file, line, column, path, message, kind)

    def _count(self, where: str, kind: str) -> None:
        counts = self._counts
        key = (where, kind)
        if key in counts:
            counts[key] += 1
        elif len(counts) < MAX_GROUPS:
            counts[key] = 1
        else:
            counts["", OTHER] = counts.get(("", OTHER), 0) + 1

    def kept(self) -> list[Problem]:
        """The problems listed, in file order."""
        return [p for *_, p in sorted(self._heap, key=lambda e: (-e[0], -e[1], -e[2]))]

    def omitted(self) -> list[Omitted]:
        """The problems counted, by field and kind, the most frequent first."""
        return _ordered(self._counts)


def _ordered(counts: dict[tuple[str, str], int]) -> list[Omitted]:
    groups = [Omitted(where, kind, n) for (where, kind), n in counts.items() if (where, kind) != ("", OTHER)]
    groups.sort(key=lambda o: (-o.count, o.pattern, o.kind))
    if ("", OTHER) in counts:
        groups.append(Omitted("", OTHER, counts["", OTHER]))
    return groups


class DataError(Exception):
    """A data file that cannot be used; `.problems` lists the problems found in file order (at most
    MAX_PROBLEMS of them), `.omitted` counts the rest by field and kind."""

    def __init__(self, problems: Iterable[Problem] | Problems, omitted: Iterable[Omitted] = ()):
        if isinstance(problems, Problems):
            problems, omitted = problems.kept(), problems.omitted()
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        self.omitted = tuple(omitted)
        super().__init__("\n".join(self.lines()))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else ""

    @property
    def count(self) -> int:
        """How many problems were found, listed or not."""
        return len(self.problems) + sum(o.count for o in self.omitted)

    def summary(self, listed: int) -> list[Omitted]:
        """What is not among the first `listed` problems, by field and kind, the most frequent first."""
        counts: dict[tuple[str, str], int] = {}
        for p in self.problems[listed:]:
            key = (pattern(p.path), p.kind or p.message)
            counts[key] = counts.get(key, 0) + 1
        for o in self.omitted:
            counts[o.pattern, o.kind] = counts.get((o.pattern, o.kind), 0) + o.count
        return _ordered(counts)

    def lines(self, listed: int | None = None) -> list[str]:
        """The first `listed` problems (all those kept by default), one per line, then the rest by field and
        kind, each line starting with the file's name."""
        listed = len(self.problems) if listed is None else listed
        out = [str(p) for p in self.problems[:listed]]
        rest = self.summary(listed)
        if rest:
            more = sum(o.count for o in rest)
            out.append(f"{self.file}: and {more:,} more {'problem' if more == 1 else 'problems'}, by field and kind:")
            out += [f"{self.file}:   {o}" for o in rest]
        return out


class UnreadableFileError(DataError):
    """The file cannot be read at all: missing, a directory, no permission, too large, not UTF-8 text."""

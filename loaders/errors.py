"""Located data problems and the one exception that carries them all."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(text: str, limit: int = 40) -> str:
    """`text` as a message quotes it: on one line (line breaks and control characters escaped), cut to `limit`."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    elif text.isprintable():  # the common case, and much faster than the substitution
        return text
    return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, located to a line and column (both 1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        """`FILE:LINE:COL: path: message`, always on one line."""
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)


class DataError(Exception):
    """A data file that cannot be used; `.problems` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else ""


class UnreadableFileError(DataError):
    """The file cannot be read at all: missing, a directory, no permission, too large, not UTF-8 text."""

"""The real data file, damaged at random the way hand edits damage it: the loader either loads it or
raises DataError with one located line per problem, and never anything else."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import DEFAULT_PATH, DataError, load_dataset

pytestmark = pytest.mark.slow

REAL = Path(DEFAULT_PATH)

# Deterministic for CI: the same examples every run, nothing stored between runs.
FUZZ = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# What a hand edit or a paste can put into the file: YAML's indicators, invisible characters, any character.
CHARS = st.one_of(
    st.sampled_from([*"\t\"':-#&*!|>%@`,?[]{} \n\r", "\x07", "\x85", "\u2028", "\ufeff", "\xa0", "\x00"]),
    st.characters(codec="utf-8"),
)
# What YAML reads as something other than text, and worse.
SCALARS = st.sampled_from(
    [
        "yes",
        "no",
        "NO",
        "on",
        "off",
        "1:30",
        "1.10",
        "~",
        "null",
        "",
        "2024-01-01",
        "2021-02-30",
        '"2021-13"',
        "28/10/2019",
        "2019-10-28 10:00",
        "-1",
        ".inf",
        "0x1F",
        "9" * 5000,
        "x" * 5000,
        "*alias",
        "&anchor value",
        "!!python/object/apply:os.system ['true']",
        "!custom value",
        "[",
        "{",
        "[]",
        "{}",
        '"',
        "'",
        "- item",
        "a: b",
        "|",
        ">-",
        "<<: *x",
    ]
)
# Odd but well-formed dates and numbers, for the fields that hold them: edges of the calendar and of floats.
TYPED = st.sampled_from(
    [
        '"9999-12"',
        "9999-12-31",
        "9999",
        "0001-01-01",
        '"0001-01"',
        "0000",
        "1900",
        "2020-02-29",
        "2019-02-29",
        "2019-10-28T10:00:00Z",
        '"2019-10"',
        "0",
        "-0",
        "0.0",
        "1e3",
        "1_000",
        "99999999999999999999",
        "0.000000000000000001",
        "1.7976931348623157e308",
    ]
)
_TYPED_LINE = re.compile(r"^(\s*(?:- )?(?:date|end|start|published|congress_start|congress_end|value|total):)(\s.*)?$")
_FIELD_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)(\s.*)?$")


# An index into whatever is at hand (lines, characters), taken modulo its length when the edit is made.
INDEX = st.integers(0, 2**16)

# One hand-edit accident each; drawn as plain data so that a failing example reads as a list of edits.
EDITS = {
    "delete": st.tuples(st.just("delete"), INDEX),
    "duplicate": st.tuples(st.just("duplicate"), INDEX),
    "swap": st.tuples(st.just("swap"), INDEX, INDEX),
    "cut": st.tuples(st.just("cut"), INDEX),
    "insert": st.tuples(st.just("insert"), INDEX, INDEX, CHARS),
    "scalar": st.tuples(st.just("scalar"), INDEX, SCALARS),
    "typed": st.tuples(st.just("typed"), INDEX, TYPED),
    "indent": st.tuples(st.just("indent"), INDEX, st.integers(-4, 4).filter(bool)),
}


def apply(lines: list[str], edit: tuple) -> list[str]:
    """The lines after one edit."""
    kind, i, *rest = edit
    if not lines:
        return lines
    n = len(lines)
    i %= n
    if kind == "delete":
        return lines[:i] + lines[i + 1 :]
    if kind == "duplicate":
        return lines[: i + 1] + lines[i:]
    if kind == "swap":
        j = rest[0] % n
        out = list(lines)
        out[i], out[j] = out[j], out[i]
        return out
    if kind == "cut":
        text = "".join(lines)
        return text[: edit[1] % (len(text) + 1)].splitlines(keepends=True)
    if kind == "insert":
        at, char = rest
        line = lines[i]
        at %= len(line) + 1
        return [*lines[:i], line[:at] + char + line[at:], *lines[i + 1 :]]
    if kind in ("scalar", "typed"):
        pattern = _FIELD_LINE if kind == "scalar" else _TYPED_LINE
        fields = [k for k, line in enumerate(lines) if pattern.match(line.rstrip("\n"))]
        if not fields:
            return lines
        k = fields[edit[1] % len(fields)]
        key = pattern.match(lines[k].rstrip("\n"))[1]
        return [*lines[:k], f"{key} {rest[0]}\n", *lines[k + 1 :]]
    if kind == "indent":  # shift one line right, or left by at most its indentation
        shift, line = rest[0], lines[i]
        if shift > 0:
            return [*lines[:i], " " * shift + line, *lines[i + 1 :]]
        return [*lines[:i], line[min(-shift, len(line) - len(line.lstrip(" "))) :], *lines[i + 1 :]]
    raise ValueError(f"unknown edit {kind!r}")


@functools.cache
def _real_lines() -> list[str]:
    return REAL.read_text(encoding="utf-8").splitlines(keepends=True)


def edited(edits: list[tuple]) -> str:
    """The real file after `edits`."""
    lines = _real_lines()
    for edit in edits:
        lines = apply(lines, edit)
    return "".join(lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder beside the real seed articles, so that quotes are checked against them too."""
    path = tmp_path_factory.mktemp("fuzz")
    (path / "seeds").symlink_to(REAL.parent / "seeds", target_is_directory=True)
    return path


@FUZZ
@given(edits=st.lists(st.one_of(*EDITS.values()), min_size=1, max_size=3))
def test_damaged_file_loads_or_says_where(folder, edits):
    load_or_say_where(folder / "events.yaml", edited(edits))


@settings(FUZZ, max_examples=150)
@given(edit=EDITS["typed"])
def test_odd_date_or_number_loads_or_says_where(folder, edit):
    """One odd but well-formed date or number: mostly valid files, so these reach the typed records
    and the frames (the last day of December 9999, say)."""
    load_or_say_where(folder / "events.yaml", edited([edit]))


def load_or_say_where(path: Path, text: str) -> None:
    """Load `text` from `path`: a dataset, or DataError with one well-formed located line per problem."""
    path.write_text(text, encoding="utf-8", newline="")
    try:
        load_dataset(path)
    except DataError as exc:
        problems = exc.problems
        assert problems, "DataError without a problem"
        n_lines = text.count("\n") + 1
        lines = str(exc).split("\n")
        assert len(lines) == len(problems), str(exc)
        for line, p in zip(lines, problems, strict=True):
            assert p.file == str(path)
            assert 1 <= p.line <= n_lines + 1, line
            assert p.column >= 1, line
            assert p.message.strip(), line
            assert line.startswith(f"{path}:{p.line}:{p.column}: "), line
            assert "Traceback" not in line

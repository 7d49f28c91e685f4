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
    max_examples=250,
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
_FIELD_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)(\s.*)?$")


@st.composite
def mutation(draw, lines: list[str]):
    """One hand-edit accident, as a function of the file's lines."""
    n = len(lines)
    kind = draw(
        st.sampled_from(["delete", "duplicate", "swap", "cut", "insert", "scalar", "indent"]),
    )
    i = draw(st.integers(0, n - 1))
    if kind == "delete":
        return lines[:i] + lines[i + 1 :]
    if kind == "duplicate":
        return lines[: i + 1] + lines[i:]
    if kind == "swap":
        j = draw(st.integers(0, n - 1))
        out = list(lines)
        out[i], out[j] = out[j], out[i]
        return out
    if kind == "cut":
        text = "".join(lines)
        at = draw(st.integers(0, len(text)))
        return text[:at].splitlines(keepends=True)
    if kind == "insert":
        line = lines[i]
        at = draw(st.integers(0, len(line)))
        char = draw(CHARS)
        return [*lines[:i], line[:at] + char + line[at:], *lines[i + 1 :]]
    if kind == "scalar":
        fields = [k for k, line in enumerate(lines) if _FIELD_LINE.match(line.rstrip("\n"))]
        if not fields:
            return lines
        k = fields[draw(st.integers(0, len(fields) - 1))]
        key = _FIELD_LINE.match(lines[k].rstrip("\n"))[1]
        return [*lines[:k], f"{key} {draw(SCALARS)}\n", *lines[k + 1 :]]
    # indent: shift one line left or right by a few spaces
    line = lines[i]
    shift = draw(st.integers(-4, 4).filter(bool))
    if shift > 0:
        return [*lines[:i], " " * shift + line, *lines[i + 1 :]]
    return [*lines[:i], line[min(-shift, len(line) - len(line.lstrip(" "))) :], *lines[i + 1 :]]


@functools.cache
def _real_lines() -> list[str]:
    return REAL.read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def damaged(draw) -> str:
    """The real file after one to three accidents."""
    lines = _real_lines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        lines = draw(mutation(lines))
    return "".join(lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder beside the real seed articles, so that quotes are checked against them too."""
    path = tmp_path_factory.mktemp("fuzz")
    (path / "seeds").symlink_to(REAL.parent / "seeds", target_is_directory=True)
    return path


@FUZZ
@given(text=damaged())
def test_damaged_file_loads_or_says_where(folder, text):
    path = folder / "events.yaml"
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

"""Every broken file in tests/data/bad/ is refused quickly, in little memory, with the place and message
that tests/data/bad/EXPECTED.yaml gives; and the validator's exit status tells data problems (1) from
files that cannot be read (2)."""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from loaders import DEFAULT_PATH, DataError, UnreadableFileError, load_dataset
from loaders.reader import MAX_FILE_BYTES
from loaders.validate import main as validate_main

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "bad"
EXPECTED = yaml.safe_load((BAD / "EXPECTED.yaml").read_text(encoding="utf-8"))

TIME_LIMIT = 5.0  # seconds: generous for a noisy 2-core machine; a refused file takes milliseconds
MEMORY_LIMIT = 200 * 2**20  # bytes


def refuse(path: Path) -> DataError:
    """Load `path`, which must fail with DataError (nothing else) in bounded time and Python memory."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        load_dataset(path)
    except DataError as exc:
        error = exc
    else:
        error = None
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert error is not None, f"{path.name} loaded without a problem"
    assert elapsed < TIME_LIMIT, f"{path.name} took {elapsed:.1f} s"
    assert peak < MEMORY_LIMIT, f"{path.name} allocated {peak / 2**20:.0f} MB at the peak"
    return error


def assert_located(error: DataError, path: Path) -> None:
    """One `FILE:LINE:COL: ...` line per problem, never a traceback."""
    lines = str(error).split("\n")
    assert len(lines) == len(error.problems), str(error)
    for line, problem in zip(lines, error.problems, strict=True):
        assert line.startswith(f"{path}:{problem.line}:{problem.column}: "), line
        assert problem.line >= 1 and problem.column >= 1 and problem.message.strip(), line
        assert problem.file == str(path)
        assert "Traceback" not in line


def test_every_file_is_listed_once():
    files = {p.name for p in BAD.iterdir()} - {"EXPECTED.yaml"}
    assert sorted(files - set(EXPECTED)) == [], "files without an expectation in EXPECTED.yaml"
    assert sorted(set(EXPECTED) - files) == [], "expectations without a file"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_at_its_place(name):
    path = BAD / name
    want = EXPECTED[name]
    error = refuse(path)
    assert_located(error, path)
    hits = [p for p in error.problems if want["message"] in p.message]
    assert hits, f"no problem says {want['message']!r}:\n{error}"
    hit = hits[0]
    assert hit.line == want["line"], str(hit)
    if "column" in want:
        assert hit.column == want["column"], str(hit)
    if "path" in want:
        assert hit.path == want["path"], str(hit)
    if "problems" in want:
        assert len(error.problems) == want["problems"], str(error)
    assert isinstance(error, UnreadableFileError) == (want.get("exit", 1) == 2), type(error)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validator_exit_status_and_lines(name, capsys):
    path = BAD / name
    want = EXPECTED[name]
    assert validate_main([str(path)]) == want.get("exit", 1)
    out = capsys.readouterr().out.splitlines()
    assert out, "the validator printed nothing"
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in out), out
    assert any(line.startswith(f"{path}:{want['line']}:") and want["message"] in line for line in out), out


def test_alias_bomb_is_not_expanded():
    """Nine levels of nine aliases would be 9**9 (387 million) strings if expanded."""
    error = refuse(BAD / "alias-bomb.yaml")
    aliases = [p for p in error.problems if "anchors and aliases" in p.message]
    assert aliases and aliases[0].line == 2
    assert any(p.message == "and 62 more aliases" for p in error.problems), str(error)
    assert len(error.problems) < 50


def test_python_tag_is_never_run():
    """The file calls sys.exit(99) if its tag is constructed: reaching the asserts means it was not."""
    error = refuse(BAD / "tag-python.yaml")
    assert "!!python/object/apply:sys.exit" in str(error)


@pytest.fixture
def oversize(tmp_path) -> Path:
    """A sparse file one byte over the limit: it takes no disk space and must never be read."""
    path = tmp_path / "events.yaml"
    with path.open("wb") as f:
        f.write(b"sources:\n")
        f.truncate(MAX_FILE_BYTES + 1)
    return path


def test_file_over_the_size_limit_is_refused_unread(oversize):
    error = refuse(oversize)
    assert isinstance(error, UnreadableFileError)
    assert_located(error, oversize)
    [problem] = error.problems
    assert (problem.line, problem.column) == (1, 1)
    assert f"{MAX_FILE_BYTES + 1:,} bytes" in problem.message
    assert f"the limit is {MAX_FILE_BYTES:,} bytes" in problem.message


_PEAK_PROBE = """
import resource, sys, time
from loaders import DataError, load_dataset
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    load_dataset(sys.argv[1])
except DataError:
    pass
print(time.perf_counter() - start, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""


@pytest.mark.parametrize("which", ["alias-bomb", "oversize"])
def test_peak_memory_of_the_whole_process_stays_small(which, oversize):
    """tracemalloc sees Python objects only; the growth of the process's peak RSS sees C allocations too."""
    path = BAD / "alias-bomb.yaml" if which == "alias-bomb" else oversize
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    elapsed, grown = (float(x) for x in done.stdout.split())
    assert elapsed < TIME_LIMIT
    assert grown < MEMORY_LIMIT, f"peak RSS grew by {grown / 2**20:.0f} MB"


# The validator as a curator runs it


def validate(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "loaders.validate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def assert_clean_output(done: subprocess.CompletedProcess, path: Path) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines, done.stderr
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", line) for line in lines), lines


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_refused_without_crashing(shape, tmp_path):
    """The C composer recurses once per level: 100,000 levels (a 200 KB file) used to end the process
    with a segmentation fault. Run in a subprocess, so that a crash fails this test, not the run."""
    n = 100_000
    text = "sources: " + "[" * n + "]" * n + "\n" if shape == "flow" else "sources:\n" + "- " * n + "x\n"
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    done = validate(str(path))
    assert done.returncode == 1, f"exit status {done.returncode}: {done.stderr[-1000:]}"
    assert_clean_output(done, path)
    assert "expected lists and mappings nested at most 100 deep" in done.stdout


def test_cli_accepts_the_real_data():
    done = validate(str(DEFAULT_PATH))
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": OK: " in done.stdout


_PANDAS_PROBE = """
import runpy, sys
try:
    runpy.run_module("loaders.validate", run_name="__main__")
except SystemExit as done:
    print(done.code, "pandas" in sys.modules)
"""


def test_checking_a_file_does_not_import_pandas():
    """The validator reads and checks; frames are the app's. Importing pandas was a second of every check."""
    done = subprocess.run(
        [sys.executable, "-c", _PANDAS_PROBE, str(DEFAULT_PATH)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.splitlines()[-1] == "0 False", done.stdout + done.stderr


def test_cli_exit_1_on_bad_data_with_its_line():
    path = BAD / "enum-unknown.yaml"
    done = validate(str(path))
    assert done.returncode == 1
    assert_clean_output(done, path)
    assert done.stdout.startswith(f"{path}:38:11: events[0].kind: expected one of briefing,")
    assert "1 problem(s)" in done.stderr


@pytest.mark.parametrize("case", ["latin-1", "missing", "directory", "oversize", "pipe"])
def test_cli_exit_2_on_a_file_that_cannot_be_read(case, tmp_path, oversize):
    path = {
        "latin-1": BAD / "encoding-latin1.yaml",
        "missing": tmp_path / "no-such-file.yaml",
        "directory": tmp_path,
        "oversize": oversize,
        "pipe": tmp_path / "events.fifo",
    }[case]
    if case == "pipe":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    done = validate(str(path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert_clean_output(done, path)
    if case == "latin-1":
        assert done.stdout.startswith(f"{path}:4:23: expected UTF-8 text, found the byte 0xe1")


def _as_nobody() -> tuple[str, ...]:
    """A command prefix that runs as a user without root's power to read any file; skips when none."""
    if os.geteuid() != 0:
        return ()
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root, and there is no user `nobody` to drop to")
    group = next((g for g in ("nogroup", "nobody") if _group_exists(g)), None)
    if shutil.which("setpriv") and group:
        return ("setpriv", "--reuid=nobody", f"--regid={group}", "--clear-groups")
    if shutil.which("runuser"):
        return ("runuser", "-u", "nobody", "--")
    pytest.skip("running as root (which reads any file) and neither setpriv nor runuser is there to drop to nobody")


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def test_cli_exit_2_on_a_file_without_read_permission():
    prefix = _as_nobody()
    if prefix:
        probe = subprocess.run([*prefix, sys.executable, "-c", "import loaders"], cwd=ROOT, capture_output=True)
        if probe.returncode != 0:
            pytest.skip("user nobody cannot read this checkout or its virtualenv")
    folder = Path(tempfile.mkdtemp(prefix="unreadable-"))
    try:
        folder.chmod(0o755)  # others may enter the folder, not read the file
        path = folder / "events.yaml"
        path.write_text("sources: []\n", encoding="utf-8")
        path.chmod(0)
        done = validate(str(path), prefix=prefix)
        assert done.returncode == 2, done.stdout + done.stderr
        assert_clean_output(done, path)
        assert done.stdout.startswith(f"{path}:1:1: permission denied")
    finally:
        shutil.rmtree(folder)

"""Check data files from the command line.

    python -m loaders.validate [FILE ...]      (default: data/events.yaml)

Exit 0 with a one-line summary per valid file; 1 with one line per problem
(FILE:LINE:COLUMN: field.path: expected ..., found ...), the first 1,000 of them in file order and
the rest counted by field and kind; 2 when a file cannot be read at all.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import DEFAULT_PATH, DataError, UnreadableFileError, load_model


def summary(path: str, model) -> str:
    """One line describing a valid file."""
    years = sorted({e.start.year for e in model.events})
    span = f"{years[0]}–{years[-1]}" if years else "no years"
    n_tasks = sum(len(e.tasks) for e in model.events)
    return (
        f"{path}: OK: {len(model.events)} events ({span}), {n_tasks} tasks, "
        f"{len(model.documents)} documents, {len(model.sources)} sources, {len(model.cycles)} cycles"
    )


def _shown(path) -> str:
    """The path relative to the working directory where it lies below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.validate", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=[_shown(DEFAULT_PATH)], metavar="FILE")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            model = load_model(path)
        except UnreadableFileError as exc:
            print(exc)
            status = 2
        except DataError as exc:
            print(exc)
            print(f"{path}: {exc.count} problem(s)", file=sys.stderr)
            status = max(status, 1)
        else:
            print(summary(path, model))
    return status


if __name__ == "__main__":
    sys.exit(main())

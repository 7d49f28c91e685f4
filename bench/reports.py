"""The report of a view (core.report) at the curated data, 1,000 and 10,000 events: content, chart images and the
.docx or PDF file, for all six years and for one year, in Vietnamese. python -m bench.reports

It prints a Markdown table; `--write` puts it in bench/results.md as the section SECTION (replacing the one there),
which `python -m bench` keeps when it rewrites the rest of the file."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import replace
from pathlib import Path

from core.export import forget_images
from core.filtering import apply, search_index
from core.report import build_report, chart_images, to_docx, to_html, to_pdf
from core.state import ViewState
from loaders import DEFAULT_PATH, load_dataset

from . import generate

VIEWS = {"2019–2024": (2019, 2024), "2021": (2021, 2021)}
RESULTS = Path(__file__).with_name("results.md")
SECTION = "## The report of a view"


def kept_section(path: Path = RESULTS) -> str:
    """The report section of a results file (from its heading to the end), or ""."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    at = text.find("\n" + SECTION)
    return text[at:] if at >= 0 else ""


def write_section(body: str, path: Path = RESULTS) -> None:
    """Put `body` under SECTION at the end of the results file, in place of the section there."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    at = text.find("\n" + SECTION)
    text = (text[:at] if at >= 0 else text).rstrip("\n")
    path.write_text(f"{text}\n\n{SECTION}\n\n{body.strip()}\n", encoding="utf-8")


def measure(path: Path, years: tuple[int, int], runs: int = 3) -> dict:
    """Median seconds of each step of one report over `runs` runs (its chart images drawn afresh each time), both
    formats, and the size of each file."""
    ds = load_dataset(path, cache=True)
    view = replace(ViewState(), years=years, lang="vi")
    f = apply(ds, view, search_index(ds))
    times: dict[str, list[float]] = {"content": [], "images": [], "docx": [], "pdf": []}
    out: dict = {"events": len(f.events)}
    for _ in range(runs):
        forget_images()
        t0 = time.perf_counter()
        report = build_report(ds, f, view)
        times["content"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        images = chart_images(report)
        times["images"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        out["docx_bytes"] = len(to_docx(report, images))
        times["docx"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        out["pdf_bytes"] = len(to_pdf(to_html(report, images)))
        times["pdf"].append(time.perf_counter() - t0)
    out["listed"] = len(report.events)
    return out | {step: statistics.median(seconds) for step, seconds in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3, help="runs of each report; the table gives medians")
    parser.add_argument("--write", action="store_true", help=f"put the table in {RESULTS.name} under {SECTION!r}")
    args = parser.parse_args(argv)
    files = {"curated": Path(DEFAULT_PATH)} | {f"{n:,}": generate.generate(n).path for n in args.sizes}
    from core.export import _ensure_server

    _ensure_server()  # kaleido's browser starts once, untimed, as in the app
    lines = [
        f"`python -m bench.reports`, medians of {args.runs} runs, load average at start: {_load()}",
        "",
        "| data | view | events (listed) | content | chart images | .docx | PDF | .docx total | PDF total | sizes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    print("\n".join(lines), flush=True)
    for name, path in files.items():
        for label, years in VIEWS.items():
            r = measure(path, years, args.runs)
            base = r["content"] + r["images"]
            lines.append(
                f"| {name} | {label} | {r['events']:,} ({r['listed']:,}) | {r['content']:.2f} s | "
                f"{r['images']:.2f} s | {r['docx']:.2f} s | {r['pdf']:.2f} s | "
                f"{base + r['docx']:.1f} s | {base + r['pdf']:.1f} s | "
                f"{r['docx_bytes'] / 1e6:.1f} MB / {r['pdf_bytes'] / 1e6:.1f} MB |"
            )
            print(lines[-1], flush=True)
    lines.append(f"\nload average at the end: {_load()}")
    if args.write:
        write_section("\n".join(lines))
    return 0


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())

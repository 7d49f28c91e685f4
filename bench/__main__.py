"""Run every benchmark and write bench/results.md.

python -m bench            curated data, 1k, 10k and 100k events, the browser (about 15 minutes)
python -m bench --quick    curated data, 1k and 10k, no browser (a few minutes)
python -m bench --only broken    one section alone, rewriting only its part of bench/results.md
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

from core.filtering import search_index
from loaders import DEFAULT_PATH, load_dataset

from . import generate
from .report import machine, mb, ratio, t, table
from .timing import Timing, fmt_s

RESULTS = Path(__file__).resolve().parent / "results.md"
T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:6.0f} s] {msg}", flush=True)


def guarded(results: dict, key: str, fn, *args, **kwargs):
    """Run one section; a failure is recorded in the results (and printed) instead of ending the run."""
    log(f"{key} ...")
    try:
        results[key] = fn(*args, **kwargs)
    except Exception as exc:  # a benchmark section that breaks must not hide the others' results
        traceback.print_exc()
        results[key] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:300]}
    return results[key]


def run(quick: bool, save=lambda res: None) -> dict:
    from . import charts, load, reruns

    sizes = [1_000, 10_000] if quick else list(generate.SIZES)
    files = {"curated": (Path(DEFAULT_PATH), "curated")}
    gen: dict = {}
    for n in sizes:
        log(f"generating {n:,} events")
        g = generate.generate(n)
        gen[n] = g
        files[f"{n // 1000}k"] = (g.path, g.profile)
    res: dict = {"files": {}, "generated": gen}
    for name, (path, profile) in files.items():
        r: dict = {}
        res[name] = r
        big = name == "100k"
        ds = load_dataset(path, cache=True)
        index = search_index(ds)
        res["files"][name] = {
            "path": path,
            "profile": profile,
            "bytes": path.stat().st_size,
            "events": len(ds.events),
            "tasks": len(ds.tasks),
            "people": len(ds.people),
            "quotes": len(ds.quotes),
        }
        guarded(r, "load", load.bench_load, path, len(ds.events), big=big)
        guarded(r, "figures", charts.bench_figures, ds, index, big=big)
        if name in ("10k", "100k"):
            guarded(r, "exact", charts.narrowest_exact, ds, index)
        del ds, index
        guarded(
            r,
            "reruns",
            reruns.bench_reruns,
            path,
            full=name == "curated",
            pages=not big,
            runs=3 if big else 5,
            budget=45,
        )
        if not big:
            guarded(r, "overview", reruns.bench_overview, path, runs=3 if name == "10k" else 5)
        if not quick:
            from . import browser

            if name != "1k":  # 1k: the ten concurrent sessions, last
                guarded(r, "browser", browser.bench_page_loads, path, starts=3, warm=3, overview=not big)
        save(res)  # the results so far, in case a later section overruns
    from . import sessions

    guarded(res, "concurrency", sessions.bench_concurrency, files["1k"][0], rounds=2 if quick else 6)
    run_sections(res, ["broken", "idle"] if quick else ["broken", "idle", "peer"], quick)
    return res


SECTIONS = {
    "broken": "## A broken file at scale",
    "idle": "## Idle tabs",
    "peer": "## The peer: vis-timeline's zoom to one year (10k events)",
}
"""Sections that can be run alone (`--only`), each rewriting only its own part of the results."""


def run_sections(res: dict, names: list[str], quick: bool, before: Path | None = None) -> dict:
    """The sections that can run alone; `before`: an earlier checkout of the app to compare the idle tabs with."""
    from . import broken, idle

    for name in names:
        if name == "peer":
            from . import peer

            g = generate.generate(10_000)
            guarded(res, "peer", peer.bench_peer, g.path)
        if name == "broken":
            guarded(res, "broken", broken.bench_broken, runs=2 if quick else 3)
        elif name == "idle":
            guarded(res, "idle", idle.bench_idle)
            if before is not None:
                guarded(res, "idle_before", idle.bench_idle, root=before)
    return res


def render_section(name: str, res: dict) -> list[str]:
    if name == "idle":
        return _idle(res.get("idle"), res.get("idle_before"))
    return {"broken": _broken, "peer": _peer}[name](res.get(name))


def splice(text: str, section: list[str]) -> str:
    """`text` (a results file) with the section of the same heading replaced by `section`, or the section added
    before the targets."""
    lines = text.split("\n")
    heading = section[0]
    if heading in lines:
        start = lines.index(heading)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    else:
        start = end = lines.index("## Targets") if "## Targets" in lines else len(lines)
    return "\n".join([*lines[:start], *section, *lines[end:]])


# --- the report -----------------------------------------------------------------------------


def _err(section) -> str | None:
    return section.get("error") if isinstance(section, dict) else None


def render(res: dict, quick: bool, seconds: float) -> str:
    names = [n for n in ("curated", "1k", "10k", "100k") if n in res]
    out = ["# Benchmarks at scale", ""]
    out += [
        "Written by `python -m bench`" + (" --quick" if quick else "") + f" in {seconds / 60:.1f} min. "
        "Every time is the median of the runs shown as n (min–max after it), taken on a shared, noisy "
        "2-core machine: read ratios measured in the same run rather than absolute times.",
        "",
        *machine(),
        "",
        "## Data files",
        "",
    ]
    rows = []
    for n in names:
        f = res["files"][n]
        rows.append([n, f["profile"], f"{f['events']:,}", f"{f['tasks']:,}", f"{f['quotes']:,}", mb(f["bytes"])])
    out += table(["file", "profile", "events", "tasks", "quotes", "size"], rows)
    out += [
        "",
        "`bench/generate.py` (seeded) copies the sources, documents and cycles of data/events.yaml and its "
        "seed articles, and draws events from the real text. `real`: the real file's field sizes and "
        "counts (0–12 tasks, several verbatim quotes). `compact` (100k only): the same fields at their "
        "short end, because 100,000 events of the real profile make about 525 MB, and the loader "
        "refuses files over 64 MiB (`MAX_FILE_BYTES`).",
        "",
    ]
    out += _loading(res, names)
    out += _figures(res, names)
    out += _reruns(res, names)
    if not quick:
        out += _browser(res, names)
        out += _concurrency(res.get("concurrency"))
    for name in SECTIONS:
        out += render_section(name, res)
    out += _targets(res, quick)
    return "\n".join(out) + "\n"


def _loading(res: dict, names: list[str]) -> list[str]:
    out = ["## Loading", ""]
    rows = []
    for n in names:
        r = res[n].get("load", {})
        if _err(r):
            rows.append([n, f"error: {_err(r)}"] + [""] * 12)
            continue
        rows.append(
            [
                n,
                t(r.get("bare")),
                t(r.get("load_validate")),
                ratio(r.get("ratio")),
                t(r.get("bare_no_gc")),
                t(r.get("load_dataset")),
                ratio(r.get("ratio_no_gc")),
                t(r.get("frames")),
                t(r.get("cache_miss")),
                t(r.get("cache_store")),
                t(r.get("cache_hit")),
                mb(r["entry_bytes"]) if "entry_bytes" in r else "–",
                t(r.get("index")),
                t(r.get("app_cold")),
            ]
        )
    out += table(
        [
            "file",
            "bare parse",
            "load + validate",
            "ratio",
            "bare parse, GC paused",
            "load + validate + frames",
            "ratio",
            "frames",
            "cache miss (parse + store)",
            "cache store",
            "cache hit",
            "entry",
            "search index (first text search)",
            "app cold load",
        ],
        rows,
    )
    out += [
        "",
        "- bare parse: `yaml.load(f, Loader=yaml.CSafeLoader)`, the target's baseline; the cyclic GC left on, as "
        "Python runs it. load + validate: `load_model` (read, compose with the C safe composer, check every field, "
        "cross-check, build the typed records), which pauses the GC. Each ratio is the median of the ratios of "
        "interleaved pairs (bare, ours) run back to back. The GC-paused pair is the like-for-like comparison.",
        "- At 100k the GC-on bare parse is left out (over a minute a run); the target there is the cached load. "
        "From 10k on, a cache miss is not timed on its own: it is the uncached load plus the key and the store.",
        "- cache: `loaders/cache.py`, in a private temporary folder. A hit reads and hashes the file (SHA-256), "
        "checks the entry's key and payload digest, and unpickles the frames; the typed records (`ds.model`, which "
        "the app does not read) are unpickled on first use. app cold load = what `ui/data.py` does on a new server "
        "process: `load_cached(path)`; the search index (`search_index`) is built on the first text search and kept "
        "(`ui.data.SearchIndex`).",
        "",
    ]
    return out


def _figures(res: dict, names: list[str]) -> list[str]:
    out = [
        "## Figure builders",
        "",
        "Build time, `fig.to_json()` time and payload (`len(fig.to_json())`), per view.",
        "",
    ]
    rows = []
    for n in names:
        r = res[n].get("figures")
        if _err(r) or r is None:
            rows.append([n, "", f"error: {_err(r)}", "", "", "", ""])
            continue
        for row in r:
            mode = f"{row['mode']} ({row['n_events']:,})" if row["mode"] else ""
            rows.append([n, row["view"], row["figure"], t(row["build"]), t(row["to_json"]), mb(row["bytes"]), mode])
    out += table(["file", "view", "figure", "build", "to_json", "payload", "timeline mode (events)"], rows)
    for n in ("10k", "100k"):
        e = res.get(n, {}).get("exact")
        if e and not _err(e):
            out += [
                "",
                f"- {n}: one year ({e['year_events']:,} events) is still above the density threshold "
                f"({e['threshold']:,})"
                if e["year_events"] > e["threshold"]
                else f"- {n}: one year holds {e['year_events']:,} events, under the density threshold "
                f"({e['threshold']:,}): exact events one click away.",
                f"  {e['narrow_filter']}: {e['narrow_events']:,} events, drawn as `{e['narrow_mode']}` "
                f"({mb(e['narrow_bytes'])}).",
                f"  its busiest month, {e['month']} (a click on that month of the year's density): "
                f"{e['month_events']:,} events, drawn as `{e['month_mode']}` ({mb(e['month_bytes'])}).",
            ]
    return [*out, ""]


def _reruns(res: dict, names: list[str]) -> list[str]:
    out = [
        "## Server-side reruns (AppTest)",
        "",
        "The real pages driven through `streamlit.testing.v1.AppTest` in the bench process with EVENTS_FILE set: "
        "each time is one `run()` after the change, i.e. the whole script (frame, sidebar, filters, figures, "
        "protobuf) plus AppTest's bookkeeping. cold = a new session after `st.cache_resource.clear()` "
        "(the on-disk cache warm); the rest are cached reruns in one session on the timeline page. "
        "The app keeps the filtered frames and figures of the views it drew (`ui/memo.py`, per loaded file): "
        "*view not drawn before* empties that memo before each run, so everything but the loaded data is built "
        "again; *view drawn before* is a view the server has drawn already (in any session). "
        "data step = `ui.data.load()` inside those reruns.",
        "",
    ]
    rows = []
    for n in names:
        r = res[n].get("reruns")
        if _err(r) or r is None:
            rows.append([n, f"error: {_err(r)}", "", ""])
            continue
        rows.append([n, "first run, cold", t(r["cold"]), "", ""])
        seen = r.get("interactions_seen", {})
        for name, tm in r["interactions"].items():
            rows.append([n, name, t(tm), t(seen[name]) if name in seen else "", ""])
        rows.append([n, "data step of a cached rerun", "", t(r["data_step"]), ""])
        seen = r.get("pages_seen", {})
        for name, tm in r["pages"].items():
            rows.append([n, f"switch to the {name} page", t(tm), t(seen[name]) if name in seen else "", ""])
        ov = res[n].get("overview")
        if isinstance(ov, Timing):
            rows.append([n, "overview page rerun", "", t(ov), ov.note])
        elif _err(ov):
            rows.append([n, "overview page rerun", f"error: {_err(ov)}", "", ""])
    out += table(["file", "what", "view not drawn before", "view drawn before", "note"], rows)
    return [*out, ""]


def _browser(res: dict, names: list[str]) -> list[str]:
    out = [
        "## In the browser",
        "",
        "Headless Debian chromium through Playwright, the server started by the bench on a free loopback port. "
        "Times are measured in the page with `performance.now()`: from navigation start to the first Plotly chart "
        "with its traces drawn, and from the click on a year button to the timeline of that year on screen. "
        "cold = a fresh server process each run (Streamlit caches empty, on-disk cache warm); warm = new sessions "
        "on a running server, each in a new browser context (no HTTP cache: plotly.js is fetched and compiled each "
        "time, the 4.8 MB of the plotly package for the timeline, which the app serves itself, Streamlit's 4.7 MB "
        "chunk for the overview); browser-cached = the same, in a context that has loaded the app before.",
        "",
    ]
    rows = []
    for n in names:
        r = res[n].get("browser")
        if r is None:
            continue
        if _err(r):
            rows.append([n, f"error: {_err(r)}", "", "", "", ""])
            continue
        rows.append(
            [
                n,
                t(r["cold_timeline"]),
                t(r["warm_timeline"]),
                t(r["cached_timeline"]),
                t(r["warm_overview"]),
                t(r["year_click"]),
            ]
        )
    out += table(
        [
            "file",
            "timeline, cold server",
            "timeline, warm",
            "timeline, browser-cached",
            "overview, warm",
            "year click → redrawn",
        ],
        rows,
    )
    return [*out, ""]


def _concurrency(c) -> list[str]:
    out = ["## Ten concurrent sessions (1k events)", ""]
    if c is None:
        return [*out, "Not run.", ""]
    if _err(c):
        return [*out, f"error: {_err(c)}", ""]
    from .sessions import SESSIONS

    def q(params: dict) -> str:
        return "&".join(f"{k}={v}" for k, v in params.items()) or "(defaults)"

    views = "; ".join(f"{q(a)} → {q(b)}" for a, b in SESSIONS)
    rss = c["rss_kb"]
    n = len(c["rounds"]) * c["sessions"] * 2
    out += [
        f"`bench/sessions.py`. Each round opens {c['sessions']} sessions at once on `/timeline`, spoken to over the "
        "app's websocket as a browser tab does (a rerun request with the page and the URL's query string; the page "
        "read back as protobuf messages), so the ten really run together on the server. Each opens with its own "
        f"query and then changes to a second one: {views}. Every page is checked against the view computed "
        "in-process: the number of events its timeline draws (`layout.meta.n_events`, or the no-match notice), "
        "its title (language), no exception, no error. (Ten real browser tabs add ten plotly.js compilations on "
        "the same two cores; the browser's own time is in the section above.)",
        "",
        f"- rounds: {len(c['rounds'])}; time for all twenty pages of a round: "
        + ", ".join(fmt_s(x) for x in c["rounds"])
        + (
            f"; one page, median {fmt_s(statistics.median(c['pages']))} (max {fmt_s(max(c['pages']))})"
            if c["pages"]
            else ""
        ),
        f"- pages with a wrong view, an error or no chart: {len(c['failures'])} of {n}",
        "- server RSS (VmRSS): started "
        + f"{rss[0] / 1024:.0f} MB; after each round "
        + ", ".join(f"{x / 1024:.0f} MB" for x in rss[1:])
        + (f"; growth after the first round {(rss[-1] - rss[1]) / 1024:+.0f} MB" if len(rss) > 2 else ""),
        f"- Memory is read {c.get('session_ttl', 120) + 7} s after each round, once its closed sessions are gone: the "
        f"bench's server keeps a closed session {c.get('session_ttl', 120)} s (`server.disconnectedSessionTTL`; "
        "Streamlit's default, 120 s, lets a tab reconnect to its session). What stays after a round is the "
        "loaded data and the memo of drawn views (`ui/memo.py`, bounded), so growth after the first round "
        "would be a leak.",
    ]
    for f in c["failures"][:10]:
        out.append(f"  - round {f['round']}, session {f['session']} {f['params']}: want {f['want']}, got {f['got']}")
    return [*out, ""]


def _broken(b) -> list[str]:
    out = [SECTIONS["broken"], ""]
    if b is None:
        return [*out, "Not run.", ""]
    if _err(b):
        return [*out, f"error: {_err(b)}", ""]
    from .broken import MEMORY_LIMIT_MB, TIME_LIMIT, median, timing

    vb, vv, app = b["validator_broken"], b["validator_valid"], b["app"]
    count = app[0]["count"]
    out += [
        f"`bench/broken.py`. The generated file of {b['events']:,} events ({mb(b['valid_bytes'])}, real profile) with "
        "every field name of every event written with a capital (`Title:` for `title:`, as a careless "
        f"find-and-replace would): {mb(b['bytes'])} and {count:,} problems (an unknown field and a missing "
        "required one per field). The first 1,000 in file order are listed, exactly as an unbounded run lists them "
        "(tests/test_problems.py); the rest are counted by field path pattern and kind (`events[*].Title: 3,660 × "
        "unknown field`), without making their messages. Each run is a process of its own: the validator timed "
        "from the outside (interpreter start and imports included), its CPU from the kernel (`os.wait4`); the "
        "app's load path (`ui.data.load()`, what the server runs on a save) timed inside a probe process that "
        "imports the app first. Peak RSS is each process's own high-water mark (VmHWM; `ru_maxrss` would carry the "
        "bench's own peak into its children). CPU = user + system time, less sensitive than wall time to the other "
        "work on the machine.",
        "",
    ]
    rows = [
        [
            "validator, broken file",
            f"{count:,}",
            f"{vb[0]['lines']:,} lines ({mb(vb[0]['bytes'])})",
            t(timing(vb)),
            t(timing(vb, "cpu")),
            f"{median(vb, 'peak_mb'):.0f} MB",
        ],
        [
            "validator, the valid original (for scale)",
            "0",
            f"{vv[0]['lines']:,} line",
            t(timing(vv)),
            t(timing(vv, "cpu")),
            f"{median(vv, 'peak_mb'):.0f} MB",
        ],
        [
            "app's load path, broken file",
            f"{count:,}",
            f"{app[0]['listed']:,} kept with the error",
            t(timing(app)),
            t(timing(app, "cpu")),
            f"{median(app, 'peak_mb'):.0f} MB: {median(app, 'held_before_mb'):.0f} MB before the load, "
            f"+{median(app, 'peak_mb') - median(app, 'held_before_mb'):.0f} MB at the peak, "
            f"{median(app, 'held_mb') - median(app, 'held_before_mb'):+.0f} MB held after it",
        ],
    ]
    out += table(["what", "problems", "printed / kept", "time", "CPU", "peak RSS"], rows)
    v_time, v_peak = median(vb, "seconds"), median(vb, "peak_mb")
    a_time = median(app, "seconds")
    a_grow = median(app, "peak_mb") - median(app, "held_before_mb")
    out += [
        "",
        f"- Target (≤ {TIME_LIMIT:.0f} s and ≤ {MEMORY_LIMIT_MB} MB): validator "
        + _verdict(v_time, TIME_LIMIT)
        + ", "
        + _verdict(v_peak, MEMORY_LIMIT_MB, " MB")
        + " (the whole process); app's load path "
        + _verdict(a_time, TIME_LIMIT)
        + ", "
        + _verdict(a_grow, MEMORY_LIMIT_MB, " MB")
        + " (growth of a process that holds the app already).",
        "",
    ]
    return out


def _idle(i, before) -> list[str]:
    out = [SECTIONS["idle"], ""]
    if i is None:
        return [*out, "Not run.", ""]
    if _err(i):
        return [*out, f"error: {_err(i)}", ""]

    def pct(x: float) -> str:
        return f"{100 * x:.1f} % of a core"

    out += [
        f"`bench/idle.py`. {i['tabs']} tabs open on `/timeline` of the curated data (half of them on a year), each a "
        "session over the app's websocket that does what the browser's frontend does by itself: when the page asks "
        "for a fragment to rerun every few seconds (`auto_rerun`), the tab sends that rerun at that interval. "
        f"The server's CPU time (user + system, /proc) over {i['window']:.0f} s once every page is drawn, and the "
        "same window with no tab open.",
        "",
    ]
    rows = [["no tab (the floor)", pct(i["floor"]), "", ""]]
    if isinstance(before, dict) and not _err(before):
        rows.append(
            [
                f"{before['tabs']} idle tabs, before: each tab reran a 2 s fragment that checked the file",
                pct(before["share"]),
                f"{before['reruns']:,}",
                ", ".join(f"{x:g} s" for x in before["timers"]) or "none",
            ]
        )
    rows.append(
        [
            f"{i['tabs']} idle tabs, now: one watcher of the file per server (ui/watch.py)",
            pct(i["share"]),
            f"{i['reruns']:,}",
            ", ".join(f"{x:g} s" for x in i["timers"]) or "none",
        ]
    )
    out += table(["what", "server CPU", "reruns sent by the tabs", "timers the page set"], rows)
    if isinstance(before, dict) and not _err(before):
        gain = before["share"] / i["share"] if i["share"] > 0 else float("inf")
        out += [
            "",
            f"- Ratio before / now, measured in the same run: {gain:.0f}× less server CPU for the idle tabs "
            f"({pct(before['share'])} → {pct(i['share'])}; the floor is {pct(i['floor'])}). The earlier checkout "
            "was run by `python -m bench --only idle --before DIR`.",
        ]
    elif isinstance(before, dict):
        out += ["", f"- before: error: {_err(before)}"]
    return [*out, ""]


def _peer(p) -> list[str]:
    out = [SECTIONS["peer"], ""]
    if p is None:
        return [*out, "Not run.", ""]
    if _err(p):
        return [*out, f"error: {_err(p)}", ""]
    from .peer import __doc__ as about
    from .peer import timing

    versions = ", ".join(f"{k} {v}" for k, v in p["versions"].items())
    out += [
        " ".join(about.split("\n\n", 1)[1].split()),
        f"Both on the {p['events']:,} events of the 10k file, in one headless Chromium, the same years "
        f"({', '.join(map(str, p['years']))}) in the same order; each round is ours then the peer's ({versions}).",
        "",
    ]
    rows = []
    for r in range(len(p["ours"])):
        ours, peer = timing(p["ours"], r), timing(p["peer"], r)
        note = "views the server had not drawn before" if r == 0 else "the same years again (drawn before)"
        rows.append([f"round {r + 1}: {note}", t(ours), t(peer), _times(ours, peer)])
    ours, peer = timing(p["ours"]), timing(p["peer"])
    rows.append(["all rounds", t(ours), t(peer), _times(ours, peer)])
    if p.get("peer_labels"):
        labelled = timing(p["peer_labels"])
        rows.append(["the peer with each title drawn as its label", "", t(labelled), _times(ours, labelled)])
    out += table(["what", "ours: year click → timeline redrawn", "vis-timeline: zoom to the year", "ours / peer"], rows)
    alone = [
        ("the same 10k figures as our year clicks", "plotly"),
        ("10k, each event of the year as a mark (no density)", "plotly_one_by_one"),
        ("the curated data's figures for the same years", "plotly_curated"),
    ]
    if any(p.get(k) for _, k in alone):
        about = "plotly.js alone, in a bare page of the same browser: `Plotly.react` from one year's figure to the next"
        out += ["", about, ""]
        out += table(["figures", "redraw"], [[what, t(Timing(p[k]))] for what, k in alone if p.get(k)])
    if p.get("curated_ours") and p.get("curated_streamlit"):
        ours, bare = timing(p["curated_ours"]), timing(p["curated_streamlit"])
        out += ["", "The curated data's year click, with Streamlit's chart and plotly.js alone, in the same run:", ""]
        rows = [
            ["ours: the app's timeline page (the year's chart held and drawn by the page)", t(ours), "1.00×"],
            ["Streamlit alone: the year buttons and Streamlit's chart, nothing else", t(bare), _times(bare, ours)],
        ]
        if p.get("plotly_curated"):
            react = Timing(p["plotly_curated"])
            rows.append(["plotly.js alone: `Plotly.react` of the same figures", t(react), _times(react, ours)])
        out += table(["curated, year click → timeline redrawn", "time", "of ours"], rows)
    extra = p.get("interactions") or {}
    what = {
        "step": "◀ ▶ (the next or previous year)",
        "month": "a month of the year",
        "filter": "a kind chosen in the filter",
    }
    peer_extra = p.get("peer_interactions") or {}
    if extra:
        head = f"The other clicks on the same {p['events']:,} events (from {p['years'][0]}), ours then the peer's"
        peer_does = "vis-timeline: a zoom to the year or the month; the kinds kept by its DataView's filter, refreshed"
        out += ["", f"{head} ({peer_does}):", ""]
        rows = []
        for k, v in extra.items():
            if not v:
                continue
            ours, peer = Timing(v), Timing(peer_extra.get(k) or [])
            rows.append([what[k], t(ours), t(peer) if peer.samples else "", _times(ours, peer) if peer.samples else ""])
        out += table(["click", "ours: → timeline redrawn", "vis-timeline", "ours / peer"], rows)
    out += [
        "",
        f"- vis-timeline's first draw (its {p['events']:,} items loaded, one year shown): "
        f"{p['peer_first']:.2f} s with tooltips, {p.get('peer_labels_first', float('nan')):.2f} s with labels.",
        "",
    ]
    return out


def _times(part: Timing, whole: Timing) -> str:
    return f"{part.median / whole.median:.2f}×"


def _median(x) -> float | None:
    return x.median if isinstance(x, Timing) and x.samples else None


def _verdict(value: float | None, limit: float, unit: str = "s") -> str:
    if value is None:
        return "not measured"
    shown = fmt_s(value) if unit == "s" else f"{value:.2f}{unit}"
    limit_shown = fmt_s(limit) if unit == "s" else f"{limit:.2f}{unit}"
    if value <= limit:
        return f"**met**: {shown} ≤ {limit_shown}"
    return f"**missed**: {shown} > {limit_shown} ({value / limit:.1f}× the target)"


def _targets(res: dict, quick: bool) -> list[str]:
    import statistics

    from .peer import timing as peer_timing

    rows = []

    def get(name, *keys):
        x = res.get(name, {})
        for k in keys:
            x = x.get(k) if isinstance(x, dict) else None
        return x

    r10 = get("10k", "load", "ratio")
    rows.append(
        ["10k", "load + validate ≤ 1.5× bare parse", _verdict(statistics.median(r10) if r10 else None, 1.5, "×")]
    )
    r10ng = get("10k", "load", "ratio_no_gc")
    rows.append(
        [
            "10k",
            "(stricter) load + validate + frames ≤ 1.5× bare parse with the GC paused",
            _verdict(statistics.median(r10ng) if r10ng else None, 1.5, "×"),
        ]
    )
    year = get("10k", "reruns", "interactions")
    rows.append(
        [
            "10k",
            "year change ≤ 150 ms server-side (a year not drawn before)",
            _verdict(_median((year or {}).get("year change (year button)")), 0.15),
        ]
    )
    if not quick:
        b = get("10k", "browser") or {}
        rows.append(["10k", "first chart ≤ 3 s (warm server)", _verdict(_median(b.get("warm_timeline")), 3.0)])
        rows.append(["10k", "first chart ≤ 3 s (browser-cached)", _verdict(_median(b.get("cached_timeline")), 3.0)])
    figs = get("10k", "figures")
    if isinstance(figs, list):
        biggest = max((f["bytes"] for f in figs if f["figure"] == "timeline"), default=None)
        rows.append(["10k", "timeline payload ≤ 1 MB", _verdict(biggest / 1e6 if biggest else None, 1.0, " MB")])
    if not quick:
        rows.append(
            ["100k", "cold load ≤ 3 s: loader (cache hit)", _verdict(_median(get("100k", "load", "cache_hit")), 3.0)]
        )
        rows.append(
            [
                "100k",
                "cold load ≤ 3 s: app (cache hit; the search index waits for the first text search)",
                _verdict(_median(get("100k", "load", "app_cold")), 3.0),
            ]
        )
        rows.append(
            ["100k", "cached rerun ≤ 50 ms: data step", _verdict(_median(get("100k", "reruns", "data_step")), 0.05)]
        )
        inter = get("100k", "reruns", "interactions_seen") or {}
        rows.append(
            [
                "100k",
                "cached rerun ≤ 50 ms: whole timeline page",
                _verdict(_median(inter.get("rerun, nothing changed")), 0.05),
            ]
        )
        e = get("100k", "exact") or {}
        figs = get("100k", "figures") or []
        tl = [f for f in figs if isinstance(f, dict) and f["figure"] == "timeline"]
        usable = all(f["mode"] == "density" for f in tl) and all(f["bytes"] < 1e6 for f in tl)
        rows.append(
            [
                "100k",
                "timeline usable (density above the threshold)",
                ("**met**: density, " + ", ".join(mb(f["bytes"]) for f in tl)) if tl and usable else "**missed**",
            ]
        )
        if e and not _err(e):
            rows.append(
                [
                    "100k",
                    "exact events one zoom (a click on a month) or one year away",
                    "**met**: one year is exact"
                    if e["year_events"] <= e["threshold"]
                    else (
                        f"**met** by a click on a month: one year holds {e['year_events']:,} events (a density); "
                        f"its busiest month, {e['month']}, {e['month_events']:,} events, drawn one by one "
                        f"({mb(e['month_bytes'])})"
                        if e.get("month_mode") == "events"
                        else f"**missed**: one year holds {e['year_events']:,} events and its busiest month "
                        f"{e.get('month_events', 0):,} > {e['month_threshold']:,}"
                    ),
                ]
            )
        bc = get("curated", "browser") or {}
        rows.append(["curated", "first chart ≤ 2 s (warm server)", _verdict(_median(bc.get("warm_timeline")), 2.0)])
        rows.append(
            ["curated", "first chart ≤ 2 s (browser-cached)", _verdict(_median(bc.get("cached_timeline")), 2.0)]
        )
        ours, bare, alone = (get("peer", k) for k in ("curated_ours", "curated_streamlit", "plotly_curated"))
        beside = (
            f" (the peer section's run, same years: ours {fmt_s(peer_timing(ours).median)}, Streamlit's chart alone "
            f"{fmt_s(peer_timing(bare).median)}, plotly.js alone {fmt_s(Timing(alone).median)})"
            if ours and bare and alone
            else ""
        )
        click = _verdict(_median(bc.get("year_click")), 0.1)
        rows.append(["curated", "year click → timeline redrawn ≤ 100 ms (browser)", click + beside])
    rc = get("curated", "reruns") or {}
    if rc and not _err(rc):
        inter = {**rc.get("interactions", {}), **{f"page {k}": v for k, v in rc.get("pages", {}).items()}}
        worst = max(inter.items(), key=lambda kv: _median(kv[1]) or 0, default=None)
        if worst:
            rows.append(
                [
                    "curated",
                    "every interaction ≤ 100 ms server-side (views not drawn before)",
                    _verdict(_median(worst[1]), 0.1) + f" (slowest: {worst[0]})",
                ]
            )
    c = res.get("concurrency")
    if isinstance(c, dict) and not _err(c):
        rows.append(
            [
                "1k",
                "10 concurrent sessions, each its own view, no error, flat memory",
                (
                    f"**missed**: {len(c['failures'])} pages wrong or failed (see above)"
                    if c["failures"]
                    else (
                        "**met**: every page right"
                        + (
                            f"; RSS after the first round {(c['rss_kb'][-1] - c['rss_kb'][1]) / 1024:+.0f} MB"
                            f" over {len(c['rss_kb']) - 2} more rounds"
                            if len(c["rss_kb"]) > 2
                            else ""
                        )
                    )
                ),
            ]
        )
    p = res.get("peer")
    if isinstance(p, dict) and not _err(p):
        ours, peer = peer_timing(p["ours"]).median, peer_timing(p["peer"]).median
        rows.append(["10k", "year click ≤ vis-timeline's zoom to one year (same run)", _verdict(ours, peer)])
    b = res.get("broken")
    if isinstance(b, dict) and not _err(b):
        from .broken import MEMORY_LIMIT_MB, TIME_LIMIT, median

        vb = b["validator_broken"]
        rows.append(
            [
                f"{mb(b['bytes'])} broken",
                f"validator ≤ {TIME_LIMIT:.0f} s and ≤ {MEMORY_LIMIT_MB} MB",
                _verdict(median(vb, "seconds"), TIME_LIMIT)
                + ", "
                + _verdict(median(vb, "peak_mb"), MEMORY_LIMIT_MB, " MB"),
            ]
        )
    return ["## Targets", "", *table(["file", "target", "result"], rows), ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 100k events and the browser")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the Markdown results")
    parser.add_argument(
        "--only",
        choices=sorted(SECTIONS),
        action="append",
        help="run only this section and rewrite only its part of the results file (repeatable)",
    )
    parser.add_argument(
        "--before", type=Path, help="with --only idle: a checkout of an earlier version of the app to compare with"
    )
    args = parser.parse_args(argv)
    if args.only:
        res = run_sections({}, args.only, args.quick, args.before)
        text = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks at scale\n"
        for name in args.only:
            section = render_section(name, res)
            while section and not section[-1]:
                section.pop()
            section += [
                f"- Run alone (`python -m bench --only {name}`) on {time.strftime('%Y-%m-%d %H:%M %Z')}; load average "
                f"(1, 5, 15 min) at its end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
                f"{os.cpu_count()} cores shared with other work.",
                "",
            ]
            print("\n".join(section))
            text = splice(text, section)
        args.out.write_text(text, encoding="utf-8")
        log(f"written {args.out}")
        return 0

    from .reports import kept_section

    kept = kept_section(args.out)  # the report timings, written by python -m bench.reports

    def save(res: dict) -> None:
        args.out.write_text(render(res, args.quick, time.monotonic() - T0) + kept, encoding="utf-8")

    res = run(args.quick, save)
    text = render(res, args.quick, time.monotonic() - T0) + kept
    args.out.write_text(text, encoding="utf-8")
    print(text)
    log(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

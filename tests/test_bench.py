"""Smoke tests of the benchmark's data generator and of the on-disk dataset cache (no timing asserts)."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
import yaml

from bench.generate import events_text, generate, load_corpus
from loaders import DEFAULT_PATH, DataError, UnreadableFileError, load_dataset
from loaders import cache as dataset_cache
from loaders.validate import main as validate_main

FRAMES = ("events", "tasks", "documents", "doc_links", "people", "figures", "quotes", "sources", "cycles", "phases")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A generated file of 60 events, seeds beside it."""
    return generate(60, tmp_path_factory.mktemp("gen")).path


def same(a, b) -> bool:
    return a.model == b.model and all(getattr(a, k).equals(getattr(b, k)) for k in FRAMES)


# --- the generator ---------------------------------------------------------------------------


def test_generated_file_is_valid_and_follows_the_real_schema(small, capsys):
    assert validate_main([str(small)]) == 0
    assert "60 events" in capsys.readouterr().out
    ds = load_dataset(small)
    real = load_dataset()
    assert len(ds.events) == 60 and ds.events["id"].is_unique
    assert ds.sources["id"].equals(real.sources["id"]) and ds.documents["id"].equals(real.documents["id"])
    assert ds.cycles.equals(real.cycles)
    assert set(ds.events["year"]) <= set(range(2019, 2025))
    assert {"day", "month", "year"} <= set(ds.events["precision"])
    synthetic = ~ds.tasks["event_id"].isin(real.events["id"])  # the real issuing events keep their own tasks
    assert ds.tasks[synthetic].groupby("event_id").size().max() <= 12
    assert ds.events["title"].str.contains("[ạảấầẩậắằặẹẻếềểệịọỏốồổộớờởợụủứừửựỳỷỹđ]", regex=True).any()


@pytest.mark.parametrize("profile", ["real", "compact"])
def test_generator_is_deterministic_and_seeded(corpus, profile):
    a = events_text(30, seed=1, profile=profile, corpus=corpus)
    assert a == events_text(30, seed=1, profile=profile, corpus=corpus)
    assert a != events_text(30, seed=2, profile=profile, corpus=corpus)


def test_generated_text_round_trips_through_yaml(corpus, tmp_path):
    """Plain, folded and quoted scalars all read back as the text they were made from."""
    text = events_text(40, seed=3, profile="real", corpus=corpus)
    raw = yaml.load(text, Loader=yaml.CSafeLoader)
    titles = [e["title"] for e in raw["events"]]
    assert all(t == " ".join(t.split()) and t for t in titles)
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "seeds", tmp_path / "seeds")
    ds = load_dataset(path)
    assert ds.events["title"].tolist() == titles


def test_generate_reuses_an_up_to_date_file(tmp_path):
    first = generate(20, tmp_path)
    again = generate(20, tmp_path)
    assert first.seconds is not None and again.seconds is None
    assert again.path.read_bytes() == first.path.read_bytes()


# --- the cache -------------------------------------------------------------------------------


def test_cache_hit_gives_the_same_dataset(small, tmp_path):
    fresh = load_dataset(small)
    miss = dataset_cache.load_cached(small, tmp_path)
    entries = list(tmp_path.glob("*.pickle"))
    assert len(entries) == 1
    hit = dataset_cache.load_cached(small, tmp_path)
    assert hit.path == str(small)
    assert same(miss, fresh) and same(hit, fresh)
    assert hit.model.events[0].date == fresh.model.events[0].date  # the records, unpickled on first use


def test_load_dataset_with_cache_uses_the_default_folder(small, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset_cache, "DEFAULT_DIR", tmp_path / "c")
    assert same(load_dataset(small, cache=True), load_dataset(small))
    assert len(list((tmp_path / "c").glob("*.pickle"))) == 1


def test_a_changed_file_or_seed_is_a_new_key(small, tmp_path):
    data = small.read_bytes()
    key = dataset_cache.cache_key(data, small)
    assert dataset_cache.cache_key(data + b"\n", small) != key
    copy = tmp_path / "events.yaml"
    copy.write_bytes(data)
    assert dataset_cache.cache_key(data, copy) != key  # no seeds beside the copy


def test_an_edited_file_is_loaded_again_not_served_from_the_cache(small, tmp_path):
    work = tmp_path / "data"
    work.mkdir()
    shutil.copytree(small.parent / "seeds", work / "seeds")
    path = work / "events.yaml"
    text = small.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = dataset_cache.load_cached(path, tmp_path / "c")
    first = before.events["id"].iloc[0]
    path.write_text(text.replace(f"- id: {first}\n", "- id: da-sua\n", 1), encoding="utf-8")
    after = dataset_cache.load_cached(path, tmp_path / "c")
    assert after.events["id"].iloc[0] == "da-sua"
    assert len(list((tmp_path / "c").glob("*.pickle"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-10] + bytes(10),  # payload changed: digest mismatch
        lambda b: b"not a cache entry",
        lambda b: b"",
    ],
    ids=["truncated", "corrupt", "foreign", "empty"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(small, tmp_path, damage):
    dataset_cache.load_cached(small, tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    assert dataset_cache.read_entry(tmp_path, entry.stem, str(small)) is None
    assert same(dataset_cache.load_cached(small, tmp_path), load_dataset(small))
    assert entry.read_bytes() == good  # written anew


def test_an_entry_under_the_wrong_key_is_not_trusted(small, tmp_path):
    dataset_cache.load_cached(small, tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    other = "0" * 64
    entry.rename(tmp_path / f"{other}.pickle")
    assert dataset_cache.read_entry(tmp_path, other, str(small)) is None


def test_an_entry_naming_anything_but_our_data_is_refused(small, tmp_path):
    """A well-formed entry (right key, right digest) whose pickle calls os.system is refused, not run."""
    import hashlib

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    key = dataset_cache.cache_key(small.read_bytes(), small)
    payload = pickle.dumps(({}, pickle.dumps(Evil())))
    header = dataset_cache.MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    (tmp_path / f"{key}.pickle").write_bytes(header + payload)
    assert dataset_cache.read_entry(tmp_path, key, str(small)) is None  # frames dict incomplete
    payload = pickle.dumps((Evil(), b""))
    header = dataset_cache.MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    (tmp_path / f"{key}.pickle").write_bytes(header + payload)
    assert dataset_cache.read_entry(tmp_path, key, str(small)) is None


def test_an_invalid_file_is_never_cached(tmp_path):
    bad = tmp_path / "events.yaml"
    bad.write_text("sources: []\n", encoding="utf-8")
    with pytest.raises(DataError):
        dataset_cache.load_cached(bad, tmp_path / "c")
    assert not list((tmp_path / "c").glob("*.pickle"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("folder", "found a directory"),
        (b"sources:\n  - id: \xff\n", "expected UTF-8 text, found the byte 0xff"),
        (b"\xef\xbb\xbfsources: [\x00]\n", "found a NUL byte"),
    ],
)
def test_a_file_that_cannot_be_read_fails_as_it_does_without_the_cache(tmp_path, content, message):
    """The cache reads the bytes it hashes and hands them to the loader: same error, same file name, nothing
    left behind."""
    path = tmp_path / "events.yaml"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message) as plain:
        load_dataset(path)
    with pytest.raises(UnreadableFileError) as cached:
        dataset_cache.load_cached(path, tmp_path / "c")
    assert str(cached.value) == str(plain.value) and str(path) in str(cached.value)
    assert not list((tmp_path / "c").glob("*")), "no entry, no temporary file"


def test_an_unwritable_cache_folder_still_loads(small, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert same(dataset_cache.load_cached(small, blocked), load_dataset(small))


def test_old_entries_are_evicted(small, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset_cache, "MAX_ENTRIES", 2)
    ds = load_dataset(small)
    for i in range(4):
        assert dataset_cache.write_entry(tmp_path, f"{i:064d}", ds)
        os.utime(tmp_path / f"{i:064d}.pickle", (1_000 + i, 1_000 + i))  # strictly newer each time
    assert sorted(p.stem[-1] for p in tmp_path.glob("*.pickle")) == ["2", "3"]


# --- sections run alone ----------------------------------------------------------------------


def test_a_section_run_alone_replaces_only_its_own_part_of_the_results():
    from bench.__main__ import splice

    text = "# B\n\n## Loading\n\nold load\n\n## Idle tabs\n\nold idle\n\n## Targets\n\nrows\n"
    new = splice(text, ["## Idle tabs", "", "new idle", ""])
    assert new == "# B\n\n## Loading\n\nold load\n\n## Idle tabs\n\nnew idle\n\n## Targets\n\nrows\n"
    added = splice(text, ["## A broken file at scale", "", "counted", ""])
    assert added.index("## A broken file at scale") < added.index("## Targets") and "old idle" in added


def test_the_peer_section_sets_plotly_alone_next_to_our_clicks_and_the_peer():
    from bench.__main__ import _peer

    result = {
        "events": 10_000,
        "years": [2020, 2021],
        "versions": {"vis-timeline": "8.5.4"},
        "ours": [[0.5, 0.7]],
        "peer": [[0.5, 0.5]],
        "peer_first": 1.0,
        "plotly": [0.1, 0.2, 0.3],
        "plotly_one_by_one": [0.4],
    }
    text = "\n".join(_peer(result))
    assert "| all rounds | 600 ms (n=2, 500 ms–700 ms) | 500 ms (n=2, 500 ms–500 ms) | 1.20× |" in text
    assert "| the same 10k figures as our year clicks | 200 ms (n=3, 100 ms–300 ms) |" in text
    assert (
        "| 10k, each event of the year as a mark (no density) | 400 ms" in text
        and "| the curated data's figures" not in text
    )
    result |= {"curated_ours": [[0.4, 0.6]], "curated_streamlit": [[0.2, 0.3]], "plotly_curated": [0.05, 0.05]}
    text = "\n".join(_peer(result))
    assert (
        "| ours: the app's timeline page (the year's chart held and drawn by the page) | 500 ms (n=2, 400 ms–600 ms) | 1.00× |"
        in text
    )
    assert "| Streamlit alone: the year buttons and Streamlit's chart, nothing else | 250 ms" in text
    assert "| 0.50× |" in text
    assert "| plotly.js alone: `Plotly.react` of the same figures | 50 ms (n=2, 50 ms–50 ms) | 0.10× |" in text
    result |= {
        "interactions": {"step": [0.1, 0.1], "month": [0.2], "filter": [0.9]},
        "peer_interactions": {"step": [0.2, 0.2], "month": [0.4], "filter": []},
    }
    text = "\n".join(_peer(result))
    assert (
        "| ◀ ▶ (the next or previous year) | 100 ms (n=2, 100 ms–100 ms) | 200 ms (n=2, 200 ms–200 ms) | 0.50× |"
        in text
    )
    assert "| a month of the year | 200 ms (n=1, 200 ms–200 ms) | 400 ms (n=1, 400 ms–400 ms) | 0.50× |" in text
    assert "| a kind chosen in the filter | 900 ms (n=1, 900 ms–900 ms) |  |  |" in text  # not measured: nothing said


def test_the_curated_click_target_names_what_it_is_compared_with_from_one_run():
    from bench.__main__ import _targets
    from bench.timing import Timing

    peer = {"ours": [[0.5]], "peer": [[0.6]], "curated_ours": [[0.5, 0.6]], "curated_streamlit": [[0.3, 0.4]]}
    res = {"curated": {"browser": {"year_click": Timing([0.6, 0.7, 0.65])}}, "peer": peer | {"plotly_curated": [0.1]}}
    row = next(line for line in _targets(res, quick=False) if "year click → timeline redrawn ≤ 100 ms" in line)
    assert "**missed**: 650 ms > 100 ms" in row
    assert (
        "(the peer section's run, same years: ours 550 ms, Streamlit's chart alone 350 ms, plotly.js alone 100 ms)"
        in row
    )
    res["peer"] = peer  # one missing: none said
    row = next(line for line in _targets(res, quick=False) if "year click → timeline redrawn ≤ 100 ms" in line)
    assert "peer section" not in row


@pytest.mark.browser
def test_streamlit_alone_is_clicked_as_the_app_is():
    """The bench's page of Streamlit's chart alone answers the same year clicks as the app, drawing the app's own
    figure of each year."""
    from bench.browser import browser, server, year_clicks
    from bench.peer import ALONE

    with browser() as b, server(DEFAULT_PATH, script=ALONE) as srv:
        clicks = year_clicks(b, srv.url, [2021, 2023])  # each waits for the figure of its year (its uirevision)
    assert len(clicks) == 2 and all(0 < c < 60 for c in clicks)


def test_the_broken_file_of_the_bench_breaks_every_event(small):
    from bench.generate import with_a_mistake_in_every_record

    text = small.read_text(encoding="utf-8")
    broken = with_a_mistake_in_every_record(text)
    head = text[: text.index("\nevents:\n")]
    events = broken[len(head) :]
    assert broken.startswith(head) and events.count("\n  - Id: ") == 60 and "\n    title:" not in events


def test_cpu_seconds_of_this_process_grow_with_work():
    from bench.idle import cpu_seconds

    before = cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    assert cpu_seconds(os.getpid()) > before

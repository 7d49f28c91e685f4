"""The shipped data: valid, faithful to its seed articles, documented, and in step with its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from figures.overview import PERIOD
from loaders import DEFAULT_PATH, load_dataset
from loaders.schema import all_field_names, json_schema, schema_text

DATA = Path(DEFAULT_PATH)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_real_data_loads(ds):
    assert len(ds.events) and ds.events["id"].is_unique


def test_every_year_of_the_period_is_covered(ds):
    """The dashboard's years 2019–2024 each hold events (at least three, as the issue sets the target)."""
    per_year = ds.events.groupby("year").size()
    for year in range(PERIOD[0], PERIOD[1] + 1):
        assert per_year.get(year, 0) >= 3, f"{year} holds {per_year.get(year, 0)} events"


def test_events_fall_in_the_cycle_that_contains_their_start(ds):
    for row in ds.events.itertuples():
        inside = ds.cycles[(ds.cycles["start"] <= row.start) & (row.start <= ds.cycles["end"])]
        assert row.cycle == (inside["id"].iloc[0] if len(inside) else None), row.id
    # the Congress XIV cycle shows its preparation in every year from 2021 to 2024
    xiv_years = set(ds.events.loc[ds.events["cycle"] == "xiv", "year"])
    assert set(range(2021, 2025)) <= xiv_years


def test_every_dated_document_is_issued_by_an_event_on_its_date(ds):
    issued = ds.doc_links[ds.doc_links["relation"] == "issued"].merge(
        ds.events[["id", "start", "precision"]], left_on="event_id", right_on="id"
    )
    on_date = set(zip(issued["document_id"], issued["start"], issued["precision"], strict=True))
    for doc in ds.documents[ds.documents["date"].notna()].itertuples():
        assert (doc.id, doc.date, doc.precision) in on_date, doc.id


def test_outside_facts_cite_what_they_rest_on(ds):
    """A citation of a reference page is a note, on a fact marked outside; every reference has an address and
    the day it was read."""
    refs = ds.sources[ds.sources["kind"] == "reference"]
    assert refs["url"].notna().all() and refs["accessed"].notna().all()
    cited = ds.quotes[ds.quotes["source"].isin(refs["id"])]
    assert cited["note"].notna().all() and cited["quote"].isna().all()
    basis = pd.concat(
        [
            ds.events.set_index("id")["date_basis"].rename(lambda i: ("event", i)),
            ds.documents.set_index("id")["date_basis"].rename(lambda i: ("document", i)),
            ds.cycles.set_index("id")["date_basis"].rename(lambda i: ("cycle", i)),
        ]
    )
    for row in cited.itertuples():
        assert basis[(row.owner_kind, row.owner_id)] == "outside", (row.owner_kind, row.owner_id)
    # and the other way: every fact marked outside cites at least one page
    outside = set(basis[basis == "outside"].index)
    assert outside and outside <= set(zip(cited["owner_kind"], cited["owner_id"], strict=True))


def test_every_reference_resolves(ds):
    source_ids = set(ds.sources["id"])
    assert set(ds.quotes["source"]) <= source_ids
    assert set(ds.doc_links["document_id"]) <= set(ds.documents["id"])
    assert set(ds.tasks["event_id"]) <= set(ds.events["id"])
    # every event and every document cites at least one source
    assert set(ds.quotes.loc[ds.quotes["owner_kind"] == "event", "owner_id"]) == set(ds.events["id"])
    assert set(ds.quotes.loc[ds.quotes["owner_kind"] == "document", "owner_id"]) == set(ds.documents["id"])


def test_precision_is_honoured(ds):
    ev = ds.events.set_index("id")
    month = ev[ev["precision"] == "month"]
    assert len(month) >= 1
    assert (month["start"].dt.day == 1).all()
    assert month["end"].dt.is_month_end.all()
    year = ev[ev["precision"] == "year"]
    assert len(year) >= 1
    assert ((year["start"].dt.month == 1) & (year["start"].dt.day == 1)).all()
    assert ((year["end"].dt.month == 12) & (year["end"].dt.day == 31)).all()
    # the raw file writes them as months and years, not made-up days
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for e in raw["events"]:
        if e["id"] in month.index:
            assert re.fullmatch(r"\d{4}-\d{2}", str(e["date"]))
        if e["id"] in year.index:
            assert re.fullmatch(r"\d{4}", str(e["date"]))


def test_outside_facts_are_marked(ds):
    outside = ds.events[ds.events["date_basis"] == "outside"]
    assert outside["date_note"].notna().all()
    assert "dai-hoi-xiii" in set(outside["id"])
    assert (ds.cycles["date_basis"] == "outside").all()


def test_every_quote_is_verbatim_in_its_seed(ds):
    seeds = DATA.parent / "seeds"
    texts = {p.name: re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in seeds.glob("*.txt")}
    assert len(texts) == 5
    articles = ds.sources[ds.sources["kind"] == "article"]
    seed_of = dict(zip(articles["id"], articles["seed"], strict=True))
    quoted = ds.quotes[ds.quotes["source"].isin(articles["id"])]
    assert quoted["quote"].notna().all(), "an article is cited with a quote"
    for row in quoted.itertuples():
        seed = seed_of[row.source]
        assert re.sub(r"\s+", " ", row.quote).strip() in texts[seed], (row.owner_id, row.quote)
    assert set(seed_of.values()) == set(texts), "every seed article is a source"
    references = ds.quotes[~ds.quotes["source"].isin(articles["id"])]
    assert references["quote"].isna().all() and references["note"].notna().all(), "a reference page is never quoted"


def test_schema_file_is_in_step_with_the_contract():
    assert (DATA.parent / "events.schema.json").read_text(encoding="utf-8") == schema_text(), "run `make schema`"
    header = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert header == "# yaml-language-server: $schema=events.schema.json"


def test_schema_accepts_the_real_data():
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    raw = json.loads(json.dumps(raw, default=str))  # dates as ISO text, as an editor sees them
    jsonschema.Draft202012Validator(json_schema()).validate(raw)


def test_schema_rejects_an_unknown_field():
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    raw = json.loads(json.dumps(raw, default=str))
    raw["events"][0]["titel"] = "x"
    with pytest.raises(jsonschema.ValidationError, match="titel"):
        jsonschema.Draft202012Validator(json_schema()).validate(raw)


def test_every_field_is_documented_in_the_header():
    text = DATA.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    documented = set(re.findall(r"^#\s+([a-z_]+)[*:]?\s", header, flags=re.M))
    missing = all_field_names() - documented
    assert not missing, f"fields not documented in the header comment: {sorted(missing)}"

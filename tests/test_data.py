"""The shipped data: valid, faithful to its seed articles, documented, and in step with its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from loaders import DEFAULT_PATH, load_dataset
from loaders.schema import all_field_names, json_schema, schema_text

DATA = Path(DEFAULT_PATH)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_real_data_loads(ds):
    assert len(ds.events) >= 14
    assert ds.events["id"].is_unique


def test_events_per_year_and_cycle(ds):
    per_year = ds.events.groupby("year").size().to_dict()
    assert set(per_year) == {2019, 2020, 2021, 2023}
    assert per_year[2019] == 2 and per_year[2020] == 4
    by_id = ds.events.set_index("id")
    assert by_id.loc["giao-ban-truc-tuyen-toan-quoc-2019-10", "start"].strftime("%Y-%m-%d") == "2019-10-28"
    assert by_id.loc["dai-hoi-xiii", "cycle"] == "xiii"
    assert set(ds.events.loc[ds.events["year"] >= 2022, "cycle"]) == {"xiv"}
    assert set(ds.events.loc[ds.events["year"] <= 2020, "cycle"]) == {"xiii"}


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

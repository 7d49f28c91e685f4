"""Filters and the diacritics-insensitive search, on the real data."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filtering import apply, fold, isin, matches, people_names, search_index
from core.state import ViewState
from loaders import DEFAULT_PATH, load_dataset


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEFAULT_PATH)


@pytest.fixture(scope="module")
def index(ds):
    return search_index(ds)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chạy chức, chạy quyền", "chay chuc, chay quyen"),
        ("ĐẢNG", "dang"),
        ("Nguyễn  Thị\tTuyến", "nguyen thi tuyen"),
        ("Ðảng", "ðang"),  # U+00D0 is not Đ (U+0110): kept distinct, as in the source
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_search_ignores_diacritics_and_case(ds, index):
    a = matches(index, "chay chuc")
    b = matches(index, "CHẠY CHỨC")
    assert a.sum() > 0 and (a == b).all()
    assert matches(index, "").all()
    assert not matches(index, "xyzzy").any()


def test_every_word_must_match(ds, index):
    both = matches(index, "chay quyen")
    assert (both <= matches(index, "chay")).all()


def test_no_filter_keeps_everything(ds, index):
    f = apply(ds, ViewState(), index)
    assert len(f.events) == len(ds.events)
    assert len(f.tasks) == len(ds.tasks)
    assert len(f.documents) == len(ds.documents)


@pytest.mark.parametrize(
    ("view", "check"),
    [
        (ViewState(years=(2020, 2020)), lambda f, ds: set(f.events["year"]) == {2020}),
        (ViewState(cycle="xiv"), lambda f, ds: set(f.events["cycle"]) == {"xiv"}),
        (ViewState(kinds=("briefing",)), lambda f, ds: set(f.events["kind"]) == {"briefing"}),
        (
            ViewState(levels=("provincial",)),
            lambda f, ds: len(f.events) == (ds.events["level"] == "provincial").sum(),
        ),
        (ViewState(categories=("elections",)), lambda f, ds: set(f.tasks["category"]) == {"elections"}),
        (
            ViewState(statuses=("done",)),
            lambda f, ds: set(f.tasks["status"]) == {"done"} and len(f.events) == len(ds.events),
        ),
        (
            ViewState(person="Trương Thị Mai"),
            lambda f, ds: set(f.events["id"]) == set(ds.people.loc[ds.people["name"] == "Trương Thị Mai", "event_id"]),
        ),
        (ViewState(document="hd-26-hd-btctw"), lambda f, ds: "hd-26-hd-btctw" in set(f.documents["id"])),
        (
            ViewState(text="noi khong voi tham nhung"),
            lambda f, ds: "hoi-nghi-tinh-uy-lan-thu-24-khoa-x" in set(f.events["id"]),
        ),
    ],
)
def test_each_filter(ds, index, view, check):
    f = apply(ds, view, index)
    assert not f.empty
    assert check(f, ds)
    assert set(f.tasks["event_id"]) <= set(f.events["id"])
    assert set(f.quotes["owner_id"]) <= set(f.events["id"])


def test_documents_follow_the_years_unless_events_are_narrowed(ds, index):
    f = apply(ds, ViewState(years=(2023, 2023)), index)
    years = f.documents["date"].dt.year
    assert ((years == 2023) | years.isna() | f.documents["id"].isin(f.doc_links["document_id"])).all()


def test_people_names_most_often_first(ds):
    """Derived from the file: the order is events per person, most first, then the name as a reader sorts it."""
    names = people_names(ds)
    events = ds.people.groupby("name")["event_id"].nunique()
    assert [events[n] for n in names] == sorted(events, reverse=True)
    assert names[0] in set(events[events == events.max()].index)
    assert len(names) == len(set(names)) == ds.people["name"].nunique()


def test_isin_matches_pandas_on_strings_with_missing_values():
    column = pd.Series(["a", None, "b", "c", "a"], dtype="str", index=[5, 6, 7, 8, 9])
    for values in (["a"], pd.Series(["c", "b", "c"]), (), ["zz"], pd.Series([], dtype="str")):
        got = isin(column, values)
        assert got.index.equals(column.index)
        assert got.tolist() == column.isin(list(values)).tolist()
    assert isin(column.iloc[:0], ["a"]).tolist() == []


def test_a_month_keeps_the_events_begun_in_it_known_to_the_month_or_day():
    ds = load_dataset(DEFAULT_PATH)
    f = apply(ds, ViewState().with_month(2021, 1))
    assert len(f.events) and (f.events["start"].dt.month == 1).all() and (f.events["start"].dt.year == 2021).all()
    assert (f.events["precision"] != "year").all()
    whole = apply(ds, ViewState().with_year(2021)).events
    by_month = [apply(ds, ViewState().with_month(2021, m)).events for m in range(1, 13)]
    assert sum(map(len, by_month)) == (whole["precision"] != "year").sum()
    assert set(f.tasks["event_id"]) <= set(f.events["id"])


def test_a_month_keeps_the_documents_dated_in_it():
    ds = load_dataset(DEFAULT_PATH)
    docs = ds.documents
    dated = docs.dropna(subset=["date"])
    row = dated[dated["precision"] != "year"].iloc[0]
    view = ViewState().with_month(int(row["date"].year), int(row["date"].month))
    shown = apply(ds, view).documents
    assert row["id"] in set(shown["id"])
    in_month = (shown["date"].dt.month == view.month) & (shown["precision"] != "year")
    linked = shown["id"].isin(apply(ds, view).doc_links["document_id"])
    assert (in_month | shown["date"].isna() | linked).all()
    assert len(shown) < len(apply(ds, view.with_year(view.year)).documents)


def test_the_search_index_is_built_on_the_first_text_search_and_kept(fresh_caches, monkeypatch):
    """A new server shows its pages without the search index; the first text search builds it, once."""
    from core import filtering
    from tests.apptest import by_key, open_app, view
    from ui import data as data_mod

    built = []
    real = filtering.search_index
    monkeypatch.setattr(data_mod, "search_index", lambda ds: built.append(1) or real(ds))
    at = open_app("pages/timeline.py", years="2021")
    at.switch_page("pages/tasks.py").run()
    assert not at.exception and built == []
    by_key(at.text_input, "w_text").set_value("đại hội").run()
    assert not at.exception and built == [1]
    assert view(at).text == "đại hội"
    good = data_mod._store()[str(data_mod.data_path())]
    assert good.search.built and good.index.equals(real(good.dataset))
    by_key(at.text_input, "w_text").set_value("hội nghị").run()
    open_app("pages/timeline.py", q="nhân sự")  # another session
    assert built == [1]

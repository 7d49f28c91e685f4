"""Apply a view's filters to the dataset's frames; search that ignores diacritics and case."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from loaders import Dataset

from .state import ViewState

_MARKS = re.compile(r"[\u0300-\u036f]")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase text without diacritics, spaces collapsed: "Chạy chức" -> "chay chuc"."""
    text = unicodedata.normalize("NFD", text or "")
    text = _MARKS.sub("", text).replace("đ", "d").replace("Đ", "D")
    return _SPACE.sub(" ", text).strip().casefold()


def fold_series(texts: pd.Series) -> pd.Series:
    """`fold` over a column, vectorised."""
    s = texts.fillna("").astype(str).str.normalize("NFD")
    s = s.str.replace(_MARKS, "", regex=True).str.replace("đ", "d").str.replace("Đ", "D")
    return s.str.replace(_SPACE, " ", regex=True).str.strip().str.casefold()


def search_index(ds: Dataset) -> pd.Series:
    """One folded text per event (titles, summaries, organiser, place, people, document numbers, tasks)."""
    ev = ds.events
    parts = [ev[c].fillna("") for c in ("title", "title_en", "summary", "summary_en", "organiser", "place")]
    text = parts[0].str.cat(parts[1:], sep=" ")
    extra = []
    if len(ds.people):
        extra.append(ds.people.groupby("event_id")["name"].agg(" ".join))
    if len(ds.doc_links):
        numbers = ds.doc_links.merge(ds.documents[["id", "number"]], left_on="document_id", right_on="id")
        extra.append(numbers.groupby("event_id")["number"].agg(" ".join))
    if len(ds.tasks):
        extra.append(ds.tasks.groupby("event_id")["text"].agg(" ".join))
    by_id = pd.Series(text.to_numpy(), index=ev["id"].to_numpy())
    for e in extra:
        by_id = by_id.str.cat(e.reindex(by_id.index).fillna(""), sep=" ")
    return pd.Series(fold_series(by_id).to_numpy(), index=ev.index)


def matches(index: pd.Series, query: str) -> pd.Series:
    """Rows of a folded index that contain every word of `query` (diacritics and case ignored)."""
    mask = pd.Series(True, index=index.index)
    for word in fold(query).split():
        mask &= index.str.contains(word, regex=False)
    return mask


@dataclass(frozen=True)
class Filtered:
    """The part of the dataset a view shows."""

    events: pd.DataFrame
    tasks: pd.DataFrame
    documents: pd.DataFrame
    people: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    doc_links: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.events.empty


def event_mask(ds: Dataset, view: ViewState, index: pd.Series | None = None) -> pd.Series:
    """Which events pass the view's event filters."""
    ev = ds.events
    lo, hi = view.years
    mask = ev["year"].between(lo, hi)
    if view.cycle:
        mask &= ev["cycle"] == view.cycle
    if view.kinds:
        mask &= ev["kind"].isin(view.kinds)
    if view.levels:
        mask &= ev["level"].isin(view.levels)
    if view.categories:
        with_category = ds.tasks.loc[ds.tasks["category"].isin(view.categories), "event_id"]
        mask &= ev["id"].isin(with_category)
    if view.person:
        mask &= ev["id"].isin(ds.people.loc[ds.people["name"] == view.person, "event_id"])
    if view.document:
        mask &= ev["id"].isin(ds.doc_links.loc[ds.doc_links["document_id"] == view.document, "event_id"])
    if view.text:
        mask &= matches(index if index is not None else search_index(ds), view.text)
    return mask


def apply(ds: Dataset, view: ViewState, index: pd.Series | None = None) -> Filtered:
    """The events, tasks, documents and details that the view's filters keep."""
    events = ds.events[event_mask(ds, view, index)]
    ids = events["id"]
    tasks = ds.tasks[ds.tasks["event_id"].isin(ids)]
    if view.categories:
        tasks = tasks[tasks["category"].isin(view.categories)]
    if view.statuses:
        tasks = tasks[tasks["status"].isin(view.statuses)]
    links = ds.doc_links[ds.doc_links["event_id"].isin(ids)]
    return Filtered(
        events=events,
        tasks=tasks,
        documents=documents_in_view(ds, view, links),
        people=ds.people[ds.people["event_id"].isin(ids)],
        figures=ds.figures[ds.figures["event_id"].isin(ids)],
        quotes=ds.quotes[(ds.quotes["owner_kind"] == "event") & ds.quotes["owner_id"].isin(ids)],
        doc_links=links,
    )


def narrows_events(view: ViewState) -> bool:
    """True when a filter other than the years narrows the events."""
    return bool(view.cycle or view.kinds or view.levels or view.categories or view.person or view.document or view.text)


def documents_in_view(ds: Dataset, view: ViewState, links: pd.DataFrame) -> pd.DataFrame:
    """Documents dated in the years (undated ones too), or, with event filters on, those the events name."""
    docs = ds.documents
    if narrows_events(view):
        return docs[docs["id"].isin(links["document_id"])]
    lo, hi = view.years
    dated_in = docs["date"].dt.year.between(lo, hi)
    linked = docs["id"].isin(links["document_id"])
    return docs[dated_in | docs["date"].isna() | linked]


def people_names(ds: Dataset) -> list[str]:
    """Every person named, most often first, then by name."""
    counts = ds.people.groupby("name")["event_id"].nunique()
    return sorted(counts.index, key=lambda n: (-counts[n], fold(n)))

"""The view state and its round trip through the URL."""

from __future__ import annotations

import pytest

from core.state import ViewState


def test_default_view_writes_only_the_language():
    assert ViewState().to_query() == {"lang": "vi"}


def test_round_trip_of_every_field():
    view = ViewState(
        lang="en",
        years=(2020, 2021),
        cycle="xiii",
        kinds=("briefing", "conference"),
        levels=("central",),
        categories=("personnel", "elections"),
        statuses=("done",),
        person="Phạm Minh Chính",
        document="hd-26-hd-btctw",
        text="chạy chức",
        lane="organiser",
        event="dai-hoi-xiii",
        report=True,
    )
    query = view.to_query()
    assert query["years"] == "2020-2021" and query["kind"] == "briefing,conference" and query["report"] == "1"
    assert ViewState.from_query(query) == view


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"lang": "fr"}, ViewState()),
        ({"years": "1990"}, ViewState()),
        ({"years": "2024-2019"}, ViewState()),
        ({"years": "2018-2020"}, ViewState(years=(2019, 2020))),
        ({"years": "abc"}, ViewState()),
        ({"kind": "briefing,<script>,plenum"}, ViewState(kinds=("briefing", "plenum"))),
        ({"cycle": "xv"}, ViewState()),
        ({"lane": "drop table"}, ViewState()),
        ({"q": "x" * 1000}, ViewState(text="x" * 200)),
        ({"report": "yes"}, ViewState(report=True)),
        ({"lang": ["vi", "en"]}, ViewState(lang="en")),
    ],
)
def test_nonsense_in_the_url_is_dropped_not_an_error(query, expected):
    assert ViewState.from_query(query) == expected


def test_year_navigation():
    view = ViewState()
    assert view.year is None and view.all_years
    assert view.step_year(1).years == (2019, 2019)
    assert view.step_year(-1).years == (2024, 2024)
    assert view.with_year(2020).step_year(1).years == (2021, 2021)
    assert view.with_year(2024).step_year(1).years == (2024, 2024)
    assert view.with_year(2019).step_year(-1).years == (2019, 2019)
    assert view.with_year(2022).with_year(None) == view

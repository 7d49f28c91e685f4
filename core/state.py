"""The whole view state of the dashboard and its round trip through the URL's query string."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from loaders.schema import CATEGORIES, CYCLE_IDS, EVENT_KINDS, LEVELS, SHORT_TEXT, TASK_STATUSES

FIRST_YEAR, LAST_YEAR = 2019, 2024
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
LANES = ("kind", "level", "organiser")
MAX_TEXT = 200  # the search text, as long as its box allows
MAX_VALUE = SHORT_TEXT  # a person's name, a document's or an event's id: as long as the data allows


_CHOICES = {"kinds": EVENT_KINDS, "levels": LEVELS, "categories": CATEGORIES, "statuses": TASK_STATUSES}


@dataclass(frozen=True)
class ViewState:
    """What the user has chosen: language, filters, the open event and the display mode."""

    lang: str = "vi"
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)
    cycle: str | None = None
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    person: str | None = None
    document: str | None = None
    text: str = ""
    lane: str = "kind"
    event: str | None = None
    report: bool = False
    month: int | None = None  # 1-12: one month of the one year in view

    def __post_init__(self) -> None:
        if self.month is not None and (self.year is None or not 1 <= self.month <= 12):
            object.__setattr__(self, "month", None)  # a month only narrows a single year
        # one view, one value: a choice of several is kept in the contract's order, whatever the clicks' order
        for name, allowed in _CHOICES.items():
            chosen = set(getattr(self, name))
            object.__setattr__(self, name, tuple(v for v in allowed if v in chosen))

    @property
    def year(self) -> int | None:
        """The one year in view, or None when several are."""
        return self.years[0] if self.years[0] == self.years[1] else None

    @property
    def all_years(self) -> bool:
        return self.years == (FIRST_YEAR, LAST_YEAR)

    @property
    def span(self) -> tuple[int, int] | str:
        """What the view covers, for a file name: its years, or its month as "2021-03"."""
        return f"{self.year}-{self.month:02d}" if self.month else self.years

    def with_year(self, year: int | None) -> ViewState:
        """The same view on one whole year (None: all years)."""
        return replace(self, years=(FIRST_YEAR, LAST_YEAR) if year is None else (year, year), month=None)

    def with_month(self, year: int, month: int | None) -> ViewState:
        """The same view on one month of `year` (None: the whole year)."""
        return replace(self, years=(year, year), month=month)

    def step_year(self, delta: int) -> ViewState:
        """The previous (-1) or next (+1) year, or month when one is in view; from all years, the first or last
        year. Never beyond the first or last year."""
        if self.year is None:
            return self.with_year(FIRST_YEAR if delta > 0 else LAST_YEAR)
        if self.month:
            year, month = divmod(self.year * 12 + self.month - 1 + delta, 12)
            return self.with_month(year, month + 1) if FIRST_YEAR <= year <= LAST_YEAR else self
        return self.with_year(min(max(self.year + delta, FIRST_YEAR), LAST_YEAR))

    def to_query(self) -> dict[str, str]:
        """The language and the non-default parts as query parameters (short, stable, human-readable).

        The language is always there, so a URL the app wrote is never empty: an empty one means a
        page switch in the sidebar (Streamlit drops the query then), while the browser's Back button
        to the default view still brings a URL (`?lang=vi`) that the app can follow."""
        q: dict[str, str] = {"lang": self.lang}
        if not self.all_years:
            q["years"] = str(self.years[0]) if self.year else f"{self.years[0]}-{self.years[1]}"
        if self.month:
            q["month"] = str(self.month)
        for key, value in (("cycle", self.cycle), ("person", self.person), ("doc", self.document)):
            if value:
                q[key] = value
        for key, chosen in (("kind", self.kinds), ("level", self.levels), ("cat", self.categories)):
            if chosen:
                q[key] = ",".join(chosen)
        if self.statuses:
            q["status"] = ",".join(self.statuses)
        if self.text:
            q["q"] = self.text
        if self.lane != "kind":
            q["lane"] = self.lane
        if self.event:
            q["event"] = self.event
        if self.report:
            q["report"] = "1"
        return q

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]]) -> ViewState:
        """A view from query parameters; values that make no sense are dropped, never an error."""

        def one(key: str, limit: int = MAX_VALUE) -> str | None:
            value = params.get(key)
            if isinstance(value, list):
                value = value[-1] if value else None
            value = (value or "").strip()
            return value[:limit] or None

        def many(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            raw = one(key) or ""
            chosen = {v.strip() for v in raw.split(",")}
            return tuple(v for v in allowed if v in chosen)

        lang = one("lang")
        cycle = one("cycle")
        lane = one("lane")
        month = one("month") or ""
        return cls(
            lang=lang if lang in ("vi", "en") else "vi",
            years=_parse_years(one("years")),
            cycle=cycle if cycle in CYCLE_IDS else None,
            kinds=many("kind", EVENT_KINDS),
            levels=many("level", LEVELS),
            categories=many("cat", CATEGORIES),
            statuses=many("status", TASK_STATUSES),
            person=one("person"),
            document=one("doc"),
            text=one("q", MAX_TEXT) or "",
            lane=lane if lane in LANES else "kind",
            event=one("event"),
            report=one("report") in ("1", "true", "yes"),
            month=int(month) if re.fullmatch(r"[0-9]{1,2}", month) else None,
        )


def _parse_years(raw: str | None) -> tuple[int, int]:
    full = (FIRST_YEAR, LAST_YEAR)
    if not raw:
        return full
    parts = raw.split("-")
    if len(parts) not in (1, 2) or not all(re.fullmatch(r"[0-9]{1,4}", p) for p in parts):
        return full
    lo, hi = int(parts[0]), int(parts[-1])
    lo, hi = max(lo, FIRST_YEAR), min(hi, LAST_YEAR)
    return (lo, hi) if lo <= hi else full

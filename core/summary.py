"""What the one-year summary and the report of a view say, as plain frames and text (no Streamlit, no Markdown)."""

from __future__ import annotations

import pandas as pd

from core.i18n import format_number, label, present, t


def tasks_by_category(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Tasks per category and status (set with no result reported yet, reported done, proposed: those present, in
    that order), with their total and a total row.

    Each task has one status, so the status columns add up to the total: the headers and the note say so."""
    cats = present("category", tasks["category"].unique())
    statuses = present("status", tasks["status"].unique())
    counts = tasks.groupby(["category", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=cats, columns=statuses, fill_value=0)
    table = pd.DataFrame(
        {t("field.category", lang): [label("category", c, lang) for c in cats] + [t("summary.total_row", lang)]}
    )
    for status in statuses:
        table[status_header(status, lang)] = [*counts[status].tolist(), int(counts[status].sum())]
    table[t("summary.col_total", lang)] = table.iloc[:, 1:].sum(axis=1)
    return table


# A status as a count column's header says it, leaving no doubt that the columns do not overlap.
STATUS_HEADERS = {"set": "summary.col_set", "done": "summary.col_done", "proposed": "summary.col_proposed"}


def status_header(status: str, lang: str) -> str:
    """The header of a status's count column (STATUS_HEADERS; a status without one, its label)."""
    return t(STATUS_HEADERS[status], lang) if status in STATUS_HEADERS else label("status", status, lang)


def figure_parts(figures: pd.DataFrame, lang: str) -> list[tuple[str, str, str]]:
    """Each reported figure as (value, unit, what it counts): ("62/65", "tỉnh ủy, thành ủy", "đã bố trí …")."""
    parts = []
    for f in figures.itertuples():
        value = format_number(f.value, lang) if float(f.value).is_integer() else str(f.value)
        if pd.notna(f.total):
            value += f"/{format_number(f.total, lang)}"
        unit, text = (f.unit_en, f.label_en) if lang == "en" else (f.unit, f.label)
        parts.append((value, unit if isinstance(unit, str) else "", text))
    return parts

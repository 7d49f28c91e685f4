"""What the one-year summary and the report of a view say, as plain frames and text (no Streamlit, no Markdown)."""

from __future__ import annotations

import pandas as pd

from core.i18n import format_number, label, present, t


def tasks_by_category(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Tasks per category, set (no result reported yet) and reported done, with their total and a total row.

    Each task has one status, so the two columns add up to the total: the headers say so."""
    cats = present("category", tasks["category"].unique())
    counts = tasks.groupby(["category", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=cats, columns=["set", "done"], fill_value=0)
    table = pd.DataFrame(
        {
            t("field.category", lang): [label("category", c, lang) for c in cats] + [t("summary.total_row", lang)],
            t("summary.col_set", lang): [*counts["set"].tolist(), int(counts["set"].sum())],
            t("summary.col_done", lang): [*counts["done"].tolist(), int(counts["done"].sum())],
        }
    )
    table[t("summary.col_total", lang)] = table[t("summary.col_set", lang)] + table[t("summary.col_done", lang)]
    return table


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

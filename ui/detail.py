"""The detail of one event: titles, date as precisely as known, body, people, documents, tasks,
figures, and every source with its quote. All curator text goes through `md` or a dataframe."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import format_date, format_range, label, t
from core.summary import figure_parts
from figures.theme import shorten
from loaders import Dataset

from .text import md

_LINK_CHARS = 100  # a page link's label on one line of the detail box


def _pick(row, field: str, lang: str):
    return row[f"{field}_en"] if lang == "en" and isinstance(row.get(f"{field}_en"), str) else row[field]


def render_event_detail(ds: Dataset, event_id: str, lang: str, documents_page=None, query: dict | None = None) -> bool:
    """Draw the event's detail; False when no event has that id."""
    rows = ds.events[ds.events["id"] == event_id]
    if rows.empty:
        return False
    ev = rows.iloc[0]
    box = st.container(border=True, key="event_detail")
    box.header(md(_pick(ev, "title", lang)), anchor=False)
    if lang == "en":
        box.caption(f"{t('detail.original', lang)}: {md(ev['title'])}")
    when = format_range(ev["start"], ev["end"], ev["precision"], lang)
    if ev["precision"] != "day":
        when += f" ({t('note.' + ev['precision'] + '_precision', lang)})"
    facts = [
        (t("field.date", lang), when),
        (t("field.kind", lang), label("kind", ev["kind"], lang)),
        (t("field.level", lang), label("level", ev["level"], lang)),
        (t("field.organiser", lang), _pick(ev, "organiser", lang)),
    ]
    if isinstance(ev.get("place"), str):
        facts.append((t("detail.place", lang), _pick(ev, "place", lang)))
    if ev["cycle"]:
        facts.append((t("field.cycle", lang), label("cycle", ev["cycle"], lang)))
    box.markdown("  \n".join(f"**{md(k)}:** {md(v)}" for k, v in facts))
    if ev["date_basis"] == "outside":
        box.info(f"{t('detail.outside_date', lang)} {md(ev['date_note'])}", icon=":material/info:")
    elif isinstance(ev.get("date_note"), str):
        box.caption(md(ev["date_note"]))
    box.markdown(md(_pick(ev, "summary", lang)))
    if lang == "en":
        with box.expander(t("detail.original_text", lang)):
            st.markdown(md(ev["summary"]))

    people = ds.people[ds.people["event_id"] == event_id]
    if len(people):
        box.markdown(f"**{t('detail.people', lang)}**")
        box.dataframe(
            pd.DataFrame(
                {
                    t("detail.name", lang): people["name"],
                    t("detail.role", lang): people["role_en" if lang == "en" else "role"],
                    t("detail.part", lang): [label("part", p, lang) for p in people["part"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )

    links = ds.doc_links[ds.doc_links["event_id"] == event_id].merge(ds.documents, left_on="document_id", right_on="id")
    if len(links):
        box.markdown(f"**{t('detail.documents', lang)}**")
        for row in links.itertuples():
            title = row.title_en if lang == "en" else row.title
            text = f"{row.number} · {label('doc_relation', row.relation, lang)} · {title}"
            if documents_page is not None:
                # a page link never wraps: a long title is cut short, and shown whole on hover
                box.page_link(
                    documents_page,
                    label=md(shorten(text, _LINK_CHARS)),
                    help=md(text) if len(text) > _LINK_CHARS else None,
                    icon=":material/description:",
                    query_params={**(query or {}), "doc": row.document_id},
                )
            else:
                box.markdown(f"- {md(text)}")

    tasks = ds.tasks[ds.tasks["event_id"] == event_id]
    if len(tasks):
        box.markdown(f"**{t('detail.tasks', lang)}** ({len(tasks)})")
        box.dataframe(
            pd.DataFrame(
                {
                    t("detail.task", lang): tasks["text_en" if lang == "en" else "text"],
                    t("field.category", lang): [label("category", c, lang) for c in tasks["category"]],
                    t("field.status", lang): [label("status", s, lang) for s in tasks["status"]],
                    t("field.task_year", lang): tasks["year"].astype(str),
                }
            ),
            hide_index=True,
            width="stretch",
            # the category, status and year columns stay in view; the task text takes the rest
            column_config={
                t("field.category", lang): st.column_config.TextColumn(width=290),
                t("field.status", lang): st.column_config.TextColumn(width=110),
                t("field.task_year", lang): st.column_config.TextColumn(width=80),
            },
        )

    figures = ds.figures[ds.figures["event_id"] == event_id]
    if len(figures):
        box.markdown(f"**{t('detail.figures', lang)}**")
        box.markdown("\n".join(figure_lines(figures, lang)))

    quotes = ds.quotes[(ds.quotes["owner_kind"] == "event") & (ds.quotes["owner_id"] == event_id)]
    quotes = quotes.merge(ds.sources, left_on="source", right_on="id", suffixes=("", "_src"))
    box.markdown(f"**{t('detail.sources', lang)}**")
    for q in quotes.itertuples():
        title = q.title_en if lang == "en" else q.title
        published = format_range(q.published, q.published, q.published_precision, lang) if pd.notna(q.published) else ""
        outlet = q.outlet if isinstance(q.outlet, str) else t("sources.unnamed", lang)
        head = " · ".join(x for x in (outlet, title, published) if x)
        box.markdown(f"{md(head)}  \n{citation_markdown(q, lang)}")
        if isinstance(q.url, str):
            box.caption(md(q.url))
    return True


def citation_markdown(row, lang: str) -> str:
    """A citation as Markdown: the quote from an article as a block quote; for a reference page, our note of what
    it states and the day it was read (a row of quotes merged with its source)."""
    if isinstance(row.quote, str):
        return f"> {md(' '.join(row.quote.split()))}"
    text = t("detail.reference_note", lang, note=" ".join(str(row.note).split()))
    if pd.notna(row.accessed):
        text += f" ({t('detail.accessed', lang, date=format_date(row.accessed, 'day', lang))})"
    return f"_{md(text)}_"


def figure_lines(figures: pd.DataFrame, lang: str) -> list[str]:
    """Each reported figure as a Markdown list item: "**62/65** tỉnh ủy, …: đã bố trí …"."""
    return [f"- **{md(value)}** {md(unit)}: {md(text)}" for value, unit, text in figure_parts(figures, lang)]


def sources_table(sources: pd.DataFrame, lang: str, *, full: bool = False) -> pd.DataFrame:
    """The sources as a table in the interface language; `full` adds author, seed file and note.

    The long headline comes after the short columns, so a narrow window cuts the headline, not the counts."""
    table = {
        t("sources.outlet", lang): sources["outlet"].fillna(t("sources.unnamed", lang)),
        t("sources.published", lang): [
            format_date(d, p, lang) if pd.notna(d) else t("date.unknown", lang)
            for d, p in zip(sources["published"], sources["published_precision"], strict=True)
        ],
        t("sources.kind", lang): [label("source_kind", k, lang) for k in sources["kind"]],
        t("sources.n_quotes", lang): sources["n_quotes"],
    }
    if full:
        table[t("sources.author", lang)] = sources["author"].fillna("")
        table[t("sources.seed", lang)] = sources["seed"]
    table[t("sources.title", lang)] = sources["title_en" if lang == "en" else "title"]
    if full:
        table[t("sources.note", lang)] = sources["note"]
    return pd.DataFrame(table)

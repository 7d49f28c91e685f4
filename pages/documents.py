"""Documents: every directive, guideline, regulation and resolution, when issued and where discussed."""

import pandas as pd
import streamlit as st

from core.i18n import format_date, label, t
from figures.selection import selected_rows
from figures.theme import export_filename
from ui.charts import render_chart
from ui.detail import citation_markdown
from ui.page import context, frame, no_match, render_counts, render_title, require_data
from ui.text import md
from ui.view import event_link, update

# 1. context
ctx = frame("documents")
ds = require_data(ctx)
view, lang = ctx.view, ctx.view.lang
render_title(t("page.documents", lang), ctx.view)
f = ctx.filtered()
render_counts(ctx)
docs = f.documents
if docs.empty:
    no_match(lang)
    st.stop()


# 2. on a time axis; a click picks a document
def pick_document() -> None:
    """A click on a document opens it (runs before the sidebar is drawn, so its widget can follow)."""
    picked = selected_rows(st.session_state.get("documents_chart"))
    if picked:
        update(document=picked[0][0])


render_chart(
    ctx.chart("documents"),
    key="documents_chart",
    filename=export_filename("documents", view.span, lang),
    lang=lang,
    report=view.report,
    selectable=not view.report,
    on_select=pick_document,
)
if view.report:
    st.stop()

# 3. the table
st.dataframe(
    pd.DataFrame(
        {
            t("docs.number", lang): docs["number"],
            t("docs.title", lang): docs["title_en" if lang == "en" else "title"],
            t("field.date", lang): [
                format_date(d, p, lang) for d, p in zip(docs["date"], docs["precision"], strict=True)
            ],
            t("field.doc_kind", lang): [label("doc_kind", k, lang) for k in docs["kind"]],
            t("docs.status", lang): [label("doc_status", s, lang) for s in docs["status"]],
            t("docs.n_events", lang): docs["n_events"],
            t("docs.issuer", lang): docs["issuer_en" if lang == "en" else "issuer"],
            t("docs.basis", lang): [label("date_basis", b, lang) for b in docs["date_basis"]],
        }
    ),
    hide_index=True,
    width="stretch",
    # number and title first, at widths that leave date, kind, status and count in view
    column_config={
        t("docs.number", lang): st.column_config.TextColumn(width=160),
        t("docs.title", lang): st.column_config.TextColumn(width=300),
        t("docs.status", lang): st.column_config.TextColumn(width=150),
    },
)

# 4. the chosen document: where it was issued, deployed or discussed, and its sources
chosen = context().view.document
if chosen:
    rows = ds.documents[ds.documents["id"] == chosen]
    if rows.empty:
        st.warning(t("docs.unknown", lang, id=chosen))
    else:
        doc = rows.iloc[0]
        box = st.container(border=True, key="document_detail")
        box.header(md(f"{doc['number']} · {doc['title_en' if lang == 'en' else 'title']}"), anchor=False)
        if lang == "en":
            box.caption(f"{t('detail.original', lang)}: {md(doc['title'])}")
        box.markdown(
            f"**{md(t('docs.issuer', lang))}:** {md(doc['issuer_en' if lang == 'en' else 'issuer'])}  \n"
            f"**{md(t('field.date', lang))}:** {md(format_date(doc['date'], doc['precision'], lang))}"
            f" ({md(label('date_basis', doc['date_basis'], lang))})"
        )
        if isinstance(doc["date_note"], str):
            box.caption(md(doc["date_note"]))
        links = ds.doc_links[ds.doc_links["document_id"] == chosen].merge(ds.events, left_on="event_id", right_on="id")
        timeline = st.session_state["pages"]["timeline"]
        for ev in links.sort_values("start").itertuples():
            box.page_link(
                timeline,
                label=md(
                    f"{format_date(ev.start, ev.precision, lang)} · {label('doc_relation', ev.relation, lang)} · "
                    f"{ev.title_en if lang == 'en' else ev.title}"
                ),
                icon=":material/event:",
                query_params=event_link(context().view, ev.event_id, ev.year),
            )
        srcs = ds.quotes[(ds.quotes["owner_kind"] == "document") & (ds.quotes["owner_id"] == chosen)].merge(
            ds.sources, left_on="source", right_on="id", suffixes=("", "_src")
        )
        for q in srcs.itertuples():
            outlet = q.outlet if isinstance(q.outlet, str) else q.title
            box.markdown(f"{md(outlet)}  \n{citation_markdown(q, lang)}")
        box.button(t("docs.clear", lang), key="w_clear_doc", on_click=lambda: update(document=None))

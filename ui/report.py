"""The report of the view, one control in the sidebar of every page: a Word or PDF file, built with progress shown."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.i18n import t
from core.report import FORMATS, build_report, make

if TYPE_CHECKING:
    from .page import Context

MADE = "report_made"  # (view, format, file name, bytes) of the last report this session built
MAKE = {"docx": "report.make_docx", "pdf": "report.make_pdf"}  # each format's button


def render_report_control(ctx: Context, box: DeltaGenerator) -> None:
    """'Download report' in `box` (a place in the sidebar): make the view's report as .docx or .pdf (a progress bar
    while it is built), then save it.

    A report made for another view is not offered: the file always matches the filters on screen."""
    view, lang = ctx.view, ctx.view.lang
    key = replace(view, event=None, report=False)
    with box.expander(t("report.download", lang), icon=":material/description:"):
        st.caption(t("report.download_help", lang))
        for fmt in FORMATS:
            if st.button(t(MAKE[fmt], lang), key=f"w_report_{fmt}", width="stretch"):
                _build(ctx, fmt)
        made = st.session_state.get(MADE)
        if made and made[0] == key:
            _, fmt, name, data = made
            st.download_button(
                t("report.save", lang, file=name),
                data=data,
                file_name=name,
                mime=FORMATS[fmt],
                on_click="ignore",
                key="w_report_save",
                icon=":material/download:",
                type="primary",
                width="stretch",
            )


def _build(ctx: Context, fmt: str) -> None:
    """Build the view's report in `fmt` under a progress bar and keep it for the save button."""
    view, lang = ctx.view, ctx.view.lang
    bar = st.progress(0.0, text=t("report.building", lang))
    try:
        report = build_report(ctx.ds, ctx.filtered(), view, chart_of=ctx.chart)
        data = make(report, fmt, lambda done, text: bar.progress(done, text=text))
    except Exception as exc:  # said on the page, which goes on working
        st.error(t("report.failed", lang, error=str(exc) or type(exc).__name__))
        return
    st.session_state[MADE] = (replace(view, event=None, report=False), fmt, f"{report.filename}.{fmt}", data)

"""Draw a figure with its exports: the toolbar's 2x PNG, server-rendered PNG and SVG, and its data as CSV."""

from __future__ import annotations

import functools

import plotly.graph_objects as go
import streamlit as st

from core.export import REPORT_SIZE, csv_of, to_image
from core.i18n import t
from figures.theme import Chart, export_config


def render_chart(
    chart: Chart,
    *,
    key: str,
    filename: str,
    lang: str,
    report: bool = False,
    selectable: bool = False,
    on_select=None,
):
    """The chart, then a row of downloads; returns the selection state when `selectable`.

    The CSV is the frame the chart drew (`chart.data`), with labels in `lang` next to codes. `on_select` (a callback)
    runs before the next run, where it may change widgets' state. The exports are made only when their button is
    clicked."""
    fig = chart.figure
    if report:
        fig = go.Figure(fig).update_layout(width=REPORT_SIZE[0], height=REPORT_SIZE[1])
    config = toolbar_config(fig, filename, lang)
    # in a frame of its own, so that on a phone the chart keeps its width and scrolls sideways (ui.page.base_style)
    state = st.container(key=f"chart_frame_{key}").plotly_chart(
        fig,
        key=key,
        config=config,
        theme=None,
        width="content" if report else "stretch",
        on_select=(on_select or "rerun") if selectable else "ignore",
        selection_mode="points",
    )
    if not report:
        render_downloads(chart, fig, key=key, filename=filename, lang=lang)
    return state if selectable else None


def toolbar_config(fig: go.Figure, filename: str, lang: str) -> dict:
    """The chart's plotly config: its toolbar's export (see `export_config`), none on a phone."""
    config = export_config(filename, lang)
    if (fig.layout.meta or {}).get("narrow"):  # on a phone the toolbar would sit on the title: the buttons below
        config["displayModeBar"] = False  # export the same PNG, SVG and CSV
    return config


def render_downloads(chart: Chart, fig: go.Figure, *, key: str, filename: str, lang: str) -> None:
    """A row of downloads of the chart drawn as `fig`: PNG and SVG rendered on the server, and the frame it drew as
    CSV, each made only when its button is clicked."""
    exported = chart.export or (lambda: fig)  # on a phone, the desktop chart (see Chart.export)
    downloads = (
        ("export.png", lambda: to_image(exported(), "png"), "png", "image/png", ":material/image:"),
        ("export.svg", lambda: to_image(exported(), "svg"), "svg", "image/svg+xml", ":material/polyline:"),
        ("export.csv", functools.partial(csv_of, chart.data, lang), "csv", "text/csv", ":material/table:"),
    )
    for col, (text, payload, ext, mime, icon) in zip(st.columns(3), downloads, strict=True):
        col.download_button(
            t(text, lang),
            data=payload,
            file_name=f"{filename}.{ext}",
            mime=mime,
            on_click="ignore",
            key=f"{key}_{ext}",
            icon=icon,
            width="stretch",
        )

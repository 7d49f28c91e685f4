"""Reading back what a user clicked or boxed in a chart, from the value st.plotly_chart(on_select=...) returns, or the
same selection the timeline drawn in the page sends (ui/timeline_chart.js)."""

from __future__ import annotations

from collections.abc import Mapping


def selected_rows(event: Mapping | None) -> list[tuple]:
    """The distinct customdata of the selected points, as tuples, in order; points without it are skipped.

    Takes the whole return value of st.plotly_chart (read as event["selection"]) or the selection itself.
    """
    if not event:
        return []
    selection = event.get("selection", event)
    found: dict[tuple, None] = {}
    for point in selection.get("points", []) or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            found.setdefault(tuple(data), None)
    return list(found)


def selected(event: Mapping | None, field: int = 0) -> list:
    """The distinct `customdata[field]` of the selected points, in order."""
    return list(dict.fromkeys(row[field] for row in selected_rows(event) if len(row) > field))

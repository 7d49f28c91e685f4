"""Reading back what a user clicked or boxed in a chart, from the value st.plotly_chart(on_select="rerun") returns."""

from __future__ import annotations

from collections.abc import Mapping


def selected(event: Mapping | None, field: int = 0) -> list:
    """The distinct `customdata[field]` of the selected points, in order; points without customdata are skipped.

    Takes the whole return value of st.plotly_chart (read as event["selection"]) or the selection itself.
    """
    if not event:
        return []
    selection = event.get("selection", event)
    found: dict = {}
    for point in selection.get("points", []) or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and len(data) > field:
            found.setdefault(data[field], None)
    return list(found)

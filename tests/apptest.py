"""Helpers to drive the dashboard under Streamlit's AppTest."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
PAGES = ("pages/timeline.py", "pages/tasks.py", "pages/documents.py", "pages/data.py", "pages/summary.py")


def open_app(page: str | None = None, timeout: float = 60, **query: str) -> AppTest:
    """The app on `page` (None: the overview), started from a URL with `query`."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def view(at: AppTest):
    return at.session_state["view"]


def base_key(key: str | None) -> str | None:
    """A widget's key without the language it carries (`w_kinds.en` -> `w_kinds`)."""
    return key.removesuffix(".vi").removesuffix(".en") if key else key


def by_key(elements, key: str):
    """The one element of `elements` with this widget key (in whichever language it is drawn)."""
    found = [e for e in elements if base_key(getattr(e, "key", None)) == key]
    if len(found) != 1:
        raise LookupError(f"{len(found)} elements with key {key!r}")
    return found[0]


def timeline_data(at: AppTest) -> dict | None:
    """What the page sent the timeline drawn in the page (ui/timeline_chart.py), figures parsed; None if not drawn.

    As the page does, a figure sent as None (the page has it) is taken from those this function read before with the
    same digest; one it never read (sent in a run it did not read) is None, its key in `unknown`. `sent` lists the
    keys whose figures came in full this time."""
    found = [c for c in at.get("bidi_component") if c.proto.component_name == "tcxd_timeline"]
    if not found:
        return None
    proto = found[0].proto
    data = json.loads(proto.mixed.json if proto.WhichOneof("data") == "mixed" else proto.json)
    before = getattr(at, "_timeline_texts", {})
    texts = {}
    for k, text in data["figures"].items():
        had = before.get(k)
        if text is not None:
            texts[k] = (text, data["digests"][k])
        elif had and had[1] == data["digests"][k]:
            texts[k] = had
    at._timeline_texts = texts
    figures = {k: json.loads(texts[k][0]) if k in texts else None for k in data["figures"]}
    sent = [k for k, v in data["figures"].items() if v is not None]
    return data | {"figures": figures, "id": proto.id, "sent": sent, "unknown": [k for k in figures if k not in texts]}


def chart_specs(at: AppTest) -> list[dict]:
    """The Plotly figures the page drew, as dicts: Streamlit's charts, and the timeline drawn in the page."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    timeline = timeline_data(at)
    return specs + ([timeline["figures"][timeline["shown"]]] if timeline else [])


def click_chart(at: AppTest, key: str, customdata: list) -> AppTest:
    """Simulate a click (a plotly point selection) on the chart with widget key `key`, then rerun.

    AppTest has no element for plotly charts, so the selection goes in as the widget state the
    browser would send: for st.plotly_chart a JSON string of {"selection": {...}}; for the timeline drawn in the
    page, its trigger "select" holding the same.
    """
    selection = {
        "selection": {
            "points": [{"customdata": customdata, "curve_number": 0, "point_index": 0}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    states = at._tree.get_widget_states()
    charts = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    if charts:
        states.widgets.append(WidgetState(id=charts[0].proto.id, json_value=json.dumps(json.dumps(selection))))
    else:  # the trigger's widget: Streamlit's internal id of the component's events (bidi_component.main)
        component = timeline_data(at)["id"]
        if not component.endswith(f"-{key}"):
            raise LookupError(f"no chart with key {key!r}")
        events = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{component}__events"
        states.widgets.append(
            WidgetState(id=events, json_trigger_value=json.dumps([{"event": "select", "value": selection}]))
        )
    return at._run(states)


def texts(at: AppTest) -> str:
    """Every piece of text the page shows, joined (markdown, captions, titles, headers, alerts)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "code"):
        parts += [str(e.value) for e in at.get(kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))  # undo the Markdown escaping of curator text

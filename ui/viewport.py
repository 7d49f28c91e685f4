"""Whether the page is shown on a phone: a hidden component reports the window's width class to the server, so
that charts are drawn for the width they are seen at (see figures.theme.finish, `narrow`)."""

from __future__ import annotations

import streamlit as st

NARROW_BELOW_PX = 640  # a window narrower than this is a phone's: charts are drawn PHONE_PX wide
KEY = "viewport"

# Reports the width class once when mounted and again when it changes (a phone turned sideways, a window resized);
# nothing else leaves the page, and nothing of the page or the data is read.
_JS = f"""
export default function (component) {{
  const {{ setStateValue, data }} = component;
  let sent = data;
  const report = () => {{
    const narrow = window.innerWidth < {NARROW_BELOW_PX};
    if (narrow !== sent) {{ sent = narrow; setStateValue("narrow", narrow); }}
  }};
  let timer = null;
  const onResize = () => {{ clearTimeout(timer); timer = setTimeout(report, 200); }};
  report();
  window.addEventListener("resize", onResize);
  return () => {{ clearTimeout(timer); window.removeEventListener("resize", onResize); }};
}}
"""

_probe = st.components.v2.component("tcxd_viewport", js=_JS)


def narrow() -> bool:
    """Whether the window is a phone's, as its browser last reported (False until it has)."""
    known = bool(st.session_state.get(KEY, {}).get("narrow", False))
    with st.container(key="viewport_probe"):
        result = _probe(key=KEY, data=known, default={"narrow": known}, on_narrow_change=lambda: None)
    return bool(getattr(result, "narrow", known))

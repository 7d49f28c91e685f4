"""Text cut short at a word, the one way every label, note and default short title is shortened."""

from __future__ import annotations

import pandas as pd

DEFAULT_SHORT = 28  # characters of a title kept as an event's label when the data gives no `short`


def plain(s) -> str:
    """Any cell as a string; None, NaN and NA become ""."""
    if s is None or (not isinstance(s, str) and pd.isna(s)):
        return ""
    return str(s)


def shorten(s, limit: int) -> str:
    """`s` cut at a word to at most `limit` characters, "…" included (plain text; escape afterwards). A first word
    longer than that is cut inside it, as nothing else fits."""
    s = " ".join(plain(s).split())
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    if s[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—(") + "…"


def short_label(title, limit: int = DEFAULT_SHORT) -> str:
    """An event's default label: its title cut at a word."""
    return shorten(title, limit)

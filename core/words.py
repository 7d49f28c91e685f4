"""Text cut short at a word, the one way every label, note and default short title is shortened; a label broken in
two lines at a phrase."""

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


# Vietnamese words are made of syllables written apart ("Trung ương", "cán bộ"): a label is broken between two
# phrases, never inside a word. A phrase starts at a number or a bracket, at one of these words, or at a capital
# after a word in lower case ("Hội nghị | Trung ương"); a comma ends one.
_PHRASE_OPENERS_VI = frozenset({"và", "của", "về", "năm", "khóa", "khoá", "lần", "tháng", "tại", "với", "cho"}) | {
    "các", "toàn", "trong", "theo", "sau", "trước", "đến", "từ",
}  # fmt: skip


def _phrase_break(before: str, word: str, lang: str) -> bool:
    if lang != "vi":
        return True
    return (
        word[0].isdigit()
        or word[0] in '(“"'
        or word.lower() in _PHRASE_OPENERS_VI
        or (word[0].isupper() and not before[0].isupper())
        or before.endswith((",", ";", ":"))
    )


def two_lines(text: str, lang: str, width=len) -> tuple[str, str] | None:
    """`text` in two lines, broken between phrases where its wider line is narrowest (`width` measures a word; a
    line is its words and the spaces between them); None when it has no such break."""
    words = text.split(" ")
    breaks = [
        k for k in range(1, len(words)) if words[k] and words[k - 1] and _phrase_break(words[k - 1], words[k], lang)
    ]
    if not breaks:
        return None
    sizes, space = [width(w) for w in words], width(" ")
    total = sum(sizes) + space * (len(words) - 1)

    def wider(k: int) -> float:
        first = sum(sizes[:k]) + space * (k - 1)
        return max(first, total - first - space)

    k = min(breaks, key=wider)
    return " ".join(words[:k]), " ".join(words[k:])

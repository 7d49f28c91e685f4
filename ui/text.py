"""Curator text shown as text: Markdown, HTML and LaTeX in it never render, link or fetch."""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&\"'=^])")


def md(text) -> str:
    """`text` escaped for st.markdown: every Markdown-significant character is backslash-escaped, so
    `[x](javascript:…)`, `![img](http://…)`, `<script>` and `$x$` all show literally."""
    if text is None:
        return ""
    return _PUNCT.sub(r"\\\1", str(text)).replace("\n", "  \n")

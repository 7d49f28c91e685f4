"""Curator text shown as text: Markdown, HTML and LaTeX in it never render, link or fetch."""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&\"'=^])")
# GitHub-flavoured Markdown turns bare `http://…`, `www.…` and `a@b.c` into links after escapes are
# resolved, so backslashes cannot stop it; an invisible WORD JOINER (U+2060) inside the pattern does.
_WJ = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?=\bwww\.)|(?<=@)")


def md(text) -> str:
    """`text` escaped for st.markdown: every Markdown-significant character is backslash-escaped and bare
    URLs and e-mail addresses are kept from becoming links, so `[x](javascript:…)`, `![img](http://…)`,
    `<script>`, `$x$` and `http://…` all show literally."""
    if text is None:
        return ""
    text = _AUTOLINK.sub(_WJ, str(text))
    return _PUNCT.sub(r"\\\1", text).replace("\n", "  \n")

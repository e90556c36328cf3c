"""A word list as a regular expression shaped like a trie.

Python's ``re`` tries the branches of ``one|once|over|...`` one after the other
at every position; the same words factored by their prefixes
(``o(?:n(?:ce|e)|ver)``) are decided one character at a time. The extractor's
lexicons have hundreds of surfaces, and this keeps scanning linear in the text.
"""

from __future__ import annotations

import re


def trie_pattern(words) -> str:
    """An alternation matching exactly ``words``, longest match first, as a non-capturing group."""
    root: dict = {}
    for w in set(words):
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _emit(root)
    return f"(?:{body})"


def _emit(node: dict) -> str:
    alts = [re.escape(ch) + _emit(node[ch]) for ch in sorted(k for k in node if k)]
    if not alts:
        return ""
    end = "" in node
    if len(alts) == 1 and not end:
        return alts[0]
    group = "(?:" + "|".join(alts) + ")"
    return group + "?" if end else group

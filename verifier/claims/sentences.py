"""Sentence and clause boundaries, as character spans of the raw text.

Chinese sentences end at 。！？； or a line break, which a pattern finds fast
(spaCy's blank Chinese pipeline tokenizes at ~25k chars/s here, too slow for
the throughput target). English sentence ends are ambiguous (``U.S.``,
``Feb. 4``, ``$1.5 bn.``), so English text goes through spaCy's blank English
tokenizer, whose exceptions know those abbreviations, and its sentencizer;
spaCy is imported only for English articles.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ZH_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[」』”’）)]*|\n+|$)")
_CLAUSE_END = re.compile(r"[，,、：:（）()](?!\d{3})")


def sentences(text: str, language: str) -> list[tuple[int, int]]:
    if language == "en":
        return _english(text)
    return _pattern_spans(text)


def _pattern_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _ZH_END.finditer(text):
        if m.end() > m.start() and text[m.start() : m.end()].strip():
            out.append((m.start(), m.end()))
    return out


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000
    return nlp


def _english(text: str) -> list[tuple[int, int]]:
    out = []
    for block in _pattern_blocks(text):
        a, b = block
        doc = _nlp()(text[a:b])
        for s in doc.sents:
            if s.text.strip():
                out.append((a + s.start_char, a + s.end_char))
    return out


def _pattern_blocks(text: str) -> list[tuple[int, int]]:
    """Lines first: a headline or list item never runs into the next line."""
    out, pos = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def clause_bounds(text: str, sent: tuple[int, int], pos: int) -> tuple[int, int]:
    """The clause of ``sent`` holding ``pos``: between the commas around it."""
    a, b = sent
    start = a
    for m in _CLAUSE_END.finditer(text, a, pos):
        start = m.end()
    m = _CLAUSE_END.search(text, pos, b)
    return start, (m.start() if m else b)

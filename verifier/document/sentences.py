"""Sentence and clause boundaries, as character spans of the raw text.

Chinese sentences end at 。！？； or a line break, which a pattern finds fast
(spaCy's blank Chinese pipeline tokenizes at ~25k chars/s here, too slow for
the throughput target). English sentence ends are ambiguous (``U.S.``,
``Feb. 4``, ``Corp.``): a pattern finds the candidate ends and spaCy's English
tokenizer exceptions, the abbreviations its tokenizer knows, veto the false
ones. Running the full spaCy tokenizer and sentencizer cost more than the rest
of the claims stage; its abbreviation list is kept in a data file, so spaCy
is not imported at all.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_ZH_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[」』”’）)]*|\n+|$)")
# a space between Chinese words is a clause break, as in a headline (營收1950億元 淨利潤下降33%)
_CLAUSE_END = re.compile(r"[，,、：:（）()](?!\d{3})|(?<=[\u3400-\u9fff%％])[ \u3000]+(?=[\u3400-\u9fff])")


def sentences(text: str, language: str) -> list[tuple[int, int]]:
    if language == "en":
        return _english(text)
    return _pattern_spans(text)


# machine-written summaries run their items together on one line: "… 同比增长7.1% [1] - 调整后收入…":
# a citation marker before a space, or a spaced dash between items, ends an item
_ZH_ITEM_END = re.compile(r"(?:\[\d{1,3}\])+(?=\s)|(?<=[\u3400-\u9fff\d%％）)\]])[ \t]+-[ \t]+(?=[\u3400-\u9fffA-Za-z])")


def _pattern_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _ZH_END.finditer(text):
        if m.end() > m.start() and text[m.start() : m.end()].strip():
            start = m.start()
            for b in _ZH_ITEM_END.finditer(text, m.start(), m.end()):
                if text[start : b.end()].strip():
                    out.append((start, b.end()))
                    start = b.end()
            if text[start : m.end()].strip():
                out.append((start, m.end()))
    return out


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """English words that end in a period without ending a sentence (U.S., Feb., Inc.):
    spaCy's English tokenizer exceptions, kept in data/en_abbreviations.txt because
    importing spaCy for them took most of an English article's cold start (~3 s)."""
    from importlib import resources

    text = resources.files("verifier").joinpath("data/en_abbreviations.txt").read_text(encoding="utf-8")
    words = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(words | {w.lower() for w in words})


def spacy_abbreviations() -> frozenset[str]:
    """The list as the installed spaCy has it (for the test that keeps the data file in step)."""
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    return frozenset(k for k in TOKENIZER_EXCEPTIONS if k.endswith("."))


# a sentence may open with a list dash or bullet (-EPS (Q1): $1.37 vs. $1.12 last year. -Analysts Estimate: …)
_EN_END = re.compile(r"[.!?]+[\"')\]’”]*(?=\s+(?:[-•–—]\s?)?[\"'(\[“‘]?[A-Z0-9$€£¥])")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+$")


def _english(text: str) -> list[tuple[int, int]]:
    """Sentence ends at . ! ? before a capital, unless the period closes an abbreviation
    or initials. A pattern and a word list: spaCy's full tokenizer would cost more than
    the rest of the claims stage."""
    abbreviations = _abbreviations()
    out = []
    for a, b in _pattern_blocks(text):
        start = a
        for m in _EN_END.finditer(text, a, b):
            if text[m.start()] == ".":
                w = _LAST_WORD.search(text, start, m.start() + 1)
                word = w.group(1) if w else ""
                if word in abbreviations or _INITIALS.fullmatch(word):
                    continue
            end = m.end()
            if text[start:end].strip():
                out.append((start, end))
            start = end
        if text[start:b].strip():
            out.append((start, b))
    return out


# "-Analysts Estimate: $1.24 -Revenue (Q1): …": a dash glued to a capitalised word opens an item
_INLINE_ITEM = re.compile(r"\n|[ \t]+(?=-[A-Z][A-Za-z])")


# a long line that stops mid-sentence (a word, a figure or a comma last) before a line that carries
# on in lower case, with a figure or a sign: one sentence wrapped, not a headline over its text
_WRAP_NEXT = re.compile(r"[a-z0-9+$€£(]")


def _wrapped(text: str, end: int) -> bool:
    return end - (text.rfind("\n", 0, end) + 1) >= 40 and (text[end - 1].isascii() and text[end - 1].isalnum() or text[end - 1] in ",%")


def _pattern_blocks(text: str) -> list[tuple[int, int]]:
    """Lines first: a headline or list item never runs into the next line, nor into the
    next item of a one-line list."""
    out, pos = [], 0
    for m in _INLINE_ITEM.finditer(text):
        if m.group(0) == "\n" and _wrapped(text, m.start()) and _WRAP_NEXT.match(text, m.end()):
            continue  # hard-wrapped prose: "revised up by 49,000, from\n+212,000 to +261,000"
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def clause_marks(text: str) -> tuple[tuple[int, int], ...]:
    """Every clause end of the text, found once (a Document keeps them): look-ups bisect them."""
    return tuple(m.span() for m in _CLAUSE_END.finditer(text))


_EDGE = 6  # a mark this close to a search's end may read differently there (its look-ahead is cut off)


def clause_bounds(text: str, sent: tuple[int, int], pos: int, marks: tuple[tuple[int, int], ...] | None = None) -> tuple[int, int]:
    """The clause of ``sent`` holding ``pos``: between the commas around it.

    With ``marks`` (``clause_marks(text)``) the look-up is a bisection, not a scan from the
    sentence's start: one long sentence of many figures stays linear. The few characters before
    ``pos`` and before the sentence's end are read as a scan would, so both give the same clause."""
    a, b = sent
    if marks is None:
        start = a
        for m in _CLAUSE_END.finditer(text, a, pos):
            start = m.end()
        m = _CLAUSE_END.search(text, pos, b)
        return start, (m.start() if m else b)
    start = a
    i = bisect.bisect_right(marks, (pos - _EDGE, float("inf"))) - 1
    while i >= 0 and marks[i][1] > pos - 3:
        i -= 1
    if i >= 0 and marks[i][0] >= a:
        start = marks[i][1]
    for m in _CLAUSE_END.finditer(text, max(a, pos - _EDGE - 3), pos):
        start = max(start, m.end())
    j = bisect.bisect_left(marks, (pos, -1))
    if j < len(marks) and marks[j][0] < b and marks[j][1] <= b - 3:
        return start, marks[j][0]
    m = _CLAUSE_END.search(text, max(pos, b - _EDGE - 3), b)
    return start, (m.start() if m else b)

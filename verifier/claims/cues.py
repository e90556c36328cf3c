"""Cue words around a figure (growth, beat/miss, estimate, forecast, attribution).

All cues of ``data/cues.tsv`` (and the named publishers of
``data/sources_named.txt``) are found with the names in one pass over the
article's folded text when the read stage builds its ``Document``
(``verifier/words.py``); claims then ask "is there a ``beat`` cue between these
offsets" by bisection rather than matching strings in code or re-scanning windows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon, words
from verifier.document import Document, current
from verifier.lexmatch import EMPTY, Hit, Hits


def index(text: "str | Document") -> dict[str, Hits]:
    """Cue hits by cue: the Document's, or those of a text no document is being read for."""
    if isinstance(text, Document):
        return text.words.cues
    doc = current(text)
    return doc.words.cues if doc is not None else words.scan(text).cues


def find(cue: str, text: "str | Document", start: int, end: int) -> list[Hit]:
    return index(text).get(cue, EMPTY).within(start, end)


def last(cue: str, text: "str | Document", start: int, end: int) -> Hit | None:
    return index(text).get(cue, EMPTY).last(start, end)


def first(cue: str, text: "str | Document", start: int, end: int) -> Hit | None:
    return index(text).get(cue, EMPTY).first(start, end)


def blank(cue: str, s: str) -> str:
    """``s`` with the cue's words spaced out (全國規模以上 → "  規模以上" for whole_scope), so what is left
    can be told apart from words that only carry the cue."""
    chars = list(s)
    for hit in find(cue, s, 0, len(s)):
        chars[hit.start() : hit.end()] = " " * (hit.end() - hit.start())
    return "".join(chars)


# the back-references and the basis of the step back each names (a year, a quarter, a month)
BACKREF_STEPS = (("yoy", "backref"), ("qoq", "backref_qoq"), ("mom", "backref_mom"))


def opens(cue: str, text: "str | Document", sent) -> Hit | None:
    """The cue that opens the sentence (after its leading spaces), if it does."""
    raw = text.text if isinstance(text, Document) else text
    body = raw[sent[0] : sent[1]]
    at = sent[0] + len(body) - len(body.lstrip())
    m = first(cue, text, at, sent[1])
    return m if m is not None and m.start() == at else None


@lru_cache(maxsize=1)
def _sum_gap() -> re.Pattern:
    # between an English total word and its figure: nothing that names another thing ("a total of", "combined came to")
    return re.compile(rf"[\s:,]*(?i:{lexicon.alternation('en', 'sum_gap')})?[\s:]*")


def total_before(text: "str | Document", start: int, q_start: int, hits: Hits | None = None) -> Hit | None:
    """The total word a figure is the sum of: 合計1288億元, a total of $5bn, combined came to $2.6bn;
    not a line item's name (Total debt $1,055.09M). ``hits``: the article's total cues, when the
    caller holds them (outside the pipeline's Document each look-up would scan the text again)."""
    m = (hits if hits is not None else index(text).get("total", EMPTY)).last(max(start, q_start - 24), q_start)
    if m is None:
        return None
    raw = text.text if isinstance(text, Document) else text
    if m.group(0).isascii():
        return m if _sum_gap().fullmatch(raw, m.end(), q_start) else None
    return m if q_start - m.start() <= 12 else None

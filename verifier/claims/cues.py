"""Cue words around a figure (growth, beat/miss, estimate, forecast, attribution).

All cues of ``data/cues.tsv`` (and the named publishers of
``data/sources_named.txt``) are found with the names in one pass over the
article (``claims/words.py``); claims then ask "is there a ``beat`` cue
between these offsets" by bisection rather than matching strings in code or
re-scanning windows.
"""

from __future__ import annotations

from verifier.claims import words
from verifier.lexmatch import EMPTY, Hit, Hits


def index(text: str) -> dict[str, Hits]:
    """Cue hits of ``text`` by cue, computed once per article text."""
    return words.of(text).cues


# The look-ups below run a few times per figure: they check the cached text inline.


def find(cue: str, text: str, start: int, end: int) -> list[Hit]:
    idx = words._last[1].cues if words._last[0] is text else index(text)
    return idx.get(cue, EMPTY).within(start, end)


def last(cue: str, text: str, start: int, end: int) -> Hit | None:
    idx = words._last[1].cues if words._last[0] is text else index(text)
    return idx.get(cue, EMPTY).last(start, end)


def first(cue: str, text: str, start: int, end: int) -> Hit | None:
    idx = words._last[1].cues if words._last[0] is text else index(text)
    return idx.get(cue, EMPTY).first(start, end)


def opens(cue: str, text: str, sent) -> Hit | None:
    """The cue that opens the sentence (after its leading spaces), if it does."""
    body = text[sent[0] : sent[1]]
    at = sent[0] + len(body) - len(body.lstrip())
    m = first(cue, text, at, sent[1])
    return m if m is not None and m.start() == at else None

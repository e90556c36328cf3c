"""Cue words around a figure (growth, beat/miss, estimate, forecast, attribution).

All cues of ``data/cues.tsv`` (and the named publishers of
``data/sources_named.txt``) are found in one pass over the article; claims
then ask "is there a ``beat`` cue between these offsets" by bisection rather
than matching strings in code or re-scanning windows.
"""

from __future__ import annotations

from functools import lru_cache

from verifier import lexicon
from verifier.lexmatch import EMPTY, Hit, Hits, Lexicon


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    items = []
    for cue, surfaces in lexicon.rows("cues.tsv"):
        items += [(s.replace("\\", ""), cue) for s in surfaces.split("|")]
    items += [(r[0], "named_source") for r in lexicon.rows("sources_named.txt")]
    return Lexicon(items)


_last_text: list = [None, None]


def index(text: str) -> dict[str, Hits]:
    """Cue hits of ``text`` by cue, computed once per article text."""
    if _last_text[0] is not text:
        _last_text[0] = text
        _last_text[1] = {k: Hits(v) for k, v in _lexicon().scan(text).items()}
    return _last_text[1]


# The look-ups below run a few times per figure: they check the cached text inline.


def find(cue: str, text: str, start: int, end: int) -> list[Hit]:
    idx = _last_text[1] if _last_text[0] is text else index(text)
    return idx.get(cue, EMPTY).within(start, end)


def last(cue: str, text: str, start: int, end: int) -> Hit | None:
    idx = _last_text[1] if _last_text[0] is text else index(text)
    return idx.get(cue, EMPTY).last(start, end)


def first(cue: str, text: str, start: int, end: int) -> Hit | None:
    idx = _last_text[1] if _last_text[0] is text else index(text)
    return idx.get(cue, EMPTY).first(start, end)

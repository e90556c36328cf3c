"""Cue words around a figure (growth, beat/miss, estimate, forecast, attribution).

One compiled pattern per cue from ``data/cues.tsv``; claims ask "is there a
``beat`` cue between these offsets" rather than matching strings in code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon


def _alt(surfaces) -> str:
    parts = []
    for s in sorted(set(surfaces), key=len, reverse=True):
        esc = s if s.endswith("\\.") else re.escape(s)
        if s.isascii():
            esc = rf"(?<![A-Za-z]){esc}(?![A-Za-z])"
        parts.append(esc)
    return "|".join(parts)


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    out = {}
    for cue, surfaces in lexicon.rows("cues.tsv"):
        out[cue] = re.compile(_alt(surfaces.split("|")), re.IGNORECASE)
    names = [r[0] for r in lexicon.rows("sources_named.txt")]
    out["named_source"] = re.compile(_alt(names), re.IGNORECASE)
    return out


def find(cue: str, text: str, start: int, end: int) -> list[re.Match]:
    return list(patterns()[cue].finditer(text, start, max(start, end)))


def last(cue: str, text: str, start: int, end: int) -> re.Match | None:
    hits = find(cue, text, start, end)
    return hits[-1] if hits else None


def first(cue: str, text: str, start: int, end: int) -> re.Match | None:
    return patterns()[cue].search(text, start, max(start, end))

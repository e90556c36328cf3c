"""Many words found in one pass over the text (Aho-Corasick, via ahocorasick-rs).

The lexicons hold hundreds of surfaces (entity and metric aliases, cue words
in three scripts). A regex alternation of them costs a scan per lexicon and
backtracks at every position; one automaton finds every surface of every
lexicon in a single pass, which is what keeps claims within the throughput
target. Surfaces and text are matched folded (``verifier/fold.py``: width, case and
Traditional/Simplified script), so one surface covers ``營收``, ``营收`` and ``ＡＷＳ``/``aws``.
Latin letters match on word boundaries; CJK surfaces match anywhere (names of companies are
matched case-sensitively: "Meta" the company, not "meta-analysis"). At each position the
longest surface of a label wins, as a reader would read ``年增`` rather than ``增``.
"""

from __future__ import annotations

import bisect
from typing import Iterable

from verifier.fold import fold

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Hit:
    """One found surface; quacks like the part of ``re.Match`` the callers use."""

    __slots__ = ("_start", "_end", "text", "label")

    def __init__(self, start: int, end: int, text: str, label: str):
        self._start, self._end, self.text, self.label = start, end, text, label

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _: int = 0) -> str:
        return self.text


class Lexicon:
    """Surfaces with labels; ``scan(text)`` returns, per label, its hits in order.

    Items are ``(surface, label)`` or ``(surface, label, case_sensitive)``: one
    automaton holds both kinds, keyed on the folded surface; a case-sensitive
    hit must also have the surface's letter case in the text. A
    label may be a pair ``(group, name)``: hits are then grouped by the pair
    and carry the name alone.
    """

    def __init__(self, items: Iterable[tuple]):
        import ahocorasick_rs

        table: dict[str, dict] = {}
        for item in items:
            surface, label = item[0], item[1]
            exact = len(item) > 2 and item[2]
            key = fold(surface)
            if not key:
                continue
            labels = table.setdefault(key, {})
            # a label matched case-insensitively anywhere needs no exact spelling
            labels[label] = None if (label in labels and labels[label] is None) or not exact else fold(surface, case=False)
        self.keys = list(table)
        # per key: its labels with the exact spelling a case-sensitive one needs, and whether
        # it starts or ends with a Latin letter (then it must stand on word boundaries)
        self.entries = [tuple(sorted(table[k].items(), key=lambda e: str(e[0]))) for k in self.keys]
        self.latin = [k[0] in _LETTERS or k[-1] in _LETTERS for k in self.keys]
        # the Rust automaton scans about five times faster than pyahocorasick's on CJK text,
        # whose nodes have hundreds of children
        self.auto = ahocorasick_rs.AhoCorasick(self.keys, matchkind=ahocorasick_rs.MatchKind.Standard)

    def scan(self, text: str, folded: str | None = None) -> dict:
        """Hits in ``text``; ``folded`` is its ``fold(text)`` when the caller has it (the Document)."""
        low = fold(text) if folded is None else folded
        n = len(text)
        found: dict = {}
        entries, latin, letters = self.entries, self.latin, _LETTERS
        for i, start, end in self.auto.find_matches_as_indexes(low, overlapping=True):
            if latin[i] and ((start and low[start - 1] in letters) or (end < n and low[end] in letters)):
                continue
            for label, exact in entries[i]:
                if exact is None or fold(text[start:end], case=False) == exact:
                    spans = found.get(label)
                    if spans is None:
                        found[label] = [(start, -end)]
                    else:
                        spans.append((start, -end))
        out = {}
        for label, spans in found.items():
            name = label[1] if type(label) is tuple else label
            spans.sort()  # by start, the longest first
            kept: list[Hit] = []
            last_end = -1
            for start, neg_end in spans:
                if start >= last_end:
                    last_end = -neg_end
                    kept.append(Hit(start, last_end, text[start:last_end], name))
            out[label] = kept
        return out


class Hits:
    """A label's hits, sorted, with window look-ups by bisection."""

    __slots__ = ("hits", "starts")

    def __init__(self, hits: list[Hit]):
        self.hits = hits
        self.starts = [h.start() for h in hits]

    def within(self, a: int, b: int) -> list[Hit]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.hits) and self.hits[i].start() < b:
            if self.hits[i].end() <= b:
                out.append(self.hits[i])
            i += 1
        return out

    def last(self, a: int, b: int) -> Hit | None:
        i = bisect.bisect_left(self.starts, b) - 1
        while i >= 0 and self.hits[i].start() >= a:
            if self.hits[i].end() <= b:
                return self.hits[i]
            i -= 1
        return None

    def first(self, a: int, b: int) -> Hit | None:
        i = bisect.bisect_left(self.starts, a)
        while i < len(self.hits) and self.hits[i].start() < b:
            if self.hits[i].end() <= b:
                return self.hits[i]
            i += 1
        return None


EMPTY = Hits([])

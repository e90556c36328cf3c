"""The lexicon hits of an article, for callers that hold only its text (``words.of(text)``).

The hits are found once, when the read stage builds the article's ``Document``
(``verifier/words.py``); this returns that document's, or scans a text that no
document is being read for.
"""

from __future__ import annotations

import bisect

from verifier import words as _words
from verifier.document import current


def of(text: str) -> _words.Words:
    doc = current(text)
    return doc.words if doc is not None else _words.scan(text)


def metrics_between(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The metric names printed inside ``[start, end)``, in order: a bisection over the article's hits."""
    ms = of(text).metrics
    i = bisect.bisect_left(ms, (start,))
    out = []
    while i < len(ms) and ms[i][0] < end:
        if ms[i][1] <= end:
            out.append(ms[i])
        i += 1
    return out


def metric_at(text: str, pos: int) -> str | None:
    """The metric whose name begins at ``pos`` (``15.3% of net sales``), if one does."""
    ms = of(text).metrics
    i = bisect.bisect_left(ms, (pos,))
    return ms[i][2] if i < len(ms) and ms[i][0] == pos else None

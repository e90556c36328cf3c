"""The lexicon hits of an article, for callers that hold only its text (``words.of(text)``).

The hits are found once, when the read stage builds the article's ``Document``
(``verifier/words.py``); this returns that document's, or scans a text that no
document is being read for.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from verifier import lexicon
from verifier import words as _words
from verifier.document import current
from verifier.fold import fold


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


_LABEL_END = re.compile(r"[，,；;：:。\n（(、]")


@lru_cache(maxsize=1)
def _label_tail() -> re.Pattern:
    """What stands between a name and its figure (為, 約, 的比重為), in data/wording_zh.tsv."""
    alt = "|".join(lexicon.alternation("zh", r) for r in ("about", "copula", "label_tail"))
    return re.compile(rf"(?:(?:{alt})\s*)+$")


@lru_cache(maxsize=1)
def _label_head() -> re.Pattern:
    """A split cue opening the words (其中商品零售…): it says a part follows, it is not the name."""
    split = next(surfaces for cue, surfaces in lexicon.rows("cues.tsv") if cue == "split").split("|")
    return re.compile(rf"^(?:{'|'.join(re.escape(fold(w)) for w in sorted(split, key=len, reverse=True))})\s*", re.I)


def label(text: str, start: int, end: int) -> str:
    """The words in ``[start, end)`` as a name, folded, without the copula or hedge before a figure."""
    return _label_head().sub("", fold(_label_tail().sub("", text[start:end].strip())))


def label_before(text: str, sentence_start: int, pos: int) -> str:
    """The name a figure is printed after: the words of its clause before it (商品零售35056亿元 → 商品零售)."""
    head = text[sentence_start:pos]
    cut = max((m.end() for m in _LABEL_END.finditer(head)), default=0)
    return label(text, sentence_start + cut, pos)

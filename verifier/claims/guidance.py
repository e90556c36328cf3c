"""The earlier guidance a sentence restates after the new one: ``… raised its forecast for the year.
For 2019, the company now projects earnings of $8.62 to $8.67 a share. The company previously
expected $8.53 to $8.63 a share.``

The new figures and the earlier ones pair in order (same unit, per share alike); the way of the
revision comes from the move word the article put by a forecast word before them (raised its
earnings forecast), when it says one way only. Each new figure gets ``up_from``/``down_from`` its earlier one
(checked by AR011). The cue words are data (``wording_en.tsv``/``wording_zh.tsv`` role
``previously``).
"""

from __future__ import annotations

import bisect
import re

from verifier import lexicon
from verifier.claims import cues, relate
from verifier.models import Claim

_PREVIOUSLY = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'previously')})\b)|{lexicon.alternation('zh', 'previously')}")
_LEVELS = ("amount", "range", "estimate")


def previous_guidance(text: str, claims: list[Claim], sents: list[tuple[int, int]]) -> None:
    by_sent: dict[int, list[int]] = {}
    starts = [a for a, _ in sents]
    for i, c in enumerate(claims):
        if c.kind in _LEVELS:
            by_sent.setdefault(max(0, bisect.bisect_right(starts, c.quantity.start) - 1), []).append(i)
    revisions = None  # the move words put by a forecast word, found once, when a sentence needs them
    for k in range(1, len(sents)):
        old, new = by_sent.get(k, []), by_sent.get(k - 1, [])
        if not old or not new or len(old) != len(new):
            continue
        said = _PREVIOUSLY.search(text, sents[k][0], claims[old[0]].quantity.start)
        if said is None or not relate.follows(text, sents[k - 1], sents[k]):
            continue
        if any(claims[a].quantity.unit != claims[b].quantity.unit for a, b in zip(new, old)):
            continue
        if revisions is None:
            revisions = _revisions(text)
        found = _revision(revisions, sents[k][0])
        if found is None:
            continue
        way, word = found
        for a, b in zip(new, old):
            relate.add_move(claims, a, way, claims[b], word)


def _revisions(text: str) -> list[tuple[int, str, str]]:
    """(start, up or down, the move word) for each move word right before a forecast word
    (raised its … forecast), in article order."""
    out = []
    for d in ("up", "down"):
        for h in cues.find(d, text, 0, len(text)):
            if cues.first("forecast", text, h.end(), min(len(text), h.end() + 40)):
                out.append((h.start(), d, h.group(0)))
    return sorted(out)


def _revision(revisions, end: int) -> tuple[str, str] | None:
    """The way of the revisions said before ``end``, and its word; None when none or both ways are said."""
    ways: dict[str, str] = {}
    for start, way, word in revisions:
        if start >= end:
            break
        ways.setdefault(way, word)
    return next(iter(ways.items())) if len(ways) == 1 else None

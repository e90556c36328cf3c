"""A consensus row: a label, then the figure, the forecast and the earlier period's figure.

``Average hourly earnings YoY: +2.9% vs. +3.2% expected and +3.2% in August``
(wire copy's list of a release's main numbers against economists' forecasts). The
label before the colon says what every figure of the row measures and on what
basis; the words after each later figure say which it is: ``expected`` the
forecast, ``in August`` the earlier month's figure. Read figure by figure, the
forecast and the earlier month take the first figure's place and period, and a
row's three figures look like three statements of one thing. The wording is in
``data/wording_en.tsv`` (versus, row_join, dated_after) and ``data/cues.tsv``
(estimate_after).
"""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import cues
from verifier.models import Claim

_W = lexicon.alternation
_VERSUS = re.compile(rf"\s*(?i:(?:{_W('en', 'versus')})(?!\w))\s*[+]?")
# the words after a figure (expected) before the next join
_JOIN = re.compile(rf"\s*(?:[A-Za-z]+\s*){{0,2}}(?i:(?:{_W('en', 'row_join')})(?!\w))\s*[+]?")
_DATED = re.compile(rf"\s*(?i:(?:{_W('en', 'dated_after')})\b)")
_LABEL_END = re.compile(r"[:：]\s*[+−-]?\s*$")


def rows(text: str, claims: list[Claim]) -> None:
    i = 0
    while i < len(claims):
        row = _row(text, claims, i)
        if len(row) < 2:
            i += 1
            continue
        _read(text, claims, row)
        i = row[-1] + 1


def _row(text, claims, i) -> list[int]:
    """The claims of the row that opens at claim i (right after a label's colon), joined by
    versus, then and/commas; empty when claim i opens none."""
    first = claims[i]
    lo = first.sentence.start
    if first.quantity.start - lo > 80 or not _LABEL_END.search(text, lo, first.quantity.start):
        return []
    row = [i]
    for j in range(i + 1, len(claims)):
        prev, c = claims[row[-1]], claims[j]
        if c.sentence != first.sentence:
            break
        gap = (prev.quantity.end, c.quantity.start)
        joined = _VERSUS.fullmatch(text, *gap) if len(row) == 1 else _JOIN.fullmatch(text, *gap)
        if joined is None:
            break
        row.append(j)
    return row


def _read(text, claims, row) -> None:
    first = claims[row[0]]
    dated = None
    for j in row[1:]:
        c = claims[j]
        if c.quantity.unit != first.quantity.unit:
            continue
        end = c.sentence.end
        fill = {k: getattr(first, k) for k in ("metric", "entity") if getattr(first, k) and not getattr(c, k)}
        if first.kind == "change" and c.kind != "change":
            # the label's basis (MoM, YoY) is every figure's: a forecast of the change, the earlier month's change
            fill.update(kind="change", change_basis=first.change_basis, direction=first.direction)
        after = cues.first("estimate_after", text, c.quantity.end, end)
        if after is not None and not text[c.quantity.end : after.start()].strip():
            fill.update(kind="estimate", change_basis=first.change_basis if first.kind == "change" else None)
        elif _DATED.match(text, c.quantity.end):
            dated = c.period
        claims[j] = c.model_copy(update=fill)
    if dated is not None:
        # the period named after the earlier figure is that figure's: the row's own figure and its
        # forecast are of another (the release's) period, not named in the row
        for j in row:
            c = claims[j]
            if c.period == dated and not _DATED.match(text, c.quantity.end):
                claims[j] = c.model_copy(update={"period": None, "base_period": None})

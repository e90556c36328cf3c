"""An amount restated in another currency: in brackets, ``$1.9 billion (€1.38 billion)``, or at a
rate the sentence states, ``346-358億美元，依美元兌新台幣匯率31.6…，新台幣營收約1兆933億元至1兆1312億元``.

The restated figure is linked to the one it converts (relation ``converted_of``) and to a stated
rate (``converted_at``); AR015 sets the article's conversions between one pair of currencies side
by side, since one story converts at one rate, and holds each to a rate the article states.
"""

from __future__ import annotations

import math
import re

from verifier import lexicon
from verifier.claims import relate
from verifier.models import Claim

_OPEN = re.compile(r"\s*[(（]\s*")
_CLOSE = re.compile(r"\s*[)）]")
# the rate's cue, then at most a few words naming the currencies (美元兌新台幣), then the rate
_RATE_BEFORE = re.compile(rf"(?:(?i:\b(?:{lexicon.alternation('en', 'fx_rate')}))|{lexicon.alternation('zh', 'fx_rate')})[^\d,，;；。]{{0,12}}$")
_NEAR = math.log(1.5)  # a conversion's printed ratio this close to the stated rate is a conversion at it


def link(text: str, claims: list[Claim], idx: list[int]) -> None:
    for a, b in zip(idx, idx[1:]):
        x, y = claims[a], claims[b]
        if (x.kind in relate.AMOUNTS and y.kind in relate.AMOUNTS and x.quantity.low is None and y.quantity.low is None
                and _currency(x) and _currency(y) and _currency(x) != _currency(y)
                and x.quantity.per_share == y.quantity.per_share and x.quantity.value > 0 and y.quantity.value > 0
                and _OPEN.fullmatch(text, x.quantity.end, y.quantity.start) and _CLOSE.match(text, y.quantity.end)):
            relate.add(claims, b, "converted_of", x, "()")


def _currency(c: Claim) -> str | None:
    unit = c.quantity.unit.split("/")[0]
    return unit if len(unit) == 3 and unit.isupper() else None


def stated(text: str, claims: list[Claim], idx: list[int]) -> None:
    """A figure in one currency before a stated rate and the first in another currency after it: the
    second converts the first at the rate (multiplied or divided: the way their sizes agree with it)."""
    for k, i in enumerate(idx):
        r = claims[i]
        q = r.quantity
        if r.kind != "count" or q.unit != "dimensionless" or q.low is not None or not 0 < q.value < 1e5 \
                or not _RATE_BEFORE.search(text, max(r.sentence.start, q.start - 24), q.start):
            continue
        before = [j for j in idx[:k] if _money(claims[j])]
        after = [j for j in idx[k + 1 :] if _money(claims[j])]
        if not before or not after:
            continue
        y = after[0]
        xs = [j for j in before if _currency(claims[j]) != _currency(claims[y])
              and claims[j].quantity.per_share == claims[y].quantity.per_share]
        if not xs or (claims[xs[-1]].quantity.low is None) != (claims[y].quantity.low is None):
            continue
        x = xs[-1]
        ratio = claims[y].quantity.value / claims[x].quantity.value
        if min(abs(math.log(ratio / q.value)), abs(math.log(ratio * q.value))) < _NEAR:
            relate.add(claims, y, "converted_of", claims[x], text[claims[x].quantity.end : claims[y].quantity.start].strip(" ，,"))
            relate.add(claims, y, "converted_at", r, text[max(r.sentence.start, q.start - 12) : q.end].strip())


def _money(c: Claim) -> bool:
    return c.kind in relate.AMOUNTS and _currency(c) is not None and c.quantity.value > 0


def multiplies(y: Claim, x: Claim, rate: Claim) -> bool:
    """Whether y is x times the rate (else x divided by it): the way their printed sizes agree with it."""
    ratio = y.quantity.value / x.quantity.value
    return abs(math.log(ratio / rate.quantity.value)) < abs(math.log(ratio * rate.quantity.value))

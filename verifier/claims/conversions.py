"""An amount restated in another currency in brackets: ``$1.9 billion (€1.38 billion)``.

The bracketed figure is linked to the one it converts (relation ``converted_of``); AR015
sets the article's conversions between one pair of currencies side by side, since one
story converts at one rate.
"""

from __future__ import annotations

import re

from verifier.claims import relate
from verifier.models import Claim

_OPEN = re.compile(r"\s*[(（]\s*")
_CLOSE = re.compile(r"\s*[)）]")


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

"""One move printed twice, in money and in percent: ``increased $21.1 million, or 8.5%, to $269.0
million compared to $247.9 million``. The wording gives the base to one of them; it is the other's too,
so the amount's size is checked against the two levels (AR011) as the rate is (AR001)."""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import relate
from verifier.claims.kinds import move_in_percent

# the rate first, then "or" and the same move in money or points: "fell 2.48% or 41p"
_RATE_OR_SIZE = re.compile(rf"\s*,?\s+(?i:{lexicon.alternation('en', 'same_move')})\s+")
_ENDS = ("change_from", "change_to")


def share_bases(text, claims, idx) -> None:
    for a, b in zip(idx, idx[1:]):
        x, y = claims[a], claims[b]
        if x.kind != "change" or y.kind != "change" or (x.quantity.unit == "percent") == (y.quantity.unit == "percent"):
            continue
        if x.direction and y.direction and x.direction != y.direction:
            continue
        gap = (x.quantity.end, y.quantity.start)
        if not (move_in_percent(text, *gap, x.sentence.start) if y.quantity.unit == "percent"
                else _RATE_OR_SIZE.fullmatch(text, *gap)):
            continue
        for i, j in ((a, b), (b, a)):
            have = {cm.relation: cm for cm in claims[i].comparators if cm.relation in _ENDS}
            lack = {cm.relation for cm in claims[j].comparators if cm.relation in _ENDS}
            if "change_from" in have and "change_from" not in lack:
                by_id = {c.id: c for c in (claims[k] for k in idx)}
                for rel in _ENDS:
                    if rel in have and rel not in lack and have[rel].target in by_id:
                        relate.add(claims, j, rel, by_id[have[rel].target], have[rel].cue)

"""Readings paired by metric across the article, where no words tie the figures together.

``Apple reported a 7.2% rise in quarterly revenue. … Revenue rose to $45.41 billion from $42.36
billion``: a lede's rate and the one later move of its metric; ``净利润低于市场预期约24.7%`` after a
table whose row gives the profit and, under 分析师预期, the analysts' figure. Each link has an empty
cue (no words made it), so a figure no rounding explains is for review, not an error (AR001 reads
such a pairing as ``matched``).
"""

from __future__ import annotations

from verifier.claims import cues, relate


def _key(c) -> tuple[int, int]:
    return c.sentence.start, c.sentence.end


def _by_sentence(claims) -> dict[tuple[int, int], list[int]]:
    """Each sentence's claims by index, found once (a scan per claim was quadratic in long articles)."""
    out: dict[tuple[int, int], list[int]] = {}
    for k, c in enumerate(claims):
        out.setdefault(_key(c), []).append(k)
    return out


def lead_rates(text, claims) -> None:
    """``Apple reported a 7.2% rise in quarterly revenue …. Revenue rose to $45.41 billion from $42.36
    billion``: a lead's rate with no figures of its metric in its sentence, and one move between two
    levels of that metric later in the article that states no rate of its own. The rate is that
    move's; the pairing is by metric (an empty cue), so what no rounding explains is for review."""
    by_id = {c.id: c for c in claims}
    linked = {cm.target for c in claims for cm in c.comparators if cm.relation in ("change_to", "change_from")}
    moves = [(k, c, by_id[cm.target], cm.relation) for k, c in enumerate(claims) for cm in c.comparators
             if cm.relation in relate.MOVES and c.id not in linked and cm.target not in linked]
    in_sentence = _by_sentence(claims)
    for i, r in enumerate(claims):
        if (r.kind != "change" or r.quantity.unit != "percent" or r.comparators or r.metric in (None, "share_price")
                or r.change_basis not in (None, "yoy") or r.direction not in ("up", "down") or r.quantity.low is not None):
            continue
        if relate.since_point(text, r) or cues.find("hypothetical", text, r.sentence.start, r.sentence.end):
            continue  # "up 25 per cent since June", "would have been 10 percent higher": not the later move
        if any(claims[o].kind in ("amount", "count") and claims[o].metric == r.metric for o in in_sentence[_key(r)]):
            continue
        fits = [(k, b) for k, n, b, way in moves
                if n.metric == r.metric and n.entity == r.entity and n.subject == r.subject and not n.quantity.per_share
                and (way == "up_from") == (r.direction == "up")
                and (r.period is None or n.period is None or n.period == r.period)]
        if len(fits) != 1:
            continue
        k, b = fits[0]
        relate.add(claims, i, "change_from", b, "")
        relate.add(claims, i, "change_to", claims[k], "")


def estimate_gaps(claims) -> None:
    """``净利润低于市场预期约24.7%`` after a table whose row gives the profit and, under 分析师预期, the
    analysts' figure: a gap to the estimate with no figures of its own is the move from that estimate
    to the actual beside it (the one such pair of the metric in the article; paired by metric)."""
    in_sentence = _by_sentence(claims)
    for i, r in enumerate(claims):
        if (r.kind != "change" or r.change_basis != "vs-estimate" or r.quantity.unit != "percent" or r.comparators
                or r.metric is None or any(claims[o].kind in relate.AMOUNTS for o in in_sentence[_key(r)])):
            continue
        pairs = [(k, e) for e in claims if e.kind == "estimate" and e.metric == r.metric and e.quantity.low is None
                 for k in in_sentence[_key(e)] if (a := claims[k]).kind == "amount" and a.metric == r.metric
                 and a.period == e.period and relate.unit(a) == relate.unit(e) and a.quantity.end <= e.quantity.start]
        if len({(k, e.id) for k, e in pairs}) != 1:
            continue
        k, e = pairs[0]
        relate.add(claims, i, "change_from", e, "", change_basis=None)
        relate.add(claims, i, "change_to", claims[k], "")

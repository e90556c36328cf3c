"""AR005's readings of a structure: ``三次产业结构为6.3:38.1:55.6`` gives each part's share of the
whole, in percent, in the order of a known partition (data/partitions.tsv); ``城乡收入比为2.02:1`` the
first part of a known pair over the second. Each is checked against the figures the article prints
for that period."""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.fold import fold

_NUM = r"(\d+(?:\.\d+)?)"


@lru_cache(maxsize=1)
def _structure() -> re.Pattern:
    # the cue, a few words (为, 由上年的…调整为), then a:b:c; the last list after the cue is this period's
    return re.compile(rf"(?:{lexicon.alternation('zh', 'structure')})[^\d。；;\n]{{0,12}}"
                      rf"(?:{_NUM}\s*[:：]\s*{_NUM}\s*[:：]\s*{_NUM}[^\d。；;\n]{{1,12}})?{_NUM}\s*[:：]\s*{_NUM}\s*[:：]\s*{_NUM}")


def _partition(role: str, size: int):
    """The known partition (data/partitions.tsv) of ``size`` members one of which the wording role names."""
    first = {fold(w) for w in lexicon.wording("zh")[role]}
    return next((ms for whole, ms in lexicon.partitions() if whole == "*" and len(ms) == size
                 and any(first & {fold(w) for w in sp} for sp in ms)), None)


def _parts(ctx, members, period) -> list | None:
    """The one amount of each member (named by its qualifier) for the period, of one metric and unit."""
    parts = []
    for spellings in members:
        folded = {fold(w) for w in spellings}
        found = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
                 if o.kind == "amount" and o.subject and fold(o.subject) in folded and o.period == period and not o.forecast}
        if len(found) != 1:
            return None
        parts.append(next(iter(found.values())))
    if any(p.metric != parts[0].metric or p.quantity.unit != parts[0].quantity.unit for p in parts):
        return None
    return parts


def structures(ctx, compare, formula):
    """(share claim, part, whole) for each printed share of a structure whose parts and whole are found."""
    starts = {c.quantity.start: c for c in ctx.claims}
    members = _partition("structure_parts", 3)
    for m in _structure().finditer(ctx.article.text) if members else ():
        shares = [starts.get(m.start(g)) for g in (4, 5, 6)]
        if None in shares or (parts := _parts(ctx, members, shares[0].period)) is None:
            continue
        metric, unit, period = parts[0].metric, parts[0].quantity.unit, shares[0].period
        wholes = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
                  if o.kind == "amount" and o.metric == metric and not o.subject and o.period == period
                  and o.quantity.unit == unit and not o.forecast and not o.comparators}
        if len(wholes) == 1:
            whole = next(iter(wholes.values()))
            for share, part in zip(shares, parts):
                yield compare(share, part, whole, formula)


@lru_cache(maxsize=1)
def _to_one() -> re.Pattern:
    return re.compile(rf"(?:{lexicon.alternation('zh', 'ratio_to_one')})[^\d。；;\n]{{0,12}}"
                      rf"(?:{_NUM}\s*[:：]\s*1(?![\d.])[^\d。；;\n]{{1,12}})?{_NUM}\s*[:：]\s*1(?![\d.])")


def ratios_to_one(ctx):
    """(ratio claim, first, second) for ``城乡收入比为2.02:1``: the first member of a two-member partition
    over the second, the one figure of each of one metric and period."""
    starts = {c.quantity.start: c for c in ctx.claims}
    pair = _partition("ratio_to_one_parts", 2)
    for m in _to_one().finditer(ctx.article.text) if pair else ():
        r = starts.get(m.start(2))
        if r is not None and (found := _parts(ctx, pair, r.period)) is not None and found[1].quantity.value > 0:
            yield r, found[0], found[1]

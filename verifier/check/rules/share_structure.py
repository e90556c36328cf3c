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


def structures(ctx, compare, formula):
    """(share claim, part, whole) for each printed share of a structure whose parts and whole are found."""
    text = ctx.article.text
    starts = {c.quantity.start: c for c in ctx.claims}
    for m in _structure().finditer(text):
        shares = [starts.get(m.start(g)) for g in (4, 5, 6)]
        if None in shares:
            continue
        members = next((ms for whole, ms in lexicon.partitions() if whole == "*" and len(ms) == 3
                        and any(fold("第一产业") in {fold(w) for w in sp} for sp in ms)), None)
        if members is None:
            continue
        period = shares[0].period
        parts = []
        for spellings in members:
            folded = {fold(w) for w in spellings}
            found = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
                     if o.kind == "amount" and o.subject and fold(o.subject) in folded and o.period == period and not o.forecast}
            if len(found) != 1:
                break
            parts.append(next(iter(found.values())))
        else:
            metric, unit = parts[0].metric, parts[0].quantity.unit
            if any(p.metric != metric or p.quantity.unit != unit for p in parts):
                continue
            wholes = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
                      if o.kind == "amount" and o.metric == metric and not o.subject and o.period == period
                      and o.quantity.unit == unit and not o.forecast and not o.comparators}
            if len(wholes) != 1:
                continue
            whole = next(iter(wholes.values()))
            for share, part in zip(shares, parts):
                yield compare(share, part, whole, formula)


@lru_cache(maxsize=1)
def _to_one() -> re.Pattern:
    return re.compile(rf"(?:{lexicon.alternation('zh', 'ratio_to_one')})[^\d。；;\n]{{0,12}}"
                      rf"(?:{_NUM}\s*[:：]\s*1(?![\d.])[^\d。；;\n]{{1,12}})?{_NUM}\s*[:：]\s*1(?![\d.])")


def ratios_to_one(ctx):
    """(ratio claim, first, second) for ``城乡收入比为2.02:1``: the pair of a two-member partition whose
    first member is named first in the cue (城 before 乡), the one figure of each of one metric and period."""
    text = ctx.article.text
    starts = {c.quantity.start: c for c in ctx.claims}
    for m in _to_one().finditer(text):
        r = starts.get(m.start(2))
        if r is None:
            continue
        pair = next((ms for whole, ms in lexicon.partitions() if whole == "*" and len(ms) == 2
                     and any(fold("城镇") in {fold(w) for w in sp} for sp in ms)), None)
        if pair is None:
            continue
        found = []
        for spellings in pair:
            folded = {fold(w) for w in spellings}
            hits = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
                    if o.kind == "amount" and o.subject and fold(o.subject) in folded and o.period == r.period and not o.forecast}
            found.append(next(iter(hits.values())) if len(hits) == 1 else None)
        a, b = found
        if a is not None and b is not None and a.metric == b.metric and a.quantity.unit == b.quantity.unit and b.quantity.value > 0:
            yield r, a, b

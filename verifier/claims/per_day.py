"""A figure for one day beside the period's total: ``發電量3640億千瓦時，日平均發電量117億千瓦時``,
``pumped 310 million barrels in March, or 10.0 million barrels a day``.

The daily figure is linked to the total it averages (relation ``per_day_of``); AR014 checks it
against the total divided by the days of the total's period. The cue words are data
(``data/wording_zh.tsv`` and ``wording_en.tsv``, role ``per_day``).
"""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import relate
from verifier.models import Claim

# 日平均發電量117億千瓦時: the cue, at most a few words of the metric, then the figure
_BEFORE = re.compile(rf"(?:{lexicon.alternation('zh', 'per_day')})[\u4e00-\u9fff]{{0,6}}\s*$")
# 10.0 million barrels a day: right after the figure and its unit
_AFTER = re.compile(rf"\s*(?i:(?:{lexicon.alternation('en', 'per_day')})\b)")
_BREAK = re.compile(r"[;；。]")
# 合计成交136.49万亿元，日均成交7.58万亿元: a market's trading averages over its trading days, not the calendar's
_TRADING = re.compile(rf"{lexicon.alternation('zh', 'trading_day')}|(?i:\b(?:{lexicon.alternation('en', 'trading_day')})\b)")


def link(text: str, claims: list[Claim], idx: list[int]) -> None:
    """Link each daily figure of the sentence to the total just before it, of its unit."""
    for k, i in enumerate(idx):
        d = claims[i]
        if d.kind not in ("amount", "count") or d.quantity.low is not None or not daily(text, d):
            continue
        before = [j for j in idx[:k] if claims[j].kind in ("amount", "count") and claims[j].quantity.unit == d.quantity.unit
                  and claims[j].quantity.low is None and not daily(text, claims[j])]
        if not before:
            continue
        t = before[-1]
        if (_BREAK.search(text, claims[t].quantity.end, d.quantity.start)
                or _TRADING.search(text, max(d.sentence.start, claims[t].quantity.start - 40), d.quantity.end + 12)
                or claims[t].quantity.value <= d.quantity.value
                or any(claims[j].quantity.unit == d.quantity.unit for j in idx[idx.index(t) + 1 : k])):
            continue
        relate.add(claims, i, "per_day_of", claims[t], text[claims[t].quantity.end : d.quantity.start].strip(" ,，"))


def daily(text: str, c: Claim) -> bool:
    """The figure is for one day (日均…, 日赚…, a day)."""
    q = c.quantity
    return bool(_BEFORE.search(text, max(c.sentence.start, q.start - 12), q.start) or _AFTER.match(text, q.end))

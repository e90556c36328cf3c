"""Related figures for the same period should not differ by a large factor.

What it checks: money figures for the same year about related things (the
same entity under different size metrics, or markets that share a topic,
such as "global AI market" and "AI data centers") that differ by a factor of
two or more. The verdict is always needs-review: the figures may measure
different things (a whole market and one part of it; spending and revenue),
or one of them may carry the wrong scale word (兆 for 千億, trillion for
billion), or come from a forecast that disagrees with the other.

Why it matters: trend pieces stack forecasts from different sources; a
reader who sees a $3T market next to $1.2T of demand for its core input
asks which one is right.

Example: ``2027年…全球AI市場…3兆美元`` and ``2027年AI資料中心需求將達1.2萬億美元``.

How to fix: say what each figure measures and who forecast it, or align them.
"""

from __future__ import annotations

import re

from verifier import aliases
from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule

FACTOR = 2.0
_SIZE_METRICS = {"market_size", "demand", "spending", "revenue", "capex", None}
_STOP = {"global", "market", "the", "four", "big", "world"}


def _topic(entity: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]+", entity.lower()) if w not in _STOP} | ({"ai"} if "AI" in entity else set())


def _related(a, b) -> bool:
    if a.entity == b.entity:
        return a.metric != b.metric
    if aliases.kind_of(a.entity) not in ("market", "group") or aliases.kind_of(b.entity) not in ("market", "group"):
        return False
    return bool(_topic(a.entity) & _topic(b.entity))


@rule("CN002")
def check(ctx):
    groups: dict[tuple, dict[tuple, object]] = {}
    for c in ctx.claims:
        if (c.kind == "amount" and c.entity and c.period and re.fullmatch(r"\d{4}", c.period)
                and c.metric in _SIZE_METRICS and len(c.quantity.unit) == 3 and c.quantity.value > 0):
            # one claim per distinct statement: a figure repeated verbatim is compared once
            groups.setdefault((c.period, c.quantity.unit), {}).setdefault((c.entity, c.metric, c.quantity.value), c)
    seen = set()
    for group in groups.values():
        yield from _pairs(list(group.values()), seen)


def _pairs(cs, seen):
    for i, a in enumerate(cs):
        for b in cs[i + 1 :]:
            if not _related(a, b):
                continue
            big, small = (a, b) if a.quantity.value >= b.quantity.value else (b, a)
            factor = big.quantity.value / small.quantity.value
            key = (big.entity, big.metric, small.entity, small.metric, a.period)
            if factor < FACTOR or key in seen:
                continue
            seen.add(key)
            line = msg.t("CN002.line", big=big.quantity.text, small=small.quantity.text, factor=f"{factor:.2f}")
            yield arith.finding(
                "warning", "needs-review",
                msg.t("CN002.message", period=msg.period(a.period), big_what=msg.topic(big.entity, big.metric),
                      big=big.quantity.text, small_what=msg.topic(small.entity, small.metric), small=small.quantity.text,
                      factor=f"{factor:.1f}"),
                [big, small], formula=msg.t("CN002.formula"), computed=factor, arithmetic=line,
                advice=msg.t("CN002.advice"),
            )

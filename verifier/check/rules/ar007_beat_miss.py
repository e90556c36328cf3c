"""Beat, miss, above and below must agree with the figures they compare.

What it checks: a figure said to beat, top or exceed another (``優於``,
``高於``, ``超越``, ``beat``, ``topped``, ``above``) must be larger; one said to
miss or fall below (``低於``, ``不及``, ``missed``, ``below``) must be smaller.
Each actual is paired with its estimate by unit and size, so ``營收2134億美元，
每股盈餘1.95美元，雙雙優於…2113.3億美元與1.97美元`` compares revenue with revenue
and EPS with EPS. A change compares with its sign: ``fell 2.3%, worse than
forecasts of a 1.5% decline`` is −2.3% against −1.5%. A range that straddles
the figure it is said to be below or above is flagged for review.

Why it matters: "beat" is the headline of an earnings story; a beat whose
own numbers show a miss is a factual error in the first line.

Example: EPS of 1.95美元 "beating" an estimate of 1.97美元 is contradicted.

How to fix: change the wording (``略低於``, ``missed``) or correct a figure.
"""

from __future__ import annotations

import re

from verifier import lexicon
from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule


@rule("AR007")
def check(ctx):
    for a in ctx.claims:
        for cm in a.comparators:
            if cm.relation == "meet":
                yield from _in_line(ctx, a, ctx.by_id[cm.target], cm)
                continue
            if cm.relation not in ("beat", "miss"):
                continue
            e = ctx.by_id[cm.target]
            (ai, av, a_text), (ei, ev_, e_text), unit = _compared(ctx.article.text, a, e)
            beat = cm.relation == "beat"
            word = msg.t("word.quote", text=cm.cue)
            how = "beat" if beat else "miss"
            line = msg.t("AR007.line", actual=a_text, estimate=e_text,
                         diff=arith.diff(av, ev_, unit, a if unit == a.quantity.unit else None))
            ev = dict(formula=msg.t("AR007.formula"), inputs={"actual": a.id, "estimate": e.id},
                      computed=av - ev_, arithmetic=line, pairing=_pairing(ctx, a, e, cm))
            # the printed values first: 331 above 330 says what the words say, whatever the rounding;
            # a range says so when every printed value of it does ($8.9-9 billion topped $8.79 billion)
            (alo, ahi), (elo, ehi) = _printed(a, av), _printed(e, ev_)
            holds = (alo > ehi) if beat else (ahi < elo)
            broken = arith.below(ai, ei) if beat else arith.above(ai, ei)
            if holds:
                yield arith.finding("info", "supported", msg.t(f"AR007.holds_{how}", actual=a_text, estimate=e_text, cue=word), [a, e], **ev)
            elif broken:
                yield arith.finding(
                    "error", "contradicted",
                    msg.t(f"AR007.broken_{how}", actual=a_text, estimate=e_text, cue=word, line=line),
                    [a, e], advice=msg.t(f"AR007.advice_{how}"), **ev)
            else:
                part = msg.t("AR007.range" if a.quantity.low is not None else "AR007.figure")
                # 營益率54%-56%，超越上季的54%: a range that only touches the other figure at one end, the
                # rest on the side the words say, is loose wording, not a wrong figure: a note
                touching = a.quantity.low is not None and ((beat and alo == ehi and ahi > ehi) or (not beat and ahi == elo and alo < elo))
                yield arith.finding(
                    "info" if touching else "warning", "needs-review",
                    msg.t(f"AR007.straddles_{how}", actual=a_text, estimate=e_text, cue=word, part=part, line=line),
                    [a, e], advice=msg.t("AR007.advice_straddle"), **ev)


def _in_line(ctx, a, e, cm):
    """``in line with $1.45 billion forecasts``: a range holds the estimate, or a figure is within
    IN_LINE_SHARE of it (or equal within printed precision). Not in line is a warning: the phrase is loose."""
    (ai, av, a_text), (ei, ev_, e_text), unit = _compared(ctx.article.text, a, e)
    (alo, ahi), (elo, ehi) = _printed(a, av), _printed(e, ev_)
    gap = 0.0 if alo <= ehi and elo <= ahi else min(abs(alo - ehi), abs(ahi - elo))
    holds = arith.overlaps(ai, ei) or gap <= arith.IN_LINE_SHARE * max(abs(ev_), abs(av))
    word = msg.t("word.quote", text=cm.cue)
    line = msg.t("AR007.line", actual=a_text, estimate=e_text,
                 diff=arith.diff(av, ev_, unit, a if unit == a.quantity.unit else None))
    ev = dict(formula=msg.t("AR007.formula_meet", share=msg.pct(100 * arith.IN_LINE_SHARE, 0, signed=False)),
              inputs={"actual": a.id, "estimate": e.id}, computed=av - ev_, arithmetic=line,
              pairing=_pairing(ctx, a, e, cm))
    if holds:
        yield arith.finding("info", "supported", msg.t("AR007.holds_meet", actual=a_text, estimate=e_text, cue=word), [a, e], **ev)
    else:
        yield arith.finding("warning", "needs-review", msg.t("AR007.broken_meet", actual=a_text, estimate=e_text, cue=word, line=line, share=msg.pct(100 * arith.IN_LINE_SHARE, 0, signed=False)),
                            [a, e], advice=msg.t("AR007.advice_meet"), **ev)


def _printed(c, value) -> tuple[float, float]:
    """The printed ends of a range, negated as its value was (a loss, a fall), or the value twice."""
    q = c.quantity
    if q.low is None:
        return value, value
    return (-q.high, -q.low) if q.value and value == -q.value else (q.low, q.high)


def _pairing(ctx, a, e, cm) -> str:
    """``clause``: actual, cue and estimate in one sentence; ``linked``: the actual is what the
    cue's words are about (``Revenue of $5.2 billion beat expectations.`` and the estimate in the
    next sentence); ``matched``: a beat of "results" whose figures were paired to the estimates
    by unit and size (results ahead of estimates … revenue … analysts had expected …)."""
    if a.sentence == e.sentence:
        return "clause"
    sent = ctx.article.text[a.sentence.start : a.sentence.end]
    at = sent.find(cm.cue)
    return "linked" if at >= 0 and a.quantity.end - a.sentence.start <= at else "matched"


def _compared(text, a, e):
    """(interval, value, wording) of actual and estimate, and the unit of their difference.

    Changes compare with their signs; an estimate that states no direction takes the actual's.
    """
    if a.kind != "change":
        return arith.signed_level(text, a), arith.signed_level(text, e), a.quantity.unit
    down = (e.direction or a.direction) == "down" and e.quantity.value > 0
    ei = (-e.quantity.hi, -e.quantity.lo) if down else (e.quantity.lo, e.quantity.hi)
    ai = arith.iv(a, signed=True)
    av, ev = arith.point(a, signed=True), -e.quantity.value if down else e.quantity.value

    def shown(c, v):
        return f"{'−' if v < 0 else '+'}{c.quantity.text}"

    return (ai, av, shown(a, av)), (ei, ev, shown(e, ev)), "percentage_point"

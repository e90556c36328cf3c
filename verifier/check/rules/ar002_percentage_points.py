"""A change between two percentages is in percentage points, and must add up.

What it checks: a change stated in points (``上升2個百分點``, ``up 150 basis
points``) against the two percentages it runs between (the one after
``from``/``較``/``由`` is the base); and a change stated in *percent* between two
percentages whose size equals the difference in points instead.

Why it matters: a margin going from 20% to 25% rose 5 percentage points, or
25 percent; writing "5%" for that move is a classic error readers misread.

Example: ``margin rose to 25% from 20%, up 5 percentage points`` passes;
``…up 3 percentage points`` is contradicted; ``…up 5%`` is flagged as percent
used where points are meant.

How to fix: write the difference in percentage points, or correct a level.
"""

from __future__ import annotations

import re

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.check.rules.rate_gaps import named_gap, period_gap, step_gap
from verifier.claims import cues


_NEAR = 40  # characters: "climbed 11 basis points to 4.06% from 3.99%"


def _levels(ctx, c):
    """The two percentage levels of c: (new, base), base after a from-cue. In a sentence with
    more, the two printed right after the change are its own ("…rose 9 basis points to 4.38%
    from 4.29%, while the two-year yield climbed 11 basis points to 4.06% from 3.99%")."""
    links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators if cm.relation in ("change_to", "change_from")
             and ctx.by_id[cm.target].quantity.unit == "percent"}
    if len(links) == 2 and c.kind == "percentage_point_change":
        return links["change_to"], links["change_from"]  # the claims stage paired them (a base period's level in brackets)
    # growth rates are levels too here: 經濟成長率為4.20%，較…3.05%，增加1.15個百分點
    kinds = ("share", "ratio", "change") if c.kind == "percentage_point_change" else ("share", "ratio")
    levels = [o for o in ctx.sentence_of(c) if o.id != c.id
              and o.quantity.unit == "percent" and o.kind in kinds]
    if len(levels) > 2:
        after = [o for o in levels if 0 <= o.quantity.start - c.quantity.end <= _NEAR]
        own = after[:2] if len(after) >= 2 and after[1].quantity.start - c.quantity.end <= _NEAR else []
        sent = ctx.sentence_of(c)
        if not own or ((nxt := next((o for o in sent if o.quantity.start > own[1].quantity.end), None)) is not None
                       and nxt.kind == "percentage_point_change"):
            # 今年由4.45%上修至7.37%…上修2.92個百分點，明年則由2.81%上修至3.54%、上修0.73個百分點: the pair
            # after has its own points (or there is none); this change's pair is the one printed before it
            before = [o for o in levels if o.quantity.end <= c.quantity.start and c.quantity.start - o.quantity.end <= 2 * _NEAR]
            own = before[-2:] if len(before) >= 2 and not any(
                o.kind == "percentage_point_change" and before[-1].quantity.end <= o.quantity.start < c.quantity.start for o in sent) else []
        levels = own
    if len(levels) != 2:
        return None
    a, b = levels
    if (a.kind == "change") != (b.kind == "change") and (a.change_basis or b.change_basis or _a_share(ctx, a) or _a_share(ctx, b)):
        return None  # 增长5.3% and 占比24.6%: a growth and a share are never two values of one quantity
    if cues.first("respectively", ctx.article.text, c.sentence.start, c.sentence.end):
        return None  # 分别增长8.4%和6.9%，分别快3.4和1.9个百分点: each against a third figure, not each other
    return arith.new_and_base(ctx, c, levels, reach=8) or _gap_to(ctx, c, levels)


def _gap_to(ctx, c, levels):
    """``rose 3.1%, 0.4 percentage point above the headline rate of 2.7%``: the points say how far one
    level stands from the one named after above/below: (higher, lower)."""
    text = ctx.article.text
    for side in ("gap_above", "gap_below"):
        m = cues.first(side, text, c.quantity.end, min(c.sentence.end, c.quantity.end + 8))
        if m is not None and text[c.quantity.end : m.start()].strip():
            m = None  # the cue right after the points, nothing between
        if m is None:
            continue
        after = [o for o in levels if 0 <= o.quantity.start - m.end() <= 32
                 and not re.search(r"[，,;；。:：\d]", text[m.end() : o.quantity.start])]
        if len(after) != 1:
            return None
        other = next(o for o in levels if o is not after[0])
        return (other, after[0]) if side == "gap_above" else (after[0], other)
    return None


@rule("AR002")
def check(ctx):
    for c in ctx.claims:
        if c.kind not in ("percentage_point_change", "change") or c.quantity.unit not in ("percent", "percentage_point"):
            continue
        if c.quantity.unit == "percentage_point" and cues.last(
                "contribution", ctx.article.text, max(c.sentence.start, c.quantity.start - 24), c.quantity.start):
            continue  # 影響CPI下降約0.22個百分點: the food prices' pull on CPI, not their change
        pair, pairing = _levels(ctx, c), "clause"
        if pair is None and c.quantity.unit == "percentage_point":
            pair, pairing = named_gap(ctx, c) or period_gap(ctx, c) or step_gap(ctx, c), "matched"
        if pair is None:
            continue
        new, base = pair
        diff = arith.difference(arith.iv(new), arith.iv(base))
        point = new.quantity.value - base.quantity.value
        line = msg.t("AR002.line", new=new.quantity.text, base=base.quantity.text, points=arith.points(point))
        stated = arith.iv(c, signed=True)
        ev = dict(formula=msg.t("AR002.formula"), computed=point, computed_interval=list(diff), arithmetic=line)
        if c.quantity.unit == "percentage_point":
            j = arith.judge(arith.difference_f, [arith.Operand.of(new), arith.Operand.of(base)], stated, derived=True)
            yield arith.judged(
                j, c, [new, base], line=line, holds=msg.t("AR002.holds"), breaks=msg.t("AR002.breaks"),
                advice=msg.t("AR002.advice"), fmt=arith.points, pairing=pairing,
                corner=lambda k: msg.t("AR002.line", new=arith.pct(k[0], 2).lstrip("+"), base=arith.pct(k[1], 2).lstrip("+"),
                                       points=arith.points(k[0] - k[1])),
                formula=msg.t("AR002.formula"))
            continue
        relative = arith.growth(arith.iv(new), arith.iv(base)) if arith.positive(arith.iv(base)) else None
        if arith.overlaps(diff, stated) and not (relative and arith.overlaps(relative, stated)):
            yield arith.finding(
                "warning",
                "contradicted",
                msg.t("AR002.as_percent", figure=c.quantity.text, line=line,
                      rate=arith.pct((new.quantity.value / base.quantity.value - 1) * 100)),
                [c, new, base],
                advice=msg.t("AR002.advice_pp"),
                **ev,
            )


def _a_share(ctx, o) -> bool:
    """A share by its wording (占全部投资的比重为55.2%), not a bare percentage."""
    return o.kind == "share" and bool(cues.last("share", ctx.article.text, max(o.sentence.start, o.quantity.start - 30), o.quantity.start + 1))

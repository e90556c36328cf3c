"""A change stated as an amount must be the difference between its two levels.

What it checks: a move written as an amount (``up $6 billion from $45
billion``, ``較去年同期的300億元增加50億元``, ``fell 3,500 to 249,250 from
252,750``) against the new level and the base the wording ties it to: new −
base, judged with the rounding model (the point difference first, then what
the figures' rounding allows).

Why it matters: a change in money or in units is often retyped from a
release that gives the levels; a slip in either shows up as a difference that
does not add up, and readers take the change as the news.

Example: ``Revenue was $50 billion, up $5 billion from $45 billion a year
earlier`` passes; ``…up $6 billion from $45 billion…`` is flagged.

How to fix: recompute the change from the two levels, or correct the level
that was transcribed wrongly.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule


@rule("AR011")
def check(ctx):
    for c in ctx.claims:
        if c.kind != "change" or c.quantity.unit in ("percent", "percentage_point") or c.quantity.low is not None:
            continue
        links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators}
        new, base = links.get("change_to"), links.get("change_from")
        if not new or not base or new.quantity.unit != c.quantity.unit or base.quantity.unit != c.quantity.unit:
            continue
        if new.quantity.low is not None or base.quantity.low is not None:
            continue
        unit = c.quantity.unit
        j = arith.judge(arith.difference_f, [arith.Operand.of(new), arith.Operand.of(base)], arith.iv(c, signed=True), derived=True)
        line = msg.t("AR011.line", new=new.quantity.text, base=base.quantity.text,
                     diff=arith.diff(new.quantity.value, base.quantity.value, unit, c))
        yield arith.judged(
            j, c, [new, base], line=line, holds=msg.t("AR011.holds"), breaks=msg.t("AR011.breaks"),
            advice=msg.t("AR011.advice"), fmt=lambda x: arith.diff(x, 0, unit, c), pairing=arith.linked(c, new, base),
            corner=lambda k: msg.t("AR011.line", new=arith.val(k[0], unit, new), base=arith.val(k[1], unit, base),
                                   diff=arith.diff(k[0], k[1], unit, c)),
            formula=msg.t("AR011.formula"), inputs={"new": new.id, "base": base.id})

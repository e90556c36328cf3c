"""A stated midpoint must be the middle of its range.

What it checks: ``1735-1785億美元(中值1760億美元)``, ``a range of $16.5 billion
to $21.5 billion, a midpoint of $19 billion``: the midpoint against
(low + high) / 2, within the printed precision of all three figures.

Why it matters: guidance is reported as a range and a midpoint; when one of
them is retyped from another source they stop agreeing.

Example: ``165-215億美元(中值190億美元)`` passes; ``(中值200億美元)`` is flagged.

How to fix: recompute the midpoint or correct the range.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule


@rule("AR003")
def check(ctx):
    for c, r in ctx.linked("midpoint_of"):
        q = r.quantity
        # the writer took the midpoint of the range as printed: its ends are exact here
        ends = [arith.Operand(q.low, q.low, q.low, ""), arith.Operand(q.high, q.high, q.high, "")]
        j = arith.judge(arith.midpoint_f, ends, arith.iv(c))
        line = msg.t("AR003.line", low=arith.val(q.low, q.unit, r), high=arith.val(q.high, q.unit, r),
                     mid=arith.val(j.point, q.unit, c))
        yield arith.judged(
            j, c, [r], line=line, holds=msg.t("AR003.holds", range=q.text), breaks=msg.t("AR003.breaks", range=q.text),
            advice=msg.t("AR003.advice"), fmt=lambda x: arith.val(x, q.unit, c),
            pairing=arith.linked(c, r), formula=msg.t("AR003.formula"))

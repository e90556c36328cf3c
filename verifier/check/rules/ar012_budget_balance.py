"""A budget's deficit must be its spending less its revenue.

What it checks: a deficit or shortfall (``deficit``, ``差短``, ``赤字``)
printed with the spending and the revenue it is the gap between: deficit =
spending − revenue, judged with the rounding model. The three figures in one
sentence are paired by the wording; a deficit whose spending and revenue stand
in a sentence nearby (up to three sentences either side, the same period and
unit, one spending and one revenue figure there) is matched, and at most a
warning.

Why it matters: budget stories carry the three figures from different tables
(the outlays, the receipts, the balance), and a transposed or stale figure
shows as a deficit that the other two do not make.

Example: ``歲出編列2兆1615億元，歲入編列2兆450億元，差短1165億元`` passes;
``outlays of $3.9 trillion and revenues of $3.4 trillion, a deficit of $700
billion`` is flagged.

How to fix: recompute the deficit from the spending and the revenue, or
correct the figure that was copied from another year or table.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule

_SPENDING = ("spending",)
_REVENUE = ("government_revenue", "revenue")
_NEARBY = 3  # sentences either side where the two sides of a deficit may be printed


@rule("AR012")
def check(ctx):
    sentences = _sentences(ctx)
    where = {s[0].sentence: i for i, s in enumerate(sentences)}
    for d in ctx.claims:
        if d.metric != "budget_deficit" or d.kind != "amount" or d.subject or d.quantity.low is not None:
            continue
        i = where[d.sentence]
        sides, pairing = _sides(sentences[i], d), "clause"
        if sides is None:
            near = sorted(range(max(0, i - _NEARBY), min(len(sentences), i + _NEARBY + 1)), key=lambda k: abs(k - i))
            sides = next((s for k in near if k != i and (s := _sides(sentences[k], d)) is not None), None)
            pairing = "matched"
        if sides is None:
            continue
        spent, got = sides
        unit = d.quantity.unit
        j = arith.judge(arith.difference_f, [arith.Operand.of(spent), arith.Operand.of(got)], arith.iv(d), derived=True)
        line = msg.t("AR012.line", spending=spent.quantity.text, revenue=got.quantity.text,
                     diff=arith.val(spent.quantity.value - got.quantity.value, unit, d))
        yield arith.judged(
            j, d, [spent, got], line=line, holds=msg.t("AR012.holds"), breaks=msg.t("AR012.breaks"),
            advice=msg.t("AR012.advice"), fmt=lambda x: arith.val(x, unit, d), pairing=pairing,
            corner=lambda k: msg.t("AR012.line", spending=arith.val(k[0], unit, spent), revenue=arith.val(k[1], unit, got),
                                   diff=arith.val(k[0] - k[1], unit, d)),
            formula=msg.t("AR012.formula"), inputs={"spending": spent.id, "revenue": got.id})


def _sentences(ctx) -> list[list]:
    out: dict = {}
    for c in ctx.claims:
        out.setdefault(c.sentence, []).append(c)
    return list(out.values())


def _sides(sent, d):
    """(spending, revenue) in a sentence for deficit d: one of each, unqualified, in d's unit and
    period, spending above revenue; None when the sentence does not hold exactly that."""
    def level(o, metrics):
        return (o is not d and o.kind == "amount" and o.metric in metrics and not o.subject and o.quantity.low is None
                and o.quantity.unit == d.quantity.unit and o.period == d.period and o.entity == d.entity
                and not any(cm.relation in ("part_of", "part_of_all") for cm in o.comparators))

    spent = [o for o in sent if level(o, _SPENDING)]
    got = [o for o in sent if level(o, _REVENUE)]
    if len(spent) != 1 or len(got) != 1 or spent[0].quantity.value <= got[0].quantity.value:
        return None
    return spent[0], got[0]

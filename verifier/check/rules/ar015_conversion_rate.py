"""An article converts between two currencies at one rate.

What it checks: amounts restated in another currency in brackets, ``$1.9 billion
(€1.38 billion)``, ``$31.40 (€22.84)``. With at least three such conversions between
the same two currencies, each conversion's rate (within the rounding of both figures)
must meet the rate the other conversions agree on. A conversion whose rate no rounding
brings to the others' is flagged, with both rates.

Why it matters: the bracketed figure is worked out by hand or by a desk tool; a slipped
digit (``$39.7 billion (€29.88 billion)`` where the story's rate gives €28.87 billion)
leaves a figure no reader can check.

Example: ``$9.4 billion (€6.84 billion)``, ``$9.45 billion (€6.87 billion)`` and
``$31.40 (€22.84)`` meet at about €0.727 per dollar; ``$39.7 billion (€29.88 billion)``
beside them (€0.753) is flagged.

A conversion at a rate the article states (``346-358億美元，依美元兌新台幣匯率31.6…，新台幣營收約
1兆933億元至1兆1312億元``) is held to that rate, each end of a range on its own: 346 × 31.6 =
10,933.6億元 and 358 × 31.6 = 11,312.8億元.

How to fix: convert the amount again at the rate the article uses, or correct it.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import conversions

_MIN = 3  # conversions between one pair of currencies before their rates are set side by side


def _rate(y, x) -> tuple[float, float, float]:
    """The rate y/x printed, and the lowest and highest the rounding of both allows."""
    qx, qy = x.quantity, y.quantity
    return qy.value / qx.value, qy.lo / qx.hi, qy.hi / qx.lo


def _meet(rates) -> tuple[float, float] | None:
    lo, hi = max(r[1] for r in rates), min(r[2] for r in rates)
    return (lo, hi) if lo <= hi else None


def _ends(c) -> list[tuple[float, float, float]]:
    """(value, lo, hi) of a figure, or of each end of a range (a hedge widens a range outward)."""
    q = c.quantity
    if q.low is None:
        return [(q.value, q.lo, q.hi)]
    return [(q.low, q.lo, q.low + q.precision), (q.high, q.high - q.precision, q.hi)]


def _at_stated(ctx):
    for y in ctx.claims:
        at = [ctx.by_id[cm.target] for cm in y.comparators if cm.relation == "converted_at"]
        of = [ctx.by_id[cm.target] for cm in y.comparators if cm.relation == "converted_of"]
        if not at or not of:
            continue
        r, x = at[0], of[0]
        times = conversions.multiplies(y, x, r)
        f = (lambda a, n: a * n) if times else (lambda a, n: a / n)
        judged, lines = [], []
        for (xv, xlo, xhi), (yv, ylo, yhi) in zip(_ends(x), _ends(y)):
            j = arith.judge(f, [arith.Operand(xv, xlo, xhi, ""), arith.Operand.of(r)], (ylo, yhi))
            judged.append(j)
            lines.append(msg.t("AR015.stated_line", amount=arith.val(xv, x.quantity.unit, x), op="×" if times else "÷",
                               rate=r.quantity.text, computed=arith.val(j.point, y.quantity.unit, y)))
        j = next((k for k in judged if k.verdict == "contradicted"), None) or next(
            (k for k in judged if k.verdict == "needs-review"), judged[0])
        to, frm = (y.quantity.unit, x.quantity.unit) if times else (x.quantity.unit, y.quantity.unit)
        words = dict(rate=r.quantity.text, to=msg.unit_name(to), frm=msg.unit_name(frm))
        yield arith.judged(
            j, y, [x, r], line=msg.t("sep.list").join(lines), holds=msg.t("AR015.stated_holds", **words),
            breaks=msg.t("AR015.stated_breaks", **words), advice=msg.t("AR015.advice"),
            fmt=lambda v, u=y.quantity.unit, c=y: arith.val(v, u, c), pairing=arith.linked(y, x, r), severity="warning",
            formula=msg.t("AR015.stated_formula"), inputs={"amount": x.id, "rate": r.id})


@rule("AR015")
def check(ctx):
    yield from _at_stated(ctx)
    groups: dict[tuple[str, str], list] = {}
    for y, x in ctx.linked("converted_of"):
        groups.setdefault((x.quantity.unit, y.quantity.unit), []).append((y, x, _rate(y, x)))
    for (ux, uy), pairs in groups.items():
        if len(pairs) < _MIN:
            continue
        odd = None
        if _meet([p[2] for p in pairs]) is None:
            # one conversion off the rate all the others meet at; more than one: no one rate to hold them to
            odd = [k for k in range(len(pairs)) if _meet([p[2] for i, p in enumerate(pairs) if i != k])]
            if len(odd) != 1:
                continue
            odd = odd[0]
        for k, (y, x, (point, lo, hi)) in enumerate(pairs):
            others = [p[2] for i, p in enumerate(pairs) if i not in (k, odd)]
            agreed = _meet(others)
            if agreed is None or len(others) < _MIN - 1:
                continue
            line = msg.t("AR015.line", converted=y.quantity.text, amount=x.quantity.text, rate=f"{point:.4g}", to=uy, frm=ux)
            span = msg.t("range.between", a=f"{agreed[0]:.4g}", b=f"{agreed[1]:.4g}")
            ev = dict(formula=msg.t("AR015.formula"), arithmetic=line, computed=point, computed_interval=[lo, hi],
                      agreed_interval=list(agreed), inputs={"amount": x.id, "others": len(others)})
            words = dict(line=line, n=len(others), span=span, to=uy, frm=ux)
            if k == odd:
                yield arith.finding("warning", "contradicted", msg.t("AR015.breaks", **words), [y, x],
                                    advice=msg.t("AR015.advice"), pairing="matched", **ev)
            else:
                yield arith.finding("info", "supported", msg.t("AR015.holds", **words), [y, x], pairing="matched", **ev)

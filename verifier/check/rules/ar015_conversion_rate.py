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

How to fix: convert the amount again at the rate the article uses, or correct it.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule

_MIN = 3  # conversions between one pair of currencies before their rates are set side by side


def _rate(y, x) -> tuple[float, float, float]:
    """The rate y/x printed, and the lowest and highest the rounding of both allows."""
    qx, qy = x.quantity, y.quantity
    return qy.value / qx.value, qy.lo / qx.hi, qy.hi / qx.lo


def _meet(rates) -> tuple[float, float] | None:
    lo, hi = max(r[1] for r in rates), min(r[2] for r in rates)
    return (lo, hi) if lo <= hi else None


@rule("AR015")
def check(ctx):
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

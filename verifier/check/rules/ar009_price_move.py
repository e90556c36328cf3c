"""A price move must take the price from where it was to where it is said to be.

What it checks: ``fell 5% to $95 from $100``, ``股價由120元跌10%至108元``: the
stated percentage against the two prices, P_new = P_old × (1 ± X%).

Why it matters: market copy is written fast and against the clock; the
percentage and the price often come from different feeds.

Example: ``shares fell 11% to $197.99 from $222.69`` passes (−11.1%);
``fell 15% to $197.99 from $222.69`` is flagged.

How to fix: recompute the move from the two prices.
"""

from __future__ import annotations

from verifier.check import arith
from verifier.check.registry import rule


@rule("AR009", "price-move", "error")
def check(ctx):
    for c in ctx.claims:
        if c.kind != "change" or c.quantity.unit != "percent":
            continue
        links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators}
        new, base = links.get("change_to"), links.get("change_from")
        if not new or not base:
            continue
        if not (new.kind == "price" or base.kind == "price" or new.metric == "share_price"):
            continue
        if base.quantity.value <= 0:
            continue
        computed = arith.growth(arith.iv(new), arith.iv(base))
        point = (new.quantity.value / base.quantity.value - 1) * 100
        line = f"{base.quantity.text} → {new.quantity.text} is {arith.pct(point)}"
        ev = dict(formula="move = new / old − 1", computed=point, computed_interval=list(computed), arithmetic=line)
        if arith.overlaps(computed, arith.iv(c, signed=True)):
            yield arith.finding("info", "supported", f"{c.quantity.text} matches the prices: {line}.", [c, new, base], **ev)
        else:
            yield arith.finding("error", "contradicted", f"{c.quantity.text} does not match the prices: {line}.",
                                [c, new, base], advice="Recompute the move from the two prices.", **ev)

"""A change rate must match the two figures it runs between.

What it checks: a growth or decline rate (``年增14%``, ``up 24% from``,
``較2025年的1310億美元激增超過50%``) against its endpoints: the figures linked
to it in its sentence, or, for a year-on-year or quarter-on-quarter rate, the
same metric of the same entity for the base period stated elsewhere in the
article.

Why it matters: a rate and its endpoints are printed together but usually
come from different places; a rate that does not follow from the figures is
the most common arithmetic slip in business copy.

Example: ``revenue rose 15% to $230 million from $200 million`` is consistent
(+15.0%); ``rose 25% to $230 million from $200 million`` is flagged.

How to fix: recompute the rate from the endpoints, or correct the endpoint
that was transcribed wrongly. Tolerance: each figure's printed precision and
hedge (``超過50%`` allows anything from 49.5% up).
"""

from __future__ import annotations

from verifier.check import arith
from verifier.check.registry import rule
from verifier.models import Claim


def _levels(ctx) -> dict[tuple, Claim]:
    """(entity, metric, period, unit) → the first amount stated for it."""
    out: dict[tuple, Claim] = {}
    for o in ctx.claims:
        if o.kind == "amount":
            out.setdefault((o.entity, o.metric, o.period, o.quantity.unit), o)
    return out


def endpoints(ctx, c: Claim, levels: dict[tuple, Claim]) -> tuple[Claim, Claim] | None:
    links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators}
    if "change_from" in links and "change_to" in links:
        return links["change_to"], links["change_from"]
    if c.change_basis in ("yoy", "qoq") and c.base_period and c.metric:
        new = links.get("change_to") or _followed(ctx, c)
        if new is None:
            return None
        base = levels.get((c.entity, c.metric, c.base_period, new.quantity.unit))
        if base is not None:
            return new, base
    return None


def _followed(ctx, c: Claim) -> Claim | None:
    """The amount a rate describes: the one printed just before it in its sentence."""
    before = [o for o in ctx.sentence_of(c) if o.quantity.end <= c.quantity.start
              and o.kind == "amount" and o.metric == c.metric and o.entity == c.entity]
    return before[-1] if before else None


@rule("AR001")
def check(ctx):
    levels = _levels(ctx)
    for c in ctx.claims:
        if c.kind != "change" or c.quantity.unit != "percent" or c.change_basis in ("gap", "vs-estimate"):
            continue
        ends = endpoints(ctx, c, levels)
        if ends is None:
            continue
        new, base = ends
        if new.kind == "price" or base.kind == "price" or new.metric == "share_price":
            continue  # AR009 reads price moves
        if not (arith.positive(arith.iv(new)) and arith.positive(arith.iv(base))):
            continue
        computed = arith.growth(arith.iv(new), arith.iv(base))
        point = (new.quantity.value / base.quantity.value - 1) * 100
        stated = arith.iv(c, signed=True)
        line = f"{new.quantity.text} / {base.quantity.text} − 1 = {arith.rate_with_range(point, computed)}"
        ev = dict(
            formula="rate = new / base − 1",
            inputs={"new": new.id, "base": base.id},
            computed=point,
            computed_interval=list(computed),
            stated_interval=list(stated),
            arithmetic=line,
        )
        if arith.overlaps(computed, stated):
            yield arith.finding("info", "supported", f"{c.quantity.text} matches its endpoints: {line}.", [c, new, base], **ev)
        else:
            yield arith.finding(
                "error",
                "contradicted",
                f"{c.quantity.text} does not match its endpoints: {line}.",
                [c, new, base],
                advice="Recompute the rate from the two figures or correct the figure that is wrong.",
                **ev,
            )

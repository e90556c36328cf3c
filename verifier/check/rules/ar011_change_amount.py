"""A change stated as an amount must be the difference between its two levels.

What it checks: a move written as an amount (``up $6 billion from $45
billion``, ``較去年同期的300億元增加50億元``, ``fell 3,500 to 249,250 from
252,750``) against the new level and the base the wording ties it to: new −
base, judged with the rounding model (the point difference first, then what
the figures' rounding allows).

Why it matters: a change in money or in units is often retyped from a
release that gives the levels; a slip in either shows up as a difference that
does not add up, and readers take the change as the news.

A move printed with no figure of its own (``raised its forecast to $5.4-5.5
billion from $5.2-5.3 billion``, ``由20%降至25%``) says which level is higher:
the new level must be above the base for a rise and below it for a fall (a
range by its midpoint). Levels equal as printed are flagged for review (the
move may be smaller than the rounding).

Example: ``Revenue was $50 billion, up $5 billion from $45 billion a year
earlier`` passes; ``…up $6 billion from $45 billion…`` is flagged, and so is
``cut its outlook to $5.6 billion from $5.4 billion``.

How to fix: recompute the change from the two levels, or correct the level
that was transcribed wrongly.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule


@rule("AR011")
def check(ctx):
    yield from _moves(ctx)
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


def _moves(ctx):
    """The new level against its base where the wording gives only the move's direction."""
    for new in ctx.claims:
        for cm in new.comparators:
            if cm.relation not in ("up_from", "down_from"):
                continue
            base = ctx.by_id[cm.target]
            if base.quantity.unit != new.quantity.unit:
                continue
            up = cm.relation == "up_from"
            text = ctx.article.text
            nv, bv = _printed(text, new), _printed(text, base)
            unit = new.quantity.unit
            word = msg.t("word.quote", text=cm.cue)
            line = msg.t("AR011.line", new=_shown(text, new, nv), base=_shown(text, base, bv), diff=arith.diff(nv, bv, unit, new))
            ev = dict(formula=msg.t("AR011.formula_move_up" if up else "AR011.formula_move_down"), arithmetic=line,
                      computed=nv - bv, inputs={"new": new.id, "base": base.id}, pairing=arith.linked(new, base))
            if (nv > bv) if up else (nv < bv):
                yield arith.finding("info", "supported", msg.t("AR011.holds_move", new=new.quantity.text, base=base.quantity.text, cue=word),
                                    [new, base], **ev)
            elif nv == bv:
                yield arith.finding("warning", "needs-review", msg.t("AR011.same_move", new=new.quantity.text, base=base.quantity.text,
                                                                     cue=word, line=line), [new, base], advice=msg.t("AR011.advice_move"), **ev)
            else:
                yield arith.finding("error", "contradicted", msg.t("AR011.broken_move", new=new.quantity.text, base=base.quantity.text,
                                                                   cue=word, line=line), [new, base], advice=msg.t("AR011.advice_move"), **ev)


def _printed(text, c) -> float:
    """A level as printed, negative when it is a loss; a range by its printed midpoint."""
    q = c.quantity
    return (q.low + q.high) / 2 if q.low is not None else arith.signed_level(text, c)[1]


def _shown(text, c, v) -> str:
    """A level in the move's arithmetic: a loss with its sign, a range with its midpoint."""
    if c.quantity.low is None:
        return arith.signed_level(text, c)[2]
    return msg.t("AR011.midpoint", range=c.quantity.text, mid=arith.val(v, c.quantity.unit, c))

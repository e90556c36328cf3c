"""A stated gap between two figures must match them.

What it checks: a percentage that measures how far one figure is from
another (``下緣相差25%``, ``25% below the estimate``, ``超出預期36%``) against
the figures compared in the same sentence (or the sentence it refers back
to with 這/this). ``下緣``/``low end`` uses the low end of a range. Either
figure may be the base of the percentage, as writers use both.

Why it matters: a gap is the writer's own arithmetic and is rarely sourced.

Example: guidance of 165-215億美元 against an estimate of 220.4億美元: the low
end is (220.4 − 165) / 220.4 = 25.1% below, so ``下緣相差25%`` passes.

How to fix: recompute the gap from the two figures.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule


def _compared(ctx) -> dict[str, list]:
    """estimate id → the actuals said to beat or miss it."""
    out: dict[str, list] = {}
    for a in ctx.claims:
        for cm in a.comparators:
            if cm.relation in ("beat", "miss"):
                out.setdefault(cm.target, []).append(a)
    return out


def _pairs(ctx, c, compared):
    """(actual, estimate) pairs compared in c's sentence; or the level and the reference level the
    claims stage linked the gap to (``3.1% below its record close of 5,667.20``)."""
    links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators}
    if "gap_from" in links and "gap_to" in links:
        yield links["gap_from"], links["gap_to"]
        return
    for e in ctx.sentence_of(c):
        for a in compared.get(e.id, ()):
            yield a, e


@rule("AR010")
def check(ctx):
    text = ctx.article.text
    compared = None
    for c in ctx.claims:
        if c.kind != "change" or c.change_basis not in ("gap", "vs-estimate") or c.quantity.unit != "percent":
            continue
        low_end = any(w in text[max(c.sentence.start, c.quantity.start - 8) : c.quantity.start] for w in ("下緣", "下缘", "低標", "low end", "bottom"))
        results = []
        compared = compared if compared is not None else _compared(ctx)
        for a, e in _pairs(ctx, c, compared):
            av = a.quantity.low if (low_end and a.quantity.low is not None) else a.quantity.value
            ev_ = e.quantity.value
            if av <= 0 or ev_ <= 0:
                continue
            gaps = [abs(ev_ - av) / ev_ * 100, abs(ev_ - av) / av * 100]
            actual = msg.t("AR010.low_end", figure=a.quantity.text) if low_end and a.quantity.low is not None else a.quantity.text
            line = msg.t("AR010.line", estimate=e.quantity.text, actual=actual, gap=arith.val(abs(ev_ - av), a.quantity.unit, a),
                         of_estimate=arith.pct(gaps[0], 1).lstrip("+"), of_actual=arith.pct(gaps[1], 1).lstrip("+"))
            tol = c.quantity.precision + max(a.quantity.precision / av, e.quantity.precision / ev_) * 100 * 2
            ok = any(arith.overlaps((g - tol, g + tol), arith.iv(c)) for g in gaps)
            results.append((ok, a, e, line, gaps))
        pairing = "matched" if any(cm.relation == "gap_from" for cm in c.comparators) else "clause"
        for ok, a, e, line, gaps in results[:2]:
            ev = dict(formula=msg.t("AR010.formula"), computed=gaps, arithmetic=line, pairing=pairing)
            if ok:
                yield arith.finding("info", "supported", msg.t("AR010.holds", figure=c.quantity.text, line=line), [c, a, e], **ev)
            elif not any(r[0] for r in results):
                yield arith.finding("error", "contradicted", msg.t("AR010.breaks", figure=c.quantity.text, line=line),
                                    [c, a, e], advice=msg.t("AR010.advice"), **ev)

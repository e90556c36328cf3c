"""Beat, miss, above and below must agree with the figures they compare.

What it checks: a figure said to beat, top or exceed another (``優於``,
``高於``, ``超越``, ``beat``, ``topped``, ``above``) must be larger; one said to
miss or fall below (``低於``, ``不及``, ``missed``, ``below``) must be smaller.
Each actual is paired with its estimate by unit and size, so ``營收2134億美元，
每股盈餘1.95美元，雙雙優於…2113.3億美元與1.97美元`` compares revenue with revenue
and EPS with EPS. A change compares with its sign: ``fell 2.3%, worse than
forecasts of a 1.5% decline`` is −2.3% against −1.5%. A range that straddles the figure it is said to be below
or above is flagged for review.

Why it matters: "beat" is the headline of an earnings story; a beat whose
own numbers show a miss is a factual error in the first line.

Example: EPS of 1.95美元 "beating" an estimate of 1.97美元 is contradicted.

How to fix: change the wording (``略低於``, ``missed``) or correct a figure.
"""

from __future__ import annotations

from verifier.check import arith
from verifier.check.registry import rule


@rule("AR007", "beat-miss", "error")
def check(ctx):
    for a in ctx.claims:
        for cm in a.comparators:
            if cm.relation not in ("beat", "miss"):
                continue
            e = ctx.by_id[cm.target]
            ai, ei, a_text, e_text, unit = _compared(a, e)
            beat = cm.relation == "beat"
            word = f"'{cm.cue}'"
            av, ev_ = (ai[0] + ai[1]) / 2 if a.kind == "change" else a.quantity.value, (ei[0] + ei[1]) / 2 if a.kind == "change" else e.quantity.value
            line = f"{a_text} vs {e_text}: difference {arith.diff(av, ev_, unit)}"
            ev = dict(formula="beat: actual > estimate; miss: actual < estimate", inputs={"actual": a.id, "estimate": e.id},
                      computed=av - ev_, arithmetic=line)
            holds = ai[0] > ei[1] if beat else ai[1] < ei[0]
            broken = ai[1] <= ei[0] if beat else ai[0] >= ei[1]
            if holds:
                yield arith.finding("info", "supported", f"{a_text} is {'above' if beat else 'below'} {e_text}, as {word} says.", [a, e], **ev)
            elif broken:
                yield arith.finding(
                    "error", "contradicted",
                    f"{word} says {a_text} is {'above' if beat else 'below'} {e_text}, but it is "
                    f"{'below' if beat else 'above'} it: {line}.",
                    [a, e], advice=f"Use wording that matches the figures ({'missed / 低於' if beat else 'beat / 高於'}), or correct a figure.", **ev)
            else:
                part = "range" if a.quantity.low is not None else "figure"
                yield arith.finding(
                    "warning", "needs-review",
                    f"{word} says {a_text} is {'above' if beat else 'below'} {e_text}, but the {part} "
                    f"straddles or equals it within printed precision: {line}.",
                    [a, e], advice="Say which end is above or below, or compare the midpoint.", **ev)


def _compared(a, e):
    """Intervals and wording of actual and estimate; changes with their signs (an estimate takes the actual's direction if it states none)."""
    if a.kind != "change":
        return arith.iv(a), arith.iv(e), a.quantity.text, e.quantity.text, a.quantity.unit
    ai = arith.iv(a, signed=True)
    lo, hi = arith.iv(e)
    if (e.direction or a.direction) == "down" and e.quantity.value > 0:
        lo, hi = -hi, -lo
    ei = (lo, hi)

    def signed(c, iv):
        return f"{'−' if iv[1] < 0 else '+'}{c.quantity.text}"

    return ai, ei, signed(a, ai), signed(e, ei), "percentage_point"

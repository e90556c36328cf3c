"""Multiples and fractions must match the figures they relate.

What it checks: ``doubled``, ``tripled``, ``halved``, ``翻倍``, ``N倍``, ``3x``
between two figures of one unit in the same sentence (the one after
``from``/``較``/``由``/``從`` is the base), and fractions (``三分之一``,
``two-thirds``) of a whole printed beside their part.

Why it matters: "doubled" is a strong word; readers check it.

Example: ``revenue doubled from $5bn to $10bn`` passes; ``…from $5bn to
$8bn`` is contradicted (×1.6); ``…from $5bn to $12bn`` (×2.4) is flagged for
review as an understatement. ``增長兩倍`` is read both as ×2 and ×3, a known
ambiguity of Chinese wording, and passes if either holds.

How to fix: use the multiple the figures give (``rose 60%``).
"""

from __future__ import annotations

import re

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import cues

_WORDS = re.compile(r"[^\d,，;；。.]*")  # words only: no figure, no clause break
SLACK = 0.05  # a word like "doubled" is read as ×2 within 5%


def _pair(ctx, c):
    amounts = [o for o in ctx.sentence_of(c) if o.kind in ("amount", "price")
               and o.quantity.unit not in ("percent", "times", "ratio")]
    if len(amounts) != 2 or amounts[0].quantity.unit != amounts[1].quantity.unit:
        return None
    if c.quantity.unit == "ratio":
        part, whole = sorted(amounts, key=lambda o: o.quantity.value)  # a fraction: part, whole
        # the whole is what the fraction is of: named right after it (one third of revenue of $30 million)
        # or right before it (占營收30億元的三分之一); "half of the spending …, including $85.4 million and
        # $59.8 million" lists two parts, not a part and its whole
        text = ctx.article.text
        after = whole.quantity.start >= c.quantity.end and _WORDS.fullmatch(text, c.quantity.end, whole.quantity.start) \
            and whole.quantity.start - c.quantity.end <= 40
        before = whole.quantity.end <= c.quantity.start and _WORDS.fullmatch(text, whole.quantity.end, c.quantity.start) \
            and c.quantity.start - whole.quantity.end <= 12
        return (part, whole) if after or before else None
    return arith.new_and_base(ctx, c, amounts)


@rule("AR008")
def check(ctx):
    text = ctx.article.text
    for c in ctx.claims:
        if c.quantity.unit not in ("times", "ratio"):
            continue
        pair = _pair(ctx, c)
        if pair is None:
            continue
        new, base = pair
        if base.quantity.value <= 0:
            continue
        got = arith.ratio(arith.iv(new), arith.iv(base))
        point = new.quantity.value / base.quantity.value
        wanted = [c.quantity.value]
        if "倍" in c.quantity.text:
            if cues.last("up", text, max(c.sentence.start, c.quantity.start - 4), c.quantity.start):
                wanted.append(c.quantity.value + 1)  # 增長兩倍: ×2 or ×3
        line = msg.t("AR008.line", new=new.quantity.text, base=base.quantity.text, multiple=f"{point:.3g}")
        ev = dict(formula=msg.t("AR008.formula"), computed=point, computed_interval=list(got), arithmetic=line,
                  tolerance=msg.t("AR008.tolerance", slack=f"{SLACK:.0%}") + msg.t("sep.list") + arith.tolerance(new, base))
        lo, hi = c.quantity.lo, c.quantity.hi  # "more than doubled" is [2, ∞)
        if any(arith.overlaps(got, (w / c.quantity.value * lo * (1 - SLACK), w / c.quantity.value * hi * (1 + SLACK))) for w in wanted):
            yield arith.finding("info", "supported", msg.t("AR008.holds", figure=msg.t("word.quote", text=c.quantity.text), line=line), [c, new, base], **ev)
        elif c.quantity.unit == "times" and got[0] > max(wanted) * hi / c.quantity.value * (1 + SLACK):
            # "doubled" for ×2.4 understates but points the right way: worth a look, not an error
            yield arith.finding("warning", "needs-review", msg.t("AR008.understates", figure=msg.t("word.quote", text=c.quantity.text), line=line),
                                [c, new, base], advice=msg.t("AR008.advice_understates"), **ev)
        else:
            yield arith.finding("error", "contradicted", msg.t("AR008.breaks", figure=msg.t("word.quote", text=c.quantity.text), line=line),
                                [c, new, base], advice=msg.t("AR008.advice"), **ev)

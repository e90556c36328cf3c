"""A balance must be the difference of the two totals it is the balance of.

What it checks: a deficit or shortfall (``deficit``, ``差短``, ``赤字``) against
spending less revenue, and a trade surplus or deficit (``出超``, ``順差``,
``trade surplus``) against exports less imports (data/balances.tsv), judged
with the rounding model. The three figures in one sentence are paired by the
wording; a balance whose two sides stand in a sentence nearby (up to three
sentences either side, the same period and unit) is matched, and at most a
warning. A sentence that prints other amounts beside them (bond proceeds the
deficit counts, a repayment) is not read: the balance may not be the plain
difference there.

Why it matters: budget and trade stories carry the three figures from
different tables (the outlays, the receipts, the balance), and a transposed or
stale figure shows as a balance the other two do not make.

Example: ``歲出編列2兆1615億元，歲入編列2兆450億元，差短1165億元`` passes;
``outlays of $3.9 trillion and revenues of $3.4 trillion, a deficit of $700
billion`` is flagged.

How to fix: recompute the balance from its two sides, or correct the figure
that was copied from another period or table.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from verifier import lexicon
from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule

_NEARBY = 3  # sentences either side where the two sides of a balance may be printed


@lru_cache(maxsize=1)
def _balances() -> dict[str, list[tuple[frozenset, frozenset]]]:
    out: dict[str, list] = {}
    for balance, larger, smaller in lexicon.rows("balances.tsv"):
        out.setdefault(balance, []).append((frozenset(larger.split("|")), frozenset(smaller.split("|"))))
    return out


@rule("AR012")
def check(ctx):
    sentences = ctx.sentences()
    where = {s[0].sentence: i for i, s in enumerate(sentences)}
    for d in ctx.claims:
        if d.metric not in _balances() or d.kind != "amount" or d.subject or d.quantity.low is not None:
            continue
        i = where[d.sentence]
        sides, pairing = _sides(sentences[i], d), "clause"
        if sides is None and len(run := _semicolon_run(ctx.article.text, sentences, i)) > 1:
            sides = _sides(run, d)  # 出口20.80萬億元；進口15.22萬億元；貿易順差5.58萬億元: one sentence in clauses
        if sides is None:
            sides_here = tuple(o for o in sentences[i] if any(o.metric in m for pair in _balances()[d.metric] for m in pair))
            if _others(sentences[i], d, sides_here):
                continue  # other amounts beside the balance: it may count more than the two sides
            near = sorted(range(max(0, i - _NEARBY), min(len(sentences), i + _NEARBY + 1)), key=lambda k: abs(k - i))
            sides = next((s for k in near if k != i and not _has_balance(sentences[k], d)
                          and (s := _sides(sentences[k], d)) is not None), None)
            if sides is None:
                # "October exports were $184.1 billion. … October imports were $228.0 billion.": each side in
                # a sentence of its own nearby, the only figure of its metric and period there
                sides = _sides_apart([c for k in near if k == i or not _has_balance(sentences[k], d) for c in sentences[k]], d)
            pairing = "matched"
        if sides is None:
            continue
        big, small = sides
        unit = d.quantity.unit
        # a balance printed far finer than its coarser side (8933.6億 beside 6.5萬億 and 5.6萬億) was taken from the
        # source, not worked out from them: any rounding of the sides that reaches it explains it
        sourced = d.quantity.precision * 10 <= max(big.quantity.precision, small.quantity.precision)
        j = arith.judge(arith.difference_f, [arith.Operand.of(big), arith.Operand.of(small)], arith.iv(d), derived=not sourced)
        if sourced and j.verdict == "needs-review":
            j = replace(j, verdict="supported", by_rounding=True)
        line = msg.t("AR012.line", larger=big.quantity.text, smaller=small.quantity.text,
                     diff=arith.val(big.quantity.value - small.quantity.value, unit, d))
        yield arith.judged(
            j, d, [big, small], line=line, holds=msg.t("AR012.holds"), breaks=msg.t("AR012.breaks"),
            advice=msg.t("AR012.advice"), fmt=lambda x: arith.val(x, unit, d), pairing=pairing,
            corner=lambda k: msg.t("AR012.line", larger=arith.val(k[0], unit, big), smaller=arith.val(k[1], unit, small),
                                   diff=arith.val(k[0] - k[1], unit, d)),
            formula=msg.t("AR012.formula", balance=msg.metric(d.metric), larger=msg.metric(big.metric),
                          smaller=msg.metric(small.metric)),
            inputs={"larger": big.id, "smaller": small.id})


def _semicolon_run(text, sentences, i) -> list:
    """The claims of the sentences joined to sentence i by semicolons, i's own among them."""
    def joined(a, b):  # sentence a ends with a semicolon, and b follows it with nothing but spaces between
        return text[: a[0].sentence.end].rstrip()[-1:] in ";；" and not text[a[0].sentence.end : b[0].sentence.start].strip()

    lo = hi = i
    while lo > 0 and joined(sentences[lo - 1], sentences[lo]):
        lo -= 1
    while hi + 1 < len(sentences) and joined(sentences[hi], sentences[hi + 1]):
        hi += 1
    return [c for k in range(lo, hi + 1) for c in sentences[k]]


def _level(o, d, metrics) -> bool:
    return (o is not d and o.kind == "amount" and o.metric in metrics and not o.subject and o.quantity.low is None
            and not o.quantity.hedge  # 首破6,000億美元: a threshold crossed, not the total
            and o.quantity.unit == d.quantity.unit and o.period == d.period
            # the balance's own sentence may name who reports it (…Department of Commerce announced …)
            and (o.entity == d.entity or o.entity is None or d.entity is None))


def _sides(sent, d):
    """(larger, smaller) in a sentence for balance d: one figure of each side, unqualified, in d's
    unit and period, the larger above the smaller, and no other amount of that unit beside them."""
    for larger, smaller in _balances()[d.metric]:
        big = [o for o in sent if _level(o, d, larger)]
        small = [o for o in sent if _level(o, d, smaller)]
        if len(big) == 1 and len(small) == 1 and big[0].quantity.value > small[0].quantity.value \
                and not _others(sent, d, (big[0], small[0])):
            return big[0], small[0]
    return None


def _sides_apart(window, d):
    """(larger, smaller) from the figures of nearby sentences: one of each side in the whole window."""
    for larger, smaller in _balances()[d.metric]:
        big = {(o.quantity.lo, o.quantity.hi): o for o in window if _level(o, d, larger)}
        small = {(o.quantity.lo, o.quantity.hi): o for o in window if _level(o, d, smaller)}
        if len(big) == 1 and len(small) == 1:
            b, m = next(iter(big.values())), next(iter(small.values()))
            # a side printed beside other amounts (bond proceeds, a repayment) may not be all the balance counts
            if b.quantity.value > m.quantity.value and not any(
                    _others([o for o in window if o.sentence == x.sentence], d, (b, m)) for x in (b, m)):
                return b, m
    return None


def _others(sent, d, sides) -> bool:
    """Another amount of d's unit in the sentence, beside d and its sides."""
    return any(o is not d and o not in sides and o.kind == "amount" and o.quantity.unit == d.quantity.unit
               # the balance (or a side) a month or a year before: its base, not another amount it counts
               and not (o.metric in (d.metric, *(x.metric for x in sides)) and o.period != d.period)
               for o in sent)


def _has_balance(sent, d) -> bool:
    """The sentence prints a balance of its own: its sides are that one's."""
    return any(o is not d and o.metric == d.metric and o.kind == "amount" for o in sent)

"""What AR004's readings share: the verdict on a sum of parts against its total, the sum's
arithmetic as printed, and the article's sentences (built once per article, kept on the context)."""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith


def verdict(total, parts, line, ev, what, complete=False, pairing="clause", signs=None):
    """complete: the parts are all there is (four quarters), so a shortfall is an error too; signs: −1
    for a part that counts against the total (投信買超 in a total of 賣超)."""
    ops = [arith.Operand.of(p) for p in parts]
    ops = [o if k > 0 else arith.Operand(-o.value, -o.hi, -o.lo, o.text) for o, k in zip(ops, signs or [1] * len(ops))]
    j = arith.judge(arith.sum_f, ops, arith.iv(total), truncation=True)
    unit = total.quantity.unit
    ev = {k: v for k, v in ev.items() if k not in ("computed", "arithmetic")}
    over = j.point > total.quantity.value
    if j.verdict != "supported" and not over and not complete:
        return arith.finding("warning", "needs-review", msg.t("AR004.short", line=line, figure=total.quantity.text, what=what), [total, *parts],
                             pairing=pairing, computed=j.point, computed_interval=list(j.reach), arithmetic=line, **ev)
    return arith.judged(
        j, total, parts, line=line, holds=msg.t("AR004.holds", what=what),
        breaks=msg.t("AR004.less" if over else "AR004.more", what=what),
        advice=msg.t("AR004.advice"), fmt=lambda x: arith.val(x, unit, total), pairing=pairing, **ev)



def sum_line(parts, s: float, total, signs=None) -> str:
    """``Q1 + Q2 + Q3 + Q4 = sum``, the sum written like the total; a part that counts against it after −."""
    signs = signs or [1] * len(parts)
    # a part printed negative, (1,463) or -1,463, is written by its size after the −
    terms = "".join(f" {'+' if k > 0 else '−'} {p.quantity.text if k > 0 or p.quantity.value > 0 else p.quantity.text.strip('()').lstrip('-−')}"
                    for p, k in zip(parts, signs))
    return f"{terms[3:] if signs[0] > 0 else '−' + terms[2:]} = {arith.val(s, total.quantity.unit, total)}"



def sentences(ctx) -> tuple[dict, list]:
    """(sentence span → its place, the sentences' claims in article order): built once per article
    (kept on the context)."""
    got = getattr(ctx, "_ar004_sentences", None)
    if got is None:
        sentences = ctx.sentences()
        got = ({(cs[0].sentence.start, cs[0].sentence.end): i for i, cs in enumerate(sentences)}, sentences)
        object.__setattr__(ctx, "_ar004_sentences", got)
    return got

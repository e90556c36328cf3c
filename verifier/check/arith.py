"""Rule findings from the rounding model: the point computation first, then what the rounding allows.

The arithmetic itself (intervals, ``judge``, ``Operand``) is ``verifier.rounding``,
shared with the source rules; it is imported here so a rule reads ``arith.judge``
beside the helpers that word and build its finding.
"""

from __future__ import annotations

import math
import re
from typing import Callable, Sequence

from verifier import messages as msg
from verifier import lexicon
from verifier.models import Claim, Finding, Pairing, Span
from verifier.rounding import (  # noqa: F401 - the rules' arithmetic, as arith.<name>
    IN_LINE_SHARE, UNLIKELY, Judgement, Operand, above, below, cagr_f, contains, contains_iv, difference, difference_f, growth, growth_f, iv,
    judge, midpoint_f, overlaps, point, positive, ratio, ratio_f, sum_f,
)


def val(x: float, unit: str, like: Claim | None = None) -> str:
    """A computed value in the message language, in the scale and unit ``like`` was printed in."""
    return msg.value(x, unit, like)


def diff(a: float, b: float, unit: str, like: Claim | None = None) -> str:
    d = a - b
    return ("+" if d >= 0 else "−") + msg.value(abs(d), unit, like)


def span_text(a: tuple[float, float], unit: str, like: Claim | None = None) -> str:
    return msg.interval(a[0], a[1], unit, like)


def pct(x: float, decimals: int = 1) -> str:
    return msg.pct(x, decimals)


def pct_as(x: float, like: Claim) -> str:
    """A computed rate to as many decimals as the printed one (182.5 ÷ 182.6 − 1 = −0.05%, not −0.1%)."""
    m = re.search(r"\d[.．](\d+)", like.quantity.text)
    return pct(x, max(1, len(m.group(1)) if m else 1))


def points(x: float) -> str:
    """A difference in percentage points, signed: ``+1.15 pp`` / ``+1.15個百分點``."""
    return msg.t("unit.points_signed", n=f"{x:+.2f}".replace("-", "−"))


def tolerance(*claims: Claim) -> str:
    parts = []
    for c in claims:
        q = c.quantity
        how = msg.t("tolerance.precision", p=msg.value(q.precision, q.unit, c)) if q.precision else msg.t("tolerance.exact")
        if q.hedge:
            how += msg.t("tolerance.hedge", hedge=msg.t(f"hedge.{q.hedge}"))
        parts.append(msg.t("tolerance.figure", text=q.text, how=how, span=span_text((q.lo, q.hi), q.unit, c)))
    return msg.join(parts)


def guesses(claims: Sequence[Claim]) -> tuple[str, ...]:
    """What of the figures' reading was taken from context rather than printed beside them."""
    out = []
    for c in claims:
        if c.period_guessed and c.period:
            out.append(msg.t("guess.period", period=msg.period(c.period), text=c.quantity.text))
        if c.entity_guessed and c.entity:
            out.append(msg.t("guess.entity", entity=msg.entity(c.entity), text=c.quantity.text))
    return tuple(dict.fromkeys(out))


def finding(severity: str, verdict: str, message: str, claims: list[Claim], *, advice: str | None = None,
            pairing: str = "clause", **evidence) -> Finding:
    """A rule's finding; an error needs a firm reading (figures the wording put together, in
    one clause or by explicit words across sentences), else it is at most a warning, and says why."""
    spans = tuple(Span(start=c.quantity.start, end=c.quantity.end) for c in claims)
    ev = {k: v for k, v in evidence.items() if v is not None}
    ev.setdefault("tolerance", tolerance(*claims))
    how = Pairing(how=pairing, guessed=guesses(claims))
    if severity == "error" and not how.firm:
        severity = "warning"
        ev["severity_capped"] = msg.t("capped.matched") + (
            msg.t("capped.guessed", guessed=msg.join(how.guessed)) if how.guessed else "")
    return Finding(
        rule="",
        severity=severity,
        verdict=verdict,
        message=message,
        spans=spans,
        claims=tuple(c.id for c in claims),
        evidence=ev,
        advice=advice,
        pairing=how,
    )


def new_and_base(ctx, c: Claim, pair: list[Claim], reach: int = 6) -> tuple[Claim, Claim] | None:
    """Of two figures in c's sentence, (new, base): the base is the one printed right
    after a from-cue (from, 較, 由, 從); None when no cue tells them apart."""
    from verifier.claims import cues

    text = ctx.article.text
    for m in cues.find("from", text, c.sentence.start, c.sentence.end):
        for i, o in enumerate(pair):
            gap = o.quantity.start - m.end()
            # right after the cue, or a few words on within its clause ("from the August forecast of 2.90%")
            if 0 <= gap <= reach or (0 <= gap <= _BASE_WORDS and not _CLAUSE_BREAK.search(text, m.end(), o.quantity.start)
                                     and pair[1 - i].quantity.start not in range(m.end(), o.quantity.start)):
                return pair[1 - i], o
    return None


_BASE_WORDS = 32  # characters of words a base may stand after its from-cue, in the same clause
_CLAUSE_BREAK = re.compile(r"[，,;；。:：]")




def describe(j: Judgement, stated_text: str, unit_fmt: Callable[[float], str], show_corner: Callable[[tuple[float, ...]], str] | None = None) -> str:
    """The sentence after the point computation: what the rounding does or does not allow."""
    if j.verdict == "supported" and not j.by_rounding:
        return ""
    reach = msg.t("range.between", a=unit_fmt(j.reach[0]), b=unit_fmt(j.reach[1]))
    if j.twice:
        return msg.t("judge.twice", stated=stated_text)
    if j.truncated:
        return msg.t("judge.truncated", stated=stated_text)
    if j.verdict == "contradicted":
        if j.reach[0] == j.reach[1]:
            return msg.t("judge.exact")
        return msg.t("judge.no_rounding", stated=stated_text, reach=reach)
    if j.tail is None:
        return msg.t("judge.hedges", reach=reach)
    share = msg.share(j.tail)
    if j.verdict == "needs-review":
        at_end = msg.t("judge.at_end", corner=show_corner(j.corner)) if show_corner and j.corner else ""
        if j.tail >= UNLIKELY:  # a derived figure: the printed values are what the writer had
            return msg.t("judge.derived", stated=stated_text, at_end=at_end, share=share)
        return msg.t("judge.corner", stated=stated_text, at_end=at_end, share=share)
    return msg.t("judge.within", reach=reach, share=share, stated=stated_text)


def judged(j: Judgement, c: Claim, figures: list[Claim], *, line: str, holds: str, breaks: str, advice: str,
           fmt: Callable[[float], str], pairing: str = "clause", corner: Callable[[tuple[float, ...]], str] | None = None,
           severity: str = "error", **evidence) -> Finding:
    """The finding for a judgement: the point computation first, then what the rounding allows.

    ``holds``/``breaks`` finish the sentence about the stated figure (``matches its endpoints``),
    in the message language.
    """
    ev = dict(computed=j.point, computed_interval=list(j.reach), arithmetic=line, **evidence)
    if j.tail is not None:
        ev["rounding_tail"] = j.tail
    more = describe(j, c.quantity.text, fmt, corner)
    claims = [c, *figures]
    if j.verdict == "supported":
        text = msg.t("judge.holds", figure=c.quantity.text, holds=holds, line=line) + (msg.t("sep.sentence") + more if more else "")
        return finding("info", "supported", text, claims, pairing=pairing, **ev)
    text = msg.t("judge.breaks", figure=c.quantity.text, breaks=breaks, line=line) + (msg.t("sep.sentence") + more if more else "")
    if j.verdict == "needs-review":
        return finding("warning", "needs-review", text, claims, pairing=pairing, advice=advice, **ev)
    return finding(severity, "contradicted", text, claims, pairing=pairing, advice=advice, **ev)


def linked(c: Claim, *others: Claim) -> str:
    """``clause`` when the linked figures share c's sentence, ``linked`` when wording tied them across."""
    return "clause" if all(o.sentence == c.sentence for o in others) else "linked"


def pct_of(x: float) -> str:
    return pct(x, 1)


def pct2(x: float) -> str:
    """A computed share or rate, two decimals, unsigned: ``41.56%``."""
    return msg.pct(x, 2, signed=False)


_LOSS_BEFORE = re.compile(rf"(?:(?i:\b(?:{lexicon.alternation('en', 'loss_before')}))|{lexicon.alternation('zh', 'loss_before')})[^\d，,。；;]{{0,12}}$")


def signed_level(text: str, c: Claim):
    """(interval, value, wording) of a level, negative when it is a loss (a loss of 4 cents a share, 虧損0.3元)."""
    if c.quantity.value > 0 and _LOSS_BEFORE.search(text, max(c.sentence.start, c.quantity.start - 30), c.quantity.start):
        lo, hi = iv(c)
        return (-hi, -lo), -c.quantity.value, f"−{c.quantity.text}"
    return iv(c), c.quantity.value, c.quantity.text


def counted(text: str, c: Claim) -> str:
    """The word a count counts (118家, 1,330 companies): the next Chinese character or English word, lower-cased."""
    m = _COUNTER.match(text, c.quantity.end)
    return m.group(1).lower() if m else ""


_COUNTER = re.compile(r"[ \t]*([\u4e00-\u9fff]|[A-Za-z][A-Za-z-]*)")


def magnitude(c: Claim) -> Claim:
    """The claim with its figure's sign dropped (a fall worded and signed: -0.53 after "fell"; a cost in brackets)."""
    q = c.quantity
    if q.value >= 0 or q.low is not None:
        return c
    return c.model_copy(update={"quantity": q.model_copy(update={"value": -q.value, "lo": -q.hi, "hi": -q.lo,
                                                                 "text": q.text.lstrip("-−")})})

"""Rule findings from the rounding model: the point computation first, then what the rounding allows.

The arithmetic itself (intervals, ``judge``, ``Operand``) is ``verifier.rounding``,
shared with the source rules; it is imported here so a rule reads ``arith.judge``
beside the helpers that word and build its finding.
"""

from __future__ import annotations

import math
import re
from typing import Callable, Sequence

from verifier import numfmt
from verifier.models import Claim, Finding, Pairing, Span
from verifier.rounding import (  # noqa: F401 - the rules' arithmetic, as arith.<name>
    UNLIKELY, Judgement, Operand, above, below, cagr_f, contains, contains_iv, difference, difference_f, growth, growth_f, iv,
    judge, midpoint_f, overlaps, point, positive, ratio, ratio_f, sum_f,
)


def val(x: float, unit: str) -> str:
    return numfmt.value(x, unit)


def diff(a: float, b: float, unit: str) -> str:
    d = a - b
    return ("+" if d >= 0 else "−") + numfmt.value(abs(d), unit)


def span_text(a: tuple[float, float], unit: str) -> str:
    return numfmt.interval(a[0], a[1], unit)


def pct(x: float, decimals: int = 1) -> str:
    return f"{x:+.{decimals}f}%" if math.isfinite(x) else ("∞" if x > 0 else "−∞")




def tolerance(*claims: Claim) -> str:
    parts = []
    for c in claims:
        q = c.quantity
        how = f"printed precision ±{numfmt.value(q.precision, q.unit)}" if q.precision else "exact"
        if q.hedge:
            how += f", hedge '{q.hedge.replace('_', ' ')}'"
        parts.append(f"{q.text}: {how} → {span_text((q.lo, q.hi), q.unit)}")
    return "; ".join(parts)


def guesses(claims: Sequence[Claim]) -> tuple[str, ...]:
    """What of the figures' reading was taken from context rather than printed beside them."""
    out = []
    for c in claims:
        if c.period_guessed and c.period:
            out.append(f"period {c.period} of {c.quantity.text}")
        if c.entity_guessed and c.entity:
            out.append(f"entity {c.entity} of {c.quantity.text}")
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
        ev["severity_capped"] = "the figures were paired by entity, metric and period, not by the wording" + (
            f" (guessed: {'; '.join(how.guessed)})" if how.guessed else "")
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
    reach = f"{unit_fmt(j.reach[0])} to {unit_fmt(j.reach[1])}"
    if j.verdict == "contradicted":
        if j.reach[0] == j.reach[1]:
            return "The figures are taken as printed here, so no rounding applies."
        return f"No rounding of the figures gives {stated_text}: they allow {reach}."
    if j.tail is None:
        return f"Within what the figures' hedges allow ({reach})."
    share = _share(j.tail)
    if j.verdict == "needs-review":
        at_end = f" (at its far end, {show_corner(j.corner)})" if show_corner and j.corner else ""
        if j.tail >= UNLIKELY:  # a derived figure: the printed values are what the writer had
            return (f"The printed figures do not give {stated_text}; only their rounding could{at_end} "
                    f"({share} of their possible true values), so check which figure the writer used.")
        return (f"Only an unlikely corner of the figures' rounding reaches {stated_text}{at_end}: "
                f"{share} of their possible true values give it.")
    return f"Within the rounding of the figures ({reach}; {share} of their roundings reach {stated_text})."


def _share(t: float) -> str:
    if t <= 0:
        return "none"
    if t < 0.001:
        return "under 0.1%"
    return f"{t:.1%}" if t < 0.1 else f"{t:.0%}"


def judged(j: Judgement, c: Claim, figures: list[Claim], *, line: str, holds: str, breaks: str, advice: str,
           fmt: Callable[[float], str], pairing: str = "clause", corner: Callable[[tuple[float, ...]], str] | None = None,
           severity: str = "error", **evidence) -> Finding:
    """The finding for a judgement: the point computation first, then what the rounding allows.

    ``holds``/``breaks`` finish the sentence about the stated figure (``matches its endpoints``).
    """
    ev = dict(computed=j.point, computed_interval=list(j.reach), arithmetic=line, **evidence)
    if j.tail is not None:
        ev["rounding_tail"] = j.tail
    more = describe(j, c.quantity.text, fmt, corner)
    claims = [c, *figures]
    if j.verdict == "supported":
        msg = f"{c.quantity.text} {holds}: {line}." + (f" {more}" if more else "")
        return finding("info", "supported", msg, claims, pairing=pairing, **ev)
    msg = f"{line}, printed {c.quantity.text}: {c.quantity.text} {breaks}. {more}"
    if j.verdict == "needs-review":
        return finding("warning", "needs-review", msg, claims, pairing=pairing, advice=advice, **ev)
    return finding(severity, "contradicted", msg, claims, pairing=pairing, advice=advice, **ev)


def linked(c: Claim, *others: Claim) -> str:
    """``clause`` when the linked figures share c's sentence, ``linked`` when wording tied them across."""
    return "clause" if all(o.sentence == c.sentence for o in others) else "linked"


def pct_of(x: float) -> str:
    return pct(x, 1)

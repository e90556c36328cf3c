"""Parts must add up to the total they are said to make.

What it checks: (1) four quarters of one metric of one entity against the
full year stated in the article; (2) a figure introduced as a total
(``合計``, ``combined``, ``in total``) against the other figures of the same
unit listed in its sentence.

Why it matters: totals and their parts are often updated separately; a sum
that no longer matches is visible to any reader with a calculator.

Example: ``Q1 $10bn, Q2 $12bn, Q3 $11bn and Q4 $13bn, $46bn for the year``
passes; ``…$50bn for the year`` is flagged. Listed parts that add to *less*
than a total are only flagged for review: a part may simply not be listed;
four quarters are the whole year.

How to fix: correct the total or the part that changed.
"""

from __future__ import annotations

import re

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import cues


def _verdict(total, parts, line, ev, what, complete=False, pairing="clause"):
    """complete: the parts are all there is (four quarters), so a shortfall is an error too."""
    j = arith.judge(arith.sum_f, [arith.Operand.of(p) for p in parts], arith.iv(total))
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


@rule("AR004")
def check(ctx):
    yield from _quarters(ctx)
    yield from _listed(ctx)
    yield from _split(ctx)


_QUARTER = re.compile(r"(?:(\d{4})-)?Q([1-4])(@.+)?")
_YTD = re.compile(r"(?:(\d{4})-)?ytd-Q([1-4])(@.+)?")
_YEAR = re.compile(r"(?:(\d{4})|FY(\d{4})|full-year)(@.+)?")


def _year_key(period: str):
    """(year, quarter) of a period label: 2025-Q3 → ("2025", 3); Q3@prev-year → ("@prev-year", 3);
    2025, FY2025 → ("2025", 0); full-year@prev-year → ("@prev-year", 0); ytd-Q3 → ("", -3)."""
    if m := _QUARTER.fullmatch(period):
        return (m.group(1) or "") + (m.group(3) or ""), int(m.group(2))
    if m := _YTD.fullmatch(period):  # the first n quarters: keyed -n
        return (m.group(1) or "") + (m.group(3) or ""), -int(m.group(2))
    if m := _YEAR.fullmatch(period):
        return (m.group(1) or m.group(2) or "") + (m.group(3) or ""), 0
    return None


def _quarters(ctx):
    groups = {}
    # a period read beside the figure first; one carried over from context only where none was read
    for c in sorted(ctx.claims, key=lambda c: c.period_guessed):
        if c.kind == "amount" and c.metric and c.period and (key := _year_key(c.period)):
            groups.setdefault((c.entity, c.metric, c.subject, c.quantity.unit, key[0]), {}).setdefault(key[1], c)
    for (_, _, _, unit, _), by_quarter in groups.items():
        for key, n in ((0, 4), (-3, 3), (-2, 2)):  # the year, the first three quarters, the first half
            if key in by_quarter and all(q in by_quarter for q in range(1, n + 1)):
                yield from _sum_of_quarters(by_quarter[key], [by_quarter[q] for q in range(1, n + 1)], unit)


def _sum_of_quarters(total, parts, unit):
    s = sum(p.quantity.value for p in parts)
    line = _sum_line(parts, s, total)
    together = all(p.sentence == total.sentence for p in parts)
    n = len(parts)
    formula = msg.t("AR004.formula_year") if n == 4 else msg.t("AR004.formula_first", n=n, quarters=" + ".join(f"Q{i}" for i in range(1, n + 1)))
    yield _verdict(total, parts, line, dict(formula=formula), msg.t("AR004.four_quarters") if n == 4 else msg.t("AR004.first_quarters", n=n),
                   complete=True, pairing="clause" if together else "matched")


def _split(ctx):
    """A total followed by its parts: "$80 billion, split between $40 billion … and $45 billion", 其中…"""
    text = ctx.article.text
    for c in ctx.claims:
        if c.kind != "amount":
            continue
        m = cues.first("split", text, c.quantity.end, min(c.sentence.end, c.quantity.end + 24))
        if m is None:
            continue
        parts = [o for o in ctx.sentence_of(c) if o.kind == "amount" and o.quantity.unit == c.quantity.unit
                 and o.quantity.start >= m.end()]
        if len(parts) < 2:
            continue
        s = sum(p.quantity.value for p in parts)
        line = _sum_line(parts, s, c)
        yield _verdict(c, parts, line, dict(formula=msg.t("AR004.formula_split")),
                       msg.t("AR004.parts_after", cue=m.group(0)), complete="between" in m.group(0) or "into" in m.group(0))


def _listed(ctx):
    text = ctx.article.text
    for c in ctx.claims:
        if c.kind not in ("amount", "share"):
            continue
        if not cues.last("total", text, max(c.sentence.start, c.quantity.start - 12), c.quantity.start):
            continue
        parts = [o for o in ctx.sentence_of(c) if o.id != c.id and o.kind == c.kind
                 and o.quantity.unit == c.quantity.unit and o.quantity.end <= c.quantity.start]
        if len(parts) < 2:
            continue
        s = sum(p.quantity.value for p in parts)
        line = _sum_line(parts, s, c)
        yield _verdict(c, parts, line, dict(formula=msg.t("AR004.formula_listed")), msg.t("AR004.listed_parts"))


def _sum_line(parts, s: float, total) -> str:
    """``Q1 + Q2 + Q3 + Q4 = sum``, the sum written like the total."""
    return " + ".join(p.quantity.text for p in parts) + f" = {arith.val(s, total.quantity.unit, total)}"

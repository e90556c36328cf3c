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

from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import cues


def _sum(parts):
    return sum(p.quantity.lo for p in parts), sum(p.quantity.hi for p in parts)


def _verdict(total, parts, line, ev, what, complete=False):
    """complete: the parts are all there is (four quarters), so a shortfall is an error too."""
    s = _sum(parts)
    t = arith.iv(total)
    claims = [total, *parts]
    if arith.overlaps(s, t):
        return arith.finding("info", "supported", f"{total.quantity.text} matches the sum of {what}: {line}.", claims, **ev)
    if s[0] > t[1]:
        return arith.finding("error", "contradicted", f"The {what} add up to more than {total.quantity.text}: {line}.",
                             claims, advice="Correct the total or the part that is wrong.", **ev)
    if complete:
        return arith.finding("error", "contradicted", f"The {what} add up to less than {total.quantity.text}: {line}.",
                             claims, advice="Correct the total or the part that is wrong.", **ev)
    return arith.finding("warning", "needs-review", f"The {what} add up to less than {total.quantity.text}: {line}; "
                         "a part may be missing from the list, or a figure is wrong.", claims, **ev)


@rule("AR004")
def check(ctx):
    yield from _quarters(ctx)
    yield from _listed(ctx)
    yield from _split(ctx)


_QUARTER = re.compile(r"(?:(\d{4})-)?Q([1-4])(@.+)?")
_YEAR = re.compile(r"(?:(\d{4})|FY(\d{4})|full-year)(@.+)?")


def _year_key(period: str):
    """(year, quarter) of a period label: 2025-Q3 → ("2025", 3); Q3@prev-year → ("@prev-year", 3);
    2025, FY2025 → ("2025", 0); full-year@prev-year → ("@prev-year", 0)."""
    if m := _QUARTER.fullmatch(period):
        return (m.group(1) or "") + (m.group(3) or ""), int(m.group(2))
    if m := _YEAR.fullmatch(period):
        return (m.group(1) or m.group(2) or "") + (m.group(3) or ""), 0
    return None


def _quarters(ctx):
    groups = {}
    for c in ctx.claims:
        if c.kind == "amount" and c.metric and c.period and not c.period_guessed and (key := _year_key(c.period)):
            groups.setdefault((c.entity, c.metric, c.subject, c.quantity.unit, key[0]), {}).setdefault(key[1], c)
    for (_, _, _, unit, _), by_quarter in groups.items():
        if not all(q in by_quarter for q in (0, 1, 2, 3, 4)):
            continue
        total = by_quarter[0]
        parts = [by_quarter[q] for q in (1, 2, 3, 4)]
        s = sum(p.quantity.value for p in parts)
        line = " + ".join(p.quantity.text for p in parts) + f" = {arith.val(s, unit)}"
        yield _verdict(total, parts, line, dict(formula="year = Q1 + Q2 + Q3 + Q4", computed=s, arithmetic=line),
                       "four quarters", complete=True)


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
        line = " + ".join(p.quantity.text for p in parts) + f" = {arith.val(s, c.quantity.unit)}"
        yield _verdict(c, parts, line, dict(formula="total = sum of its parts", computed=s, arithmetic=line),
                       f"parts after '{m.group(0)}'", complete="between" in m.group(0) or "into" in m.group(0))


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
        line = " + ".join(p.quantity.text for p in parts) + f" = {arith.val(s, c.quantity.unit)}"
        yield _verdict(c, parts, line, dict(formula="total = sum of listed parts", computed=s, arithmetic=line), "listed parts")

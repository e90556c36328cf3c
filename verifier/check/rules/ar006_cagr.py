"""A compound annual growth rate must match its endpoints and the years between.

What it checks: a CAGR (``年複合成長率35%``, ``a CAGR of 29% over 2024-2028``)
against the figures the article gives for the same entity and metric at the
start and end years: (end / start)^(1 / years) − 1. Figures for single years
in between are compared with what the CAGR implies (start × (1 + r)^n) and
flagged for review when they disagree, since a CAGR is an average and single
years may legitimately leave its path.

Why it matters: forecasts pile up in trend pieces, from different sources;
a CAGR that does not connect the article's own endpoints tells the reader
two stories.

Example: 2兆 in 2026 and 5兆 in 2030 imply (5/2)^(1/4) − 1 = 25.7% a year,
so ``年複合成長率35%`` is contradicted; at 35%, 2027 would be 2.7兆, not 3兆.

A growth over several years printed beside its yearly average (``比2019年
同期增長10.5%，兩年平均增長5.1%``) is checked the same way: (1 + growth)^(1 /
years) − 1, the years read from the wording (兩年, 三年).

How to fix: quote the CAGR the source gives for those endpoints, or the
endpoints that go with the CAGR.
"""

from __future__ import annotations

import bisect
import re

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import cues
from verifier.claims.mentions import asides


def _year(p):
    return int(p) if p and len(p) == 4 and p.isdigit() else None


def _by_entity(ctx) -> dict[str, list]:
    out: dict[str, list] = {}
    for o in ctx.claims:
        if o.kind == "amount" and _year(o.period):
            out.setdefault(o.entity, []).append(o)
    return out


REACH = 20_000  # characters either side of a CAGR where its endpoints are looked for


def _levels(c, candidates, starts):
    """Levels of the CAGR's entity and metric by year; one claim per distinct printed value,
    the one nearest the CAGR, so a figure repeated in the article is compared once.
    ``starts`` are the candidates' offsets, built once per entity, not once per CAGR."""
    out: dict[int, dict[tuple, object]] = {}
    lo = bisect.bisect_left(starts, c.quantity.start - REACH)
    hi = bisect.bisect_right(starts, c.quantity.start + REACH)
    mine = [o for o in candidates[lo:hi] if c.metric is None or o.metric == c.metric]
    for o in sorted(mine, key=lambda o: abs(o.quantity.start - c.quantity.start)):
        out.setdefault(_year(o.period), {}).setdefault((o.quantity.lo, o.quantity.hi, o.quantity.unit), o)
    return {y: list(v.values()) for y, v in out.items()}


@rule("AR006")
def check(ctx):
    yield from _endpoints(ctx)
    yield from _from_cumulative(ctx)


# the years an average is taken over, before or in its cue: 兩年平均, 折算到兩年中年均, 三年來年均
_YEARS = re.compile(r"(?<![\d.])(\d{1,2}|[一二两兩三四五六七八九十]{1,2})\s*年\S{0,2}(?=平均|年均)")


# the span's growth is against a named base year: 比2019年同期, 與2008年同期相比
_BASE_YEAR = re.compile(r"(?:19|20)\d\d\s*年[^。；;%]{0,10}$")


def _from_cumulative(ctx):
    """``比2019年同期增長10.5%，兩年平均增長5.1%``: the average against the growth over the years."""
    from verifier.extract.numerals import parse_chinese

    text = ctx.article.text
    aside = None
    for c in ctx.claims:
        if c.kind != "cagr" or c.quantity.unit != "percent":
            continue
        aside = asides(text) if aside is None else aside
        cue = cues.last("cagr", text, max(c.sentence.start, c.quantity.start - 16), c.quantity.start)
        m = cue and _YEARS.search(text, max(c.sentence.start, cue.start() - 10), cue.end())
        if not m:
            continue
        n = int(m.group(1)) if m.group(1).isdigit() else int(parse_chinese(m.group(1))[0])
        sent = ctx.sentence_of(c)
        grew = [o for o in sent if o.quantity.end <= m.start() and o.kind == "change" and o.quantity.unit == "percent"
                and o.metric == c.metric and o.subject == c.subject and o.direction == "up"
                and not _aside_before(aside, o, c)]
        if n < 2 or not grew:
            continue
        k = grew[-1]
        if not _BASE_YEAR.search(text, max(k.sentence.start, k.quantity.start - 20), k.quantity.start):
            continue  # 比上年增長12.5%，兩年平均增長3.9%: a one-year growth, not the span's
        j = arith.judge(lambda g: ((1 + g / 100) ** (1 / n) - 1) * 100, [arith.Operand.of(k)], arith.iv(c))
        line = msg.t("AR006.cumulative_line", growth=k.quantity.text, n=n, rate=arith.pct(j.point, 2).lstrip("+"))
        yield arith.judged(
            j, c, [k], line=line, holds=msg.t("AR006.holds"), breaks=msg.t("AR006.breaks_cumulative"),
            advice=msg.t("AR006.advice_cumulative"), fmt=lambda x: arith.pct(x, 2).lstrip("+"),
            corner=lambda g: msg.t("AR006.cumulative_line", growth=f"{g[0]:g}%", n=n,
                                   rate=arith.pct(((1 + g[0] / 100) ** (1 / n) - 1) * 100, 2).lstrip("+")),
            formula=msg.t("AR006.formula_cumulative"), years=n)


def _aside_before(aside: list[tuple[int, int]], o, c) -> bool:
    """o stands in brackets that closed before c (asides are sorted and do not nest)."""
    i = bisect.bisect_right(aside, (o.quantity.start, float("inf"))) - 1
    return i >= 0 and aside[i][0] <= o.quantity.start and o.quantity.end <= aside[i][1] <= c.quantity.start


def _endpoints(ctx):
    by_entity = None
    for c in ctx.claims:
        if c.kind != "cagr" or not (c.entity or c.metric):
            continue
        start, end = _year(c.base_period), _year(c.period)
        if not start or not end or end <= start:
            continue
        if by_entity is None:
            by_entity = _by_entity(ctx)
            starts = {k: [o.quantity.start for o in v] for k, v in by_entity.items()}
        levels = _levels(c, by_entity.get(c.entity, ()), starts.get(c.entity, []))
        n = end - start
        held, broken, undefined = [], [], []
        for s in levels.get(start, []):
            for e in levels.get(end, []):
                if s.quantity.unit != e.quantity.unit:
                    continue
                if s.quantity.lo <= 0 or e.quantity.value < 0:
                    undefined.append((s, e))  # no growth rate compounds from zero, nor across a sign change
                    continue
                j = arith.judge(arith.cagr_f(n), [arith.Operand.of(s), arith.Operand.of(e)], arith.iv(c))
                line = msg.t("AR006.line", end=e.quantity.text, start=s.quantity.text, n=n, rate=arith.pct(j.point, 1).lstrip("+"),
                             span=msg.period(f"{start}..{end}"))
                unit = s.quantity.unit
                f = arith.judged(
                    j, c, [s, e], line=line, holds=msg.t("AR006.holds"), breaks=msg.t("AR006.breaks"),
                    advice=msg.t("AR006.advice"),
                    fmt=lambda x: arith.pct(x, 1).lstrip("+"), pairing="clause" if s.sentence == e.sentence == c.sentence else "matched",
                    corner=lambda k: msg.t("AR006.corner", end=arith.val(k[1], unit, e), start=arith.val(k[0], unit, s), n=n,
                                           rate=arith.pct(arith.cagr_f(n)(*k), 1).lstrip("+")),
                    formula=msg.t("AR006.formula"), years=n)
                (held if f.verdict == "supported" else broken).append(f)
        # one verdict per CAGR: every pair that breaks it, else the first pair that holds
        yield from broken or held[:1]
        if undefined and not (broken or held):
            s, e = undefined[0]
            yield arith.finding(
                "info", "unverifiable",
                msg.t("AR006.undefined", figure=c.quantity.text, start=s.quantity.text, start_year=msg.period(str(start)),
                      end=e.quantity.text, end_year=msg.period(str(end))),
                [c, s, e], formula=msg.t("AR006.formula"), advice=msg.t("AR006.advice_undefined"))
        yield from _implied_years(c, levels, start, end)


def _implied_years(c, levels, start, end):
    r = c.quantity.value / 100
    for s in levels.get(start, []):
        if s.quantity.lo <= 0:
            continue
        for year, cs in sorted(levels.items()):
            if year <= start or year == end:
                continue
            for o in cs:
                if o.quantity.unit != s.quantity.unit or o.id == s.id:
                    continue
                n = year - start
                implied = s.quantity.value * (1 + r) ** n
                span = (s.quantity.lo * (1 + c.quantity.lo / 100) ** n, s.quantity.hi * (1 + c.quantity.hi / 100) ** n)
                if arith.contains(arith.iv(o), implied) or arith.contains(span, o.quantity.value) or c.quantity.hi == float("inf"):
                    continue
                line = msg.t("AR006.path_line", start=s.quantity.text, rate=f"{c.quantity.value:g}%", n=n,
                             implied=arith.val(implied, o.quantity.unit, o), year=msg.period(str(year)))
                yield arith.finding(
                    "warning", "needs-review",
                    msg.t("AR006.off_path", figure=o.quantity.text, year=msg.period(str(year)), cagr=c.quantity.text,
                          start=s.quantity.text, start_year=msg.period(str(start)), line=line),
                    [o, c, s], formula=msg.t("AR006.formula_path"), computed=implied,
                    computed_interval=list(span), arithmetic=line,
                    advice=msg.t("AR006.advice_path"),
                )

"""Parts must add up to the total they are said to make.

What it checks: (1) four quarters of one metric of one entity against the
full year stated in the article; (2) a figure introduced as a total
(``合計``, ``combined``, ``in total``) against the other figures of the same
unit listed in its sentence; (3) the shares of one breakdown (``按地區分，北美
占45%，亞洲35%，其他20%``, "By region, …"): never more than 100%, and 100%
when the list ends with the rest (其他, other).

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
from functools import lru_cache

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.check.rules.parts_breakdowns import breakdowns, contributions, partition
from verifier.check.rules.parts_sums import sentences as _sentences, sum_line as _sum_line, verdict as _verdict
from verifier.check.rules.parts_shares import shares_of_breakdowns
from verifier import lexicon
from verifier.claims import cues, words


@rule("AR004")
def check(ctx):
    averages = lexicon.words("averages.tsv")
    for f in (*_quarters(ctx), *_listed(ctx), *_split(ctx), *breakdowns(ctx)):
        # 城镇居民人均可支配收入 and 农村居民…: averages per person do not add up to the whole's
        if ctx.by_id[f.claims[0]].metric not in averages:
            yield f
    yield from contributions(ctx)
    yield from shares_of_breakdowns(ctx)


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
    """A total and its parts, linked by the claims stage (``$80 billion, split between $40 billion …``,
    ``進出口總值…。其中，出口…進口…``). All the parts, by the wording or by a known partition
    (data/partitions.tsv): their sum must be the total. Some of them: only a part larger than the
    whole contradicts it; a shortfall or an overlap is what such lists are."""
    groups: dict[str, list] = {}
    for c in ctx.claims:
        for cm in c.comparators:
            if cm.relation in ("part_of", "part_of_all"):
                groups.setdefault(cm.target, []).append((c, cm))
    for tid, linked in groups.items():
        total = ctx.by_id[tid]
        parts = [c for c, _ in linked]
        cue = linked[0][1].cue
        pairing = arith.linked(total, *parts)
        if len(parts) >= 2 and (linked[0][1].relation == "part_of_all" or partition(ctx, total, parts)):
            line = _sum_line(parts, sum(p.quantity.value for p in parts), total)
            yield _verdict(total, parts, line, dict(formula=msg.t("AR004.formula_split")), msg.t("AR004.parts_after", cue=cue),
                           complete=True, pairing=pairing)
            continue
        j = arith.judge(arith.sum_f, [arith.Operand.of(p) for p in parts], arith.iv(total))
        # | 其中:A | … | over | 其中:B | … |: each row its own "of which", subsets that may overlap, not one list
        rows = ctx.tables is not None and len({p.sentence for p in parts}) > 1 and all(ctx.tables.cell_at(p.quantity.start) for p in parts)
        if len(parts) >= 2 and not rows and j.verdict == "supported":
            # 400.03億元，其中71.29億元、328.73億元: "of which" parts that make the whole, as printed
            line = _sum_line(parts, j.point, total)
            yield _verdict(total, parts, line, dict(formula=msg.t("AR004.formula_split")), msg.t("AR004.parts_after", cue=cue),
                           pairing=pairing)
            continue
        if total.metric in lexicon.words("net_metrics.tsv"):
            continue  # a net figure's listed parts may exceed it (當中已計入債券所得…)
        big = max(parts, key=lambda p: p.quantity.value)
        if len(parts) >= 2 and not rows and j.verdict == "contradicted" and j.point > total.quantity.value \
                and arith.iv(big)[0] < arith.iv(total)[1]:
            # some of the parts, yet more than the whole: a wrong figure, unless the list overlaps
            line = _sum_line(parts, j.point, total)
            yield arith.finding(
                "warning", "contradicted", msg.t("AR004.over_some", line=line, figure=total.quantity.text, cue=cue),
                [total, *parts], pairing=pairing, arithmetic=line, formula=msg.t("AR004.formula_some"),
                computed=j.point, computed_interval=list(j.reach), advice=msg.t("AR004.advice_overlap"))
            continue
        if total.quantity.value > 0 and arith.iv(big)[0] >= arith.iv(total)[1]:
            line = f"{big.quantity.text} > {total.quantity.text}"
            yield arith.finding(
                "error", "contradicted", msg.t("AR004.part_over", line=line, part=big.quantity.text, figure=total.quantity.text, cue=cue),
                [total, big], pairing=pairing, arithmetic=line, formula=msg.t("AR004.formula_part"),
                advice=msg.t("AR004.advice"))


def _listed(ctx):
    text = ctx.article.text
    for c in ctx.claims:
        if c.kind not in ("amount", "share", "count"):
            continue
        cue = cues.total_before(text, c.sentence.start, c.quantity.start)
        if not cue:
            continue  # "Total debt $1,055.09M": a line item's name, not the sum of the figures before it
        if any(cm.relation in ("part_of", "part_of_all") for o in ctx.claims for cm in o.comparators if cm.target == c.id):
            continue  # 自營商（合計）400.03億元，其中…: the total's parts are the ones it lists after it
        if _RUN_OF_DAYS.search(text, max(c.sentence.start, cue.start() - 12), cue.start()):
            continue  # 連四賣，合計賣超2,407億元: a total over the days of a run, not of the figures before it
        named = _named_at(text, cue.start(), c)
        against = _opposites().get(named)
        parts = [o for o in ctx.sentence_of(c) if o.id != c.id and o.kind == c.kind
                 and o.quantity.unit == c.quantity.unit and o.quantity.end <= c.quantity.start
                 and (named is None or o.metric in (None, named, against))]
        if not parts and not _figure_between(ctx, c, c.sentence.start):
            parts = _semicolon_list(ctx, c, named, against)
        if len(parts) < 2:
            if by_period := _periods_summed(ctx, c, cue, named):
                parts = by_period
                s = sum(p.quantity.value for p in parts)
                yield _verdict(c, parts, _sum_line(parts, s, c), dict(formula=msg.t("AR004.formula_listed")),
                               msg.t("AR004.listed_parts"), complete=True, pairing="matched")
            continue
        if not _one_span(parts):
            continue  # 累計前十月5937.4億…全年紀錄6741.3億…合計804億: figures of overlapping spans add to nothing
        if c.kind == "count":
            noun = _counted(text, c)
            parts = [p for p in parts if _counted(text, p) in (noun, None)]  # 812 stores and 95 (stores), not 14 states
            if len(parts) < 2 or noun is None:
                continue
        signs = [-1 if against and p.metric == against else 1 for p in parts]
        s = sum(k * p.quantity.value for p, k in zip(parts, signs))
        line = _sum_line(parts, s, c, signs)
        yield _verdict(c, parts, line, dict(formula=msg.t("AR004.formula_listed")), msg.t("AR004.listed_parts"), signs=signs)


_GRAIN = re.compile(r"(?:\d{4}-)?(?P<g>M|Q|H)\d{1,2}|\d{4}")


def _one_span(parts) -> bool:
    """Parts add up as printed only if they share a period, or are each one month, quarter, half or year
    of the same grain (10月 and 11月; Q1 and Q2), not a year so far beside a full year."""
    periods = {p.period for p in parts if p.period}
    if len(periods) <= 1:
        return True
    grains = {(m.group("g") or "Y") if (m := _GRAIN.fullmatch(x)) else None for x in periods}
    return len(grains) == 1 and None not in grains


_RUN_OF_DAYS = re.compile(rf"(?:{lexicon.alternation('zh', 'run_of_days')})|(?i:\b(?:{lexicon.alternation('en', 'run_of_days')})\b)")


@lru_cache(maxsize=1)
def _elided() -> re.Pattern:
    return re.compile(rf"(?i:{lexicon.alternation('en', 'count_elided')})\b")


def _counted(text: str, c) -> str | None:
    """What a count counts, as printed right after it (812家 → 家, 95 stores → store); None when the
    noun is left out (95 in Oklahoma) or nothing follows."""
    word = arith.counted(text, c)
    if not word or _elided().fullmatch(word):
        return None
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _figure_between(ctx, c, start) -> bool:
    return any(start <= o.quantity.start < c.quantity.start for o in ctx.sentence_of(c) if o.id != c.id)


def _semicolon_list(ctx, c, named, against=None) -> list:
    """``外資賣超5.18億元，自營商賣超33.62億元，投信賣超26.55億元；三大法人合計賣超65.35億元``: a total
    opening the clause after a semicolon adds up the list before it, when that list is nothing but
    amounts of the total's unit (a rate or another measure among them: not a plain list)."""
    text = ctx.article.text
    keys, sentences = _sentences(ctx)
    k = keys[(c.sentence.start, c.sentence.end)]
    out = []
    while k > 0 and text[: c.sentence.start if not out else out[0].sentence.start].rstrip()[-1:] in ";；":
        k -= 1
        prev = sentences[k]
        if text[prev[0].sentence.end : (out[0] if out else c).sentence.start].strip():
            return []  # a sentence without figures stands between
        if any(o.kind != c.kind or o.quantity.unit != c.quantity.unit or (named and o.metric not in (None, named, against))
               for o in prev):
            return []
        out = prev + out
    return out


def _periods_summed(ctx, c, cue, named) -> list:
    """``10月及11月營收合計達7110.87億元``, ``October and November revenue combined came to …``: a total
    that names the periods it adds up, each period's figure of the metric stated elsewhere in the article."""
    if ctx.extraction is None or c.kind != "amount":
        return []
    text = ctx.article.text
    start = max(c.sentence.start, text.rfind("，", c.sentence.start, cue.start()) + 1, text.rfind(",", c.sentence.start, cue.start()) + 1)
    labels = [p.label for p in ctx.periods_between(start, cue.start())]
    metric = named or c.metric
    if len(labels) < 2 or len(set(labels)) != len(labels) or metric is None:
        return []
    parts = []
    for label in labels:
        same = [o for o in ctx.claims if o.id != c.id and o.kind == "amount" and o.metric == metric
                and o.entity == c.entity and o.subject == c.subject and o.quantity.unit == c.quantity.unit
                and o.period == label and not o.period_guessed and o.quantity.hedge is None]
        if not same:
            return []
        parts.append(same[0])
    return parts


@lru_cache(maxsize=1)
def _opposites() -> dict[str, str]:
    """metric → the metric that counts against it in a sum (data/opposites.tsv), both ways."""
    rows = lexicon.rows("opposites.tsv")
    return {**{a: b for a, b in rows}, **{b: a for a, b in rows}}


def _named_at(text, start, c) -> str | None:
    """The metric a total names between its cue and its figure (合計營收…), if it names one."""
    named = words.metrics_between(text, start, c.quantity.start)
    return named[-1][2] if named else None



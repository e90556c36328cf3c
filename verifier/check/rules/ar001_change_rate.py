"""A change rate must match the two figures it runs between.

What it checks: a growth or decline rate (``年增14%``, ``up 24% from``,
``較2025年的1310億美元激增超過50%``) against its endpoints: the figures linked
to it in its sentence, or, for a year-on-year or quarter-on-quarter rate, the
same metric of the same entity for the base period stated elsewhere in the
article; for a lead's rate with no figures beside it, the next sentence's figure
and the base it names ("compared with", "from", "a year earlier"), matched by
metric and nearness and so at most a warning.

Why it matters: a rate and its endpoints are printed together but usually
come from different places; a rate that does not follow from the figures is
the most common arithmetic slip in business copy.

Example: ``revenue rose 15% to $230 million from $200 million`` is consistent
(+15.0%); ``rose 25% to $230 million from $200 million`` is flagged.

How to fix: recompute the rate from the endpoints, or correct the endpoint
that was transcribed wrongly. Tolerance: each figure's printed precision and
hedge (``超過50%`` allows anything from 49.5% up).
"""

from __future__ import annotations

import re

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import cues, relate
from verifier.models import Claim


def _levels(ctx) -> dict[tuple, Claim]:
    """(entity, metric, period, unit, qualifier) → the first amount stated for it."""
    out: dict[tuple, Claim] = {}
    for o in ctx.claims:
        if o.kind in ("amount", "count"):  # 銷量111.4萬輛 is a level as much as 營收2134億元
            out.setdefault((o.entity, o.metric, o.period, o.quantity.unit, o.subject), o)
    return out


def _next_sentence_pair(ctx, c: Claim, following: dict) -> tuple[Claim, Claim, str] | None:
    """``Its first-quarter profit fell 33 per cent. … earned $127 million, …, compared with $190
    million a year earlier.``: a lead's rate with no figures beside it, and the next sentence's new
    figure and the base it names after "from" or "compared with", of the same metric and the way
    the rate moves. Matched by nearness and metric, not by wording: at most a warning."""
    own = ctx.sentence_of(c)
    nxt = following.get((c.sentence.start, c.sentence.end))
    if c.metric is None or c.direction not in ("up", "down") or not nxt:
        return None
    if any(o.kind == "change" and o.metric in (None, c.metric) and not o.comparators for o in nxt):
        return None
    text = ctx.article.text
    if cues.find("hypothetical", text, c.sentence.start, c.sentence.end):
        return None  # "net income would have been only 16 percent higher": not the move the figures show
    to = [ctx.by_id[cm.target] for cm in c.comparators if cm.relation == "change_to"]
    if to and not any(cm.relation == "change_from" for cm in c.comparators):
        # "were down 68 percent to $177 million. The company earned $560 million … a year earlier.":
        # the new figure beside the rate, the base the next sentence dates a year back
        n = to[0]
        same = [o for o in nxt if o.kind == "amount" and o.quantity.unit == n.quantity.unit and o.quantity.per_share == n.quantity.per_share]
        start, end = nxt[0].sentence.start, nxt[0].sentence.end
        if len(same) != 1 or same[0].metric not in (None, c.metric) or not cues.find("backref", text, start, end):
            return None
        b = same[0]
        return (n, b, "matched") if (n.quantity.value < b.quantity.value) == (c.direction == "down") else None
    if any(o.kind in ("amount", "count") for o in own) or c.comparators:
        return None
    for i, b in enumerate(nxt):
        cue = (relate.right_after("from", text, b, b.sentence.start)
               or relate.right_after("backref", text, b, b.sentence.start, 8))  # 去年同期為2億美元
        if b.kind != "amount" or cue is None:
            continue
        news = [n for n in nxt[:i] if n.kind == "amount" and n.quantity.unit == b.quantity.unit
                and n.quantity.per_share == b.quantity.per_share]
        if not news:
            return None
        n = news[0]  # the sentence's own figure, not one beside it in apposition
        if n.metric not in (None, c.metric) or b.metric not in (None, c.metric):
            return None  # the next sentence is about another metric ("Sales advanced …")
        if any(o.metric not in (None, c.metric) for o in nxt[: i + 1] if o.kind == "amount" and o.quantity.unit == b.quantity.unit):
            return None
        if (n.quantity.value < b.quantity.value) != (c.direction == "down"):
            return None
        return n, b, "matched"
    return None


def _following(ctx) -> dict:
    """Each sentence's claims → the next sentence's, when the next carries on from it."""
    text = ctx.article.text
    sents = ctx.sentences()
    out = {}
    for a, b in zip(sents, sents[1:]):
        sa, sb = a[0].sentence, b[0].sentence
        if relate.follows(text, (sa.start, sa.end), (sb.start, sb.end)):
            out[(sa.start, sa.end)] = b
    return out


def endpoints(ctx, c: Claim, levels: dict[tuple, Claim]) -> tuple[Claim, Claim, str] | None:
    """(new, base, pairing): linked by the wording, else the base period's level of the same metric."""
    links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators}
    if "change_from" in links and "change_to" in links:
        new, base = links["change_to"], links["change_from"]
        # a lead's rate set against a later move by its metric (no words tie them): as strong as a match
        by_wording = any(cm.cue for cm in c.comparators if cm.relation == "change_from")
        return new, base, arith.linked(c, new, base) if by_wording else "matched"
    if c.change_basis in ("yoy", "qoq", "mom") and c.base_period and c.metric:
        new = links.get("change_to") or _followed(ctx, c)
        if new is None:
            # 第四季度…营收环比增长14.6%: the period's level printed elsewhere
            # (of the same qualified metric: a same-store rate is not the move of all sales)
            new = next((o for k, o in levels.items() if k[:3] == (c.entity, c.metric, c.period) and o.subject == c.subject), None) \
                if c.period else None
            if new is None:
                return None
        # the base of the same qualified metric: 扣非 net profit is not measured from 归母 net profit
        base = levels.get((c.entity, c.metric, c.base_period, new.quantity.unit, new.subject))
        if base is not None:
            return new, base, "matched"
    return None


def _followed(ctx, c: Claim) -> Claim | None:
    """The amount a rate describes: the one printed just before it in its sentence."""
    before = [o for o in ctx.sentence_of(c) if o.quantity.end <= c.quantity.start
              and o.kind in ("amount", "count") and o.metric == c.metric and o.entity == c.entity
              and not (c.base_period and o.period == c.base_period)]  # not the base it is measured from
    # 營收分别為a、b、c，增速分别為x、y、z: each year's rate describes that year's figure
    same = [o for o in before if c.period and o.period == c.period]
    before = same or [o for o in before if not (c.period and o.period and o.period != c.period)]
    return before[-1] if before else None


_SCALED = re.compile(r"[萬万億亿兆]|(?i:thousand|million|billion|trillion|\d\s*(?:bn|mn|m|b|k)\b)")


def _table_row(c) -> bool:
    return any(cm.relation == "change_from" and cm.cue == "table" for cm in c.comparators)


@rule("AR001")
def check(ctx):
    levels = _levels(ctx)
    following = None
    for c in ctx.claims:
        if c.kind != "change" or c.quantity.unit != "percent" or c.change_basis in ("gap", "vs-estimate"):
            continue
        ends = endpoints(ctx, c, levels)
        if ends is None:
            following = _following(ctx) if following is None else following
            ends = _next_sentence_pair(ctx, c, following)
        if ends is None:
            continue
        new, base, pairing = ends
        if new.id == base.id:
            continue
        if new.kind == "price" or base.kind == "price" or new.metric == "share_price":
            continue  # AR009 reads price moves
        if new.quantity.unit != base.quantity.unit or new.quantity.per_share != base.quantity.per_share:
            continue  # a rate runs between two figures of one unit, never from a total to a per-share figure
        if new.quantity.hi < 0 and base.quantity.hi < 0 and _table_row(c):
            # | 銷售成本 | (151,802) | -1.187% | (153,626) |: a table's change of a cost printed in brackets is of its size
            new, base = arith.magnitude(new), arith.magnitude(base)
        if not (arith.positive(arith.iv(new)) and arith.positive(arith.iv(base))):
            continue
        if not 1e-3 < new.quantity.value / base.quantity.value < 1e3 and _SCALED.search(new.quantity.text) \
                and not _SCALED.search(base.quantity.text):
            continue  # RM128.28 million from RM122: a base whose scale word was dropped or cut off, no growth to compute
        n, b = arith.Operand.of(new), arith.Operand.of(base)
        j = arith.judge(arith.growth_f, [n, b], arith.iv(c, signed=True))
        line = msg.t("AR001.line", new=new.quantity.text, base=base.quantity.text, rate=arith.pct_as(j.point, c))
        unit = new.quantity.unit
        yield arith.judged(
            j, c, [new, base], line=line, holds=msg.t("AR001.holds"), breaks=msg.t("AR001.breaks"),
            advice=msg.t("AR001.advice"), fmt=arith.pct_of, pairing=pairing,
            corner=lambda k: msg.t("AR001.line", new=arith.val(k[0], unit, new), base=arith.val(k[1], unit, base),
                                   rate=arith.pct(arith.growth_f(*k))),
            formula=msg.t("AR001.formula"), inputs={"new": new.id, "base": base.id},
            stated_interval=list(arith.iv(c, signed=True)),
        )

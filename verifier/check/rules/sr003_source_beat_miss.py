"""Beat and miss must agree with the published actual and the published estimate.

What it checks: a figure said to beat or top an estimate (``優於``,
``超越``, ``beat``, ``topped``) or to miss it or fall below (``低於``,
``missed``) is decided by the source tables: the published actual (or the
company's guidance, for a forecast) against the published analysts'
estimate or consensus row for the same entity, metric and period. A
guidance range that straddles the estimate needs review.

Why it matters: the article's own estimate may be misquoted, so checking
"beat" against the article's figures alone (AR007) is not enough; the
published consensus decides whether the company beat.

Example: ``每股稀釋盈餘1.95美元…優於…1.97美元`` is contradicted by the
published EPS of 1.95 and the FactSet consensus of 1.97; ``營益165-215億美元…
低於分析師預期的220.4億美元`` is supported by the guidance and LSEG's
22.04 billion.

How to fix: use wording that matches the published figures (``略低於``,
``missed``, ``in line with``), or correct the figure that was misquoted.
"""

from __future__ import annotations

from typing import Optional

from verifier import messages as msg
from verifier.check.registry import rule
from verifier.models import Claim, Comparator
from verifier.rounding import above as wholly_above
from verifier.sources.figures import cite, in_units, pct, published
from verifier.sources.findings import finding
from verifier.sources.judge import comparison_rows
from verifier.sources.match import Topic, factor, topic
from verifier.sources.verdicts import Judgement, uncertain


@rule("SR003")
def check(ctx):
    if ctx.sources is None:
        return
    for c in ctx.claims:
        for cm in c.comparators:
            target = ctx.by_id.get(cm.target)
            if cm.relation not in ("beat", "miss") or target is None:
                continue
            t = topic(ctx.sources, c)
            j = judge_comparison(c, cm, target, t) if t else None
            if j is not None:
                yield finding(j, [c, target])


def judge_comparison(c: Claim, cm: Comparator, target: Claim, t: Topic) -> Optional[Judgement]:
    """``優於``/``beat`` or ``低於``/``missed``: decided by the published actual (or guidance) and estimate."""
    sides = comparison_rows(c, target, t)
    if sides is None:
        return None
    s, e = sides.subject, sides.estimate
    ks, ke = factor(s.unit, c.quantity.unit), factor(e.unit, c.quantity.unit)
    S, E = s.scaled(ks), e.scaled(ke)
    ps, pe = published(s, c, ks), published(e, c, ke)
    beat = cm.relation == "beat"
    above, below = wholly_above(S.interval, E.interval), wholly_above(E.interval, S.interval)
    holds, broken = (above, below) if beat else (below, above)
    diff = S.value - E.value
    first = msg.t("source.part_value", part=msg.t("part.midpoint"), value=in_units(S.value, c)) if S.is_range else ps
    arithmetic = msg.t("SR003.line", actual=first, estimate=pe, diff=in_units(diff, c),
                       pct=msg.t("source.pct", pct=pct(diff / E.value * 100)) if E.value else "")
    said = msg.t("SR003.said", cue=msg.t("word.quote", text=cm.cue), side=msg.t("side.above" if beat else "side.below"))
    basis = msg.t(f"basis.{s.basis}")
    where = msg.t("SR003.where", basis=basis, actual=ps, cite_a=cite(s), estimate=pe, cite_e=cite(e))
    if holds:
        verdict, text = "supported", msg.t("SR003.agrees", said=said, where=where)
    elif broken:
        verdict, text = "contradicted", msg.t("SR003.contradicted", said=said, where=where, basis=basis,
                                              side=msg.t("side.below" if beat else "side.above"))
    else:
        side = msg.t("side.above" if S.value > E.value else "side.below" if S.value < E.value else "side.level")
        verdict = "needs-review"
        if S.is_range:
            text = msg.t("SR003.inside_range", said=said, estimate=pe, cite_e=cite(e), basis=basis, actual=ps, cite_a=cite(s), side=side)
        else:
            text = msg.t("SR003.equal", said=said, where=where)
    tol = msg.join([msg.t("source.stands_for", figure=ps, lo=in_units(S.lo, c), hi=in_units(S.hi, c)),
                    msg.t("source.stands_for", figure=pe, lo=in_units(E.lo, c), hi=in_units(E.hi, c))])
    return Judgement(verdict, text, (s, e), arithmetic, tol, uncertain(c, t, list(sides.notes), [s, e]),
                     advice=None if verdict == "supported" else msg.t("SR003.advice"))

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

from verifier.check.registry import rule
from verifier.models import Claim, Comparator
from verifier.rounding import above as wholly_above
from verifier.sources.figures import cite, in_row_units, pct, show_row
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
    S, E = s.scaled(factor(s.unit, c.quantity.unit)), e.scaled(factor(e.unit, c.quantity.unit))
    beat = cm.relation == "beat"
    above, below = wholly_above(S.interval, E.interval), wholly_above(E.interval, S.interval)
    holds, broken = (above, below) if beat else (below, above)
    diff = S.value - E.value
    first = f"midpoint {in_row_units(S.value, s)}" if S.is_range else show_row(s)
    arithmetic = f"{first} − {show_row(e)} = {in_row_units(diff, s)}" + (f" ({pct(diff / E.value * 100)})" if E.value else "")
    said = f"'{cm.cue}' ({'above' if beat else 'below'})"
    where = f"the published {s.basis} {show_row(s)} ({cite(s)}) and the published estimate {show_row(e)} ({cite(e)})"
    if holds:
        verdict, msg = "supported", f"{said} agrees with {where}."
    elif broken:
        verdict, msg = "contradicted", f"{said} is contradicted by {where}: the {s.basis} is {'below' if beat else 'above'} the estimate."
    else:
        side = "above" if S.value > E.value else "below" if S.value < E.value else "level with"
        verdict = "needs-review"
        if S.is_range:
            msg = (f"{said}: the published estimate {show_row(e)} ({cite(e)}) lies inside the published {s.basis} "
                   f"{show_row(s)} ({cite(s)}), whose midpoint is {side} it.")
        else:
            msg = f"{said}: {where} are equal within the precision they were printed at."
    tol = (f"{show_row(s)} stands for {in_row_units(S.lo, s)} to {in_row_units(S.hi, s)}; "
           f"{show_row(e)} stands for {in_row_units(E.lo, e)} to {in_row_units(E.hi, e)}")  # fmt: skip
    return Judgement(verdict, msg, (s, e), arithmetic, tol, uncertain(c, t, list(sides.notes), [s, e]),
                     advice=None if verdict == "supported" else "Use wording that matches the published figures (beat / 優於, missed / 低於, in line / 符合).")

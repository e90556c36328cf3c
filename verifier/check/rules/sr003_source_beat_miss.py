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

from verifier.check.registry import rule
from verifier.sources.findings import finding
from verifier.sources.judge import judge_comparison
from verifier.sources.match import topic


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

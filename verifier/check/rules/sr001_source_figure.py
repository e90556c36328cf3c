"""A figure must match the published figure for its entity, metric and period.

What it checks: each amount, price, count, share, estimate, guidance figure
or range whose entity and metric appear in a source table is compared with
the rows for its period: the actual figure, or the analysts' estimate for an
estimate (``預期``, ``consensus``), or the company's guidance for a forecast.
Both sides stand for the interval their printing allows (``2134億美元`` is
213.35–213.45 billion; ``213.4`` in a USD bn column the same), so a figure
is supported when the intervals meet, contradicted when they do not. A
figure equal to the estimate where the actual was expected (or the other
way round) needs review. When the tables have the entity and metric but not
the period, the figure is unverifiable and the finding lists the periods
they have; a figure with no rows at all gets no finding.

Why it matters: a figure that differs from the earnings release or the
statistics office is the error readers and companies notice first, and an
editor needs the published figure and its address to correct it.

Example: ``亞馬遜2025年Q4營收達2134億美元`` is supported by the release's
"$213.4 billion" (sources/amazon-q4-2025.csv, Business Wire, 2026-02-05);
``每股盈餘1.97美元`` for the actual EPS is contradicted by 1.95 and equals
the FactSet estimate, so it needs review.

How to fix: use the published figure, at the precision it was published,
or say that the figure is an estimate or guidance; if the table is wrong,
correct the table and keep its source and quote.
"""

from __future__ import annotations

from verifier.check.registry import rule
from verifier.sources.findings import judged
from verifier.sources.judge import judge_level

LEVEL_KINDS = {"amount", "price", "count", "share", "ratio", "estimate", "guidance", "range"}


@rule("SR001")
def check(ctx):
    yield from judged(ctx, LEVEL_KINDS, judge_level)

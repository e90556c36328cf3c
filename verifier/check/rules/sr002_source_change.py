"""A change must match the published change, or the change between published figures.

What it checks: a growth or fall (``年增14%``, ``up 24% year over year``,
``季增``), a change from a named base (``較2025年的1310億美元激增超過50%``), a
gap to the estimate (``超出市場預期50%以上``, ``下緣相差25%``), a percentage-
point change, a multiple or a CAGR is compared with a published change row
(column ``change``: yoy, qoq, cagr, vs-estimate, move) and with the change
computed from the level rows of both periods (Q4 2025 against Q4 2024 for
a yoy change in 2025-Q4) or from the figure and its estimate. For a range
of guidance the low end, midpoint and high end are each computed. Supported
when either agrees within the printed precision of every figure involved.

Why it matters: growth rates are the figures most often garbled in
rewriting (a 36% gap becomes "more than 50%", 13.6% growth becomes 16%),
and the article rarely prints both figures a reader would need to check.

Example: ``年增14%`` on Amazon's Q4 2025 revenue is supported by the
release's "increased 14%" and by 213.4 / 187.8 − 1 = 13.6%; ``超出市場預期
50%以上`` on the 2026 capex plan is contradicted: ~200 / 146.6 − 1 = 36%.

How to fix: recompute the change from the published figures, or quote the
change the source published, with its base period.
"""

from __future__ import annotations

from verifier.check.registry import rule
from verifier.sources.findings import judged
from verifier.sources.judge import judge_change

CHANGE_KINDS = {"change", "percentage_point_change", "cagr", "multiple"}


@rule("SR002")
def check(ctx):
    yield from judged(ctx, CHANGE_KINDS, judge_change)

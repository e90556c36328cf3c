"""A completion rate: the share of its target a figure reached (完成年初預算數60999萬元的40.4%).

Read for AR005: the figure printed right before the target, of the target's metric and unit,
over the target (a ``guidance`` claim the claims stage marked from data/cues.tsv budget_target).
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon


@lru_cache(maxsize=1)
def _of_target() -> re.Pattern:
    return re.compile(rf"\s*(?:{lexicon.alternation('zh', 'target_share_gap')})\s*")


def completions(ctx):
    """(share, actual, target) for every 完成…預算數X的Y% in the article."""
    text = ctx.article.text
    for sent in ctx.sentences():
        for i, t in enumerate(sent):
            if t.kind != "guidance" or not t.subject or i == 0 or i + 1 >= len(sent):
                continue
            actual, share = sent[i - 1], sent[i + 1]
            if (share.kind == "share" and share.quantity.unit == "percent" and actual.kind == "amount"
                    and actual.metric == t.metric and actual.quantity.unit == t.quantity.unit
                    and t.quantity.value > 0 and _of_target().fullmatch(text, t.quantity.end, share.quantity.start)):
                yield share, actual, t

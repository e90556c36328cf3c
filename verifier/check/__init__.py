"""The check stage: claims (and sources) → findings, by the rules of the codes table.

Each rule sees one ``Context`` (the article, its claims, the loaded source
tables) and yields ``Finding`` models; ``run_checks`` runs every check-stage
rule ``verifier/codes.py`` lists and numbers the findings in article order.
Rules live one per module in ``verifier/check/rules``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Optional

from verifier.check.registry import Rule, all_rules, get, rule
from verifier.models import Article, Claim, Finding

__all__ = ["Context", "Rule", "all_rules", "get", "rule", "run_checks"]


@dataclass
class Context:
    article: Article
    claims: list[Claim]
    sources: Any = None  # a verifier.sources index, or None when no tables are loaded
    extraction: Any = None  # the article's Extraction, for rules about what could not become a claim
    lang: Optional[str] = None  # the messages' language; None: the article's own
    tables: Any = None  # the article's tables (verifier.document.tables.Tables), for rules that read down a column
    by_id: dict[str, Claim] = field(init=False)
    _by_sentence: dict[tuple[int, int], list[Claim]] = field(init=False)
    _period_starts: Optional[list[int]] = field(init=False, default=None)

    def __post_init__(self):
        self.by_id = {c.id: c for c in self.claims}
        self._by_sentence = {}
        for c in self.claims:
            self._by_sentence.setdefault((c.sentence.start, c.sentence.end), []).append(c)

    def sentence_of(self, c: Claim) -> list[Claim]:
        """The claims of c's sentence, in order (rules look there, not at the whole article)."""
        return self._by_sentence[(c.sentence.start, c.sentence.end)]

    def linked(self, relation: str):
        """(claim, target) for every link of ``relation`` the claims stage made."""
        for c in self.claims:
            for cm in c.comparators:
                if cm.relation == relation:
                    yield c, self.by_id[cm.target]

    def periods_between(self, lo: int, hi: int) -> list:
        """The period mentions wholly inside [lo, hi), by bisection over their starts (a scan of all per
        figure was quadratic in long articles)."""
        if self.extraction is None:
            return []
        if self._period_starts is None:
            self._period_starts = [p.start for p in self.extraction.periods]
        periods = self.extraction.periods
        k = bisect.bisect_left(self._period_starts, lo)
        out = []
        while k < len(periods) and periods[k].start < hi:
            if periods[k].end <= hi:
                out.append(periods[k])
            k += 1
        return out

    def sentences(self) -> list[list[Claim]]:
        """The claims sentence by sentence, in article order."""
        return list(self._by_sentence.values())


def run_checks(ctx: Context) -> list[Finding]:
    """Every rule's findings, worded in ``ctx.lang`` or the article's language (``verifier.messages``)."""
    from verifier import messages

    found: list[tuple[int, str, str, Finding]] = []
    with messages.language(ctx.lang or ctx.article.language):
        for r in all_rules():
            for f in r.func(ctx):
                found.append((min((s.start for s in f.spans), default=0), r.code, r.name, f))
    found.sort(key=lambda x: (x[0], x[1]))
    return [f.model_copy(update={"id": f"f{i + 1}", "rule": code, "name": name}) for i, (_, code, name, f) in enumerate(found)]

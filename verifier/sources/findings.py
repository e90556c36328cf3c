"""Judgements become findings: the one place SR rules build ``Finding`` models."""

from __future__ import annotations

from verifier.models import Claim, Finding, Span
from verifier.sources.verdicts import Judgement

__all__ = ["finding"]


def finding(j: Judgement, claims: list[Claim]) -> Finding:
    return Finding(
        rule="",
        severity=j.severity,
        verdict=j.verdict,
        message=j.full_message(),
        spans=tuple(Span(start=c.quantity.start, end=c.quantity.end) for c in claims),
        claims=tuple(c.id for c in claims),
        evidence=j.evidence(),
        advice=j.advice,
    )


def judged(ctx, kinds, judge):
    """Findings of one source rule: each claim of ``kinds`` that has rows, judged by ``judge(claim, topic)``."""
    from verifier.sources.match import topic

    if ctx.sources is None:
        return
    for c in ctx.claims:
        if c.kind not in kinds:
            continue
        t = topic(ctx.sources, c)
        j = judge(c, t) if t else None
        if j is not None:
            yield finding(j, [c])

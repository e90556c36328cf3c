"""The claims stage: quantities plus their context become claims.

A claim is a quantity an editor could check: a bare count written as one
word (``一家``, ``one of``) is prose, not a claim, and is left out.
"""

from __future__ import annotations

from verifier.models import Article, Claim, Extraction, Quantity

__all__ = ["build_claims", "is_claimable"]


def is_claimable(q: Quantity) -> bool:
    if q.kind != "number":
        return True
    # a bare number: keep figures written in digits or with a scale; drop one-word counts
    if any(c.isdigit() for c in q.text):
        return True
    return abs(q.value) >= 10 and len(q.text) > 1


def _kind(q: Quantity) -> str:
    if q.low is not None:
        return "range"
    if q.kind == "percentage_point":
        return "percentage_point_change"
    if q.kind == "multiple":
        return "multiple"
    if q.kind in ("percent", "fraction"):
        return "share"
    if q.kind == "number":
        return "count"
    return "amount"


def _per_share_pairs(quantities: list[Quantity], text: str) -> list[Quantity]:
    """An unscaled amount listed beside a per-share figure (``1.95美元…與1.97美元``) is per share too."""
    out = list(quantities)
    for i, q in enumerate(out):
        if not q.per_share:
            continue
        iso = q.unit.split("/")[0]
        for j in range(i + 1, min(i + 4, len(out))):
            o = out[j]
            if o.per_share or o.unit != iso or "\n" in text[q.end : o.start] or "。" in text[q.end : o.start]:
                continue
            if 0 < o.value and o.value / q.value < 3 and q.value / o.value < 3 and o.value < 1000:
                out[j] = o.model_copy(update={"unit": q.unit, "per_share": True})
    return out


def build_claims(article: Article, extraction: Extraction) -> list[Claim]:
    claims = []
    quantities = _per_share_pairs([q for q in extraction.quantities if is_claimable(q)], article.text)
    for q in quantities:
        claims.append(Claim(id=f"c{len(claims) + 1}", quantity=q, kind=_kind(q)))
    return claims

"""The claims stage: quantities plus their context become claims.

A claim is a quantity an editor could check: a bare count written as one
word (``一家``, ``one of``) is prose, not a claim, and is left out.
"""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import cues
from verifier.document import Document, document_of, reading
from verifier.models import Article, Claim, Extraction, Quantity
from verifier.normalise import TIME_UNITS

__all__ = ["build_claims", "is_claimable"]


_COMPOUND = re.compile(r"\S+-[A-Za-z]+")
_AGE = re.compile(rf"(?:{lexicon.alternation('zh', 'age')}|(?i:{lexicon.alternation('en', 'age')}))$")  # data/wording_*.tsv


_POLLED = re.compile(rf"\s*(?:{lexicon.alternation('zh', 'respondents')}|(?i:{lexicon.alternation('en', 'respondents')})\b)")


def _polled(text: str, q: Quantity) -> bool:
    """``from 11 analysts polled``, 22位分析師: how many were asked, not a figure of what they were asked about."""
    return q.kind == "number" and q.unit == "dimensionless" and q.value < 1000 and bool(_POLLED.match(text, q.end))


_MARGIN = re.compile(r"[±]\s*$")


def _margin(text: str, q: Quantity) -> bool:
    """``0.3% (±1.3%)``: a statistical release's margin of error for the figure before, not a figure of its own."""
    return bool(_MARGIN.search(text, max(0, q.start - 3), q.start))


def is_claimable(q: Quantity) -> bool:
    if q.unit in TIME_UNITS and (not any(c.isdigit() for c in q.text) or _COMPOUND.fullmatch(q.text) or _AGE.search(q.text)):
        return False  # 五年, three years, a 10-year yield, 16-24岁: a span of time or an age in prose, not a figure to check
    if q.kind != "number":
        return True
    # a bare number: keep figures written in digits or with a scale; drop one-word counts
    if any(c.isdigit() for c in q.text):
        return True
    return abs(q.value) >= 10 and len(q.text) > 1


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
            a, b = abs(q.value), abs(o.value)  # a zero per-share figure gives no scale to compare with
            # "$0.04 per share, outperforming the estimate of $0.01": set against it, a wider ratio
            near = 10 if cues.find("beat", text, q.end, o.start) or cues.find("miss", text, q.end, o.start) else 3
            if a and b and b / a < near and a / b < near and b < 1000:
                out[j] = o.model_copy(update={"unit": q.unit, "per_share": True})
    return out


# the Chinese scale characters of 萬 and up (data/scales.tsv), and the yuan after one that makes the figure money
_LARGE_SCALES = "".join(k for k, (factor, where) in lexicon.scales().items() if where == "zh" and len(k) == 1 and factor >= 1e4)
_SCALE_END = re.compile(rf"[{_LARGE_SCALES}]$")
_MONEY_SCALE = re.compile(rf"[{_LARGE_SCALES}](?:{lexicon.alternation('zh', 'yuan')})")
_COUNTED = re.compile(lexicon.alternation("zh", "counter"))  # 2.18萬只基金: a count, never money (data/wording_zh.tsv)


def _bare_scaled(quantities: list[Quantity], text: str) -> list[Quantity]:
    """``整體支出為1139億，收入為634億`` after ``505億元``: a scaled figure with its 元 dropped, in a
    sentence that wrote the money out once, is in that money; one a measure word follows is counted."""
    out = list(quantities)
    for i, q in enumerate(out):
        if q.unit != "dimensionless" or not _SCALE_END.search(q.text) or _COUNTED.match(text, q.end):
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            o = out[j]
            if any(p in text[o.end : q.start] for p in "。\n"):
                break
            if o.unit not in ("dimensionless", "percent") and not o.per_share and _MONEY_SCALE.search(o.text):
                out[i] = q.model_copy(update={"unit": o.unit, "kind": o.kind})
                break
    return out


def build_claims(article: "Article | Document", extraction: Extraction) -> list[Claim]:
    """Claims of a Document (an Article is read into one first)."""
    from verifier.claims.build import build
    from verifier.claims.links import link
    from verifier.claims.lists import distribute

    doc = article if isinstance(article, Document) else document_of(article, masks=())
    quantities = _bare_scaled(_per_share_pairs([q for q in extraction.quantities if is_claimable(q) and not _polled(doc.text, q) and not _margin(doc.text, q)],
                                               doc.text), doc.text)
    with reading(doc):
        return link(doc.text, distribute(doc.text, build(doc, extraction, quantities)), doc.sentences)

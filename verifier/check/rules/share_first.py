"""AR005's reading of a share printed before its part, the whole named first as a frame:
``在10月的零售業總銷貨價值中，網上銷售佔12.0%，金額為36億元`` and ``Of the total, online sales
accounted for 12.0%, or $36 million``. The part is the amount right after the share; the whole is
the frame's metric (在…中) or, for ``of the total``, the one plain amount of the sentence before.
The frame words are in data/wording_zh.tsv (whole_frame_open, whole_frame_close) and
data/wording_en.tsv (whole_frame).

Also the whole a share names after it (占出口总值的60.3%, "29.9% of total exports"), which AR005
divides by and CN001 needs to know a part from its whole by."""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.claims import cues, words

_PART_REACH = 24  # characters from the share to its part: 網上銷售佔12.0%，金額為36億元


@lru_cache(maxsize=1)
def _zh_frame() -> re.Pattern:
    return re.compile(rf"(?:{lexicon.alternation('zh', 'whole_frame_open')})([^，,。；;\n]{{2,40}}?)"
                      rf"(?:{lexicon.alternation('zh', 'whole_frame_close')})\s*[，,]")


@lru_cache(maxsize=1)
def _en_frame() -> re.Pattern:
    return re.compile(rf"(?i:(?:{lexicon.alternation('en', 'whole_frame')}))\s*,")


def share_before(ctx, c):
    """The share an amount is printed right after, a few words between and no clause end (佔9.6%，金額為
    24億元, "accounted for 9.6%, or $24 million"): the amount is that share's part. None otherwise."""
    if c.kind != "amount":
        return None
    before = [o for o in ctx.sentence_of(c) if o.quantity.end <= c.quantity.start]
    if not before:
        return None
    s = before[-1]
    if s.kind != "share" or s.quantity.unit != "percent" or c.quantity.start - s.quantity.end > _PART_REACH \
            or _CLAUSE_END.search(ctx.article.text, s.quantity.end, c.quantity.start):
        return None
    return s


_CLAUSE_END = re.compile(r"[。；;]")


def shares_first(ctx, named_whole):
    """(share, part, whole) for each share read this way; ``named_whole(ctx, metric, part)`` finds the
    article's one figure for a whole named by its metric (AR005's)."""
    text = ctx.article.text
    for c in ctx.claims:
        if c.kind != "share" or c.quantity.unit != "percent":
            continue
        sent = ctx.sentence_of(c)
        if any(o.quantity.start < c.quantity.start and o.kind == "amount" for o in sent):
            continue  # a part printed before the share is the other readings' (占…的比重)
        after = [o for o in sent if o.quantity.start >= c.quantity.end]
        if not after or share_before(ctx, after[0]) is not c:
            continue
        part = after[0]
        whole = _whole(ctx, text, c, part, named_whole)
        if whole is not None:
            yield c, part, whole


def _whole(ctx, text, c, part, named_whole):
    head = text[c.sentence.start : c.quantity.start]
    if (m := _zh_frame().match(head)) is not None:
        named = words.metrics_between(text, c.sentence.start + m.start(1), c.sentence.start + m.end(1))
        return named_whole(ctx, named[-1][2], part) if named else None
    if _en_frame().match(head.lstrip()) is None:
        return None
    before = [o for o in ctx.claims if o.quantity.end <= c.sentence.start]
    if not before:
        return None
    cands = [o for o in ctx.sentence_of(before[-1]) if o.kind == "amount" and not o.subject and not o.forecast
             and o.quantity.unit == part.quantity.unit and o.quantity.value > part.quantity.value]
    found = {(o.quantity.lo, o.quantity.hi): o for o in cands}
    return next(iter(found.values())) if len(found) == 1 else None


_WORD = re.compile(r"\S+")
_QUALIFIER_WORD = re.compile(r"[a-z][a-z-]+\s+")
# "15.3% of net sales", "11.0%/sales": the whole named right after the share (data/wording_en.tsv)
_OF = re.compile(rf"(?:\s+(?i:{lexicon.alternation('en', 'whole_of')})\s+|\s*/\s*)"
                 rf"(?:(?i:{lexicon.alternation('en', 'whole_determiner')})\s+){{0,2}}")


def of_whole(text, c) -> tuple[str, str | None] | None:
    """(metric, qualifier) of the whole named right after a percentage by "of" (15.3% of net sales), if any;
    56% of recurrent spending: one qualifying word before the metric, and the whole is qualified alike."""
    m = _OF.match(text, c.quantity.end)
    if not m:
        return None
    if (metric := words.metric_at(text, m.end())) is not None:
        return metric, None
    for w in _WORD.finditer(text, m.start(), m.end()):
        # "of total trade": a determiner that begins the metric's own name (total trade)
        if (metric := words.metric_at(text, w.start())) is not None:
            return metric, None
    q = _QUALIFIER_WORD.match(text, m.end())
    if q is not None and (metric := words.metric_at(text, q.end())) is not None:
        return metric, q.group(0).strip()
    return None


def named_in(text, start, end) -> str | None:
    """The metric named between the share word and the share (占營業收入的比重為), if any."""
    named = words.metrics_between(text, start, end)
    return named[-1][2] if named else None


def part_of_named_whole(ctx, o, metric) -> bool:
    """中欧贸易额3万亿元，占我国外贸总值的15%: a figure its own sentence states as a share of the named
    whole is a part of that whole, never the whole (so a later partner's share is not taken of it)."""
    text = ctx.article.text
    sent = ctx.sentence_of(o)
    for s in sent:
        if s.kind != "share" or s.quantity.start <= o.quantity.end \
                or any(a.kind == "amount" and o.quantity.end <= a.quantity.start < s.quantity.start for a in sent):
            continue
        cue = cues.last("share", text, max(o.quantity.end, s.quantity.start - 30), s.quantity.start + 1)
        if (cue and named_in(text, cue.end(), s.quantity.start) == metric) or (of_whole(text, s) or (None,))[0] == metric:
            return True
    return False

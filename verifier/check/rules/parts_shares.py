"""AR004's reading of a breakdown in shares: ``按製程分，3奈米占23%，5奈米37%，7奈米14%，其他26%``,
"By region, North America made up 45%, Asia 35% and Europe 20%". The shares of one breakdown are
disjoint parts of one whole, so they cannot add up to more than 100%; a list closed by "other"
(其他, the rest) is all of the whole, so it must add up to 100%."""

from __future__ import annotations

import re

from verifier import lexicon
from verifier import messages as msg
from verifier.check import arith
from verifier.check.rules.parts_sums import sentences as _sentences
from verifier.check.rules.share_first import named_in
from verifier.claims import cues

_W = lexicon.alternation
# the breakdown opens the sentence or a clause after a semicolon, naming its basis (data/wording_*.tsv
# breakdown_basis): 按製程分， 依地區區分， 從應用別來看， By region, (not 從今年來看, By the end of the year)
_OPEN_ZH = re.compile(rf"[^，,。；;\d]{{0,12}}?(?:{_W('zh', 'breakdown_lead')})[^，,。；;\d]{{0,6}}?(?:{_W('zh', 'breakdown_basis')})"
                      rf"[^，,。；;\d]{{0,3}}?(?:{_W('zh', 'breakdown_tail')})\s*[，,：:]")
_OPEN_EN = re.compile(rf"\s*(?i:(?:{_W('en', 'breakdown_open')})\s+(?:[a-z-]+\s+)?(?:{_W('en', 'breakdown_basis')}))\s*[,:]")
_REST = re.compile(rf"(?:{_W('zh', 'remainder_item')})|(?i:\b(?:{_W('en', 'remainder_item')})\b)")
_ITEM_BREAK = re.compile(r"[，,、；;]|\band\b")


def shares_of_breakdowns(ctx):
    text = ctx.article.text
    _, sentences = _sentences(ctx)
    for sent in sentences:
        s0, s1 = sent[0].sentence.start, sent[0].sentence.end
        # a list runs from its opening to the next semicolon: 按製程分，…；以應用別區分，… are two lists
        starts = [s0] + [m.end() for m in _SEMI.finditer(text, s0, s1)]
        for a, b in zip(starts, starts[1:] + [s1]):
            opening = _OPEN_ZH.match(text, a) or _OPEN_EN.match(text, a)
            if opening is not None:
                yield from _judge(ctx, text, sent, opening, b)


def _judge(ctx, text, sent, opening, end):
    shares = []
    for c in sent:
        if c.kind != "share" or c.quantity.unit != "percent" or not opening.end() <= c.quantity.start < end:
            continue
        if cues.find("total", text, shares[-1].quantity.end if shares else opening.end(), c.quantity.start):
            break  # 合計先進製程占比達74%: a subtotal of the items before, not another item
        shares.append(c)
    if len(shares) < 3 or len({c.period for c in shares}) > 1 or any(
            c.comparators or c.quantity.hedge in ("more_than", "at_least", "less_than", "at_most") for c in shares):
        return
    if cues.find("split", text, opening.end(), shares[-1].quantity.start) or any(
            c.kind in ("change", "percentage_point_change", "ratio") and c.quantity.unit in ("percent", "percentage_point")
            for c in sent if shares[0].quantity.start < c.quantity.start < shares[-1].quantity.start):
        return  # 其中 / including: a part of a part; a rate between the shares: another list
    items = [text[(p.quantity.end if p else opening.end()) : c.quantity.start] for p, c in zip([None, *shares], shares)]
    # each share its own item (a break before it); none shared by several (物聯網、車用各5%)
    if not all(_ITEM_BREAK.search(item) for item in items[1:]) or any(_EACH.search(item) or _EACH_AFTER.match(text, c.quantity.end)
                                                                      for item, c in zip(items, shares)):
        return
    wholes = {named_in(text, c.quantity.start - len(item), c.quantity.start) for item, c in zip(items, shares)} - {None}
    if len(wholes) > 1:
        return  # 占營收45%，占獲利60%: shares of two wholes
    ops = [arith.Operand.of(c) for c in shares]
    lo, hi, point = sum(o.lo for o in ops), sum(o.hi for o in ops), sum(o.value for o in ops)
    rest = _REST.search(items[-1])
    cue = text[opening.start() : opening.end()].strip(" ，,：:")
    line = " + ".join(c.quantity.text for c in shares) + f" = {point:.{_decimals(shares)}f}%"
    ev = dict(formula=msg.t("AR004.formula_shares"), computed=point, computed_interval=[lo, hi], arithmetic=line)
    if lo > 100:
        yield arith.finding("error", "contradicted", msg.t("AR004.shares_over", line=line, cue=cue), shares,
                            advice=msg.t("AR004.advice_shares"), **ev)
    elif rest is not None and hi <= 100:
        yield arith.finding("error", "contradicted", msg.t("AR004.shares_short", line=line, cue=cue, rest=rest.group(0)), shares,
                            advice=msg.t("AR004.advice_shares"), **ev)
    elif rest is not None or lo <= 100 < hi:
        yield arith.finding("info", "supported", msg.t("AR004.shares_hold", line=line, cue=cue), shares, **ev)


_SEMI = re.compile(r"[；;]")
_EACH = re.compile(rf"(?:{_W('zh', 'each')})\s*$|(?i:\b(?:{_W('en', 'each')})\s*$)")
_EACH_AFTER = re.compile(rf"\s*(?i:(?:{_W('en', 'each')})\b)")


def _decimals(shares) -> int:
    return max((len(c.quantity.text.split(".")[1].rstrip("%％ ")) if "." in c.quantity.text else 0) for c in shares)

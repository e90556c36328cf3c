"""A share or margin must equal its part divided by its whole.

What it checks: a share (``占营收的4.8%``, ``accounts for 30% of``) against
the two figures of the same unit in its sentence (part and whole); a margin
(``營益率``, ``operating margin``) against the article's income and revenue
figures for the same entity and period.

Why it matters: shares are usually computed by the writer, and a share that
does not follow from the printed figures undermines both.

Example: ``cloud revenue of $30bn, 25% of total revenue of $120bn`` passes;
``…30% of total revenue of $120bn`` is flagged.

How to fix: recompute the share from the part and the whole.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from verifier import aliases
from verifier import messages as msg
from verifier.check import arith
from verifier import lexicon
from verifier.check.registry import rule
from verifier.check.rules.share_first import named_in, of_whole, part_of_named_whole, shares_first
from verifier.check.rules.share_structure import ratios_to_one, structures
from verifier.check.rules.share_target import completions
from verifier.fold import fold
from verifier.claims import cues, words



def _compare(c, part, whole, formula, pairing="clause", exact=False):
    """``exact``: counted things (240家公司), each figure exact as printed, not rounded."""
    j = arith.judge(arith.ratio_f, [arith.Operand.of(part, exact=exact), arith.Operand.of(whole, exact=exact)], arith.iv(c))
    line = msg.t("AR005.line", part=part.quantity.text, whole=whole.quantity.text, share=arith.pct2(j.point))
    unit = part.quantity.unit
    return arith.judged(
        j, c, [part, whole], line=line, holds=msg.t("AR005.holds"), breaks=msg.t("AR005.breaks"),
        advice=msg.t("AR005.advice"), fmt=arith.pct2,
        corner=lambda k: msg.t("AR005.line", part=arith.val(k[0], unit, part), whole=arith.val(k[1], unit, whole),
                               share=arith.pct2(arith.ratio_f(*k))),
        pairing=pairing, formula=formula)


@rule("AR005")
def check(ctx):
    text = ctx.article.text
    count_wholes: dict[str, object] = {}  # counter word → the whole a list of count shares is of, this article
    yield from structures(ctx, lambda c, part, whole, formula: _compare(c, part, whole, formula, "matched"), msg.t("AR005.formula_share"))
    for r, a, b in ratios_to_one(ctx):
        j = arith.judge(lambda x, y: x / y, [arith.Operand.of(a), arith.Operand.of(b)], arith.iv(r))
        line = msg.t("AR005.line", part=a.quantity.text, whole=b.quantity.text, share=f"{j.point:.2f}")
        yield arith.judged(j, r, [a, b], line=line, holds=msg.t("AR005.holds"), breaks=msg.t("AR005.breaks"),
                           advice=msg.t("AR005.advice"), fmt=lambda x: f"{x:.2f}", pairing="matched", formula=msg.t("AR005.formula_share"))
    done = set()
    for c, part, whole in completions(ctx):
        done.add(c.id)  # 完成年初預算數60999萬元的40.4%: the figure before over its target
        yield _compare(c, part, whole, msg.t("AR005.formula_share"))
    for c, part, whole in shares_first(ctx, _named_whole):
        # 在…零售業總銷貨價值中，網上銷售佔12.0%，金額為36億元: the share first, its part after, the whole framed before
        done.add(c.id)
        yield _compare(c, part, whole, msg.t("AR005.formula_share"), "clause" if whole.sentence == c.sentence else "matched")
    for c in ctx.claims:
        if c.quantity.unit != "percent" or c.id in done:
            continue
        of = None
        if c.kind == "ratio" and c.metric in lexicon.margins():
            part = _find(ctx, c, lexicon.margins()[c.metric])
            whole = _find(ctx, c, "revenue")
            if part and whole and whole.quantity.unit == part.quantity.unit:
                together = part.sentence == c.sentence == whole.sentence
                f = _compare(c, part, whole, msg.t("AR005.formula_margin", margin=msg.metric(c.metric),
                                                   part=msg.metric(lexicon.margins()[c.metric]), whole=msg.metric("revenue")),
                             "clause" if together else "matched")
                # 歸母淨利潤, normalized net income: a margin may be of the whole net profit instead, so
                # a mismatch says nothing; a match confirms the reading
                if f.verdict == "supported" or not cues.last(
                        "attributable", text, max(part.sentence.start, part.quantity.start - 20), part.quantity.start):
                    yield f
            continue
        if c.kind in ("share", "ratio") and c.metric in lexicon.ratios():
            # 資產負債率57.1%, "the unemployment rate was 4.8%": the named numerator over the named
            # denominator, each the one figure of its metric for the rate's entity and period
            num, den = (_one_of(ctx, c, m) for m in lexicon.ratios()[c.metric])
            if num is not None and den is not None and num.quantity.unit == den.quantity.unit and den.quantity.value > 0:
                together = num.sentence == c.sentence == den.sentence
                yield _compare(c, num, den, msg.t("AR005.formula_margin", margin=msg.metric(c.metric), part=msg.metric(num.metric),
                                                  whole=msg.metric(den.metric)), "clause" if together else "matched")
            continue
        if c.kind in ("share", "change") and (of := of_whole(text, c)) is not None \
                and (found := list(_share_of_named(ctx, c, *of))):
            # "$25.7 million, or 15.3% of net sales", "representing 19.0% of sales": the figure before
            # over the whole named after "of", printed beside it or elsewhere
            yield from found
            continue
        if c.kind == "share" and c.metric and (named := _whole_before(text, c)) not in (None, c.metric) \
                and not any(o.kind == "amount" for o in ctx.sentence_of(c)):
            # "Adjusted EBITDA, as a percent of net revenue, was 13.9%": the sentence's metric over the whole it
            # names, both printed earlier for the same period
            part, whole = _find(ctx, c, c.metric), _find(ctx, c, named)
            if part is not None and whole is not None and part.quantity.unit == whole.quantity.unit and whole.quantity.value > 0:
                yield _compare(c, part, whole, msg.t("AR005.formula_share"), "matched")
            continue
        cue = cues.last("share", text, max(c.sentence.start, c.quantity.start - 30), c.quantity.start + 1)
        if c.kind == "share" and not cue and (found := _apposed(ctx, text, c)) is not None:
            # "Cloud revenue was $3.2 billion, or 26.7% (of the total)": the part before, over its whole
            yield _compare(c, *found)
            continue
        if c.kind != "share" or not cue:
            continue
        if any(o is not c and o.kind == "share" and cue.end() <= o.quantity.start < c.quantity.start for o in ctx.sentence_of(c)):
            continue  # 約占四分之三，…課徵百分之一百稅率: the share word is the figure's before, not this one's
        # the amounts this share can be of: before it, and after any share before it (社福8,000億元，占比26.7%，
        # 教育6,000億元，占比20.0%: the first item is the second share's sibling, not its whole)
        since = max([c.sentence.start] + [o.quantity.end for o in ctx.sentence_of(c) if o.kind in ("share", "ratio")
                     and o.quantity.unit == "percent" and o.quantity.end <= c.quantity.start and o is not c])
        amounts = [o for o in ctx.sentence_of(c) if o.kind == "amount" and o.quantity.unit not in ("percent",)
                   and since <= o.quantity.start and o.quantity.end <= c.quantity.start]
        if not amounts:
            # 共有118家…其中有109家…占比為92.37%: two counts of one thing (the same counter word)
            counts = [o for o in ctx.sentence_of(c) if o.kind == "count" and o.quantity.end <= c.quantity.start]
            word = arith.counted(text, counts[-1]) if counts else ""
            counts = [o for o in counts if word and arith.counted(text, o) == word]
            if len(counts) == 1 and (whole := _earlier_count(ctx, text, c, counts[0], word, count_wholes)) is not None:
                # 3072家公司…占披露企业总数的57.41%: the whole counted in an earlier sentence (5351家上市公司)
                yield _compare(c, counts[0], whole, msg.t("AR005.formula_share"), "matched",
                               exact=not (counts[0].quantity.hedge or whole.quantity.hedge))
                continue
            if len(counts) == 2:
                part, whole = sorted(counts, key=lambda o: o.quantity.value)
                if part.quantity.value > 0 and whole.quantity.value > part.quantity.value:
                    exact = not (part.quantity.hedge or whole.quantity.hedge)
                    yield _compare(c, part, whole, msg.t("AR005.formula_share"), exact=exact)
            continue
        # the share word is this figure's: after the percent figure before it (…占比26.7%，其次為…6,000億元，占比20.0%)
        reach = max([c.sentence.start, c.quantity.start - 30] + [o.quantity.end for o in ctx.sentence_of(c)
                     if o.quantity.unit == "percent" and o.quantity.end <= c.quantity.start and o is not c])
        first = cues.find("share", text, reach, c.quantity.start + 1)[0]
        # the whole named before the share (占營收的4.8%) or after it ("equal to 2.2% of goods imports")
        named = named_in(text, first.end(), c.quantity.start) or (of[0] if of else None)
        before = [o for o in amounts if o.quantity.end <= first.start()]
        if named is None and len(amounts) == 1 and before and (whole := _part_of_target(ctx, text, first, c, before[-1])):
            # 利润总额5万亿元。其中，制造业4万亿元，占比80%: a share that names no whole, of a part after
            # 其中, is of the total the part is in
            yield _compare(c, before[-1], whole, msg.t("AR005.formula_share"), "clause" if whole.sentence == c.sentence else "linked")
            continue
        if named is None and len(amounts) == 1 and before:
            # 電子零組件152.2億美元(占比38.5%): a share that names no whole is of its part's metric, all of it
            named = _list_whole(ctx, text, c) or (before[-1].metric if not text[first.end() : c.quantity.start].strip(" 為为是約约") else None)
        if before and (len(amounts) == 1 or (named and named not in {o.metric for o in amounts})):
            # 液態奶收入108.6億元，占營業收入的比重為62.3%, 合計派現9.48億元，占歸母淨利潤的44.4%:
            # the part is the figure before the share word, the whole the one it names, printed elsewhere
            whole = _named_whole(ctx, named, before[-1], text[first.end() : c.quantity.start]) \
                or _labelled_whole(ctx, text, first.end(), c, before[-1])
            if whole is not None:
                yield _compare(c, before[-1], whole, msg.t("AR005.formula_share"), "matched")
            continue
        if len(amounts) > 2 and len(before) == 2 and named_in(text, first.end(), c.quantity.start) is not None:
            amounts = before  # …合共達3294億元，佔經常開支59%，非經常開支則…693億元: the figures after are another item's
        units = {o.quantity.unit for o in amounts}
        if len(amounts) != 2 or len(units) != 1:
            continue
        part, whole = sorted(amounts, key=lambda o: o.quantity.value)
        if not _named_whole_is(text, first.end(), c.quantity.start, whole, c.subject):
            # 網上零售額12271億元…其中實物商品網上零售額9073億元，占社會消費品零售總額的比重為14.9%: the whole
            # it names is not the figure printed beside it, but the one the article prints for that name
            named = named_in(text, first.end(), c.quantity.start)
            if named and (other := _named_whole(ctx, named, part)) is not None \
                    and other is not whole and _named_whole_is(text, first.end(), c.quantity.start, other, c.subject):
                yield _compare(c, part, other, msg.t("AR005.formula_share"), "matched")
            continue
        if whole.quantity.value > 0:
            yield _compare(c, part, whole, msg.t("AR005.formula_share"))


_CLAUSE_END = re.compile(r"\s*(?:[,.;:)），。；]|$)")


def _apposed(ctx, text, c):
    """(part, whole, formula, pairing) for a share set in apposition after its part by "or"
    (data/cues.tsv apposed_share), naming no whole or only its own metric's total (whole_after).
    The whole is the total the part is a part of (Of that, …), or, for a part its words qualify
    (cloud revenue) or a share that says "of the total", the article's one figure of the part's
    metric, unqualified, for the part's entity and period."""
    before = [o for o in ctx.sentence_of(c) if o.quantity.end <= c.quantity.start and o is not c]
    if not before or before[-1].kind != "amount" or before[-1].quantity.unit == "percent":
        return None
    part = before[-1]
    hit = cues.first("apposed_share", text, part.quantity.end, c.quantity.start)
    if hit is None or text[part.quantity.end : hit.start()].strip(" ,") or text[hit.end() : c.quantity.start].strip():
        return None
    named = cues.first("whole_after", text, c.quantity.end, c.quantity.end + 30)
    if named is not None and not text[c.quantity.end : named.start()].strip():
        if not _CLAUSE_END.match(text, named.end()):
            return None  # "or 26.7% of all shares sold": a whole of its own words
    elif not _CLAUSE_END.match(text, c.quantity.end):
        return None
    else:
        named = None
    formula = msg.t("AR005.formula_share")
    for cm in part.comparators:
        if cm.relation in ("part_of", "part_of_all") and (w := ctx.by_id.get(cm.target)) is not None and w.kind == "amount" \
                and w.quantity.unit == part.quantity.unit and w.quantity.value > part.quantity.value:
            return part, w, formula, "clause" if w.sentence == c.sentence else "linked"
    if part.comparators or part.metric is None or not (named or part.subject):
        return None  # "Net income was $3.2 billion, or 26.7%": of revenue, perhaps; the words do not say
    whole = _named_whole(ctx, part.metric, part)
    if whole is None:
        return None
    return part, whole, formula, "clause" if whole.sentence == c.sentence else "matched"


def _part_of_target(ctx, text, cue, c, part):
    """The total ``part`` is the 其中 part of, when the share's words name nothing (占比80%)."""
    if text[cue.end() : c.quantity.start].strip(" 為为是約约達达"):
        return None
    for cm in part.comparators:
        if cm.relation == "part_of" and (w := ctx.by_id.get(cm.target)) is not None and w.kind == "amount" \
                and w.quantity.unit == part.quantity.unit and w.quantity.value > part.quantity.value and w.metric == part.metric:
            return w
    return None


def _list_whole(ctx, text, c, hops: int = 4) -> str | None:
    """The whole an item of a list of shares is a share of, named by the list's first item:
    教科文歲出3536億元，占總支出的20.3%；社福支出3253億元，占18.7%；… (items end in a semicolon)."""
    pos = _positions(ctx)
    i = pos[c.id]
    for _ in range(hops):
        start = ctx.sentence_of(ctx.claims[i])[0]
        k = pos[start.id]
        if k == 0 or text[: start.sentence.start].rstrip()[-1:] not in ";；":
            return None
        prev = ctx.sentence_of(ctx.claims[k - 1])
        share = next((o for o in reversed(prev) if o.kind == "share" and o.quantity.unit == "percent"), None)
        if share is None:
            return None
        cue = cues.find("share", text, max(share.sentence.start, share.quantity.start - 30), share.quantity.start + 1)
        if not cue:
            return None
        named = named_in(text, cue[0].end(), share.quantity.start)
        if named is not None:
            return named
        i = pos[share.id]
    return None


def _positions(ctx) -> dict[str, int]:
    """claim id → its place in the article: built once per article (kept on the context)."""
    got = getattr(ctx, "_ar005_positions", None)
    if got is None:
        got = {o.id: i for i, o in enumerate(ctx.claims)}
        object.__setattr__(ctx, "_ar005_positions", got)
    return got


_SHARE_OF = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'share_of')})\s+(?:(?:{lexicon.alternation('en', 'whole_qualifier')})\s+)?)")


def _whole_before(text, c) -> str | None:
    """The whole a share names before its figure in its sentence: "as a percent of net revenue, was 13.9%"."""
    hits = list(_SHARE_OF.finditer(text, c.sentence.start, c.quantity.start))
    return words.metric_at(text, hits[-1].end()) if hits else None


def _share_of_named(ctx, c, metric, qualifier):
    sent = ctx.sentence_of(c)
    bases = {cm.target for o in sent for cm in o.comparators if cm.relation == "change_from"}
    before = [o for o in sent if o.kind == "amount" and o.quantity.end <= c.quantity.start and o.quantity.unit != "percent"
              and (o.metric != metric or o.subject) and o.id not in bases]  # not the base: "$32.0 million, up 5.1% from $30.5 million, 19.0% of sales"
    if c.period:
        before = [o for o in before if o.period == c.period] or before
    if not before:
        return
    part = before[-1]
    beside = [o for o in sent if o.kind == "amount" and o.metric == metric and o.subject == qualifier and o is not part
              and o.quantity.unit == part.quantity.unit]
    if len(beside) > 1:
        return  # the whole for two periods in one sentence: which is this share's is the period reading's guess
    if len(beside) == 1:
        if beside[0].period == part.period:
            yield _compare(c, part, beside[0], msg.t("AR005.formula_share"))
        return
    whole = _named_whole(ctx, metric, part)
    if whole is not None:
        yield _compare(c, part, whole, msg.t("AR005.formula_share"), "matched")


_TOTAL_COUNT = re.compile(rf"(?:{lexicon.alternation('zh', 'total_count')})")


def _earlier_count(ctx, text, c, part, word, wholes):
    """The count a share of counted things is of, printed in an earlier sentence of its paragraph: named
    by the share (占…总数的) or, for the list items after it (；2731家…占比为51.04%), the one it named."""
    start = text.rfind("\n", 0, c.sentence.start) + 1
    if _TOTAL_COUNT.search(text, c.sentence.start, c.quantity.start):
        earlier = [o for o in ctx.claims if o.kind == "count" and start <= o.quantity.start < c.sentence.start
                   and arith.counted(text, o) == word and o.quantity.value > part.quantity.value]
        wholes[word] = earlier[-1] if earlier else None
    whole = wholes.get(word)
    if whole is None or whole.quantity.start < start or whole.quantity.value <= part.quantity.value:
        return None
    return whole


def _named_whole_is(text, start, end, whole, subject=None) -> bool:
    """A whole named between the share word and the share (占营收的4.8%) must be the printed whole's
    metric, qualified as it is (佔經常開支59% of 經常開支5602億元; 集中市場 and 全體上市股票 are one
    qualifier, the share's own); where none is named, the printed whole stands."""
    named = named_in(text, start, end)
    return named is None or (named == whole.metric and (not whole.subject or whole.subject == subject
                                                         or fold(whole.subject) in fold(text[start:end])))


_LABEL_MATCH = 88  # rapidfuzz ratio: 全體上市股票交易金額 against 全體上市股票成交金額 is 90


def _labelled_whole(ctx, text, cue_end, c, part):
    """占全體上市股票交易金額22.42%: the whole named by words, not a metric, is the one earlier figure in
    the part's unit whose own label (the words before it in its clause) reads the same, nearly."""
    name = words.label(text, cue_end, c.quantity.start)
    if len(name) < 4:
        return None
    found = {}
    for o in ctx.claims:
        if o.quantity.start >= part.quantity.start:
            break
        if (o.kind != "amount" or o.quantity.unit != part.quantity.unit or o.quantity.value <= part.quantity.value
                or o.quantity.low is not None):
            continue
        if fuzz.ratio(name, words.label_before(text, o.sentence.start, o.quantity.start)) >= _LABEL_MATCH:
            found[(o.quantity.lo, o.quantity.hi)] = o
    return next(iter(found.values())) if len(found) == 1 else None


def _named_whole(ctx, metric, part, naming: str = ""):
    """The one figure in the article for the named whole: the same entity's unqualified (or qualified
    as the share's own words name it: 相等於商品進口貨值的9.4%), reported
    (not forecast, not a base restated a year back) metric in the part's unit, for the part's
    period, or where the part has none, for the period the article first reports it for."""
    if metric is None:
        return None
    owners = {part.entity}
    if part.entity and _MARKET_WHOLE.search(naming):
        # 台積電成交值…占大盤成交值的17.94%: the whole is the market's, printed with no company or for its index
        owners = {e for m, e in _amounts_of(ctx) if m == metric and (e is None or aliases.kind_of(e) == "index")}
    cands = [o for e in owners for o in _amounts_of(ctx).get((metric, e), ())
             if o.kind == "amount" and o.metric == metric and (not o.subject or o.subject in naming) and o.entity in owners
             and o.quantity.unit == part.quantity.unit and o.quantity.value > part.quantity.value
             and not (o.forecast and o.period) and "@" not in (o.period or "")
             and not (o.base_period and o.base_period == o.period)
             and not any(cm.relation in ("part_of", "part_of_all") for cm in o.comparators)  # 其中…: a part, not the whole
             # the whole a share names is printed before it: a later figure of the metric is another item
             and (o.quantity.start < part.quantity.start or o.sentence == part.sentence)
             and not part_of_named_whole(ctx, o, metric)]
    if any(o.period for o in cands) or part.period is not None:
        cands = [o for o in cands if o.period and not o.forecast]
    # else an article that dates none of its figures (a budget's 明年度): the one figure it prints
    # for the whole, if it prints exactly one
    if part.period is not None:
        cands = [o for o in cands if o.period == part.period]
    elif cands:
        lead = cands[0].period  # the period the article reports first: the one it is about
        cands = [o for o in cands if o.period == lead]
    found = {(o.quantity.lo, o.quantity.hi): o for o in cands}
    return next(iter(found.values())) if len(found) == 1 else None


_MARKET_WHOLE = re.compile(rf"(?:{lexicon.alternation('zh', 'market_whole')})|(?i:\b(?:{lexicon.alternation('en', 'market_whole')})\b)")


def _amounts_of(ctx) -> dict:
    """(metric, entity) → the article's amounts, in order: built once per article (kept on the context)."""
    got = getattr(ctx, "_ar005_amounts", None)
    if got is None:
        got = {}
        for o in ctx.claims:
            if o.kind == "amount":
                got.setdefault((o.metric, o.entity), []).append(o)
        object.__setattr__(ctx, "_ar005_amounts", got)
    return got


def _find(ctx, c, metric):
    for o in ctx.claims:
        # a forecast margin (毛利率預估介於35%至38%) is of forecast figures, not of the quarter reported
        if o.kind == "amount" and o.metric == metric and o.entity == c.entity and o.period == c.period and o.forecast == c.forecast:
            return o
    return None


def _one_of(ctx, c, metric):
    """The one printed figure of ``metric`` in the rate's sentence (资产总计…负债合计…资产负债率为…), else the
    one for the rate's entity and period, unqualified."""
    text, start = ctx.article.text, c.sentence.start
    while text[:start].rstrip()[-1:] in ("；", ";") and (before := [o.sentence.start for o in ctx.claims if o.sentence.end <= start]):
        start = max(before)  # …资产总计…；负债合计…；资产负债率为…: one sentence in a reader's eyes
    beside = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims if start <= o.sentence.start <= c.sentence.start
              if o.kind in ("amount", "count") and o.metric == metric and not o.forecast and o.quantity.low is None
              and not any(cm.relation in ("part_of", "part_of_all") for cm in o.comparators)}
    if len(beside) == 1:
        return next(iter(beside.values()))
    found = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
             if o.kind in ("amount", "count") and o.metric == metric and not o.subject and o.entity == c.entity
             and o.period == c.period and not o.forecast and not o.comparators and o.quantity.low is None}
    return next(iter(found.values())) if len(found) == 1 else None

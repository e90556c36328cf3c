"""A price move must take the price from where it was to where it is said to be.

What it checks: ``fell 5% to $95 from $100``, ``股價由120元跌10%至108元``: the
stated percentage against the two prices, P_new = P_old × (1 ± X%). And the
market-report form that gives the size of the move beside its percentage,
``settled at $73.41, down 71 cents, or 1%``, ``收在1,460元，上漲15元，漲幅1.04%``:
X% = move / (P_new ∓ move).

Why it matters: market copy is written fast and against the clock; the
percentage and the price often come from different feeds.

Example: ``shares fell 11% to $197.99 from $222.69`` passes (−11.1%);
``fell 15% to $197.99 from $222.69`` is flagged; ``added 123.74 points, or
3%, to 44,296.51`` is flagged (the move is 0.28%).

How to fix: recompute the move from the two prices.
"""

from __future__ import annotations

import re

from verifier import aliases, lexicon
from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.claims import cues, relate, words
from verifier.claims.kinds import move_in_percent, span_named


_W = lexicon.alternation
# "down 87.6 points at 5970.1, a 1.45% decline", "跌386點至25,000點，跌幅1.5%": the move, the level it
# reached, then the move in percent
_AT_LEVEL = re.compile(rf"\s*(?:(?i:{_W('en', 'index_points')})|{_W('zh', 'index_points')})?\s*[,，]?\s*"
                       rf"(?:(?i:\b(?:{_W('en', 'level_after_move')})\b)|{_W('zh', 'level_after_move')})\s*")
_THEN_PERCENT = re.compile(rf"\s*(?:(?i:{_W('en', 'index_points')})|{_W('zh', 'index_points')})?\s*[,，]\s*"
                           rf"(?:(?i:\b(?:{_W('en', 'percent_apposition')})\b)|(?P<span>{_W('zh', 'move_span')})?(?:{_W('zh', 'move_in_percent')})\s*(?:{_W('zh', 'copula')})?)?\s*")


@rule("AR009")
def check(ctx):
    for c in ctx.claims:
        if c.kind != "change" or c.quantity.unit != "percent":
            continue
        links = {cm.relation: ctx.by_id[cm.target] for cm in c.comparators}
        new, base = links.get("change_to"), links.get("change_from")
        if not new or not base:
            continue
        if not (new.kind == "price" or base.kind == "price" or new.metric == "share_price"):
            continue
        if base.quantity.value <= 0:
            continue
        j = arith.judge(arith.growth_f, [arith.Operand.of(new), arith.Operand.of(base)], arith.iv(c, signed=True))
        line = msg.t("AR009.line", old=base.quantity.text, new=new.quantity.text, move=arith.pct(j.point))
        unit = new.quantity.unit
        yield arith.judged(
            j, c, [new, base], line=line, holds=msg.t("AR009.holds"), breaks=msg.t("AR009.breaks"),
            advice=msg.t("AR009.advice"), fmt=arith.pct_of, pairing=arith.linked(c, new, base),
            corner=lambda k: msg.t("AR009.line", old=arith.val(k[1], unit, base), new=arith.val(k[0], unit, new),
                                   move=arith.pct(arith.growth_f(*k))),
            formula=msg.t("AR009.formula"))

    yield from _move_sizes(ctx)


def _move_sizes(ctx):
    """``down 71 cents, or 1%``: the percentage against the move's size and the price it reached."""
    text = ctx.article.text
    for c in ctx.claims:
        if c.kind != "change" or c.quantity.unit != "percent" or any(cm.relation == "change_from" for cm in c.comparators):
            continue
        sent = ctx.sentence_of(c)
        i = sent.index(c)
        if (i + 1 < len(sent) and (sized := _bracketed_size(ctx, text, c, sent[i + 1])) is not None):
            d, reached = sized  # "rose 0.4 percent (11 cents) to $28.11": the size after the rate, in brackets
        elif (sized := _quote_order(text, c, sent, i)) is not None:
            d, reached = sized  # 升3%，報38.45元，升1.2元: the rate, the price, then the move's size
        elif (sized := _rate_or_size(text, c, sent, i)) is not None:
            d, reached = sized  # "fell 2.48% or 41p to 1,609.2p": the rate, "or" its size, then the price
        elif (sized := _rate_then_size(ctx, text, c, sent, i)) is not None:
            d, reached = sized  # 營收2,510億元，年減5%，減少132億元: the rate, then the same move's size
        elif i == 0:
            continue
        else:
            d, reached = sent[i - 1], None
        if (i >= 2 and d.kind in ("price", "amount", "count") and sent[i - 2].kind == "change"
                and _AT_LEVEL.fullmatch(text, sent[i - 2].quantity.end, d.quantity.start)
                and (then := _THEN_PERCENT.fullmatch(text, d.quantity.end, c.quantity.start))
                and span_named(text, then, c.sentence.start)):
            d, reached = sent[i - 2], d
        if d.direction == "down":
            # "fell -0.53 points, or -0.03%": the writer repeats the fall's sign; the sizes are what count
            d, c = arith.magnitude(d), arith.magnitude(c)
        if d.kind != "change" or d.quantity.unit == "percent" or d.quantity.value <= 0 or d.quantity.low is not None:
            continue
        if not (reached or move_in_percent(text, d.quantity.end, c.quantity.start, c.sentence.start)) or (c.direction and c.direction != d.direction):
            continue
        unit = d.quantity.unit
        # the level of what moved: 股價…大跌70元…市值降至48兆: not another metric's figure in the move's unit
        levels = [p for p in sent if p.kind in ("price", "amount", "count") and p.quantity.low is None
                  and unit.split("/")[0] == p.quantity.unit.split("/")[0] and p.quantity.value > d.quantity.value
                  and not (d.metric and p.metric and p.metric != d.metric)]
        if not levels and not (levels := _level_before(ctx, text, c, d) or _index_level(ctx, d)):
            continue
        p = reached if reached in levels else _level(ctx, c, d, levels)
        if p is not reached and len(levels) > 1 and _other_item(text, ctx.sentence_of(c), p, d, c):
            continue  # …總存款量為1兆1386億，年增量最大的為北富銀，年增925億，增幅8%: a list, and another item's level
        pairing = "clause" if p.sentence == c.sentence else "linked" if relate.demonstrative(text, (c.sentence.start, c.sentence.end), d.quantity.start) else "matched"
        yield _size_finding(text, c, d, p, pairing)
    yield from _size_in_next_sentence(ctx, text)


def _size_finding(text, c, d, p, pairing):
    """The percent ``c`` against the move's size ``d`` and the level ``p`` it reached (or started from)."""
    base_given = bool(cues.last("from", text, max(d.sentence.start, p.quantity.start - 16), p.quantity.start))
    sign = -1 if d.direction == "down" else 1
    if base_given:
        def f(move, price):
            return move / price * 100
        base_text = p.quantity.text
    else:
        # the price reached is P; it stood at P − move before a rise, P + move before a fall
        def f(move, price):
            return move / (price - sign * move) * 100
        base_text = f"({p.quantity.text} {'−' if sign > 0 else '+'} {d.quantity.text})"
    j = arith.judge(f, [arith.Operand.of(d), arith.Operand.of(p)], (c.quantity.lo, c.quantity.hi))
    line = msg.t("AR009.size_line", move=d.quantity.text, base=base_text, pct=arith.pct(sign * j.point, 2))
    return arith.judged(
        j, c, [d, p], line=line, holds=msg.t("AR009.holds_size"), breaks=msg.t("AR009.breaks_size"),
        advice=msg.t("AR009.advice_size"), fmt=arith.pct2, pairing=pairing,
        formula=msg.t("AR009.formula_size"), inputs={"percent": c.id, "move": d.id, "price": p.id})


# "13.84 points lower at 10,605.65": the points, the way, then the level reached
_WAY_AT_LEVEL = re.compile(rf"\s*(?i:{_W('en', 'index_points')})\s+(?i:{_W('en', 'gap_after')})\s*,?\s*(?i:\b(?:{_W('en', 'level_after_move')})\b)\s*")


def _size_in_next_sentence(ctx, text):
    """"Britain's FTSE 100 fell 0.65 percent. The index closed down 39.56 points at 6,020.09.": a market
    item's lead gives the move in percent and nothing else; the next sentence of its paragraph, about the
    same index, the move's size and the level it reached, with no percent of its own."""
    sentences = ctx.sentences()
    for cur, nxt in zip(sentences, sentences[1:]):
        rates = [c for c in cur if c.kind == "change" and c.quantity.unit == "percent"]
        if len(rates) != 1 or rates[0] is not cur[-1] or rates[0].comparators or not rates[0].direction \
                or any(o.kind == "change" and o.quantity.unit != "percent" for o in cur):
            continue
        c = rates[0]
        if not relate.adjacent(text, (c.sentence.start, c.sentence.end), (nxt[0].sentence.start, nxt[0].sentence.end)):
            continue
        moves = [o for o in nxt if o.kind == "change"]
        if len(moves) != 1 or moves[0].quantity.unit == "percent" or moves[0].direction != c.direction or moves[0].quantity.value <= 0:
            continue
        d = moves[0]
        after = [o for o in nxt if o.quantity.start > d.quantity.end]
        if not after or after[0].kind not in _LEVEL_KINDS or after[0].quantity.unit != d.quantity.unit \
                or not (_AT_LEVEL.fullmatch(text, d.quantity.end, after[0].quantity.start)
                        or _WAY_AT_LEVEL.fullmatch(text, d.quantity.end, after[0].quantity.start)) or after[0].quantity.value <= d.quantity.value:
            continue
        if c.entity is None or d.entity not in (None, c.entity) or (c.metric and d.metric and c.metric != d.metric):
            continue
        yield _size_finding(text, c, d, after[0], "matched")


_CLAUSE_BREAK = re.compile(r"[,，;；]")


def _other_item(text, sent, p, d, c) -> bool:
    """In a sentence that lists several levels, the one picked for a move is another item's: printed in a
    clause after the move's, or before it with a clause between that prints no figure (one that names the
    next item: …1兆1386億，年增量最大的為北富銀，年增925億，增幅8%，…則為1兆0843億)."""
    if p.quantity.start > c.quantity.end:
        # not ", to 37,400.10" or "，報收於55.09美元": the level reached, a few words on
        return not (_AT_LEVEL.fullmatch(text, c.quantity.end, p.quantity.start) or _SHORT_WORDS.fullmatch(text, c.quantity.end, p.quantity.start)) \
            and bool(_CLAUSE_BREAK.search(text, c.quantity.end, p.quantity.start))
    if p.quantity.end > d.quantity.start:
        return False
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text, p.quantity.end, d.quantity.start)]
    figures = [o.quantity.start for o in sent]
    return any(not any(a <= x < b for x in figures) for a, b in zip(cuts, cuts[1:]))


_BRACKET_OPEN = re.compile(rf"\s*(?:[A-Za-z]-o-[A-Za-z])?\s*[(（]\s*(?:(?i:{_W('en', 'move_in_percent')})\s+)?")
_BRACKET_CLOSE = re.compile(r"\s*[)）]")


_SHORT_WORDS = re.compile(r"\s*[,，]\s*[^\d,，;；。]{1,6}?\s*")  # "，報", "，升": a short clause opening


_SAME_MOVE = re.compile(rf"\s*,?\s+(?i:{_W('en', 'same_move')})\s+")


def _rate_or_size(text, c, sent, i):
    """``down 0.8% or 61.42 points at 7,600.45``: the rate first, then "or" and the same move's size,
    then the level it reached."""
    if i + 2 >= len(sent):
        return None
    d, level = sent[i + 1], sent[i + 2]
    if (d.kind != "change" or d.quantity.unit == "percent" or level.kind not in ("price", "amount", "count")
            or not _SAME_MOVE.fullmatch(text, c.quantity.end, d.quantity.start)
            or not _AT_LEVEL.fullmatch(text, d.quantity.end, level.quantity.start)):
        return None
    return d, level


# between a rate and the same move's size: "，減少132億元", ", an increase of $1.5 billion"
_SIZE_AFTER_RATE = re.compile(rf"\s*[,，]\s*(?:(?i:(?:{_W('en', 'size_after_rate')})\s+(?:{_W('en', 'moved_gap')})?)"
                              rf"|(?:{_W('zh', 'size_after_rate')})(?:{_W('zh', 'moved_gap')})?)\s*[-−+]?")
_LEVEL_KINDS = ("price", "amount", "count")


def _rate_then_size(ctx, text, c, sent, i):
    """The rate, then a clause that gives the same move's size in the rate's direction, and the level
    the move reached: printed right before the rate (營收2,510億元，年減5%，減少132億元), between the
    rate and its size ("rose 5% to $31.5 billion, an increase of $1.5 billion") or after the size
    (年減5%，減少1,500億元，至2兆8,500億元). A size measured on another basis (月增3%，年減132億元)
    is another move."""
    if not c.direction:
        return None
    to = {cm.target for cm in c.comparators if cm.relation == "change_to"}
    level, j = None, i + 1
    if j < len(sent) and sent[j].id in to:
        level, j = sent[j], j + 1
    if j >= len(sent):
        return None
    d, a = sent[j], (level or c).quantity.end
    if (level is None and c.change_basis in ("yoy", "qoq", "mom")
            and (basis := cues.first(c.change_basis, text, a, d.quantity.start)) and not text[a : basis.start()].strip()):
        a = basis.end()  # "fell 5% year on year, a decrease of $1.5 billion"
    if (d.kind != "change" or d.quantity.unit == "percent" or d.direction != c.direction
            or (c.change_basis and d.change_basis and c.change_basis != d.change_basis)
            or (c.metric and d.metric and c.metric != d.metric)
            or not _SIZE_AFTER_RATE.fullmatch(text, a, d.quantity.start)):
        return None
    if level is None and j + 1 < len(sent) and sent[j + 1].kind in _LEVEL_KINDS and _AT_LEVEL.fullmatch(
            text, d.quantity.end, sent[j + 1].quantity.start):
        level = sent[j + 1]
    if level is None and i >= 1 and sent[i - 1].kind in _LEVEL_KINDS and _SHORT_WORDS.fullmatch(
            text, sent[i - 1].quantity.end, c.quantity.start):
        level = sent[i - 1]
    return (d, level) if level is not None else None


def _quote_order(text, c, sent, i):
    """``美團升近4%，報317.8元`` then ``，升6.6元``: a quote written rate first, then the price reached,
    then the move's size in the rate's direction."""
    if i + 2 >= len(sent):
        return None
    level, d = sent[i + 1], sent[i + 2]
    if (level.kind not in ("price", "amount") or d.kind != "change" or d.quantity.unit == "percent"
            or not c.direction or d.direction != c.direction
            or not _AT_LEVEL.fullmatch(text, c.quantity.end, level.quantity.start)
            or not _SHORT_WORDS.fullmatch(text, level.quantity.end, d.quantity.start)):
        return None
    return d, level


def _bracketed_size(ctx, text, c, o):
    """The move's size in brackets right after its rate, and the level the rate is linked to."""
    to = [ctx.by_id[cm.target] for cm in c.comparators if cm.relation == "change_to"]
    if (not to or c.direction not in ("up", "down") or o.kind not in ("amount", "price")
            or not _BRACKET_OPEN.fullmatch(text, c.quantity.end, o.quantity.start)
            or not _BRACKET_CLOSE.match(text, o.quantity.end)):
        return None
    return o.model_copy(update={"kind": "change", "direction": c.direction}), to[0]


def _level(ctx, c, d, levels):
    """The price the move reached: the one the wording links it to, else the figure right after the
    percentage (``lost 61.59 points, or 1.20%, to 5,061.82``: not the previous index's close), else the nearest."""
    ids = {cm.target for x in (c, d) for cm in x.comparators if cm.relation == "change_to"}
    linked = [p for p in levels if p.id in ids]
    if linked:
        return linked[0]
    sent = ctx.sentence_of(c)
    after = [x for x in sent if x.quantity.start > c.quantity.end]
    if after and after[0] in levels and _AT_LEVEL.fullmatch(ctx.article.text, c.quantity.end, after[0].quantity.start):
        return after[0]  # not 跌幅為1.60%，180只成分股中: a count of something else after it
    return min(levels, key=lambda x: abs(x.quantity.start - d.quantity.start))


def _level_before(ctx, text, c, d) -> list:
    """``歲入編列2兆1,000億元。較今年減少620億元，約減2.9%``: a sentence that opens with its comparison
    leaves its subject unsaid; the level is the previous sentence's last figure of the move's unit (or,
    where the move names its metric again, that metric's last figure there)."""
    pointed = relate.demonstrative(text, (c.sentence.start, c.sentence.end), d.quantity.start)
    if not pointed and d.metric not in {m for _, _, m in words.metrics_between(text, d.sentence.start, d.quantity.start)}:
        return []  # the move must name its metric again, not carry it over
    before = [o for o in ctx.claims if o.sentence.end <= c.sentence.start]
    if not before or text[before[-1].sentence.end : c.sentence.start].strip():
        return []
    prev = [o for o in before if o.sentence == before[-1].sentence]
    fit = [p for p in prev if p.kind in ("price", "amount", "count") and p.quantity.low is None
           and p.quantity.unit == d.quantity.unit and p.quantity.value > d.quantity.value
           # "…rose by 6 cents to $27.35. Over the year, average hourly earnings have increased by 81 cents,
           # or 3.1 percent.": the level the sentence before printed for the metric the move names again
           and (pointed or (p.metric == d.metric and p.period == d.period and p.entity == d.entity
                            # "Revenue was $12.0 billion. Cloud revenue rose $3.2 billion, or 36%": another figure
                            and p.subject == d.subject))]
    return fit[-1:]


def _index_level(ctx, d) -> list:
    """``For the week: The Dow is down 118.47 points, or 0.6 per cent.``: a market index's move over a
    longer span, against the level the article last printed for that index (the day's close)."""
    if d.entity is None or aliases.kind_of(d.entity) != "index":
        return []
    before = [o for o in ctx.claims if o.entity == d.entity and o.kind in ("count", "price") and o.quantity.low is None
              and o.quantity.end <= d.quantity.start and o.quantity.unit == d.quantity.unit and o.quantity.value > d.quantity.value]
    return before[-1:]

"""Comparator links between claims of one sentence.

``營收達2134億美元…雙雙優於…預測的2113.3億美元與1.97美元`` links each actual
to the estimate it is said to beat, pairing by unit and size; ``較2025年的
1310億美元激增超過50%`` links the change to its base and its new value;
``(中值1760億美元)`` links a midpoint to its range. Checks read these links
instead of re-reading the sentence. ``link`` runs these in-sentence resolvers, then the ones
across sentences (``claims/discourse.py``).
"""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import beats, by_metric, compare, consensus, conversions, cues, discourse, expectations, guidance, per_day, relate, same_move, when, words  # relate: what both kinds of resolver share
from verifier.claims.tables import Tables
from verifier.document import current
from verifier.models import Claim

_MOVE_TO = lexicon.alternation('zh', 'move_to')
# a counter after a counted base (260萬人降至227萬人) may stand before the move word
_TO_AFTER = re.compile(rf"\s*(?:[\u4e00-\u9fff]?(?:{_MOVE_TO})|to|至|到)\s*", re.I)
# 由100亿元增至120亿元，增长20%: after the new level, a clause break and a few words before the rate
# "from $52.9 billion in FY 2016-17 to $60.9 billion": the base's own period between it and "to"
_PERIOD_TO_AFTER = re.compile(
    rf"\s+(?i:{lexicon.alternation('en', 'period_preposition')})\s+[^\d,;.]{{0,24}}?(?:\d{{2,4}}(?:[-/–]\d{{2,4}})?[^\d,;.]{{0,12}}?)?"
    rf"\s*,?\s*(?i:to)\s+")
_THEN_RATE = re.compile(r"[，,]\s*[^\d，,。；;]{0,8}")
_WORDS_ONLY = relate.WORDS_ONLY
# "to", 至, and a hedge before the new level: 减少17.6%至约人民币2.77亿元, "rose 5% to about $3 billion"
_HEDGE_BEFORE = "|".join(sorted((re.escape(s) for (s, where) in lexicon.hedges() if where == "before"), key=len, reverse=True))
_TO = re.compile(rf"(?:至|到|達|达|(?i:\bto))\s*(?:(?i:{_HEDGE_BEFORE})\s*)?$")


def link(text: str, claims: list[Claim], sentences=()) -> list[Claim]:
    claims = list(claims)
    decided: set[int] = set()  # beat/miss cues that found their estimate in their own sentence
    by_sent: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(claims):
        by_sent.setdefault((c.sentence.start, c.sentence.end), []).append(i)
    sent_keys = list(by_sent)
    doc = current(text)  # the tables the read stage parsed once; a bare call (tests) parses its own
    tables = doc.tables if doc is not None else Tables(text) if "|" in text else None
    for k, key in enumerate(sent_keys):
        idx = by_sent[key]
        prev = by_sent[sent_keys[k - 1]] if k > 0 else []
        nxt = by_sent[sent_keys[k + 1]] if k + 1 < len(sent_keys) and relate.adjacent(text, key, sent_keys[k + 1]) else []
        if tables and tables.column_of(key[0] + text[key[0] : key[1]].find("|") + 1):
            _table_row(claims, idx)
        _change_endpoints(text, claims, key, idx)
        same_move.share_bases(text, claims, idx)
        _clause_backref(text, claims, key, idx)
        _points_to_prior(text, claims, idx)
        compared = compare.earlier_levels(text, claims, key, idx, prev)
        decided |= beats.beat_miss(text, claims, key, [i for i in idx if claims[i].id not in compared], prev, nxt)
        compare.surprise(text, claims, idx)
        compare.frames(text, claims, key, idx)
        _midpoints(text, claims, idx)
        _from_levels(text, claims, idx)
        per_day.link(text, claims, idx)
        conversions.link(text, claims, idx)
        conversions.stated(text, claims, idx)
        if prev and relate.follows(text, sent_keys[k - 1], key):
            discourse.year_earlier(text, claims, key, idx, prev)
            discourse.earlier_period_level(text, claims, idx, prev)
            discourse.this_change(text, claims, key, idx, prev)
        discourse.parts(text, claims, key, idx + discourse.semicolon_run(text, sent_keys, by_sent, k),
               discourse.parent_row(text, sent_keys, by_sent, k, tables) if prev and relate.adjacent(text, sent_keys[k - 1], key) else [])
    if sentences:
        expectations.expectations(text, claims, list(sentences), decided)
        discourse.reference_gaps(text, claims, list(sentences))
        guidance.previous_guidance(text, claims, list(sentences))
    discourse.statement_rows(text, claims)
    consensus.rows(text, claims)
    by_metric.lead_rates(text, claims)
    by_metric.estimate_gaps(claims)
    return claims


def _since_aside(text, c: Claim) -> bool:
    """``Orbel's shares, up 25 per cent since June, rose to $28.50 from $28.35``: the rate since a
    reference point, set off by commas, is not the move between the levels around it."""
    return relate.since_point(text, c) and bool(re.match(r"[^,，;；。]{0,24}[,，]", text[c.quantity.end :]))


def _other_metric(change: Claim, base: Claim, between: str) -> bool:
    """``純益…年增逾五成，…每股稅後盈餘46.75元，已較去年整年的45.25元為高``: past other words, a level
    of another metric (per share against the profit the rate is of) is another comparison's base."""
    return bool(between.strip()) and None not in (change.metric, base.metric) and change.metric != base.metric


# the base period's figure set right after the new level: "(2019: RMB336.5 million)", "（二零一九年：
# 人民幣3.37億元）" in a results summary, "，上年为人民币3.37亿元" in a clause opened by an earlier period
_PRIOR_BRACKET = re.compile(r"[ \t]*[(（][^()（）:：\n]{1,16}[:：][ \t]*")
_PRIOR_CLAUSE = re.compile(rf"[ \t]*[,，;；][ \t]*[^\d,，;；。\n]{{1,10}}?(?:{lexicon.alternation('zh', 'copula')}|[:：])[ \t]*")


def _far_base(text, claims, idx, same, i, new):
    """``a 12% increase in net profit to RM1.91 billion for the third quarter ended Sept 30, 2024
    (3QFY2024) from RM1.7 billion a year ago``: the base after "from" well past the new level, with
    nothing of its unit or another rate between; or the base period's figure right after it."""
    n = claims[new]
    if any(claims[j].kind == "change" and claims[i].quantity.end <= claims[j].quantity.start < n.quantity.start for j in idx):
        return None  # "fallen about 4% this year, rose 1.5% to $442.60 … from $436.00": the nearer rate's
    nxt = [j for j in idx if claims[j].quantity.start >= n.quantity.end]
    if nxt and nxt[0] in same and claims[nxt[0]].quantity.unit == n.quantity.unit:
        b = claims[nxt[0]]
        m = _PRIOR_BRACKET.fullmatch(text, n.quantity.end, b.quantity.start) or _PRIOR_CLAUSE.fullmatch(text, n.quantity.end, b.quantity.start)
        if m is not None and b.period is not None and b.period != n.period and not b.period.startswith(("this", "next")):
            return nxt[0], m
    for m in cues.find("from", text, n.quantity.end, min(claims[i].sentence.end, n.quantity.end + 90)):
        later = [j for j in same if m.end() <= claims[j].quantity.start <= m.end() + 4 and claims[j].quantity.unit == n.quantity.unit]
        if not later:
            continue
        between = [j for j in idx if n.quantity.end <= claims[j].quantity.start < m.start()
                   and (claims[j].kind == "change" or claims[j].quantity.unit == n.quantity.unit)]
        return (later[0], m) if not between else None
    return None


def _points_to_prior(text, claims, idx) -> None:
    """``毛利率下跌2.8個百分點至56.9%（二零一九年：59.7%）``: a move in points to a level, then the
    base period's level beside it; the levels are the move's ends."""
    for i in idx:
        c = claims[i]
        if c.kind != "percentage_point_change" or c.comparators:
            continue
        levels = [j for j in idx if claims[j].quantity.unit == "percent" and claims[j].kind in ("share", "ratio", "change")]
        to = [j for j in levels if 0 <= claims[j].quantity.start - c.quantity.end <= 40
              and _TO.search(text, c.quantity.end, claims[j].quantity.start)]
        if to and (far := _far_base(text, claims, idx, levels, i, to[0])) is not None:
            relate.add(claims, i, "change_from", claims[far[0]], far[1].group(0))
            relate.add(claims, i, "change_to", claims[to[0]], "to")


def _clause_backref(text, claims, sent, idx) -> None:
    """``營收為62億美元，去年同期為59.5億美元，同比增長6.2%``: a clause opened by a back-reference gives
    the base; the figure of its unit before it is the new level, the rate after it the move. A ratio's
    levels (不良貸款率為1.25%，上年末為1.28%，下降0.03個百分點) move in points."""
    for n_b, b in enumerate(idx):
        base = claims[b]
        in_points = base.kind in ("share", "ratio") and base.quantity.unit == "percent"
        if not (in_points or base.kind in ("amount", "count")) or base.comparators:
            continue
        # 上季為…, 上月為…: the quarter or month before, the base of a sequential rate
        # ("; a quarter earlier, it was $4.0 billion": a few words between, no figure)
        found = [(h, basis) for basis, name in cues.BACKREF_STEPS
                 if (h := cues.last(name, text, max(sent[0], base.quantity.start - 30), base.quantity.start))
                 and not re.search(r"\d", text[h.end() : base.quantity.start])]
        if not found:
            continue
        cue, step = max(found, key=lambda f: f[0].start())
        if text[sent[0] : cue.start()].rstrip()[-1:] not in ("，", ",", "；", ";"):
            continue  # not opening a clause; one opening the sentence is discourse.year_earlier's
        levels = ("share", "ratio") if in_points else ("amount", "count")
        news = [j for j in idx[:n_b] if claims[j].kind in levels and claims[j].quantity.unit == base.quantity.unit
                and claims[j].metric in (None, base.metric) and not claims[j].comparators]
        def rate(j):
            return (not claims[j].comparators and claims[j].change_basis in (None, step)
                    and (claims[j].kind == "percentage_point_change" if in_points
                         else claims[j].kind == "change" and claims[j].quantity.unit == "percent"))
        rates = [j for j in idx[n_b + 1 :] if rate(j)]
        if rates and any(claims[o].kind in levels for o in idx[n_b + 1 : idx.index(rates[0])]):
            rates = []
        if not rates and news:
            # 營收為62億元，同比增長4.2%，去年同期為59.5億元: the rate right after the new level, the base after both
            rates = [j for j in idx[idx.index(news[-1]) + 1 : n_b] if rate(j)][-1:]
        if not news or not rates:
            continue
        new, r = claims[news[-1]], rates[0]
        upd = {} if in_points else {"change_basis": step}
        if claims[r].metric is None and new.metric:
            upd["metric"] = new.metric
        if step != "yoy" and new.period and base.period in (None, new.period) \
                and (back := when.base_period_of(new.period, None, step)) is not None:
            # 第三季…，上季為…: the base is the quarter before the new figure's
            claims[b] = base = base.model_copy(update={"period": back})
        relate.add(claims, r, "change_from", base, cue.group(0), **upd)
        relate.add(claims, r, "change_to", new, cue.group(0))


def _table_row(claims, idx) -> None:
    """``| AWS | $35.6B | $28.8B | +24% |`` under period headers: the change cell links the
    row's figure for the later period (new) to the one for the earlier (base)."""
    for i in idx:
        c = claims[i]
        if c.kind not in ("change", "percentage_point_change") or c.comparators:
            continue
        unit = "percent" if c.kind == "percentage_point_change" else None
        levels = [j for j in idx if claims[j].kind not in ("change", "percentage_point_change") and claims[j].period
                  and "@" not in claims[j].period and (unit is None or claims[j].quantity.unit == unit)]
        by_period = {claims[j].period: j for j in levels}
        if len(by_period) < 2 or len({claims[j].quantity.unit for j in levels}) != 1:
            continue
        if c.period in by_period and not c.period_guessed:
            continue  # | 4月 (绝对量 | 同比增长) | 1—4月 (…) |: a change under its own period is that period's, not the move between them
        if len(by_period) == 2:
            base_p, new_p = sorted(by_period)
        else:
            # | 本期 | 上年同期 | 同比 | 上期 | 環比 |: each change cell sets the latest period against the
            # level just before it
            new_p = max(by_period)
            left = [j for j in levels if claims[j].quantity.end <= c.quantity.start and claims[j].period != new_p]
            # | 2025/06 | 與去年中期比較 | 2024/06 | 2023/06 |: a change cell right after the latest level is
            # against the column a year before it
            right = [j for j in levels if claims[j].quantity.start >= c.quantity.end and _year_before(new_p, claims[j].period)]
            if not left and not right:
                continue
            base_p = claims[left[-1]].period if left else claims[right[0]].period
        base, new = by_period[base_p], by_period[new_p]
        basis = "yoy" if _year_before(new_p, base_p) else "vs-base"
        relate.add(claims, i, "change_from", claims[base], "table", period=new_p, base_period=base_p, change_basis=basis,
             period_guessed=False)
        relate.add(claims, i, "change_to", claims[new], "table")


# the cue right before the level a move started from; English may name it first (from a previous range of)
_OF_DATE = r"(?:[\d年月日底末初季度第一二三四上下半]{2,14}的)?"  # 从2022年底的2042个, 增至2023年的2756个: the date the level is of
_FROM_LEVEL = re.compile(rf"(?:(?:從|从|由){_OF_DATE}|{lexicon.alternation('zh', 'previous_level')}|(?i:\bfrom(?:\s+[^\s\d.;,$€£¥]+){{0,5}}))\s*$")
_THEN_TO = re.compile(rf"[^,，;；。\n]{{0,12}}?[,，]?[^\S\n]*(?:{lexicon.alternation('zh', 'then_to')}|(?i:(?:{lexicon.alternation('en', 'then_to')})\b)){_OF_DATE}[^\S\n]*")
_TO_LEVEL = re.compile(rf"(?:(?:至|到|達|达){_OF_DATE}|(?i:\bto(?:\s+(?:between|about|around|roughly|nearly|some|(?:a|the)\s+(?:new\s+)?range\s+of))?))\s*$")


def _from_levels(text, claims, idx) -> None:
    """``widened to 75% from 72.7%``, ``由20%升至25%``: the level a move started from is the
    earlier period's, not a second figure for the same one."""
    for i in idx:
        c = claims[i]
        m = _FROM_LEVEL.search(text, max(c.sentence.start, c.quantity.start - 40), c.quantity.start)
        if not m:
            continue
        if c.base_period or (c.period and "@" in c.period
                             and not (c.quantity.unit == "percent" and not c.period_guessed and "prev" in c.period)):
            continue  # ("fell to 4.8 percent from 5.2 percent in July last year": a rate dated back by its own words is still the move's base)
        to = [j for j in idx if j != i and claims[j].quantity.unit == c.quantity.unit
              and (relate.bare_gap(text, claims[j].quantity.end, m.start()) <= _TO_FROM_GAP if claims[j].quantity.end <= m.start()
                   else 0 <= claims[j].quantity.start - c.quantity.end <= 40)
              and _TO_LEVEL.search(text, max(c.sentence.start, claims[j].quantity.start - 20), claims[j].quantity.start)]
        if not to:
            # "$5.3 billion, up from $5.2 billion": the level just before the move word is the new one
            to = [j for j in idx if j != i and claims[j].quantity.unit == c.quantity.unit
                  and 0 <= c.quantity.start - claims[j].quantity.end <= 40
                  and _MOVE_BETWEEN.fullmatch(text, claims[j].quantity.end, c.quantity.start)
                  and any(cues.find(d, text, claims[j].quantity.end, c.quantity.start) for d in ("up", "down"))][-1:]
        if not to:
            continue
        lo = _clause_lo(text, claims[to[0]], c)
        # "rose to $1.9 billion, or 31 cents a share, from $1.5 billion, or 25 cents": the restated
        # levels moved the same way
        pairs = [(to[0], i), (relate.apposed(text, claims, idx, to[0]), relate.apposed(text, claims, idx, i))]
        # 从2042个增至2756个，再到3497个: each further level moved on from the one before
        k = to[0]
        while (nxt := next((x for x in idx if claims[x].quantity.start > claims[k].quantity.end), None)) is not None \
                and claims[nxt].quantity.unit == claims[k].quantity.unit \
                and _THEN_TO.fullmatch(text, claims[k].quantity.end, claims[nxt].quantity.start):
            pairs.append((nxt, k))
            k = nxt
        for new_i, base_i in [p for p in pairs if None not in p]:
            new, base = claims[new_i], claims[base_i]
            period = new.period or base.period
            if period and "@" not in period and base.period in (None, period):
                claims[base_i] = base.model_copy(update={"period": period + "@base", "period_guessed": True})
            _moved(text, claims, idx, new_i, base_i, lo)


def _clause_lo(text: str, new: Claim, base: Claim) -> int:
    """Where the clause holding both levels starts: the move word is looked for from there."""
    first = min(new.quantity.start, base.quantity.start)
    lo = max(new.sentence.start, text.rfind("，", 0, first) + 1, text.rfind(",", 0, first) + 1)
    opens = cues.first("from", text, lo, first)
    if opens is not None and not text[lo : opens.start()].strip() and lo > new.sentence.start:
        # "would rise over the coming decade, from 81% … to 98%": the clause opens with its from-level,
        # the move word stands in the clause before
        return max(new.sentence.start, text.rfind("，", 0, lo - 1) + 1, text.rfind(",", 0, lo - 1) + 1)
    return lo


# between a moved-to level and its from-word once asides are left out: "rose to $8.72 billion, or $1.67 per
# share, in the three months ended July 1, from $7.80 billion"
_TO_FROM_GAP = 40
_MOVE_BETWEEN = re.compile(r"[ \t]*[,，]?[^\d.;。；,，]{1,36}")  # ", up from ", "，較先前的": words, no figure, one clause


def _gap(a: Claim, b: Claim) -> int:
    """Characters between two figures (a range counts from its ends)."""
    return max(a.quantity.start - b.quantity.end, b.quantity.start - a.quantity.end)


def _moved(text, claims, idx, new_i, base_i, lo: int | None = None) -> None:
    """``raised its forecast to $5.4-5.5 billion from $5.2-5.3 billion``, ``由20%升至25%``: a move word
    and no figure of the move (no rate, no amount): the wording still says which level is higher
    (relation up_from / down_from on the new level, checked by AR011)."""
    new, base = claims[new_i], claims[base_i]
    if new.metric != base.metric and None not in (new.metric, base.metric):
        return
    # a rate or amount of the move stated beside it leaves the pair to that move; one of another metric
    # ("Revenue rose 29% … while EPS came in at $0.21, up from $0.10") is another statement's
    lo = _clause_lo(text, new, base) if lo is None else lo
    # (beside it: in the pair's clause, or right after it; "…, a total of 37,000 more" is another relation)
    hi = max(new.quantity.end, base.quantity.end) + _MOVE_REACH
    moves = {claims[j].id for j in idx if claims[j].kind in ("change", "percentage_point_change", "cagr", "multiple")
             and (claims[j].metric in (None, new.metric) or new.metric is None)
             and not (claims[j].change_basis == "gap" and not lo <= claims[j].quantity.start < hi)}
    if moves or relate.moved(new):
        return
    hits = [(h.start(), h) for cue in ("up", "down") for h in cues.find(cue, text, lo, max(new.quantity.start, base.quantity.start))]
    if not hits:
        return
    hits = [(p, h) for p, h in hits if not _NAMES_METRIC.match(text, h.end())]
    if not hits:
        return
    _, h = max(hits, key=lambda x: x[0])
    relate.add_move(claims, new_i, h.label, base, h.group(0))


_MOVE_REACH = 20  # characters after a pair of levels where the size of their move may stand


# "revised down the growth of gross domestic product … to two percent from 2.1 percent": a move noun
# before "of" and a name names the measure; the move is the verb's
_NAMES_METRIC = re.compile(r"\s+of\s+(?:the\s+)?[A-Za-z]")


def _change_endpoints(text, claims, sent, idx) -> None:
    """``A，較B增長X%`` / ``up X% from B`` / ``rose X% to A from B``."""
    for i in idx:
        c = claims[i]
        if c.kind not in ("change",) or c.change_basis == "gap" or (c.quantity.unit == "percent" and _since_aside(text, c)):
            continue
        q = c.quantity
        # an estimate is a change's base only when the change is the gap to it ("versus $1.09 billion
        # estimated" beside "up 17.8%" is the beat's estimate, not last year's figure)
        kinds = ("amount", "price", "estimate", "count") if c.change_basis == "vs-estimate" else ("amount", "price", "count")
        same = [j for j in idx if j != i and claims[j].kind in kinds and claims[j].quantity.unit != "percent"]
        base = new = None
        cue = ""
        # a "from/較" cue before the change: the amount right after it is the base
        for m in sorted([*cues.find("from", text, sent[0], sent[1]), *_on_base(text, q)], key=lambda m: m.start()):
            # "from $4.8 billion", and with words between: "from the year-ago quarter's $5.0 billion"
            # (not past a clause break: 由亏转盈，2381家…: the turn from loss to profit names no base)
            after = [j for j in same if (m.end() <= claims[j].quantity.start <= m.end() + 16
                                         and not relate.CLAUSE_BREAK.search(text, m.end(), claims[j].quantity.start))
                     or (claims[j].quantity.start <= m.end() + 40 and _WORDS_ONLY.fullmatch(text, m.end(), claims[j].quantity.start))]
            # an "on"/"over" cue (a regex match, not a lexicon hit) takes only the figure right after it:
            # "rose 9% on strong orders to £318m" names no base
            if not after or (isinstance(m, re.Match) and claims[after[0]].quantity.start != m.end()):
                continue
            b = after[0]
            if any(claims[j].kind == "change" and m.end() <= claims[j].quantity.start < claims[b].quantity.start for j in idx):
                continue  # 比上年增长8.15%、净利润3.90亿元: another change stands between the cue and that figure
            if any(j != i and claims[j].kind == "change"
                   and 0 <= m.start() - claims[j].quantity.end <= 2 and not text[claims[j].quantity.end : m.start()].strip()
                   for j in idx):
                continue  # "up 18.9% from $11.07 billion …, and up 40.2% …": that base is the first change's
            if (m.start() < q.start and claims[b].quantity.end <= q.start + 2
                    and not any(claims[j].kind == "change" and claims[b].quantity.end <= claims[j].quantity.start < q.start
                                for j in idx)
                    and not (relate.CLAUSE_BREAK.search(text, claims[b].quantity.end, q.start)
                             and any(claims[j].kind == "change" and claims[j].quantity.end <= m.start() for j in idx if j != i))):
                # "…rose 0.8% to 152.30, from 151.09, and the euro slipped 0.3%": past a clause break, a
                # base with a change before it is that change's
                # 較第二季的110.7億元季增18.9%，年增24.6%: the base is the first change's, not the second's
                base, cue = b, m.group(0)
            elif (m.start() < q.start and (to_after := _TO_AFTER.match(text, claims[b].quantity.end)) is not None
                  and (n := next((j for j in same if claims[j].quantity.start == to_after.end()), None)) is not None
                  and _THEN_RATE.fullmatch(text, claims[n].quantity.end, q.start)
                  and not any(claims[j].kind == "change" and m.end() <= claims[j].quantity.start < q.start for j in idx)):
                # 由100亿元增至120亿元，增长20%: the from-to pair before the rate
                base, cue = b, m.group(0)
            elif (m.start() > q.end and claims[b].quantity.start - q.end < 100
                  and (not text[q.end : m.start()].strip() or not _owned(text, claims, idx, b, i))
                  and not any(claims[j].kind == "change" and q.end <= claims[j].quantity.start < m.start() for j in idx)
                  and not _other_metric(c, claims[b], text[q.end : m.start()])
                  and not any(h.start() - q.end > 3 for d in ("up", "down") for h in cues.find(d, text, q.end, m.start()))):
                # "up 24% from $48.4B", "a 66% jump from", "上漲2.5%，收在1,465元，較…1,430元"; not past a move word of its own
                # ("Shares fell 3% after Orbel raised its forecast to $5.6 billion from $5.4 billion": the forecast's levels)
                base, cue = b, m.group(0)
        if base is None:
            after = [j for j in same if 0 <= claims[j].quantity.start - q.end <= 40 and _TO.search(text, q.end, claims[j].quantity.start)
                     and not _own_subject(text, q.end, claims[j].quantity.start)]
            if after:
                relate.add(claims, i, "change_to", claims[after[0]], "to")
                if (far := _far_base(text, claims, idx, same, i, after[0])) is not None:
                    b, m = far
                    relate.add(claims, i, "change_from", claims[b], m.group(0),
                               change_basis=c.change_basis or ("yoy" if cues.find("backref", text, m.end(), sent[1]) else "vs-base"))
            continue
        unit = claims[base].quantity.unit
        # the new value: "to A" after the change, else the nearest same-unit amount before the base
        to = re.match(r"\s*(?:to|至|到|達|达)\s*", text[q.end : q.end + 6], re.I)
        if to:
            after = [j for j in same if j != base and claims[j].quantity.start >= q.end and claims[j].quantity.unit == unit]
            new = after[0] if after else None
        if new is None and (to_after := _TO_AFTER.match(text, claims[base].quantity.end)
                            or _PERIOD_TO_AFTER.match(text, claims[base].quantity.end)):
            # "revised down by 25,000, from -40,000 to -65,000", "from $52.9 billion in 2024 to $60.9 billion":
            # the new level follows the base
            after = [j for j in same if j != base and 0 <= claims[j].quantity.start - to_after.end() <= 1 and claims[j].quantity.unit == unit]
            new = after[0] if after else None
        if new is None:
            before = [j for j in same if j != base and claims[j].quantity.end <= claims[base].quantity.start and claims[j].quantity.unit == unit]
            new = before[-1] if before else None
            if new is not None and c.metric and claims[new].metric not in (None, c.metric) and claims[new].quantity.end <= q.start:
                # "net profit was up 5.9% from RM688.68 million, while revenue was 11.01% higher from RM1.22
                # billion": the figure before another metric's rate is not its new level
                new = None
        if new is None:
            continue
        if cues.find("revision", text, min(claims[new].quantity.start, q.start), claims[base].quantity.start):
            continue  # "after an upwardly revised 159,000 increase (from 142,000)": a revision, not a move
        update = {}
        if claims[new].period and claims[base].period and claims[new].period != claims[base].period:
            update = {"period": claims[new].period, "base_period": claims[base].period, "period_guessed": False}
        elif claims[new].period and claims[base].period in (None, claims[new].period):
            # "up 24% from $48.4 billion": the base is the earlier period's figure, whatever the sentence's period
            shift = {"yoy": "@prev-year", "qoq": "@prev-quarter"}.get(c.change_basis or "", "@base")
            claims[base] = claims[base].model_copy(update={"period": claims[new].period + shift, "period_guessed": True})
        if claims[base].forecast and _year_before(claims[new].period, claims[base].period):
            # 預測2026年…較2025年的1310億美元: the base year is a reported figure, not part of the forecast
            claims[base] = claims[base].model_copy(update={"forecast": False})
        if claims[i].metric is None and claims[new].metric:
            update["metric"] = claims[new].metric
        basis = c.change_basis
        if basis is None:
            bp = claims[base].period or ""
            basis = "yoy" if bp.endswith("prev-year") or _year_before(claims[new].period, bp) else "vs-base"
        relate.add(claims, i, "change_from", claims[base], cue, change_basis=basis, **update)
        relate.add(claims, i, "change_to", claims[new], cue)


# "an increase of 12% on the £214m", "up 5% over last year's $3.1 billion": right after the rate,
# "on" or "over" and the words that may name the base before it (wording base_after_rate, base_object)
_ON_BASE = re.compile(rf"(?i:(?:{lexicon.alternation('en', 'base_after_rate')})\s+(?:(?:{lexicon.alternation('en', 'base_object')})\s+){{0,3}})")


_SPACES = re.compile(r"[ \t]+")


def _on_base(text: str, q) -> list[re.Match]:
    """The cue starts past the space after the rate, so it reads as a cue after the change."""
    sp = _SPACES.match(text, q.end)
    m = _ON_BASE.match(text, sp.end()) if sp is not None else None
    return [m] if m is not None else []


def _year_before(new: str | None, base: str | None) -> bool:
    m1, m2 = re.fullmatch(r"(\d{4})(.*)", new or ""), re.fullmatch(r"(\d{4})(.*)", base or "")
    return bool(m1 and m2 and int(m1.group(1)) - int(m2.group(1)) == 1 and m1.group(2) == m2.group(2))


def _own_subject(text, start: int, end: int) -> bool:
    """A later clause names its own metric before the to-word (…年增率36.84%也算高標，…，商品出口達1881億美元;
    "rose 5%, and profit climbed to $3 billion"): the level is that clause's, not the rate's."""
    breaks = list(relate.CLAUSE_BREAK.finditer(text, start, end))
    return bool(breaks) and bool(words.metrics_between(text, breaks[-1].end(), end))


def _owned(text, claims, idx, b: int, i: int) -> bool:
    """A base printed before another change in its own clause is that change's (月增5.2%，較去年同期的434.2億元年增18%)."""
    end = claims[b].quantity.end
    for j in idx:
        if j != i and claims[j].kind == "change" and claims[j].quantity.start >= end:
            return not re.search(r"[，,;；。]", text[end : claims[j].quantity.start])
    return False


def _midpoints(text, claims, idx) -> None:
    for i in idx:
        c = claims[i]
        if c.quantity.low is not None:
            continue
        m = cues.last("midpoint", text, max(c.sentence.start, c.quantity.start - 14), c.quantity.start)
        if not m or any(m.end() <= claims[j].quantity.start < c.quantity.start for j in idx):
            continue  # 中位數19%低於第二季度的20.4%: the midpoint is the figure right after the word
        ranges = [j for j in idx if claims[j].quantity.low is not None and claims[j].quantity.end <= m.start()
                  and claims[j].quantity.unit == c.quantity.unit]
        if ranges and not any(cues.find(cue, text, claims[ranges[-1]].quantity.end, m.start()) for cue in ("estimate", *compare.COMPARED)):
            # not 超越市場預期的中位數480億美元: past a comparison or an estimate, the median is the estimates'
            relate.add(claims, i, "midpoint_of", claims[ranges[-1]], m.group(0))

"""Quantities plus their sentence become claims: entity, metric, period, kind.

Everything is read off the raw text around each figure with the lexicons
(entities, metrics, cues): the nearest name before the figure in its clause,
then in its sentence, then carried over from the sentence before, which is
how a reader resolves ``營收355.8億美元，年增24%``. What was carried over
rather than read is marked ``period_guessed`` so a check can say so.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
import re

from verifier import aliases, lexicon
from verifier.claims import cues, relate
from verifier.claims import words as cwords
from verifier.claims.kinds import exact_price, kind_of, move_in_percent
from verifier.claims.mentions import Index, Mention, asides, main_entity, resolve_periods
from verifier.claims.names import find_unknown_names
from verifier.claims.naming import attribution, is_forecast, metric_of, nearest, price_basis, heading_segment, qualifier, speaker
from verifier.document import Document
from verifier.claims.when import FROM_BEFORE, base_period_of, cagr_years, labels_prior, last_period, own_relative, paragraph_period, sentence_relative, sequential_basis
from verifier.fold import fold
from verifier.models import Claim, Extraction, Quantity, Span
from verifier.words import target_at

# the wording is in data/wording_en.tsv and data/wording_zh.tsv (role names as below)
_W = lexicon.alternation
_SINCE_BEFORE = re.compile(
    rf"(?i:\b(?:{_W('en', 'since_before')})\s+(?:(?:{_W('en', 'period_edge')})\s+|(?:{_W('en', 'period_prefix')})-?)?)$"
    rf"|(?:{_W('zh', 'since_before')})$"
)
_SINCE_AFTER = re.compile(rf"\s*(?:{_W('zh', 'since_after')})")
_MARGIN_OF = {profit: margin for margin, profit in lexicon.margins().items()}
_SAME_MOVE = re.compile(rf"\s*,?\s+(?i:{_W('en', 'same_move')})\s+")
_COUNTED_BEFORE = re.compile(rf"\d\s*(?:{_W('zh', 'counter')})[^，,。；;\d]{{0,4}}$|(?:{_W('zh', 'many_counted')})[^，,。；;\d]{{0,4}}$")
# "increased 0.7% after a revised 0.4% gain in February": the period after the cue is the earlier move's
# "rose 0.7% after a 0.4% gain in February", "$439 billion, $44 billion less than the shortfall in 2014": the
# period after the cue is the earlier figure's
_PRIOR_MOVE = re.compile(rf"(?i:\b(?:{_W('en', 'prior_move')}|(?:{_W('en', 'gap_after')})\s+than)\b)(?=[^.;\d]{{0,40}}\d)")
_COMPANY_WORDS = re.compile(rf"{_W('zh', 'company_word')}|(?i:\bthe (?:{_W('en', 'company_noun')})\b)")
# 指數收市報16587點, the index closed at: the index named last (a bare word, not the end of another index's name)
_INDEX_WORDS = re.compile(rf"(?<![\u4e00-\u9fff])(?:{_W('zh', 'index_noun')})|(?i:\bthe (?:{_W('en', 'index_noun')})\b)")


def _before_prior_move(text: str, clause: tuple[int, int], end: int, found: dict) -> tuple[int, int]:
    """The clause up to the first prior-move cue after the figure ending at ``end``; the cues are
    found once per clause (searched again from every figure, one long clause was quadratic)."""
    starts = found.get(clause)
    if starts is None:
        starts = found[clause] = [m.start() for m in _PRIOR_MOVE.finditer(text, *clause)]
    k = bisect.bisect_left(starts, end)
    return clause if k == len(starts) else (clause[0], starts[k])


def build(doc: Document, extraction: Extraction, quantities: list[Quantity]) -> list[Claim]:
    article, text = doc.article, doc.text
    sents = list(doc.sentences)
    sent_starts = [a for a, _ in sents]
    found = doc.words
    ents = [Mention(a, b, v) for a, b, v in found.entities]
    metrics = [Mention(a, b, v) for a, b, v in found.metrics]
    known = [(m.start, m.end) for m in ents]
    ents += [Mention(a, b, v) for a, b, v in find_unknown_names(
        text, article.language, known, [p.start for p in extraction.periods], [m.start for m in metrics])]
    main = main_entity(ents)
    first_main = min((m.start for m in ents if m.value == main), default=len(text))
    ents += _company_words(text, ents, main) + _index_words(text, ents)
    aside = asides(text)
    E = Index(ents, aside)
    M = Index(metrics, aside)
    # "its fastest pace since 2022", "創2025年12月以來新低": a reference point, not the figure's period
    all_periods = [p for p in resolve_periods(extraction.periods)
                   if not (_SINCE_BEFORE.search(text, max(0, p.start - 8), p.start) or _SINCE_AFTER.match(text, p.end))]
    # "(2019: RMB336.5 million)": the period labelling a bracket is its figures' alone
    labelled = sorted(p.start for p in all_periods if labels_prior(text, p.start, p.end))
    prior = [(a, b) for a, b in aside if _inside_any(labelled, a, b)]
    prior_starts = [a for a, _ in prior]
    P = Index([p for p in all_periods if not p.value.startswith(("prev-", "this-", "next-"))], prior)
    R = Index([p for p in all_periods if p.value.startswith("prev-")])

    sent_ctx = [_sentence_context(text, E, M, P, s) for s in sents]
    tables = doc.tables
    claims: list[Claim] = []
    per_sentence: dict[int, tuple] = {}  # what every figure of a sentence shares, read once
    prior_moves: dict[tuple[int, int], list[int]] = {}  # a clause's prior-move cues, found once per clause
    earlier: set[str] = set()  # ids of figures dated to a base period by their own words (a year earlier)
    lead_period: str | None = None  # the period of the article's first figure dated by its own words
    for q in quantities:
        si = max(0, bisect.bisect_right(sent_starts, q.start) - 1)
        sent = sents[si] if sents else (0, len(text))
        clause = doc.clause(sent, q.start)
        if si not in per_sentence:
            per_sentence[si] = (_inherited(text, sents, sent_ctx, si), attribution(text, sent), Span(start=sent[0], end=sent[1]))
        inherited, attributed, sent_span = per_sentence[si]

        entity = nearest(E, sent, clause, q)
        entity_guessed = entity is None and inherited.get("entity") is not None
        entity = entity or inherited.get("entity")
        metric = metric_of(M, E, text, sent, clause, q) or inherited.get("metric")
        column = tables.column_of(q.start) if tables else None
        if column and q.unit == "dimensionless" and (scaled := _cell_unit(text, tables, q)) is not None:
            q = scaled  # | 归母净利润(亿元) | 4.05 |: the unit the row's label or the column's header gives
        header_period = (P.first_after(*column.header) or (P.first_after(*column.group) if column.group else None)) if column else None
        own_clause = _before_prior_move(text, clause, q.end, prior_moves)
        period = header_period.value if header_period else nearest(P, sent, own_clause, q, after_first=True, text=text)
        guessed = False
        if period is None and not header_period:
            period = _period_after(text, P, sent, q)
        if period is None:
            # else, in an article about no company (a release's later paragraphs, 分產業看…), the period its
            # first dated figure is for
            lead = (last_period(text, sents, sent_ctx, si) or lead_period) if entity is None and main is None else None
            period, guessed = inherited.get("period") or paragraph_period(text, sents, sent_ctx, si) or lead, True
            if inherited.get("period") and inherited.get("semicolon"):
                guessed = False
        if q.per_share and metric in (None, "net_income", "revenue") and not (metric is None and _one_off(text, sent, q)):
            metric = "eps"
        if (metric == "eps" and not q.per_share and "/" not in q.unit and q.unit.isupper() and len(q.unit) == 3
                and abs(q.value) < 1000):
            q = q.model_copy(update={"unit": q.unit + "/share", "per_share": True})  # 每股純益4.12元: per share
        elif metric == "eps" and not q.per_share and abs(q.value) >= 1e6 and (m_eps := M.first_after(q.end, sent[1])) is not None \
                and m_eps.value == "eps" and M.last_before(sent[0], q.start) is None:
            metric = None  # "Income … SEK 1,132m (517), and earnings per share was SEK 3.94": the next figure's metric
        kind, basis, direction = kind_of(text, sent, clause, q, metric)
        if kind == "ratio" and metric in _MARGIN_OF and cues.last("margin", text, max(clause[0], q.start - 14), q.start):
            metric = _MARGIN_OF[metric]  # "operating income of SEK 1,619m, a margin of 5.1%": the operating margin
        if column and kind in ("amount", "count") and cues.find("estimate", text, *column.header):
            kind = "estimate"  # | 指标 | 2024年 | 同比变化 | 分析师预期 |: the analysts' figure for the row
        if column and column.changes and q.unit in ("percent", "percentage_point"):
            # a cell under "Change" or 年增: the row's move between the period columns
            kind = "change" if q.unit == "percent" else "percentage_point_change"
            direction = "down" if q.value < 0 or text[q.start - 1 : q.start] in "-−" else "up"
        if (kind in ("count", "amount", "price") and claims and claims[-1].sentence.start == sent[0]
                and claims[-1].kind in ("count", "amount", "price") and claims[-1].quantity.unit == q.unit
                and _SIGNED_AFTER.fullmatch(text, claims[-1].quantity.end, q.start)
                and (text[q.start - 1 : q.start] == "+" or q.text[:1] in "-−")):
            # "Dow: 18,162.99, +121.45, (0.67%)": a signed figure after a level is the move to it
            kind, direction = "change", "up" if text[q.start - 1 : q.start] == "+" else "down"
        if (kind in ("amount", "count") and claims and claims[-1].sentence.start == sent[0] and claims[-1].kind == "change"
                and claims[-1].quantity.unit == "percent" and _SAME_MOVE.fullmatch(text, claims[-1].quantity.end, q.start)):
            kind, direction = "change", claims[-1].direction  # fell 2.48% or 41p: the same move, in money
        if kind == "price":
            q = exact_price(q)
        if (kind == "share" and claims and claims[-1].sentence.start == sent[0] and claims[-1].kind == "change"
                and claims[-1].quantity.unit != "percent" and move_in_percent(text, claims[-1].quantity.end, q.start, sent[0])):
            kind, direction = "change", claims[-1].direction  # down 71 cents, or 1%: the same move in percent
        if (kind in ("change", "share") and claims and claims[-1].sentence.start == sent[0]
                and claims[-1].kind in ("amount", "range", "estimate") and claims[-1].id not in earlier):
            # 營收…2134億美元，年增14%: a rate takes the figure it follows
            prev = claims[-1]
            # "imports slumped 11.3% to $162.4 billion while exports fell 6.6%": a metric named after the
            # figure is the rate's own
            own = metric is not None and any(v == metric for *_, v in cwords.metrics_between(text, prev.end, q.start))
            metric = metric if own or (nearest(M, sent, clause, q) and clause[0] > prev.end) else prev.metric or metric
            entity, entity_guessed = (prev.entity, prev.entity_guessed) if prev.entity else (entity, entity_guessed)
            period = prev.period or period
        if entity is None and main and metric in _COMPANY_METRICS and q.start > first_main:
            entity, entity_guessed = main, True  # no one named nearby: the article's main company
        if entity and aliases.entities().get(entity) and aliases.entities()[entity].parent == "*":
            entity = f"{main} {entity}" if main else entity  # 廣告業務 in an Amazon story: Amazon Advertising
        if metric == "market_cap" and aliases.kind_of(entity) == "market":
            metric = "market_size"  # 市值 of a market is its size, of a company its capitalisation
        if aliases.kind_of(entity) == "bond" and q.unit == "percent" and kind in ("share", "ratio") and metric in (None, "yield"):
            metric = "yield"  # "the 10-year at 4.83%": a bond's percentage is its yield
        if metric is None and entity and kind in ("amount", "range"):
            # a market's figure is its size; a segment's is its revenue (廣告業務也貢獻213.2億美元)
            metric = {"market": "market_size", "segment": "revenue"}.get(aliases.kind_of(entity))
        basis = sequential_basis(basis, period)
        base = R.last_before(sent[0], q.start)
        base_period = base_period_of(period, base.value if base else None, basis)
        # | 项目 | 本报告期 | 上年同期 |: a column headed by a relative period holds that period's figures
        head_rel = (R.first_after(*column.header) or (R.first_after(*column.group) if column.group else None)) \
            if column and not header_period else None
        own = (head_rel.value if head_rel else None) or own_relative(R, text, clause, q) or sentence_relative(R, text, sent, q, period) \
            or (_period_after(text, R, sent, q) if not head_rel else None)
        if own and (kind in ("amount", "range", "price", "count", "share", "ratio")
                    or (kind == "change" and _RATE_OF_PERIOD.match(text, q.end) and relate.object_at(text, q.start, sent))
                    or (kind == "change" and _last_years(text, R, P, clause, q))):
            # "from $19.3 billion a year earlier", "去年同期為116.7億元", "lower than the 2.1 percent growth in
            # the previous quarter": the figure is the base period's
            period, guessed = base_period_of(period, own, _RELATIVE_BASIS.get(own)) or own, period is None
            earlier.add(f"c{len(claims) + 1}")  # 上年同期為18.55億元: a rate after it is not about that year
        if kind == "cagr":
            period, base_period = cagr_years(text, P, sent, period)
        subject = qualifier(text, M, E, P, sent, clause, q, metric)
        if subject is None and metric and (head := heading_segment(text, sent[0], q.start, M)) is not None:
            subject = head  # 2.零售業：…綜計第1季營業額1兆485億元: the section's sector
        if kind == "amount" and (target := target_at(text, found.cues, q.start)) is not None:
            # 完成年初預算數60999萬元: the target the revenue before it is measured against, not a level of it
            kind, subject = "guidance", fold(text[target.start() : target.end()])
        if metric and (prices := price_basis(text, sent, q)) and prices != subject:
            subject = prices if subject is None else f"{subject} ({prices})"  # GDP at current prices: nominal
        claim = Claim(
            id=f"c{len(claims) + 1}",
            quantity=q,
            kind=kind,
            entity=entity,
            metric=metric,
            subject=subject,
            period=period,
            period_guessed=guessed and period is not None,
            entity_guessed=entity_guessed and entity is not None,
            base_period=base_period,
            change_basis=basis,
            direction=direction,
            forecast=is_forecast(text, sent, q),
            attribution=attributed or speaker(text, E, sent, q),
            sentence=sent_span,
        )
        claims.append(claim)
        if lead_period is None and claim.period and not claim.period_guessed and "@" not in claim.period \
                and not _in_span(prior, prior_starts, q.start) \
                and not claim.period.startswith(("prev", "this", "next")) and ".." not in claim.period:
            lead_period = claim.period
    return _short_forms(text, claims)


@lru_cache(maxsize=1)
def _short_form_rows() -> dict[str, tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]]:
    """short metric → (its short surfaces, folded; ((the metric it stands for, the metrics whose naming
    makes it so), …))."""
    out: dict[str, tuple[frozenset[str], tuple]] = {}
    for short, words, full, *named_by in lexicon.rows("metric_short_forms.tsv"):
        surfaces = frozenset(fold(w).lower() for w in words.split("|"))
        by = frozenset(named_by[0].split("|")) if named_by and named_by[0] else frozenset({full})
        old = out.get(short, (frozenset(), ()))
        out[short] = (old[0] | surfaces, (*old[1], (full, by)))
    return out


def _short_forms(text: str, claims: list[Claim]) -> list[Claim]:
    """``固定資產投資…。分產業看，第一產業投資7,800億元``, "exports … imports …, a surplus of $18 billion": a
    short metric word, once what makes it a longer metric is named, is that metric; the naming printed
    last before the figure decides, and the short metric said in full since then keeps it
    (data/metric_short_forms.tsv)."""
    rows = _short_form_rows()
    if not rows:
        return claims
    mentions = cwords.of(text).metrics
    starts = [m[0] for m in mentions]
    named: dict[str, list[int]] = {}
    in_full: dict[str, list[int]] = {}
    for a, b, v in mentions:
        named.setdefault(v, []).append(a)
        if v in rows and fold(text[a:b]).lower() not in rows[v][0]:
            in_full.setdefault(v, []).append(a)

    def last(points: list[int], pos: int) -> int:
        k = bisect.bisect_left(points, pos) - 1
        return points[k] if k >= 0 else -1

    out = []
    for c in claims:
        if c.metric in rows:
            surfaces, meanings = rows[c.metric]
            k = bisect.bisect_right(starts, c.quantity.start) - 1
            if k >= 0 and mentions[k][2] == c.metric and mentions[k][0] >= c.sentence.start \
                    and fold(text[mentions[k][0] : mentions[k][1]]).lower() in surfaces:
                at, full = max((max(last(named.get(m, []), c.quantity.start) for m in by), full) for full, by in meanings)
                if at >= 0 and at > last(in_full.get(c.metric, []), c.quantity.start):
                    c = c.model_copy(update={"metric": full})
        out.append(c)
    return out


_SIGNED_AFTER = re.compile(r"\s*[,，]\s*\+?")  # between a level and the signed move printed after it

_COMPANY_METRICS = {
    "revenue", "operating_income", "net_income", "eps", "capex", "share_price", "headcount",
    "cost", "gross_margin", "operating_margin", "net_margin", "profit_margin", "market_cap", "spending",
    "gross_profit", "cost_of_sales", "pretax_income",
}


# "an increase of 13.6% from $353.1 million in the fourth quarter of 2018": the period of a base, not the one
# the sentence is about (nor the next sentence's)
_BASE_DATED = re.compile(rf"(?i:\b(?:{_W('en', 'base_lead')})\s+(?:[a-z-]+\s+){{0,3}}[^\s\d]{{0,3}}\d[\d,.]*(?:\s+[a-z]+){{0,3}}"
                         rf"\s+(?:{_W('en', 'period_preposition')})\s+(?:the\s+)?)$")
def _inside_any(points: list[int], a: int, b: int) -> bool:
    """Some point of the sorted list lies strictly inside (a, b)."""
    k = bisect.bisect_right(points, a)
    return k < len(points) and points[k] < b


def _in_span(spans, starts: list[int], pos: int) -> bool:
    """``pos`` lies strictly inside one of the sorted, non-overlapping spans."""
    k = bisect.bisect_left(starts, pos) - 1
    return k >= 0 and spans[k][0] < pos < spans[k][1]


_RELATIVE_BASIS = {"prev-quarter": "qoq", "prev-month": "mom"}  # a relative period as the step back it names
# a rate's own period right after it: "the 2.1 percent growth in the previous quarter"
_RATE_OF_PERIOD = re.compile(r"\s*(?:[A-Za-z]+\s+)?(?i:in|during|for)\s+(?i:the|a)\s")


# ", or 3.8% of imports,": an aside of figures set beside the one before it (to the period, or closed by a comma)
_ASIDE = re.compile(rf",\s*(?i:(?:{_W('en', 'aside_open')})\b)[^,;]*(?:,|$)")


def _period_after(text, P, sent, q) -> str | None:
    """"A deficit of $6 billion, or 3.8% of imports, was recorded in March 2024": a sentence that names
    no period before its figure names it after, past an aside and words, with no other figure between
    (not "$5bn, compared with $4bn in 2024", the other figure's) and not as a base or a reference point."""
    m = P.first_after(q.end, sent[1])
    if m is None:
        return None
    between = _ASIDE.sub(" ", text[q.end : m.start], count=1)
    if re.search(r"[\d;；。，]", between) or between.count(",") > 1 or cues.find("from", text, q.end, m.start):
        return None  # ("$3bn, compared with a loss a year earlier": the period of what it is compared with)
    if FROM_BEFORE.search(text, max(sent[0], m.start - 12), m.start) or labels_prior(text, m.start, m.end) \
            or _SINCE_BEFORE.search(text, max(sent[0], m.start - 16), m.start):
        return None
    return m.value


_SINCE_BEFORE = re.compile(rf"(?i:\b(?:{_W('en', 'since_before')})\s+(?:[a-z-]+\s+)?)$")


def _last_years(text, R, P, clause, q) -> bool:
    """``去年前2个月进出口同比下降9.7%``, "last year's first quarter": "last year" right before a yearless
    period in the figure's clause dates the rate itself, not its base."""
    m = R.last_before(clause[0], q.start)
    part = P.first_after(m.end, m.end + 3) if m is not None else None
    # a part of that year (去年前2个月, 去年第三季); 去年全年 is often the year being reported
    return (m is not None and m.value == "prev-year" and part is not None and part.value != "full-year"
            and not FROM_BEFORE.search(text, max(clause[0], m.start - 12), m.start))


_CONTINUES = re.compile(rf"\s*(?:{_W('zh', 'continues')}|(?i:(?:{_W('en', 'continues')})\b))")


def _sentence_context(text, E, M, P, sent) -> dict:
    """What a sentence hands on: the last name, metric and period it states; a period named
    as a comparison base (較第二季的…, than the second quarter) is not the one it is about."""
    ctx = {}
    for key, index in (("entity", E), ("metric", M)):
        m = index.last_before(sent[0], sent[1])
        if m is not None:
            ctx[key] = m.value
    about = [p for p in P.between(sent[0], sent[1]) if not FROM_BEFORE.search(text, max(sent[0], p.start - 12), p.start)
             and not labels_prior(text, p.start, p.end) and not _BASE_DATED.search(text, max(sent[0], p.start - 72), p.start)]
    if about:
        ctx["period"] = about[-1].value
    ctx["question"] = text[sent[0] : sent[1]].rstrip().endswith(("?", "？"))
    return ctx


_CELL = re.compile(r"[-+−]?[\d,.]+\s*[^\s\d]{0,4}")  # a line that is one figure and its unit: a table cell


def _inherited(text, sents, sent_ctx, si) -> dict:
    """What a sentence takes from the one before: an answer from its question,
    a sentence that opens with 這/this from its antecedent, and a clause after a
    semicolon from the one before it (…同比增長9.28%；歸母淨利潤490.34億元: the
    subject is left unsaid, as Chinese allows)."""
    if si == 0:
        return {}
    prev = sent_ctx[si - 1]
    a = sents[si][0]
    if text[sents[si - 1][1] - 1 : sents[si - 1][1]] in ("；", ";"):
        return {**prev, "semicolon": True}  # one sentence in a reader's eyes: what it names is read, not guessed
    if prev.get("question") or _CONTINUES.match(text, a):
        return prev
    if si >= 2 and text[sents[si - 1][0] : sents[si - 1][1]].strip() == "|" and _CELL.fullmatch(text[sents[si][0] : sents[si][1]].strip()):
        # a table written one cell a line (营业总收入 / | / 4.71亿元): the value takes its row label's metric
        return {k: v for k, v in sent_ctx[si - 2].items() if k == "metric"}
    if cues.opens("backref", text, sents[si]):
        # 去年同期為110億元, A year earlier, revenue was …: the previous sentence's figure, a year back
        return {k: v for k, v in prev.items() if k != "period"}
    return {}


def _referring(text: str, ents: list[Mention], words: re.Pattern, kind: str):
    """(word, the name of that kind named last before it, or None) for each word that refers back to
    one (公司, 指數, the company, the index), except where the word ends a name (宏達公司, 恒生指數)."""
    named = sorted((m for m in ents if aliases.kind_of(m.value) == kind), key=lambda m: m.start)
    starts = [m.start for m in named]
    spans = sorted((m.start, m.end) for m in ents)
    span_starts = [a for a, _ in spans]
    for w in words.finditer(text):
        k = bisect.bisect_right(span_starts, w.start()) - 1
        if k >= 0 and spans[k][1] > w.start():
            continue
        i = bisect.bisect_left(starts, w.start()) - 1
        yield w, (named[i] if i >= 0 else None)


def _index_words(text: str, ents: list[Mention]) -> list[Mention]:
    """指數, 大市, the index: the market index named last before it in the article."""
    return [Mention(w.start(), w.end(), last.value) for w, last in _referring(text, ents, _INDEX_WORDS, "index") if last]


def _company_words(text: str, ents: list[Mention], main: str | None) -> list[Mention]:
    """公司, the company: the company named last before it in its paragraph, else the article's main one."""
    out = []
    for w, last in _referring(text, ents, _COMPANY_WORDS, "company"):
        if _COUNTED_BEFORE.search(text, max(0, w.start() - 6), w.start()):
            continue  # 接入228家基金公司: companies counted, not the one named before
        same_paragraph = last is not None and last.end <= w.start() and "\n" not in text[last.end : w.start()]
        name = last.value if same_paragraph else main
        if name:
            out.append(Mention(w.start(), w.end(), name))
    return out


# "an unusual gain … of $2.3 million, or $0.19 per diluted share": the per-share figure of a named
# gain, charge or benefit, not the earnings per share
_ONE_OFF = re.compile(rf"(?i:\b(?:{_W('en', 'one_off')})\b)")


def _one_off(text: str, sent, q: Quantity) -> bool:
    hits = list(_ONE_OFF.finditer(text, max(sent[0], q.start - 90), q.start))
    return bool(hits) and not cwords.metrics_between(text, hits[-1].end(), q.start)


# a unit in brackets in a table's row label or column header: 营业总收入(亿元), 2024年(万元), Revenue ($m)
_LABEL_UNIT = re.compile(r"[(（]\s*([^()（）\d|]{1,6})\s*[)）]")


@lru_cache(maxsize=256)
def _unit_named(word: str) -> Quantity | None:
    """What one of the unit word names (亿元 → 1e8 CNY), read by the extract stage itself; once per word,
    not once per cell."""
    from verifier.extract import extract

    found = extract("1" + word, "zh" if re.search(r"[\u4e00-\u9fff]", word) else "en").quantities
    if len(found) != 1 or found[0].unit == "dimensionless" and found[0].value == 1:
        return None
    return found[0]


def _cell_unit(text: str, tables, q: Quantity) -> Quantity | None:
    """The cell's figure in the unit its row label (or a label above it) or its column header names."""
    cell = tables.cell_at(q.start)
    if cell is None:
        return None
    # the row's own label, else the nearest label above that names one (社会消费品零售总额(亿元) over its
    # parts' rows), else the column's header
    rows = tables.grid[cell.table]
    labels = [rows[k][0] for k in range(cell.row, -1, -1) if rows[k]] if cell.col else []
    for a, b in labels + [cell.column.header] + ([cell.column.group] if cell.column.group else []):
        m = _LABEL_UNIT.search(text, a, b)
        if m is None:
            continue
        u = _unit_named(m.group(1).strip())
        if u is None:
            continue
        f = u.value
        scale = {k: (getattr(q, k) * f if getattr(q, k) is not None else None) for k in ("value", "lo", "hi", "low", "high", "precision")}
        return q.model_copy(update={**scale, "unit": u.unit, "kind": u.kind, "per_share": u.per_share or q.per_share})
    return None

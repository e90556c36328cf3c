"""Which entity and metric a figure is about, and who says so.

The nearest name in the figure's clause, then its sentence; a metric word
printed right after an amount (``1756億美元營收``); the word narrowing a
metric (``Gaming revenue``, ``海外營收``); the source a sentence names.
"""

from __future__ import annotations

import re

from functools import lru_cache

from verifier import aliases, lexicon
from verifier.claims import cues
from verifier.claims.mentions import Index
from verifier.fold import fold
from verifier.models import Quantity


# a preposition between a figure and its own period (data/wording_en.tsv period_preposition)
_JUST_AFTER = re.compile(rf"\s*(?:(?i:{lexicon.alternation('en', 'period_preposition')})\s+(?:the\s+)?)?")


def nearest(index: Index, sent, clause, q: Quantity, after_first: bool = False, text: str = "") -> str | None:
    """The name nearest before the figure in its clause, then (periods: "$10bn in Q1 2025")
    after it in the clause, then before it in the sentence."""
    if after_first:
        # "$13 billion in Q4 2025": a period right after the figure is its own
        m = index.first_after(q.end, min(clause[1], q.end + 16))
        if m is not None and _JUST_AFTER.fullmatch(text, q.end, m.start):
            return m.value
    m = index.last_before(clause[0], q.start)
    if m is None and after_first:
        m = index.first_after(q.end, clause[1])
    if m is None:
        m = index.last_before(sent[0], q.start)
    if m is None:
        m = index.first_after(q.end, clause[1])
    return m.value if m else None


def metric_of(M: Index, E: Index, text: str, sent, clause, q: Quantity) -> str | None:
    # a metric word printed right after an amount or a count names it: 1756億美元營收, 254,000 jobs
    after = M.first_after(q.end, min(q.end + 2, clause[1]))
    if after is not None and q.kind in ("amount", "number") and not text[q.end : after.start].strip():
        return after.value
    on = _ON_METRIC.match(text, q.end)
    if on and (after := M.first_after(on.end(), min(on.end() + 1, clause[1]))) is not None and after.start == on.end() \
            and not _OWN_FIGURE.match(text, after.end):
        # "spent $131 billion on capital expenditures", "$5 billion in revenue"; not "earned $450 million
        # on sales of $3 billion", where the metric after has its own figure
        return after.value
    m = M.last_before(clause[0], q.start) or M.last_before(sent[0], q.start)
    while m is not None and (_WHOLE_BEFORE.search(text, max(sent[0], m.start - 16), m.start) or (
            q.unit == "percent" and _ZH_WHOLE_BEFORE.search(text, max(sent[0], m.start - 8), m.start))) \
            and not ((own := _OWN_FIGURE.match(text, m.end)) and own.end() > q.start >= m.end):
        # (not "9.4% of imports of $5,174 million": the whole's own figure, right after its name)
        m = M.last_before(sent[0], m.start)  # "peaked at 9.8 percent of GDP in 2009; it fell to 2.8 percent": the deficit's
    while m is not None and (head := M.last_before(clause[0], m.start)) is not None and _HEAD_PHRASE.fullmatch(text, head.end, m.start):
        m = head  # "average hourly earnings for all employees on private nonfarm payrolls rose": the head noun's
    if m is not None and (E.last_before(m.end, q.start) is None or _OF_NAME.match(text, m.end)):
        return m.value  # "Net income for Apple rose to …": the name after "for" is the metric's own
    # the metric before belongs to another entity: look after the figure (…35%，到2030年市值…),
    # but not past the next name, whose metric that would be
    nxt = E.first_after(q.end, sent[1])
    after = M.first_after(q.end, nxt.start if nxt else sent[1])
    return after.value if after else (m.value if m else None)


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, dict[str, str]]:
    """role → surface → canonical, from data/qualifiers.tsv; surfaces folded (one script serves both)."""
    out: dict[str, dict[str, str]] = {}
    for surface, role, canonical in lexicon.rows("qualifiers.tsv"):
        out.setdefault(role, {})[fold(surface)] = canonical
    return out


_ON_METRIC = re.compile(rf"\s+(?i:{lexicon.alternation('en', 'metric_preposition')})\s+(?:(?i:the|its|their)\s+)?")
_OWN_FIGURE = re.compile(rf"\s+(?i:{lexicon.alternation('en', 'metric_own_figure')})\s+\D{{0,4}}\d")
_OF_NAME = re.compile(rf"\s+(?i:{lexicon.alternation('en', 'metric_of')})\s+(?=[A-Z])")
_HEAD_PHRASE = re.compile(rf"\s+(?i:{lexicon.alternation('en', 'head_preposition')})\s+[A-Za-z ,-]*?\s*")
# the whole a share is of, named after its share word: "9.8 percent of GDP", 占GDP比重, 佔全港出口的
_WHOLE_BEFORE = re.compile(rf"(?i:{lexicon.alternation('en', 'share_of')})\s+(?:(?i:{lexicon.alternation('en', 'whole_qualifier')})\s+)?$")
_ZH_WHOLE_BEFORE = re.compile(rf"(?:{lexicon.alternation('zh', 'share_of')})[^\d，,。；;：:]{{0,6}}$")
_EN_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]*)\s+$")


_EN_SECTOR = re.compile(rf"(?<![A-Za-z-])(?i:({lexicon.alternation('en', 'sector')}))\s+$")
_ZH_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,4})$")
_BRACKETED = re.compile(r"[%％]?\s*[(（]([^()（）|\n]{1,12})[)）]")


_SEGMENT = re.compile(rf"[\u4e00-\u9fff]{{1,12}}(?:{lexicon.alternation('zh', 'segment_suffix')})")
_WHOLE = re.compile(rf"(.*?)(?:{lexicon.alternation('zh', 'segment_whole')})")
_SEGMENT_LEAD = re.compile(lexicon.alternation("zh", "segment_lead"))


def _segment(text, E, P, clause) -> str | None:
    """The part a clause opens with, right before its basis or move word: 裝備制造業同比增長,
    规模以上工业同比增长 (the whole industry above the size line: the qualifier 规模以上)."""
    lo, hi = clause
    pos = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
    for hits in (P, E):  # 10月，…; 中國規模以上工業: a period or a name first is not the part
        h = hits.first_after(pos, hi)
        if h is not None and h.start == pos:
            pos = h.end + len(text[h.end : hi]) - len(text[h.end : hi].lstrip(" \t,，、"))
    lead = _SEGMENT_LEAD.match(text, pos, hi)
    pos = lead.end() if lead else pos  # 中國規模以上工業: the country is the whole, not the part
    if not ("\u4e00" <= text[pos : pos + 1] <= "\u9fff"):
        return None
    # where a basis or move word of at most four characters starts (同比增長), found once for the clause head
    words_at = {h.start() for d in ("yoy", "up", "down") for h in cues.find(d, text, pos + 2, min(hi, pos + 17))
                if h.end() - h.start() <= 4}
    for end in range(min(hi, pos + 13), pos + 1, -1):  # the longest name that a basis or move word follows
        m = _SEGMENT.fullmatch(text, pos, end) if end in words_at else None
        if m:
            whole = _WHOLE.fullmatch(m.group(0))
            return (whole.group(1) or None) if whole else m.group(0).lower()
    return None


def canonical_qualifier(words: str) -> str:
    """One name for a qualifier across languages and scripts (核心 and core are one)."""
    quals = _qualifiers()
    w = " ".join(words.split())
    return quals["zh"].get(fold(w)) or quals["en"].get(w.lower()) or w.lower()


def qualified_metric(metric: str, subject: str | None) -> str:
    """The key a qualified metric is matched by: ``revenue`` and ``revenue:services`` never meet."""
    return f"{metric}:{subject}" if subject else metric


def qualifier(text, M, E, P, sent, clause, q, metric) -> str | None:
    """The word printed right before the metric name, when it narrows it (Gaming revenue, 海外營收)."""
    if metric is None:
        return None
    m = M.last_before(sent[0], q.start)
    if (m is None or m.end <= clause[0]) and (seg := _segment(text, E, P, clause)):
        return seg  # 工業生產中，裝備制造業同比增長9.2%: the metric named earlier, the clause names its part
    if m is None or m.value != metric:
        m = M.first_after(q.end, sent[1])
        if m is None or m.value != metric:
            return None
    if (after := _BRACKETED.match(text, m.end)) is not None and m.end < q.start:
        # 加权平均净资产收益率%(扣非后), net income (adjusted): a known qualifier in brackets after the metric
        quals = _qualifiers()
        inner = after.group(1).strip()
        found = quals["zh"].get(fold(inner)) or quals["en"].get(inner.lower())
        if found:
            return found
    if metric in _PARTNERED and (partner := _partner(text, sent, m)) is not None:
        return partner  # 輸往亞洲的整體出口, exports to Asia: the trade with one partner, not all of it
    if metric in _PARTNERED and _GOODS.search(text, max(sent[0], m.start - 6), m.start):
        return None  # 商品進口貨值, 有形貿易逆差: the goods trade the release is about, not a part of it
    at = m.start
    if (p := P.last_before(max(sent[0], m.start - 12), m.start)) is not None and p.end == m.start \
            and "\u4e00" <= text[m.start] <= "\u9fff" and _SECTOR_END.search(text, max(sent[0], p.start - 12), p.start):
        at = p.start  # 電子產品一一四年外銷訂單金額: a period between a sector or product and its metric
    before = text[max(sent[0], at - 20) : at]
    if (verb := _ZH_VERB_END.search(before)) is not None and verb.start() > 0:
        before = before[: verb.start()]  # 第一产业实现增加值: the verb between the part and its metric
    # an ASCII metric after Chinese words (制造业PMI, 雲端AI) takes a Chinese qualifier
    if text[m.start].isascii() and not (before and "\u4e00" <= before[-1] <= "\u9fff"):
        w = _EN_WORD_BEFORE.search(before)
        quals = _qualifiers()
        if w and (sector := _EN_SECTOR.search(before, 0, w.start(1))) and w.group(1).lower() not in quals["en_stop"]:
            # "public construction spending", "residential construction": a sector word before the
            # series' noun narrows the series as the noun alone does not
            return sector.group(1).lower()
        if not w or w.group(1).lower() in quals["en_stop"] or w.group(1).lower().endswith("-quarter"):
            return None
        if not (w.group(1)[0].isupper() or "-" in w.group(1) or w.group(1).lower() in quals["en"]):
            return None
        word = w.group(1)
        start = at - len(before) + w.start(1)
    else:
        zh = _qualifiers()["zh"]
        bare = fold(before[:-1] if before.endswith("的") else before)
        if any(bare.endswith(x) for x in _qualifiers()["zh_not"]):
            return None  # 全國, 整體: the whole, not a part
        known = next((x for x in sorted(zh, key=len, reverse=True) if bare.endswith(x)), None)
        if known is not None:
            # a known qualifier: its one name across scripts; inside a name it is the name's
            # (AI資料中心需求: the AI data-centre market's demand, not a data-centre part of it)
            e = E.last_before(max(sent[0], at - 24), at)
            if e is not None and e.end > at - len(known):
                return None
            # 31个大城市城镇调查失业率: a counted sub-population before the qualifier narrows it further
            group = _population().search(bare[: len(bare) - len(known)])
            return fold(group.group(1)) + zh[known] if group else zh[known]
        else:
            de = 1 if before.endswith("的") else 0  # 其他業務的收入: the qualifier before 的
            w = _ZH_BEFORE.search(before[: len(before) - de])
            if not w:
                return None
            word = w.group(1)
            # after a name, only what follows it narrows the metric: 茅台酒收入 → 酒; AWS營收 → nothing
            e = E.last_before(at - len(word), at)
            if e is not None:
                word = text[e.end : at]
            stop = next(iter(_qualifiers()["zh_stop"]))
            folded = fold(word)
            kept = folded.lstrip(stop)
            while (lead := next((x for x in _qualifiers()["zh_not"] if kept.startswith(x) and kept != x), None)):
                kept = kept[len(lead):].lstrip(stop)  # 預料經常開支: what the figure is (a forecast), then the part
            word, folded = word[len(folded) - len(kept) :], kept
            if not word or any(ch in stop for ch in folded) or any(folded.endswith(x) for x in _qualifiers()["zh_not"]):
                return None
            if folded in _aliases(metric):
                return None  # 總預算歲出: another name of the same metric, not a part of it
            start = at - de - len(word)
    # a name or a period before the metric is the entity or period, not a qualifier
    if E.last_before(start, at) or P.last_before(start - 1, at):
        return None
    return _qualifiers()["en"].get(word.lower(), word.lower())


_SECTOR_END = re.compile(rf"[\u4e00-\u9fff](?:{lexicon.alternation('zh', 'segment_suffix')})$")
_ZH_VERB_END = re.compile(rf"(?:{lexicon.alternation('zh', 'metric_verb')})$")
_PARTNERED = frozenset({"exports", "imports", "trade", "trade_balance"})
_ZH_PARTNER = re.compile(rf"(?:{lexicon.alternation('zh', 'trade_partner')})([\u4e00-\u9fff]{{2,8}}?)的?(?:{lexicon.alternation('zh', 'partner_whole')})?$")
_GOODS = re.compile(rf"(?:{lexicon.alternation('zh', 'goods_trade')})的?$")
_EN_PARTNER = re.compile(rf"\s+(?i:{lexicon.alternation('en', 'trade_partner')})\s+(?:the\s+)?([A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*)")


def _partner(text, sent, m) -> str | None:
    """The place a trade figure is with, named around its metric word."""
    if text[m.start].isascii():
        after = _EN_PARTNER.match(text, m.end, sent[1])
        return after.group(1) if after else None
    before = _ZH_PARTNER.search(text, max(sent[0], m.start - 14), m.start)
    return before.group(1) if before else None


@lru_cache(maxsize=1)
def _basis() -> re.Pattern:
    from verifier.fold import either_script

    rows = [(w, c) for w, role, c in lexicon.rows("qualifiers.tsv") if role == "basis"]
    # "GDP at Constant (2011-12) Prices": a bracket may stand between the words
    en = "|".join(re.escape(w).replace(r"\ ", r"\s+(?:\([^()\n]{0,16}\)\s+)?") for w, _ in rows if w.isascii())
    zh = "|".join(either_script(w) for w, _ in rows if not w.isascii())
    return re.compile(rf"(?i:\b(?:{en})\b)|{zh}")


def price_basis(text, sent, q) -> str | None:
    """At what prices the figure is measured, when its sentence says so before it: real (at constant
    prices, 按可比价格计算) or nominal (at current prices, 现价); the last such words before it apply."""
    last = None
    for last in _basis().finditer(text, sent[0], q.start):
        pass
    if last is None:
        return None
    words = re.sub(r"\s+", " ", re.sub(r"\([^()]*\)", " ", last.group(0))).strip()
    return _qualifiers()["basis"].get(fold(words.lower()))


@lru_cache(maxsize=1)
def _population() -> re.Pattern:
    return re.compile(rf"\d+\s*(?:{lexicon.alternation('zh', 'population_counter')})([^\d\s，,。；;、]{{1,5}})$")


@lru_cache(maxsize=None)
def _aliases(metric: str) -> frozenset[str]:
    """The metric's Chinese names, folded."""
    name = aliases.metrics().get(metric)
    return frozenset(fold(a) for a in (name.aliases if name else ()) if not a.isascii())


def is_forecast(text: str, sent, q: Quantity) -> bool:
    return cues.first("forecast", text, sent[0], q.start) is not None


def speaker(text: str, E: Index, sent, q: Quantity) -> str | None:
    """A company forecasting its own figures (亞馬遜預測…, Amazon expects…) is the source."""
    m = cues.first("forecast", text, sent[0], q.start)
    if m is None:
        return None
    e = E.last_before(max(sent[0], m.start() - 24), m.start())
    if e is not None and aliases.kind_of(e.value) in ("company", "segment"):
        return e.value
    return None


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """Verbs of saying, folded (data/wording_*.tsv ``speech_verb``): the speaker is before them."""
    return frozenset(fold(w) for lang in ("en", "zh") for w in lexicon.wording(lang)["speech_verb"])


def attribution(text: str, sent) -> str | None:
    if m := cues.first("named_source", text, *sent):
        return m.group(0)
    if m := cues.first("attribution", text, *sent):
        tail = re.match(r"[^，,。；;：:（(\n]{1,24}", text[m.end() : sent[1]])
        if fold(m.group(0)) in _speech_verbs():
            head = re.search(r"([^，,。；;\n]{1,24})$", text[sent[0] : m.start()])
            return head.group(1).strip() if head else None
        return tail.group(0).strip() if tail else m.group(0)
    return None


# a numbered section heading of a release, glued or spaced: 2.零售業：, 二、餐飲業:, (3)批發業：
_HEADING = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,2}[)）])"
                      r"[ \t]*(?P<label>[^\d\n：:，,。；;()（）]{1,12})[：:]")
_HEADING_REACH = 4000  # characters back to the section's heading


def heading_segment(text: str, at: int, q_start: int | None = None, M: Index | None = None) -> str | None:
    """The sector a release's section heading names (2.零售業：…綜計第1季營業額…): the figures of the
    section that name no part of their own are that sector's, not the whole economy's. Only a label
    that is a sector (data/wording_zh.tsv segment_suffix); a heading of another kind says nothing."""
    found = None
    for m in _HEADING.finditer(text, max(0, at - _HEADING_REACH), at):
        if _SECTOR_LABEL.search(m.group("label").strip()):
            found = m.group("label").strip()
        elif not m.group(0).lstrip().startswith(("(", "（")):
            found = None  # a top-level heading of another kind closes the sector's section
    if found is not None and q_start is not None:
        # …；飲料店業受惠展店，年增7.2%: a sector the figure's own clause names is its own, not the heading's
        lo = max(at, text.rfind("；", at, q_start) + 1, text.rfind(";", at, q_start) + 1)
        names = [(m.start, m.end) for m in M.between(lo, q_start)] if M is not None else []
        if any(fold(w.group(0)) != fold(found) and not any(a < w.end() <= b for a, b in names)  # not 營業額's 業
               for w in _SEGMENT.finditer(text, lo, q_start)):
            return None
    return found


_SECTOR_LABEL = re.compile(rf"(?:{lexicon.alternation('zh', 'segment_suffix')})$")


"""Quantities plus their sentence become claims: entity, metric, period, kind.

Everything is read off the raw text around each figure with the lexicons
(entities, metrics, cues): the nearest name before the figure in its clause,
then in its sentence, then carried over from the sentence before, which is
how a reader resolves ``營收355.8億美元，年增24%``. What was carried over
rather than read is marked ``period_guessed`` so a check can say so.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from verifier import aliases
from verifier.claims import cues
from verifier.claims.sentences import clause_bounds, sentences
from verifier.models import Article, Claim, Extraction, Period, Quantity, Span

_COMPANY_WORDS = re.compile(r"公司|該公司|该公司|(?i:\bthe company\b|\bthe firm\b)")
_START_YEAR = re.compile(r"(?:從|从|自|由)\s*$|(?i:\b(?:from|since|starting(?: in)?|beginning(?: in)?)\s*$)")
_END_YEAR = re.compile(r"(?:到|至|於|于)\s*$|(?i:\b(?:by|to|through|until|in)\s*$)")


@dataclass
class _Mention:
    start: int
    end: int
    value: str


class _Index:
    """Mentions sorted by offset, for "the last one before" look-ups."""

    def __init__(self, mentions: list[_Mention]):
        self.m = sorted(mentions, key=lambda x: x.start)
        self.starts = [x.start for x in self.m]

    def last_before(self, lo: int, hi: int) -> _Mention | None:
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and self.m[i].start >= lo:
            if self.m[i].end <= hi:
                return self.m[i]
            i -= 1
        return None

    def first_after(self, lo: int, hi: int) -> _Mention | None:
        i = bisect.bisect_left(self.starts, lo)
        if i < len(self.m) and self.m[i].start < hi:
            return self.m[i]
        return None

    def between(self, lo: int, hi: int) -> list[_Mention]:
        i = bisect.bisect_left(self.starts, lo)
        out = []
        while i < len(self.m) and self.m[i].start < hi:
            out.append(self.m[i])
            i += 1
        return out


def _main_entity(ents: list[_Mention]) -> str | None:
    names = aliases.entities()
    counts = Counter(m.value for m in ents if names[m.value].kind == "company").most_common(2)
    if not counts:
        return None
    # "the company" means the article's subject only when one company dominates it
    if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
        return None
    return counts[0][0]


def resolve_periods(periods: tuple[Period, ...]) -> list[_Mention]:
    """Period labels with years filled in where the article implies them."""
    explicit_q = [p for p in periods if p.kind == "quarter" and p.year]
    latest_q = max((p.label for p in explicit_q), default=None)
    last_of_quarter = {p.label[-2:]: p.label for p in explicit_q}
    out = []
    for p in periods:
        label = p.label
        if p.kind == "quarter" and not p.year:
            q = int(label[-1])
            if f"Q{q}" in last_of_quarter:
                label = last_of_quarter[f"Q{q}"]
            elif latest_q:
                y, lq = int(latest_q[:4]), int(latest_q[-1])
                label = f"{y if q > lq else y + 1}-Q{q}"
        elif p.kind == "half" and not p.year:
            continue
        elif p.kind in ("month", "date") and not p.year:
            continue
        out.append(_Mention(p.start, p.end, label))
    return out


def build(article: Article, extraction: Extraction, quantities: list[Quantity]) -> list[Claim]:
    text = article.text
    sents = sentences(text, article.language)
    sent_starts = [a for a, _ in sents]
    ents = [_Mention(a, b, v) for a, b, v in aliases.find_entities(text)]
    main = _main_entity(ents)
    if main:
        ents += [_Mention(m.start(), m.end(), main) for m in _COMPANY_WORDS.finditer(text)]
    E = _Index(ents)
    M = _Index([_Mention(a, b, v) for a, b, v in aliases.find_metrics(text)])
    all_periods = resolve_periods(extraction.periods)
    P = _Index([p for p in all_periods if not p.value.startswith(("prev-", "this-", "next-"))])
    R = _Index([p for p in all_periods if p.value.startswith("prev-")])

    sent_ctx = [_sentence_context(text, E, M, P, s) for s in sents]
    claims: list[Claim] = []
    for q in quantities:
        si = max(0, bisect.bisect_right(sent_starts, q.start) - 1)
        sent = sents[si] if sents else (0, len(text))
        clause = clause_bounds(text, sent, q.start)
        inherited = _inherited(text, sents, sent_ctx, si)

        entity = _nearest(E, sent, clause, q) or inherited.get("entity")
        metric = _metric(M, E, text, sent, clause, q) or inherited.get("metric")
        period = _nearest(P, sent, clause, q, after_first=True, text=text)
        guessed = False
        if period is None:
            period, guessed = inherited.get("period") or _paragraph_period(text, sents, sent_ctx, si), True
        if q.per_share and metric in (None, "net_income", "revenue"):
            metric = "eps"
        kind, basis, direction = _kind(text, sent, clause, q, metric)
        if kind in ("change", "share") and claims and claims[-1].sentence.start == sent[0] and claims[-1].kind in ("amount", "range", "estimate"):
            # 營收…2134億美元，年增14%: a rate takes the figure it follows
            prev = claims[-1]
            metric = metric if _nearest(M, sent, clause, q) and clause[0] > prev.end else prev.metric or metric
            entity = prev.entity or entity
            period = prev.period or period
        if entity is None and main and metric in _COMPANY_METRICS:
            entity = main
        if entity and aliases.entities().get(entity) and aliases.entities()[entity].parent == "*":
            entity = f"{main} {entity}" if main else entity  # 廣告業務 in an Amazon story: Amazon Advertising
        if metric is None and entity and kind in ("amount", "range"):
            # a market's figure is its size; a segment's is its revenue (廣告業務也貢獻213.2億美元)
            metric = {"market": "market_size", "segment": "revenue"}.get(aliases.kind_of(entity))
        base = R.last_before(sent[0], q.start)
        base_period = _base_period(period, base.value if base else None, basis)
        own = _own_relative(R, text, clause, q) or _sentence_relative(R, text, sent, q, period)
        if own and kind in ("amount", "range", "price", "count", "share", "ratio"):
            # "from $19.3 billion a year earlier", "去年同期為116.7億元": the figure is the base period's
            period, guessed = _base_period(period, own, None) or own, period is None
        if kind == "cagr":
            period, base_period = _cagr_years(text, P, sent, period)
        subject = _qualifier(text, M, E, P, sent, clause, q, metric)
        claim = Claim(
            id=f"c{len(claims) + 1}",
            quantity=q,
            kind=kind,
            entity=entity,
            metric=metric,
            subject=subject,
            period=period,
            period_guessed=guessed and period is not None,
            base_period=base_period,
            change_basis=basis,
            direction=direction,
            forecast=_forecast(text, sent, q),
            attribution=_attribution(text, sent) or _speaker(text, E, sent, q),
            sentence=Span(start=sent[0], end=sent[1]),
        )
        claims.append(claim)
    return claims


_COMPANY_METRICS = {
    "revenue", "operating_income", "net_income", "eps", "capex", "share_price", "headcount",
    "cost", "gross_margin", "operating_margin", "net_margin", "market_cap", "spending",
}
_CONTINUES = re.compile(r"^\s*(?:這|这|此|其|該|该|它|並|并|同時|同时|(?i:this|that|these|it|its|they|the company|also)\b)")


def _sentence_context(text, E, M, P, sent) -> dict:
    ctx = {}
    for key, index in (("entity", E), ("metric", M), ("period", P)):
        m = index.last_before(sent[0], sent[1])
        if m is not None:
            ctx[key] = m.value
    ctx["question"] = text[sent[0] : sent[1]].rstrip().endswith(("?", "？"))
    return ctx


def _inherited(text, sents, sent_ctx, si) -> dict:
    """What a sentence takes from the one before: an answer from its question,
    a sentence that opens with 這/this from its antecedent."""
    if si == 0:
        return {}
    prev = sent_ctx[si - 1]
    a = sents[si][0]
    if prev.get("question") or _CONTINUES.match(text, a):
        return prev
    return {}


def _paragraph_period(text, sents, sent_ctx, si) -> str | None:
    """The period last named earlier in the same paragraph (a guess, marked as such)."""
    for j in range(si - 1, -1, -1):
        if "\n" in text[sents[j][1] - 1 : sents[j + 1][0]]:
            return None
        if sent_ctx[j].get("period"):
            return sent_ctx[j]["period"]
    return None


_JUST_AFTER = re.compile(r"\s*(?:(?i:in|for|during|at|of|by)\s+(?:the\s+)?)?")
def _nearest(index: _Index, sent, clause, q: Quantity, after_first: bool = False, text: str = "") -> str | None:
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


def _metric(M: _Index, E: _Index, text: str, sent, clause, q: Quantity) -> str | None:
    # a metric word printed right after an amount names it: 1756億美元營收
    after = M.first_after(q.end, min(q.end + 1, clause[1]))
    if after is not None and q.kind == "amount" and after.start == q.end:
        return after.value
    m = M.last_before(clause[0], q.start) or M.last_before(sent[0], q.start)
    if m is not None and E.last_before(m.end, q.start) is None:
        return m.value
    # the metric before belongs to another entity: look after the figure (…35%，到2030年市值…),
    # but not past the next name, whose metric that would be
    nxt = E.first_after(q.end, sent[1])
    after = M.first_after(q.end, nxt.start if nxt else sent[1])
    return after.value if after else (m.value if m else None)


def _kind(text: str, sent, clause, q: Quantity, metric: str | None) -> tuple[str, str | None, str | None]:
    """(kind, change_basis, direction) from the cues just before the figure."""
    window = (max(clause[0], q.start - 22), q.start)
    if q.kind == "percentage_point":
        return "percentage_point_change", None, _direction(text, window)
    if q.kind == "multiple":
        return "multiple", None, None
    if q.kind in ("percent", "fraction"):
        if cues.last("cagr", text, max(sent[0], q.start - 45), q.start):
            return "cagr", "cagr", "up"
        after = (q.end, min(clause[1], q.end + 30))
        level = _LEVEL_BEFORE.search(text, max(clause[0], q.start - 14), q.start)
        if level and level.group(0).strip().lower() == "of" and _direction(text, (max(clause[0], q.start - 16), level.start())):
            level = None  # "an increase of 40%" is a change
        if level and (level.group(0).rstrip().endswith("的") or not cues.last("yoy", text, *window)):
            # "rose to 25%", "from 20%", "由20%": the level before or after a move, not the move
            return ("ratio" if metric in _MARGINS else "share"), None, None
        if m := cues.last("yoy", text, *window) or cues.first("yoy", text, *after):
            return "change", "yoy", "down" if re.search(r"減|减|衰退|降|下", m.group(0)) else "up"
        if cues.last("mom", text, *window) or cues.first("mom", text, *after):
            return "change", "mom", _direction(text, window) or "up"
        if cues.last("qoq", text, *window) or cues.first("qoq", text, *after):
            return "change", "qoq", _direction(text, window) or "up"
        if cues.last("gap", text, *window):
            return "change", "gap", None
        if cues.last("beat", text, max(clause[0], q.start - 10), q.start):
            return "change", "vs-estimate", "up"
        if cues.last("miss", text, max(clause[0], q.start - 10), q.start):
            return "change", "vs-estimate", "down"
        if cues.last("share", text, max(clause[0], q.start - 14), q.start):
            return "share", None, None  # "made up 35%", "占营收的4.8%": a share, even after "up"
        direction = _direction(text, window) or _direction(text, (q.end, min(clause[1], q.end + 8)))
        if direction:
            return "change", None, direction
        if metric in _MARGINS or cues.last("margin", text, *window):
            return "ratio", None, None
        return "share", None, None
    if q.low is not None:
        return "range", None, None
    if q.kind == "number":
        return "count", None, None
    if cues.last("estimate", text, max(clause[0], q.start - 30), q.start):
        return "estimate", None, None
    if cues.last("price", text, max(sent[0], q.start - 20), q.start) and q.value < 1e5 and not q.per_share:
        return "price", None, None
    return "amount", None, None


_MARGINS = ("gross_margin", "operating_margin", "net_margin")
_LEVEL_BEFORE = re.compile(r"(?:(?:較|较|比|從|从|由)[^，,。；]{0,8}的|至|到|達|达|從|从|由|較|较|(?i:\b(?:to|from|at|of)))\s*$")


def _direction(text: str, window) -> str | None:
    up = cues.last("up", text, *window)
    down = cues.last("down", text, *window)
    if up and down:
        return "up" if up.start() > down.start() else "down"
    return "up" if up else "down" if down else None


def _base_period(period: str | None, relative: str | None, basis: str | None) -> str | None:
    if not period:
        return None
    m = re.fullmatch(r"(\d{4})(-Q[1-4])?", period)
    if not m:
        # no year to count back from: name the base relative to the period (Q3@prev-year)
        if basis == "yoy" or relative == "prev-year":
            return f"{period}@prev-year" if "@" not in period and not period.startswith("prev") else None
        return None
    year = int(m.group(1))
    if basis == "yoy" or relative == "prev-year":
        return f"{year - 1}{m.group(2) or ''}"
    if basis == "qoq" and m.group(2):
        qn = int(m.group(2)[-1])
        return f"{year}-Q{qn - 1}" if qn > 1 else f"{year - 1}-Q4"
    return None


_QUAL_STOP = {
    "the", "its", "their", "his", "her", "our", "a", "an", "of", "and", "total", "quarterly", "annual",
    "full-year", "yearly", "overall", "company", "group", "record", "reported", "adjusted", "fiscal",
    "year", "quarter", "consolidated", "whose", "that", "which", "with", "in", "for", "on", "as", "s",
}
# lowercase words that name a part of a business; other lowercase words before a metric are prose
_QUAL_LOWER = {
    "cloud", "advertising", "ad", "ads", "services", "subscription", "subscriptions", "gaming", "automotive",
    "hardware", "software", "retail", "online", "international", "domestic", "overseas", "segment", "device",
    "devices", "data-center", "datacenter", "licensing", "product", "products", "mobile", "wholesale",
}
_ZH_QUAL_STOP = set("的總总單单季度全年公司集團团實现實現累計计期內内其中為为達达和與与及、，年季月日前後后之合併并")
_EN_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]*)\s+$")
_ZH_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,2})$")


def _qualifier(text, M, E, P, sent, clause, q, metric) -> str | None:
    """The word printed right before the metric name, when it narrows it (Gaming revenue, 海外營收)."""
    if metric is None:
        return None
    m = M.last_before(sent[0], q.start)
    if m is None or m.value != metric:
        m = M.first_after(q.end, sent[1])
        if m is None or m.value != metric:
            return None
    before = text[max(sent[0], m.start - 20) : m.start]
    if text[m.start].isascii():
        w = _EN_WORD_BEFORE.search(before)
        if not w or w.group(1).lower() in _QUAL_STOP or w.group(1).lower().endswith("-quarter"):
            return None
        if not (w.group(1)[0].isupper() or "-" in w.group(1) or w.group(1).lower() in _QUAL_LOWER):
            return None
        word = w.group(1)
        start = m.start - len(before) + w.start(1)
    else:
        w = _ZH_BEFORE.search(before)
        if not w:
            return None
        word = w.group(1).lstrip("".join(_ZH_QUAL_STOP))
        if not word or any(ch in _ZH_QUAL_STOP for ch in word):
            return None
        start = m.start - len(word)
    # a name or a period before the metric is the entity or period, not a qualifier
    if E.last_before(start - 1, m.start) or P.last_before(start - 1, m.start):
        return None
    return word.lower()


_FROM_BEFORE = re.compile(r"(?:較|较|比|相較|相比|(?i:\bfrom|\bthan|compared with|compared to|\bvs\.?))\s*$")


def _sentence_relative(R: _Index, text: str, sent, q: Quantity, period: str | None) -> str | None:
    """去年第一季營收…、第二季…: a 'last year' opening the sentence dates its yearless periods,
    unless it names a comparison base (較去年同期)."""
    if period and period[:4].isdigit():
        return None
    m = R.last_before(sent[0], q.start)
    if m is None or m.value != "prev-year" or _FROM_BEFORE.search(text, max(sent[0], m.start - 12), m.start):
        return None
    return m.value


def _own_relative(R: _Index, text: str, clause, q: Quantity) -> str | None:
    """A relative period attached to the figure itself, in its clause."""
    m = R.last_before(clause[0], q.start) or R.first_after(q.end, clause[1])
    if m is None:
        return None
    gap = text[m.end : q.start] if m.end <= q.start else text[q.end : m.start]
    # "to 18.0% from 19.8% a year earlier": the relative period belongs to the nearer figure
    return m.value if len(gap) <= 12 and not any(ch.isdigit() for ch in gap) else None


def _cagr_years(text: str, P: _Index, sent, period: str | None) -> tuple[str | None, str | None]:
    """(end year, start year) of a CAGR: 從2026年起…到2030年, from 2024 to 2028, 2024-2028;
    otherwise the earliest and latest years of its sentence."""
    start = end = None
    years = []
    for m in P.between(*sent):
        if ".." in m.value:
            a, b = m.value.split("..")
            return b, a
        if not re.fullmatch(r"\d{4}", m.value):
            continue
        years.append(m.value)
        before = text[max(sent[0], m.start - 8) : m.start]
        if _START_YEAR.search(before) and start is None:
            start = m.value
        elif _END_YEAR.search(before) and (end is None or m.value > end):
            end = m.value
    start = start or (min(years) if years else None)
    if end is None or (start and end <= start):
        end = max(years) if years and (not start or max(years) > start) else period
    return end, start


def _forecast(text: str, sent, q: Quantity) -> bool:
    return cues.first("forecast", text, sent[0], q.start) is not None


def _speaker(text: str, E: _Index, sent, q: Quantity) -> str | None:
    """A company forecasting its own figures (亞馬遜預測…, Amazon expects…) is the source."""
    m = cues.first("forecast", text, sent[0], q.start)
    if m is None:
        return None
    e = E.last_before(max(sent[0], m.start() - 14), m.start())
    if e is not None and aliases.kind_of(e.value) in ("company", "segment"):
        return e.value
    return None


def _attribution(text: str, sent) -> str | None:
    if m := cues.first("named_source", text, *sent):
        return m.group(0)
    if m := cues.first("attribution", text, *sent):
        tail = re.match(r"[^，,。；;：:（(\n]{1,24}", text[m.end() : sent[1]])
        if m.group(0).lower() in ("said", "says", "reported", "表示", "指出"):
            head = re.search(r"([^，,。；;\n]{1,24})$", text[sent[0] : m.start()])
            return head.group(1).strip() if head else None
        return tail.group(0).strip() if tail else m.group(0)
    return None

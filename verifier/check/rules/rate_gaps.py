"""AR002's reading of a gap named before its points: ``增長8.5%，快於全部規模以上工業4.6個百分點``.

Statistical releases set a part's growth rate against the whole's, printed a sentence or more
before, by naming the whole between the comparison word and the points. The points are the
part's rate less the whole's; the whole is found by metric and period, so a finding is at most
a warning."""

from __future__ import annotations

import re

from verifier.claims import cues, words
from verifier.fold import fold

_NAME = re.compile(r"[^\d,，;；。.:：%％]*")  # the whole's name: words only, no figure or clause break
_LIST = re.compile(r"\s*[、和及与與]\s*|(?i:\s+and\s+)")
_REACH = 20  # characters of name between the comparison word and the points


def _core(name: str) -> str:
    """The whole's name less the words that only say it is the whole (全部, 全國, overall)."""
    folded = fold(name).strip()
    for hit in sorted(cues.find("whole_scope", name, 0, len(name)), key=lambda h: -h.start()):
        if not fold(name[: hit.start()]).strip():
            return folded[hit.end():].strip()
    return folded


def _named(text: str, o, core: str, metric_word: str | None) -> bool:
    """``o`` is the rate of the whole named ``core``: its own words hold the name, with nothing
    before it but words of the whole (全國規模以上工業增加值 for 規模以上工業, not 高技術製造業 for 製造業),
    of the metric the own rate names."""
    if not core:
        return False
    begin = max(o.sentence.start, *(text.rfind(p, o.sentence.start, o.quantity.start) + 1 for p in ",，;；"))
    label = text[begin : o.quantity.start]
    at = fold(label).find(core)
    if at < 0:
        return False
    if metric_word and metric_word not in fold(label)[at:]:
        return False  # 快於整體製造業: the whole's value added, not manufacturing investment
    return not cues.blank("whole_scope", label[:at]).strip()


def _rates(claims):
    return [o for o in claims if o.kind == "change" and o.quantity.unit == "percent"]


def named_gap(ctx, c):
    """(higher, lower) for points printed after a comparison word and the whole's name, else None."""
    text = ctx.article.text
    sentence = ctx.sentence_of(c)
    run = [c]  # 4.6、2.4個百分點: the points of one list, the first after the whole's name
    earlier = [o for o in sentence if o.kind == "percentage_point_change" and o.quantity.end <= c.quantity.start]
    while earlier and _LIST.fullmatch(text, earlier[-1].quantity.end, run[0].quantity.start):
        run.insert(0, earlier.pop())
    later = [o for o in sentence if o.kind == "percentage_point_change" and o.quantity.start >= c.quantity.end]
    while later and _LIST.fullmatch(text, run[-1].quantity.end, later[0].quantity.start):
        run.append(later.pop(0))
    first = run[0].quantity.start
    side, name_start = None, None
    for cue, which in (("gap_to_above", "above"), ("gap_to_below", "below")):
        m = cues.last(cue, text, max(c.sentence.start, first - _REACH - 4), first)
        if m is not None and _NAME.fullmatch(text, m.end(), first) is not None:
            side, name_start = which, m.end()
    name_end = first
    if side is None:  # 4.6 percentage points faster than all industry: the name after the points
        last = run[-1].quantity.end
        for cue, which in (("gap_to_above", "above"), ("gap_to_below", "below")):
            m = cues.first(cue, text, last, min(c.sentence.end, last + 16))
            if m is not None and _NAME.fullmatch(text, last, m.start()) and not text[last : m.start()].strip(" \t"):
                end = _NAME.match(text, m.end()).end()
                side, name_start, name_end = which, m.end(), min(end, m.end() + 40)
    if side is None:
        return None
    name = text[name_start:name_end]
    own = [o for o in _rates(sentence) if o.quantity.end <= first]
    if not own:
        return None
    if cues.first("respectively", text, c.sentence.start, name_start) and len(run) == len(own) > 1:
        mine = own[run.index(c)]  # 分別增長8.5%、6.3%，快於…4.6、2.4個百分點
    else:
        mine = own[-1] if len(run) == 1 else None
    if mine is None or not mine.metric:
        return None
    metric_words = [fold(text[a:b]) for a, b, _ in words.metrics_between(text, mine.sentence.start, mine.quantity.start)]
    whole = [o for o in _rates(ctx.claims) if o.quantity.end <= c.sentence.start
             and (o.period == mine.period or mine.period_guessed)
             and o.entity == mine.entity and not o.forecast
             and _named(text, o, _core(name), metric_words[-1] if metric_words else None)
             and (metric_words or o.metric == mine.metric)]
    if mine.period_guessed:  # a guessed period still wins where the whole has a rate for it
        whole = [o for o in whole if o.period == mine.period] or whole
    if not whole:
        return None
    ref = whole[-1]  # the whole's rate printed last before: of the own rate's period when that was read
    return (mine, ref) if side == "above" else (ref, mine)


_BETWEEN_PERIODS = re.compile(r"\s*(?:比|較|较|相比|相較|相较)\s*")
_BEFORE_POINTS = re.compile(r"[^\d,，;；。:：%％]{0,8}")  # 又回落, 加快, 提高了


def period_gap(ctx, c):
    """``9月份為11.4%……10月份比9月份又回落3.2個百分點``: the points between two periods' rates, each period
    named before the points and its rate the one the article prints for it (one each), else None."""
    if ctx.extraction is None:
        return None
    text = ctx.article.text
    start = max(c.sentence.start, c.quantity.start - 24)
    periods = ctx.periods_between(start, c.quantity.start)
    pair = next(((a, b) for a, b in zip(periods, periods[1:]) if _BETWEEN_PERIODS.fullmatch(text, a.end, b.start)
                 and _BEFORE_POINTS.fullmatch(text, b.end, c.quantity.start)), None)
    if pair is None or pair[0].label == pair[1].label:
        return None
    rates = []
    for p in pair:
        found = [o for o in ctx.claims if o.quantity.unit == "percent" and o.kind in ("change", "share", "ratio")
                 and o.period == p.label and not o.period_guessed and o.quantity.end <= c.quantity.start
                 and (c.metric is None or o.metric in (c.metric, None)) and not o.forecast]
        if len({(o.quantity.lo, o.quantity.hi) for o in found}) != 1:
            return None  # no rate, or two, printed for that period: which one is meant would be a guess
        rates.append(found[-1])
    return rates[0], rates[1]


_STEP = re.compile(r"((?:\d{4}-)?)(M|Q)(\d{1,2})")


def _period_before(label: str | None) -> str | None:
    """The month or quarter before ``label`` in the same year (M08 → M07, 2024-Q2 → 2024-Q1), else None."""
    m = _STEP.fullmatch(label or "")
    if not m or int(m.group(3)) <= 1:
        return None
    n = int(m.group(3)) - 1
    return f"{m.group(1)}{m.group(2)}{n:02d}" if m.group(2) == "M" else f"{m.group(1)}Q{n}"


def step_gap(ctx, c):
    """``8月份为5.3%，环比上升0.1个百分点`` with ``7月份为5.2%`` printed before: the points against the
    previous month's (or quarter's) rate, the level the one printed just before the points for their
    period, the earlier rate the only one its paragraph prints for the period before (another paragraph
    may be another series: 31个大城市 after the national rate); else None."""
    text = ctx.article.text
    before = _period_before(c.period)
    window = (max(c.sentence.start, c.quantity.start - 16), c.quantity.start)
    step = max((h for cue in ("mom", "qoq") if (h := cues.last(cue, text, *window))), key=lambda h: h.start(), default=None)
    yoy = cues.last("yoy", text, *window)
    if before is None or step is None or (yoy is not None and yoy.start() > step.start()):
        return None  # 环比下降0.1个百分点，同比下降0.6个百分点: the second points are the year's
    sent = [o for o in ctx.sentence_of(c) if o.quantity.end <= c.quantity.start and o.quantity.unit == "percent"]
    if not sent or sent[-1].kind not in ("share", "ratio") or sent[-1].period != c.period or sent[-1].period_guessed:
        return None
    level = sent[-1]
    found = {(o.quantity.lo, o.quantity.hi): o for o in ctx.claims
             if o.quantity.unit == "percent" and o.kind in ("share", "ratio") and o.period == before and not o.period_guessed
             and o.metric == level.metric and o.subject == level.subject and o.entity == level.entity and not o.forecast
             and o.quantity.start < c.quantity.start and "\n" not in text[o.quantity.end : c.quantity.start]}
    if len(found) != 1:
        return None  # none printed for the period before, or two: which one is meant would be a guess
    return level, next(iter(found.values()))

"""What kind of claim a figure is, from the cue words just before and after it.

A percentage after ``年增``/``up`` is a change, after ``占``/``made up`` a
share, after ``to``/``from``/``較…的`` a level; amounts after ``預期``/
``estimate`` are estimates.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.claims import cues
from verifier.fold import fold
from verifier.models import Quantity
from verifier.normalise import interval


MARGINS = ("gross_margin", "operating_margin", "net_margin", "profit_margin")
# the words are in data/wording_en.tsv and data/wording_zh.tsv, by the roles named here
_W = lexicon.alternation
_LEVEL_BEFORE = re.compile(
    rf"(?:(?:{_W('zh', 'level_from')})[^，,。；]{{0,8}}的|{_W('zh', 'level_before')}|(?i:\b(?:{_W('en', 'level_before')})))\s*$"
)
# 跌幅高达20%, 增幅达5%: 达 after the rate's own noun gives the rate, not a level the move reached
_RATE_NOUN_BEFORE = re.compile(rf"(?:{_W('zh', 'rate_noun')})\s*(?:{_W('zh', 'about')})?\s*(?:{_W('zh', 'rate_lead')})?\s*$")


# 較/比, a base of a few words (no clause break), then the comparative right before the percent; not 同比/环比/对比/占比
_COMPARED_ADJ = re.compile(rf"(?<![{lexicon.chars('zh', 'not_compare_chars')}])(?:{_W('zh', 'compare_word')})(?:[^，,。；;：:\n]|(?<=\d),(?=\d)){{1,30}}?"
                           rf"(?:(?P<more>{_W('zh', 'compare_more')})|(?P<less>{_W('zh', 'compare_less')}))\s*$")
_GAP_AMOUNT = re.compile(rf"(?:{_W('zh', 'gap_amount')})\s*(?:(?:{_W('zh', 'about')})\s*)?$")


def kind_of(text: str, sent, clause, q: Quantity, metric: str | None) -> tuple[str, str | None, str | None]:
    """(kind, change_basis, direction) from the cues just before the figure."""
    kind, basis, way = _kind_of(text, sent, clause, q, metric)
    if way == "up" and kind in ("change", "percentage_point_change") and _improves_a_loss(text, sent, q, metric):
        way = "down"
    return kind, basis, way


def _improves_a_loss(text, sent, q: Quantity, metric: str | None) -> bool:
    """"net loss improved 37%", "a 37% improvement" of a loss, 虧損改善, "the deficit improved 20%": the
    loss got smaller, so the improvement is a fall of the figure, not a rise. A figure with a metric of
    its own ("revenue improved 20%" after a loss) is that metric's rise unless the loss is the word
    the improvement is said of."""
    better = cues.last("improve", text, max(sent[0], q.start - 22), q.start) or cues.first("improve", text, q.end, min(sent[1], q.end + 14))
    if better is None or cues.last("up", text, better.end(), q.start) or cues.last("down", text, better.end(), q.start):
        return False  # a move word after the improvement word (improved, rising 5%) is the figure's own
    loss = cues.last("loss_noun", text, sent[0], better.start())
    return loss is not None and (metric is None or not text[loss.end() : better.start()].strip(" 'sh"))


def _kind_of(text: str, sent, clause, q: Quantity, metric: str | None) -> tuple[str, str | None, str | None]:
    label = _labelled(text, sent, clause, q)
    window = (max(label, q.start - 22), q.start)
    if q.kind == "percentage_point":
        return "percentage_point_change", None, direction_of(text, window)
    if q.kind == "multiple":
        return "multiple", None, None
    if q.kind in ("percent", "fraction"):
        if cues.last("cagr", text, max(sent[0], q.start - 45), q.start):
            return "cagr", "cagr", "up"
        after = (q.end, min(clause[1], q.end + 30))
        level = _LEVEL_BEFORE.search(text, max(clause[0], q.start - 14), q.start)
        if level and level.group(0).strip().lower() == "of" and direction_of(text, (max(clause[0], q.start - 16), level.start())):
            level = None  # "an increase of 40%" is a change
        if level and _RATE_NOUN_BEFORE.search(text, max(clause[0], level.start() - 8), level.start()):
            level = None
        if level and (level.group(0).rstrip().endswith("的") or not cues.last("yoy", text, *window)):
            # "rose to 25%", "from 20%", "由20%", "a margin of 5.1%": the level before or after a move, not the move
            return ("ratio" if metric in MARGINS or cues.last("margin", text, max(clause[0], q.start - 14), q.start) else "share"), None, None
        m = cues.last("yoy", text, *window) or cues.first("yoy", text, *after)
        if m is not None and _NAMED_PERIOD_AFTER.match(text, m.end()):
            m = None  # 較去年12月的4.95兆元下滑6%: against last December, not a year back
        if m is not None:
            # 年減 carries its direction; 較去年同期…下滑 leaves it to the movement word beside the figure
            way = _direction_in(m.group(0)) if _moves(m.group(0)) else None
            return "change", "yoy", way or direction_of(text, window) or direction_of(text, after) or "up"
        if m := cues.last("mom", text, *window) or cues.first("mom", text, *after):
            return "change", "mom", direction_of(text, window) or _direction_in(m.group(0))
        if m := cues.last("qoq", text, *window) or cues.first("qoq", text, *after):
            return "change", "qoq", direction_of(text, window) or _direction_in(m.group(0))
        if cues.last("gap", text, *window):
            return "change", "gap", None
        if (than := _COMPARED_ADJ.search(text, clause[0], q.start)) is not None:
            # 較5月的12,072億元低0.6%, 比上月高出1.2%: a rise or fall from the base the comparison names
            return "change", None, "up" if than.group("more") else "down"
        for way, label in (("beat", "up"), ("miss", "down")):
            if m := cues.last(way, text, max(clause[0], q.start - 10), q.start):
                if _OF_BEFORE.search(text, m.end(), q.start) or _EARLIER_AFTER.match(text, q.end):
                    # 低於前一季之18.7%: the level compared with, the earlier period's, not a gap
                    return ("ratio" if metric in MARGINS else "share"), None, None
                if metric in MARGINS and (cues.last("estimate", text, m.end(), q.start) or cues.last("forecast", text, m.end(), q.start)):
                    # 毛利率59.5%高於公司預估55.5-57.5%: a margin beats its forecast by points, so a percent
                    # after the forecast's name is the forecast's level
                    return "ratio", None, None
                return "change", "vs-estimate", label
        if cues.last("share", text, max(clause[0], q.start - 14), q.start):
            # "This represents a 2.69% increase over …": the noun of the move right after the figure
            noun = [h for d in ("up", "down") if (h := cues.first(d, text, q.end, min(clause[1], q.end + 14)))
                    and text[q.end : h.start()].strip(" -") == ""]
            if noun:
                return "change", None, noun[0].label
            return "share", None, None  # "made up 35%", "占营收的4.8%": a share, even after "up"
        if (gap := _GAP_AFTER.match(text, q.end, sent[1])) is not None:
            return "change", "gap", "down" if gap.group(1).lower() in _LESS else "up"  # (or 8 percent) more than
        # "a 35 percent increase from $2.98 billion": the noun of the move right after the figure
        direction = direction_of(text, window) or direction_of(text, (q.end, min(clause[1], q.end + 14)))
        if direction:
            return "change", None, direction
        if (side := _SIDE_AFTER.match(text, q.end, sent[1])) is not None:
            # "$942.7 billion, 0.4% (±1.0%) below the revised August estimate of $946.2 billion": how far
            # the figure before stands from the one after (not "25% higher than", a move read above)
            return "change", "gap", "down" if side.group("below") else "up"
        if metric in MARGINS or cues.last("margin", text, *window):
            return "ratio", None, None
        return "share", None, None
    if q.low is not None:
        return "range", None, None
    if moved := _moved_by(text, clause, q):
        return "change", None, moved  # 上漲15元, fell 71 cents, rose $5bn to $50bn: the move, not a level
    if (after := _MOVE_AFTER.match(text, q.end, sent[1])) is not None:
        # "S$23.9m, which was S$3.6m or 13.1% lower": the move's size, its percent and the way after both
        return "change", None, "down" if after.group("way").lower() in _LESS else "up"
    if based := _basis_move(text, clause, q):
        return "change", *based  # 年減1219億元, 月增50億元: a move a year (a month) back
    if _GAP_AMOUNT.search(text, max(clause[0], q.start - 6), q.start):
        return "change", "gap", None  # 較主計總處預測高出約150億美元: by how much one figure is above another
    if (gap := _GAP_AFTER.match(text, q.end, sent[1])) is not None:
        # "$2.7 billion less than September exports": by how much one figure differs from another
        return "change", "gap", "down" if gap.group(1).lower() in _LESS else "up"
    if (est := cues.last("estimate", text, max(label, q.start - 48), q.start)) and (
            _NAMES_ESTIMATE.fullmatch(text, est.end(), q.start) or not _beat_object(text, clause, est)):
        # "Analysts had expected the company to earn $1.24", "Analysts Estimate: $1.24", "had expected 150,000 jobs"
        return "estimate", None, None
    if (after := cues.first("estimate_after", text, q.end, min(clause[1], q.end + 24))) and not text[q.end : after.start()].strip():
        return "estimate", None, None  # "versus $1.09 billion estimated", "$0.91 expected", "vs. 195,000 estimate"
    if q.kind == "number" and (way := _POINTS_WAY_AFTER.match(text, q.end, clause[1])) is not None:
        # "ended 13.84 points lower at 10,605.65": the move, its way after the points
        return "change", None, "down" if way.group("way").lower() in _LESS else "up"
    if q.kind == "number":
        return "count", None, None
    if cues.last("price", text, max(sent[0], q.start - 20), q.start) and q.value < 1e5 and not q.per_share:
        return "price", None, None
    if _CLOSE_AFTER_MOVE.search(text, max(sent[0], q.start - 24), q.start) and q.value < 1e5 and not q.per_share:
        return "price", None, None  # 鴻海漲5元，收221元，成交額227.07億元: the close the move reached, a price
    return "amount", None, None


# a move in yuan, a comma, then the level it reached (data/wording_zh.tsv level_after_move): 漲5元，收
_CLOSE_AFTER_MOVE = re.compile(rf"(?:{_W('zh', 'price_move_verb')})\s*[\d.,]+\s*元\s*[，,]\s*(?:{_W('zh', 'level_after_move')})\s*$")


_OF_BEFORE = re.compile(rf"(?:{_W('zh', 'possessive')})\s*$")  # 前一季之, 去年同期的: a level of what is named
_EARLIER_AFTER = re.compile(rf"\s*(?i:{_W('en', 'earlier_after')})\b")  # below 18.7% in the previous quarter


# right after an amount: "$2.7 billion less than September exports" (data/wording_en.tsv gap_after)
# "$228 billion (or almost 8 percent) more than receipts in 2014": a bracketed aside and a year may stand between
_GAP_AFTER = re.compile(
    rf"(?:\s*[(（][^()（）]{{1,30}}[)）])?\)?\s+(?i:({_W('en', 'gap_after')})\s+than)\b"
    rf"(?=(?:[^\d.;,]|(?:19|20)\d\d\b){{1,40}}(?:[.;,]|$))"
)
# right after a percentage: "0.3% (±1.3%)* above the revised August estimate", "2% below its peak"
_SIDE_AFTER = re.compile(
    rf"(?:\s*[(（][^()（）]{{1,30}}[)）]\*?)?\s+(?i:(?P<above>{_W('en', 'side_above')})|(?P<below>{_W('en', 'side_below')}))"
    rf"\s+(?i:{_W('en', 'side_object')})\b")
_LESS = frozenset(_W("en", "gap_less").lower().split("|"))
# after a count: its points and the way they went, not compared with a named other ("13.84 points lower")
_POINTS_WAY_AFTER = re.compile(rf"\s+(?i:{_W('en', 'index_points')})\s+(?i:(?P<way>{_W('en', 'gap_after')}))\b(?!\s+than\b)")
# after a figure: "or", the same move in percent, then the way it went (S$3.6m or 13.1% lower, 13.84 points,
# or 0.13 percent, lower)
_MOVE_AFTER = re.compile(
    rf"(?:\s+(?i:{_W('en', 'index_points')}))?\s*,?\s+(?i:{_W('en', 'same_move')})\s+[-−+]?\d[\d,]*(?:\.\d+)?\s*(?:%|(?i:{_W('en', 'percent')}))\s*,?"
    rf"\s+(?i:(?P<way>{_W('en', 'gap_after')}))\b")


# between the size of a move and the same move in percent: "71 cents, or 1%", "15元，漲幅1.04%", "漲幅約為1.08%"
MOVE_IN_PERCENT = re.compile(
    rf"(?:\s+(?i:{_W('en', 'index_points')})|\s*(?:{_W('zh', 'index_points')}))?\s*[,，、]?\s*[(（]?\s*"
    rf"(?:{_W('zh', 'about')})?(?:(?i:{_W('en', 'move_in_percent')})|(?P<span>{_W('zh', 'move_span')})?(?:{_W('zh', 'move_in_percent')}))?"
    rf"\s*(?:{_W('zh', 'about')})?\s*(?:{_W('zh', 'copula')})?"
    rf"\s*(?:{_W('zh', 'about')}|(?i:{_W('en', 'about')}))?\s*"
)


def move_in_percent(text: str, a: int, b: int, sent_start: int) -> bool:
    """``text[a:b]`` stands between a move and the same move in percent. 週漲幅 (the week's rise) is
    that move only when the sentence names the week before it (本週, 全週): a day's move beside the
    year's rise (今天漲320點，年漲幅15%) is two moves."""
    m = MOVE_IN_PERCENT.fullmatch(text, a, b)
    return m is not None and span_named(text, m, sent_start)


def span_named(text: str, m: re.Match, sent_start: int) -> bool:
    """The span ``m`` read before a move in percent (its group ``span``: 週 of 週漲幅), if any, is
    named earlier in the sentence."""
    if not m.group("span"):
        return True
    span = fold(m.group("span"))
    return any(span in fold(w.group(0)) for w in _SPAN_NAMED.finditer(text, sent_start, m.start()))


_SPAN_NAMED = re.compile(rf"(?:{_W('zh', 'move_span_named')})")
# what may stand between a verb of movement and the amount it moved by
# (a sign the writer repeats after the verb, "fell -$18.80", is the same move)
_MOVED_GAP = re.compile(rf"(?:[ \t]*(?:{_W('zh', 'moved_gap')}|(?i:{_W('en', 'moved_gap')})\b))*[ \t]*[-−+]?")


_NOUN_OF = re.compile(r"(?i:[ \t]+(?:in|of)[ \t]+[^\d.;:,]{1,40}?[ \t]+of[ \t]*)")


def _labelled(text: str, sent, clause, q: Quantity) -> int:
    """Where the figure's words begin: its clause, or the label before a colon it stands right
    after (-Analysts Estimate: $1.24), which names what the figure is."""
    a = clause[0]
    if a > sent[0] and text[a - 1] in ":：" and not text[a : q.start].strip(" $€£¥+-−"):
        return max(sent[0], text.rfind(",", sent[0], a - 1) + 1, text.rfind("，", sent[0], a - 1) + 1)
    if a > sent[0] and text[a - 1] == "、" and not text[a : q.start].strip():
        # 分别增长8.5%、6.3%: a list's later item is read with the words of its first
        return max(sent[0], *(text.rfind(p, sent[0], a - 1) + 1 for p in ",，;；"))
    return a


def _moved_by(text: str, clause, q: Quantity) -> str | None:
    """The direction when the figure is the size of a move (a verb of movement right before it)."""
    window = (max(clause[0], q.start - 24), q.start)
    up, down = cues.last("up", text, *window), cues.last("down", text, *window)
    way = _later(up, down)
    m = up if way == "up" else down
    if m is None or not _MOVED_GAP.fullmatch(text, m.end(), q.start):
        # "an increase in the goods deficit of $2.1 billion": the move's noun, what moved, then "of"
        wide = (max(clause[0], q.start - 64), q.start)
        up, down = cues.last("up", text, *wide), cues.last("down", text, *wide)
        way = _later(up, down)
        m = up if way == "up" else down
        if m is None or not _NOUN_OF.fullmatch(text, m.end(), q.start):
            return None
    return way


def _basis_move(text: str, clause, q: Quantity) -> tuple[str, str] | None:
    """(basis, direction) when a basis cue that holds its own movement word stands right before
    the figure: 年減, 年增, 月增, 季減 (not a bare 同比, which says when, not which way)."""
    window = (max(clause[0], q.start - 8), q.start)
    for basis in ("yoy", "mom", "qoq"):
        m = cues.last(basis, text, *window)
        if m is None or not _MOVED_GAP.fullmatch(text, m.end(), q.start):
            continue
        folded = fold(m.group(0))
        if any(w in folded for w in _down_words()):
            return basis, "down"
        if any(w in folded for w in _up_words()):
            return basis, "up"
    return None


def direction_of(text: str, window) -> str | None:
    return _later(cues.last("up", text, *window), cues.last("down", text, *window))


def _later(up, down) -> str | None:
    """The direction of the later movement word; a word inside a longer one is part of it
    (``up`` in ``gave up``, ``edged up`` is a rise)."""
    if up and down:
        if down.start() <= up.start() and up.end() <= down.end():
            return "down"
        if up.start() <= down.start() and down.end() <= up.end():
            return "up"
        return "up" if up.start() > down.start() else "down"
    return "up" if up else "down" if down else None


# a Chinese scale character (data/scales.tsv), an English scale word or a glued abbreviation: 355.8億, $2 billion, 5k
_ZH_SCALE_CHARS = "".join(k for k, (_, where) in lexicon.scales().items() if where == "zh" and len(k) == 1)
_SCALED = re.compile(rf"[{_ZH_SCALE_CHARS}]|(?i:{_W('en', 'scaled')}|\d[kmbt]\b)")


def exact_price(q: Quantity) -> Quantity:
    """A quoted price is exact to its last digit: ``1,130元`` is 1,130, not 1,125–1,135.

    Elsewhere trailing zeros may be rounding (2,000 jobs); a share price is read off a
    quote screen and printed whole.
    """
    if q.precision <= 0.5 or q.hedge or q.low is not None or q.value != int(q.value) or _SCALED.search(q.text):
        return q
    lo, hi = interval(q.value, 0.5, None)
    return q.model_copy(update={"precision": 0.5, "lo": lo, "hi": hi})


_NAMED_PERIOD_AFTER = re.compile(
    rf"\s*(?:\d{{1,2}}\s*(?:{_W('zh', 'month')})|(?:{_W('zh', 'ordinal')})?[一二三四1-4]\s*(?:{_W('zh', 'quarter')})|{_W('zh', 'half_year')}|Q[1-4])"
)


def _moves(cue: str) -> bool:
    """The cue holds a movement word of its own (年增, 同比下降), not only when (同比, 較去年)."""
    folded = fold(cue)
    return any(w in folded for w in _down_words() + _up_words())


_NAMES_ESTIMATE = re.compile(r"(?i:\s+of\s+|\s*[:：]\s*)")  # beat the estimate of 52 cents: that figure is the estimate
_BEAT_GAP = re.compile(rf"\s*(?:(?i:{_W('en', 'beat_object_gap')})\s+)*")  # fell short of (the) estimates


def _beat_object(text: str, clause, est) -> bool:
    """"fell short of estimates with EPS of $3.34", "beat expectations, earning $1.20": the estimate is what the
    figure beat or missed, so the figure after it is the actual."""
    start = max(clause[0], est.start() - 24)
    return any(m.end() <= est.start() and not text[m.end() : est.start()].strip(" \t") or
               _BEAT_GAP.fullmatch(text[m.end() : est.start()])
               for cue in ("beat", "miss") for m in cues.find(cue, text, start, est.start()))


def _direction_in(cue: str) -> str:
    """The direction a basis cue carries in itself: 月減, 年减, 季衰退 fall; 年增, 同比 and the rest rise
    unless a movement word says otherwise."""
    folded = fold(cue)
    return "down" if any(w in folded for w in _down_words()) else "up"


def _down_words() -> tuple[str, ...]:
    """The Chinese movement words of cues.tsv's ``down`` row, folded as the cue is."""
    return _movement_words("down")


def _up_words() -> tuple[str, ...]:
    return _movement_words("up")


@lru_cache(maxsize=2)
def _movement_words(way: str) -> tuple[str, ...]:
    from verifier import lexicon

    return tuple(fold(w) for cue, surfaces in lexicon.rows("cues.tsv") if cue == way for w in surfaces.split("|") if not w.isascii())

"""The same figure stated twice must have the same value.

What it checks: two claims about the same metric of the same entity for the
same period, and of the same kind (an estimate is not an actual, a growth
rate is not a level), whose intervals do not overlap. The message says when
the two differ by a power of ten (a unit slip: million for billion, 萬 for
億) or by two swapped digits. In an article that names no one, figures of
one metric for one period are compared too, but flagged for review rather
than as errors unless they differ by such a slip: the jobless rate and the
jobless rate for one group are both "unemployment".

Why it matters: a figure repeated in the summary box, the body and the FAQ
is often edited in one place only.

Example: ``AWS營收355.8億美元`` in the summary and ``營收358.5億美元`` in the body
is flagged (transposed digits).

How to fix: keep one value, the one the source gives.
"""

from __future__ import annotations

import math
import re

from verifier import aliases, lexicon
from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.check.rules.parts_sums import sentences as _sentences
from verifier.check.rules.share_first import part_of_named_whole, share_before
from verifier.claims import cues, per_day

_LEVELS = ("amount", "price", "share", "ratio")


def _key(c, anonymous: bool):
    if c.kind == "price" and c.metric not in (None, "share_price"):
        kind = "price"  # 收221元，成交額227.07億元: a close beside the day's trading value is not that value
    elif c.kind in _LEVELS:
        kind = "level"
    elif c.kind in ("change", "cagr", "estimate", "range"):
        kind = f"{c.kind}:{c.change_basis or ''}"
    else:
        return None
    if not ((c.entity or anonymous) and c.metric) or c.quantity.hedge in ("more_than", "at_least", "less_than", "at_most"):
        return None
    if c.kind in ("change", "cagr") and not c.change_basis:
        return None
    if c.period and ".." in c.period:
        return None  # 2025..2027: a span of years holds a figure for each, not one figure
    # a forecast is not a second statement of the actual (營益率預估15%至17% beside 營益率18.3%)
    return (c.entity, c.metric, c.subject, c.period, kind, c.quantity.unit, c.forecast)


def _why(a: float, b: float) -> str:
    if a > 0 and b > 0:
        r = math.log10(max(a, b) / min(a, b))
        if abs(r - round(r)) < 0.02 and round(r) >= 1:
            return msg.t("CN001.why_scale", factor=f"{10 ** round(r):,}")
    da, db = _digits(a), _digits(b)
    # two swapped digits are telling in a figure of three or more (3.1 and 1.3 are two different figures)
    if len(da) == len(db) >= 3 and sorted(da) == sorted(db):
        diff = [i for i in range(len(da)) if da[i] != db[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return msg.t("CN001.why_swap")
    return ""


def _digits(x: float) -> str:
    """The significant digits of a value (3.1e9 → "31"), without the exponent a short format prints."""
    return f"{abs(x):.6e}".split("e")[0].replace(".", "").rstrip("0") or "0"


def _linked(ctx, a, b) -> bool:
    """Figures the article compares with each other (from/to, beat/miss) are two statements by design."""
    def targets(c):
        return {cm.target for cm in c.comparators}

    if b.id in targets(a) or a.id in targets(b):
        return True
    return any({a.id, b.id} <= targets(c) for c in ctx.sentence_of(a))


def _listed_between(ctx, a, b) -> bool:
    """Another figure of their unit stands between two figures of one sentence: they are items of a list."""
    lo, hi = sorted((a.quantity.start, b.quantity.start))
    return any(lo < o.quantity.start < hi and o.quantity.unit == a.quantity.unit for o in ctx.sentence_of(a))


def _period_of_its_own(ctx, c, split: int) -> bool:
    """``1-9月…净利润65.69亿元…。其中,7-9月,…净利润16.62亿元``: after 其中 a figure of a period no figure
    of its metric before the cue (in its sentence, or the one before when the cue opens it) is of
    states that period's figure, not a part of the whole."""
    if not c.period or c.period_guessed:
        return False
    keys, sentences = _sentences(ctx)
    k = keys[(c.sentence.start, c.sentence.end)]
    pool = [o for o in sentences[k] if o.quantity.end <= split]
    if not pool and k > 0:
        pool = sentences[k - 1]
    # a period carried over to a figure before the cue (guessed) says nothing of the part's own period
    before = [o for o in pool if o.metric == c.metric and not o.period_guessed]
    return bool(before) and all(o.period != c.period for o in before)


_JOIN = re.compile(rf"\s*(?:{lexicon.alternation('zh', 'list_join')}|(?i:and|&))\s*")


def _periods_joined(ctx, text, c) -> bool:
    """Two periods joined by 與/及/and before the figure in its clause: a figure for them together."""
    start = max(c.sentence.start, text.rfind("，", c.sentence.start, c.quantity.start) + 1,
                text.rfind(",", c.sentence.start, c.quantity.start) + 1)
    ps = ctx.periods_between(start, c.quantity.start)
    return any(a.label != b.label and _JOIN.fullmatch(text, a.end, b.start) for a, b in zip(ps, ps[1:]))


def _join_periodless(groups) -> set[str]:
    """"The yield … rose to 4.38%" (read for a period) and later "the 10-year at 4.83%" (no period):
    figures without a period join the one group of the same entity, metric and kind that has one,
    to be compared only for a scale slip or a transposition. Returns the ids that joined."""
    joined: set[str] = set()
    for k in [k for k in groups if k[3] is None]:
        others = [o for o in groups if o[3] is not None and o[:3] == k[:3] and o[4:] == k[4:] and "@" not in o[3]]
        if len(others) == 1:
            groups[others[0]] = groups[others[0]] + groups.pop(k)
            joined |= {c.id for c in groups[others[0]] if c.period is None}
    return joined


@rule("CN001")
def check(ctx):
    groups = {}
    # an article that names no company is about one subject: compare its figures by metric (a market
    # word a clause names, 半導體設備訂單, does not make it an article about several companies)
    anonymous = not any(c.entity and aliases.kind_of(c.entity) != "market" for c in ctx.claims)
    text = ctx.article.text
    first_narrowed: dict[tuple[int, str], int] = {}  # (sentence, metric) → where it is first named narrowed
    for c in ctx.claims:
        if c.subject:
            first_narrowed.setdefault((c.sentence.start, c.metric), c.quantity.start)
    for c in ctx.claims:
        if cues.total_before(text, c.sentence.start, c.quantity.start):
            continue  # 兩者合計1288億元: a sum of parts, not a second statement of the whole
        split = cues.last("split", text, c.sentence.start, c.quantity.start) or cues.last("split_all", text, c.sentence.start, c.quantity.start)
        if split and not _period_of_its_own(ctx, c, split.start()):
            continue  # 其中，限额以上单位消费品零售额…: a part of a total, not a second statement of it
        if _periods_joined(ctx, text, c):
            continue  # 10月與11月累計營收7,110億元: the months together, not the later one's figure
        if share_before(ctx, c) is not None:
            continue  # 網上銷售佔12.0%，金額為36億元, "accounted for 12.0%, or $36 million": the share's part
        if c.kind == "amount" and c.metric and part_of_named_whole(ctx, c, c.metric):
            continue  # 出口机电产品1.85万亿元，…占出口总值的60.3%: a part of the metric's whole, by its own sentence
        if per_day.daily(text, c):
            continue  # 日赚约1.98亿元: a day's share of the year's profit, not a second statement of it
        if cues.last("hypothetical", text, c.sentence.start, c.quantity.start):
            continue  # 若要挑戰全年年增率20%，接下來的2個月接單要569億美元: what it would take, not what was
        if cues.first("superlative", text, c.quantity.end, min(c.sentence.end, c.quantity.end + 4)):
            continue  # 年增率以塑橡膠及其製品47.9%最佳: the top item of a ranking, not the whole
        narrowed = first_narrowed.get((c.sentence.start, c.metric))
        if c.subject is None and narrowed is not None and narrowed < c.quantity.start:
            continue  # 非合併營收…，累計前10月營收…: a bare name after a narrowed one may still mean the narrowed one
        k = _key(c, anonymous)
        if k and c.kind == "change":
            # 同比實際增長1.3% beside 名義增長3.3%: a real rate and a nominal one are two figures
            k = k + (cues.last("real", text, max(c.sentence.start, c.quantity.start - 16), c.quantity.start) is not None,)
        if k:
            groups.setdefault(k, []).append(c)
    loose = _join_periodless(groups)
    bases = lexicon.words("qualifier_bases.txt")
    two_bases = {c.entity for c in ctx.claims if c.subject in bases}
    # a company carried over is only a guess worth doubting where the article names several
    several = len({c.entity for c in ctx.claims if c.entity and not c.entity_guessed}) > 1
    for (entity, metric, subject, period, _, unit, _, *_), cs in groups.items():
        # one claim per distinct printed interval: a figure repeated verbatim is one statement
        distinct = list({(c.quantity.lo, c.quantity.hi): c for c in reversed(cs)}.values())[::-1]
        agreed: set[str] = set()  # later statements already shown to agree with an earlier one
        for i, a in enumerate(distinct):
            for b in distinct[i + 1 :]:
                if _linked(ctx, a, b):
                    continue
                agree = arith.overlaps(arith.iv(a), arith.iv(b))
                why = "" if agree else _why(abs(a.quantity.value), abs(b.quantity.value))
                if a.sentence == b.sentence and (not why or _listed_between(ctx, a, b)):
                    # one sentence, two values: a move and a level, a list; unless a scale slip, and
                    # not two items of one list ($14.6 million for parks, …, $1.41 million for equity)
                    continue
                if (period is None or a.id in loose or b.id in loose) and not why:
                    continue  # no period on either (or one): only a scale slip or a transposition is telling
                if subject is None and entity in two_bases and not why:
                    continue  # the company's figures are also given adjusted: a plain one may be either
                guessed = a.period_guessed or b.period_guessed or (several and (a.entity_guessed or b.entity_guessed))
                if guessed and not why:
                    # a period carried over from context is the usual reason two figures of one metric
                    # differ (a nine-month figure and the quarter's, a month and the year so far), and a
                    # company carried over is the usual reason in a round-up of several companies:
                    # only a scale slip or a transposition is telling enough then
                    continue
                line = msg.t("CN001.line", a=a.quantity.text, a_span=arith.span_text(arith.iv(a), unit, a),
                             b=b.quantity.text, b_span=arith.span_text(arith.iv(b), unit, b))
                what = msg.topic(entity, metric, subject, period, a.kind)
                if agree:
                    # "$1.4 billion" in the lead and "$1.38 billion" in the table: shown as compared, once
                    if entity is not None and b.id not in agreed and a.quantity.text != b.quantity.text:
                        agreed.add(b.id)
                        yield arith.finding("info", "supported", msg.t("CN001.holds", what=what, a=a.quantity.text, b=b.quantity.text),
                                            [a, b], formula=msg.t("CN001.formula"), arithmetic=line, pairing="matched")
                    continue
                # with no one named, two rates of one metric may measure different groups or
                # indexes (the jobless rate, and the jobless rate for Black workers): only a
                # scale slip or a transposition is telling enough to be an error
                # a scale slip or a transposition is telling whatever was guessed; otherwise the
                # period must have been read, and someone named
                firm = bool(why) or (not guessed and entity is not None)
                yield arith.finding(
                    "error" if firm else "warning",
                    "contradicted" if firm else "needs-review",
                    msg.t("CN001.message", what=what, a=a.quantity.text, b=b.quantity.text, why=why),
                    [a, b], formula=msg.t("CN001.formula"), arithmetic=line, pairing="matched",
                    advice=msg.t("CN001.advice_firm" if firm else "CN001.advice_guessed" if guessed else "CN001.advice_anonymous"),
                )

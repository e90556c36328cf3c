"""A beat or miss of expectations whose figures come in the sentences around its cue.

``Microsoft reported results ahead of estimates. Revenue rose 8% to $17.37 billion …. Analysts
had been expecting $17.25 billion``: the actual in the results sentences, the estimate in the
sentence that names it, up to a few sentences on (relation beat / miss, checked by AR007); a beat
of a move (``rose more than expected … had forecast a 0.4% gain``) sets the two moves side by side.
"""

from __future__ import annotations

import bisect
import re

from verifier import lexicon
from verifier.claims import cues, relate, words  # relate: what both kinds of resolver share
from verifier.extract.periods import find_periods
from verifier.models import Span


def _earlier(text, c, sent) -> bool:
    """A figure of an earlier period is neither the actual nor the estimate: one with a relative
    period, one right after a from-cue (``down from 62 cents``), one a year-ago phrase follows with
    at most its own restatement between (``62 cents, or $5.2 billion, a year ago``)."""
    if c.period and ("@" in c.period or c.period.startswith("prev")):
        return True
    if relate.right_after("from", text, c, sent[0]) is not None:
        return True
    after = cues.first("backref", text, c.quantity.end, sent[1])
    if after is None or after.start() - c.quantity.end > 40:
        return False
    between = text[c.quantity.end : after.start()]
    if c.kind == "change" and (frm := cues.last("from", text, c.quantity.end, after.start())) is not None \
            and not text[frm.end() : after.start()].strip():
        return False  # "rose 5.0% from a year earlier": the year back is the move's base, the move is this period's
    return not re.search(r"\d", between) or bool(_APPOSITION.match(between))


_APPOSITION = re.compile(r"[,，\s]*(?:or|或)\s+[^,，;；。]*[,，]?\s*$", re.I)


_BEAT_REACH = 44  # characters from the beat word to its estimate word: exceeded both profit and revenue expectations
_REACH, _NAMED_REACH = 5, 8  # sentences after a beat word its estimates may come in (the metric named before it, more)


def expectations(text, claims, sents, decided) -> None:
    """``Microsoft reported results ahead of estimates. Revenue rose 8% to $17.37 billion, yielding
    69 cents a share. Analysts had been expecting $17.25 billion and 58 cents a share.``: a beat or
    miss of expectations whose figures come in the sentences after it, up to
    the sentences that name the estimates."""
    starts = [a for a, _ in sents]
    by_sent: dict[int, list[int]] = {}
    for i, c in enumerate(claims):
        k = bisect.bisect_right(starts, c.quantity.start) - 1
        by_sent.setdefault(k, []).append(i)
    metrics = list(words.of(text).metrics)
    metric_starts = [a for a, _, _ in metrics]
    used_as = {cm.target for c in claims for cm in c.comparators if cm.relation in ("change_from", "part_of", "part_of_all")}
    # the estimates already compared, kept up to date from the claims each link touches (found
    # again from every claim per cue was quadratic)
    compared = _compared(claims, range(len(claims)))
    for m in list(cues.find("beat", text, 0, len(text))) + list(cues.find("miss", text, 0, len(text))):
        if m.start() in decided:
            continue
        k = bisect.bisect_right(starts, m.start()) - 1
        if k < 0 or not (cues.find("estimate", text, m.start(), min(sents[k][1], m.end() + _BEAT_REACH))
                         or "expect" in m.group(0).lower() or _BEAT_OBJECT.match(text, m.end())):
            continue  # "above $20": only a beat of expectations reaches past its sentence
        # the sentences naming the estimates with figures: among the next five (wire copy gives each its
        # paragraph, and a lede's beat may wait for the results before its estimates)
        est = []
        # a beat of a metric the lede names ("a 60% revenue increase …, surpassing expectations") may wait
        # longer for its estimate: the metric and the size check keep the pairing to that figure
        lo_m, hi_m = bisect.bisect_left(metric_starts, sents[k][0]), bisect.bisect_left(metric_starts, m.start())
        reach = _NAMED_REACH if any(b <= m.start() for _, b, _ in metrics[lo_m:hi_m]) else _REACH
        for j in range(k + 1, min(k + 1 + reach, len(sents))):
            if (cue_end := relate.estimate_cue(text, Span(start=sents[j][0], end=sents[j][1]))) is not None \
                    and any(claims[i].quantity.start >= cue_end for i in by_sent.get(j, [])):
                est.append((j, cue_end))
        own = relate.estimate_cue(text, Span(start=m.end(), end=sents[k][1]))
        if not est and own is None:
            continue
        if not est:
            est = [(k, own)]  # "It beat the mean analyst estimate of $10.02 per share.": the actual is earlier

        def figures(js, upto=len(text)):
            # "added 130,000 jobs, fewer than expected": a month's gain in a count is the figure reported
            return [i for j in js for i in by_sent.get(j, [])
                    if (claims[i].kind in relate.AMOUNTS or claims[i].kind == "change" and claims[i].quantity.unit == "dimensionless")
                    and claims[i].id not in used_as and all(cm.relation in relate.MOVES for cm in claims[i].comparators)
                    and not _earlier(text, claims[i], sents[j]) and claims[i].quantity.end <= upto]

        actual = [i for i in figures(range(k, est[0][0])) if not _forecast_named(text, claims[i])] if est[0][0] > k else [
            i for i in figures([k], m.start()) if not relate.object_of(text, claims[i], sents[k])]
        back = not actual
        if back:
            # "Net income … $11.62 billion ($12.30 per share) …. Apple beat the mean analyst estimate":
            # the actual in the results sentences before, where one figure alone fits each estimate
            actual = figures(range(max(0, k - 3), k))
        if (said := _results_period(text, sents[k][0], m.start())) is not None:
            # 公布第3季財報優於法人預期: the results of the quarter it names beat, not the next quarter's forecast
            actual = [i for i in actual if claims[i].period is None or _same_period(claims[i].period, said)]
        # "But revenue missed analysts' expectations", "revenue and earnings per share ahead of
        # estimates": the metrics named before the cue are what beat or missed
        lo, hi = bisect.bisect_left(metric_starts, sents[k][0]), bisect.bisect_left(metric_starts, m.start())
        named = {v for a, b, v in metrics[lo:hi] if b <= m.start()}
        if named:
            actual = [i for i in actual if claims[i].metric in named]
        stop = _next_forecast(text, own, sents[k][1]) if est[0][0] == k else len(text)
        estimates = [i for j, cue_end in est for i in by_sent.get(j, []) if cue_end <= claims[i].quantity.start < stop
                     and claims[i].kind in relate.AMOUNTS and not claims[i].comparators and not _earlier(text, claims[i], sents[j])
                     and claims[i].id not in compared]  # "…, surpassing estimates of $55.5 billion": its own sentence's
        if not estimates:
            _expected_move(text, claims, sents, by_sent, k, m, est, named)
            compared |= _compared(claims, [i for j in range(k, est[-1][0] + 1) for i in by_sent.get(j, [])])
            continue
        if (turned := _contrasted(text, claims, estimates)) and not actual:
            # "Analysts were expecting $19.1 billion but the company brought in just $18.8 billion"
            actual, estimates, back = turned, [e for e in estimates if e not in turned], False
        if back:
            # one figure alone must fit, among all the window's amounts (a year-back one included)
            window = [i for j in range(max(0, k - 3), k) for i in by_sent.get(j, []) if claims[i].kind in relate.AMOUNTS]
            estimates = [e for e in estimates if len(f := relate.fits(claims, e, window)) == 1 and f[0] in actual]
        if est[0][0] > k + 3:
            # estimates four or five sentences on: only one close to an actual (within a quarter) is its estimate
            estimates = [e for e in estimates if any(relate.unit(claims[e]) == relate.unit(claims[a]) and relate.size(claims[e])
                                                     and 0.8 < relate.size(claims[a]) / relate.size(claims[e]) < 1.25 for a in actual)]
        relate.link_estimates(claims, estimates, actual, *_by_size(text, claims, m, sents[k], actual))
        compared |= _compared(claims, actual)


_CONTRAST = re.compile(rf"[,，]?\s*(?:(?i:\b(?:{lexicon.alternation('en', 'contrast')})\b)|{lexicon.alternation('zh', 'contrast')})")


def _contrasted(text, claims, estimates) -> list[int]:
    """The figures after a contrast word (but, while, 但) that follows the first estimate in its sentence,
    of its unit: the result set against the estimate named first."""
    first = claims[estimates[0]]
    for m in _CONTRAST.finditer(text, first.quantity.end, first.sentence.end):
        return [i for i in estimates[1:] if claims[i].quantity.start >= m.end() and claims[i].sentence == first.sentence
                and relate.unit(claims[i]) == relate.unit(first)]
    return []


def _results_period(text, lo: int, hi: int) -> str | None:
    """The one period the words before a beat cue name (第3季財報優於…), if they name one; words after
    a comparison's from-word name what it is set against (down from April's…)."""
    first = cues.first("from", text, lo, hi)
    labels = {p.label for p in find_periods(text[lo : first.start() if first is not None else hi])[0]}
    return labels.pop() if len(labels) == 1 else None


def _same_period(period: str, label: str) -> bool:
    p = period.split("@")[0]
    return p == label or p.endswith("-" + label) or label.endswith("-" + p)


def _forecast_named(text, c) -> bool:
    """``財報優於法人預期…，台積電預估第4季營收322-334億美元``: a figure its own clause names as a
    forecast is no result that beat or missed one."""
    lo = max(c.sentence.start, *(text.rfind(p, c.sentence.start, c.quantity.start) + 1 for p in ",，;；"))
    hits = cues.find("estimate", text, lo, c.quantity.start) + cues.find("forecast", text, lo, c.quantity.start)
    # "fell short of estimates with EPS of $3.34": the estimates are what the figure missed, not its name
    return any(not (cues.find("beat", text, max(lo, h.start() - 14), h.start()) or cues.find("miss", text, max(lo, h.start() - 14), h.start()))
               for h in hits)


def _next_forecast(text, own: int, end: int) -> int:
    """Where the sentence of a beat starts another clause with an estimate of its own: ``財報優於法人預期並
    召開法說會，台積電預估第4季營收322-334億美元`` beat analysts with last quarter's results and then
    forecasts the next quarter; the forecast's figures are not what was beaten."""
    for h in cues.find("estimate", text, own, end):
        if relate.CLAUSE_BREAK.search(text, own, h.start()):
            return h.start()
    return end




_PRIOR_MOVE = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'prior_move')})\b)[^.;\d]{{0,30}}$")
_BEAT_OBJECT = re.compile(rf"\s+(?i:{lexicon.alternation('en', 'beat_object')})\b")
_BY_SIZE = re.compile(rf"(?i:{lexicon.alternation('en', 'by_size')})")


def _by_size(text, claims, m, sent, actual) -> tuple[str, str]:
    """``The deficit narrowed more than expected … to $45.3 billion … expected $46.1 billion``: a level
    whose move is compared by its size lies below the estimate when the move is a fall; the move is
    the one its sentence names before the cue, else the actual figures' own. Returns the relation and
    the words to quote (the move word too, where it stands right before the cue)."""
    if not _BY_SIZE.fullmatch(m.group(0)):
        return m.label, m.group(0)
    up, down = cues.last("up", text, sent[0], m.start()), cues.last("down", text, sent[0], m.start())
    move = max((h for h in (up, down) if h is not None), key=lambda h: h.start(), default=None)
    if move is not None:
        fall = move is down
    else:
        fall = bool(actual) and all(claims[i].direction == "down" for i in actual)
    label = ("miss" if m.label == "beat" else "beat") if fall else m.label
    said = text[move.start() : m.end()] if move is not None and not text[move.end() : m.start()].strip() else m.group(0)
    return label, said


def _compared(claims, idx) -> set[str]:
    return {cm.target for i in idx for cm in claims[i].comparators if cm.relation in ("beat", "miss")}


def _expected_move(text, claims, sents, by_sent, k, m, est, named) -> None:
    """``Retail sales rose more than expected in March. Sales increased 0.7% …. Economists had forecast
    a 0.4% gain.``: a beat or miss of a move, its estimate a move too. The first move after the cue (or
    in the cue's sentence) is the actual, the first move after the estimate's words the estimate; the
    previous period's move (``after a 0.4% gain in February``) and a revision are neither. A move
    "more than expected" is compared by its size: a fall more than expected is below the estimate."""
    def moves(js, frm=0, upto=len(text)):
        return [i for j in js for i in by_sent.get(j, []) if claims[i].kind == "change" and claims[i].quantity.unit == "percent"
                and not claims[i].comparators and frm <= claims[i].quantity.start and claims[i].quantity.end <= upto
                and not _PRIOR_MOVE.search(text, sents[j][0], claims[i].quantity.start)
                and not cues.last("revision", text, max(sents[j][0], claims[i].quantity.start - 24), claims[i].quantity.start)
                and not _earlier(text, claims[i], sents[j])]

    j_est, cue_end = est[0]
    if j_est == k or cues.first("beat", text, *sents[j_est]) or cues.first("miss", text, *sents[j_est]):
        return  # 超出預期2.5%, beat estimates by 2%: by how much it beat, not the estimate
    estimate = moves([j_est], frm=cue_end)
    actual = moves(range(k, j_est)) if j_est > k else moves([k], upto=m.start())
    if named:
        # "retail sales rose more than expected … Sales increased 0.7%": a metric named again more loosely
        actual = [i for i in actual if claims[i].metric in (None, *named)] or actual
    if not estimate or not actual:
        return
    a, e = actual[0], estimate[0]
    relation = m.label
    if _BY_SIZE.fullmatch(m.group(0)) and claims[a].direction == "down":
        relation = "miss" if relation == "beat" else "beat"  # fell more than expected: a larger fall, a lower figure
    fill = {f: getattr(claims[a], f) for f in ("metric", "entity", "period") if getattr(claims[a], f)}
    claims[e] = claims[e].model_copy(update={"kind": "estimate", "direction": claims[e].direction or claims[a].direction, **fill})
    relate.add(claims, a, relation, claims[e], m.group(0))

"""A figure said to beat or miss another in its sentence: ``revenue of $5.2 billion beat estimates of
$5.0 billion``, ``毛利率59.5%高於公司預估55.5-57.5%``, ``grew 12.7%, beating forecasts of a 5.2% rise``.

Each estimate is paired with the actual it is compared with by unit and size (relation beat /
miss, checked by AR007); a forecast restated before the cue is beaten by the article's earlier
figure of its metric and period.
"""

from __future__ import annotations

from verifier.claims import compare, cues, relate, words
from verifier.claims.kinds import direction_of


def beat_miss(text, claims, sent, idx, prev, following=()) -> set[int]:
    done: set[int] = set()
    for m in [x for cue in compare.COMPARED for x in cues.find(cue, text, *sent)]:
        relation = m.label
        bases = {cm.target for i in idx for cm in claims[i].comparators if cm.relation == "change_from"}
        actual = [i for i in idx if claims[i].quantity.end <= m.start() and claims[i].kind in relate.AMOUNTS + ("change",)
                  and claims[i].id not in bases and claims[i].change_basis != "gap"  # 2.0% higher than: the gap, not a side
                  and not relate.object_of(text, claims[i], sent)
                  and not _other_subject(text, claims[i], m.start(), claims, idx)]
        if not actual and relate.demonstrative(text, sent, m.start()):
            actual = [i for i in prev if claims[i].kind in relate.AMOUNTS]
        nxt = [x.start() for cue in compare.COMPARED for x in cues.find(cue, text, m.end(), sent[1])]
        stop = min(nxt) if nxt else sent[1]
        estimates = [i for i in idx if m.end() <= claims[i].quantity.start < stop and (
            claims[i].kind in relate.AMOUNTS or _forecast_change(text, claims, i, actual, m.end()))
            and not _own_forecast(text, m.end(), claims[i]) and not _earlier(claims[i])]
        if not estimates and (ratios := _forecast_ratio(text, claims, idx, m, stop)):
            actual, estimates = ratios
        if not estimates and actual and (earlier := _forecast_then_result(text, claims, sent, actual, m.end())):
            actual, estimates = earlier
        if not actual and estimates and claims[estimates[0]].kind == "estimate":
            # "defied the average estimate of 49 cents a share, to bring in earnings of 70 cents": the
            # estimate named first, the actual the next figure of its unit that is no estimate
            first = claims[estimates[0]]
            later = [i for i in estimates[1:] if claims[i].kind != "estimate" and claims[i].quantity.unit == first.quantity.unit]
            if later:
                actual = later[:1]
                estimates = [i for i in estimates if claims[i].kind == "estimate" and claims[i].quantity.start < claims[later[0]].quantity.start]
        if not estimates and not nxt and following:
            # "Revenue of $5.2 billion beat expectations. Analysts had expected $5.4 billion.": the
            # estimate the beat refers to, named in the next sentence
            first_cue = relate.estimate_cue(text, claims[following[0]].sentence)
            estimates = [i for i in following if first_cue is not None and claims[i].quantity.start >= first_cue
                         and claims[i].kind in relate.AMOUNTS and not claims[i].comparators]
        for e in estimates:
            before = cues.find("estimate", text, m.end(), claims[e].quantity.start) or cues.find(
                "forecast", text, m.end(), claims[e].quantity.start)
            if claims[e].change_basis == "vs-estimate" and claims[e].quantity.unit == "percent" and not before:
                # "below the 0.3% rise expected": the beat word before it is not the forecast's direction
                q = claims[e].quantity
                way = direction_of(text, (q.end, min(sent[1], q.end + 12))) or "up"
                claims[e] = claims[e].model_copy(update={"direction": way, "change_basis": None})
        if relate.link_estimates(claims, estimates, actual, relation, m.group(0)):
            done.add(m.start())
    return done


def _other_subject(text, c, cue_start: int, claims, idx) -> bool:
    """``$976 million, although net profit fell short of …``: another metric named between the figure
    and the cue, with no figure of its own after it, is what the cue is about (not 營收…，每股盈餘1.95美元，
    雙雙優於…: a list of figures before the cue)."""
    if c.metric is None:
        return False
    starts = [claims[i].quantity.start for i in idx if c.quantity.end <= claims[i].quantity.start < cue_start]
    return any(m[2] != c.metric and not any(s >= m[1] for s in starts)
               for m in words.metrics_between(text, c.quantity.end, cue_start))


def _earlier(c) -> bool:
    """"higher than the $4.5 billion a year ago": a figure dated back by its own words is an earlier
    level, not an estimate."""
    return c.kind != "estimate" and bool(c.period) and (c.period.startswith("prev") or "@prev" in c.period)


def _own_forecast(text, cue_end: int, c) -> bool:
    """``持續超越市場，預計全年美元營收將成長近30%``: past a clause break, a forecast word opens the
    subject's own outlook, not the figure it beats (that is named by the cue's object: 市場)."""
    q = c.quantity
    breaks = list(relate.CLAUSE_BREAK.finditer(text, cue_end, q.start))
    if not breaks:
        return False
    return bool(cues.find("forecast", text, breaks[-1].end(), q.start)) and not cues.find("estimate", text, cue_end, q.start) \
        and not cues.find("estimate_after", text, q.end, min(c.sentence.end, q.end + _AFTER_RATE))


def _forecast_then_result(text, claims, sent, before, cue_end: int) -> tuple[list[int], list[int]] | None:
    """``經濟部上個月預計，11月外銷訂單在667億至687億美元之間，…，最終表現遠超預期``: the figures before
    the cue are a forecast (a forecast word of its own, not a bare 將, opens the sentence before them),
    the cue closes the sentence, and what beat the forecast is the article's earlier figure of that
    metric and period."""
    first = claims[before[0]]
    named = cues.find("forecast", text, sent[0], first.quantity.start) + cues.find("estimate", text, sent[0], first.quantity.start)
    if not any(len(h.group(0)) > 1 for h in named):
        return None
    k = before[-1] + 1
    while k < len(claims) and claims[k].sentence.start == sent[0]:
        if claims[k].quantity.start >= cue_end:
            return None  # 超出市場預期50%以上: the cue's own figure follows it
        k += 1
    forecasts = [i for i in before if claims[i].kind in relate.AMOUNTS]
    if not forecasts:
        return None
    f = claims[forecasts[0]]
    # the nearest earlier figure, among the few dozen before the sentence (a scan of all was quadratic)
    for j in range(before[0] - 1, max(-1, before[0] - 1 - _RESULT_REACH), -1):
        c = claims[j]
        if (c.kind == "amount" and c.quantity.low is None and c.metric == f.metric and c.metric and c.period == f.period
                and c.entity == f.entity and relate.unit(c) == relate.unit(f) and not c.forecast and not c.comparators):
            return [j], forecasts[:1]
    return None


_RESULT_REACH = 60  # claims back from a restated forecast to the result that beat it


def _forecast_ratio(text, claims, idx, m, stop) -> tuple[list[int], list[int]] | None:
    """``gross margin of 59.5% beat its forecast of 55.5-57.5%``, ``毛利率59.5%高於公司預估55.5-57.5%``: a
    margin or share set against the forecast level named after the cue (the forecast's name before
    the figure), not the gap to it."""
    def named(i):
        q = claims[i].quantity
        hits = cues.find("estimate", text, m.end(), q.start) + cues.find("forecast", text, m.end(), q.start)
        # the forecast's name in the figure's own clause (高於預期減輕…，營業利益率為50.6% names no forecast of it)
        return claims[i].kind in ("ratio", "share") and any(not relate.CLAUSE_BREAK.search(text, h.end(), q.start) for h in hits)
    estimates = [i for i in idx if m.end() <= claims[i].quantity.start < stop and named(i)]
    actual = [i for i in idx if claims[i].quantity.end <= m.start() and claims[i].kind in ("ratio", "share")]
    if not estimates or not actual:
        return None
    return actual[::-1], estimates


def _forecast_change(text, claims, i: int, actual: list[int], cue_end: int) -> bool:
    """"grew 12.7%, beating forecasts of a 5.2% rise", "rose 0.1%, below the 0.3% rise expected by economists":
    a forecast change set against an actual change (the forecast named before the figure or right after it)."""
    q = claims[i].quantity
    if q.unit != "percent" or not any(claims[a].kind == "change" for a in actual):
        return False
    named = cues.find("estimate", text, cue_end, q.start) or cues.find("forecast", text, cue_end, q.start)
    if named and claims[i].change_basis == "vs-estimate" and text[named[-1].end() : q.start].strip(" 了").lower() in ("", "by"):
        return False  # 超出預期7.1%, beat estimates by 1.7%: by how much it beat, not a forecast rate
    if named:
        return True
    end = min(claims[i].sentence.end, q.end + _AFTER_RATE)
    return bool(cues.find("estimate_after", text, q.end, end) or cues.find("estimate", text, q.end, end))


_AFTER_RATE = 32  # "the 0.3% rise expected by economists", "the 2.6% growth that was expected"

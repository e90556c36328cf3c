"""Figures set against other figures: a rate or an amount against the same figure of earlier
periods (``低於前一季之18.7%，及去年同期之19.4%``), and a beat's size in percent after its estimate
(``beating the estimate of $122.1 million by 6.18%``)."""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import cues, relate
from verifier.claims.kinds import direction_of

COMPARED = ("beat", "miss", "meet")  # above, below, in line with: the cues that set a figure against another
_W = lexicon.alternation


_HAS_DIGIT = re.compile(r"(?<!\d)(?!(?:19|20)\d\d(?!\d))\d")  # a figure between the referring words and the cue (not a year)
# the figure, then at most a comma (and a word of degree: slightly) before the comparison word
_ONE_COMMA = re.compile(rf"[^，,;；。]*[，,]?\s*(?:(?i:(?:{_W('en', 'degree')})\b)\s*)?")


# a sentence that opens by referring to the previous sentence's level: "The percentage in 2015 was
# well below the recent peak of 24.4 percent"
_REFERS = re.compile(rf"\s*(?:(?i:(?:{_W('en', 'referring_level')})\b)|{_W('zh', 'referring_level')})")


def earlier_levels(text, claims, sent, idx, prev=()) -> set[str]:
    """``淨利率為17.9%，低於前一季之18.7%，及去年同期之19.4%``, ``a deficit of $559 billion in 2017, less
    than the $587 billion posted in 2016``: a figure set against the same figure of earlier periods,
    one or a list (relation beat / miss, the way the word says; checked by AR007). The ids compared
    are returned: they are levels of their own periods, never an estimate of the figure's."""
    compared: set[str] = set()
    subject: list[int] = []
    for m in sorted((x for cue in ("beat", "miss") for x in cues.find(cue, text, *sent)), key=lambda h: h.start()):
        before = [i for i in idx if claims[i].quantity.end <= m.start()]
        referred = not before and prev and (_REFERS.match(text, sent[0]) or relate.demonstrative(text, sent, m.start())) \
            and not _HAS_DIGIT.search(text, sent[0], m.start())
        if referred and _REFERS.match(text, sent[0]):
            before = subject = [j for j in prev if claims[j].kind in ("ratio", "share", *relate.AMOUNTS)][:1]
        elif referred:
            # "That was higher than the GDP growth of 3.6 percent": the previous sentence's growth rate
            # (an amount pointed back to is the beat reading's: "That topped the $80.3 billion expected")
            before = subject = [j for j in prev if claims[j].kind == "change" and claims[j].quantity.unit == "percent"
                                and not claims[j].comparators][-1:]
        elif subject and before and claims[before[-1]].id in compared:
            # "… below the recent peak of 24.4 percent but above the average of 20.2 percent": the same subject
            before, referred = subject, True
        levels = ("ratio", "share") if before and claims[before[-1]].quantity.unit == "percent" else relate.AMOUNTS
        if before and claims[before[-1]].kind == "change" and claims[before[-1]].quantity.unit == "percent":
            levels = ("change", "share")  # "grew 3.8 percent, slightly faster than the 3.5 percent growth in the previous quarter"
        if not before or claims[before[-1]].kind not in levels:
            continue
        if not referred and len(before) > 1 and relate.object_of(text, claims[before[-1]], sent) \
                and claims[before[-2]].quantity.unit == claims[before[-1]].quantity.unit:
            # "£2.9bn, up from earlier guidance of at least £2.8bn and higher than last year's £2.76bn": the
            # figure a from-word set against is no subject; the comparisons share the one before it
            before, shared = before[:-1], True
        else:
            shared = False
        a = claims[before[-1]]
        nxt = [x.start() for cue in COMPARED for x in cues.find(cue, text, m.end(), sent[1])]
        stop = min(nxt + [sent[1]])
        if _BOTH.search(text, max(sent[0], m.start() - 3), m.start()) and _BOTH_GAP.fullmatch(text, a.quantity.end, m.start()):
            compared |= _in_order(text, claims, idx, before, m, stop, levels)
            continue
        if not referred and not shared and not _ONE_COMMA.fullmatch(text, a.quantity.end, m.start()):
            continue
        for i in idx:
            o = claims[i]
            if (m.end() <= o.quantity.start < stop and o.kind in levels and o.quantity.unit == a.quantity.unit
                    and o.metric in (None, a.metric) and o.period and a.period and o.period != a.period
                    and not o.comparators and (o.kind == a.kind or o.kind != "estimate")
                    # "exceeding forecasts for 114.9 billion yen following the 119.2 billion yen surplus in
                    # March": the cue's object is the forecast; a level past it is no second object
                    and not any(cues.find(cue, text, m.end(), o.quantity.start) for cue in ("estimate", "forecast"))):
                if a.kind == "change":
                    # "lower than the 2.1 percent growth": the comparison word is not the rate's own direction;
                    # a smaller decline than another is told by sizes, not signs: only rises are set side by side
                    way = direction_of(text, (o.quantity.end, min(sent[1], o.quantity.end + 14))) or "up"
                    if a.direction == "down" or way == "down" or o.quantity.value < 0 or a.quantity.value < 0:
                        continue
                    # …and the rate compared with is no gap to an estimate: a rate of its own period
                    claims[i] = o = o.model_copy(update={"direction": way, "change_basis": None if o.change_basis == "vs-estimate" else o.change_basis})
                relate.add(claims, before[-1], m.label, o, m.group(0))
                compared.add(o.id)
            elif m.end() <= o.quantity.start < stop and o.kind not in levels:
                break  # 每股盈餘為15.84元: the list of compared rates ends at the next figure of another kind
    return compared


_BOTH = re.compile(rf"(?:{_W('zh', 'both_lead')})\s*$")
_BOTH_GAP = re.compile(rf"\s*[，,]?\s*(?:{_W('zh', 'both_lead')})\s*")
_LIST_SEP = re.compile(rf"\s*(?:[,，]\s*)?(?:{_W('zh', 'list_join')})?\s*")


def _in_order(text, claims, idx, before, m, stop, levels) -> set[str]:
    """``毛利率63%-65%，營益率54%-56%，雙雙超越上季的62.3%、54%``: the figures before the cue each against
    the list after it, in order; the listed levels take the metrics of the figures they are set against."""
    items = [i for i in idx if m.end() <= claims[i].quantity.start < stop and claims[i].kind in levels]
    items = [i for k, i in enumerate(items) if k == 0 or _LIST_SEP.fullmatch(text, claims[items[k - 1]].quantity.end, claims[i].quantity.start)]
    mine = [i for i in before if claims[i].kind in levels][-len(items):] if items else []
    if len(items) < 2 or len(mine) != len(items) or len({claims[i].metric for i in mine}) != len(mine):
        return set()
    period = claims[items[0]].period  # 上季的62.3%、54%: the period named before the list is every item's
    for a, o in zip(mine, items):
        claims[o] = claims[o].model_copy(update={"metric": claims[a].metric, "period": period})
        relate.add(claims, a, m.label, claims[o], m.group(0))
    return {claims[o].id for o in items}


_SURPRISE_BY = re.compile(rf"\s*[,，]?\s*(?:(?i:\b(?:{lexicon.alternation('en', 'surprise_by')})\b)|{lexicon.alternation('zh', 'surprise_by')})\s*")


def surprise(text, claims, idx) -> None:
    """``$129.6 million, beating the estimate of $122.1 million by 6.18%``: the percentage right after
    the estimate is the actual's change from it (checked as a rate against its endpoints)."""
    at = {claims[i].id: i for i in idx}
    for a in idx:
        for cm in claims[a].comparators:
            e = at.get(cm.target)
            if cm.relation not in ("beat", "miss") or e is None:
                continue
            p = next((i for i in idx if claims[i].quantity.start >= claims[e].quantity.end), None)
            if (p is None or claims[p].quantity.unit != "percent" or claims[p].kind not in ("share", "change")
                    or claims[p].comparators or not _SURPRISE_BY.fullmatch(text, claims[e].quantity.end, claims[p].quantity.start)):
                continue
            way = "up" if cm.relation == "beat" else "down"
            relate.add(claims, p, "change_from", claims[e], cm.cue, kind="change", direction=way,
                       metric=claims[p].metric or claims[a].metric)
            relate.add(claims, p, "change_to", claims[a], cm.cue)


# 46.75元，已較去年整年的45.25元為高: the first figure, at most a comma and a lead word, the comparison's
# opening, a few words naming the second, the second figure, then its word of comparison and no size
_FRAME_OPEN = re.compile(rf"[，,]?\s*(?:{_W('zh', 'frame_lead')})?\s*(?:{_W('zh', 'frame_than')})[^，,;；。\d]{{0,14}}")
_FRAME_WORD = re.compile(rf"\s*(?:({_W('zh', 'frame_higher')})|({_W('zh', 'frame_lower')}))(?![\d.%０-９一二三四五六七八九十百])")


def frames(text, claims, sent, idx) -> None:
    """``每股盈餘46.75元，已較去年整年的45.25元為高``, ``毛利率比上季的62.3%還高``: a figure set against
    the next one by a comparative after it, no size of the difference given (relation beat / miss,
    checked by AR007)."""
    for k, b in enumerate(idx[1:], 1):
        a, cb = idx[k - 1], claims[b]
        w = _FRAME_WORD.match(text, cb.quantity.end, sent[1])
        ca = claims[a]
        if (w is None or cb.comparators or ca.kind not in relate.AMOUNTS + ("ratio", "share") or cb.kind == "change"
                or relate.unit(ca) != relate.unit(cb) or None not in (ca.metric, cb.metric) and ca.metric != cb.metric
                or not _FRAME_OPEN.fullmatch(text, ca.quantity.end, cb.quantity.start)):
            continue
        relate.add(claims, a, "beat" if w.group(1) else "miss", cb, w.group(0).strip())

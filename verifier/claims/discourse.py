"""Relations across sentences: a base restated a sentence later (去年同期為…, A year earlier, …),
a rate in a sentence that points back, a beat whose estimates come later, the parts after 其中
that may run past semicolons, and a report summary's rows under a change column.

Each resolver reads explicit wording; none pairs figures by distance alone.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from verifier import lexicon
from verifier.claims import cues, relate, words  # relate: what both kinds of resolver share
from verifier.extract.periods import find_periods
from verifier.models import Span


_ROW_GAP = re.compile(r"[ \t\u3000]+")


_ROW_LABEL = re.compile(r"[\u4e00-\u9fff)）A-Za-z][ \t\u3000]*$")


def statement_rows(text, claims) -> None:
    """``营业收入 6,367,254,273.60 8,526,044,247.45 -25.32`` under a header ``…增减(%)``: a report
    summary's row, this period, the same period before, and the change between them in percent
    printed without its sign. The third figure becomes that change, linked to the two before it."""
    heads = cues.find("change_column", text, 0, len(text))
    if not heads:
        return
    first = heads[0].start()
    i = 0
    while i + 2 < len(claims):
        a, b, c = claims[i], claims[i + 1], claims[i + 2]
        row = (a.quantity.start > first and all(x.kind in ("count", "amount") and x.quantity.low is None for x in (a, b, c))
               and a.quantity.unit == b.quantity.unit and c.quantity.unit == "dimensionless"
               and _ROW_GAP.fullmatch(text, a.quantity.end, b.quantity.start) and _ROW_GAP.fullmatch(text, b.quantity.end, c.quantity.start)
               and _ROW_LABEL.search(text, max(0, a.quantity.start - 8), a.quantity.start)
               and a.quantity.value > 0 and b.quantity.value > 0 and abs(c.quantity.value) < 1e5)
        if not row:
            i += 1
            continue
        q = c.quantity.model_copy(update={"unit": "percent", "kind": "percent"})
        down = c.quantity.value < 0
        claims[i + 2] = c.model_copy(update={"quantity": q, "kind": "change", "direction": "down" if down else "up",
                                             "change_basis": c.change_basis or "vs-base", "metric": c.metric or a.metric})
        relate.add(claims, i + 2, "change_from", b, heads[0].group(0))
        relate.add(claims, i + 2, "change_to", a, heads[0].group(0))
        i += 3


def this_change(text, claims, sent, idx, prev) -> None:
    """``EPS … $5.58, up from $1.09 …. This represents a gain of 411%.``: a rate in a sentence that
    opens by pointing back, with no figures of its own to run between, is the move between the
    previous sentence's figure and the base it names after "from"."""
    if not relate.demonstrative(text, sent, sent[1]):
        return
    for i in idx:
        c = claims[i]
        if c.kind != "change" or c.quantity.unit != "percent" or c.comparators:
            continue
        if any(claims[j].kind in relate.AMOUNTS for j in idx if j != i):
            _base_here(text, claims, sent, idx, prev, i)
            return
        bases = [j for j in prev if claims[j].kind in relate.AMOUNTS and cues.last(
            "from", text, max(claims[j].sentence.start, claims[j].quantity.start - 12), claims[j].quantity.start)]
        if len(bases) != 1:
            return
        b = bases[0]
        news = [j for j in prev if claims[j].kind in relate.AMOUNTS and claims[j].quantity.end <= claims[b].quantity.start
                and claims[j].quantity.unit == claims[b].quantity.unit
                and claims[j].quantity.per_share == claims[b].quantity.per_share]  # not the ($9.32 per share) beside it
        if not news:
            return
        n = news[-1]
        upd = {"metric": c.metric or claims[n].metric}
        relate.add(claims, i, "change_from", claims[b], text[sent[0] : sent[0] + 12].strip().split(" ")[0], **upd)
        relate.add(claims, i, "change_to", claims[n], "from")
        return


def _base_here(text, claims, sent, idx, prev, i) -> None:
    """``Apple earned $7.7 billion. That was a 12 percent increase from income of $6.9 billion.``,
    ``…二百零六億元。較去年同期的一百九十七點四四億元上升百分之四點五。``: the base after "from" (較) in
    the rate's own sentence, the new figure the one of its unit (and size) in the sentence before."""
    c = claims[i]
    b = cue = None
    for j in idx:  # the base: right after its from-cue, before the rate (較去年同期的…上升4.5%) or after it
        m = relate.right_after("from", text, claims[j], sent[0], 20) if claims[j].kind in relate.AMOUNTS else None
        if m is not None:
            b, cue = j, m
            break
    if b is None:
        # "The result was a 368% increase over its year-earlier earnings, …, with a figure of $63m": the rate's
        # from-cue names the base in words, and the sentence's one figure is it
        amounts = [j for j in idx if claims[j].kind in relate.AMOUNTS and claims[j].quantity.start > c.quantity.end]
        cue = cues.first("from", text, c.quantity.end, min(sent[1], c.quantity.end + 14))
        if cue is None or len(amounts) != 1 or len([j for j in idx if claims[j].kind in relate.AMOUNTS]) != 1:
            return
        b = amounts[0]
    news = [j for j in prev if claims[j].kind in relate.AMOUNTS and claims[j].quantity.unit == claims[b].quantity.unit
            and claims[j].quantity.per_share == claims[b].quantity.per_share]
    if len(news) > 1:
        news = relate.fits(claims, b, news)  # 博彩毛收入二百零六億…日均約七點四億元: the one of the base's size
    if len(news) != 1:
        return  # which of the sentence's figures the rate is about would be a guess
    n = news[0]
    upd = {"metric": c.metric or claims[n].metric}
    relate.add(claims, i, "change_from", claims[b], cue.group(0), **upd)
    relate.add(claims, i, "change_to", claims[n], text[sent[0] : sent[0] + 12].strip().split(" ")[0])


def semicolon_run(text, sent_keys, by_sent, k) -> list[int]:
    """The claims of the clauses that continue sentence k after its semicolons (…出口20.5萬億元；進口15.2萬億元。)."""
    out = []
    while k + 1 < len(sent_keys) and text[sent_keys[k][1] - 1 : sent_keys[k][1]] in ("；", ";") and relate.adjacent(text, sent_keys[k], sent_keys[k + 1]):
        k += 1
        out += by_sent[sent_keys[k]]
    return out


@lru_cache(maxsize=1)
def _balances() -> frozenset[str]:
    """Metrics that are one total less another (data/balances.tsv): a trade surplus, a deficit."""
    return frozenset(r[0] for r in lexicon.rows("balances.tsv"))


# after an opening "Including", words, a comma and a clause's subject: an adverbial, not a list of parts
_ADVERBIAL = re.compile(rf"[^\d,;.]{{1,60}},\s+(?i:(?:{lexicon.alternation('en', 'clause_subject')})\b)")


def parts(text, claims, sent, idx, prev) -> None:
    """``進出口總值36.0萬億元。其中，出口20.5萬億元…進口15.2萬億元``, ``$80bn, split between $40bn
    … and $40bn``: the amounts after the cue are parts of the amount before it, in its sentence or,
    when the cue opens the sentence, the previous one's last figure of that unit. Each part links
    to its total (``part_of``); whether the list is all of it is the cue's (split_all) or the
    partition's (data/partitions.tsv) to say."""
    for label in ("split", "split_all"):
        for m in cues.find(label, text, *sent):
            opening = cues.opens(label, text, sent) is not None and cues.opens(label, text, sent).start() == m.start()
            if opening and _ADVERBIAL.match(text, m.end()):
                continue  # "Including discontinued operations, the company reported …": what the totals hold
            pool = prev if opening else [i for i in idx if claims[i].quantity.end <= m.start()]
            totals = [i for i in pool if claims[i].kind == "amount" and not claims[i].comparators]
            if not totals:
                continue
            total = claims[totals[-1]]
            gap = text[total.quantity.end : m.start()]
            if not opening and len(gap) > 24 and (len(gap) > 40 or re.search(r"\d", gap)):
                # near the total (a rate may stand between), or a little farther with no figure between
                continue
            # a list the cue opens runs on past semicolons (其中，出口…；進口…); one inside a
            # sentence ends with it (…第二產業投資…，其中製造業投資…；第三產業投資…: a sibling)
            end = max([claims[i].sentence.end for i in idx] + [sent[1]]) if opening else sent[1]
            nxt = [h.start() for lb in ("split", "split_all") for h in cues.find(lb, text, m.end(), end)]
            stop = min(nxt) if nxt else end
            parts = [i for i in idx if m.end() <= claims[i].quantity.start < stop and claims[i].kind == "amount"
                     and claims[i].quantity.unit == total.quantity.unit and not claims[i].comparators
                     and claims[i].period in (None, total.period)
                     # 貿易順差5.58萬億元 after 出口…進口…: one side less the other, not a third part
                     and (claims[i].metric not in _balances() or claims[i].metric == total.metric)
                     # 首次突破200億元大關: a bound the part passed, not another part
                     and claims[i].quantity.hedge not in ("more_than", "at_least", "less_than", "at_most")]
            if len(parts) < 1:
                continue
            for i in parts:
                relate.add(claims, i, "part_of_all" if label == "split_all" else "part_of", total, m.group(0))


_WORDS_TO_END = re.compile(r"[^\d,;.]{0,30}")


def _closing_backref(text, claims, sent, idx):
    """``Apple sold 40.4 million iPhones a year earlier.``: the sentence's one figure, then a few words
    and the back-reference that closes it."""
    if len(idx) != 1:
        return None
    end = claims[idx[0]].quantity.end
    hit = cues.first("backref", text, end, sent[1])
    if hit is None or not _WORDS_TO_END.fullmatch(text, end, hit.start()) or text[hit.end() : sent[1]].strip(" .。") != "":
        return None
    return hit


def year_earlier(text, claims, sent, idx, prev) -> None:
    """``營收120億元，年增20%。去年同期為110億元。``, ``Net income rose to $310 million. That was up
    from $250 million a year ago, an increase of 30%.``: a sentence opened by a back-reference
    restates the previous sentence's figure for a year earlier; the rate beside either is the
    move between the two."""
    cue = cues.opens("backref", text, sent) or _closing_backref(text, claims, sent, idx)
    if cue is None:
        return
    used: set[int] = set()
    for i in idx:
        base = claims[i]
        if base.kind not in ("amount", "count") or base.comparators:
            continue
        cands = [j for j in prev if j not in used and claims[j].kind in ("amount", "count")
                 and claims[j].quantity.unit == base.quantity.unit and claims[j].quantity.per_share == base.quantity.per_share
                 and not (claims[j].period and "@" in claims[j].period)
                 and (base.metric is None or claims[j].metric == base.metric)]
        if not cands:
            continue
        a = cands[0] if base.metric else cands[-1]
        used.add(a)
        new = claims[a]
        fill = {k: getattr(new, k) for k in ("metric", "entity", "subject") if getattr(new, k) and not getattr(base, k)}
        if new.period and (base.period is None or base.period.startswith("prev") or "@" in base.period):
            fill["period"] = new.period + "@prev-year"
        claims[i] = base = base.model_copy(update=fill)
        # the rate: unlinked, about the same metric, after the new figure or after the base
        rates = [j for j in prev + idx if claims[j].kind == "change" and claims[j].quantity.unit == "percent"
                 and not any(cm.relation == "change_from" for cm in claims[j].comparators)
                 and claims[j].change_basis in (None, "yoy") and claims[j].metric in (None, new.metric)
                 and (claims[j].quantity.start > new.quantity.end
                      or any(cm.relation == "change_to" and cm.target == new.id for cm in claims[j].comparators))]
        rates = [j for j in rates if j in idx or not any(
            claims[o].kind in ("amount", "count") and new.quantity.end < claims[o].quantity.start < claims[j].quantity.start
            for o in prev)]  # 營收120億元，淨利8億元，年增20%: the rate follows the nearer figure
        if not rates:
            _moved_from(text, claims, a, base, cue)
            continue
        r = rates[0]
        upd = {"change_basis": "yoy", "base_period": base.period}
        if claims[r].metric is None and new.metric:
            upd["metric"] = new.metric
        relate.add(claims, r, "change_from", base, cue.group(0), **upd)
        if not any(cm.relation == "change_to" for cm in claims[r].comparators):
            relate.add(claims, r, "change_to", new, cue.group(0))


def _moved_from(text, claims, a, base, cue) -> None:
    """``…earned $176 million. That was up from $120 million a year ago.``: no rate, but the opening
    says which level is higher (up_from / down_from, checked by AR011)."""
    hits = [h for d in ("up", "down") for h in cues.find(d, text, cue.start(), cue.end())]
    if hits:
        relate.add_move(claims, a, hits[0].label, base, cue.group(0))


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
    for m in list(cues.find("beat", text, 0, len(text))) + list(cues.find("miss", text, 0, len(text))):
        if m.start() in decided:
            continue
        k = bisect.bisect_right(starts, m.start()) - 1
        if k < 0 or not (cues.find("estimate", text, m.start(), min(sents[k][1], m.end() + _BEAT_REACH)) or "expect" in m.group(0).lower()):
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
        compared = {cm.target for c in claims for cm in c.comparators if cm.relation in ("beat", "miss")}
        stop = _next_forecast(text, own, sents[k][1]) if est[0][0] == k else len(text)
        estimates = [i for j, cue_end in est for i in by_sent.get(j, []) if cue_end <= claims[i].quantity.start < stop
                     and claims[i].kind in relate.AMOUNTS and not claims[i].comparators and not _earlier(text, claims[i], sents[j])
                     and claims[i].id not in compared]  # "…, surpassing estimates of $55.5 billion": its own sentence's
        if not estimates:
            _expected_move(text, claims, sents, by_sent, k, m, est, named)
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
        relate.link_estimates(claims, estimates, actual, m.label, m.group(0))


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
        if _CLAUSE_BREAK.search(text, own, h.start()):
            return h.start()
    return end


_CLAUSE_BREAK = re.compile(r"[,，;；]")


_PRIOR_MOVE = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'prior_move')})\b)[^.;\d]{{0,30}}$")
_BY_SIZE = re.compile(rf"(?i:{lexicon.alternation('en', 'by_size')})")


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


def reference_gaps(text, claims, sents) -> None:
    """``The benchmark index now stands 3.1% below its record close of 5,667.20`` after ``the S&P 500
    … to end at 5,412.18``: a gap to a reference level printed beside it, from the level stated in
    the sentences before (the one figure there of a comparable size). Paired by size: ``matched``."""
    starts = [a for a, _ in sents]
    at = [c.quantity.start for c in claims]  # claims are in text order: windows are bisections
    for i, c in enumerate(claims):
        if c.quantity.unit != "percent" or c.comparators or c.kind not in ("share", "ratio", "change"):
            continue
        k = bisect.bisect_right(starts, c.quantity.start) - 1
        if k < 0:
            continue
        end = sents[k][1]
        side = cues.first("gap_below", text, c.quantity.end, min(end, c.quantity.end + 8)) or cues.first(
            "gap_above", text, c.quantity.end, min(end, c.quantity.end + 8))
        if side is None or text[c.quantity.end : side.start()].strip():
            continue
        ref_cue = cues.first("reference_level", text, side.end(), min(end, side.end() + 30))
        if ref_cue is None:
            continue
        refs = [j for j in range(bisect.bisect_left(at, ref_cue.end()), bisect.bisect_right(at, ref_cue.end() + 12))
                if claims[j].kind in ("count", "price", "amount")]
        if not refs:
            continue
        ref = claims[refs[0]]
        lo = starts[max(0, k - 3)]
        window = range(bisect.bisect_left(at, lo), bisect.bisect_left(at, sents[k][0]))
        cands = {(o.quantity.lo, o.quantity.hi): j for j in window if (o := claims[j]).kind in ("count", "price", "amount")
                 and o.quantity.unit == ref.quantity.unit and ref.quantity.value > 0
                 and 2 / 3 < o.quantity.value / ref.quantity.value < 3 / 2}
        if len(cands) != 1:
            continue
        cur = next(iter(cands.values()))
        down = side.label == "gap_below"
        claims[i] = c.model_copy(update={"kind": "change", "change_basis": "gap", "direction": "down" if down else "up"})
        relate.add(claims, i, "gap_from", claims[cur], side.group(0))
        relate.add(claims, i, "gap_to", ref, ref_cue.group(0))


def _key(c) -> tuple[int, int]:
    return c.sentence.start, c.sentence.end


def _by_sentence(claims) -> dict[tuple[int, int], list[int]]:
    """Each sentence's claims by index, found once (a scan per claim was quadratic in long articles)."""
    out: dict[tuple[int, int], list[int]] = {}
    for k, c in enumerate(claims):
        out.setdefault(_key(c), []).append(k)
    return out


def lead_rates(text, claims) -> None:
    """``Apple reported a 7.2% rise in quarterly revenue …. Revenue rose to $45.41 billion from $42.36
    billion``: a lead's rate with no figures of its metric in its sentence, and one move between two
    levels of that metric later in the article that states no rate of its own. The rate is that
    move's; the pairing is by metric (an empty cue), so what no rounding explains is for review."""
    by_id = {c.id: c for c in claims}
    linked = {cm.target for c in claims for cm in c.comparators if cm.relation in ("change_to", "change_from")}
    moves = [(k, c, by_id[cm.target], cm.relation) for k, c in enumerate(claims) for cm in c.comparators
             if cm.relation in relate.MOVES and c.id not in linked and cm.target not in linked]
    in_sentence = _by_sentence(claims)
    for i, r in enumerate(claims):
        if (r.kind != "change" or r.quantity.unit != "percent" or r.comparators or r.metric in (None, "share_price")
                or r.change_basis not in (None, "yoy") or r.direction not in ("up", "down") or r.quantity.low is not None):
            continue
        if relate.since_point(text, r) or cues.find("hypothetical", text, r.sentence.start, r.sentence.end):
            continue  # "up 25 per cent since June", "would have been 10 percent higher": not the later move
        if any(claims[o].kind in ("amount", "count") and claims[o].metric == r.metric for o in in_sentence[_key(r)]):
            continue
        fits = [(k, b) for k, n, b, way in moves
                if n.metric == r.metric and n.entity == r.entity and n.subject == r.subject and not n.quantity.per_share
                and (way == "up_from") == (r.direction == "up")
                and (r.period is None or n.period is None or n.period == r.period)]
        if len(fits) != 1:
            continue
        k, b = fits[0]
        relate.add(claims, i, "change_from", b, "")
        relate.add(claims, i, "change_to", claims[k], "")


def estimate_gaps(claims) -> None:
    """``净利润低于市场预期约24.7%`` after a table whose row gives the profit and, under 分析师预期, the
    analysts' figure: a gap to the estimate with no figures of its own is the move from that estimate
    to the actual beside it (the one such pair of the metric in the article; paired by metric)."""
    in_sentence = _by_sentence(claims)
    for i, r in enumerate(claims):
        if (r.kind != "change" or r.change_basis != "vs-estimate" or r.quantity.unit != "percent" or r.comparators
                or r.metric is None or any(claims[o].kind in relate.AMOUNTS for o in in_sentence[_key(r)])):
            continue
        pairs = [(k, e) for e in claims if e.kind == "estimate" and e.metric == r.metric and e.quantity.low is None
                 for k in in_sentence[_key(e)] if (a := claims[k]).kind == "amount" and a.metric == r.metric
                 and a.period == e.period and relate.unit(a) == relate.unit(e) and a.quantity.end <= e.quantity.start]
        if len({(k, e.id) for k, e in pairs}) != 1:
            continue
        k, e = pairs[0]
        relate.add(claims, i, "change_from", e, "", change_basis=None)
        relate.add(claims, i, "change_to", claims[k], "")

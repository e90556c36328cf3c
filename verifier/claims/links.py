"""Comparator links between claims of one sentence.

``營收達2134億美元…雙雙優於…預測的2113.3億美元與1.97美元`` links each actual
to the estimate it is said to beat, pairing by unit and size; ``較2025年的
1310億美元激增超過50%`` links the change to its base and its new value;
``(中值1760億美元)`` links a midpoint to its range. Checks read these links
instead of re-reading the sentence.
"""

from __future__ import annotations

import bisect
import re

from verifier.claims import cues, words
from verifier.claims.tables import Tables
from verifier.models import Claim, Comparator, Span

_AMOUNTS = ("amount", "estimate", "range", "price", "count")
_CLAUSE_BREAK = re.compile(r"[，,;；。]")
_TO_AFTER = re.compile(r"\s*(?:to|至|到)\s*", re.I)
_TO = re.compile(r"(?:至|到|達|达|(?i:\bto))\s*$")


def _unit(c: Claim) -> str:
    return c.quantity.unit


def _size(c: Claim) -> float:
    q = c.quantity
    return abs(q.value) if q.low is None else abs((q.low + q.high) / 2)


def _add(claims: list[Claim], i: int, relation: str, target: Claim, cue: str, **update) -> None:
    c = claims[i]
    comps = c.comparators + (Comparator(relation=relation, target=target.id, cue=cue),)
    claims[i] = c.model_copy(update={"comparators": comps, **update})


def link(text: str, claims: list[Claim], sentences=()) -> list[Claim]:
    claims = list(claims)
    decided: set[int] = set()  # beat/miss cues that found their estimate in their own sentence
    by_sent: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(claims):
        by_sent.setdefault((c.sentence.start, c.sentence.end), []).append(i)
    sent_keys = list(by_sent)
    tables = Tables(text) if "|" in text else None
    for k, key in enumerate(sent_keys):
        idx = by_sent[key]
        prev = by_sent[sent_keys[k - 1]] if k > 0 else []
        nxt = by_sent[sent_keys[k + 1]] if k + 1 < len(sent_keys) and _adjacent(text, key, sent_keys[k + 1]) else []
        if tables and tables.column_of(key[0] + text[key[0] : key[1]].find("|") + 1):
            _table_row(claims, idx)
        _change_endpoints(text, claims, key, idx)
        decided |= _beat_miss(text, claims, key, idx, prev, nxt)
        _midpoints(text, claims, idx)
        _from_levels(text, claims, idx)
        if prev and _adjacent(text, sent_keys[k - 1], key):
            _year_earlier(text, claims, key, idx, prev)
            _this_change(text, claims, key, idx, prev)
        _parts(text, claims, key, idx + _semicolon_run(text, sent_keys, by_sent, k),
               prev if prev and _adjacent(text, sent_keys[k - 1], key) else [])
    if sentences:
        _expectations(text, claims, list(sentences), decided)
    _statement_rows(text, claims)
    return claims


_ROW_GAP = re.compile(r"[ \t\u3000]+")
_ROW_LABEL = re.compile(r"[\u4e00-\u9fff)）A-Za-z][ \t\u3000]*$")


def _statement_rows(text, claims) -> None:
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
        _add(claims, i + 2, "change_from", b, heads[0].group(0))
        _add(claims, i + 2, "change_to", a, heads[0].group(0))
        i += 3


def _this_change(text, claims, sent, idx, prev) -> None:
    """``EPS … $5.58, up from $1.09 …. This represents a gain of 411%.``: a rate in a sentence that
    opens by pointing back, with no figures of its own to run between, is the move between the
    previous sentence's figure and the base it names after "from"."""
    if not _demonstrative(text, sent, sent[1]):
        return
    for i in idx:
        c = claims[i]
        if c.kind != "change" or c.quantity.unit != "percent" or c.comparators:
            continue
        if any(claims[j].kind in _AMOUNTS for j in idx if j != i):
            return
        bases = [j for j in prev if claims[j].kind in _AMOUNTS and cues.last(
            "from", text, max(claims[j].sentence.start, claims[j].quantity.start - 12), claims[j].quantity.start)]
        if len(bases) != 1:
            return
        b = bases[0]
        news = [j for j in prev if claims[j].kind in _AMOUNTS and claims[j].quantity.end <= claims[b].quantity.start
                and claims[j].quantity.unit == claims[b].quantity.unit]
        if not news:
            return
        n = news[-1]
        upd = {"metric": c.metric or claims[n].metric}
        _add(claims, i, "change_from", claims[b], text[sent[0] : sent[0] + 12].strip().split(" ")[0], **upd)
        _add(claims, i, "change_to", claims[n], "from")
        return


def _semicolon_run(text, sent_keys, by_sent, k) -> list[int]:
    """The claims of the clauses that continue sentence k after its semicolons (…出口20.5萬億元；進口15.2萬億元。)."""
    out = []
    while k + 1 < len(sent_keys) and text[sent_keys[k][1] - 1 : sent_keys[k][1]] in ("；", ";") and _adjacent(text, sent_keys[k], sent_keys[k + 1]):
        k += 1
        out += by_sent[sent_keys[k]]
    return out


def _parts(text, claims, sent, idx, prev) -> None:
    """``進出口總值36.0萬億元。其中，出口20.5萬億元…進口15.2萬億元``, ``$80bn, split between $40bn
    … and $40bn``: the amounts after the cue are parts of the amount before it, in its sentence or,
    when the cue opens the sentence, the previous one's last figure of that unit. Each part links
    to its total (``part_of``); whether the list is all of it is the cue's (split_all) or the
    partition's (data/partitions.tsv) to say."""
    for label in ("split", "split_all"):
        for m in cues.find(label, text, *sent):
            opening = cues.opens(label, text, sent) is not None and cues.opens(label, text, sent).start() == m.start()
            pool = prev if opening else [i for i in idx if claims[i].quantity.end <= m.start()]
            totals = [i for i in pool if claims[i].kind == "amount" and not claims[i].comparators]
            if not totals:
                continue
            total = claims[totals[-1]]
            if not opening and m.start() - total.quantity.end > 24:
                continue
            # a list the cue opens runs on past semicolons (其中，出口…；進口…); one inside a
            # sentence ends with it (…第二產業投資…，其中製造業投資…；第三產業投資…: a sibling)
            end = max([claims[i].sentence.end for i in idx] + [sent[1]]) if opening else sent[1]
            nxt = [h.start() for lb in ("split", "split_all") for h in cues.find(lb, text, m.end(), end)]
            stop = min(nxt) if nxt else end
            parts = [i for i in idx if m.end() <= claims[i].quantity.start < stop and claims[i].kind == "amount"
                     and claims[i].quantity.unit == total.quantity.unit and not claims[i].comparators
                     and claims[i].period in (None, total.period)]
            if len(parts) < 1:
                continue
            for i in parts:
                _add(claims, i, "part_of_all" if label == "split_all" else "part_of", total, m.group(0))


def _adjacent(text, a, b) -> bool:
    """Two sentences of one paragraph with nothing but spaces between them."""
    return not text[a[1] : b[0]].strip() and "\n\n" not in text[a[1] - 1 : b[0] + 1]


def _year_earlier(text, claims, sent, idx, prev) -> None:
    """``營收120億元，年增20%。去年同期為110億元。``, ``Net income rose to $310 million. That was up
    from $250 million a year ago, an increase of 30%.``: a sentence opened by a back-reference
    restates the previous sentence's figure for a year earlier; the rate beside either is the
    move between the two."""
    cue = cues.opens("backref", text, sent)
    if cue is None:
        return
    used: set[int] = set()
    for i in idx:
        base = claims[i]
        if base.kind not in ("amount", "count") or base.comparators:
            continue
        cands = [j for j in prev if j not in used and claims[j].kind in ("amount", "count")
                 and claims[j].quantity.unit == base.quantity.unit and not (claims[j].period and "@" in claims[j].period)
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
                 and (claims[j].quantity.start > new.quantity.end)]
        rates = [j for j in rates if j in idx or not any(
            claims[o].kind in ("amount", "count") and new.quantity.end < claims[o].quantity.start < claims[j].quantity.start
            for o in prev)]  # 營收120億元，淨利8億元，年增20%: the rate follows the nearer figure
        if not rates:
            continue
        r = rates[0]
        upd = {"change_basis": "yoy", "base_period": base.period}
        if claims[r].metric is None and new.metric:
            upd["metric"] = new.metric
        _add(claims, r, "change_from", base, cue.group(0), **upd)
        _add(claims, r, "change_to", new, cue.group(0))


def _table_row(claims, idx) -> None:
    """``| AWS | $35.6B | $28.8B | +24% |`` under period headers: the change cell links the
    row's figure for the later period (new) to the one for the earlier (base)."""
    for i in idx:
        c = claims[i]
        if c.kind not in ("change", "percentage_point_change") or c.comparators:
            continue
        unit = "percent" if c.kind == "percentage_point_change" else None
        levels = [j for j in idx if claims[j].kind not in ("change", "percentage_point_change") and claims[j].period
                  and "@" not in claims[j].period and (unit is None or claims[j].quantity.unit == unit)]
        by_period = {claims[j].period: j for j in levels}
        if len(by_period) != 2 or len({claims[j].quantity.unit for j in levels}) != 1:
            continue
        base_p, new_p = sorted(by_period)
        base, new = by_period[base_p], by_period[new_p]
        basis = "yoy" if _year_before(new_p, base_p) else "vs-base"
        _add(claims, i, "change_from", claims[base], "table", period=new_p, base_period=base_p, change_basis=basis,
             period_guessed=False)
        _add(claims, i, "change_to", claims[new], "table")


_FROM_LEVEL = re.compile(r"(?:從|从|由|(?i:\bfrom))\s*$")
_TO_LEVEL = re.compile(r"(?:至|到|達|达|(?i:\bto(?:\s+(?:between|about|around|roughly|nearly|some))?))\s*$")


def _from_levels(text, claims, idx) -> None:
    """``widened to 75% from 72.7%``, ``由20%升至25%``: the level a move started from is the
    earlier period's, not a second figure for the same one."""
    for i in idx:
        c = claims[i]
        if not _FROM_LEVEL.search(text, max(c.sentence.start, c.quantity.start - 8), c.quantity.start):
            continue
        if c.base_period or (c.period and "@" in c.period):
            continue
        to = [j for j in idx if j != i and claims[j].quantity.unit == c.quantity.unit
              and abs(claims[j].quantity.start - c.quantity.start) <= 40
              and _TO_LEVEL.search(text, max(c.sentence.start, claims[j].quantity.start - 20), claims[j].quantity.start)]
        if not to:
            continue
        new = claims[to[0]]
        period = new.period or c.period
        if period and c.period in (None, period):
            claims[i] = c.model_copy(update={"period": period + "@base", "period_guessed": True})


def _beat_miss(text, claims, sent, idx, prev, following=()) -> set[int]:
    done: set[int] = set()
    for m in list(cues.find("beat", text, *sent)) + list(cues.find("miss", text, *sent)):
        relation = m.label
        bases = {cm.target for i in idx for cm in claims[i].comparators if cm.relation == "change_from"}
        actual = [i for i in idx if claims[i].quantity.end <= m.start() and claims[i].kind in _AMOUNTS + ("change",)
                  and claims[i].id not in bases]
        if not actual and _demonstrative(text, sent, m.start()):
            actual = [i for i in prev if claims[i].kind in _AMOUNTS]
        nxt = [x.start() for x in cues.find("beat", text, m.end(), sent[1]) + cues.find("miss", text, m.end(), sent[1])]
        stop = min(nxt) if nxt else sent[1]
        estimates = [i for i in idx if m.end() <= claims[i].quantity.start < stop and (
            claims[i].kind in _AMOUNTS or _forecast_change(text, claims, i, actual, m.end()))]
        if not estimates and not nxt and following:
            # "Revenue of $5.2 billion beat expectations. Analysts had expected $5.4 billion.": the
            # estimate the beat refers to, named in the next sentence
            first_cue = _estimate_cue(text, claims[following[0]].sentence)
            estimates = [i for i in following if first_cue is not None and claims[i].quantity.start >= first_cue
                         and claims[i].kind in _AMOUNTS and not claims[i].comparators]
        if _link_estimates(claims, estimates, actual, relation, m.group(0)):
            done.add(m.start())
    return done


def _link_estimates(claims, estimates, actual, relation: str, cue: str) -> bool:
    """Each estimate to the actual it is compared with (``_pair``), once each; the estimate measures
    what its actual measures. True when any was linked."""
    used: set[int] = set()
    for e in estimates:
        a = _pair(claims, e, [i for i in actual if i not in used])
        if a is None:
            continue
        used.add(a)
        fill = {k: getattr(claims[a], k) for k in ("metric", "entity", "period") if getattr(claims[a], k)}
        claims[e] = claims[e].model_copy(update={"kind": "estimate", **fill})
        _add(claims, a, relation, claims[e], cue)
    return bool(used)


def _earlier(text, c, sent) -> bool:
    """A figure of an earlier period is neither the actual nor the estimate: one with a relative
    period, one right after a from-cue (``down from 62 cents``), one a year-ago phrase follows with
    at most its own restatement between (``62 cents, or $5.2 billion, a year ago``)."""
    if c.period and ("@" in c.period or c.period.startswith("prev")):
        return True
    before = cues.last("from", text, max(sent[0], c.quantity.start - 16), c.quantity.start)
    if before is not None and not re.search(r"\d", text[before.end() : c.quantity.start]):
        return True
    after = cues.first("backref", text, c.quantity.end, sent[1])
    if after is None or after.start() - c.quantity.end > 40:
        return False
    between = text[c.quantity.end : after.start()]
    return not re.search(r"\d", between) or bool(_APPOSITION.match(between))


_APPOSITION = re.compile(r"[,，\s]*(?:or|或)\s+[^,，;；。]*[,，]?\s*$", re.I)


def _expectations(text, claims, sents, decided) -> None:
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
        if k < 0 or not (cues.find("estimate", text, m.start(), min(sents[k][1], m.end() + 30)) or "expect" in m.group(0).lower()):
            continue  # "above $20": only a beat of expectations reaches past its sentence
        # the sentences naming the estimates: among the next three (wire copy gives each its paragraph)
        est = []
        for j in range(k + 1, min(k + 4, len(sents))):
            if (cue_end := _estimate_cue(text, Span(start=sents[j][0], end=sents[j][1]))) is not None:
                est.append((j, cue_end))
        if not est:
            continue
        actual = [i for j in range(k, est[0][0]) for i in by_sent.get(j, [])
                  if claims[i].kind in _AMOUNTS and claims[i].id not in used_as and not claims[i].comparators
                  and not _earlier(text, claims[i], sents[j])]
        # "But revenue missed analysts' expectations", "revenue and earnings per share ahead of
        # estimates": the metrics named before the cue are what beat or missed
        lo, hi = bisect.bisect_left(metric_starts, sents[k][0]), bisect.bisect_left(metric_starts, m.start())
        named = {v for a, b, v in metrics[lo:hi] if b <= m.start()}
        if named:
            actual = [i for i in actual if claims[i].metric in named]
        estimates = [i for j, cue_end in est for i in by_sent.get(j, []) if claims[i].quantity.start >= cue_end
                     and claims[i].kind in _AMOUNTS and not claims[i].comparators and not _earlier(text, claims[i], sents[j])]
        _link_estimates(claims, estimates, actual, m.label, m.group(0))


def _estimate_cue(text, sent) -> int | None:
    m = cues.first("estimate", text, sent.start, sent.end)
    return m.end() if m is not None else None


def _forecast_change(text, claims, i: int, actual: list[int], cue_end: int) -> bool:
    """"grew 12.7%, beating forecasts of a 5.2% rise": a forecast change set against an actual change."""
    return (claims[i].quantity.unit == "percent" and any(claims[a].kind == "change" for a in actual)
            and bool(cues.find("estimate", text, cue_end, claims[i].quantity.start) or cues.find("forecast", text, cue_end, claims[i].quantity.start)))


def _demonstrative(text, sent, cue_start) -> bool:
    return bool(re.match(r"\s*(?:這|这|此|(?i:this|that|which|it)\b)", text[sent[0] : cue_start]))


def _pair(claims, e: int, actual: list[int]) -> int | None:
    """The actual figure an estimate is compared with: same unit, same metric if known, nearest size."""
    ce = claims[e]
    best, best_score = None, None
    for a in actual:
        ca = claims[a]
        if _unit(ca) != _unit(ce):
            continue
        ratio = _size(ca) / _size(ce) if _size(ce) else 0
        if not 1 / 3 < ratio < 3:
            continue
        # the sentence's subject (its first such figure) is what is compared; size breaks ties
        score = actual.index(a) + abs(1 - ratio) - (1 if ca.metric and ca.metric == ce.metric else 0)
        if best_score is None or score < best_score:
            best, best_score = a, score
    return best


def _change_endpoints(text, claims, sent, idx) -> None:
    """``A，較B增長X%`` / ``up X% from B`` / ``rose X% to A from B``."""
    for i in idx:
        c = claims[i]
        if c.kind not in ("change",) or c.change_basis == "gap":
            continue
        q = c.quantity
        # an estimate is a change's base only when the change is the gap to it ("versus $1.09 billion
        # estimated" beside "up 17.8%" is the beat's estimate, not last year's figure)
        kinds = ("amount", "price", "estimate", "count") if c.change_basis == "vs-estimate" else ("amount", "price", "count")
        same = [j for j in idx if j != i and claims[j].kind in kinds and claims[j].quantity.unit != "percent"]
        base = new = None
        cue = ""
        # a "from/較" cue before the change: the amount right after it is the base
        for m in cues.find("from", text, sent[0], sent[1]):
            after = [j for j in same if m.end() <= claims[j].quantity.start <= m.end() + 16]
            if not after:
                continue
            b = after[0]
            if any(claims[j].kind == "change" and m.end() <= claims[j].quantity.start < claims[b].quantity.start for j in idx):
                continue  # 比上年增长8.15%、净利润3.90亿元: another change stands between the cue and that figure
            if any(j != i and claims[j].kind == "change"
                   and 0 <= m.start() - claims[j].quantity.end <= 2 and not text[claims[j].quantity.end : m.start()].strip()
                   for j in idx):
                continue  # "up 18.9% from $11.07 billion …, and up 40.2% …": that base is the first change's
            if (m.start() < q.start and claims[b].quantity.end <= q.start + 2
                    and not any(claims[j].kind == "change" and claims[b].quantity.end <= claims[j].quantity.start < q.start
                                for j in idx)
                    and not (_CLAUSE_BREAK.search(text, claims[b].quantity.end, q.start)
                             and any(claims[j].kind == "change" and claims[j].quantity.end <= m.start() for j in idx if j != i))):
                # "…rose 0.8% to 152.30, from 151.09, and the euro slipped 0.3%": past a clause break, a
                # base with a change before it is that change's
                # 較第二季的110.7億元季增18.9%，年增24.6%: the base is the first change's, not the second's
                base, cue = b, m.group(0)
            elif (m.start() > q.end and claims[b].quantity.start - q.end < 100
                  and (not text[q.end : m.start()].strip() or not _owned(text, claims, idx, b, i))
                  and not any(claims[j].kind == "change" and q.end <= claims[j].quantity.start < m.start() for j in idx)):
                # "up 24% from $48.4B", "上漲2.5%，收在1,465元，較…1,430元"
                base, cue = b, m.group(0)
        if base is None:
            after = [j for j in same if 0 <= claims[j].quantity.start - q.end <= 40 and _TO.search(text, q.end, claims[j].quantity.start)]
            if after:
                _add(claims, i, "change_to", claims[after[0]], "to")
            continue
        unit = claims[base].quantity.unit
        # the new value: "to A" after the change, else the nearest same-unit amount before the base
        to = re.match(r"\s*(?:to|至|到|達|达)\s*", text[q.end : q.end + 6], re.I)
        if to:
            after = [j for j in same if j != base and claims[j].quantity.start >= q.end and claims[j].quantity.unit == unit]
            new = after[0] if after else None
        if new is None and (to_after := _TO_AFTER.match(text, claims[base].quantity.end)):
            # "revised down by 25,000, from -40,000 to -65,000": the new level follows the base
            after = [j for j in same if j != base and 0 <= claims[j].quantity.start - to_after.end() <= 1 and claims[j].quantity.unit == unit]
            new = after[0] if after else None
        if new is None:
            before = [j for j in same if j != base and claims[j].quantity.end <= claims[base].quantity.start and claims[j].quantity.unit == unit]
            new = before[-1] if before else None
        if new is None:
            continue
        update = {}
        if claims[new].period and claims[base].period and claims[new].period != claims[base].period:
            update = {"period": claims[new].period, "base_period": claims[base].period, "period_guessed": False}
        elif claims[new].period and claims[base].period in (None, claims[new].period):
            # "up 24% from $48.4 billion": the base is the earlier period's figure, whatever the sentence's period
            shift = {"yoy": "@prev-year", "qoq": "@prev-quarter"}.get(c.change_basis or "", "@base")
            claims[base] = claims[base].model_copy(update={"period": claims[new].period + shift, "period_guessed": True})
        if claims[base].forecast and _year_before(claims[new].period, claims[base].period):
            # 預測2026年…較2025年的1310億美元: the base year is a reported figure, not part of the forecast
            claims[base] = claims[base].model_copy(update={"forecast": False})
        if claims[i].metric is None and claims[new].metric:
            update["metric"] = claims[new].metric
        basis = c.change_basis
        if basis is None:
            bp = claims[base].period or ""
            basis = "yoy" if bp.endswith("prev-year") or _year_before(claims[new].period, bp) else "vs-base"
        _add(claims, i, "change_from", claims[base], cue, change_basis=basis, **update)
        _add(claims, i, "change_to", claims[new], cue)


def _year_before(new: str | None, base: str | None) -> bool:
    m1, m2 = re.fullmatch(r"(\d{4})(.*)", new or ""), re.fullmatch(r"(\d{4})(.*)", base or "")
    return bool(m1 and m2 and int(m1.group(1)) - int(m2.group(1)) == 1 and m1.group(2) == m2.group(2))


def _owned(text, claims, idx, b: int, i: int) -> bool:
    """A base printed before another change in its own clause is that change's (月增5.2%，較去年同期的434.2億元年增18%)."""
    end = claims[b].quantity.end
    for j in idx:
        if j != i and claims[j].kind == "change" and claims[j].quantity.start >= end:
            return not re.search(r"[，,;；。]", text[end : claims[j].quantity.start])
    return False


def _midpoints(text, claims, idx) -> None:
    for i in idx:
        c = claims[i]
        if c.quantity.low is not None:
            continue
        m = cues.last("midpoint", text, max(c.sentence.start, c.quantity.start - 14), c.quantity.start)
        if not m:
            continue
        ranges = [j for j in idx if claims[j].quantity.low is not None and claims[j].quantity.end <= m.start()
                  and claims[j].quantity.unit == c.quantity.unit]
        if ranges:
            _add(claims, i, "midpoint_of", claims[ranges[-1]], m.group(0))

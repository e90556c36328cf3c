"""Relations across sentences: a base restated a sentence later (去年同期為…, A year earlier, …),
a rate in a sentence that points back, the parts after 其中 that may run past semicolons, a
report summary's rows under a change column, and gaps to a reference level. A beat whose estimates
come later is ``expectations``; pairings by metric alone are ``by_metric``.

Each resolver reads explicit wording; none pairs figures by distance alone.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from verifier import lexicon
from verifier.claims import cues, relate, when  # relate: what both kinds of resolver share


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
    """``EPS … $5.58, up from $1.09 …. This represents a gain of 411%.``: a rate (or an amount) in a sentence that
    opens by pointing back, with no figures of its own to run between, is the move between the
    previous sentence's figure and the base it names after "from"."""
    if not relate.demonstrative(text, sent, sent[1]):
        return
    for i in idx:
        c = claims[i]
        if c.kind != "change" or c.quantity.unit == "dimensionless" or c.comparators:
            continue  # a rate or an amount ("This budget is an increase of $24.4 million from …")
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


def parent_row(text, sent_keys, by_sent, k, tables) -> list[int]:
    """The sentence before sentence k; in a table, for a row opened by 其中 under another such row,
    the row above both (| 总额 | … | then | 其中:A | … | and | 其中:B | …: B is a part of the total, A's sibling)."""
    j = k - 1
    if tables and cues.opens("split", text, sent_keys[k]) is not None:
        while j > 0 and cues.opens("split", text, sent_keys[j]) is not None and tables.cell_at(by_sent_start(text, sent_keys[j])) \
                and relate.adjacent(text, sent_keys[j - 1], sent_keys[j]):
            j -= 1
    return by_sent[sent_keys[j]]


def by_sent_start(text, key) -> int:
    """Where a row's first cell's words start: past a leading pipe."""
    return key[0] + len(text[key[0] : key[1]]) - len(text[key[0] : key[1]].lstrip("| \t"))


def parts(text, claims, sent, idx, prev) -> None:
    """``進出口總值36.0萬億元。其中，出口20.5萬億元…進口15.2萬億元``, ``$80bn, split between $40bn
    … and $40bn``: the amounts after the cue are parts of the amount before it, in its sentence or,
    when the cue opens the sentence, the previous one's last figure of that unit. Each part links
    to its total (``part_of``); whether the list is all of it is the cue's (split_all) or the
    partition's (data/partitions.tsv) to say."""
    for label in ("split", "split_all", "split_open"):
        for m in cues.find(label, text, *sent):
            opening = cues.opens(label, text, sent) is not None and cues.opens(label, text, sent).start() == m.start()
            if label == "split_open" and not opening:
                continue  # "a repeat of that": only an opening "Of that," splits the figure before
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
            if opening:
                # | 其中:除汽车以外… | 32196 | 141396 |: a row of several periods, each part its own period's
                for i in [i for i in idx if m.end() <= claims[i].quantity.start < stop and claims[i].kind == "amount"
                          and not claims[i].comparators and claims[i].period and claims[i].period != total.period]:
                    same = [t for t in totals if claims[t].period == claims[i].period
                            and claims[t].quantity.unit == claims[i].quantity.unit]
                    if same:
                        relate.add(claims, i, "part_of_all" if label == "split_all" else "part_of", claims[same[-1]], m.group(0))


_WORDS_TO_END = re.compile(r"[^\d,;.]{0,30}")


def _closing_backref(text, claims, sent, idx, name="backref"):
    """``Apple sold 40.4 million iPhones a year earlier.``: the sentence's one figure, then a few words
    and the back-reference that closes it."""
    if len(idx) != 1:
        return None
    end = claims[idx[0]].quantity.end
    hit = cues.first(name, text, end, sent[1])
    if hit is None or not _WORDS_TO_END.fullmatch(text, end, hit.start()) or text[hit.end() : sent[1]].strip(" .。") != "":
        return None
    return hit


def _step_back(text, claims, sent, idx):
    """The back-reference that opens or closes the sentence, and the basis of its step back."""
    for basis, name in cues.BACKREF_STEPS:
        if (cue := cues.opens(name, text, sent) or _closing_backref(text, claims, sent, idx, name)) is not None:
            return cue, basis
    return None, None


def earlier_period_level(text, claims, idx, prev) -> None:
    """``Retail sales rose 0.4% in October to $705.3 billion. September's figure was revised to $702.5
    billion.``: a rate with its new level and no base, then in the next sentence a level of the period
    before (or of a year before), named by its own words: the rate's base, month on month (quarter
    on quarter, year on year)."""
    for r in prev:
        c = claims[r]
        rels = {cm.relation: cm.target for cm in c.comparators}
        if c.kind != "change" or c.quantity.unit != "percent" or "change_to" not in rels or "change_from" in rels:
            continue
        new = _by_id(claims, rels["change_to"])
        if not new.period or new.period_guessed:
            continue
        bases: dict[str, str] = {}  # the base period → the basis it makes
        for basis in (c.change_basis,) if c.change_basis in ("mom", "qoq", "yoy") else ("mom", "qoq", "yoy"):
            if (p := when.base_period_of(new.period, None, basis)) is not None:
                bases.setdefault(p, basis)
        cands = [i for i in idx if claims[i].kind in ("amount", "count") and not claims[i].comparators
                 and not claims[i].period_guessed and claims[i].period in bases
                 and claims[i].quantity.unit == new.quantity.unit and claims[i].metric in (None, new.metric)]
        if len(cands) != 1:
            continue
        i = cands[0]
        base = claims[i]
        fill = {k: getattr(new, k) for k in ("metric", "entity", "subject") if getattr(new, k) and not getattr(base, k)}
        claims[i] = base = base.model_copy(update=fill)
        relate.add(claims, r, "change_from", base, "", change_basis=bases[base.period], base_period=base.period)
        return


def _by_id(claims, cid: str):
    """Claims are numbered in order (c1, c2, …): the one with that id."""
    c = claims[int(cid[1:]) - 1]
    return c if c.id == cid else next(x for x in claims if x.id == cid)


def year_earlier(text, claims, sent, idx, prev) -> None:
    """``營收120億元，年增20%。去年同期為110億元。``, ``Net income rose to $310 million. That was up
    from $250 million a year ago, an increase of 30%.``: a sentence opened by a back-reference
    restates the previous sentence's figure for a year earlier; the rate beside either is the
    move between the two."""
    cue, step = _step_back(text, claims, sent, idx)
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
            # a quarter or a month back from a dated period is that period (Q3 → Q2); a year back keeps its mark
            fill["period"] = (step != "yoy" and when.base_period_of(new.period, None, step)) or f"{new.period}@{_STEP_LABEL[step]}"
        claims[i] = base = base.model_copy(update=fill)
        # the rate: unlinked, about the same metric, after the new figure or after the base
        rates = [j for j in prev + idx if claims[j].kind == "change" and claims[j].quantity.unit == "percent"
                 and not any(cm.relation == "change_from" for cm in claims[j].comparators)
                 and claims[j].change_basis in (None, step) and claims[j].metric in (None, new.metric)
                 and (claims[j].quantity.start > new.quantity.end
                      or any(cm.relation == "change_to" and cm.target == new.id for cm in claims[j].comparators))]
        rates = [j for j in rates if j in idx or not any(
            claims[o].kind in ("amount", "count") and new.quantity.end < claims[o].quantity.start < claims[j].quantity.start
            for o in prev)]  # 營收120億元，淨利8億元，年增20%: the rate follows the nearer figure
        if not rates:
            _moved_from(text, claims, a, base, cue)
            continue
        r = rates[0]
        upd = {"change_basis": step, "base_period": base.period}
        if claims[r].metric is None and new.metric:
            upd["metric"] = new.metric
        relate.add(claims, r, "change_from", base, cue.group(0), **upd)
        if not any(cm.relation == "change_to" for cm in claims[r].comparators):
            relate.add(claims, r, "change_to", new, cue.group(0))


_STEP_LABEL = {"yoy": "prev-year", "qoq": "prev-quarter", "mom": "prev-month"}


def _moved_from(text, claims, a, base, cue) -> None:
    """``…earned $176 million. That was up from $120 million a year ago.``: no rate, but the opening
    says which level is higher (up_from / down_from, checked by AR011)."""
    hits = [h for d in ("up", "down") for h in cues.find(d, text, cue.start(), cue.end())]
    if hits:
        relate.add_move(claims, a, hits[0].label, base, cue.group(0))


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

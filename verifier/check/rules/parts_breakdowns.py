"""AR004's readings by known partitions (data/partitions.tsv): a total's parts named by their
qualifiers or their own words anywhere in the article, and each part's pull on a rate in points."""

from __future__ import annotations

import re

from verifier import lexicon
from verifier import messages as msg
from verifier.check.rules.parts_sums import sentences as _sentences, sum_line as _sum_line, verdict as _verdict
from verifier.claims import cues, words
from verifier.fold import fold


def breakdowns(ctx):
    """``按經營單位所在地分，城鎮消費品零售額…；鄉村消費品零售額…`` beside the total printed before:
    every part of a known partition (data/partitions.tsv) of one metric, entity and period, each
    stated once, against the one unqualified figure for it. Paired by entity, metric and period."""
    groups: dict[tuple, list] = {}
    for c in ctx.claims:
        # a part's period may be carried over a semicolon (…；鄉村消費品零售額…); the total's must be read
        if c.kind == "amount" and c.metric and c.period and "@" not in c.period and not c.forecast:
            groups.setdefault((c.entity, c.metric, c.period, c.quantity.unit), []).append(c)
    text = ctx.article.text
    places: dict[tuple, list] = {}  # (entity, period, unit) → every amount there, whatever its metric
    for (entity, _, period, unit), cs in groups.items():
        places.setdefault((entity, period, unit), []).extend(cs)
    for c in ctx.claims:
        if c.kind == "amount" and c.metric is None and c.period and "@" not in c.period and not c.forecast:
            places.setdefault((c.entity, c.period, c.quantity.unit), []).append(c)
    for (entity, metric, period, unit), cs in groups.items():
        for whole, members in lexicon.partitions():
            if whole not in ("*", metric):
                continue
            # the total: the unqualified figure, else the one qualified by no member (全省…總額)
            named = set().union(*members)
            free = [c for c in cs if not c.period_guessed and c.subject not in named
                    and not any(cm.relation in ("part_of", "part_of_all") for cm in c.comparators)]
            totals: dict = {}
            for c in [c for c in free if not c.subject] or free:
                totals.setdefault((c.quantity.lo, c.quantity.hi), c)  # a figure restated in a table: the first, as printed
            if len(totals) != 1:
                continue
            total = next(iter(totals.values()))
            parts = []
            for spellings in members:
                found = {(c.quantity.lo, c.quantity.hi): c for c in cs if c.subject in spellings}
                if not found:
                    # 商品零售35056億元，餐飲收入3964億元: a part named by its own words, not as a
                    # qualifier of the total's metric
                    folded = {fold(w) for w in spellings}
                    found = {(c.quantity.lo, c.quantity.hi): c for c in places[(entity, period, unit)]
                             if c is not total and (c.metric in spellings or _names(words.label_before(text, c.sentence.start, c.quantity.start), folded))}
                if len(found) != 1:
                    break
                parts.append(next(iter(found.values())))
            else:
                if all(any(cm.relation in ("part_of", "part_of_all") and cm.target == total.id for cm in p.comparators) for p in parts):
                    continue  # all linked after 其中: _split has judged them (a list the sentence ends before its last part has not)
                line = _sum_line(parts, sum(p.quantity.value for p in parts), total)
                yield _verdict(total, parts, line, dict(formula=msg.t("AR004.formula_split")), msg.t("AR004.breakdown"),
                               complete=True, pairing="clause" if all(p.sentence == total.sentence for p in parts) else "matched")


_DATE_PREFIX = re.compile(r"[\d年月份季度上下半前后後至—\-–~]*")


def _names(label: str, spellings: set[str]) -> bool:
    """The label is a member's name, perhaps after a date or a word of the whole (2021年商品零售, 全國稅收收入),
    never after another word (非商品零售 is not 商品零售)."""
    for w in spellings:
        if label.endswith(w):
            if _DATE_PREFIX.fullmatch(cues.blank("whole_scope", label[: len(label) - len(w)]).replace(" ", "")):
                return True
    return False


def contributions(ctx):
    """``CPI上涨2.3%。其中，食品价格上涨4.1%，影响CPI上涨约0.82个百分点；非食品价格…影响CPI上涨约1.46个百分点``:
    each part's pull on a rate, in points, after 其中; when the parts are all of a known partition
    (data/partitions.tsv, by the words opening each item), the pulls add up to the rate."""
    text = ctx.article.text
    pulls = [c for c in ctx.claims if c.kind == "percentage_point_change" and c.metric
             and cues.last("contribution", text, max(c.sentence.start, c.quantity.start - 12), c.quantity.start)]
    seen: set[str] = set()
    for first in pulls:
        if first.id in seen:
            continue
        split = cues.last("split", text, max(0, first.sentence.start - 4), first.quantity.start)
        if split is None:
            continue
        keys, sentences = _sentences(ctx)
        k = keys[(first.sentence.start, first.sentence.end)]
        run = [first.sentence]
        while k + 1 < len(sentences) and text[: run[-1].end].rstrip()[-1:] in ";；" \
                and not text[run[-1].end : sentences[k + 1][0].sentence.start].strip():
            k += 1
            run.append(sentences[k][0].sentence)
        group = [c for c in pulls if any(c.sentence == r for r in run) and c.metric == first.metric]
        seen |= {c.id for c in group}
        before = [c for c in ctx.claims if c.kind == "change" and c.metric == first.metric and c.quantity.unit == "percent"
                  and c.quantity.end <= split.start() and c.period == first.period]
        if len(group) < 2 or not before:
            continue
        total = before[-1]
        # each item opens with the part it is about (食品价格…, 非食品价格…): all the members of a partition, once each
        heads = [fold(text[g.sentence.start : g.quantity.start]).lstrip(" ，,") for g in group]
        heads = [h[len(split.group(0)):].lstrip(" ，,") if h.startswith(fold(split.group(0))) else h for h in heads]

        def opens_with(h, spellings):
            return any(h.startswith(fold(w)) for w in spellings)

        if not any(len(members) == len(group) and all(sum(opens_with(h, sp) for h in heads) == 1 for sp in members)
                   for whole, members in lexicon.partitions() if whole in ("*", total.metric)):
            continue
        signs = [1 if (g.direction or "up") == (total.direction or "up") else -1 for g in group]
        line = _sum_line(group, sum(k * g.quantity.value for g, k in zip(group, signs)), total, signs)
        yield _verdict(total, group, line, dict(formula=msg.t("AR004.formula_split")), msg.t("AR004.parts_after", cue=split.group(0)),
                       complete=True, pairing="clause" if all(g.sentence == total.sentence for g in group) else "matched", signs=signs)


def partition(ctx, total, parts) -> bool:
    """The parts are every member of one known partition of the total's metric, each once; a part
    is named by its qualifier, its metric or the words just before it (其中，商品零售…；餐飲收入…)."""
    text = ctx.article.text
    names = [{fold(n) for n in (p.subject, p.metric, words.label_before(text, p.sentence.start, p.quantity.start)) if n}
             for p in parts]
    for whole, members in lexicon.partitions():
        if whole not in ("*", total.metric):
            continue
        hit = [next((i for i, n in enumerate(names) if n & {fold(w) for w in spellings}), None) for spellings in members]
        if None not in hit and len(set(hit)) == len(members) == len(parts):
            return True
    return False

"""A list of periods hands its figures out one each, in order.

``一至四季度分别实现营业收入44.10亿元、47.30亿元、45.60亿元和49.42亿元``,
``第一、二季EPS分別為2.14元、2.99元`` and ``revenue in the first, second and
third quarters was $1.2 billion, $1.4 billion and $1.5 billion, respectively``
each name several periods and as many figures of one unit: the n-th figure is
the n-th period's. Without this every figure takes the last period named, and
four quarters read as four statements of one quarter. The wording lives in
``data/period_lists.tsv``; the "respectively" cue in ``data/cues.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.claims import cues, words
from verifier.models import Claim

_LABEL = {"quarter": "Q", "half": "H"}
_CLAUSE_MARK = re.compile(r"[，,;；。]")


@lru_cache(maxsize=1)
def _grammar():
    ordinals: dict[str, dict[str, tuple[int, bool]]] = {}  # surface (lower) → kind → (number, standalone)
    units: dict[str, str] = {}
    joins: dict[str, str] = {}
    for role, kind, value, surfaces in lexicon.rows("period_lists.tsv"):
        for s in surfaces.split("|"):
            standalone = s.startswith("=")
            s = s.lstrip("=")
            if role == "ordinal":
                ordinals.setdefault(s.lower(), {})[kind] = (int(value), standalone)
            elif role == "unit":
                units[s.lower()] = kind
            else:
                joins[s.lower()] = value

    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    ordinal = rf"(?:第|the\s+)?(?:{alt(ordinals)})(?:\s*(?:{alt(units)}))?"
    join = rf"\s*(?:{alt(joins)})\s*"
    pattern = re.compile(rf"(?i)(?<![A-Za-z0-9.])({ordinal}(?:{join}{ordinal})+)(?:\s*({alt(units)}))?(?:(?<![A-Za-z0-9])|(?![A-Za-z0-9.]))")
    token = re.compile(rf"(?i)({alt(ordinals)})|({alt(joins)})|({alt(units)})")
    return pattern, token, ordinals, units, joins


def periods_listed(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """(start, end, labels) of each list of two or more periods between the offsets."""
    pattern, token, ordinals, units, joins = _grammar()
    out: list[tuple[int, int, list[str]]] = []
    for m in pattern.finditer(text, start, end):
        found, joined, unit = [], [], None  # ordinal kinds → (number, standalone); the joins before them
        pending = "list"
        for t in token.finditer(m.group(0)):
            o, j, u = t.group(1), t.group(2), t.group(3)
            if o is not None:
                found.append(ordinals[o.lower()])
                joined.append(pending)
            elif j is not None:
                pending = joins[j.lower()]
            elif u is not None:
                unit = units[u.lower()]
        kinds = [unit] if unit else [k for k in _LABEL if found and all(f.get(k, (0, False))[1] for f in found)]
        if not kinds or not all(kinds[0] in f for f in found):
            continue
        numbers: list[int] = []
        for f, how in zip(found, joined):
            n = f[kinds[0]][0]
            numbers += list(range(numbers[-1] + 1, n + 1)) if how == "range" and numbers else [n]
        if len(numbers) >= 2 and numbers == sorted(set(numbers)):
            out.append((m.start(), m.end(), [f"{_LABEL[kinds[0]]}{n}" for n in numbers]))
    return out


@lru_cache(maxsize=1)
def _year_span() -> re.Pattern:
    joins = [s for role, _, value, surfaces in lexicon.rows("period_lists.tsv") if role == "join" and value == "range"
             for s in surfaces.split("|")]
    alt = "|".join(re.escape(w) for w in sorted(joins, key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\d)((?:19|20)\d\d)\s*(?:{alt})\s*((?:19|20)\d\d)(?!\d)")


def years_listed(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """(start, end, years) of each span of years between the offsets (2025-2027年: three years)."""
    out = []
    for m in _year_span().finditer(text, start, end):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= b - a <= 10:
            out.append((m.start(), m.end(), [str(y) for y in range(a, b + 1)]))
    return out


def distribute(text: str, claims: list[Claim]) -> list[Claim]:
    """Give each figure of a "respectively" sentence the period it stands in for."""
    out = list(claims)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(out):
        by_sentence.setdefault((c.sentence.start, c.sentence.end), []).append(i)
    for (a, b), idx in by_sentence.items():
        said = cues.find("respectively", text, a, b)
        if not said:
            continue
        # a span of years hands out the figures after each 分别 that follows it (2025-2027年營收分别為
        # a、b、c，增速分别為x、y、z); a list of quarters, the figures after the list
        lists = [(end, labels) for _, end, labels in periods_listed(text, a, b)]
        lists += [(cue.start(), labels) for cue in said for _, end, labels in years_listed(text, a, cue.start())]
        if not lists:
            for cue in said:
                _subjects(text, out, idx, a, cue)
            continue
        for end, labels in lists:
            after = [i for i in idx if out[i].quantity.start >= end
                     and out[i].kind in ("amount", "share", "ratio", "count", "change")]
            n = len(labels)
            if len(after) < n or len({out[i].quantity.unit for i in after[:n]}) != 1:
                continue
            if len(after) > n and not _CLAUSE_MARK.search(text, out[after[n - 1]].quantity.end, out[after[n]].quantity.start):
                continue  # more figures in the same run than periods: not a one-to-one list
            after = after[:n]
            first = out[after[0]]
            for i, label in zip(after, labels):
                c = out[i]
                year = re.match(r"(\d{4})-", c.period or "")
                period = label if label.isdigit() else f"{year.group(1)}-{label}" if year else label
                update = {"period": period, "period_guessed": False}
                if first.kind == "change" and c.kind == "share" and c.quantity.unit == first.quantity.unit:
                    # 增速分别为19%、32%、23%: the list shares its first figure's verb
                    update.update(kind="change", direction=first.direction, change_basis=first.change_basis)
                if label.isdigit() and update.get("kind", c.kind) == "change" and update.get("change_basis", c.change_basis) in (None, "yoy"):
                    # a year's growth rate is its change from the year before
                    update.update(change_basis="yoy", base_period=str(int(label) - 1))
                out[i] = c.model_copy(update=update)
    return out


_ITEM_JOIN = re.compile(lexicon.alternation("zh", "list_join"))


def _subjects(text: str, out: list[Claim], idx: list[int], start: int, cue) -> None:
    """``汽车和电子行业同比分别增长18.7%和9.4%``: a list of names before 分别 hands each figure after it
    its own subject, so the two rates are two industries', not two readings of one."""
    marks = [m for m in _CLAUSE_MARK.finditer(text, start, cue.start())]
    lo = max(start, marks[-1].end() if marks else start)
    if marks and not text[lo : cue.start()].strip():
        # 出口和進口貨值均錄得按年升幅，分別上升18.8%和18.1%: 分别 opens its clause, the names are the clause's before
        lo = max(start, marks[-2].end() if len(marks) > 1 else start)
    basis = [h.start() for d in ("yoy", "mom", "qoq") for h in cues.find(d, text, lo, cue.start())]
    span = text[lo : min(basis, default=cue.start())].strip()
    stop = min((m.start() for m in _CLAUSE_MARK.finditer(text, cue.end(), out[idx[-1]].sentence.end)), default=len(text))
    after = [i for i in idx if cue.end() <= out[i].quantity.start < stop]
    items = next((xs for xs in ([x for x in span.split("、") if x], [x for x in _ITEM_JOIN.split(span) if x])
                  if len(xs) == len(after)), None)
    if items is None or len(items) < 2 or any(lo <= out[i].quantity.start < cue.start() for i in idx):
        return  # figures before 分别: a list of values, not of names
    named = _metrics_of(text, lo, items)
    if named is not None:
        # 公司毛利率与净利率分别达26.3%、18.1%: a list of metrics, each figure its own metric's
        for i, metric in zip(after, named):
            out[i] = out[i].model_copy(update={"metric": metric, "subject": None})
        return
    for i, item in zip(after, items):
        if out[i].subject is None or out[i].subject in span.lower():  # the whole list read as one part
            out[i] = out[i].model_copy(update={"subject": item.lower()})


def _metrics_of(text: str, lo: int, items: list[str]) -> list[str] | None:
    """The metric each item of a list ends with, when every item ends with a different one."""
    out, pos = [], lo
    for item in items:
        start = text.find(item, pos)
        if start < 0:
            return None
        pos = end = start + len(item)
        hits = words.metrics_between(text, start, end)
        if hits and item is not items[-1] and text[hits[-1][1] : end].strip():
            return None  # only the last item may run on past its metric (進口貨值均錄得…)
        if not hits:
            return None
        out.append(hits[-1][2])
    return out if len(set(out)) == len(out) else None

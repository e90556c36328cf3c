"""Two articles of a batch must not state one figure with different values.

What it checks: across the articles of one run, claims about the same metric
of the same named entity for the same period, of the same kind (a level, or a
growth rate on the same basis), whose intervals do not overlap. Tolerance and
qualifiers are CN001's: the printed precision and hedges widen a figure, a
bound (more than, at least) is never a statement of the value, and a
qualifier (data-center revenue, 海外銷量) keeps a figure apart from the whole.
A period read from context only makes the finding a warning to review.

Why it matters: a wire service's archive or a data desk's week of stories
should give one company's quarterly revenue one value; a correction made in
one story and not in the others shows up here.

Example: ``Harbor Freightways' Q4 2025 revenue was $1.2 billion`` in one
article and ``revenue of $1.5 billion in the fourth quarter of 2025`` in
another is flagged, naming both files and both figures.

How to fix: find the source figure and correct the article that differs.

Within one article CN001 does this work; this rule runs on a batch, keyed by
(entity, metric, period) so that a cluster can shuffle claims by key and
compare each key's claims on one worker (see ``keyed`` and ``conflicts``).
"""

from __future__ import annotations

import sys
from typing import Iterable, NamedTuple

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.check.rules.cn001_conflicting_values import _key, _why
from verifier.claims import cues
from verifier.lexmatch import EMPTY

CODE, NAME, SEVERITY = "CN003", "cross-article-conflict", "error"


@rule(CODE)
def check(ctx):
    """One article alone: nothing to compare across; CN001 covers its own figures."""
    return iter(())


class Entry(NamedTuple):
    """What one figure gives the comparison: the few fields a finding's message needs, nothing
    of the claim itself. A batch holds one per comparable figure until its end, so it is a
    tuple (no dict per figure, no reference into the article's result)."""

    path: str
    claim: str
    start: int
    end: int
    text: str
    value: float
    lo: float
    hi: float
    guessed: bool
    tolerance: str
    kind: str
    lang: str


def keyed(path: str, result) -> list[tuple[tuple, Entry]]:
    """(key, entry) for each claim of one article that can be compared across articles.

    An entry is plain data (it pickles and travels between workers); a figure
    printed twice in one article with one value is one entry.
    """
    text = result.article.text
    out: dict[tuple, Entry] = {}
    totals = None  # the article's "total" cues, found once and only if a claim can be compared
    for c in result.claims:
        k = _key(c, anonymous=False)
        if not k or k[3] is None:  # no period: across articles nothing ties two figures together
            continue
        if totals is None:  # outside the pipeline's Document every look-up would scan the text again
            totals = cues.index(text).get("total", EMPTY)
        if cues.total_before(text, c.sentence.start, c.quantity.start, totals):
            continue  # 兩者合計1288億元: a sum of parts, read as CN001 reads it
        lo, hi = arith.iv(c)
        if (k, lo, hi) not in out:  # the strings repeated over a batch (claim ids, kinds, languages) are shared
            out[k, lo, hi] = Entry(path, sys.intern(c.id), c.quantity.start, c.quantity.end, c.quantity.text, c.quantity.value,
                                   lo, hi, bool(c.period_guessed), arith.tolerance(c), sys.intern(c.kind), sys.intern(msg.current()))
    return [(k, e) for (k, _, _), e in out.items()]


def _readings(entries: list[Entry]) -> list[list[Entry]]:
    """Entries grouped by the value they state: each joins the first group whose first figure it overlaps."""
    groups: list[list[dict]] = []
    for e in entries:
        for g in groups:
            if arith.overlaps((g[0].lo, g[0].hi), (e.lo, e.hi)):
                g.append(e)
                break
        else:
            groups.append([e])
    return groups


def conflicts(key: tuple, entries: Iterable[Entry]) -> list[dict]:
    """Findings for one key: one for each two readings of the figure that do not agree.

    Articles that agree with each other are one reading, so a hundred stories
    with one value and two with another give one finding (naming the first
    article of each reading and counting the others), not two hundred.
    """
    entity, metric, subject, period, _, unit, _ = key
    groups = _readings(sorted(entries, key=lambda e: (e.path, e.start)))
    found = []
    for i, ga in enumerate(groups):
        for gb in groups[i + 1 :]:
            pa, pb = sorted({e.path for e in ga}), sorted({e.path for e in gb})
            if pa == pb:
                continue  # the same articles state both values: CN001's finding, within each
            a = ga[0]
            b = next((e for e in gb if e.path != a.path), gb[0])
            firm = not (a.guessed or b.guessed)
            with msg.language(a.lang):
                found.append(_finding(key, a, b, pa, pb, firm))
    return found


def _where(e: Entry, paths: list[str]) -> str:
    more = len(paths) - 1
    return e.path + (msg.t("CN003.others_one" if more == 1 else "CN003.others", n=more) if more else "")


def _finding(key: tuple, a: Entry, b: Entry, pa: list[str], pb: list[str], firm: bool) -> dict:
    """One conflict, worded in the language the first article was checked in."""
    entity, metric, subject, period, _, unit, _ = key
    what = msg.topic(entity, metric, subject, period, "change" if a.kind == "change" else None)
    return {
        "rule": CODE,
        "name": NAME,
        "severity": "error" if firm else "warning",
        "verdict": "contradicted" if firm else "needs-review",
        "message": msg.t("CN003.message", what=what, a=a.text, a_where=_where(a, pa), b=b.text, b_where=_where(b, pb),
                         why=_why(abs(a.value), abs(b.value))),
        "articles": [{"path": x.path, "claim": x.claim, "start": x.start, "end": x.end, "text": x.text} for x in (a, b)],
        "evidence": {
            "formula": msg.t("CN001.formula"),
            "arithmetic": msg.t("CN001.line", a=a.text, a_span=arith.span_text((a.lo, a.hi), unit),
                                b=b.text, b_span=arith.span_text((b.lo, b.hi), unit)),
            "tolerance": msg.join([a.tolerance, b.tolerance]),
            "key": {"entity": entity, "metric": metric, "subject": subject, "period": period, "unit": unit},
            "readings": [{"text": a.text, "articles": pa}, {"text": b.text, "articles": pb}],
        },
        "advice": msg.t("CN003.advice_firm" if firm else "CN001.advice_guessed"),
    }


def across(items: Iterable[tuple[str, object]]) -> list[dict]:
    """CN003 over (path, result) pairs in one process: group by key, then compare."""
    groups: dict[tuple, list[Entry]] = {}
    for path, result in items:
        for k, e in keyed(path, result):
            groups.setdefault(k, []).append(e)
    return number([f for k, es in groups.items() for f in conflicts(k, es)])


def number(found: list[dict]) -> list[dict]:
    """Sorted by the articles and offsets they name, numbered x1, x2 ... (the same on any cluster)."""
    found = sorted(found, key=lambda f: tuple((a["path"], a["start"]) for a in f["articles"]) + (f["message"],))
    return [{"id": f"x{i + 1}", **f} for i, f in enumerate(found)]

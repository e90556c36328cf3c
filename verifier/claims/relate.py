"""What the claims stage's linking resolvers share: adding a link, pairing an estimate with its
actual, telling adjacent sentences and a sentence that points back."""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import cues
from verifier.models import Claim, Comparator


AMOUNTS = ("amount", "estimate", "range", "price", "count")


def unit(c: Claim) -> str:
    return c.quantity.unit


def size(c: Claim) -> float:
    q = c.quantity
    return abs(q.value) if q.low is None else abs((q.low + q.high) / 2)


def add(claims: list[Claim], i: int, relation: str, target: Claim, cue: str, **update) -> None:
    c = claims[i]
    comps = c.comparators + (Comparator(relation=relation, target=target.id, cue=cue),)
    claims[i] = c.model_copy(update={"comparators": comps, **update})


MOVES = ("up_from", "down_from")  # the new level higher / lower than its base, as the wording says


def moved(c: Claim) -> bool:
    """c already says which way it moved from a base (at most one such reading per level)."""
    return any(cm.relation in MOVES for cm in c.comparators)


def add_move(claims: list[Claim], i: int, way: str, base: Claim, cue: str) -> None:
    """``up_from``/``down_from`` on claim i (way: ``up`` or ``down``), unless it has one already."""
    if not moved(claims[i]):
        add(claims, i, "up_from" if way == "up" else "down_from", base, cue)


def right_after(cue: str, text, c: Claim, start: int, reach: int = 16):
    """The ``cue`` hit (from, 較, compared with; a back-reference) that ``c``'s figure stands right
    after, within ``reach`` characters of words and with no figure between, or None."""
    m = cues.last(cue, text, max(start, c.quantity.start - reach), c.quantity.start)
    return m if m is not None and not re.search(r"\d", text[m.end() : c.quantity.start]) else None


def follows(text, a, b) -> bool:
    """b carries on from a: the next sentence of its paragraph, or, in wire copy that gives every
    sentence a paragraph of its own, the paragraph after a one-sentence paragraph."""
    if adjacent(text, a, b):
        return True
    return not text[a[1] : b[0]].strip() and not text[:a[0]].rstrip(" \t")[-1:].strip()


def adjacent(text, a, b) -> bool:
    """Two sentences of one paragraph with nothing but spaces between them."""
    return not text[a[1] : b[0]].strip() and "\n\n" not in text[a[1] - 1 : b[0] + 1]


def estimate_cue(text, sent) -> int | None:
    m = cues.first("estimate", text, sent.start, sent.end)
    return m.end() if m is not None else None


def demonstrative(text, sent, cue_start) -> bool:
    # 較去年同期的…上升4.5%: a sentence opening with its comparison leaves its subject, the previous figure, unsaid
    return bool(_POINTS_BACK.match(text[sent[0] : cue_start]))


# "The adjusted figure was higher than …": a word may qualify the noun that points back
_QUALIFIED = r"\s+(?:[A-Za-z-]+\s+)?"
_POINTS_BACK = re.compile(rf"\s*(?:{lexicon.alternation('zh', 'points_back')}|(?i:(?:{lexicon.alternation('en', 'points_back', _QUALIFIED)})\b))")


# a per-share actual and estimate of one metric a few cents apart: $0.11 against $0.01 is a factor of 11
_PER_SHARE_SPREAD = 20
_NET_SPREAD = 10


def fits(claims, e: int, actual: list[int]) -> list[int]:
    """The actual figures an estimate could be compared with: its unit, a size within a factor of three."""
    ce = claims[e]
    same = [a for a in actual if unit(claims[a]) == unit(ce) and size(ce)]
    near = [a for a in same if 1 / 3 < size(claims[a]) / size(ce) < 3]
    if not near and len(same) == 1 and ce.quantity.per_share and ce.metric and claims[same[0]].metric == ce.metric:
        # "$0.04 per share, outperforming the estimate of $0.01": a cent or two apart is a large ratio
        return same if 1 / _PER_SHARE_SPREAD < size(claims[same[0]]) / size(ce) < _PER_SHARE_SPREAD else []
    if not near and len(same) == 1 and ce.metric and claims[same[0]].metric == ce.metric \
            and ce.metric in lexicon.words("net_metrics.tsv"):
        # "a surplus of 550.0 billion yen, exceeding forecasts for 114.9 billion yen": a net of two
        # flows swings far from its forecast
        return same if 1 / _NET_SPREAD < size(claims[same[0]]) / size(ce) < _NET_SPREAD else []
    return near


def pair(claims, e: int, actual: list[int]) -> int | None:
    """The actual figure an estimate is compared with: same unit, same metric if known, nearest size."""
    ce = claims[e]
    best, best_score = None, None
    for a in fits(claims, e, actual):
        ca = claims[a]
        ratio = size(ca) / size(ce)
        # the sentence's subject (its first such figure) is what is compared; size breaks ties
        score = actual.index(a) + abs(1 - ratio) - (1 if ca.metric and ca.metric == ce.metric else 0)
        if best_score is None or score < best_score:
            best, best_score = a, score
    return best


def link_estimates(claims, estimates, actual, relation: str, cue: str) -> bool:
    """Each estimate to the actual it is compared with (``pair``), once each; the estimate measures
    what its actual measures. True when any was linked."""
    used: set[int] = set()
    for e in estimates:
        a = pair(claims, e, [i for i in actual if i not in used])
        if a is None:
            continue
        used.add(a)
        fill = {k: getattr(claims[a], k) for k in ("metric", "entity", "period") if getattr(claims[a], k)}
        if claims[e].period and not claims[e].period_guessed:
            fill.pop("period", None)  # "above the revised August estimate of …": a level of its own month, as read

        claims[e] = claims[e].model_copy(update={"kind": "estimate", **fill})
        add(claims, a, relation, claims[e], cue)
    return bool(used)


_PAREN = r"[(（][^()（）\n]{0,48}[)）]"
_OR = rf"[,，]\s*(?:(?i:\b(?:{lexicon.alternation('en', 'apposition')})\b)|{lexicon.alternation('zh', 'apposition')})"
# a parenthesis or an apposition (", or 31 cents a share"): no part of the gap between levels
_ASIDE = re.compile(rf"{_PAREN}|{_OR}[^,，;；。\n()（）]{{1,40}}(?=[,，])")
_PARENS = re.compile(_PAREN)
_APPOSED = re.compile(rf"\s*{_OR}[^\d,，;；。\n]{{0,12}}")


def bare_gap(text: str, lo: int, hi: int) -> int:
    """Characters between two points once the asides between them are left out."""
    return len(_ASIDE.sub("", text[lo:hi])) if lo <= hi else 0


def apposed(text, claims, idx, k):
    """The per-share figure restating claim k right after it (``$1.9 billion (€1.38 billion), or 31 cents``)."""
    end = claims[k].quantity.end
    for j in idx:
        q = claims[j].quantity
        if q.start >= end and q.per_share != claims[k].quantity.per_share:
            return j if _APPOSED.fullmatch(_PARENS.sub("", text[end : q.start])) else None
    return None


WORDS_ONLY = re.compile(r"[^\d,，;；。.:：()（）]*")  # words and spaces, no figure and no clause break
CLAUSE_BREAK = re.compile(r"[,，;；。]")


def object_of(text, c: Claim, sent) -> bool:
    """``[August's payrolls] are down from July's revised 159,000, and lower than estimates of 150,000``:
    a figure right after a from-word or a comparison word of its own clause is what something else is
    set against, never the actual of a later comparison."""
    return object_at(text, c.quantity.start, sent)


def object_at(text, start: int, sent) -> bool:
    """A figure starting at ``start`` stands right after a from-word or a comparison word of its clause."""
    lo = max(sent[0], start - 60)
    hits = [h for cue in ("from", "beat", "miss", "meet") for h in cues.find(cue, text, lo, start)]
    return any(WORDS_ONLY.fullmatch(text, h.end(), start) for h in hits)


_SINCE = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'since_before')})\b)|{lexicon.alternation('zh', 'since_before')}|{lexicon.alternation('zh', 'since_after')}")


def since_point(text, c: Claim) -> bool:
    """``up 25 per cent since June``, ``自年初以來上漲8%``: a rate measured from a reference point, not
    the move between the levels the sentence gives."""
    return bool(_SINCE.search(text, max(c.sentence.start, c.quantity.start - 24), min(c.sentence.end, c.quantity.end + 24)))

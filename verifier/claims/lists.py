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
from verifier.claims import cues
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


def distribute(text: str, claims: list[Claim]) -> list[Claim]:
    """Give each figure of a "respectively" sentence the period it stands in for."""
    out = list(claims)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(out):
        by_sentence.setdefault((c.sentence.start, c.sentence.end), []).append(i)
    for (a, b), idx in by_sentence.items():
        cue = cues.first("respectively", text, a, b)
        if cue is None:
            continue
        for start, end, labels in periods_listed(text, a, b):
            after = [i for i in idx if out[i].quantity.start >= end and out[i].kind in ("amount", "share", "ratio", "count")]
            n = len(labels)
            if len(after) < n or len({out[i].quantity.unit for i in after[:n]}) != 1:
                continue
            if len(after) > n and not _CLAUSE_MARK.search(text, out[after[n - 1]].quantity.end, out[after[n]].quantity.start):
                continue  # more figures in the same run than periods: not a one-to-one list
            after = after[:n]
            for i, label in zip(after, labels):
                c = out[i]
                year = re.match(r"(\d{4})-", c.period or "")
                period = f"{year.group(1)}-{label}" if year else label
                out[i] = c.model_copy(update={"period": period, "period_guessed": False})
    return out

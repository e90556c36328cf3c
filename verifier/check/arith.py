"""Interval arithmetic over printed figures, and the finding every rule builds.

A printed figure stands for an interval (its precision and hedge, see
``normalise.interval``). A check computes the interval its arithmetic allows
from the inputs' intervals and compares it with the stated one: they overlap
→ consistent; they are disjoint → contradicted. No float is compared with ==.
"""

from __future__ import annotations

import math

from verifier import numfmt
from verifier.models import Claim, Finding, Span

EPS = 1e-9


def iv(c: Claim, signed: bool = False) -> tuple[float, float]:
    """The claim's interval; with ``signed``, a change worded as a fall is negative."""
    q = c.quantity
    lo, hi = q.lo, q.hi
    if signed and c.direction == "down" and q.value > 0:
        lo, hi = -hi, -lo
    return lo, hi


def point(c: Claim, signed: bool = False) -> float:
    v = c.quantity.value
    return -v if signed and c.direction == "down" and v > 0 else v


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + EPS * max(1.0, abs(b[1])) and b[0] <= a[1] + EPS * max(1.0, abs(a[1]))


def contains(a: tuple[float, float], x: float) -> bool:
    return a[0] - EPS * max(1.0, abs(x)) <= x <= a[1] + EPS * max(1.0, abs(x))


def positive(a: tuple[float, float]) -> bool:
    return a[0] > 0


def growth(new: tuple[float, float], base: tuple[float, float]) -> tuple[float, float]:
    """Percent change from base to new, as an interval (both positive)."""
    lo = (new[0] / base[1] - 1) * 100 if base[1] not in (0, math.inf) else -math.inf
    hi = (new[1] / base[0] - 1) * 100 if base[0] > 0 else math.inf
    return lo, hi


def ratio(part: tuple[float, float], whole: tuple[float, float]) -> tuple[float, float]:
    lo = part[0] / whole[1] if whole[1] not in (0, math.inf) else 0.0
    hi = part[1] / whole[0] if whole[0] > 0 else math.inf
    return lo, hi


def cagr(start: tuple[float, float], end: tuple[float, float], years: int) -> tuple[float, float]:
    lo = ((end[0] / start[1]) ** (1 / years) - 1) * 100 if start[1] not in (0, math.inf) and end[0] > 0 else -math.inf
    hi = ((end[1] / start[0]) ** (1 / years) - 1) * 100 if start[0] > 0 and end[1] != math.inf else math.inf
    return lo, hi



def val(x: float, unit: str) -> str:
    return numfmt.value(x, unit)


def diff(a: float, b: float, unit: str) -> str:
    d = a - b
    return ("+" if d >= 0 else "−") + numfmt.value(abs(d), unit)


def span_text(a: tuple[float, float], unit: str) -> str:
    return numfmt.interval(a[0], a[1], unit)


def pct(x: float, decimals: int = 1) -> str:
    return f"{x:+.{decimals}f}%" if math.isfinite(x) else ("∞" if x > 0 else "−∞")


def _iv_decimals(a: tuple[float, float]) -> int:
    decimals = 1
    while decimals < 4 and pct(a[0], decimals) == pct(a[1], decimals):
        decimals += 1
    return decimals


def pct_iv(a: tuple[float, float]) -> str:
    """Both ends with the decimals that tell them apart (+12.74% to +12.76%, not +12.7% to +12.7%)."""
    d = _iv_decimals(a)
    return f"{pct(a[0], d)} to {pct(a[1], d)}"


def rate_with_range(point: float, a: tuple[float, float]) -> str:
    """``+12.745% (range +12.745% to +12.746%)``: the point to the range's decimals."""
    return f"{pct(point, _iv_decimals(a))} (range {pct_iv(a)})"


def tolerance(*claims: Claim) -> str:
    parts = []
    for c in claims:
        q = c.quantity
        how = f"printed precision ±{numfmt.value(q.precision, q.unit)}" if q.precision else "exact"
        if q.hedge:
            how += f", hedge '{q.hedge.replace('_', ' ')}'"
        parts.append(f"{q.text}: {how} → {span_text((q.lo, q.hi), q.unit)}")
    return "; ".join(parts)


def finding(severity: str, verdict: str, message: str, claims: list[Claim], *, advice: str | None = None, **evidence) -> Finding:
    spans = tuple(Span(start=c.quantity.start, end=c.quantity.end) for c in claims)
    ev = {k: v for k, v in evidence.items() if v is not None}
    ev.setdefault("tolerance", tolerance(*claims))
    return Finding(
        rule="",
        severity=severity,
        verdict=verdict,
        message=message,
        spans=spans,
        claims=tuple(c.id for c in claims),
        evidence=ev,
        advice=advice,
    )


def new_and_base(ctx, c: Claim, pair: list[Claim], reach: int = 6) -> tuple[Claim, Claim] | None:
    """Of two figures in c's sentence, (new, base): the base is the one printed right
    after a from-cue (from, 較, 由, 從); None when no cue tells them apart."""
    from verifier.claims import cues

    for m in cues.find("from", ctx.article.text, c.sentence.start, c.sentence.end):
        for i, o in enumerate(pair):
            if 0 <= o.quantity.start - m.end() <= reach:
                return pair[1 - i], o
    return None


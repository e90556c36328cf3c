"""Figures as intervals, their comparison, and how a row is shown and cited.

Every figure, printed in an article or in a table, stands for an interval
(its printed precision, widened or bounded by a hedge); a computed figure
(a growth rate from two rows) carries the interval its inputs allow. Two
figures agree when their intervals overlap. A range agrees with a range
end for end; a single figure agrees with a range at its midpoint or one of
its ends, and one that falls elsewhere inside it needs review.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

from verifier import messages as msg
from verifier.models import Claim
from verifier.sources.table import SourceRow
from verifier.sources.units import parse_unit

__all__ = ["Fig", "compare", "fig_of_claim", "fig_of_row", "overlaps", "show", "show_row"]

EPS = 1e-9


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals meet, allowing for float noise (never ``==`` on floats)."""
    tol = EPS * max((abs(x) for x in (*a, *b) if math.isfinite(x)), default=1.0)
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol


@dataclass(frozen=True)
class Fig:
    """A figure's interval; a range also has intervals for its ends and midpoint."""

    lo: float
    hi: float
    point: float
    low: Optional[tuple[float, float]] = None
    mid: Optional[tuple[float, float]] = None
    high: Optional[tuple[float, float]] = None

    @property
    def is_range(self) -> bool:
        return self.low is not None

    def ends(self) -> list[tuple[str, tuple[float, float], float]]:
        """(name, interval, point) of each part a single figure may match."""
        if not self.is_range:
            return [("", (self.lo, self.hi), self.point)]
        return [("midpoint", self.mid, self.point), ("low end", self.low, self.low_point), ("high end", self.high, self.high_point)]

    @property
    def low_point(self) -> float:
        return (self.low[0] + self.low[1]) / 2 if self.low and all(map(math.isfinite, self.low)) else self.lo

    @property
    def high_point(self) -> float:
        return (self.high[0] + self.high[1]) / 2 if self.high and all(map(math.isfinite, self.high)) else self.hi

    def scaled(self, k: float) -> "Fig":
        def s(iv):
            return None if iv is None else tuple(sorted((iv[0] * k, iv[1] * k)))

        lo, hi = sorted((self.lo * k, self.hi * k))
        return Fig(lo, hi, self.point * k, s(self.low), s(self.mid), s(self.high))


def fig_of_claim(c: Claim, signed: bool = True) -> Fig:
    """The claim's interval; with ``signed``, a change worded as a fall is negative."""
    q = c.quantity
    k = -1.0 if signed and c.direction == "down" and q.value > 0 else 1.0
    if q.low is None or q.high is None:
        return Fig(q.lo, q.hi, q.value).scaled(k)
    p_lo, p_hi = max(q.low - q.lo, 0.0), max(q.hi - q.high, 0.0)
    p_mid = min(p_lo, p_hi) if math.isfinite(min(p_lo, p_hi)) else 0.0
    fig = Fig(q.lo, q.hi, q.value, (q.lo, q.low + p_lo), (q.value - p_mid, q.value + p_mid), (q.high - p_hi, q.hi))
    return fig.scaled(k)


def fig_of_row(r: SourceRow, factor: float = 1.0) -> Fig:
    """A row's interval, multiplied by ``factor`` (a unit conversion)."""
    if r.low is None or r.high is None:
        return Fig(r.lo, r.hi, r.value).scaled(factor)
    p = r.precision
    return Fig(r.lo, r.hi, r.value, (r.lo, r.low + p), (r.value - p, r.value + p), (r.high - p, r.hi)).scaled(factor)


def compare(claimed: Fig, published: Fig, midpoint_only: bool = False) -> tuple[str, str]:
    """(``supported`` / ``contradicted`` / ``needs-review``, which part agreed)."""
    if claimed.is_range and published.is_range:
        ok = overlaps(claimed.low, published.low) and overlaps(claimed.high, published.high)
        return ("supported", "both ends") if ok else ("contradicted", "")
    if claimed.is_range:
        ok = overlaps((claimed.lo, claimed.hi), (published.lo, published.hi))
        return ("supported", "inside the claimed range") if ok else ("contradicted", "")
    iv = (claimed.lo, claimed.hi)
    for name, part, _ in published.ends():
        if midpoint_only and name not in ("", "midpoint"):
            continue
        if overlaps(iv, part):
            return "supported", name
    if published.is_range and overlaps(iv, (published.lo, published.hi)):
        return "needs-review", "inside the range but not at its midpoint or an end"
    return "contradicted", ""


def nearest(claimed: Fig, published: Fig) -> tuple[str, float]:
    """The part of a published figure closest to a claim, for messages."""
    return min(((n, p) for n, _, p in published.ends()), key=lambda np: abs(np[1] - claimed.point))


def num(x: float) -> str:
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1 else f"{x:.4g}"


def in_row_units(x: float, r: SourceRow) -> str:
    """A base-unit value in the scale the row was published at (``213.35 USD bn``)."""
    factor = parse_unit(r.unit_text).factor or 1.0
    return f"{num(x / factor)}%" if r.unit == "percent" else f"{num(x / factor)} {r.unit_text}"


def pct(x: float) -> str:
    """A computed change or share in the message language: ``-1.02%``."""
    return msg.value(x, "percent") if math.isfinite(x) else num(x)


def published(r: SourceRow, c: Optional[Claim] = None, k: Optional[float] = None) -> str:
    """A row's figure for a message: in the article's own units and scale (``1,466億美元`` beside
    ``2000億美元``) when the row converts to the claim's unit (``k``), else in the message
    language's scale (``146.6 billion USD``); the table's own printing stays in the evidence."""
    if c is not None and k is not None:
        unit, like = c.quantity.unit, c
    else:
        unit, like, k = r.unit, None, 1.0
    approx = msg.t("hedge_prefix.approx") if r.hedge == "approx" else ""
    if r.low is not None and r.high is not None:
        return approx + msg.t("range.span", a=msg.value(r.low * k, unit, like), b=msg.value(r.high * k, unit, like))
    return approx + msg.value(r.value * k, unit, like)


def in_units(x: float, c: Optional[Claim] = None, unit: Optional[str] = None) -> str:
    """A base-unit value written like claim ``c`` (or in the language's scale for ``unit``)."""
    return msg.value(x, c.quantity.unit if c is not None else unit or "dimensionless", c)


def show_row(r: SourceRow) -> str:
    """A row's figure as published: ``213.4 USD bn``, ``24%``, ``2,113.3 億美元``."""
    if r.unit == "percent":
        return f"{r.printed}%"
    return f"{r.printed} {r.unit_text}"


def show(c: Claim) -> str:
    sign = c.quantity.sign_word or ""
    return f"{sign}{c.quantity.text}" if sign and sign not in c.quantity.text else c.quantity.text


def url_of(source: str) -> Optional[str]:
    for tok in source.split():
        if tok.startswith(("http://", "https://")):
            return tok
    return None


def cite(r: SourceRow) -> str:
    """``sources/amazon.csv row 4, 6ix.com, 2026-02-05``, in the message language."""
    url = url_of(r.source)
    where = urlsplit(url).hostname if url else r.source
    bits = [msg.t("source.row", file=r.file, row=r.row) + (msg.t("source.row_id", id=r.id) if r.id else ""), where or r.source]
    if r.published:
        bits.append(r.published)
    return msg.join(bits, "sep.figures")


def row_evidence(r: SourceRow) -> dict:
    return {
        "file": r.file, "row": r.row, "id": r.id, "source": r.source, "url": url_of(r.source),
        "published": r.published, "quote": r.quote, "note": r.note,
        "entity": r.entity, "metric": r.metric, "period": r.period, "basis": r.basis, "change": r.change or None,
        "figure": show_row(r), "value": r.value, "unit": r.unit, "interval": [r.lo, r.hi],
        "low": r.low, "high": r.high,
    }  # fmt: skip

"""Rounding as error: the one interval arithmetic every rule and the source matcher use.

A printed figure (``models.Figure``: an article's ``Quantity``, a table's
``SourceRow``) stands for the half-open interval its last digit and hedge
allow (``normalise.interval``): ``1.4`` is [1.35, 1.45). Two figures agree
when their intervals share some width (``overlaps``); intervals that only
touch do not (1.96 is not 1.95), and float noise is absorbed by one relative
tolerance (``EPS``), here and nowhere else.

Worst-case intervals that add up would make any wrong figure consistent once
its operands are coarse, so a stated figure is judged in three steps
(``judge``):

1. the point computation on the printed values; when it rounds to the stated
   figure, the figure is ``supported``;
2. when no rounding of the operands reaches the stated interval, it is
   ``contradicted``;
3. otherwise the operands' true values are taken as uniform over their
   intervals, and the share of them that gives a value at least as far out as
   the stated one is the *tail*; below ``UNLIKELY`` only an unlikely corner of
   the rounding explains the figure: ``needs-review``, saying which corner.
   Above it the rounding explains the figure: ``supported``.

Figures a writer derives from printed ones (a midpoint of a printed range)
are judged on the printed values alone (``exact``). A figure set beside a
published one agrees with it as a whole, or, against a published range, at
its midpoint or an end (``agree``).
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from typing import Callable, Sequence

from verifier.models import Claim, Figure, Part, frozen

EPS = 1e-9
# A stated figure that only this share of the operands' roundings (or less) reaches is
# a corner case worth a look: one in forty.
UNLIKELY = 0.025
# "in line with" an estimate: within this share of it (a range holds it); 1% is the slack a results
# story means by the phrase ($5.02 billion in line with $5 billion; $5.2 billion is a beat)
IN_LINE_SHARE = 0.01
_GRID_POINTS = 4_096  # evaluation points for the tail, shared among the operands


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


def figure_of(c: Claim, signed: bool = False) -> Figure:
    """The claim's printed figure; with ``signed``, a change worded as a fall is negative."""
    q = c.quantity
    return q.scaled(-1.0) if signed and c.direction == "down" and q.value > 0 else q


def _eps(*xs: float) -> float:
    """The float noise allowed between figures of these magnitudes."""
    return EPS * max((abs(x) for x in xs if math.isfinite(x)), default=1.0)


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Half-open intervals share some width: [1.25, 1.35) and [1.35, 1.45) do not."""
    if a[0] == a[1] or b[0] == b[1]:  # an exact figure is a point: inside or not
        return contains_iv(b, a[0]) if a[0] == a[1] else contains_iv(a, b[0])
    tol = _eps(*a, *b)
    return a[0] < b[1] - tol and b[0] < a[1] - tol


def contains_iv(a: tuple[float, float], x: float) -> bool:
    """x in the half-open [lo, hi), up to float noise; a point interval holds itself."""
    tol = _eps(x, *a)
    if a[0] == a[1]:
        return abs(x - a[0]) <= tol
    return a[0] - tol <= x < a[1] - tol


def contains(a: tuple[float, float], x: float) -> bool:
    """x in the closed [lo, hi], up to float noise (a path's reach includes its ends)."""
    tol = _eps(x, *a)
    return a[0] - tol <= x <= a[1] + tol


def above(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Every value a stands for is at or above every value b stands for: half-open,
    512 [511.5, 512.5) is above 511 [510.5, 511.5), as its printing says."""
    return a[0] >= b[1] - _eps(*a, *b)


def below(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Every value a stands for is at or below every value b stands for."""
    return a[1] <= b[0] + _eps(*a, *b)


def positive(a: tuple[float, float]) -> bool:
    return a[0] > 0


def growth(new: tuple[float, float], base: tuple[float, float]) -> tuple[float, float]:
    """Percent change from base to new, as an interval (both positive)."""
    lo = (new[0] / base[1] - 1) * 100 if base[1] not in (0, math.inf) else -math.inf
    hi = (new[1] / base[0] - 1) * 100 if base[0] > 0 else math.inf
    return lo, hi


def difference(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """a − b, as an interval (a gap in points between two printed percentages)."""
    return a[0] - b[1], a[1] - b[0]


def ratio(part: tuple[float, float], whole: tuple[float, float]) -> tuple[float, float]:
    lo = part[0] / whole[1] if whole[1] not in (0, math.inf) else 0.0
    hi = part[1] / whole[0] if whole[0] > 0 else math.inf
    return lo, hi


@dataclass(frozen=True)
class Operand:
    """A printed figure as an operand: its printed value and the interval it stands for."""

    value: float
    lo: float
    hi: float
    text: str = ""

    @classmethod
    def of(cls, c: Claim, signed: bool = False, exact: bool = False) -> "Operand":
        v = point(c, signed)
        lo, hi = (v, v) if exact else iv(c, signed)
        return cls(v, lo, hi, c.quantity.text)

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)


@dataclass(frozen=True)
class Judgement:
    """What the rounding model says of a stated figure (see the module's docstring)."""

    verdict: str  # supported / needs-review / contradicted
    point: float  # the computation on the printed values
    reach: tuple[float, float]  # what any rounding of the operands gives
    tail: float | None = None  # share of the roundings at least as far out as the stated figure
    corner: tuple[float, ...] | None = None  # the operands' values at the end of the rounding nearest the stated figure
    by_rounding: bool = False  # supported only once the operands' rounding is allowed for
    twice: bool = False  # the point reaches the stated figure only when rounded twice (1.0495% → 1.05% → 1.1%)
    truncated: bool = False  # the point reaches it only when cut off, not rounded (9.0852萬億 → 9.08萬億)


def judge(f: Callable[..., float], operands: Sequence[Operand], stated: tuple[float, float], derived: bool = False,
          truncation: bool = False) -> Judgement:
    """Judge ``stated`` (an interval) against ``f`` of the operands, which is monotone in each.

    ``derived``: the writer works the figure out from the printed ones (a difference in points,
    a change between two printed levels, a sum of shares), so it is judged on the printed values
    first: one the point computation misses is at best ``needs-review``, even where the rounding
    could explain it — unless it is printed to a finer digit than its operands (then it came from
    the unrounded data). Corners where ``f`` is undefined (a zero base, a root of a negative) are left out.
    ``truncation``: a total restated coarser than its parts may have its digits cut off, not rounded
    (9.0852萬億 printed 9.08萬億); never for a rate, where a cut-off digit would hide a wrong figure.
    """
    widths = [o.hi - o.lo for o in operands if o.bounded]
    if derived and widths and math.isfinite(stated[1] - stated[0]) and stated[1] - stated[0] < min(widths) / 2:
        # "declined by 329,000 to 2.27 million from 2.60 million": printed to a finer digit than its
        # operands, the figure was worked out from the unrounded data, so their rounding may explain it
        derived = False
    p = _at(f, [o.value for o in operands])
    corners = _corners(operands)
    values = [(v, k) for k in corners if (v := _at(f, k)) is not None]
    if not values or p is None:
        p = p if p is not None else math.nan
        reach = (p, p)
    else:
        reach = (min(v for v, _ in values), max(v for v, _ in values))
    if p is not None and math.isfinite(p) and contains_iv(stated, p):
        return Judgement("supported", p, reach)
    if not math.isfinite(p):
        return Judgement("supported", p, reach, by_rounding=True)  # nothing to compute with: no verdict to force
    if _rounded_twice(stated, p):
        # 135.95 ÷ 12,953.94 = 1.0495%, printed 1.1%: rounded to 1.05% first, then to 1.1%
        return Judgement("supported", p, reach, by_rounding=True, twice=True)
    if truncation and _truncated(stated, p):
        # 46638.27億 + 44213.41億 = 9.0852萬億, printed 9.08萬億: the digits after the last printed one dropped
        return Judgement("supported", p, reach, by_rounding=True, truncated=True)
    above = stated[0] > p
    if not _reaches(reach, stated, above):
        return Judgement("contradicted", p, reach)
    corner = tuple(max(values)[1] if above else min(values)[1])
    tail = _tail(f, operands, stated, above)
    if tail is not None and (tail < UNLIKELY or derived):
        return Judgement("needs-review", p, reach, tail, corner)
    return Judgement("supported", p, reach, tail, corner, by_rounding=True)


def _rounded_twice(stated: tuple[float, float], p: float) -> bool:
    """The point lands on the stated figure when rounded first to one more digit, then to the
    printed one (half away from zero): the edge of the stated interval nearer zero moves by a
    tenth of its half-width."""
    lo, hi = stated
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return False
    w = (hi - lo) / 20
    if lo >= 0:
        return lo - w <= p < lo
    if hi <= 0:
        return hi < p <= hi + w
    return False


def _truncated(stated: tuple[float, float], p: float) -> bool:
    """The point lands on the stated figure when its digits past the printed one are dropped: it lies
    within one unit of the last printed digit beyond the printed value, away from zero."""
    lo, hi = stated
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return False
    half = (hi - lo) / 2
    if hi - lo > 0.0025 * abs(lo + half):
        return False  # a coarse figure ($240 billion): a cut-off digit is too wide an allowance there
    if lo >= 0:
        return hi <= p < hi + half
    if hi <= 0:
        return lo - half < p <= lo
    return False


def _at(f, args) -> float | None:
    """f(args) as a real number, or None where it is undefined."""
    try:
        v = f(*args)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    if isinstance(v, complex) or v != v:
        return None
    return float(v)


def _corners(operands: Sequence[Operand]) -> list[tuple[float, ...]]:
    ends = [sorted({o.lo, _below(o.hi) if o.hi > o.lo else o.hi}) for o in operands]
    if len(operands) > 10:  # a sum of many parts is monotone up in each: its ends are all-low and all-high
        return [tuple(e[0] for e in ends), tuple(e[-1] for e in ends)]
    return list(itertools.product(*ends))


def _below(x: float) -> float:
    """The largest value a half-open interval ending at x holds, for its corner."""
    return x if not math.isfinite(x) else x - _eps(x)


def _reaches(reach: tuple[float, float], stated: tuple[float, float], above: bool) -> bool:
    tol = _eps(*reach, *stated)
    if above:
        return reach[1] > stated[0] + tol or (reach[0] == reach[1] and contains_iv(stated, reach[1]))
    return reach[0] < stated[1] - tol


def _tail(f, operands: Sequence[Operand], stated: tuple[float, float], above: bool) -> float | None:
    """Share of the operands' possible true values (uniform over their intervals) that give a value
    at or beyond the stated figure's near end: a regular grid of cell midpoints for up to three
    free operands, a fixed-seed sample for more (reproducible from run to run)."""
    free = [o for o in operands if o.hi > o.lo]
    if not free:
        return 0.0
    if not all(o.bounded for o in free):
        return None  # "more than $1 billion": no distribution to weigh, the bound is all there is
    if len(free) <= 3:
        k = max(2, int(_GRID_POINTS ** (1 / len(free))))
        axes = [[o.lo + (o.hi - o.lo) * (i + 0.5) / k for i in range(k)] if o.hi > o.lo else [o.value] for o in operands]
        points = itertools.product(*axes)
    else:
        rng = random.Random(0)
        points = ([rng.uniform(o.lo, o.hi) if o.hi > o.lo else o.value for o in operands] for _ in range(_GRID_POINTS))
    far = total = 0
    for pt in points:
        v = _at(f, pt)
        if v is None:
            continue
        total += 1
        far += v >= stated[0] if above else v < stated[1]
    return far / total if total else None


def growth_f(new, base):
    return (new / base - 1) * 100


def ratio_f(part, whole):
    return part / whole * 100


def difference_f(a, b):
    return a - b


def midpoint_f(low, high):
    return (low + high) / 2


def sum_f(*parts):
    return sum(parts)


def cagr_f(years: int):
    def f(start, end):
        return ((end / start) ** (1 / years) - 1) * 100

    return f


@frozen
class Reached(Figure):
    """A figure computed from printed ones (a growth between two table rows): it was never
    printed, so its interval is what its inputs' rounding reaches, and a range's parts are
    each computed from the matching part of its inputs."""

    reached: tuple[Part, ...] = ()

    def parts(self) -> tuple[Part, ...]:
        return self.reached or super().parts()

    def scaled(self, k: float) -> "Figure":
        if not self.reached:
            return super().scaled(k)
        turn = {"low end": "high end", "high end": "low end"} if k < 0 else {}
        parts = {turn.get(n, n): Part(turn.get(n, n), tuple(sorted((a * k, b * k))), p * k) for n, (a, b), p in self.reached}
        order = [n for n, _, _ in self.reached]  # the parts in their usual order: midpoint, low end, high end
        return Reached.model_construct(**dict(super().scaled(k)), reached=tuple(parts[n] for n in order))


def agree(claimed: Figure, published: Figure, midpoint_only: bool = False) -> tuple[str, str]:
    """(``supported`` / ``contradicted`` / ``needs-review``, which part agreed).

    A range agrees with a range end for end; a single figure agrees with a range at its
    midpoint or one of its ends, and one that falls elsewhere inside it needs review.
    """
    if claimed.is_range and published.is_range:
        ok = all(overlaps(claimed.part(n).interval, published.part(n).interval) for n in ("low end", "high end"))
        return ("supported", "both ends") if ok else ("contradicted", "")
    if claimed.is_range:
        ok = overlaps(claimed.interval, published.interval)
        return ("supported", "inside the claimed range") if ok else ("contradicted", "")
    for name, part, _ in published.parts():
        if midpoint_only and name not in ("", "midpoint"):
            continue
        if overlaps(claimed.interval, part):
            return "supported", name
    if published.is_range and overlaps(claimed.interval, published.interval):
        return "needs-review", "inside the range but not at its midpoint or an end"
    return "contradicted", ""


def nearest(claimed: Figure, published: Figure) -> tuple[str, float]:
    """The part of a published figure closest to a claim: its name and printed point."""
    return min(((n, p) for n, _, p in published.parts()), key=lambda np: abs(np[1] - claimed.value))

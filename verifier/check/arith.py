"""Rounding as error: how a rule judges a printed figure against its arithmetic.

A printed figure stands for the half-open interval its last digit and hedge
allow (``normalise.interval``): ``1.4`` is [1.35, 1.45). Worst-case intervals
that add up would make any wrong figure consistent once its operands are
coarse, so a stated figure is judged in three steps (``judge``):

1. the point computation on the printed values; when it rounds to the stated
   figure, the figure is ``supported``;
2. when no rounding of the operands reaches the stated interval (intervals
   that only touch do not agree), it is ``contradicted``;
3. otherwise the operands' true values are taken as uniform over their
   intervals, and the share of them that gives a value at least as far out as
   the stated one is the *tail*; below ``UNLIKELY`` only an unlikely corner of
   the rounding explains the figure: ``needs-review``, saying which corner.
   Above it the rounding explains the figure: ``supported``.

Figures a writer derives from printed ones (a midpoint of a printed range)
are judged on the printed values alone (``exact``).
"""

from __future__ import annotations

import itertools
import math
import random
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from verifier import messages as msg
from verifier.models import Claim, Finding, Pairing, Span

EPS = 1e-9
# A stated figure that only this share of the operands' roundings (or less) reaches is
# a corner case worth a look: one in forty.
UNLIKELY = 0.025
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


def _eps(*xs: float) -> float:
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





def val(x: float, unit: str, like: Claim | None = None) -> str:
    """A computed value in the message language, in the scale and unit ``like`` was printed in."""
    return msg.value(x, unit, like)


def diff(a: float, b: float, unit: str, like: Claim | None = None) -> str:
    d = a - b
    return ("+" if d >= 0 else "−") + msg.value(abs(d), unit, like)


def span_text(a: tuple[float, float], unit: str, like: Claim | None = None) -> str:
    return msg.interval(a[0], a[1], unit, like)


def pct(x: float, decimals: int = 1) -> str:
    return msg.pct(x, decimals)


def points(x: float) -> str:
    """A difference in percentage points, signed: ``+1.15 pp`` / ``+1.15個百分點``."""
    return msg.t("unit.points_signed", n=f"{x:+.2f}".replace("-", "−"))


def tolerance(*claims: Claim) -> str:
    parts = []
    for c in claims:
        q = c.quantity
        how = msg.t("tolerance.precision", p=msg.value(q.precision, q.unit, c)) if q.precision else msg.t("tolerance.exact")
        if q.hedge:
            how += msg.t("tolerance.hedge", hedge=msg.t(f"hedge.{q.hedge}"))
        parts.append(msg.t("tolerance.figure", text=q.text, how=how, span=span_text((q.lo, q.hi), q.unit, c)))
    return msg.join(parts)


def guesses(claims: Sequence[Claim]) -> tuple[str, ...]:
    """What of the figures' reading was taken from context rather than printed beside them."""
    out = []
    for c in claims:
        if c.period_guessed and c.period:
            out.append(msg.t("guess.period", period=msg.period(c.period), text=c.quantity.text))
        if c.entity_guessed and c.entity:
            out.append(msg.t("guess.entity", entity=msg.entity(c.entity), text=c.quantity.text))
    return tuple(dict.fromkeys(out))


def finding(severity: str, verdict: str, message: str, claims: list[Claim], *, advice: str | None = None,
            pairing: str = "clause", **evidence) -> Finding:
    """A rule's finding; an error needs a firm reading (figures the wording put together, in
    one clause or by explicit words across sentences), else it is at most a warning, and says why."""
    spans = tuple(Span(start=c.quantity.start, end=c.quantity.end) for c in claims)
    ev = {k: v for k, v in evidence.items() if v is not None}
    ev.setdefault("tolerance", tolerance(*claims))
    how = Pairing(how=pairing, guessed=guesses(claims))
    if severity == "error" and not how.firm:
        severity = "warning"
        ev["severity_capped"] = msg.t("capped.matched") + (
            msg.t("capped.guessed", guessed=msg.join(how.guessed)) if how.guessed else "")
    return Finding(
        rule="",
        severity=severity,
        verdict=verdict,
        message=message,
        spans=spans,
        claims=tuple(c.id for c in claims),
        evidence=ev,
        advice=advice,
        pairing=how,
    )


def new_and_base(ctx, c: Claim, pair: list[Claim], reach: int = 6) -> tuple[Claim, Claim] | None:
    """Of two figures in c's sentence, (new, base): the base is the one printed right
    after a from-cue (from, 較, 由, 從); None when no cue tells them apart."""
    from verifier.claims import cues

    text = ctx.article.text
    for m in cues.find("from", text, c.sentence.start, c.sentence.end):
        for i, o in enumerate(pair):
            gap = o.quantity.start - m.end()
            # right after the cue, or a few words on within its clause ("from the August forecast of 2.90%")
            if 0 <= gap <= reach or (0 <= gap <= _BASE_WORDS and not _CLAUSE_BREAK.search(text, m.end(), o.quantity.start)
                                     and pair[1 - i].quantity.start not in range(m.end(), o.quantity.start)):
                return pair[1 - i], o
    return None


_BASE_WORDS = 32  # characters of words a base may stand after its from-cue, in the same clause
_CLAUSE_BREAK = re.compile(r"[，,;；。:：]")



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


def judge(f: Callable[..., float], operands: Sequence[Operand], stated: tuple[float, float], derived: bool = False) -> Judgement:
    """Judge ``stated`` (an interval) against ``f`` of the operands, which is monotone in each.

    ``derived``: the writer works the figure out from the printed ones (a difference in points,
    a change between two printed levels, a sum of shares), so it is judged on the printed values
    first: one the point computation misses is at best ``needs-review``, even where the rounding
    could explain it. Corners where ``f`` is undefined (a zero base, a root of a negative) are left out.
    """
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
    above = stated[0] > p
    if not _reaches(reach, stated, above):
        return Judgement("contradicted", p, reach)
    corner = tuple(max(values)[1] if above else min(values)[1])
    tail = _tail(f, operands, stated, above)
    if tail is not None and (tail < UNLIKELY or derived):
        return Judgement("needs-review", p, reach, tail, corner)
    return Judgement("supported", p, reach, tail, corner, by_rounding=True)


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




def describe(j: Judgement, stated_text: str, unit_fmt: Callable[[float], str], show_corner: Callable[[tuple[float, ...]], str] | None = None) -> str:
    """The sentence after the point computation: what the rounding does or does not allow."""
    if j.verdict == "supported" and not j.by_rounding:
        return ""
    reach = msg.t("range.between", a=unit_fmt(j.reach[0]), b=unit_fmt(j.reach[1]))
    if j.verdict == "contradicted":
        if j.reach[0] == j.reach[1]:
            return msg.t("judge.exact")
        return msg.t("judge.no_rounding", stated=stated_text, reach=reach)
    if j.tail is None:
        return msg.t("judge.hedges", reach=reach)
    share = msg.share(j.tail)
    if j.verdict == "needs-review":
        at_end = msg.t("judge.at_end", corner=show_corner(j.corner)) if show_corner and j.corner else ""
        if j.tail >= UNLIKELY:  # a derived figure: the printed values are what the writer had
            return msg.t("judge.derived", stated=stated_text, at_end=at_end, share=share)
        return msg.t("judge.corner", stated=stated_text, at_end=at_end, share=share)
    return msg.t("judge.within", reach=reach, share=share, stated=stated_text)


def judged(j: Judgement, c: Claim, figures: list[Claim], *, line: str, holds: str, breaks: str, advice: str,
           fmt: Callable[[float], str], pairing: str = "clause", corner: Callable[[tuple[float, ...]], str] | None = None,
           severity: str = "error", **evidence) -> Finding:
    """The finding for a judgement: the point computation first, then what the rounding allows.

    ``holds``/``breaks`` finish the sentence about the stated figure (``matches its endpoints``),
    in the message language.
    """
    ev = dict(computed=j.point, computed_interval=list(j.reach), arithmetic=line, **evidence)
    if j.tail is not None:
        ev["rounding_tail"] = j.tail
    more = describe(j, c.quantity.text, fmt, corner)
    claims = [c, *figures]
    if j.verdict == "supported":
        text = msg.t("judge.holds", figure=c.quantity.text, holds=holds, line=line) + (msg.t("sep.sentence") + more if more else "")
        return finding("info", "supported", text, claims, pairing=pairing, **ev)
    text = msg.t("judge.breaks", figure=c.quantity.text, breaks=breaks, line=line) + (msg.t("sep.sentence") + more if more else "")
    if j.verdict == "needs-review":
        return finding("warning", "needs-review", text, claims, pairing=pairing, advice=advice, **ev)
    return finding(severity, "contradicted", text, claims, pairing=pairing, advice=advice, **ev)


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


def linked(c: Claim, *others: Claim) -> str:
    """``clause`` when the linked figures share c's sentence, ``linked`` when wording tied them across."""
    return "clause" if all(o.sentence == c.sentence for o in others) else "linked"


def pct_of(x: float) -> str:
    return pct(x, 1)


def pct2(x: float) -> str:
    """A computed share or rate, two decimals, unsigned: ``41.56%``."""
    return msg.pct(x, 2, signed=False)

"""A figure must match the published figure for its entity, metric and period.

What it checks: each amount, price, count, share, estimate, guidance figure
or range whose entity and metric appear in a source table is compared with
the rows for its period: the actual figure, or the analysts' estimate for an
estimate (``預期``, ``consensus``), or the company's guidance for a forecast.
Both sides stand for the interval their printing allows (``2134億美元`` is
213.35–213.45 billion; ``213.4`` in a USD bn column the same), so a figure
is supported when the intervals meet, contradicted when they do not. A
figure equal to the estimate where the actual was expected (or the other
way round) needs review. When the tables have the entity and metric but not
the period, the figure is unverifiable and the finding lists the periods
they have; a figure with no rows at all gets no finding.

Why it matters: a figure that differs from the earnings release or the
statistics office is the error readers and companies notice first, and an
editor needs the published figure and its address to correct it.

Example: ``亞馬遜2025年Q4營收達2134億美元`` is supported by the release's
"$213.4 billion" (sources/amazon-q4-2025.csv, Business Wire, 2026-02-05);
``每股盈餘1.97美元`` for the actual EPS is contradicted by 1.95 and equals
the FactSet estimate, so it needs review.

How to fix: use the published figure, at the precision it was published,
or say that the figure is an estimate or guidance; if the table is wrong,
correct the table and keep its source and quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from verifier import messages as msg
from verifier.check.registry import rule
from verifier.models import Claim, Figure, Verdict
from verifier.rounding import agree, figure_of, nearest
from verifier.sources.figures import cite, in_units, pct, published, show
from verifier.sources.findings import judged
from verifier.sources.judge import level_rows, rows_at
from verifier.sources.match import Topic, bases_for, factor
from verifier.sources.table import SourceRow
from verifier.sources.verdicts import RANK, Judgement, uncertain, unverifiable

LEVEL_KINDS = {"amount", "price", "count", "share", "ratio", "estimate", "guidance", "range"}
BASES = ("actual", "estimate", "guidance")


@rule("SR001")
def check(ctx):
    yield from judged(ctx, LEVEL_KINDS, judge_level)


@dataclass(frozen=True)
class Compared:
    """The claim against one row: the verdict, which part of the row agreed, the row as a figure in the claim's unit."""

    verdict: Verdict
    part: str
    row: SourceRow
    pub: Figure
    k: float  # row's base unit → the claim's unit


@dataclass(frozen=True)
class Level:
    """The claim against the rows of one basis for its period, best row first."""

    claim: Claim
    what: str  # "Amazon revenue 2025-Q4 guidance"
    compared: tuple[Compared, ...]
    claimed: Figure
    notes: tuple[str, ...]

    @property
    def best(self) -> Compared:
        return self.compared[0]

    @property
    def verdict(self) -> Verdict:
        return self.best.verdict

    @property
    def basis(self) -> str:
        return self.best.row.basis


def _level(c: Claim, t: Topic, rows: list[SourceRow], basis: str, notes: list[str]) -> Level:
    claimed = figure_of(c, signed=False)
    midpoint = any(x.relation == "midpoint_of" for x in c.comparators)
    out = []
    for r in rows:
        k = factor(r.unit, c.quantity.unit)
        pub = r.scaled(k)
        verdict, part = agree(claimed, pub, midpoint_only=midpoint and pub.is_range)
        out.append(Compared(verdict, part, r, pub, k))
    out.sort(key=lambda x: (RANK[x.verdict], abs(nearest(claimed, x.pub)[1] - claimed.value)))
    return Level(c, t.name(c.period, basis), tuple(out), claimed, tuple(notes))


def _pub(c: Claim, x: Compared) -> str:
    return published(x.row, c, x.k)


def _agrees(m: Level) -> str:
    b = m.best
    at = msg.t("source.part", part=msg.t(f"part.{b.part.replace(' ', '_')}")) if b.part and b.part != "both ends" else ""
    return msg.t("SR001.agrees", figure=show(m.claim), what=m.what, pub=_pub(m.claim, b), at=at, cite=cite(b.row))


def _message(m: Level) -> str:
    b = m.best
    if b.verdict == "supported":
        return _agrees(m) + msg.t("sep.end")
    if b.verdict == "needs-review":
        return msg.t("SR001.inside", figure=show(m.claim), what=m.what, pub=_pub(m.claim, b), cite=cite(b.row))
    others = msg.join(msg.t("source.also_item", pub=_pub(m.claim, x), cite=cite(x.row)) for x in m.compared[1:3])
    text = msg.t("SR001.contradicts", figure=show(m.claim), what=m.what, pub=_pub(m.claim, b), cite=cite(b.row))
    return text + (msg.t("sep.sentence") + msg.t("source.also", others=others) if others else "")


def _arithmetic(m: Level) -> str:
    c, b = m.claim, m.best
    name, p = nearest(m.claimed, b.pub)
    diff = m.claimed.value - p
    part = msg.t("source.part_of", part=msg.t(f"part.{name.replace(' ', '_')}")) if name else ""
    return msg.t("SR001.arithmetic", figure=c.quantity.text, part=part, pub=in_units(p, c),
                 diff=("+" if diff > 0 else "") + in_units(diff, c), pct=msg.t("source.pct", pct=pct(diff / p * 100)) if p else "")


def _tolerance(m: Level) -> str:
    c, r = m.claim, m.best.row
    hedge = msg.t("tolerance.hedge", hedge=msg.t(f"hedge.{c.quantity.hedge}")) if c.quantity.hedge else ""
    return msg.join([
        msg.t("source.stands_for_precision", figure=c.quantity.text, lo=in_units(m.claimed.lo, c), hi=in_units(m.claimed.hi, c), hedge=hedge),
        msg.t("source.stands_for", figure=_pub(c, m.best), lo=in_units(m.best.pub.lo, c), hi=in_units(m.best.pub.hi, c)),
    ])


def _judgement(m: Level, t: Topic, verdict: Verdict, message: str, rows, advice: Optional[str]) -> Judgement:
    return Judgement(verdict, message, tuple(rows), _arithmetic(m), _tolerance(m),
                     uncertain(m.claim, t, list(m.notes), [m.best.row]), advice)  # fmt: skip


def _of(m: Level, t: Topic) -> Judgement:
    advice = None if m.verdict == "supported" else msg.t("SR001.advice", source=m.best.row.source)
    return _judgement(m, t, m.verdict, _message(m), [x.row for x in m.compared], advice)


def _at(c: Claim, t: Topic, rows: list[SourceRow], basis: str) -> Optional[Level]:
    hit, notes = rows_at(rows, basis, c.period, c.period_guessed)
    return _level(c, t, hit, basis, notes) if hit else None


def judge_level(c: Claim, t: Topic) -> Optional[Judgement]:
    """The claim against the rows of the first basis it can be checked against that has its period."""
    rows = level_rows(c, t)
    if not rows:
        return None
    first = next((m for m in (_at(c, t, rows, b) for b in bases_for(c)) if m), None)
    if first is None:
        return _other_basis_only(c, t, rows)
    if first.verdict != "contradicted":
        return _of(first, t)
    for basis in BASES:  # contradicts the actual but equals the estimate (or the other way round): swapped?
        alt = None if basis == first.basis else _at(c, t, rows, basis)
        if alt and alt.verdict == "supported":
            r0, r1 = first.best.row, alt.best.row
            b0, b1 = msg.t(f"basis.{r0.basis}"), msg.t(f"basis.{r1.basis}")
            text = msg.t("SR001.swapped", figure=show(c), basis0=b0, pub0=_pub(c, first.best), cite0=cite(r0),
                         basis1=b1, pub1=_pub(c, alt.best), cite1=cite(r1))
            advice = msg.t("SR001.advice_swapped", basis0=b0, basis1=b1)
            return _judgement(alt, t, "needs-review", text, [r1, r0], advice)
    return _of(first, t)


def _other_basis_only(c: Claim, t: Topic, rows: list[SourceRow]) -> Judgement:
    """No row of the kind the claim is; a row of another kind (an estimate for a plain figure) may still say something."""
    for basis in ("guidance", "estimate", "actual"):
        hit, notes = rows_at(rows, basis, c.period, c.period_guessed)
        if not hit:
            continue
        m = _level(c, t, hit, basis, notes)
        word = msg.t(f"basis.{basis}")
        if m.verdict == "supported":
            text = msg.t("SR001.other_basis", agrees=_agrees(m), basis=word, period=msg.period(c.period))
            advice = msg.t("SR001.advice_other_basis", basis=word)
            return _judgement(m, t, "needs-review", text, [x.row for x in m.compared], advice)
        only = msg.t("SR001.only_basis", basis=word, period=msg.period(c.period), pub=_pub(c, m.best), cite=cite(m.best.row))
        return unverifiable(c, t, rows, t.name(None), also=only)
    return unverifiable(c, t, rows, t.name(None))

"""Which rows decide a claim: entity and metric, kind of figure, period.

Selection narrows a claim's rows the way an editor would: the same entity
and metric (through the alias lexicons, then rapidfuzz), the same kind of
figure (an actual, an analysts' estimate, the company's guidance; a level
or a change), the same period. Every step that is not exact is noted, so a
verdict built on a fuzzy name or a guessed period says so.

``judge.py`` and the SR rules use these helpers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verifier import messages as msg
from verifier.models import Claim
from verifier.sources.index import SourceIndex
from verifier.sources.periods import equivalent_periods
from verifier.sources.table import SourceRow

__all__ = ["Topic", "at_period", "bases_for", "factor", "most_precise", "topic"]

_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_PLAIN_UNITS = {"percent", "percentage_point", "times", "ratio", "dimensionless"}


@dataclass
class Topic:
    """A claim's entity and metric as the tables name them, with all their rows."""

    entity: str
    metric: str
    rows: list[SourceRow]
    notes: list[str] = field(default_factory=list)

    def name(self, period: str | None, basis: str = "actual") -> str:
        """``Amazon capex for 2026, guidance`` / ``亞馬遜2026年資本支出財測``, in the message language."""
        return msg.topic(self.entity, self.metric, period_label=period, kind=None if basis == "actual" else f"basis_{basis}")


def topic(index: SourceIndex, c: Claim) -> Topic | None:
    """The claim's rows, or None when no table has its entity and metric (nothing to say)."""
    if index is None or not c.entity or not c.metric:
        return None
    if c.period and c.period.endswith("@base"):
        return None  # the level a move started from, at a time the article does not name
    entity, es = index.resolve_entity(c.entity)
    from verifier.claims.naming import qualified_metric

    metric, ms = index.resolve_metric(qualified_metric(c.metric, c.subject))
    if not entity or not metric:
        return None
    rows = index.rows(entity, metric)
    if not rows:
        return None
    notes = []
    if es < 100:
        notes.append(msg.t("source.fuzzy_entity", claim=msg.entity(c.entity), table=msg.entity(entity), score=f"{es:.0f}"))
    if ms < 100:
        notes.append(msg.t("source.fuzzy_metric", claim=msg.metric(c.metric), table=msg.metric(metric), score=f"{ms:.0f}"))
    return Topic(entity, metric, rows, notes)


def bases_for(c: Claim) -> list[str]:
    """Kinds of row a claim can be checked against, best first."""
    if c.kind == "estimate":
        return ["estimate"]
    if c.kind == "guidance" or c.forecast:
        return ["guidance", "actual", "estimate"]  # a market forecast meets the forecasters' rows last
    return ["actual", "guidance"]


def factor(row_unit: str, claim_unit: str) -> float | None:
    """Multiply a row's base value by this to reach the claim's unit; None when they do not compare."""
    if row_unit == claim_unit:
        return 1.0
    if {row_unit, claim_unit} & _PLAIN_UNITS or "/share" in row_unit + claim_unit:
        return None
    from verifier.normalise import convert

    try:
        return convert(1.0, row_unit, claim_unit)
    except ValueError:
        return None


def _within(date: str, period: str) -> bool:
    m = _DATE.match(date)
    if not m:
        return False
    y, mo = m.group(1), int(m.group(2))
    if period == y:
        return True
    if period.startswith(y + "-Q"):
        return (mo - 1) // 3 + 1 == int(period[-1])
    if period.startswith(y + "-H"):
        return (mo - 1) // 6 + 1 == int(period[-1])
    return period == f"{y}-{mo:02d}"


def at_period(rows: list[SourceRow], period: str | None, guessed: bool = False) -> tuple[list[SourceRow], list[str]]:
    """Rows for ``period``, and notes when the match is not exact."""
    if not period:
        return [], []
    exact = [r for r in rows if r.period == period]
    if exact:
        return exact, []
    for eq in equivalent_periods(period):
        hit = [r for r in rows if r.period == eq]
        if hit:
            return hit, [msg.t("source.fiscal_year", period=msg.period(period), table=msg.period(eq))]
    if guessed:
        inside = [r for r in rows if _within(r.period, period)]
        if inside:
            days = msg.join((msg.period(p) for p in sorted({r.period for r in inside})), "sep.figures")
            return inside, [msg.t("source.within_guessed", days=days, period=msg.period(period))]
    return [], []


def most_precise(rows: list[SourceRow]) -> SourceRow:
    """The row printed with the most digits (``213,386`` USD m over ``213.4`` USD bn)."""
    return min(rows, key=lambda r: (r.hi - r.lo) / max(abs(r.value), 1e-12))

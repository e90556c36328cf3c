"""Which rows a source rule weighs for a claim: levels, published changes, the two periods of a change.

The rules decide (SR001 a level, SR002 a change, SR003 a beat or miss, in
``verifier/check/rules``); this module only picks rows. Every pick returns
the notes of what was not exact (a fiscal year read as the calendar year,
days taken as inside a guessed period), for the rule's "uncertain" list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from verifier.models import Claim
from verifier.sources.match import Topic, at_period, bases_for, factor
from verifier.sources.periods import base_period
from verifier.sources.table import SourceRow

__all__ = ["Pair", "comparison_rows", "level_rows", "pair_rows", "published_change_rows", "rows_at"]


def level_rows(c: Claim, t: Topic) -> list[SourceRow]:
    """The topic's level rows (not change rows) in a unit the claim's figure compares with."""
    return [r for r in t.rows if not r.change and factor(r.unit, c.quantity.unit) is not None]


def rows_at(rows: list[SourceRow], basis: str, period: Optional[str], guessed: bool = False) -> tuple[list[SourceRow], list[str]]:
    """Rows of one basis (actual, estimate, guidance) for a period, with notes."""
    return at_period([r for r in rows if r.basis == basis], period, guessed)


def published_change_rows(t: Topic, key: Optional[str], unit: str) -> list[SourceRow]:
    """Rows publishing a change of kind ``key`` (yoy, qoq, cagr, vs-estimate, move) in ``unit``."""
    return [r for r in t.rows if key and r.change == key and factor(r.unit, unit) is not None]


@dataclass(frozen=True)
class Pair:
    """The level rows a change runs between: the claim's period now, its base then."""

    current: tuple[SourceRow, ...]
    base: tuple[SourceRow, ...]
    notes: tuple[str, ...]


def pair_rows(c: Claim, t: Topic, how: str, subject: str) -> Optional[Pair]:
    """Level rows for a change computed from two figures (``subject`` basis now), or None when either is missing."""
    levels = [r for r in t.rows if not r.change]
    cur, notes = rows_at(levels, subject, c.period, c.period_guessed)
    if how in ("vs-estimate", "gap"):
        base, more = rows_at(levels, "estimate", c.period, c.period_guessed)
    else:
        label = c.base_period or (base_period(c.period, how) if c.period else None)
        if not label:
            return None
        base, more = rows_at(levels, "actual", label)
        if not base and subject != "actual":  # a forecast's base may itself be forecast (Gartner's 2025 and 2026)
            base, more = rows_at(levels, subject, label)
    if not cur or not base:
        return None
    return Pair(tuple(cur), tuple(base), tuple(notes + more))


@dataclass(frozen=True)
class Sides:
    """The rows a beat or miss is decided by: the published actual (or guidance) and estimate nearest the claim's."""

    subject: SourceRow
    estimate: SourceRow
    notes: tuple[str, ...]


def comparison_rows(c: Claim, target: Claim, t: Topic) -> Optional[Sides]:
    levels = level_rows(c, t)
    subject, notes = [], []
    for b in [x for x in bases_for(c) if x != "estimate"]:
        subject, notes = rows_at(levels, b, c.period, c.period_guessed)
        if subject:
            break
    est, more = rows_at(levels, "estimate", target.period or c.period, target.period_guessed)
    if not subject or not est or target.kind != "estimate":
        return None
    s = min(subject, key=lambda r: abs(r.value - c.quantity.value))
    e = min(est, key=lambda r: abs(r.value - target.quantity.value))
    return Sides(s, e, tuple(notes + more))

"""What a source rule reports about one claim, as a typed value built once.

A ``Judgement`` is frozen: a rule decides its verdict, the rows behind it,
the arithmetic, the tolerance and what was uncertain, and composes the
message from them in one place; nothing edits a judgement afterwards.
``unverifiable`` and ``uncertain`` are the parts SR001 and SR002 share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from verifier.models import Claim, Verdict
from verifier.sources.figures import row_evidence, show
from verifier.sources.match import Topic
from verifier.sources.table import SourceRow

__all__ = ["RANK", "Judgement", "uncertain", "unverifiable"]

RANK = {"supported": 0, "needs-review": 1, "contradicted": 2}  # best first, when several rows or ways decide


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    message: str
    rows: tuple[SourceRow, ...] = ()  # the deciding row first
    arithmetic: Optional[str] = None
    tolerance: Optional[str] = None
    uncertain: tuple[str, ...] = ()
    advice: Optional[str] = None
    extra: dict = field(default_factory=dict)

    @property
    def severity(self) -> str:
        if self.verdict == "contradicted":
            return "warning" if self.uncertain else "error"
        return "warning" if self.verdict == "needs-review" else "info"

    def full_message(self) -> str:
        if not self.uncertain:
            return self.message
        return f"{self.message} Uncertain match: {'; '.join(self.uncertain)}."

    def evidence(self) -> dict:
        ev: dict = {}
        if self.rows:
            ev["source"] = row_evidence(self.rows[0])
            ev["rows"] = [row_evidence(r) for r in self.rows]
        for k in ("arithmetic", "tolerance"):
            if getattr(self, k):
                ev[k] = getattr(self, k)
        if self.uncertain:
            ev["uncertain"] = list(self.uncertain)
        ev.update(self.extra)
        return ev


def uncertain(c: Claim, t: Topic, notes: list[str], rows, read_as: Optional[str] = None) -> tuple[str, ...]:
    """What was not exact in matching ``c`` to ``rows``: fuzzy names, period equivalences, guesses, the rows' own notes."""
    out = list(t.notes) + list(notes)
    if c.period_guessed and c.period:
        out.append(f"the claim's period {c.period} was guessed from context")
    for r in rows:
        out.extend(x for x in r.uncertain if x not in out)
    if read_as:
        out.append(read_as)
    return tuple(out)


def unverifiable(c: Claim, t: Topic, rows: list[SourceRow], what: str, also: str = "") -> Judgement:
    """The tables have the claim's entity and metric but nothing for its period; ``also`` adds what they do have."""
    periods = sorted({r.period for r in rows})
    listed = ", ".join(periods[:8]) + (", …" if len(periods) > 8 else "")
    if c.period:
        msg = f"No published {what} for {c.period} in the source tables; they have it for {listed}."
    else:
        msg = f"{show(c)} has no period, so the published {what} ({listed}) cannot be matched to it."
    return Judgement(
        "unverifiable", msg + also, uncertain=tuple(t.notes), extra={"periods": periods, "files": sorted({r.file for r in rows})},
        advice="Add the published figure with its source to a table under sources/, or state the period in the article.",
    )  # fmt: skip

"""What a source rule reports about one claim, as a typed value built once.

A ``Judgement`` is frozen: a rule decides its verdict, the rows behind it,
the arithmetic, the tolerance and what was uncertain, and composes the
message from them in one place; nothing edits a judgement afterwards.
``unverifiable`` and ``uncertain`` are the parts SR001 and SR002 share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from verifier import messages as msg
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
        return self.message + msg.t("sep.sentence") + msg.t("source.uncertain", notes=msg.join(self.uncertain))

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
        out.append(msg.t("source.period_guessed", period=msg.period(c.period)))
    for r in rows:
        out.extend(x for x in r.uncertain if x not in out)
    if read_as:
        out.append(read_as)
    return tuple(out)


def unverifiable(c: Claim, t: Topic, rows: list[SourceRow], what: str, also: str = "") -> Judgement:
    """The tables have the claim's entity and metric but nothing for its period; ``also`` adds what they do have."""
    periods = sorted({r.period for r in rows})
    listed = msg.join((msg.period(p) for p in periods[:8]), "sep.figures") + (msg.t("sep.figures") + "…" if len(periods) > 8 else "")
    if c.period:
        text = msg.t("source.none_for_period", what=what, period=msg.period(c.period), listed=listed)
    else:
        text = msg.t("source.no_period", figure=show(c), what=what, listed=listed)
    return Judgement(
        "unverifiable", text + also, uncertain=tuple(t.notes), extra={"periods": periods, "files": sorted({r.file for r in rows})},
        advice=msg.t("source.advice_add"),
    )  # fmt: skip

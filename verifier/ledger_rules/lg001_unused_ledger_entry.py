"""A claims/ ledger entry must still match a finding of the article.

What it checks: after the article's findings are matched with its ledger
(``claims/<article-stem>.yaml``, written by ``verify --update-ledger``),
every entry of a rule that ran this time and matches no current finding
is reported, at its line in the ledger. Entries of rules left out with
``--select`` or ``--ignore`` are neither reported nor dropped. Like ruff's
unused ``noqa`` (RUF100).

Decisions: ``open`` (still fails the gate), ``accepted`` (the figure is
right as printed), ``dismissed`` (the finding is wrong) and ``confirmed``
(the finding is right, the figure wrong as printed; published by
``--format claimreview``); each but ``open`` needs a reason.

Why it matters: an entry outlives the sentence it was written for. When
the figure or the words beside it change, the editor's decision no longer
applies to anything; a stale ``accepted`` entry hides nothing today but
reads as if the article had been reviewed, and the ledger fills up with
decisions nobody can trace.

Example: ``claims/story.yaml`` accepts AR001 on ``13%``; the writer changes
the sentence to ``14%``. The old entry matches no finding:
``LG001 unused-ledger-entry claims/story.yaml:7: Ledger entry for AR001 on
13% (accepted) matches no finding in story.txt.``

How to fix: run ``verify --update-ledger`` to drop entries that match
nothing (decisions that still match are kept), then review the new
finding for the changed figure.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check.registry import rule
from verifier.ledger_rules import LedgerContext, LedgerFinding


@rule("LG001")
def check(ctx: LedgerContext):
    for e in ctx.unused:
        figures = msg.join(e.figures, "sep.figures") or msg.t("LG001.no_figures")
        yield LedgerFinding(
            message=msg.t("LG001.message", rule=e.rule, figures=figures, decision=msg.t(f"decision.{e.decision}") if msg.has(f"decision.{e.decision}") else e.decision, article=ctx.article),
            advice=msg.t("LG001.advice"),
            file=ctx.ledger or "",
            line=e.line,
            fingerprint=e.fingerprint,
            entry=e,
            evidence={"rule": e.rule, "figures": list(e.figures), "decision": e.decision, "reason": e.reason},
        )

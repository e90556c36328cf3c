"""The ledger stage's rules: they run once findings are matched with the claims/ ledger.

A check rule looks at an article; a ledger rule looks at what the ledger
says about the article's findings, e.g. an entry that matches none of them
(LG001). Its findings are located in the ledger file, not in the article,
so they are ``LedgerFinding`` values rather than ``Finding`` models; every
report format shows them with the code, name and severity the codes table
gives, like any other finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional

from verifier.ledger import Entry

__all__ = ["LedgerContext", "LedgerFinding", "run_ledger_rules"]


@dataclass(frozen=True)
class LedgerContext:
    article: str  # the article's path as reports show it
    ledger: Optional[str]  # the ledger file's path as reports show it; None when there is none
    unused: tuple[Entry, ...] = ()  # entries of rules that ran which match no current finding


@dataclass(frozen=True)
class LedgerFinding:
    """A finding about a ledger entry, at a line of the ledger file."""

    message: str
    file: str
    line: Optional[int]
    fingerprint: str  # the entry's, so the finding keeps its identity across runs
    entry: Entry
    advice: Optional[str] = None
    severity: str = ""  # "": the rule's default severity from the codes table
    rule: str = ""  # code and name are filled in from the codes table by run_ledger_rules
    name: str = ""
    evidence: dict = field(default_factory=dict)


def run_ledger_rules(ctx: LedgerContext, active: Callable[[str], bool] = lambda code: True,
                     severity: Optional[dict[str, str]] = None) -> list[LedgerFinding]:
    """Findings of every ledger-stage rule that is selected, in ledger order; ``severity`` overrides per code."""
    from verifier.check.registry import all_rules

    out = []
    for r in all_rules("ledger"):
        if active(r.code):
            level = (severity or {}).get(r.code)
            out += [replace(f, rule=r.code, name=r.name, severity=level or f.severity or r.severity) for f in r.func(ctx)]
    return sorted(out, key=lambda f: (f.file, f.line or 0, f.rule))

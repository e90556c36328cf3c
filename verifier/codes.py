"""Every rule verify has, listed once: code, name, default severity, status, stage, module.

This table is the only place a rule is declared (in the spirit of ruff's
``codes.rs``). The command line, the config, the ledger and every report
format read it; none of them names a code itself. A rule's behaviour and
its documentation live in the module named here, whose docstring has the
sections What it checks / Why it matters / Example / How to fix.

* ``stage``: ``check`` rules run on an article's claims (``run_checks``); ``batch`` rules compare the articles of a run (``check.across``);
  ``ledger`` rules run after findings are matched with the claims/ ledger.
* ``status``: ``stable``; ``preview`` (runs only when selected by its code
  or name, not by a prefix or ``ALL``); ``deprecated`` (still runs, and
  ``--list-checks`` says so).
* Codes are never reused. A removed or renamed code stays in ``REDIRECTS``
  (old → new code), so a ``--select``, a setting or a ledger entry naming
  the old code keeps working, and verify says it was renamed.

Nothing here imports a rule: modules load on first use, and always all of
the stage's modules, whatever was imported before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

__all__ = ["CODES", "REDIRECTS", "STAGES", "STATUSES", "Code", "by_code", "redirect"]

STAGES = ("check", "ledger", "batch")
STATUSES = ("stable", "preview", "deprecated")


@dataclass(frozen=True)
class Code:
    code: str
    name: str  # kebab-case, stable like the code
    severity: str  # default severity of a finding that fails; a rule may report lower
    status: str
    stage: str
    module: str  # dotted path of the module that implements it
    needs_sources: bool = False  # checks claims against source tables: nothing to do without one


_C = "verifier.check.rules."

CODES: tuple[Code, ...] = (
    # AR: arithmetic inside the article
    Code("AR001", "change-rate", "error", "stable", "check", _C + "ar001_change_rate"),
    Code("AR002", "percentage-points", "error", "stable", "check", _C + "ar002_percentage_points"),
    Code("AR003", "range-midpoint", "error", "stable", "check", _C + "ar003_range_midpoint"),
    Code("AR004", "parts-total", "error", "stable", "check", _C + "ar004_parts_total"),
    Code("AR005", "share-ratio", "error", "stable", "check", _C + "ar005_share_ratio"),
    Code("AR006", "cagr", "error", "stable", "check", _C + "ar006_cagr"),
    Code("AR007", "beat-miss", "error", "stable", "check", _C + "ar007_beat_miss"),
    Code("AR008", "multiple-fraction", "error", "stable", "check", _C + "ar008_multiple_fraction"),
    Code("AR009", "price-move", "error", "stable", "check", _C + "ar009_price_move"),
    Code("AR010", "comparison-gap", "error", "stable", "check", _C + "ar010_comparison_gap"),
    Code("AR011", "change-amount", "error", "stable", "check", _C + "ar011_change_amount"),
    Code("AR012", "balance", "error", "stable", "check", _C + "ar012_balance"),
    Code("AR013", "table-subtotal", "error", "stable", "check", _C + "ar013_table_subtotal"),
    Code("AR014", "daily-average", "error", "stable", "check", _C + "ar014_daily_average"),
    Code("AR015", "conversion-rate", "warning", "stable", "check", _C + "ar015_conversion_rate"),
    # CN: consistency between figures of the article
    Code("CN001", "conflicting-values", "error", "stable", "check", _C + "cn001_conflicting_values"),
    Code("CN002", "scale-mismatch", "warning", "stable", "check", _C + "cn002_scale_mismatch"),
    Code("CN003", "cross-article-conflict", "error", "stable", "batch", _C + "cn003_cross_article_conflict"),
    # EX: what extraction could not represent
    Code("EX001", "unrepresentable-figure", "info", "stable", "check", _C + "ex001_unrepresentable_figure"),
    # SC: sourcing
    Code("SC001", "unattributed-forecast", "info", "stable", "check", _C + "sc001_unattributed_forecast"),
    # SR: against the source tables
    Code("SR001", "source-figure", "error", "stable", "check", _C + "sr001_source_figure", needs_sources=True),
    Code("SR002", "source-change", "error", "stable", "check", _C + "sr002_source_change", needs_sources=True),
    Code("SR003", "source-beat-miss", "error", "stable", "check", _C + "sr003_source_beat_miss", needs_sources=True),
    # LG: the claims/ ledger
    Code("LG001", "unused-ledger-entry", "warning", "stable", "ledger", "verifier.ledger_rules.lg001_unused_ledger_entry"),
)

# Old code → the code that replaced it. Never delete a line: ledgers and CI settings outlive releases.
REDIRECTS: dict[str, str] = {}

def by_code(code: str) -> Optional[Code]:
    return next((c for c in CODES if c.code == code), None)


def redirect(code: str) -> Optional[str]:
    """The current code for a removed or renamed one (following chains), or None."""
    seen = set()
    while code in REDIRECTS and code not in seen:
        seen.add(code)
        code = REDIRECTS[code]
    return code if seen else None

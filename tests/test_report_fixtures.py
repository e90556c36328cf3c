"""Shared fixtures for the report tests: a hand-made result and stand-in rules.

The report layer is tested apart from the checks: ``golden_report`` builds a
Result with hand-made claims and findings on a fixture article, and
``fake_rules`` swaps the rule table for three rules with fixed behaviour
(USD figures are errors, percentages warnings, bare counts notes), so exit
codes and the ledger can be tested end to end while real rules change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.check import registry
from verifier.models import Claim, Finding, Quantity
from verifier.pipeline import Result
from verifier.read import read_article
from verifier.report.view import ArticleReport, display_path

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"


def _fake_rule(code, name, severity, verdict, pick, doc):
    def func(ctx):
        for c in ctx.claims:
            if pick(c):
                yield Finding(rule=code, severity=severity, verdict=verdict, message=f"{name} on {c.quantity.text}",
                              spans=(c.quantity.span,), claims=(c.id,),
                              evidence={"arithmetic": f"{c.quantity.text} = {c.quantity.value:g} {c.quantity.unit}"})

    func.__module__ = "verifier.check.rules.fake"
    return registry.Rule(code, name, severity, doc.splitlines()[0], doc, func)


FAKE_RULES = {
    r.code: r
    for r in (
        _fake_rule("ZZ001", "money-flag", "error", "contradicted", lambda c: c.quantity.unit == "USD",
                   "Every US dollar amount is flagged (a stand-in rule for tests).\n\nWhat it checks: nothing real."),
        _fake_rule("ZZ002", "percent-flag", "warning", "needs-review", lambda c: c.quantity.unit == "percent",
                   "Every percentage is flagged for review (a stand-in rule for tests)."),
        _fake_rule("ZZ003", "count-note", "info", "unverifiable", lambda c: c.kind == "count",
                   "Every bare count gets a note (a stand-in rule for tests)."),
    )
}


@pytest.fixture
def fake_rules():
    """The fake check rules, with the real ledger-stage rules (LG001 reports stale entries)."""
    with registry.replaced([*FAKE_RULES.values(), *registry.all_rules("ledger")]):
        yield FAKE_RULES


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty folder, so reports/ and claims/ land there and no config is found."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _q(text: str, needle: str, value: float, unit: str, kind: str, nth: int = 0, rel: float = 0.005, **kw) -> Quantity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Quantity(start=start, end=start + len(needle), text=needle, value=value, unit=unit, kind=kind,
                    lo=value * (1 - rel), hi=value * (1 + rel), precision=value * rel, **kw)


def golden_result(path: Path | str = FIXTURES / "golden.txt") -> Result:
    """The fixture article with hand-made claims and one finding of each kind."""
    art = read_article(path)
    t = art.text
    claims = [
        Claim(id="c1", quantity=_q(t, "14%", 14.0, "percent", "percent"), kind="change", entity="Amazon", metric="revenue", period="2025-Q4"),
        Claim(id="c2", quantity=_q(t, "$213.4 billion", 213.4e9, "USD", "amount"), kind="amount", entity="Amazon", metric="revenue", period="2025-Q4"),
        Claim(id="c3", quantity=_q(t, "$211.3 billion", 211.3e9, "USD", "amount"), kind="estimate", entity="Amazon", metric="revenue", period="2025-Q4"),
        Claim(id="c4", quantity=_q(t, "355.8億美元", 35.58e9, "USD", "amount"), kind="amount", entity="AWS", metric="revenue", period="2025-Q4"),
        Claim(id="c5", quantity=_q(t, "24%", 24.0, "percent", "percent"), kind="change", entity="AWS", metric="revenue", period="2025-Q4"),
        Claim(id="c6", quantity=_q(t, "about $200 billion", 200e9, "USD", "amount", rel=0.05, hedge="approx"), kind="guidance", entity="Amazon", metric="capex", period="2026", forecast=True),
    ]
    cl = {c.id: c for c in claims}
    findings = [
        Finding(id="f1", rule="AR007", name="beat-miss", severity="info", verdict="supported",
                message="$213.4 billion is above $211.3 billion, as 'beating' says.",
                spans=(cl["c2"].quantity.span, cl["c3"].quantity.span), claims=("c2", "c3"),
                evidence={"formula": "beat: actual > estimate", "arithmetic": "$213.4 billion − $211.3 billion = +2.1 billion USD",
                          "inputs": {"actual": "c2", "estimate": "c3"}, "computed": 2.1e9, "tolerance": "±0.05 billion each"}),
        Finding(id="f2", rule="SR001", name="source-mismatch", severity="error", verdict="contradicted",
                message="355.8億美元 is 35.58 billion USD; the source says 35.6 billion USD.",
                spans=(cl["c4"].quantity.span,), claims=("c4",),
                evidence={"arithmetic": "35.58 billion vs 35.6 billion: off by 0.02 billion, outside ±0.005 billion",
                          "tolerance": "printed precision ±0.05 億", "source": {
                              "file": "sources/amazon.csv", "row": 4, "source": "Amazon Q4 2025 results",
                              "quote": "AWS segment sales increased 24% year-over-year to $35.6 billion",
                              "url": "https://ir.aboutamazon.com/news-release/2026/q4", "published": "2026-02-05"}},
                advice="Check the figure against the release."),
        Finding(id="f3", rule="AR001", name="change-rate", severity="warning", verdict="needs-review",
                message="24% growth cannot be checked: no figure for 2024-Q4.",
                spans=(cl["c5"].quantity.span,), claims=("c5",), evidence={"inputs": ["c4", "c5"]}),
        Finding(id="f4", rule="SC001", name="unattributed-forecast", severity="info", verdict="unverifiable",
                message="Forecast with no named source: about $200 billion.",
                spans=(cl["c6"].quantity.span,), claims=("c6",), evidence={"sentence": "Capital spending will reach about $200 billion in 2026."}),
    ]
    return Result(article=art, extraction=None, claims=claims, findings=findings)


def golden_report(**kw) -> ArticleReport:
    return ArticleReport(golden_result(), **kw)


def test_golden_result_offsets_match_the_article():
    r = golden_result()
    for c in r.claims:
        assert r.article.text[c.start : c.end] == c.quantity.text


def ledger_report(r: Result, unused: list, ledger_path: str, **kw) -> ArticleReport:
    """An ArticleReport whose ledger has ``unused`` entries, reported by the ledger stage's rules."""
    from verifier.ledger_rules import LedgerContext, run_ledger_rules

    found = run_ledger_rules(LedgerContext(display_path(r.article.path), ledger_path, tuple(unused)))
    return ArticleReport(r, unused=list(unused), ledger_path=ledger_path, ledger_findings=found, **kw)

"""The terminal summary: findings in article order with their evidence, ledger state, no colour off a TTY."""

from __future__ import annotations

import io

from test_report_fixtures import golden_result, ledger_report
from verifier.ledger import Entry, fingerprints
from verifier.report.terminal import console, render
from verifier.report.view import ArticleReport


class TTY(io.StringIO):
    def isatty(self):
        return True


def text(rep, **kw) -> str:
    buf = io.StringIO()
    render([rep], file=buf, **kw)
    return buf.getvalue()


def test_findings_in_article_order_with_their_evidence():
    out = text(ArticleReport(golden_result()), show_figures=False)
    rules = [line.split()[1] for line in out.splitlines() if line.startswith("  ") and line.split()[0] in ("error", "warning", "info")]
    assert rules == ["AR007", "SR001", "AR001", "SC001"]
    for needle in ("2:13: 355.8億美元 is 35.58 billion USD", "off by 0.02 billion", "tolerance: printed precision",
                   "source: sources/amazon.csv row 4: Amazon Q4 2025 results", "https://ir.aboutamazon.com/news-release/2026/q4",
                   "advice: Check the figure", "sentence: Capital spending", "(fails the gate)"):
        assert needle in out, needle
    assert "\x1b[" not in out


def test_reviewed_and_unused_ledger_entries_are_shown():
    r = golden_result()
    fps = fingerprints(r)
    rep = ledger_report(r, [Entry("AR001:x", "AR001", "open", "", ("13%",), line=7)], "claims/golden.yaml",
                        reviews={"f2": Entry(fps["f2"], "SR001", "accepted", "Rounded in the release.")})
    out = text(rep)
    assert "(accepted: Rounded in the release.)" in out
    assert "LG001 unused-ledger-entry claims/golden.yaml:7: Ledger entry for AR001 on 13% (open) matches no finding" in out
    assert "advice: Run verify --update-ledger to drop it." in out


def test_controls_and_markup_in_the_article_are_shown_safely():
    r = golden_result()
    r.findings = [r.findings[1].model_copy(update={"message": "[bold]x[/bold] \u202eevil"})]
    out = text(ArticleReport(r), show_figures=False)
    assert "[bold]x[/bold] <U+202E>evil" in out


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert console(TTY()).no_color is False
    assert console(io.StringIO()).no_color is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert console(TTY()).no_color is True


def test_findings_that_hold_take_one_line_unless_verbose():
    from pathlib import Path

    from verifier.pipeline import run

    r = run(Path(__file__).parent / "fixtures" / "rules" / ".." / "articles" / "en-nvidia-consistent.txt")
    short, full = text(ArticleReport(r), show_figures=False), text(ArticleReport(r), show_figures=False, verbose=True)
    held = [line for line in short.splitlines() if "(supported)" in line]
    assert held and "formula: rate = new / base − 1" not in short
    assert "formula: rate = new / base − 1" in full

"""The terminal report, like ruff and Vale: errors first, one clickable line per finding,
the source line with a caret, the arithmetic indented, and a count of what held."""

from __future__ import annotations

import io
import os
import re

import pytest

from test_report_fixtures import GOLDEN, golden_result, ledger_report
from verifier.ledger import Entry, fingerprints
from verifier.report.terminal import console, parse_show, render
from verifier.report.view import ArticleReport

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class TTY(io.StringIO):
    def isatty(self):
        return True


def text(rep, file=None, **kw) -> str:
    buf = file or io.StringIO()
    render([rep], file=buf, **kw)
    return buf.getvalue()


@pytest.fixture
def plain_env(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _golden(name: str, out: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{name} changed; rerun with UPDATE_GOLDEN=1 if on purpose"


def test_plain_output_matches_the_golden_file(plain_env):
    _golden("golden.terminal.txt", text(ArticleReport(golden_result()), show=parse_show(["all"])))


def test_coloured_output_matches_the_golden_file(plain_env, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = text(ArticleReport(golden_result()))
    assert "\x1b[" in out
    _golden("golden.terminal.ansi", out)


def test_one_clickable_line_per_finding_then_the_source_line_with_a_caret(plain_env):
    lines = text(ArticleReport(golden_result())).splitlines()
    head = lines.index("tests/fixtures/reports/golden.txt:2:13: SR001 [error] 355.8億美元 is 35.58 billion USD; "
                       "the source says 35.6 billion USD. (fails the gate)")
    src, caret = lines[head + 1], lines[head + 2]
    assert src.endswith("| " + golden_result().article.text.splitlines()[1].rstrip())
    # the caret sits under the figure, counting a CJK character as two cells
    from rich.cells import cell_len

    start = src.index("| ") + 2
    before = src[start:].split("355.8億美元")[0]
    assert caret.index("^") == start + cell_len(before) and caret.count("^") == cell_len("355.8億美元")


def test_errors_first_and_only_errors_and_warnings_by_default(plain_env):
    out = text(ArticleReport(golden_result()))
    levels = re.findall(r"^\S+:\d+:\d+: \w+ \[(\w+)\]", out, re.M)
    assert levels == ["error", "warning"]
    assert "2 figures checked and consistent; -v to list them" in out
    assert "1 note not shown; --show info to list them" in out


def test_show_supported_lists_what_held(plain_env):
    out = text(ArticleReport(golden_result()), show=parse_show(["supported"]))
    assert re.findall(r"^\S+:\d+:\d+: (\w+) \[(\w+)\]", out, re.M) == [("AR007", "held")]


def test_no_internal_ids_or_unrounded_floats(plain_env):
    out = text(ArticleReport(golden_result()), show=parse_show(["all"]))
    assert "c2" not in out and "c3" not in out and "2100000000" not in out and "computed" not in out


def test_evidence_is_shown(plain_env):
    out = text(ArticleReport(golden_result()), show=parse_show(["all"]))
    for needle in ("off by 0.02 billion", "tolerance: printed precision", "source: sources/amazon.csv row 4: Amazon Q4 2025 results",
                   "https://ir.aboutamazon.com/news-release/2026/q4", "advice: Check the figure", "sentence: Capital spending"):
        assert needle in out, needle
    assert "\x1b[" not in out


def test_reviewed_and_unused_ledger_entries_are_shown(plain_env):
    r = golden_result()
    fps = fingerprints(r)
    rep = ledger_report(r, [Entry("AR001:x", "AR001", "open", "", ("13%",), line=7)], "claims/golden.yaml",
                        reviews={"f2": Entry(fps["f2"], "SR001", "accepted", "Rounded in the release.")})
    out = text(rep)
    assert "(accepted: Rounded in the release.)" in out
    assert "claims/golden.yaml:7:1: LG001 [warning] Ledger entry for AR001 on 13% (open) matches no finding" in out
    assert "1 error, 2 warnings" in out


def test_controls_and_markup_in_the_article_are_shown_safely(plain_env):
    r = golden_result()
    r.findings = [r.findings[1].model_copy(update={"message": "[bold]x[/bold] \u202eevil"})]
    out = text(ArticleReport(r))
    assert "[bold]x[/bold] <U+202E>evil" in out


def test_plurals(plain_env):
    r = golden_result()
    r.findings = [r.findings[1]]
    out = text(ArticleReport(r))
    assert "6 figures; 1 error\n" in out and "1 errors" not in out


def test_colour_follows_the_terminal_no_color_and_force_color(plain_env, monkeypatch):
    assert console(TTY()).no_color is False
    assert console(io.StringIO()).no_color is True
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert console(io.StringIO()).no_color is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert console(TTY()).no_color is True and console(io.StringIO()).no_color is True
    assert "\x1b[" not in text(ArticleReport(golden_result()), file=TTY())


def test_wraps_at_the_terminal_width(plain_env, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    out = ANSI.sub("", text(ArticleReport(golden_result()), file=TTY(), show=parse_show(["all"])))
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.splitlines()) <= 60
    # off a terminal nothing is wrapped, so grep and editors see whole lines
    assert any(len(line) > 60 for line in text(ArticleReport(golden_result())).splitlines())


def test_a_batch_ends_with_a_total_and_statistics(plain_env):
    buf = io.StringIO()
    render([ArticleReport(golden_result()), ArticleReport(golden_result())], file=buf, statistics=True)
    out = buf.getvalue()
    assert "Found 2 errors, 2 warnings in 2 of 2 articles (12 figures)." in out
    assert re.search(r"^\s+2\s+SR001\s+source-mismatch\s+\(2 errors\)$", out, re.M)


def test_quiet_prints_findings_only(plain_env):
    out = text(ArticleReport(golden_result()), quiet=True)
    assert "figures" not in out and "[error]" in out


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_the_report_speaks_the_chosen_language(plain_env, lang):
    out = text(ArticleReport(golden_result()), show=parse_show(["all"]), lang=lang)
    _golden(f"golden.terminal.{lang}.txt", out)
    assert "figures" not in out and "[error]" in out  # the bracket stays a token tools can match


def test_each_article_in_its_own_language_unless_told(plain_env):
    r = golden_result()
    r.article = r.article.model_copy(update={"language": "zh-Hant"})
    assert "個數字經檢查一致" in text(ArticleReport(r))
    assert "figures checked and consistent" in text(ArticleReport(r), lang="en")

"""``--format concise``: one line per error and warning, ``path:line:col: CODE [severity] message``, nothing else.

For editors' problem matchers and grep; the same first line as the terminal
report, with no source excerpt, colour or summary.
"""

from __future__ import annotations

from verifier.report.terminal import LEVELS, level
from verifier.report.view import ArticleReport, show_controls


def render(reports: list[ArticleReport]) -> str:
    return "".join(article_piece(rep) for rep in reports)


def article_piece(rep: ArticleReport) -> str:
    """One article's lines: a batch's text is its articles' one after another, so each is written as it comes."""
    lines = []
    found = sorted((f for f in rep.result.findings if level(f) in ("error", "warning")),
                   key=lambda f: (LEVELS.index(level(f)), rep.start(f), f.rule, f.id))
    for f in found:
        line, col = rep.position(rep.start(f))
        lines.append(f"{rep.path}:{line}:{col}: {f.rule} [{f.severity}] {show_controls(' '.join(f.message.split()))}")
    for lf in rep.ledger_findings:
        if lf.severity in ("error", "warning"):
            lines.append(f"{lf.file}:{lf.line or 1}:1: {lf.rule} [{lf.severity}] {show_controls(' '.join(lf.message.split()))}")
    return "".join(line + "\n" for line in lines)

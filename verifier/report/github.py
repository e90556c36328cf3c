"""GitHub Actions workflow commands: findings as annotations on the changed lines.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE name::message``.
Data escapes ``%``, CR and LF; property values also ``:`` and ``,``
(as the Actions toolkit's ``issueCommand`` does). Only errors and warnings
are annotated (notes and figures that hold would bury them), each on the one
line where it starts; a finding the claims/ ledger reviewed becomes a
``notice`` saying so, since it no longer fails the gate.
"""

from __future__ import annotations

from verifier.report.view import ArticleReport, show_controls

LEVEL = {"error": "error", "warning": "warning"}


def escape_data(s: str) -> str:
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    ps = ",".join(f"{k}={escape_property(show_controls(str(v)))}" for k, v in props.items() if v is not None)
    return f"::{level} {ps}::{escape_data(show_controls(message))}" if ps else f"::{level}::{escape_data(show_controls(message))}"


def render(reports: list[ArticleReport], fail_on: str = "error") -> str:
    lines = []
    for rep in reports:
        for f in rep.findings():
            if f.severity not in LEVEL:
                continue
            line, col = rep.position(rep.start(f))
            end_line, end_col = rep.position(rep.end(f))
            if end_line != line:  # one line of the article: up to the end of the start line
                end_line, end_col = line, rep.line_length(line) + 1
            msg = f.message
            arith = (f.evidence or {}).get("arithmetic")
            if arith:
                msg += f"\n{arith}"
            level = LEVEL[f.severity]
            entry = rep.review(f)
            if entry is not None and entry.reviewed:
                level, msg = "notice", f"{msg}\n{entry.decision} in {rep.ledger_path}: {entry.reason}"
            props = {"file": rep.path, "line": line, "col": col, "endLine": end_line, "endColumn": end_col}
            lines.append(command(level, msg, **props, title=show_controls(f"{f.rule} {f.name} ({f.verdict})")))
        for lf in rep.ledger_findings:
            msg = f"{lf.message}\n{lf.advice}" if lf.advice else lf.message
            lines.append(command(LEVEL[lf.severity], msg, file=lf.file, line=lf.line, title=show_controls(f"{lf.rule} {lf.name}")))
    return "".join(line + "\n" for line in lines)


def summary(reports: list[ArticleReport], fail_on: str = "error") -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: counts per article, then the contradicted figures."""
    from verifier.report.view import fails_gate

    rows, wrong = [], []
    for rep in reports:
        c = rep.counts()["severity"]
        gate = "fails" if rep.gating(fail_on) or rep.ledger_gating(fail_on) else "passes"
        rows.append(f"| `{_md(rep.path)}` | {len(rep.result.claims)} | {c['error']} | {c['warning']} | {gate} |")
        for f in rep.findings():
            if f.verdict == "contradicted" and fails_gate(f.severity, "warning"):
                line, _ = rep.position(rep.start(f))
                wrong.append(f"- `{_md(rep.path)}:{line}` **{f.rule}** {_md(show_controls(f.message))}")
    out = ["## verify", "", "| article | figures | errors | warnings | gate |", "|---|---:|---:|---:|---|", *rows, ""]
    if wrong:
        out += ["### Contradicted figures", "", *wrong, ""]
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    return str(s).replace("|", "\\|").replace("`", "'").replace("\n", " ")

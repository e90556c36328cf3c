"""GitHub Actions workflow commands: findings as annotations on the changed lines.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE name::message``.
Data escapes ``%``, CR and LF; property values also ``:`` and ``,``
(as the Actions toolkit's ``issueCommand`` does). Only errors and warnings
are annotated (notes and figures that hold would bury them), each on the one
line where it starts; a finding the claims/ ledger reviewed becomes a
``notice`` saying so, since it no longer fails the gate.
"""

from __future__ import annotations

from verifier.report.ui import words
from verifier.report.view import ArticleReport, show_controls

LEVEL = {"error": "error", "warning": "warning"}


def _words() -> dict:
    """The summary's and the notices' words (``data/ui/en.yaml``, section ``github``): English, as the Actions log is."""
    return words("en")["github"]


def escape_data(s: str) -> str:
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    ps = ",".join(f"{k}={escape_property(show_controls(str(v)))}" for k, v in props.items() if v is not None)
    return f"::{level} {ps}::{escape_data(show_controls(message))}" if ps else f"::{level}::{escape_data(show_controls(message))}"


def render(reports: list[ArticleReport], fail_on: str = "error") -> str:
    return "".join(_lines(rep) for rep in reports)


def _lines(rep: ArticleReport) -> str:
    """One article's commands; a batch's are its articles' one after another."""
    lines = []
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
            level, msg = "notice", f"{msg}\n" + _words()["reviewed"].format(decision=entry.decision, ledger=rep.ledger_path, reason=entry.reason)
        props = {"file": rep.path, "line": line, "col": col, "endLine": end_line, "endColumn": end_col}
        lines.append(command(level, msg, **props, title=show_controls(f"{f.rule} {f.name} ({f.verdict})")))
    for lf in rep.ledger_findings:
        msg = f"{lf.message}\n{lf.advice}" if lf.advice else lf.message
        lines.append(command(LEVEL[lf.severity], msg, file=lf.file, line=lf.line, title=show_controls(f"{lf.rule} {lf.name}")))
    return "".join(line + "\n" for line in lines)


def article_piece(rep: ArticleReport, fail_on: str = "error") -> tuple[str, str, str]:
    """A batch's part of one article: its commands, and its job-summary row and contradicted lines."""
    return (_lines(rep), *_summary_part(rep, fail_on))


def _summary_part(rep: ArticleReport, fail_on: str) -> tuple[str, str]:
    from verifier.report.view import fails_gate

    c = rep.counts()["severity"]
    gate = _words()["gate_fails" if rep.gating(fail_on) or rep.ledger_gating(fail_on) else "gate_passes"]
    row = f"| `{_md(rep.path)}` | {len(rep.result.claims)} | {c['error']} | {c['warning']} | {gate} |\n"
    wrong = []
    for f in rep.findings():
        if f.verdict == "contradicted" and fails_gate(f.severity, "warning"):
            line, _ = rep.position(rep.start(f))
            wrong.append(f"- `{_md(rep.path)}:{line}` **{f.rule}** {_md(show_controls(f.message))}\n")
    return row, "".join(wrong)


def _summary_head() -> str:
    w = _words()
    return f"## {w['title']}\n\n| " + " | ".join(w["columns"]) + " |\n|---|---:|---:|---:|---|\n"


def _wrong_head() -> str:
    return f"\n### {_words()['contradicted']}\n\n"


def summary(reports: list[ArticleReport], fail_on: str = "error") -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: counts per article, then the contradicted figures."""
    parts = [_summary_part(rep, fail_on) for rep in reports]
    wrong = "".join(w for _, w in parts)
    return _summary_head() + "".join(row for row, _ in parts) + (_wrong_head() + wrong if wrong else "") + "\n"


class BatchStream:
    """A batch's commands written as each article comes; the job summary's rows and contradicted
    lines (its table comes before them) spooled to two anonymous temporary files until ``close``."""

    def __init__(self, sink):
        import tempfile

        self.sink = sink
        self.rows, self.wrong = (tempfile.TemporaryFile("w+", encoding="utf-8", newline="") for _ in range(2))
        self.any_wrong = False

    def add(self, piece: tuple[str, str, str]) -> None:
        lines, row, wrong = piece
        self.sink.write(lines)
        self.rows.write(row)
        self.wrong.write(wrong)
        self.any_wrong = self.any_wrong or bool(wrong)

    def close(self, summary_path: str | None = None) -> None:
        """The commands committed; with ``summary_path``, the job summary appended to it."""
        self.sink.commit()
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as fh:
                fh.write(_summary_head())
                self._copy(self.rows, fh)
                if self.any_wrong:
                    fh.write(_wrong_head())
                    self._copy(self.wrong, fh)
                fh.write("\n")
        self.discard()

    @staticmethod
    def _copy(spool, fh) -> None:
        import shutil

        spool.seek(0)
        shutil.copyfileobj(spool, fh)

    def discard(self) -> None:
        self.sink.discard()
        self.rows.close()
        self.wrong.close()


def _md(s: str) -> str:
    return str(s).replace("|", "\\|").replace("`", "'").replace("\n", " ")

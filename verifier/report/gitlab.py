"""GitLab Code Quality (``--format gitlab``): a JSON list of issues a merge request shows inline.

Only errors and warnings, like the GitHub annotations: notes and figures that
hold would bury them. ``fingerprint`` is verify's content fingerprint, so an
issue keeps its identity while lines move; a finding the claims/ ledger
reviewed is left out, since it no longer fails anything.
"""

from __future__ import annotations

import hashlib
import json

from verifier.report.json_report import escape_controls
from verifier.report.view import ArticleReport, show_controls

SEVERITY = {"error": "major", "warning": "minor"}


def issues(reports: list[ArticleReport]) -> list[dict]:
    return [issue for rep in reports for issue in _issues(rep)]


def _issues(rep: ArticleReport) -> list[dict]:
    out = []
    for f in rep.findings():
        if f.severity not in SEVERITY or rep.is_reviewed(f):
            continue
        line, _ = rep.position(rep.start(f))
        out.append({
            "description": show_controls(f"{f.rule} {f.message}"),
            "check_name": f.rule,
            "fingerprint": _hash(f"{rep.path}:{rep.fingerprints[f.id]}"),
            "severity": SEVERITY[f.severity],
            "location": {"path": rep.path, "lines": {"begin": line}},
        })
    for lf in rep.ledger_findings:
        out.append({
            "description": show_controls(f"{lf.rule} {lf.message}"),
            "check_name": lf.rule,
            "fingerprint": _hash(f"{lf.file}:{lf.rule}:{lf.fingerprint}"),
            "severity": SEVERITY[lf.severity],
            "location": {"path": lf.file, "lines": {"begin": lf.line or 1}},
        })
    return out


def _hash(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()[:32]


def article_piece(rep: ArticleReport) -> list[str]:
    """One article's issues as they stand in the batch's list (one level's indent), so each is written as it comes."""
    return [escape_controls(json.dumps(i, ensure_ascii=False, indent=2).replace("\n", "\n  ")) for i in _issues(rep)]


def dumps(reports: list[ArticleReport]) -> str:
    from verifier.report.batch_out import json_list

    return json_list(item for rep in reports for item in article_piece(rep))

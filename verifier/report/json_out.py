"""The JSON report as the command line writes it: the DESIGN.md contract plus ledger facts.

``json_report.report_dict`` keeps the contract; this adds, without changing
any contract key, each finding's content ``fingerprint`` and its ledger
``review``, and a ``ledger`` block with entries that match no finding. The
shape is described by ``verifier/data/report.schema.json``.
"""

from __future__ import annotations

from verifier.report.json_report import Each, report_dict, strict_dumps
from verifier.report.view import ArticleReport


def article_dict(rep: ArticleReport) -> dict:
    d = report_dict(rep.result)

    def with_ledger(f: dict) -> dict:
        f["fingerprint"] = rep.fingerprints.get(f["id"], "")
        entry = rep.reviews.get(f["id"])
        if entry is not None:
            f["review"] = {"decision": entry.decision, "reason": entry.reason}
        return f

    d["findings"] = Each(with_ledger, d["findings"])
    d["article"]["path"] = rep.path
    if rep.ledger_path is not None:
        d["ledger"] = {
            "path": rep.ledger_path,
            "unused": [
                {"fingerprint": e.fingerprint, "rule": e.rule, "figures": list(e.figures), "decision": e.decision, "reason": e.reason}
                for e in rep.unused
            ],
        }
    return d


def dumps(reports: list[ArticleReport], cross: list[dict] | None = None) -> str:
    """One article: its report; several: ``{"reports": [...], "cross_article": [...]}`` (cross-article-conflict)."""
    data = article_dict(reports[0]) if len(reports) == 1 else {"reports": [article_dict(r) for r in reports]}
    if len(reports) > 1 and cross is not None:
        data["cross_article"] = cross
    return strict_dumps(data)

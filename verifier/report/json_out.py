"""The JSON report as the command line writes it: the DESIGN.md contract plus ledger facts.

``json_report.report_dict`` keeps the contract; this adds, without changing
any contract key, each finding's content ``fingerprint`` and its ledger
``review``, and a ``ledger`` block with entries that match no finding. The
shape is described by ``verifier/data/report.schema.json``.

A batch streams (``BatchStream``): each article's report is rendered where
it is checked, in a worker too (``article_piece``), written out as soon as
it is taken, and let go; only the brackets and ``cross_article`` wait for the
end. The text is what ``dumps`` gives for the whole batch, byte for byte.
"""

from __future__ import annotations

from typing import Callable, Optional

from verifier.report.json_report import Each, _pieces, report_dict, strict_dumps
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


_ITEM = "\n" + "  " * 2  # an article's report in a batch's "reports" list is indented two levels


def article_piece(rep: ArticleReport) -> str:
    """The article's report as it stands in a batch's ``reports`` list (at two levels' indent, no lead)."""
    return "".join(_pieces(article_dict(rep), 2, ""))


def single(piece: str) -> str:
    """``dumps([rep])`` from ``article_piece(rep)``: every line of the piece after the first starts
    with the two levels' indent (JSON strings hold no raw newline), which the single form has not."""
    return piece.replace(_ITEM, "\n")


class BatchStream:
    """``dumps`` of a batch written as its articles come: ``add`` each ``article_piece`` in order, then
    ``close``. The first piece is held until a second comes, for a batch left with one readable article
    is written in the single-article form (``close`` returns that text for the caller to write as before);
    from the second on, ``open()`` gives the function that writes text out, and each piece goes to it at once."""

    def __init__(self, open: Callable[[], Callable[[str], None]]):
        self._open, self._write = open, None
        self.first: Optional[str] = None
        self.count = 0

    def add(self, piece: str) -> None:
        if self.count == 0:
            self.first = piece
        else:
            if self._write is None:
                self._write = self._open()
                self._write('{\n  "reports": [' + _ITEM + self.first)
                self.first = None
            self._write("," + _ITEM + piece)
        self.count += 1

    def close(self, cross: list[dict] | None = None) -> Optional[str]:
        """The end of the batch: the brackets and ``cross_article`` written (None returned); with one
        article, its single-article text instead, written by no one yet; with none, None."""
        if self.count == 1:
            return single(self.first)
        if self._write is not None:
            tail = "\n  ]"
            if cross is not None:
                tail += ',\n  "cross_article": ' + "".join(_pieces(cross, 1, ""))
            self._write(tail + "\n}")
        return None

"""The JSON report of ../shared/DESIGN.md: the contract other tools rely on.

Offsets are Python ``str`` indices into the decoded article; values are in
base units; infinite interval bounds (``more than``) are written as null.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from verifier.models import Claim, Finding
from verifier.pipeline import Result
from verifier.report.view import CONTROLS

VERSION = "1"


def _num(x):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return None
    return x


def claim_dict(c: Claim) -> dict:
    q = c.quantity
    d = {
        "id": c.id,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "kind": c.kind,
        "entity": c.entity,
        "metric": c.metric,
        "period": c.period,
        "interval": [_num(q.lo), _num(q.hi)],
        "precision": q.precision,
        "hedge": q.hedge,
    }
    if q.low is not None:
        d["low"], d["high"] = q.low, q.high
    if c.forecast:
        d["forecast"] = True
    if c.attribution:
        d["attribution"] = c.attribution
    if c.period_guessed:
        d["period_guessed"] = True
    if c.entity_guessed:
        d["entity_guessed"] = True
    for key in ("subject", "base_period", "change_basis", "direction"):
        if getattr(c, key):
            d[key] = getattr(c, key)
    if c.comparators:
        d["comparators"] = [cm.model_dump() for cm in c.comparators]
    if q.notes:
        d["notes"] = list(q.notes)
    return d


def finding_dict(f: Finding) -> dict:
    d = {
        "id": f.id,
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity,
        "verdict": f.verdict,
        "message": f.message,
        "spans": [{"start": s.start, "end": s.end} for s in f.spans],
        "claims": list(f.claims),
        "evidence": _clean(f.evidence),
    }
    if f.advice:
        d["advice"] = f.advice
    if f.pairing:
        d["pairing"] = {"how": f.pairing.how, "guessed": list(f.pairing.guessed)}
    return d


def _clean(x):
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, float):
        return _num(x)
    return x


def report_dict(r: Result) -> dict:
    sev = [f.severity for f in r.findings]
    return {
        "version": VERSION,
        "article": {"path": r.article.path, "sha256": r.article.sha256, "language": r.article.language,
                    "encoding": r.article.encoding, "encoding_confidence": r.article.encoding_confidence},
        "claims": Each(claim_dict, r.claims),
        "findings": Each(finding_dict, r.findings),
        "summary": {
            "claims": len(r.claims),
            "errors": sev.count("error"),
            "warnings": sev.count("warning"),
            "infos": sev.count("info"),
        },
    }


def dumps(results: list[Result]) -> str:
    if len(results) == 1:
        data = report_dict(results[0])
    else:
        data = {"reports": [report_dict(r) for r in results]}
    return strict_dumps(data)


class Each(Sequence):
    """``fn`` of each item, made when it is read: the report of an article of a hundred
    thousand figures never holds a dict per claim, only the text of the one being written."""

    def __init__(self, fn, items):
        self.fn, self.items = fn, items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):
        return Each(self.fn, self.items[i]) if isinstance(i, slice) else self.fn(self.items[i])

    def __iter__(self):
        return map(self.fn, self.items)


def strict_dumps(data) -> str:
    """Strict JSON: a non-finite number anywhere is written as null, never Infinity or NaN;
    invisible and reordering characters (bidi overrides, C1 controls) as \\u escapes, which keep the text as it is.

    The text is ``json.dumps(data, indent=2)``'s, written a list item at a time: json's
    indented encoder keeps every token of the document in one list before joining them,
    five times the size of the text."""
    return "".join(_pieces(data, 0, ""))


_LONG = 16  # a list longer than this is written item by item


def _whole(x) -> bool:
    """Whether ``x`` is written by one ``json.dumps`` (it holds no long list)."""
    if isinstance(x, Each) or (isinstance(x, (list, tuple)) and len(x) > _LONG):
        return False
    if isinstance(x, (list, tuple)):
        return all(_whole(v) for v in x)
    if isinstance(x, dict):
        return all(_whole(v) for v in x.values()) or not all(isinstance(k, str) for k in x)
    return True


def _pieces(x, level: int, lead: str):
    """The JSON text of ``x`` at indent ``level``, after ``lead``, in pieces of an item each."""
    pad = "\n" + "  " * level
    if _whole(x):
        text = json.dumps(_clean(x), ensure_ascii=False, indent=2, allow_nan=False)
        yield lead + escape_controls(text.replace("\n", pad) if level else text)
        return
    inner = pad + "  "
    if isinstance(x, dict):
        items = ((escape_controls(json.dumps(k, ensure_ascii=False)) + ": ", v) for k, v in x.items())
        close = "}"
    else:
        items = (("", v) for v in x)
        close = "]"
    sep = lead + ("{" if close == "}" else "[") + inner
    empty = True
    for key, v in items:
        yield from _pieces(v, level + 1, sep + key)
        sep, empty = "," + inner, False
    yield lead + ("{}" if close == "}" else "[]") if empty else pad + close


def escape_controls(text: str) -> str:
    """JSON text with the control characters json leaves raw written as \\u escapes (they occur only inside strings)."""
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

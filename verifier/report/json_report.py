"""The JSON report of ../shared/DESIGN.md: the contract other tools rely on.

Offsets are Python ``str`` indices into the decoded article; values are in
base units; infinite interval bounds (``more than``) are written as null.
"""

from __future__ import annotations

import json
import math

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
        "claims": [claim_dict(c) for c in r.claims],
        "findings": [finding_dict(f) for f in r.findings],
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


def strict_dumps(data) -> str:
    """Strict JSON: a non-finite number anywhere is written as null, never Infinity or NaN;
    invisible and reordering characters (bidi overrides, C1 controls) as \\u escapes, which keep the text as it is."""
    return escape_controls(json.dumps(_clean(data), ensure_ascii=False, indent=2, allow_nan=False))


def escape_controls(text: str) -> str:
    """JSON text with the control characters json leaves raw written as \\u escapes (they occur only inside strings)."""
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

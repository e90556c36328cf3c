"""SARIF 2.1.0, for code-scanning views (GitHub, GitLab, IDE viewers).

One run for the whole invocation. Regions give 1-based lines and columns
counted in Unicode code points (``columnKind: unicodeCodePoints``) and
``charOffset``/``charLength`` in the same units, i.e. Python ``str`` indices
into the decoded article. ``partialFingerprints`` come from content (see
``verifier.ledger``), so a finding keeps its identity across unrelated edits.
Findings an editor reviewed in the claims/ ledger carry an accepted
``suppression``; supported figures are ``kind: pass``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from verifier import __version__, lexicon
from verifier.models import Finding
from verifier.report.json_report import Each, strict_dumps
from verifier.report.view import ArticleReport, jsonable

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "verifyFinding/v1"


def _uri(path: str) -> str:
    p = Path(path)
    return p.resolve().as_uri() if p.is_absolute() else quote(p.as_posix())


def _descriptor(code: str, name: str, severity: str, summary: str, doc: str, url: str | None) -> dict:
    d = {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary or name},
        "fullDescription": {"text": (doc.split("\n\n")[0] if doc else summary or name).strip()},
        "help": {"text": doc or summary or name, "markdown": doc or summary or name},
        "defaultConfiguration": {"level": LEVEL.get(severity, "warning")},
    }
    if url:
        d["helpUri"] = url
    return d


def _rules(reports: list[ArticleReport], rules_url: str | None) -> list[dict]:
    extra: dict[str, dict] = {}
    for rep in reports:
        for code, d in _unknown_rules(rep).items():
            extra.setdefault(code, d)
    return _rule_list(extra, rules_url)


def _rule_list(extra: dict[str, dict], rules_url: str | None) -> list[dict]:
    """The registry's rules and ``extra``'s (codes it does not know, the first descriptor of each), sorted by code."""
    from verifier.check.registry import all_rules

    def url(code, name, module):
        return rules_url.format(code=code, name=name, module=module) if rules_url else None

    out = {}
    for r in all_rules(stage=None):
        out[r.code] = _descriptor(r.code, r.name, r.severity, r.summary, r.doc, url(r.code, r.name, (r.module or r.func.__module__).rsplit(".", 1)[-1]))
    for code, d in extra.items():
        out.setdefault(code, d)
    return [out[k] for k in sorted(out)]


def _unknown_rules(rep: ArticleReport) -> dict[str, dict]:
    """Descriptors for the article's findings whose rule the registry does not know, first one of each code."""
    from verifier.check.registry import all_rules

    known = {r.code for r in all_rules(stage=None)}
    out: dict[str, dict] = {}
    for f in [*rep.result.findings, *rep.ledger_findings]:
        if f.rule not in known and f.rule not in out:
            out[f.rule] = _descriptor(f.rule, f.name or f.rule, f.severity, f.name, "", None)
    return out


def _region(rep: ArticleReport, start: int, end: int) -> dict:
    sl, sc = rep.position(start)
    el, ec = rep.position(end)
    return {
        "startLine": sl,
        "startColumn": sc,
        "endLine": el,
        "endColumn": ec,
        "charOffset": rep.file_offset(start),
        "charLength": rep.file_offset(end) - rep.file_offset(start),
        "snippet": {"text": rep.text[start:end]},
    }


def _result(rep: ArticleReport, f: Finding, art: int, rule_index) -> dict:
    spans = sorted(f.spans, key=lambda s: (s.start, s.end))
    loc = lambda s: {"physicalLocation": {"artifactLocation": {"uri": _uri(rep.path), "index": art}, "region": _region(rep, s.start, s.end)}}
    text = f.message
    if f.evidence.get("arithmetic"):
        text += f"\n{f.evidence['arithmetic']}"
    res = {
        "ruleId": f.rule,
        "ruleIndex": rule_index.get(f.rule),
        "kind": "pass" if f.verdict == "supported" else "fail",
        "level": "none" if f.verdict == "supported" else LEVEL[f.severity],
        "message": {"text": text},
        "locations": [loc(spans[0])] if spans else [],
        "partialFingerprints": {FINGERPRINT_KEY: rep.fingerprints[f.id]},
        "properties": {"findingId": f.id, "verdict": f.verdict, "severity": f.severity, "claims": list(f.claims), "evidence": jsonable(f.evidence)},
    }
    if len(spans) > 1:
        res["relatedLocations"] = [{"id": i, **loc(s)} for i, s in enumerate(spans[1:], 1)]
    if f.advice:
        res["properties"]["advice"] = f.advice
    if f.pairing:
        res["properties"]["pairing"] = {"how": f.pairing.how, "guessed": list(f.pairing.guessed),
                                        "description": lexicon.pairing_text(f.pairing, rep.language)}
    entry = rep.review(f)
    if entry is not None and entry.reviewed:
        res["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f"{entry.decision} in {rep.ledger_path}: {entry.reason}"}]
    return res


def article_entries(rep: ArticleReport, base: int = 0, rule_index=None) -> tuple[list[dict], list[dict]]:
    """One article's ``artifacts`` and ``results``, its artifacts numbered from ``base``. Without
    ``rule_index`` each result's ``ruleIndex`` is None, set by ``place`` once the run's rules are known:
    a batch renders each article where it is checked, a worker too, and the index comes at the end."""
    rule_index = rule_index or {}
    artifacts, results = [], []
    a = rep.result.article
    mime = "text/html" if a.origin is not None else "text/markdown" if rep.path.lower().endswith((".md", ".markdown")) else "text/plain"
    artifacts.append({"location": {"uri": _uri(rep.path)}, "mimeType": mime, "encoding": a.encoding, "hashes": {"sha-256": a.sha256}, "properties": {"language": a.language}})
    results += [_result(rep, f, base, rule_index) for f in rep.findings()]
    files: dict[str, int] = {}
    for lf in rep.ledger_findings:
        if lf.file not in files:
            files[lf.file] = base + len(artifacts)
            artifacts.append({"location": {"uri": _uri(lf.file)}, "mimeType": "application/yaml"})
        region = {"startLine": lf.line} if lf.line else {}
        results.append({
            "ruleId": lf.rule,
            "ruleIndex": rule_index.get(lf.rule),
            "kind": "fail",
            "level": LEVEL[lf.severity],
            "message": {"text": f"{lf.message} {lf.advice}" if lf.advice else lf.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(lf.file), "index": files[lf.file]}, **({"region": region} if region else {})}}],
            "partialFingerprints": {FINGERPRINT_KEY: f"{lf.rule}:{lf.fingerprint}"},
            "properties": {"evidence": jsonable(lf.evidence), **({"advice": lf.advice} if lf.advice else {})},
        })
    return artifacts, results


def article_piece(rep: ArticleReport) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """What a batch's SARIF needs of one article (``BatchStream.add``): its entries and unknown rules."""
    return (*article_entries(rep), _unknown_rules(rep))


def shift(results: list[dict], base: int) -> list[dict]:
    """Results rendered with their article's artifacts from 0 (``article_entries``), renumbered from ``base``."""
    if base:
        for res in results:
            for loc in [*res["locations"], *res.get("relatedLocations", ())]:
                loc["physicalLocation"]["artifactLocation"]["index"] += base
    return results


def _log(rules: list[dict], fail_on: str, artifacts, results) -> dict:
    run = {
        "tool": {"driver": {"name": "verify", "version": __version__, "semanticVersion": __version__, "rules": rules}},
        "invocations": [{"executionSuccessful": True, "properties": {"failOn": fail_on}}],
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def sarif_log(reports: list[ArticleReport], fail_on: str = "error", rules_url: str | None = None) -> dict:
    rules = _rules(reports, rules_url)
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts, results = [], []
    for rep in reports:
        arts, res = article_entries(rep, len(artifacts), rule_index)
        artifacts += arts
        results += res
    return _log(rules, fail_on, artifacts, results)


class BatchStream:
    """``dumps`` of a batch whose articles come one at a time, without holding them: each article's
    entries (``article_entries``, rendered where it was checked) are renumbered and written to two
    anonymous temporary files (artifacts, results; gone with the process however it ends), and
    ``pieces`` writes the log from them. The rules come first in the log and may name a code only a
    later article used, so nothing can be written before the end."""

    def __init__(self) -> None:
        import tempfile

        self.files = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        self.artifacts = self.results = 0
        self.extra: dict[str, dict] = {}

    def add(self, entries: tuple) -> None:
        artifacts, results, extra = entries
        import pickle

        for code, d in extra.items():
            self.extra.setdefault(code, d)
        for f, items in zip(self.files, (artifacts, shift(results, self.artifacts))):
            for item in items:
                pickle.dump(item, f, pickle.HIGHEST_PROTOCOL)
        self.artifacts += len(artifacts)
        self.results += len(results)

    def pieces(self, fail_on: str = "error", rules_url: str | None = None):
        """The text of ``dumps`` of the whole batch, in pieces; the files are closed after."""
        from verifier.report.json_report import _pieces

        rules = _rule_list(self.extra, rules_url)
        rule_index = {r["id"]: i for i, r in enumerate(rules)}

        def placed(res: dict) -> dict:
            res["ruleIndex"] = rule_index[res["ruleId"]]
            return res

        try:
            yield from _pieces(_log(rules, fail_on, _Spooled(self.files[0], self.artifacts), _Spooled(self.files[1], self.results, placed)), 0, "")
        finally:
            self.close()

    def close(self) -> None:
        for f in self.files:
            f.close()


class _Spooled(Each):
    """The items written to a spool file, read back one at a time as the log is written."""

    def __init__(self, file, count: int, fn=lambda x: x):
        super().__init__(fn, range(count))
        self.file = file

    def __getitem__(self, i):
        raise TypeError("a spooled list is read in order, once")

    def __iter__(self):
        import pickle

        self.file.seek(0)
        for _ in range(len(self.items)):
            yield self.fn(pickle.load(self.file))


def dumps(reports: list[ArticleReport], fail_on: str = "error", rules_url: str | None = None) -> str:
    return strict_dumps(sarif_log(reports, fail_on, rules_url))

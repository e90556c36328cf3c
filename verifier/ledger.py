"""The claims/ ledger: findings an editor has reviewed, so the gate fails once.

``verify --update-ledger`` writes ``claims/<article-stem>.yaml`` with one
entry per current finding. An editor sets an entry's ``decision`` to
``accepted`` (the figure is right as printed), ``dismissed`` (the finding is
wrong) or ``confirmed`` (the finding is right: the figure is wrong as printed,
a fact-check verdict ``--format claimreview`` publishes) with a ``reason``;
reviewed findings stay in every report but no longer fail the gate: a human
has decided them, and a confirmed figure is fixed by editing the article,
which makes a new finding or none. An entry that matches no current finding is reported as
``LG001 unused-ledger-entry`` (like ruff's unused ``noqa``, RUF100).

A finding is matched by a fingerprint built from content, never offsets: the
rule code, the normalised text of each figure it concerns, and a few
characters either side of each. Edits elsewhere in the article leave it alone;
changing the figure or the words right beside it makes a new finding.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from verifier.errors import InputError
from verifier.models import Finding
from verifier.pipeline import Result

__all__ = ["DECISIONS", "REVIEWED", "Entry", "dump", "fingerprint", "fingerprints", "load", "match", "update"]

DECISIONS = ("open", "accepted", "dismissed", "confirmed")
REVIEWED = DECISIONS[1:]  # every decision but open: an editor has looked
_FINGERPRINT_LINE = re.compile(r"^[ \t-]*fingerprint[ \t]*:(.*)$", re.M)
CONTEXT = 6  # characters of context either side of a figure, after normalising

HEADER = """\
# verify ledger for {article}: findings an editor has reviewed.
# decision: "accepted" (the figure is right as printed), "dismissed" (the finding
# is wrong) or "confirmed" (the figure is wrong as printed), with why in reason;
# reviewed findings stay in reports but no longer fail the gate; "open" ones do.
# `verify --update-ledger` adds new findings and drops entries that match
# none; it keeps every decision and reason that still matches.
"""


@dataclass(frozen=True)
class Entry:
    """One ledger entry: the fingerprint it matches and an editor's decision."""

    fingerprint: str
    rule: str
    decision: str = "open"
    reason: str = ""
    figures: tuple[str, ...] = ()
    message: str = ""
    line: Optional[int] = None  # where the entry starts in the ledger file

    @property
    def reviewed(self) -> bool:
        return self.decision in REVIEWED


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).casefold().split())


def claims_by_id(result: Result) -> dict:
    """The claims findings name, by id: none to look up when there is no finding (an article of
    a hundred thousand figures and no finding built a dict of them all, twice, for nothing)."""
    return {c.id: c for c in result.claims} if result.findings else {}


def _spans(result: Result, f: Finding, by_id: Optional[dict] = None) -> list[tuple[int, int]]:
    """``by_id``: the result's claims by id, built once per article by the caller (not once per finding)."""
    by_id = claims_by_id(result) if by_id is None else by_id
    spans = [(by_id[c].start, by_id[c].end) for c in f.claims if c in by_id]
    return sorted(spans or [(s.start, s.end) for s in f.spans])


def fingerprint(result: Result, f: Finding, by_id: Optional[dict] = None) -> str:
    """``RULE:hash`` of the rule and each figure with a little context; no offsets."""
    text = result.article.text
    parts = [f.rule]
    for start, end in _spans(result, f, by_id):
        before = _norm(text[max(0, start - 4 * CONTEXT) : start])[-CONTEXT:]
        after = _norm(text[end : end + 4 * CONTEXT])[:CONTEXT]
        parts.append(f"{before}[{_norm(text[start:end])}]{after}")
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{f.rule}:{digest}"


def fingerprints(result: Result) -> dict[str, str]:
    """Fingerprints for every finding; repeats of one in the same article get ``:2``, ``:3``."""
    seen: dict[str, int] = {}
    out = {}
    order = sorted(result.findings, key=lambda f: (min((s.start for s in f.spans), default=0), f.rule, f.id))
    by_id = claims_by_id(result)
    for f in order:
        fp = fingerprint(result, f, by_id)
        seen[fp] = seen.get(fp, 0) + 1
        out[f.id] = fp if seen[fp] == 1 else f"{fp}:{seen[fp]}"
    return out


def figures(result: Result, f: Finding, by_id: Optional[dict] = None) -> tuple[str, ...]:
    return tuple(result.article.text[s:e] for s, e in _spans(result, f, by_id))


def load(path: Path, max_bytes: Optional[int] = None) -> Optional[list[Entry]]:
    """Read a ledger; None when there is none. A malformed one, or one that is not a regular
    file of at most ``max_bytes`` (a FIFO would hang the run), is an InputError naming it."""
    if not path.exists() and not path.is_symlink():
        return None
    from verifier.read import MAX_ARTICLE_BYTES, file_problem

    problem = file_problem(path, max_bytes or MAX_ARTICLE_BYTES, "a ledger file, or delete it")
    if problem is not None:
        raise InputError(f"{path}: the ledger {problem}")
    from yaml_rs import YAMLDecodeError

    from verifier.yamlread import YamlLimit, load as load_yaml

    try:
        raw = path.read_text(encoding="utf-8")
        data = load_yaml(raw)
    except YamlLimit as exc:
        raise InputError(f"{path}: the ledger {exc}; fix or delete it") from None
    except (OSError, UnicodeDecodeError, YAMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the ledger ({type(exc).__name__}); fix or delete it") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{path}: a ledger is a mapping with 'article' and 'findings', not a {type(data).__name__}; rerun verify --update-ledger to rewrite it")
    items = data.get("findings")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise InputError(f"{path}: 'findings' must be a list of entries")
    line_of: dict[str, int] = {}  # each fingerprint's first line, found in one pass
    line, at = 1, 0
    for m in _FINGERPRINT_LINE.finditer(raw):
        line += raw.count("\n", at, m.start())
        at = m.start()
        line_of.setdefault(m.group(1).strip().strip("'\""), line)
    entries = []
    for i, item in enumerate(items, 1):
        where = f"{path}, entry {i}"
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise InputError(f"{where}: needs a fingerprint; rerun verify --update-ledger to rewrite it")
        decision = str(item.get("decision") or "open")
        if decision not in DECISIONS:
            raise InputError(f"{where}: decision {decision!r} must be one of {', '.join(DECISIONS)}")
        reason = str(item.get("reason") or "").strip()
        if decision != "open" and not reason:
            raise InputError(f"{where}: decision {decision} needs a reason saying why")
        fp = item["fingerprint"]
        line = line_of.get(fp)
        figs = item.get("figures") or ()
        entries.append(
            Entry(fp, str(item.get("rule") or fp.split(":")[0]), decision, reason,
                  tuple(str(x) for x in figs) if isinstance(figs, list) else (str(figs),),
                  str(item.get("message") or ""), line)
        )
    return entries


def match(fps: dict[str, str], entries: Optional[list[Entry]]) -> tuple[dict[str, Entry], list[Entry]]:
    """Pair findings with entries: (finding id -> entry, entries matching nothing)."""
    by_fp = {e.fingerprint: e for e in entries or ()}
    reviews = {fid: by_fp[fp] for fid, fp in fps.items() if fp in by_fp}
    used = {e.fingerprint for e in reviews.values()}
    return reviews, [e for e in entries or () if e.fingerprint not in used]


def update(result: Result, fps: dict[str, str], entries: Optional[list[Entry]], article: str, keep=lambda e: False) -> tuple[str, int, int]:
    """The new ledger text for the current findings: (text, entries added, entries dropped).

    Supported findings need no decision and are left out. Entries for which
    ``keep`` is true (rules that did not run this time) are kept as they are.
    """
    old = {e.fingerprint: e for e in entries or ()}
    items, added = [], 0
    order = sorted(result.findings, key=lambda f: (min((s.start for s in f.spans), default=0), f.rule, f.id))
    by_id = claims_by_id(result)
    for f in order:
        if f.verdict == "supported":
            continue
        fp = fps[f.id]
        prev = old.get(fp)
        added += prev is None
        items.append(_item(fp, f.rule, list(figures(result, f, by_id)), f.message, prev))
    current = {i["fingerprint"] for i in items}
    kept = [_item(e.fingerprint, e.rule, list(e.figures), e.message, e) for e in entries or () if e.fingerprint not in current and keep(e)]
    dropped = len(set(old) - current) - len(kept)
    return dump(article, items + kept), added, dropped


def _item(fp: str, rule: str, figs: list[str], message: str, prev: Optional[Entry]) -> dict:
    return {
        "fingerprint": fp,
        "rule": rule,
        "figures": figs,
        "message": message,
        "decision": prev.decision if prev else "open",
        "reason": prev.reason if prev else "",
    }


def dump(article: str, items: list[dict]) -> str:
    body = yaml.safe_dump({"article": article, "findings": items}, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(article=article) + body


def follow_redirects(result: Result, fps: dict[str, str], entries: Optional[list[Entry]]) -> tuple[Optional[list[Entry]], list[str]]:
    """Entries naming a renamed rule code, carried over to the code that replaced it; and a note for each.

    A fingerprint holds its rule's code, so an entry written under the old
    code is matched by fingerprinting the new rule's findings under the old
    one; it then takes the current fingerprint, keeping its decision, and
    ``--update-ledger`` writes it back under the new code.
    """
    from verifier.codes import redirect

    if not entries or not any(redirect(e.rule) for e in entries):
        return entries, []
    current: dict[str, str] = {}  # old-code fingerprint -> current fingerprint
    for old in {e.rule for e in entries if redirect(e.rule)}:
        new = redirect(old)
        renamed = Result(result.article, result.extraction, result.claims,
                         [f.model_copy(update={"rule": old}) if f.rule == new else f for f in result.findings])
        alt = fingerprints(renamed)
        current.update({alt[f.id]: fps[f.id] for f in result.findings if f.rule == new})
    out, notes = [], []
    for e in entries:
        new = redirect(e.rule)
        if not new:
            out.append(e)
            continue
        fp = current.get(e.fingerprint, e.fingerprint)
        out.append(Entry(fp, new, e.decision, e.reason, e.figures, e.message, e.line))
        where = f"line {e.line}" if e.line else e.fingerprint
        notes.append(f"entry at {where} names {e.rule}, now {new}; verify --update-ledger rewrites it")
    return out, notes

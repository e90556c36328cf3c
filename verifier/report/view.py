"""What every report format shows about one article, computed once.

The pipeline's ``Result`` knows nothing of config or the claims/ ledger, and
its models are frozen and shared; so the report layer wraps it here with
what the formats add: fingerprints, ledger reviews, unused ledger entries,
line/column positions and the gate's verdict per finding.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from verifier.ledger import Entry, claims_by_id as _claims_by_id, fingerprints
from verifier.ledger_rules import LedgerFinding
from verifier.models import Claim, Finding
from verifier.pipeline import Result

__all__ = [
    "SEVERITY_RANK",
    "VERDICT_RANK",
    "ArticleReport",
    "display_path",
    "fails_gate",
    "show_controls",
    "defuse",
    "worst_verdict",
]

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# Worst first when colouring a claim: a contradiction outranks everything.
VERDICT_RANK = {"supported": 0, "unverifiable": 1, "needs-review": 2, "contradicted": 3}


@dataclass
class ArticleReport:
    """A Result plus what the report layer knows about it."""

    result: Result
    fingerprints: dict[str, str] = field(default_factory=dict)  # finding id -> fingerprint
    reviews: dict[str, Entry] = field(default_factory=dict)  # finding id -> ledger entry
    unused: list[Entry] = field(default_factory=list)  # entries of rules that ran, matching no finding
    ledger_findings: list[LedgerFinding] = field(default_factory=list)  # the ledger stage's rules' findings
    ledger_path: Optional[str] = None
    html_path: Optional[str] = None
    lang: Optional[str] = None  # --lang: the language of the report's words; None: the article's own

    @property
    def language(self) -> str:
        """The language the report's own words and the messages are in: ``--lang``, else the article's, else English."""
        for lang in (self.lang, self.result.article.language):
            if lang in ("en", "zh-Hant", "zh-Hans"):
                return lang
        return "en"

    def __post_init__(self):
        text = self.result.article.text
        if not self.fingerprints:
            self.fingerprints = fingerprints(self.result)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._by_id: Optional[dict[str, Claim]] = None

    @property
    def claims_by_id(self) -> dict[str, Claim]:
        """The findings' claims by id, built when a format first asks (most never do)."""
        if getattr(self, "_by_id", None) is None:
            self._by_id = _claims_by_id(self.result)
        return self._by_id

    @property
    def path(self) -> str:
        return display_path(self.result.article.path)

    @property
    def text(self) -> str:
        return self.result.article.text

    def findings(self) -> list[Finding]:
        """Findings in article order (sorted once; every format asks, some more than once)."""
        fs = self.result.findings
        key = (id(fs), len(fs))
        if getattr(self, "_order_key", None) != key:
            self._order = sorted(fs, key=lambda f: (self.start(f), f.rule, f.id))
            self._order_key = key
        return list(self._order)

    def start(self, f: Finding) -> int:
        return min((s.start for s in f.spans), default=0)

    def end(self, f: Finding) -> int:
        return max((s.end for s in f.spans), default=0)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column; columns count Unicode code points (Python str indices).

        For an article laid out from HTML, the line and column of the HTML file."""
        origin = self.result.article.origin
        if origin is not None:
            return origin.position(offset)
        i = bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def line_length(self, line: int) -> int:
        """Characters on 1-based ``line`` of the text, without its line break (from the line starts, not a split)."""
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return 0
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return end - starts[line - 1]

    def file_offset(self, offset: int) -> int:
        """A text offset as an offset into the file the user has."""
        origin = self.result.article.origin
        return offset if origin is None else origin.file_offset(offset)

    def review(self, f: Finding) -> Optional[Entry]:
        return self.reviews.get(f.id)

    def is_reviewed(self, f: Finding) -> bool:
        r = self.reviews.get(f.id)
        return bool(r and r.reviewed)

    def gating(self, fail_on: str) -> list[Finding]:
        """Findings that fail the gate at ``fail_on``: at or above it and not reviewed."""
        return [f for f in self.result.findings if fails_gate(f.severity, fail_on) and not self.is_reviewed(f)]

    def ledger_gating(self, fail_on: str) -> list[LedgerFinding]:
        return [f for f in self.ledger_findings if fails_gate(f.severity, fail_on)]

    def findings_for_claim(self, claim_id: str) -> list[Finding]:
        return [f for f in self.findings() if claim_id in f.claims]

    def claim_findings(self) -> dict[str, list[Finding]]:
        """Each claim's findings: those naming it, or whose span lies inside it."""
        out: dict[str, list[Finding]] = {c.id: [] for c in self.result.claims}
        inside = None
        for f in self.findings():
            ids = [c for c in f.claims if c in out]
            if not ids:
                inside = inside or _Containing(self.result.claims)
                ids = inside.ids(f.spans)
            for cid in ids:
                out[cid].append(f)
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        sev = {k: 0 for k in ("error", "warning", "info")}
        ver = {k: 0 for k in VERDICT_RANK}
        for f in self.result.findings:
            sev[f.severity] += 1
            ver[f.verdict] += 1
        return {"severity": sev, "verdict": ver}


class _Containing:
    """Which claims contain a point, found by bisection over the claims' starts (a finding that names
    no claim is placed by its spans; a scan of every claim for each would be quadratic)."""

    def __init__(self, claims: list[Claim]):
        self.order = sorted(range(len(claims)), key=lambda i: claims[i].start)
        self.starts = [claims[i].start for i in self.order]
        self.claims = claims
        self.longest = max((c.end - c.start for c in claims), default=0)

    def ids(self, spans) -> list[str]:
        """Ids of the claims holding any span's start, in the claims' order."""
        found = set()
        for s in spans:
            i = bisect_right(self.starts, s.start) - 1
            while i >= 0 and self.starts[i] > s.start - self.longest:
                c = self.claims[self.order[i]]
                if c.start <= s.start < c.end:
                    found.add(self.order[i])
                i -= 1
        return [self.claims[i].id for i in sorted(found)]


def fails_gate(severity: str, fail_on: str) -> bool:
    return fail_on != "never" and SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_on]


def worst_verdict(findings: list[Finding]) -> Optional[str]:
    return max((f.verdict for f in findings), key=VERDICT_RANK.__getitem__, default=None)


def display_path(path: str | os.PathLike) -> str:
    """A path as reports print it: relative to the current folder when inside it, with forward slashes,
    and every control character in it (line breaks and tabs too) shown as a code point, in every format."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return show_controls(p.as_posix(), breaks=True)


# Bidirectional overrides and isolates reorder what a reader sees (CVE-2021-42574,
# "Trojan Source"); other C0/C1 controls are invisible. Reports show them as code points.
CONTROLS = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


BREAKS = re.compile(f"{CONTROLS.pattern[:-1]}\t\n\r]")


def show_controls(s: str, fmt: str = "<U+{:04X}>", breaks: bool = False) -> str:
    """Replace invisible and reordering control characters with a visible ``<U+202E>``;
    with ``breaks``, tabs and line breaks too (a file name, a one-line message)."""
    return (BREAKS if breaks else CONTROLS).sub(lambda m: fmt.format(ord(m.group())), s)


# A line that starts (after blanks or colour codes) with ``::`` or ``##[`` is a workflow
# command to GitHub Actions, which reads every line a step prints. Text from an article or a
# file name never starts one: a zero-width space goes between the two marks.
_COMMAND_START = re.compile(r"^((?:[ \t\f\v]|\x1b\[[0-9;]*m)*)(:(?=:)|#(?=#\[))", re.M)


def defuse(text: str) -> str:
    """Output in which no line can be read as a CI workflow command; nothing else changes."""
    if "::" not in text and "##[" not in text:  # a command needs one of the two marks: most text has neither
        return text
    return _COMMAND_START.sub("\\1\\2\u200b", text)


# The start of a line that may still become a command as more text comes: blanks and colour codes,
# perhaps ending in half a colour code or half a mark.
_UNDECIDED = re.compile(r"(?:[ \t\f\v]|\x1b\[[0-9;]*m)*(?:\x1b(?:\[[0-9;]*)?|:|#|##)?")


def defuse_chunks(chunks) -> Iterator[str]:
    """``defuse`` over text in pieces, giving the same text as ``defuse`` of the whole, holding back
    only the start of a line while it could still begin a command (a workflow command is one line,
    and only its start counts): a page whose one line is longer than the article streams too."""
    held, mid = "", False  # mid: inside a line whose start is settled
    for chunk in chunks:
        if mid:
            nl = chunk.find("\n")
            if nl < 0:
                yield chunk
                continue
            yield chunk[: nl + 1]
            chunk, mid = chunk[nl + 1 :], False
        text = held + chunk
        cut = text.rfind("\n") + 1
        if _UNDECIDED.fullmatch(text, cut):
            held, out = text[cut:], text[:cut]
        else:
            held, out, mid = "", text, True
        if out:
            yield defuse(out)
    if held:
        yield defuse(held)


def has_controls(s: str) -> bool:
    return bool(CONTROLS.search(s))


def jsonable(x):
    """Evidence as JSON allows it: tuples as lists, infinite or NaN floats as null."""
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, float) and (x != x or x in (float("inf"), float("-inf"))):
        return None
    return x


def is_source_row(v) -> bool:
    return isinstance(v, dict) and "file" in v and "row" in v


def source_rows(ev: dict) -> list[tuple[str, list[dict]]]:
    """Evidence keys holding lists of source rows (``rows``), without the row already shown as ``source``."""
    main = ev.get("source")
    key = (main.get("file"), main.get("row")) if is_source_row(main) else None
    out = []
    for k, v in ev.items():
        if k != "source" and isinstance(v, list) and v and all(is_source_row(x) for x in v):
            out.append((k, [x for x in v if (x.get("file"), x.get("row")) != key]))
    return out


def row_label(row: dict, lang: str = "en") -> str:
    """``sources/a.csv row 48 (F31)`` / ``sources/a.csv第48列（F31）``."""
    from verifier import messages as msg

    with msg.language(lang):
        label = msg.t("source.row", file=display_path(str(row.get("file") or "")), row=row.get("row"))
        return label + (msg.t("source.row_id", id=row["id"]) if row.get("id") else "")


def row_topic(row: dict, lang: str = "en") -> str:
    """What a source row publishes, in words: ``Amazon operating income for Q1 2026, guidance``
    (the row's evidence keeps the ids; a reader is shown names)."""
    from verifier import messages as msg

    if not (row.get("entity") or row.get("metric")):
        return ""
    with msg.language(lang):
        basis = row.get("basis")
        what = msg.topic(row.get("entity"), row.get("metric"), period_label=row.get("period"),
                         kind=f"basis_{basis}" if basis and basis != "actual" else None)
        change = row.get("change")
        if change:
            key = f"change.{change.replace('-', '_')}"
            what += msg.t("sep.figures") + (msg.t(key) if msg.has(key) else change)
        return what


def source_line(row: dict, lang: str = "en") -> str:
    """A source row on one line for plain-text reports: where, what, the figure as published, who, when."""
    topic = row_topic(row, lang)
    bits = [f"{row_label(row, lang)}: {topic}" if topic else row_label(row, lang)]
    bits += [str(row[k]) for k in ("figure", "source", "published") if row.get(k)]
    if row.get("url") and row["url"] != row.get("source"):
        bits.append(str(row["url"]))
    return ", ".join(bits)

"""The annotated HTML report: one self-contained page per article.

The article and every source quote are untrusted text, so everything printed
goes through ``esc`` (HTML escaping, with bidi overrides and invisible
controls shown as ``U+202E`` badges), links are made only for http(s) URLs,
and the Content-Security-Policy allows just this page's own style and script,
pinned by hash: a payload that slipped past escaping still could not run.
The script builds no markup from data; it only shows and hides what is here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from verifier.models import Claim, Finding
from verifier import lexicon, messages as msg, numfmt as fmt
from verifier.report.view import CONTROLS, ArticleReport, fails_gate, is_source_row, row_label, row_topic, source_rows, worst_verdict

_URL = re.compile(r"https?://[^\s<>\"'`\x00-\x1f\x7f]+\Z", re.I)
_KNOWN = ("formula", "arithmetic", "inputs", "computed", "tolerance", "source")
_MACHINE = {"periods", "files", "years"}  # lists for tools (in the JSON report), not for a reader
_LABELS = {"severity_capped": "note", "uncertain": "uncertain match"}


_QUOTE = re.compile("[&<>\"']")
_SPECIAL = re.compile(f"{_QUOTE.pattern}|{CONTROLS.pattern}")


def esc(s) -> str:
    """Escape text for HTML, showing reordering and invisible controls as badges."""
    s = str(s)
    if not _SPECIAL.search(s):  # most cells are words and figures: nothing to escape
        return s
    if not CONTROLS.search(s):
        return html.escape(s)
    out, pos = [], 0
    for m in CONTROLS.finditer(s):
        out.append(html.escape(s[pos : m.start()]))
        out.append(f'<span class="ctl" title="control character">U+{ord(m.group()):04X}</span>')
        pos = m.end()
    out.append(html.escape(s[pos:]))
    return "".join(out)


def attr(s) -> str:
    s = str(s)
    return html.escape(s, quote=True) if _QUOTE.search(s) else s


def link(url, text=None) -> str:
    url = str(url or "").strip()
    if _URL.match(url):
        return f'<a href="{attr(url)}" rel="noopener noreferrer" target="_blank">{esc(text or url)}</a>'
    return esc(text or url)


@lru_cache(maxsize=None)
def _asset(name: str) -> tuple[str, str]:
    text = resources.files("verifier").joinpath(f"data/{name}").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return text, f"'sha256-{digest}'"


def csp() -> str:
    return (
        f"default-src 'none'; style-src {_asset('report.css')[1]}; script-src {_asset('report.js')[1]}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _readable(v) -> bool:
    """Text, or a list of texts: what a reader is shown of a finding's evidence."""
    if isinstance(v, str):
        return bool(v)
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, str) and x for x in v)


def _value(v) -> str:
    if isinstance(v, dict):
        return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{_value(x)}</dd>" for k, x in v.items()) + "</dl>"
    if isinstance(v, (list, tuple)):
        return "<ul>" + "".join(f"<li>{_value(x)}</li>" for x in v) + "</ul>"
    if isinstance(v, float):
        return esc(fmt.number(v))
    return esc("—" if v is None else v)


def _source(src, compact: bool = False) -> str:
    """A source row: table and row, who published it (linked when http), date, quote, and the rest unless compact."""
    if not is_source_row(src) and not isinstance(src, dict):
        return _value(src)
    rows = []
    if is_source_row(src):
        rows.append(f"<dt>table</dt><dd>{esc(row_label(src))}</dd>")
    url = src.get("url")
    if src.get("source"):
        rows.append(f"<dt>source</dt><dd>{link(url, src['source']) if url else esc(src['source'])}</dd>")
    for key in ("figure", "published", "note"):
        if src.get(key) not in (None, ""):
            rows.append(f"<dt>{key}</dt><dd>{esc(src[key])}</dd>")
    if src.get("quote"):
        rows.append(f"<dt>quote</dt><dd><blockquote>{esc(src['quote'])}</blockquote></dd>")
    if url and url != src.get("source"):
        rows.append(f"<dt>link</dt><dd>{link(url)}</dd>")
    if not compact and is_source_row(src) and row_topic(src):
        # what the row publishes, in words (the JSON report keeps the row's ids and values)
        rows.append(f"<dt>publishes</dt><dd>{esc(row_topic(src))}</dd>")
    return "<dl>" + "".join(rows) + "</dl>"


def _evidence(ev: dict) -> str:
    parts = []
    if ev.get("formula"):
        parts.append(f'<p>Formula: <code class="arith">{esc(ev["formula"])}</code></p>')
    if ev.get("arithmetic"):
        parts.append(f'<p class="arith">{esc(ev["arithmetic"])}</p>')
    lists = source_rows(ev)
    skip = set(_KNOWN) | {k for k, _ in lists}
    # Only evidence written for people: numbers, intervals and claim ids stay in the JSON report,
    # so no unrounded float or internal name reaches the page (the terminal shows the same).
    rows = [f"<dt>tolerance</dt><dd>{esc(ev['tolerance'])}</dd>"] if isinstance(ev.get("tolerance"), str) and ev["tolerance"] else []
    rows += [f"<dt>{esc(_LABELS.get(k, k.replace('_', ' ')))}</dt><dd>{_value(v)}</dd>" for k, v in ev.items()
             if k not in skip and k not in _MACHINE and _readable(v)]
    if rows:
        parts.append("<dl>" + "".join(rows) + "</dl>")
    if ev.get("source"):
        parts.append("<h5>Source</h5>" + _source(ev["source"]))
    for key, items in lists:
        if items:
            body = "".join(_source(r, compact=True) for r in items)
            parts.append(f"<details><summary>{esc(key)}: {len(items)} more</summary>{body}</details>")
    return "".join(parts)


def _finding(rep: ArticleReport, f: Finding, fail_on: str) -> str:
    line, col = rep.position(rep.start(f))
    entry = rep.review(f)
    review = ""
    if entry is not None:
        review = f'<p class="review">Ledger: {esc(entry.decision)}{": " + esc(entry.reason) if entry.reason else ""}</p>'
    gate = " · fails the gate" if fails_gate(f.severity, fail_on) and not rep.is_reviewed(f) else ""
    return (
        f'<div class="finding verdict-{attr(f.verdict)}" data-finding="{attr(f.id)}" data-severity="{attr(f.severity)}" '
        f'data-rule="{attr(f.rule)}" data-verdict="{attr(f.verdict)}">'
        f'<h4><span class="badge sev-{attr(f.severity)}">{esc(f.severity)}</span>{esc(f.rule)} {esc(f.name)} — {esc(f.verdict)}</h4>'
        f"<p>{esc(f.message)}</p>{_evidence(f.evidence or {})}"
        + (f'<p class="pairing">Reading: {esc(lexicon.pairing_text(f.pairing))}</p>' if f.pairing else "")
        + (f"<p>Advice: {esc(f.advice)}</p>" if f.advice else "")
        + f'{review}<p class="hint">line {line}, column {col}{gate}</p></div>'
    )


class _Blocks:
    """Each finding's block, rendered once however many figures' cards show it, and let go after
    the last of those cards (the cards come in claim order)."""

    def __init__(self, rep: ArticleReport, per_claim: dict[str, list[Finding]], fail_on: str):
        self.rep, self.fail_on = rep, fail_on
        self.uses: dict[str, int] = {}
        for fs in per_claim.values():
            for f in fs:
                self.uses[f.id] = self.uses.get(f.id, 0) + 1
        self.done: dict[str, str] = {}

    def __call__(self, f: Finding) -> str:
        block = self.done.get(f.id)
        if block is None:
            block = _finding(self.rep, f, self.fail_on)
        left = self.uses.get(f.id, 0) - 1
        self.uses[f.id] = left
        if left > 0:
            self.done[f.id] = block
        else:
            self.done.pop(f.id, None)
        return block


def _claim_card(rep: ArticleReport, c: Claim, findings: list[Finding], blocks: _Blocks) -> str:
    """A figure's card; called inside ``msg.language``: the page's own words are English, and ids and
    labels become words, never shown raw."""
    q = c.quantity
    line, col = rep.position(q.start)
    value = msg.value(q.value, q.unit) if q.low is None else f"{msg.value(q.low, q.unit)} to {msg.value(q.high, q.unit)}"
    rows = [("Printed", q.text), ("Value", value), ("Unit", msg.unit_name(q.unit) or "none"), ("Kind", c.kind.replace("_", " ")),
            ("Interval", msg.interval(q.lo, q.hi, q.unit))]
    rows += [(k, v) for k, v in (("Hedge", q.hedge and msg.t(f"hedge.{q.hedge}")), ("Entity", c.entity), ("Metric", c.metric and msg.metric(c.metric)),
                                 ("Period", c.period and msg.period(c.period)), ("Attribution", c.attribution)) if v]
    rows += [("Note", n) for n in q.notes]
    body = "".join([blocks(f) for f in findings]) or '<p class="hint">No check applied to this figure.</p>'
    cid = attr(c.id)
    return (
        f'<section class="card" id="card-{cid}" tabindex="-1" hidden aria-labelledby="h-{cid}">'
        f'<button type="button" class="close">Close</button>'
        f'<h3 id="h-{cid}">“{esc(q.text)}” <span class="hint">line {line}, column {col}</span></h3>'
        "<dl>" + "".join([f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows]) + f"</dl>{body}</section>"
    )


def _highlights(rep: ArticleReport) -> list[Claim]:
    """The claims marked in the article text: in order, none overlapping the one before
    (an overlapping one is reachable from the summary only)."""
    out, pos = [], 0
    for c in sorted(rep.result.claims, key=lambda c: (c.start, c.end)):
        if c.start < pos or c.end <= c.start:
            continue
        out.append(c)
        pos = c.end
    return out


def _article(rep: ArticleReport, marked: list[Claim], per_claim: dict[str, list[Finding]]) -> Iterator[str]:
    text, pos = rep.text, 0
    for c in marked:
        fs = per_claim.get(c.id, [])
        verdict = worst_verdict(fs) or "none"
        reviewed = " reviewed" if fs and all(rep.is_reviewed(f) for f in fs) else ""
        label = f"{c.quantity.text}: {verdict if fs else 'no finding'}"
        yield esc(text[pos : c.start])
        yield (
            f'<span class="claim v-{verdict}{reviewed}" id="{attr(c.id)}" tabindex="0" role="button" aria-expanded="false" '
            f'aria-controls="card-{attr(c.id)}" aria-label="{attr(label)}" data-findings="{attr(" ".join([f.id for f in fs]))}">'
            f"{esc(text[c.start:c.end])}</span>"
        )
        pos = c.end
    yield esc(text[pos:])


def _summary(rep: ArticleReport, per_claim: dict[str, list[Finding]], shown: set[str], fail_on: str) -> str:
    counts = rep.counts()
    reviewed = sum(rep.is_reviewed(f) for f in rep.result.findings)
    sev = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in counts["severity"].items())
    ver = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in counts["verdict"].items())
    rules = sorted({f.rule: f.name for f in rep.result.findings}.items())
    filters = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {s}</label>' for s in ("error", "warning", "info")
    )
    rule_filters = "".join(f'<label><input type="checkbox" name="rule" value="{attr(r)}" checked> {esc(r)} {esc(n)}</label>' for r, n in rules)
    first_claim = {}
    for cid, fs in per_claim.items():
        for f in fs:
            first_claim.setdefault(f.id, cid)
    items = []
    for f in rep.findings():
        cid = first_claim.get(f.id)
        line, col = rep.position(rep.start(f))
        card = f"card-{cid}" if cid else f"card-{f.id}"
        target = cid if cid in shown else ""
        mark = " · " + esc(rep.review(f).decision) if rep.review(f) else ""
        items.append(
            f'<li data-finding-item="{attr(f.id)}" data-severity="{attr(f.severity)}" data-rule="{attr(f.rule)}" '
            f'data-verdict="{attr(f.verdict)}" data-claim="{attr(target)}" data-card="{attr(card)}">'
            f'<a href="#{attr(target or card)}"><span class="badge sev-{attr(f.severity)}">{esc(f.severity)}</span>'
            f"{esc(f.rule)} {line}:{col} {esc(f.verdict)}{mark} — {esc(f.message)}</a></li>"
        )
    unused = "".join(f"<li>{esc(lf.rule)} {esc(lf.name)}: {esc(lf.message)}</li>" for lf in rep.ledger_findings)
    gating = len(rep.gating(fail_on)) + len(rep.ledger_gating(fail_on))
    gate = (f'<p class="gate-fail">Gate (fail on {esc(fail_on)}): fails, {gating} to fix or review</p>' if gating
            else f'<p class="gate-pass">Gate (fail on {esc(fail_on)}): passes</p>')
    return (
        f'<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>{gate}'
        f'<table class="counts"><caption class="visually-hidden">Findings by severity</caption>{sev}'
        f"<tr><th>reviewed in ledger</th><td>{reviewed}</td></tr></table>"
        f'<table class="counts"><caption class="visually-hidden">Findings by verdict</caption>{ver}</table>'
        f"<fieldset><legend>Severity</legend>{filters}</fieldset>"
        + (f"<fieldset><legend>Rule</legend>{rule_filters}</fieldset>" if rules else "")
        + f'<h2>Findings</h2><ol class="findings">{"".join(items)}</ol>'
        + ("" if items else '<p class="hint">No findings.</p>')
        + (f'<h2>Ledger</h2><p class="hint">{esc(rep.ledger_path)}</p><ul class="unused">{unused}</ul>' if unused else "")
        + "</section>"
    )


def render_html(rep: ArticleReport, fail_on: str = "error") -> str:
    return "".join(html_chunks(rep, fail_on))


def html_chunks(rep: ArticleReport, fail_on: str = "error") -> Iterator[str]:
    """The page in pieces, in order, so a writer streams it: the page of a long article is
    several times the article, and is never held whole."""
    per_claim = rep.claim_findings()
    marked = _highlights(rep)
    shown = {c.id for c in marked}
    a = rep.result.article
    lang = a.language if a.language in ("en", "zh-Hant", "zh-Hans") else "und"
    css, js = _asset("report.css")[0], _asset("report.js")[0]
    yield (
        "<!DOCTYPE html>\n"
        f'<html lang="{attr(lang)}" dir="ltr"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp()}">\n'
        '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>verify: {esc(rep.path)}</title>\n<style>{css}</style></head>\n<body>"
        f"<header><h1>verify: {esc(rep.path)}</h1>"
        f'<p class="meta">{esc(a.language)} · {esc(a.encoding)}{esc(f" (confidence {a.encoding_confidence:.2f})") if a.encoding_confidence < 1 else ""} · {len(rep.result.claims)} figures · '
        f"{len(rep.result.findings)} findings · sha256 {esc(a.sha256[:12])}</p></header>\n<main>"
    )
    yield f"{_summary(rep, per_claim, shown, fail_on)}\n"
    yield f'<section aria-labelledby="article-h"><h2 id="article-h">Article</h2><div class="article" lang="{attr(lang)}">'
    yield from _batched(_article(rep, marked, per_claim))
    yield (
        "</div></section>\n"
        f'<aside id="cards" aria-label="Figure details"><h2>Figure</h2><p class="hint" id="hint">Click a highlighted figure, '
        f"or Tab to it and press Enter, to see its checks. Escape closes; n and p jump between flagged figures.</p>"
    )
    blocks = _Blocks(rep, per_claim, fail_on)
    with msg.language("en"):
        yield from _batched(_claim_card(rep, c, per_claim.get(c.id, []), blocks) for c in rep.result.claims)
    claimed = {f.id for fs in per_claim.values() for f in fs}
    for f in rep.findings():
        if f.id not in claimed:
            yield (
                f'<section class="card" id="card-{attr(f.id)}" tabindex="-1" hidden><button type="button" class="close">Close</button>'
                f"<h3>{esc(f.rule)} {esc(f.name)}</h3>{_finding(rep, f, fail_on)}</section>"
            )
    yield f"</aside></main>\n<script>{js}</script>\n</body></html>\n"


def _batched(parts: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Small pieces joined into chunks of about ``size`` characters (fewer, larger writes)."""
    buf, n = [], 0
    for p in parts:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)

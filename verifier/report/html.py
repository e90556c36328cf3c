"""The annotated HTML report: one self-contained page per article.

The article and every source quote are untrusted text, so everything printed
goes through ``esc`` (HTML escaping, with bidi overrides and invisible
controls shown as ``U+202E`` badges), links are made only for http(s) URLs,
and the Content-Security-Policy allows just this page's own style and script,
pinned by hash: a payload that slipped past escaping still could not run.
The script builds no markup from data; it only shows and hides what is here.
What a reader sees first (the summary, the key to the colours, the list of
findings the side panel opens on, filtered to errors and warnings) is in
``html_overview``.
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
from verifier.report import html_overview as overview
from verifier.report.html_overview import colour_at_open, rule_title, shown_at_open
from verifier.report.ui import plural, words
from verifier.report.view import CONTROLS, ArticleReport, fails_gate, is_source_row, row_label, row_topic, source_rows, worst_verdict

_URL = re.compile(r"https?://[^\s<>\"'`\x00-\x1f\x7f]+\Z", re.I)
_KNOWN = ("formula", "arithmetic", "inputs", "computed", "tolerance", "source")
_MACHINE = {"periods", "files", "years"}  # lists for tools (in the JSON report), not for a reader


_QUOTE = re.compile("[&<>\"']")
_SPECIAL = re.compile(f"{_QUOTE.pattern}|{CONTROLS.pattern}")


@lru_cache(maxsize=None)
def _control_title(lang: str = "en") -> str:
    return html.escape(words(lang)["html"]["control"], quote=True)


def esc(s, title: str | None = None) -> str:
    """Escape text for HTML, showing reordering and invisible controls as badges (``title``: their
    tooltip, already escaped, in the page's language; English when not given)."""
    if type(s) is not str:
        s = str(s)
    if not _SPECIAL.search(s):  # most cells are words and figures: nothing to escape
        return s
    if not CONTROLS.search(s):
        return html.escape(s)
    out, pos = [], 0
    for m in CONTROLS.finditer(s):
        out.append(html.escape(s[pos : m.start()]))
        out.append(f'<span class="ctl" title="{title or _control_title()}">U+{ord(m.group()):04X}</span>')
        pos = m.end()
    out.append(html.escape(s[pos:]))
    return "".join(out)


def attr(s) -> str:
    s = str(s)
    return html.escape(s, quote=True) if _QUOTE.search(s) else s


def link(url, text=None, e=esc) -> str:
    url = str(url or "").strip()
    if _URL.match(url):
        return f'<a href="{attr(url)}" rel="noopener noreferrer" target="_blank">{e(text or url)}</a>'
    return e(text or url)


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


def _value(v, e=esc) -> str:
    if isinstance(v, dict):
        return "<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{_value(x, e)}</dd>" for k, x in v.items()) + "</dl>"
    if isinstance(v, (list, tuple)):
        return "<ul>" + "".join(f"<li>{_value(x, e)}</li>" for x in v) + "</ul>"
    if isinstance(v, float):
        return e(fmt.number(v))
    return e("—" if v is None else v)


class _Words:
    """The page's words in one language (``data/ui/<lang>.yaml``, section ``html``), escaped once:
    ``w.summary`` a label, ``w("position", line=3, col=4)`` a template filled with escaped parts;
    ``w.esc`` escapes untrusted text with the control-character badge's tooltip in this language."""

    attr = staticmethod(attr)

    def __init__(self, lang: str):
        self.lang = lang
        self.raw = words(lang)["html"]
        self.control = _control_title(lang)
        self.templates = {k: self.esc(v) for k, v in self.raw.items() if isinstance(v, str)}
        for k, v in self.templates.items():
            setattr(self, k, v)
        self.card = {k: self.esc(v) for k, v in self.raw["card"].items()}
        self.severity = {k: self.esc(v) for k, v in self.raw["severity"].items()}
        self.verdict = {k: self.esc(v) for k, v in self.raw["verdict"].items()}
        self.fails_gate = self.esc(words(lang)["review"]["fails_gate"])

    def esc(self, s) -> str:
        return esc(s, self.control)

    def __call__(self, key: str, **parts) -> str:
        """A template with its parts escaped (the template is data, escaped too)."""
        return self.templates[key].format(**{k: self.esc(v) for k, v in parts.items()})

    def label(self, section: str, key: str) -> str:
        """An evidence or source-row key as a label; a key the file does not list, with spaces for underscores."""
        return self.esc(self.raw[section].get(key) or key.replace("_", " "))

    def kind(self, kind: str) -> str:
        return self.raw["kind"].get(kind) or kind.replace("_", " ")

    def sev(self, severity: str) -> str:
        return self.severity.get(severity) or self.esc(severity)

    def ver(self, verdict: str) -> str:
        return self.verdict.get(verdict) or self.esc(verdict)

    def rule(self, code: str, name: str = "") -> str:
        """A rule's name in this language (``html.rule``, by code); a rule the file does not name, its own name in words."""
        return self.esc(self.raw["rule"].get(code) or (name or "").replace("-", " "))

    def decision(self, decision: str) -> str:
        """A ledger decision (``accepted``) in the messages' words of this language, as text (not escaped)."""
        return msg.catalogue(self.lang).get(f"decision.{decision}") or decision

    def language(self, code: str) -> str:
        return self.esc(self.raw["language"].get(code) or code)


class _Page:
    """One article's page, in one language; a finding's block is rendered once for all the cards
    that show it, and let go after the last of them (the cards come in claim order)."""

    def __init__(self, rep: ArticleReport, fail_on: str, lang: str):
        self.rep, self.fail_on, self.lang = rep, fail_on, lang
        self.w = _Words(lang)
        self.per_claim = rep.claim_findings()
        self.uses: dict[str, int] = {}
        for fs in self.per_claim.values():
            for f in fs:
                self.uses[f.id] = self.uses.get(f.id, 0) + 1
        self.done: dict[str, str] = {}

    def block(self, f: Finding) -> str:
        block = self.done.get(f.id)
        if block is None:
            block = self.finding(f)
        left = self.uses.get(f.id, 0) - 1
        self.uses[f.id] = left
        if left > 0:
            self.done[f.id] = block
        else:
            self.done.pop(f.id, None)
        return block

    # --- a finding ------------------------------------------------------------

    def source(self, src, compact: bool = False) -> str:
        """A source row: table and row, who published it (linked when http), date, quote, and the rest unless compact."""
        e = self.w.esc
        if not is_source_row(src) and not isinstance(src, dict):
            return _value(src, e)
        label = lambda key: self.w.label("row", key)  # noqa: E731
        rows = []
        if is_source_row(src):
            rows.append(f"<dt>{label('table')}</dt><dd>{e(row_label(src, self.lang))}</dd>")
        url = src.get("url")
        if src.get("source"):
            rows.append(f"<dt>{label('source')}</dt><dd>{link(url, src['source'], e) if url else e(src['source'])}</dd>")
        for key in ("figure", "published", "note"):
            if src.get(key) not in (None, ""):
                rows.append(f"<dt>{label(key)}</dt><dd>{e(src[key])}</dd>")
        if src.get("quote"):
            rows.append(f"<dt>{label('quote')}</dt><dd><blockquote>{e(src['quote'])}</blockquote></dd>")
        if url and url != src.get("source"):
            rows.append(f"<dt>{label('link')}</dt><dd>{link(url, None, e)}</dd>")
        if not compact and is_source_row(src):
            topic = row_topic(src, self.lang)
            if topic:  # what the row publishes, in words (the JSON report keeps the row's ids and values)
                rows.append(f"<dt>{label('publishes')}</dt><dd>{e(topic)}</dd>")
        return "<dl>" + "".join(rows) + "</dl>"

    def evidence(self, ev: dict) -> str:
        w, e, parts = self.w, self.w.esc, []
        if ev.get("formula"):
            parts.append(f'<p>{w.formula}<code class="arith">{e(ev["formula"])}</code></p>')
        if ev.get("arithmetic"):
            parts.append(f'<p class="arith">{e(ev["arithmetic"])}</p>')
        lists = source_rows(ev)
        skip = set(_KNOWN) | {k for k, _ in lists}
        # Only evidence written for people: numbers, intervals and claim ids stay in the JSON report,
        # so no unrounded float or internal name reaches the page (the terminal shows the same).
        tol = ev.get("tolerance")
        rows = [f"<dt>{w.label('evidence', 'tolerance')}</dt><dd>{e(tol)}</dd>"] if isinstance(tol, str) and tol else []
        rows += [f"<dt>{w.label('evidence', k)}</dt><dd>{_value(v, e)}</dd>" for k, v in ev.items()
                 if k not in skip and k not in _MACHINE and _readable(v)]
        if rows:
            parts.append("<dl>" + "".join(rows) + "</dl>")
        if ev.get("source"):
            parts.append(f"<h5>{w.source}</h5>" + self.source(ev["source"]))
        for key, items in lists:
            if items:
                body = "".join(self.source(r, compact=True) for r in items)
                summary = e(w.raw["more"]).format(key=w.label("evidence", key), n=len(items))
                parts.append(f"<details><summary>{summary}</summary>{body}</details>")
        return "".join(parts)

    def finding(self, f: Finding) -> str:
        """A finding's block; hidden as the page opens unless its severity is shown then."""
        rep, w, e = self.rep, self.w, self.w.esc
        line, col = rep.position(rep.start(f))
        entry = rep.review(f)
        review = ""
        if entry is not None:
            decision = w.decision(entry.decision)
            said = w("review_reason", decision=decision, reason=entry.reason) if entry.reason else w("review", decision=decision)
            review = f'<p class="review">{said}</p>'
        gate = w.sep + w.fails_gate if fails_gate(f.severity, self.fail_on) and not rep.is_reviewed(f) else ""
        return (
            f'<div class="finding verdict-{attr(f.verdict)}" data-finding="{attr(f.id)}" data-severity="{attr(f.severity)}" '
            f'data-rule="{attr(f.rule)}" data-verdict="{attr(f.verdict)}"{"" if shown_at_open(f) else " hidden"}>'
            f'<h4><span class="badge sev-{attr(f.severity)}">{w.sev(f.severity)}</span>{rule_title(w, f)} — {w.ver(f.verdict)}</h4>'
            f"<p>{e(f.message)}</p>{self.evidence(f.evidence or {})}"
            + (f'<p class="pairing">{w("reading", text=lexicon.pairing_text(f.pairing, self.lang))}</p>' if f.pairing else "")
            + (f"<p>{w('advice', text=f.advice)}</p>" if f.advice else "")
            + f'{review}<p class="hint">{w("position", line=line, col=col)}{gate}</p></div>'
        )

    # --- a figure ---------------------------------------------------------------

    def card(self, c: Claim) -> str:
        """A figure's card; called inside ``msg.language(self.lang)``: ids and labels become words, never shown raw."""
        rep, w, e = self.rep, self.w, self.w.esc
        q = c.quantity
        line, col = rep.position(q.start)
        value = msg.value(q.value, q.unit) if q.low is None else w.raw["range"].format(a=msg.value(q.low, q.unit), b=msg.value(q.high, q.unit))
        k = w.card
        rows = [(k["printed"], q.text), (k["value"], value), (k["unit"], msg.unit_name(q.unit) or w.raw["none"]), (k["kind"], w.kind(c.kind)),
                (k["interval"], msg.interval(q.lo, q.hi, q.unit))]
        rows += [(label, v) for label, v in ((k["hedge"], q.hedge and msg.t(f"hedge.{q.hedge}")), (k["entity"], c.entity and msg.entity(c.entity)),
                                             (k["metric"], c.metric and msg.metric(c.metric)), (k["period"], c.period and msg.period(c.period)),
                                             (k["attribution"], c.attribution)) if v]
        rows += [(k["note"], n) for n in q.notes]
        fs = self.per_claim.get(c.id, [])
        if fs:  # a line that says so when every finding of the figure is filtered out (the script keeps it true)
            hidden = "" if not any(map(shown_at_open, fs)) else " hidden"
            body = f'<p class="hint filtered"{hidden}>{w.card_filtered}</p>' + "".join([self.block(f) for f in fs])
        else:
            body = f'<p class="hint">{w.no_check}</p>'
        cid = attr(c.id)
        return (
            f'<section class="card" id="card-{cid}" tabindex="-1" hidden aria-labelledby="h-{cid}">'
            f'<button type="button" class="close">{w.close}</button>'
            f'<h3 id="h-{cid}">{w("quote", text=q.text)} <span class="hint">{w("position", line=line, col=col)}</span></h3>'
            "<dl>" + "".join([f"<dt>{label}</dt><dd>{e(v)}</dd>" for label, v in rows]) + f"</dl>{body}</section>"
        )

    def highlights(self) -> list[Claim]:
        """The claims marked in the article text: in order, none overlapping the one before
        (an overlapping one is reachable from the summary only)."""
        out, pos = [], 0
        for c in sorted(self.rep.result.claims, key=lambda c: (c.start, c.end)):
            if c.start < pos or c.end <= c.start:
                continue
            out.append(c)
            pos = c.end
        return out

    def article(self, marked: list[Claim]) -> Iterator[str]:
        """The article with its figures marked, each coloured by its worst finding shown as the page
        opens; ``data-pos`` is the figure's place in words a printout shows beside it."""
        rep, w, e = self.rep, self.w, self.w.esc
        text, pos = rep.text, 0
        for c in marked:
            fs = self.per_claim.get(c.id, [])
            reviewed = " reviewed" if fs and all(rep.is_reviewed(f) for f in fs) else ""
            worst = worst_verdict(fs)
            label = w.raw["claim_label"].format(text=c.quantity.text, verdict=w.raw["verdict"].get(worst, worst) if fs else w.raw["no_finding"])
            line, col = rep.position(c.start)
            yield e(text[pos : c.start])
            yield (
                f'<span class="claim v-{colour_at_open(fs)}{reviewed}" id="{attr(c.id)}" tabindex="0" role="button" aria-expanded="false" '
                f'aria-controls="card-{attr(c.id)}" aria-label="{attr(label)}" data-findings="{attr(" ".join([f.id for f in fs]))}" '
                f'data-pos="{attr(w.raw["print_position"].format(line=line, col=col))}">{e(text[c.start:c.end])}</span>'
            )
            pos = c.end
        yield e(text[pos:])

    # --- the page -------------------------------------------------------------------

    def chunks(self) -> Iterator[str]:
        rep, w = self.rep, self.w
        marked = self.highlights()
        shown = {c.id for c in marked}
        a = rep.result.article
        lang = a.language if a.language in ("en", "zh-Hant", "zh-Hans") else "und"
        css, js = _asset("report.css")[0], _asset("report.js")[0]
        title = w("title", path=rep.path)
        confidence = w("confidence", c=f"{a.encoding_confidence:.2f}") if a.encoding_confidence < 1 else ""
        meta = w.esc(w.raw["meta"]).format(language=w.language(a.language), encoding=w.esc(a.encoding), confidence=confidence,
                                           figures=w.esc(plural("figure", len(rep.result.claims), self.lang)),
                                           findings=w.esc(plural("finding", len(rep.result.findings), self.lang)), sha=w.esc(a.sha256[:12]))
        yield (
            "<!DOCTYPE html>\n"
            f'<html lang="{attr(self.lang)}" dir="ltr"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp()}">\n'
            '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{css}</style></head>\n<body>"
            f'<header><h1>{title}</h1><p class="meta">{meta}</p></header>\n<main>'
        )
        yield f"{overview.summary(self)}\n"
        yield (f'<section aria-labelledby="article-h"><h2 id="article-h">{w.article}</h2>{overview.legend(self, marked)}'
               f'<div class="article" lang="{attr(lang)}">')
        yield from _batched(self.article(marked))
        yield "</div></section>\n" f'<aside id="cards" aria-label="{w.figure_details}">{overview.findings_list(self, shown)}'
        with msg.language(self.lang):
            yield from _batched(self.card(c) for c in rep.result.claims)
        claimed = {f.id for fs in self.per_claim.values() for f in fs}
        for f in rep.findings():
            if f.id not in claimed:
                yield (
                    f'<section class="card" id="card-{attr(f.id)}" tabindex="-1" hidden><button type="button" class="close">{w.close}</button>'
                    f"<h3>{rule_title(w, f)}</h3>{self.finding(f)}</section>"
                )
        yield f"</aside></main>\n<script>{js}</script>\n</body></html>\n"


def render_html(rep: ArticleReport, fail_on: str = "error", lang: str | None = None) -> str:
    return "".join(html_chunks(rep, fail_on, lang))


def html_chunks(rep: ArticleReport, fail_on: str = "error", lang: str | None = None) -> Iterator[str]:
    """The page in pieces, in order, so a writer streams it: the page of a long article is
    several times the article, and is never held whole. Its words are in ``lang``, else the
    report's language (``--lang``, else the article's)."""
    yield from _Page(rep, fail_on, lang if lang in ("en", "zh-Hant", "zh-Hans") else rep.language).chunks()


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

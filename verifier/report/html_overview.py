"""What an editor sees of the HTML report before clicking anything: the summary and its
filters, the key to the article's colours and marks, what the filters hide, and the list
of findings the side panel starts with.

The page opens filtered to errors and warnings (``OPEN_SEVERITIES``): the markup itself is
in that state (info findings ``hidden``, each figure coloured by its worst shown finding),
so it reads the same before the script runs; the script only follows the checkboxes.
"""

from __future__ import annotations

from verifier.models import Claim, Finding
from verifier.report.ui import plural
from verifier.report.view import CONTROLS, SEVERITY_RANK, VERDICT_RANK

OPEN_SEVERITIES = ("error", "warning")
# The key's order: the verdict colours worst first, then the marks.
_VERDICTS = sorted(VERDICT_RANK, key=VERDICT_RANK.__getitem__, reverse=True)


def shown_at_open(f: Finding) -> bool:
    return f.severity in OPEN_SEVERITIES


def colour_at_open(fs: list[Finding]) -> str:
    """A figure's colour as the page opens: the worst verdict of its shown findings, else none."""
    return max((f.verdict for f in fs if shown_at_open(f)), key=VERDICT_RANK.__getitem__, default="none")


def list_order(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notes; each in article order (``findings`` come in it)."""
    return sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])


def rule_title(w, f) -> str:
    """A rule as a reader is shown it: its code and its name in the page's language."""
    return f"{w.esc(f.rule)} {w.rule(f.rule, f.name)}"


def summary(page) -> str:
    rep, w, fail_on = page.rep, page.w, page.fail_on
    counts = rep.counts()
    reviewed = sum(rep.is_reviewed(f) for f in rep.result.findings)
    sev = "".join(f"<tr><th>{w.sev(k)}</th><td>{v}</td></tr>" for k, v in counts["severity"].items())
    ver = "".join(f"<tr><th>{w.ver(k)}</th><td>{v}</td></tr>" for k, v in counts["verdict"].items())
    rules = sorted({f.rule: f for f in rep.result.findings}.items())
    filters = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" autocomplete="off"{" checked" if s in OPEN_SEVERITIES else ""}> '
        f"{w.sev(s)}</label>" for s in ("error", "warning", "info")
    )
    rule_filters = "".join(f'<label><input type="checkbox" name="rule" value="{w.attr(r)}" autocomplete="off" checked> {rule_title(w, f)}</label>'
                           for r, f in rules)
    unused = "".join(f"<li>{rule_title(w, lf)}: {w.esc(lf.message)}</li>" for lf in rep.ledger_findings)
    gating = len(rep.gating(fail_on)) + len(rep.ledger_gating(fail_on))
    gate = (f'<p class="gate-fail">{w("gate_fails", level=fail_on, n=gating)}</p>' if gating
            else f'<p class="gate-pass">{w("gate_passes", level=fail_on)}</p>')
    return (
        f'<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">{w.summary}</h2>{gate}'
        f'<table class="counts"><caption class="visually-hidden">{w.by_severity}</caption>{sev}'
        f"<tr><th>{w.reviewed}</th><td>{reviewed}</td></tr></table>"
        f'<table class="counts"><caption class="visually-hidden">{w.by_verdict}</caption>{ver}</table>'
        f"<fieldset><legend>{w.filter_severity}</legend>{filters}</fieldset>"
        + (f"<fieldset><legend>{w.filter_rule}</legend>{rule_filters}</fieldset>" if rules else "")
        + (f'<h2>{w.ledger}</h2><p class="hint">{w.esc(rep.ledger_path)}</p><ul class="unused">{unused}</ul>' if unused else "")
        + "</section>"
    )


def legend(page, marked: list[Claim]) -> str:
    """The key to every colour and mark the article view can show: the verdict colours its
    figures can take, the plain mark, the reviewed mark, the open figure's outline, and the
    control-character badge when the text has one. Each sample is styled by the classes the
    article uses, so the key cannot drift from the colours."""
    rep, w = page.rep, page.w
    if not marked:
        return ""
    per = page.per_claim
    verdicts = {f.verdict for c in marked for f in per.get(c.id, [])}
    marks = [(f"swatch v-{v}", v) for v in _VERDICTS if v in verdicts]
    marks.append(("swatch v-none", "none"))
    if any(per.get(c.id) and all(rep.is_reviewed(f) for f in per[c.id]) for c in marked):
        marks.append(("swatch v-none reviewed", "reviewed"))
    marks.append(("swatch v-none active", "active"))
    if CONTROLS.search(rep.text):
        marks.append(("ctl", "control"))
    key = w.raw["legend"]
    items = "".join(
        f'<li data-key="{k}"><span class="{cls}">{w.ver(k) if k in VERDICT_RANK else w.esc(key[k]["mark"])}</span> '
        f'{w.esc(key[k] if k in VERDICT_RANK else key[k]["text"])}</li>' for cls, k in marks)
    return f'<div class="legend" role="group" aria-labelledby="legend-h"><h3 id="legend-h">{w.key}</h3><ul>{items}</ul></div>'


def filter_state(page) -> str:
    """What the filters show, in words: the opening state says what it hides and how to show
    it; the script shows the line that matches the checkboxes (it writes no text itself)."""
    rep, w, lang = page.rep, page.w, page.lang
    hidden = [f for f in rep.result.findings if not shown_at_open(f)]
    held_claims = [cid for cid, fs in page.per_claim.items()
                   if fs and all(f.verdict == "supported" and not shown_at_open(f) for f in fs)]
    on_held = {f.id for cid in held_claims for f in page.per_claim[cid]}
    others = sum(f.id not in on_held for f in hidden)
    parts = [plural("held_figure", len(held_claims), lang)] if held_claims else []
    if others:
        parts.append(plural("other_note" if held_claims else "info", others, lang))
    what = w.raw["filter"]
    if parts:
        text = what["open"].format(hidden=what["both"].format(a=parts[0], b=parts[1]) if len(parts) == 2 else parts[0],
                                   info=w.raw["severity"]["info"], severity=w.raw["filter_severity"])
    else:
        text = what["open_nothing_hidden"]
    lines = [("open", text), ("all", what["all"]), ("custom", what["custom"])]
    return '<p class="filter-state" aria-live="polite">' + "".join(
        f'<span data-filter-state="{k}"{"" if k == "open" else " hidden"}>{w.esc(t)}</span>' for k, t in lines) + "</p>"


def findings_list(page, shown: set[str]) -> str:
    """The side panel's first view: the findings, errors first, each a link to its figure and card."""
    rep, w = page.rep, page.w
    first_claim: dict[str, str] = {}
    for cid, fs in page.per_claim.items():
        for f in fs:
            first_claim.setdefault(f.id, cid)
    items = []
    for f in list_order(rep.findings()):
        cid = first_claim.get(f.id)
        line, col = rep.position(rep.start(f))
        card = f"card-{cid}" if cid else f"card-{f.id}"
        target = cid if cid in shown else ""
        review = rep.review(f)
        mark = w.sep + w.esc(w.decision(review.decision)) if review else ""
        items.append(
            f'<li data-finding-item="{w.attr(f.id)}" data-severity="{w.attr(f.severity)}" data-rule="{w.attr(f.rule)}" '
            f'data-verdict="{w.attr(f.verdict)}" data-claim="{w.attr(target)}" data-card="{w.attr(card)}"{"" if shown_at_open(f) else " hidden"}>'
            f'<a href="#{w.attr(target or card)}"><span class="badge sev-{w.attr(f.severity)}">{w.sev(f.severity)}</span>'
            f"{rule_title(w, f)} · {w('position', line=line, col=col)} · {w.ver(f.verdict)}{mark} — {w.esc(f.message)}</a></li>"
        )
    findings = rep.result.findings
    empty = (f'<p class="hint" id="none-shown"{" hidden" if any(map(shown_at_open, findings)) else ""}>{w.esc(w.raw["filter"]["empty"])}</p>'
             if findings else f'<p class="hint">{w.no_findings}</p>')
    return (
        f'<section id="findings-panel" aria-labelledby="findings-h"><h2 id="findings-h">{w.findings}</h2>{filter_state(page)}'
        f'<ol class="findings">{"".join(items)}</ol>{empty}<p class="hint" id="hint">{w.hint}</p></section>'
    )

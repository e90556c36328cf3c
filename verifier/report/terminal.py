"""The terminal summary: what an editor reads first.

Figures found, then findings in article order with their arithmetic, ledger
decisions and unused ledger entries, and where the HTML report went. rich
writes it; colour only on a TTY and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
import sys

from verifier.pipeline import Result
from verifier import numfmt as fmt
from verifier.report.view import ArticleReport, fails_gate, is_source_row, row_label, show_controls, source_rows

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_KNOWN = ("formula", "arithmetic", "inputs", "computed", "tolerance", "source")


def console(file=None):
    from rich.console import Console

    file = file or sys.stdout
    color = file.isatty() and not os.environ.get("NO_COLOR")
    return Console(file=file, no_color=not color, highlight=False, soft_wrap=True, force_terminal=color or None)


def _esc(s) -> str:
    from rich.markup import escape

    return escape(show_controls(str(s)))


def render(reports: list[ArticleReport | Result], *, show_figures: bool = True, fail_on: str = "error", file=None,
           verbose: bool = False) -> None:
    out = console(file)
    for rep in reports:
        if isinstance(rep, Result):
            rep = ArticleReport(rep)
        _render_one(out, rep, show_figures, fail_on, verbose)


def _render_one(out, rep: ArticleReport, show_figures: bool, fail_on: str, verbose: bool) -> None:
    r = rep.result
    c = rep.counts()["severity"]
    out.print(
        f"[bold]{_esc(rep.path)}[/bold]  ({r.article.language}, {r.article.encoding}): "
        f"{len(r.claims)} figures, {c['error']} errors, {c['warning']} warnings, {c['info']} notes"
    )
    if show_figures:
        for cl in r.claims:
            q = cl.quantity
            bits = [fmt.value(q.value, q.unit) if q.low is None else f"{fmt.value(q.low, q.unit)} to {fmt.value(q.high, q.unit)}"]
            if q.hedge:
                bits.append(q.hedge.replace("_", " "))
            for label, val in (("entity", cl.entity), ("metric", cl.metric), ("period", cl.period)):
                if val:
                    bits.append(f"{label} {val}")
            line, col = rep.position(q.start)
            out.print(f"  {line}:{col}  [bold]{_esc(q.text)}[/bold]  → {_esc(', '.join(bits))}")
    for f in rep.findings():
        line, col = rep.position(rep.start(f))
        style = _STYLE[f.severity]
        entry = rep.review(f)
        mark = ""
        if entry is not None and entry.reviewed:
            mark = f" [dim]({entry.decision}: {_esc(entry.reason)})[/dim]"
        elif fails_gate(f.severity, fail_on):
            mark = " [dim](fails the gate)[/dim]"
        out.print(f"  [{style}]{f.severity}[/{style}] {f.rule} {f.name} ({f.verdict}) {line}:{col}: {_esc(f.message)}{mark}")
        if f.verdict == "supported" and not verbose:
            continue  # a figure that holds needs one line; its arithmetic is in the message and the HTML report
        _evidence(out, f.evidence or {})
        if f.advice:
            out.print(f"      advice: {_esc(f.advice)}")
    for lf in rep.ledger_findings:
        where = f"{lf.file}:{lf.line}" if lf.line else lf.file
        style = _STYLE[lf.severity]
        mark = " [dim](fails the gate)[/dim]" if fails_gate(lf.severity, fail_on) else ""
        out.print(f"  [{style}]{lf.severity}[/{style}] {lf.rule} {lf.name} {_esc(where)}: {_esc(lf.message)}{mark}")
        if lf.advice:
            out.print(f"      advice: {_esc(lf.advice)}")
    if rep.html_path:
        out.print(f"  HTML report: {_esc(rep.html_path)}")


def _evidence(out, ev: dict) -> None:
    if ev.get("formula"):
        out.print(f"      formula: {_esc(ev['formula'])}")
    if ev.get("arithmetic"):
        out.print(f"      {_esc(ev['arithmetic'])}")
    if ev.get("inputs"):
        out.print(f"      inputs: {_esc(_flat(ev['inputs']))}")
    if ev.get("computed") is not None:
        out.print(f"      computed: {_esc(_flat(ev['computed']))}")
    if ev.get("tolerance"):
        out.print(f"      tolerance: {_esc(_flat(ev['tolerance']))}")
    src = ev.get("source")
    if is_source_row(src):
        out.print(f"      source: {_esc(row_label(src))}: {_esc(src.get('source', ''))}")
        if src.get("quote"):
            out.print(f"        “{_esc(src['quote'])}”")
        if src.get("url") and src.get("url") != src.get("source"):
            out.print(f"        {_esc(src['url'])}")
    elif src:
        out.print(f"      source: {_esc(_flat(src))}")
    rows = source_rows(ev)
    for key, items in rows:
        for row in items:
            out.print(f"      {_esc(key)}: {_esc(row_label(row))}: {_esc(row.get('figure') or '')} {_esc(row.get('source') or '')}".rstrip())
    skip = set(_KNOWN) | {k for k, _ in rows}
    for k, v in ev.items():
        if k not in skip and v not in (None, "", [], {}):
            out.print(f"      {_esc(k)}: {_esc(_flat(v))}")


def _flat(v) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k} {_flat(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ", ".join(_flat(x) for x in v)
    if isinstance(v, float):
        return fmt.number(v)
    return str(v)

"""The terminal summary: what an editor reads first.

Figures found, then findings in article order with their arithmetic. rich
writes it; colour only on a TTY and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
import sys

from verifier.pipeline import Result
from verifier.report import fmt

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def console(file=None):
    from rich.console import Console

    file = file or sys.stdout
    color = file.isatty() and not os.environ.get("NO_COLOR")
    return Console(file=file, no_color=not color, highlight=False, soft_wrap=True, force_terminal=color or None)


def render(results: list[Result], *, show_figures: bool = True, file=None) -> None:
    from rich.markup import escape

    out = console(file)
    for r in results:
        sev = [f.severity for f in r.findings]
        out.print(
            f"[bold]{escape(r.article.path)}[/bold]  ({r.article.language}, {r.article.encoding}): "
            f"{len(r.claims)} figures, {sev.count('error')} errors, {sev.count('warning')} warnings, "
            f"{sev.count('info')} notes"
        )
        if show_figures:
            for c in r.claims:
                q = c.quantity
                bits = [fmt.value(q.value, q.unit) if q.low is None else f"{fmt.value(q.low, q.unit)} to {fmt.value(q.high, q.unit)}"]
                if q.hedge:
                    bits.append(q.hedge.replace("_", " "))
                for label, val in (("entity", c.entity), ("metric", c.metric), ("period", c.period)):
                    if val:
                        bits.append(f"{label} {val}")
                line, col = _line_col(r.article.text, q.start)
                out.print(f"  {line}:{col}  [bold]{escape(q.text)}[/bold]  → {escape(', '.join(bits))}")
        for f in sorted(r.findings, key=lambda f: (f.spans[0].start if f.spans else 0)):
            line, col = _line_col(r.article.text, f.spans[0].start) if f.spans else (0, 0)
            style = _STYLE[f.severity]
            out.print(f"  [{style}]{f.severity}[/{style}] {f.rule} {f.name} ({f.verdict}) {line}:{col}: {escape(f.message)}")
            ev = f.evidence or {}
            if ev.get("arithmetic"):
                out.print(f"      {escape(str(ev['arithmetic']))}")
            if ev.get("tolerance"):
                out.print(f"      tolerance: {escape(str(ev['tolerance']))}")
            if ev.get("source"):
                src = ev["source"]
                out.print(f"      source: {escape(str(src.get('file')))} row {src.get('row')}: {escape(str(src.get('source', '')))}")
            if f.advice:
                out.print(f"      advice: {escape(f.advice)}")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col

"""Cross-article findings (cross-article-conflict) in the batch summary of the terminal report."""

from __future__ import annotations

from verifier.report.ui import words
from verifier.report.view import show_controls


def render_text(found: list[dict], lang: str = "en") -> str:
    """The heading's words are ``data/ui/<lang>.yaml``'s ``cross``; the findings' are their messages."""
    forms = words(lang)["cross"]["heading"]
    lines = ["\n" + (forms["one"] if len(found) == 1 else forms["other"]).format(n=len(found))]
    for f in found:
        lines.append(f"  {f['severity']:<7} {f['rule']} {f['name']} ({f['verdict']}): {show_controls(f['message'])}")
        for a in f["articles"]:
            lines.append(f"          {a['path']} @{a['start']}: {show_controls(a['text'])}")
        lines.append(f"          {f['evidence']['arithmetic']}")
    return "\n".join(lines) + "\n"

"""Cross-article findings (cross-article-conflict) in the batch summary of the terminal report."""

from __future__ import annotations

from verifier.report.view import show_controls


def render_text(found: list[dict]) -> str:
    lines = [f"\nAcross articles: {len(found)} finding{'s' if len(found) != 1 else ''}"]
    for f in found:
        lines.append(f"  {f['severity']:<7} {f['rule']} {f['name']} ({f['verdict']}): {show_controls(f['message'])}")
        for a in f["articles"]:
            lines.append(f"          {a['path']} @{a['start']}: {show_controls(a['text'])}")
        lines.append(f"          {f['evidence']['arithmetic']}")
    return "\n".join(lines) + "\n"

"""A figure too large or too small to compute with is listed, never checked.

What it checks: figures whose value in base units is beyond 1e100 (or
nonzero and below 1e-100), or is not a number at all once its scale words
are applied (``1e308 trillion``, a numeral with forty stacked ``億``). Each
is reported once, severity info, verdict unverifiable; no other rule sees it.

Why it matters: such a figure is almost always a typing or conversion slip,
and arithmetic on it would overflow to infinity; skipping it silently would
hide it from the editor.

Example: ``Revenue was 1e308 trillion.`` is listed as a figure verify could
not compute with.

How to fix: check the figure and its scale word against the source.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check.registry import rule
from verifier.models import Finding


@rule("EX001")
def check(ctx):
    if ctx.extraction is None:
        return
    for span in ctx.extraction.unrepresentable:
        text = ctx.article.text[span.start : span.end]
        yield Finding(
            rule="",
            severity="info",
            verdict="unverifiable",
            message=msg.t("EX001.message", figure=text),
            spans=(span,),
            claims=(),
            evidence={"limit": 1e100},
            advice=msg.t("EX001.advice"),
        )

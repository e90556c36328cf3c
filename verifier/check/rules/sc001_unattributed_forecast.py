"""A forecast with no named source is listed for the editor.

What it checks: figures worded as forecasts or expectations (``預計``,
``預測``, ``expected``, ``will``) in a sentence that names no source
(``根據``, ``according to``, a named publisher such as Gartner or LSEG). One
note per sentence, listing its figures; severity info, verdict unverifiable.

Why it matters: an unsourced forecast reads like a fact; the editor should
see at a glance which predictions the article makes on its own authority.

Example: ``預測2027年AI貢獻全球GDP的5%`` (no source) is listed;
``根據Gartner預測…`` is not.

How to fix: add the source of the forecast, or word it as the writer's view.
"""

from __future__ import annotations

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule


@rule("SC001")
def check(ctx):
    by_sentence = {}
    for c in ctx.claims:
        if c.forecast and not c.attribution and c.kind not in ("estimate",):
            by_sentence.setdefault((c.sentence.start, c.sentence.end), []).append(c)
    for (a, b), cs in by_sentence.items():
        figures = msg.join((c.quantity.text for c in cs), "sep.figures")
        yield arith.finding(
            "info", "unverifiable",
            msg.t("SC001.message", figures=figures),
            cs, advice=msg.t("SC001.advice"),
            sentence=ctx.article.text[a:b].strip()[:200],
        )

"""How a source row is shown and cited in a finding.

Rows are printed figures (``models.Figure``) like an article's; comparing
them with claims is ``verifier.rounding`` (``agree``, ``nearest``), the one
interval arithmetic. What stays here is wording a reader sees: a row's figure
as published, a base-unit value in the row's scale, where the row came from.
"""

from __future__ import annotations

import math
from typing import Optional
from urllib.parse import urlsplit

from verifier import messages as msg
from verifier.models import Claim
from verifier.sources.table import SourceRow
from verifier.sources.units import parse_unit

__all__ = ["cite", "in_row_units", "num", "pct", "row_evidence", "show", "show_row"]


def num(x: float) -> str:
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1 else f"{x:.4g}"


def in_row_units(x: float, r: SourceRow) -> str:
    """A base-unit value in the scale the row was published at (``213.35 USD bn``)."""
    factor = parse_unit(r.unit_text).factor or 1.0
    return f"{num(x / factor)}%" if r.unit == "percent" else f"{num(x / factor)} {r.unit_text}"


def pct(x: float) -> str:
    """A computed change or share in the message language: ``-1.02%``."""
    return msg.value(x, "percent") if math.isfinite(x) else num(x)


def published(r: SourceRow, c: Optional[Claim] = None, k: Optional[float] = None) -> str:
    """A row's figure for a message: in the article's own units and scale (``1,466億美元`` beside
    ``2000億美元``) when the row converts to the claim's unit (``k``), else in the message
    language's scale (``146.6 billion USD``); the table's own printing stays in the evidence."""
    if c is not None and k is not None:
        unit, like = c.quantity.unit, c
    else:
        unit, like, k = r.unit, None, 1.0
    approx = msg.t("hedge_prefix.approx") if r.hedge == "approx" else ""
    if r.low is not None and r.high is not None:
        return approx + msg.t("range.span", a=msg.value(r.low * k, unit, like), b=msg.value(r.high * k, unit, like))
    return approx + msg.value(r.value * k, unit, like)


def in_units(x: float, c: Optional[Claim] = None, unit: Optional[str] = None) -> str:
    """A base-unit value written like claim ``c`` (or in the language's scale for ``unit``)."""
    return msg.value(x, c.quantity.unit if c is not None else unit or "dimensionless", c)


def show_row(r: SourceRow) -> str:
    """A row's figure as published: ``213.4 USD bn``, ``24%``, ``2,113.3 億美元``."""
    if r.unit == "percent":
        return f"{r.printed}%"
    return f"{r.printed} {r.unit_text}"


def show(c: Claim) -> str:
    sign = c.quantity.sign_word or ""
    return f"{sign}{c.quantity.text}" if sign and sign not in c.quantity.text else c.quantity.text


def url_of(source: str) -> Optional[str]:
    for tok in source.split():
        if tok.startswith(("http://", "https://")):
            return tok
    return None


def cite(r: SourceRow) -> str:
    """``sources/amazon.csv row 4, 6ix.com, 2026-02-05``, in the message language."""
    url = url_of(r.source)
    where = urlsplit(url).hostname if url else r.source
    bits = [msg.t("source.row", file=r.file, row=r.row) + (msg.t("source.row_id", id=r.id) if r.id else ""), where or r.source]
    if r.published:
        bits.append(r.published)
    return msg.join(bits, "sep.figures")


def row_evidence(r: SourceRow) -> dict:
    return {
        "file": r.file, "row": r.row, "id": r.id, "source": r.source, "url": url_of(r.source),
        "published": r.published, "quote": r.quote, "note": r.note,
        "entity": r.entity, "metric": r.metric, "period": r.period, "basis": r.basis, "change": r.change or None,
        "figure": show_row(r), "value": r.value, "unit": r.unit, "interval": [r.lo, r.hi],
        "low": r.low, "high": r.high,
    }  # fmt: skip

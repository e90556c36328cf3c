"""The extract stage: article text → quantities and periods, with exact spans.

``extract(text)`` folds full-width forms and squeezes spaces inside Chinese
figures (``text``), finds periods and the spans that are not quantities
(``periods``: dates, ordinals, list numbers, clock times, model names),
scans numbers with their scale, unit, currency and hedge (``scanner``,
``context``), joins mentions that print one figure (``merge``: signs, parts,
ranges such as ``1735-1785億美元``), and returns frozen ``Quantity`` models
whose values are in base units with the interval their printing allows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier.extract.context import apply_scale, glued_m, m_reading
from verifier.extract.currency import CurrencyResolver
from verifier.extract.merge import merge
from verifier.extract.periods import find_periods
from verifier.extract.raw import Raw
from verifier.extract.scanner import scan
from verifier.extract.text import Folded
from verifier.models import Extraction, Period, Quantity, Span
from verifier.normalise import LIMIT, interval, printed_precision

__all__ = ["extract", "fold"]


def fold(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one, so offsets hold."""
    from verifier.extract.text import fold_fullwidth

    return fold_fullwidth(text)


def extract(text: str, language: str | None = None, masks: list[tuple[int, int]] = ()) -> Extraction:
    if language is None:
        from verifier.read import detect_language

        language = detect_language(text)
    f = Folded(text)
    t = f.s
    periods, blocks = find_periods(t)
    closed = sorted(list(blocks) + [(f.inverse(a), f.inverse(b)) for a, b in masks])
    raws, too_big = _representable(scan(t, closed))
    raws, joined_too_big = _representable(merge(t, raws))
    _carry_currency(t, raws)
    _carry_million(t, raws)
    resolver = CurrencyResolver(t, language)
    quantities = tuple(_to_quantity(text, f, r, resolver) for r in raws)
    skipped = []
    for r in sorted(too_big + joined_too_big, key=lambda r: (r.start, r.end)):
        start, end = f.span(r.start, r.end)
        if not any(a <= start < b for a, b in masks):
            skipped.append(Span(start=start, end=end))
    out_periods = []
    for p in periods:
        start, end = f.span(p.start, p.end)
        if any(a <= start < b for a, b in masks):
            continue
        if (start, end) != (p.start, p.end) or text[start:end] != p.text:
            p = Period(start=start, end=end, text=text[start:end], kind=p.kind, label=p.label, year=p.year)
        out_periods.append(p)
    return Extraction(quantities=quantities, periods=tuple(out_periods), unrepresentable=tuple(skipped))


@lru_cache(maxsize=1)
def _carried_before() -> re.Pattern:
    from verifier import lexicon

    return re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'carried_currency')}))\s+(?:(?i:about|around|roughly|nearly)\s+)?$")


_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]|[。！？\n]")


def _carry_currency(t: str, raws: list[Raw]) -> None:
    """``522.2 billion yen ($4.58 billion), up from 474.6 billion a year ago``: a bare figure of the
    same scale word, compared with a money amount earlier in its sentence, is in that amount's
    currency (a bracketed conversion aside is not the one it is compared with)."""
    for k, r in enumerate(raws):
        if not (r.bare and r.scaled and r.scale >= 1e6 and r.low is None and _carried_before().search(t, max(0, r.start - 24), r.start)):
            continue
        for p in reversed(raws[:k]):
            if _SENTENCE_END.search(t, p.end, r.start) or r.start - p.end > 160:
                break
            if p.currency is None or p.scale != r.scale or p.per_share or p.per_unit:
                continue
            if t[max(0, p.start - 1) : p.start] in "(（" and p.start > 0:
                continue  # (about $4.58 billion): a conversion aside
            r.currency, r.currency_surface = p.currency, p.currency_surface
            r.notes.append("currency carried from the amount it is compared with")
            break


def _carry_million(t: str, raws: list[Raw]) -> None:
    """``40.6m passengers last year, up 3.2% from 39.3m in 2024``: a glued m with no word of length
    after it, compared with a count in millions earlier in its sentence, is millions too."""
    for k, r in enumerate(raws):
        if r.unit != "meter" or not glued_m(t, r) or r.low is not None \
                or not _carried_before().search(t, max(0, r.start - 24), r.start):
            continue
        if m_reading(t, r.end) == "metre":
            continue
        for p in reversed(raws[:k]):
            if _SENTENCE_END.search(t, p.end, r.start) or r.start - p.end > 160:
                break
            if p.unit == "meter" and glued_m(t, p):
                break  # a length before it: 828m tall …, 1.2m
            if p.bare and p.scale == 1e6 and glued_m(t, p):
                r.unit, r.kind = None, p.kind
                apply_scale(r, 1e6)
                r.notes.append("millions, like the count in millions before it")
                break


def _finite(x: float | None) -> bool:
    return x is None or x == 0 or (1 / LIMIT <= abs(x) <= LIMIT)


def _representable(raws: list[Raw]) -> tuple[list[Raw], list[Raw]]:
    """Split mentions into those verify can compute with and those it only reports."""
    ok, bad = [], []
    for r in raws:
        fine = all(_finite(x) for x in (r.value, r.low, r.high)) and abs(r.step) <= LIMIT
        (ok if fine else bad).append(r)
    return ok, bad


def _to_quantity(text: str, f: Folded, r: Raw, resolver: CurrencyResolver) -> Quantity:
    notes = list(r.notes)
    unit = r.unit
    value, low, high, step = r.value, r.low, r.high, r.step
    if r.currency is not None:
        iso = r.currency
        if iso == "?":
            iso, note = resolver.resolve(r.currency_surface or "", r.end)
            notes.append(note)
        unit = f"{iso}/share" if r.per_share else f"{iso}/{r.per_unit}" if r.per_unit else iso
        kind = "amount"
    elif unit is None:
        unit, kind = ("ratio", "fraction") if r.kind == "fraction" else ("dimensionless", "number")
    else:
        kind = r.kind
    precision = printed_precision(value if low is None else high, step, round_figure=r.scaled)
    if low is not None:
        lo, _ = interval(low, precision, r.hedge)
        _, hi = interval(high, precision, r.hedge)
    else:
        lo, hi = interval(value, precision, r.hedge)
    start, end = f.span(r.start, r.end)
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        unit=unit,
        kind=kind,
        low=low,
        high=high,
        lo=lo,
        hi=hi,
        precision=precision,
        hedge=r.hedge,
        per_share=r.per_share,
        notes=tuple(notes),
    )

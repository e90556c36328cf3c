"""The extract stage: article text → quantities and periods, with exact spans.

``extract(text)`` folds full-width forms (offsets kept), finds periods and
the spans that are not quantities (ordinals, list numbers, clock times,
model names), scans numbers with their scale, unit, currency and hedge,
joins shared-scale ranges (``1735-1785億美元``), and returns frozen
``Quantity`` models whose values are in base units with the interval their
printing allows.
"""

from __future__ import annotations

import bisect
import re

from verifier.extract import numerals
from verifier.extract.periods import find_periods
from verifier.extract.scanner import Raw, scan
from verifier.models import Extraction, Quantity
from verifier.normalise import interval, printed_precision

__all__ = ["extract", "fold"]

_FOLD = {**numerals.FULLWIDTH, ord("−"): "-"}


def fold(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one, so offsets hold."""
    return text.translate(_FOLD)


def extract(text: str, language: str | None = None, masks: list[tuple[int, int]] = ()) -> Extraction:
    if language is None:
        from verifier.read import detect_language

        language = detect_language(text)
    t = fold(text)
    periods, blocks = find_periods(t)
    closed = _Closed(list(blocks) + list(masks))
    raws = [r for r in scan(t) if not closed.hits(r.start, r.end, r)]
    raws = _merge_ranges(t, raws)
    resolver = _CurrencyResolver(t, language)
    quantities = tuple(_to_quantity(text, r, resolver) for r in raws)
    periods = tuple(p for p in periods if not _in_masks(p.start, masks))
    return Extraction(quantities=quantities, periods=periods)


def _in_masks(pos: int, masks) -> bool:
    return any(a <= pos < b for a, b in masks)


class _Closed:
    """Spans closed to quantities; a mention whose number starts inside one is dropped."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def hits(self, start: int, end: int, raw: Raw) -> bool:
        i = bisect.bisect_right(self.starts, end - 1)
        for j in range(max(0, i - 8), i):
            a, b = self.spans[j]
            if a < end and b > start:
                # a figure that merely touches a period (Q4 AWS營收355.8億) survives;
                # one whose own digits sit inside the period does not
                if a <= raw.start < b:
                    return True
        return False


_CONNECTOR = re.compile(r"\s*(?:-|–|—|~|至|到|(?i:to|and))\s*")
_BETWEEN = re.compile(r"(?i:between\s+|介於|介于|在)\s*$")
_MOVE_FROM = re.compile(
    r"(?i:\b(?:rose|rise|rising|fell|fall|falling|grew|grow|growing|increased?|decreased?|declined?|dropped|drop|climbed?|jumped?|surged?|slipped|slid|plunged?|soared?|raised?|lifted|lowered|cut|went|up|down|gained?|lost|jumped)\b[^.;]{0,40}\bfrom\s+\S*\s*$)"
)


def _merge_ranges(t: str, raws: list[Raw]) -> list[Raw]:
    out: list[Raw] = []
    i = 0
    while i < len(raws):
        a = raws[i]
        if i + 1 < len(raws):
            b = raws[i + 1]
            merged = _try_range(t, a, b)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _measure(r: Raw):
    return (r.currency, r.unit)


def _try_range(t: str, a: Raw, b: Raw) -> Raw | None:
    gap = t[a.end : b.start]
    m = _CONNECTOR.fullmatch(gap)
    if not m or "\n" in gap:
        return None
    word = m.group(0).strip().lower()
    before = t[max(0, a.start - 60) : a.start]
    if word == "and" and not _BETWEEN.search(before):
        return None
    if word == "to" and _MOVE_FROM.search(before):
        return None
    if a.source in ("frac", "mult") or b.source in ("frac", "mult"):
        return None
    a_bare = a.currency is None and a.unit is None
    if not a_bare and _measure(a) != _measure(b) and not (b.currency is None and b.unit is None):
        return None
    low, step_a = a.value, a.step
    if not a.scaled and b.scaled:
        low, step_a = low * b.scale, step_a * b.scale
    elif a.scaled and not b.scaled and not a_bare:
        return None
    high = b.value
    if not b.scaled and a.scaled:
        high = high * a.scale
    if low > high:
        return None
    if a_bare and b.currency is None and b.unit is None and word in ("-", "–", "—") and not _BETWEEN.search(before):
        return None  # 3-4 with nothing measured: a score or an identifier, not a range
    r = Raw(a.start, b.end, (low + high) / 2, max(step_a, b.step), b.source)
    r.scale, r.scaled = b.scale if b.scaled else a.scale, a.scaled or b.scaled
    r.currency = b.currency or a.currency
    r.currency_surface = b.currency_surface or a.currency_surface
    r.unit = b.unit or a.unit
    r.kind = b.kind if (b.currency or b.unit) else a.kind
    r.hedge = a.hedge or b.hedge
    r.per_share = a.per_share or b.per_share
    r.low, r.high = low, high
    return r


class _CurrencyResolver:
    """Reads an ambiguous currency (bare 元, ¥, dollars, pounds) from the article's script and wording."""

    def __init__(self, t: str, language: str):
        self.t = t
        self.language = language
        self._cache: dict[str, tuple[str, str]] = {}

    def resolve(self, surface: str) -> tuple[str, str]:
        key = surface.lower()
        if key in self._cache:
            return self._cache[key]
        t = self.t
        if key in ("元", "圓", "塊", "块", "塊錢", "块钱", "角"):
            if "人民幣" in t or "人民币" in t or "RMB" in t:
                res = ("CNY", "bare 元 read as CNY: the article names 人民幣")
            elif "新台幣" in t or "台幣" in t or "新臺幣" in t:
                res = ("TWD", "bare 元 read as TWD: the article names 新台幣")
            elif "港幣" in t or "港元" in t or "港币" in t:
                res = ("HKD", "bare 元 read as HKD: the article names 港幣")
            elif self.language == "zh-Hant":
                res = ("TWD", "bare 元 read as TWD from the Traditional script; no currency is named")
            else:
                res = ("CNY", "bare 元 read as CNY from the Simplified script; no currency is named")
        elif key in ("¥", "￥"):
            if self.language.startswith("zh") or "yuan" in t.lower() or "rmb" in t.lower():
                res = ("CNY", "¥ read as CNY (Chinese article or yuan named)")
            else:
                res = ("JPY", "¥ read as JPY (English article, no yuan named)")
        elif key in ("dollars", "dollar", "cents", "cent"):
            res = ("USD", f"'{surface}' read as USD; no other dollar is named next to it")
        elif key in ("pounds", "pound"):
            res = ("GBP", "'pounds' read as GBP (money wording)")
        elif key in ("francs", "franc"):
            res = ("CHF", "'francs' read as CHF")
        else:
            res = ("XXX", f"currency '{surface}' not resolved")
        self._cache[key] = res
        return res


def _to_quantity(text: str, r: Raw, resolver: _CurrencyResolver) -> Quantity:
    notes = list(r.notes)
    unit = r.unit
    value, low, high, step = r.value, r.low, r.high, r.step
    if r.currency is not None:
        iso = r.currency
        if iso == "?":
            iso, note = resolver.resolve(r.currency_surface or "")
            notes.append(note)
            if (r.currency_surface or "").lower() in ("cents", "cent"):
                value, step = value / 100, step / 100
                low, high = (low / 100 if low is not None else None), (high / 100 if high is not None else None)
            if r.currency_surface == "角":
                value, step = value / 10, step / 10
        unit = f"{iso}/share" if r.per_share else iso
        kind = "amount"
    elif unit is None:
        unit, kind = "dimensionless", "number"
    else:
        kind = r.kind
    precision = printed_precision(value if low is None else high, step)
    if low is not None:
        lo, _ = interval(low, precision, r.hedge)
        _, hi = interval(high, precision, r.hedge)
    else:
        lo, hi = interval(value, precision, r.hedge)
    return Quantity(
        start=r.start,
        end=r.end,
        text=text[r.start : r.end],
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

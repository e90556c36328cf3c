"""Which currency an ambiguous word means: a bare 元, ¥, dollars, pounds.

Decided once per article from its script and what it names elsewhere
(an article that says 人民幣 once means CNY by every later 元), and the
reason is kept as a note on the quantity, because an editor should see it.
"""

from __future__ import annotations

import bisect
import re


class CurrencyResolver:
    """Reads an ambiguous currency (bare 元, ¥, dollars, pounds) from the article's script and wording."""

    def __init__(self, t: str, language: str):
        self.t = t
        self.language = language
        self._cache: dict[str, tuple[str, str]] = {}
        self._declared = _declarations(t) if language.startswith("zh") else []
        self._declared_at = [d[0] for d in self._declared]

    def resolve(self, surface: str, pos: int | None = None) -> tuple[str, str]:
        """``pos``: where the figure ends (a declaration right after it is its own)."""
        key = surface.lower()
        if key in _YUAN_WORDS and self._declared and pos is not None:
            # 215.56億元(美元‧下同): from the figure the declaration follows on, a bare 元 is the currency it names
            k = bisect.bisect_right(self._declared_at, pos + 1) - 1
            if k >= 0:
                _, iso, named = self._declared[k]
                return iso, f"bare {surface} read as {iso}: the article declares ({named}，下同)"
        if key in self._cache:
            return self._cache[key]
        t = self.t
        if key in _YUAN_WORDS:
            named = _named_yuan(t)
            if named:
                iso, surface_named = named
                res = (iso, f"bare {surface} read as {iso}: the article names {surface_named}")
            elif key == "仙" or (self.language == "zh-Hant" and _hong_kong(t)):
                res = ("HKD", f"bare {surface} read as HKD from Hong Kong wording; no currency is named")
            elif self.language == "zh-Hant":
                res = ("TWD", "bare 元 read as TWD from the Traditional script; no currency is named")
            else:
                res = ("CNY", "bare 元 read as CNY from the Simplified script; no currency is named")
        elif key in ("¥", "￥"):
            if self.language.startswith("zh") or "yuan" in t.lower() or "rmb" in t.lower():
                res = ("CNY", "¥ read as CNY (Chinese article or yuan named)")
            else:
                res = ("JPY", "¥ read as JPY (English article, no yuan named)")
        elif key in ("dollars", "dollar", "cents", "cent", "$"):
            res = ("USD", f"'{surface}' read as USD; no other dollar is named next to it")
        elif key in ("pounds", "pound"):
            res = ("GBP", "'pounds' read as GBP (money wording)")
        elif key in ("francs", "franc"):
            res = ("CHF", "'francs' read as CHF")
        else:
            res = ("XXX", f"currency '{surface}' not resolved")
        self._cache[key] = res
        return res


_YUAN_WORDS = ("元", "圓", "圆", "塊", "块", "塊錢", "块钱", "角", "角錢", "角钱", "仙")


def _declarations(t: str) -> list[tuple[int, str, str]]:
    """(where, currency, its word) of each ``(美元，下同)`` / ``（台幣‧下同）``: what a bare 元 means after it."""
    from verifier import lexicon

    names = {surface: iso for surface, iso, *_ in lexicon.rows("currencies.tsv") if not surface.isascii() and surface not in _YUAN_WORDS}
    if not names:
        return []
    pattern = re.compile(rf"[(（]\s*({'|'.join(sorted(map(re.escape, names), key=len, reverse=True))})\s*[，,、‧·・]?\s*"
                         rf"(?:{lexicon.alternation('zh', 'same_below')})\s*[)）]")
    return [(m.start(), names[m.group(1)], m.group(1)) for m in pattern.finditer(t)]


# the currencies a bare 元 can be, in the order a tie is settled
_YUAN = ("CNY", "TWD", "HKD")


def _hong_kong(t: str) -> bool:
    """Hong Kong wording (data/wording_zh.tsv hk_marker), a price in 仙 (19仙), or a stock code of five digits."""
    from verifier import lexicon

    # a five-digit stock code in brackets, 滙控(00005), is a Hong Kong listing (Taiwan's have four)
    return bool(re.search(rf"{lexicon.alternation('zh', 'hk_marker')}|\d\s*仙|[(（]0\d{{4}}[)）]", t))


def _named_yuan(t: str) -> tuple[str, str] | None:
    """The yuan-family currency the article names most (新台币 and NT$ alike, any script), and its word."""
    from verifier import lexicon

    best = None
    for surface, iso, *_ in lexicon.rows("currencies.tsv"):
        if iso not in _YUAN or surface in ("元", "圓", "圆"):
            continue
        n = t.count(surface) if not surface.isascii() else t.upper().count(surface.upper())
        if n and (best is None or (n, -_YUAN.index(iso)) > (best[0], -_YUAN.index(best[1]))):
            best = (n, iso, surface)
    return (best[1], best[2]) if best else None

"""Which currency an ambiguous word means: a bare 元, ¥, dollars, pounds.

Decided once per article from its script and what it names elsewhere
(an article that says 人民幣 once means CNY by every later 元), and the
reason is kept as a note on the quantity, because an editor should see it.
"""

from __future__ import annotations


class CurrencyResolver:
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
        if key in ("元", "圓", "圆", "塊", "块", "塊錢", "块钱", "角", "角錢", "角钱"):
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

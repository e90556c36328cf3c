"""The rules' words in the article's language: one catalogue per language.

A rule composes what a reader sees (message, arithmetic, tolerance, advice)
with ``t(key, **parts)``; the templates are ``verifier/data/messages/<lang>.yaml``
(``en``, ``zh-Hant``, ``zh-Hans``, every key in each). The check stage runs
each article inside ``language(lang)``: a context variable, like
``decimal.localcontext``, so no rule threads the language through its calls
and none outlives the article it was set for.

Figures are written the way the article writes them: ``value(x, unit,
like=quantity)`` takes the scale word and unit of a printed figure
(``1,310億美元`` gives ``2,000億美元``, ``$200 billion`` gives ``$131
billion``); without one, the language's own scale words (``2.7兆美元``,
``2.7 trillion USD``). Metric, entity and period names become words of the
language (``market_size`` → ``market size`` / ``市場規模``; ``Q3@prev-year`` →
``Q3 of the previous year`` / ``去年第三季``); no internal name reaches a reader.
"""

from __future__ import annotations

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from typing import Iterator, Optional

__all__ = ["LANGS", "current", "entity", "interval", "join", "language", "metric", "period", "t", "value"]

LANGS = ("en", "zh-Hant", "zh-Hans")
_LANG: ContextVar[str] = ContextVar("verifier_message_language", default="en")


@contextmanager
def language(lang: Optional[str]) -> Iterator[str]:
    """Compose messages in ``lang`` (an unknown or missing one: English) inside the block."""
    token = _LANG.set(lang if lang in LANGS else "en")
    try:
        yield _LANG.get()
    finally:
        _LANG.reset(token)


def current() -> str:
    return _LANG.get()


def _flatten(d: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = "" if v is None else str(v)
    return out


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """``section.key`` → template, for one language (read with libyaml: every process that writes a
    message reads its catalogue, a worker of a batch too, and PyYAML's Python reader took 50 ms)."""
    import yaml

    from verifier.yamlread import loader

    raw = resources.files("verifier").joinpath(f"data/messages/{lang}.yaml").read_text(encoding="utf-8")
    return _flatten(yaml.load(raw, Loader=loader()) or {})


def t(key: str, **parts) -> str:
    """The template ``key`` of the current language, filled with ``parts`` (already written as text)."""
    return catalogue(_LANG.get())[key].format(**parts)


def has(key: str) -> bool:
    return key in catalogue(_LANG.get())


def join(items, key: str = "sep.list") -> str:
    return t(key).join(items)


# --- names ------------------------------------------------------------------


def metric(name: Optional[str]) -> str:
    """A metric id as words: ``net_income`` → ``net income`` / ``淨利``; an unknown id loses its underscores."""
    if not name:
        return t("word.figure")
    key = f"metric.{name}"
    return t(key) if has(key) else name.replace("_", " ")


@lru_cache(maxsize=None)
def _entity_names(lang: str) -> dict[str, str]:
    """Canonical entity → its name in a Chinese script: the first Chinese alias with no character
    of the other script, or for Simplified, the Traditional alias folded (entities.tsv writes a
    name once where folding reaches the other script's form)."""
    from verifier.aliases import entities

    other = _script_only()[1 if lang == "zh-Hant" else 0]
    out = {}
    for name, e in entities().items():
        if name.isupper():
            continue  # AWS, TSMC, NVIDIA: Chinese copy writes the brand as it is
        chinese = [a for a in e.aliases if re.search(r"[\u4e00-\u9fff]", a)]
        if lang == "zh-Hans" and chinese:
            # the lexicon holds one script's form (it is matched folded): Simplified is its
            # mainland rendering, phrase by phrase (資料中心 → 数据中心, not 资料中心)
            zh = _tw2sp().convert(chinese[0])
        else:
            zh = next((a for a in chinese if not (set(a) & other)), None)
        if zh:
            out[name] = zh
    return out


@lru_cache(maxsize=1)
def _tw2sp():
    import opencc

    return opencc.OpenCC("tw2sp")


@lru_cache(maxsize=1)
def _script_only() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional-only, Simplified-only) characters, from ``data/script_chars.txt`` (pairs such as ``這这``)."""
    raw = resources.files("verifier").joinpath("data/script_chars.txt").read_text("utf-8")
    pairs = [tok for line in raw.splitlines() if not line.startswith("#") for tok in line.split()]
    return frozenset(p[0] for p in pairs if len(p) == 2), frozenset(p[1] for p in pairs if len(p) == 2)


def entity(name: Optional[str]) -> str:
    if not name:
        return ""
    lang = current()
    if lang == "en":
        return name
    return _entity_names(lang).get(name, name)


_QUARTER = re.compile(r"(?:(?P<fy>FY)?(?P<y>\d{4})-)?Q(?P<q>[1-4])")
_HALF = re.compile(r"(?:(?P<fy>FY)?(?P<y>\d{4})-)?H(?P<h>[12])")
_YTD = re.compile(r"(?:(?P<y>\d{4})-)?ytd-Q(?P<q>[1-4])")
_YTD_MONTHS = re.compile(r"(?:(?P<y>\d{4})-)?ytd-M(?P<m>0[2-9]|1[01])")  # 前10月, 1—10月份
_FIRST_MONTHS = re.compile(r"first-(?P<k>\d{1,2})m")  # 首8個月
_YEAR = re.compile(r"(?P<fy>FY)?(?P<y>\d{4})")
_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})")
_MONTH_ONLY = re.compile(r"M(?P<m>0[1-9]|1[0-2])")  # 10月營收: a month of the article's year
_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_SPAN = re.compile(r"(?P<a>\d{4})\.\.(?P<b>\d{4})")


def period(label: Optional[str]) -> str:
    """A period label as words: ``2025-Q4`` → ``Q4 2025`` / ``2025年第四季``; ``Q3@prev-year``,
    ``2026@base``, ``ytd-Q3``, ``2025..2027`` likewise; a label of no known form is shown as printed."""
    if not label:
        return ""
    return _period_words(_LANG.get(), label)


@lru_cache(maxsize=4096)
def _period_words(lang: str, label: str) -> str:
    """``period`` of one label in one language (an article names a few periods many times)."""
    with language(lang):
        return _period_label(label)


def _period_label(label: str) -> str:
    base, _, rel = label.partition("@")
    words = _period(base) if base else ""
    if rel:
        key = f"period.rel.{rel.replace('-', '_')}"
        if has(key):
            return t(key, period=words or t("period.this")).strip()
        return words
    return words


def _period(p: str) -> str:
    if p == "full-year":
        return t("period.full_year")
    if m := _DATE.fullmatch(p):
        return t("period.date", y=m["y"], m=int(m["m"]), d=int(m["d"]), month=t(f"month.m{int(m['m'])}"))
    if m := _SPAN.fullmatch(p):
        return t("period.span", a=m["a"], b=m["b"])
    if m := _YTD.fullmatch(p):
        return t("period.ytd_y" if m["y"] else "period.ytd", y=m["y"] or "", n=t(f"ordinal.q{m['q']}"), q=m["q"])
    if m := _YTD_MONTHS.fullmatch(p):
        return t("period.ytd_months_y" if m["y"] else "period.ytd_months", y=m["y"] or "", m=int(m["m"]),
                 month=t(f"month.m{int(m['m'])}"))
    if m := _FIRST_MONTHS.fullmatch(p):
        return t("period.first_months", k=int(m["k"]))
    if m := _QUARTER.fullmatch(p):
        which = "fy_quarter" if m["fy"] else "quarter"
        return t(f"period.{which}" if m["y"] else "period.quarter_only", y=m["y"] or "", q=m["q"], nth=t(f"ordinal.q{m['q']}"))
    if m := _HALF.fullmatch(p):
        which = "fy_half" if m["fy"] else "half"
        return t(f"period.{which}" if m["y"] else "period.half_only", y=m["y"] or "", h=m["h"], nth=t(f"ordinal.h{m['h']}"))
    if m := _MONTH.fullmatch(p):
        return t("period.month", y=m["y"], m=int(m["m"]), month=t(f"month.m{int(m['m'])}"))
    if m := _MONTH_ONLY.fullmatch(p):
        return t("period.month_only", m=int(m["m"]), month=t(f"month.m{int(m['m'])}"))
    if m := _YEAR.fullmatch(p):
        return t("period.fy" if m["fy"] else "period.year", y=m["y"])
    rel = p.replace("-", "_")
    return t(f"period.word.{rel}") if has(f"period.word.{rel}") else p


# --- figures ----------------------------------------------------------------

_NUM = re.compile(r"\d[\d,，]*(?:\.\d+)?")
_CURRENCY_BEFORE = re.compile(r"(?:[A-Z]{0,3}[$€£¥]|\b[A-Z]{3}\s)\s*$")  # US$, NT$, €, USD before the digits


def _style(q) -> Optional[tuple[str, float, str, int]]:
    """(prefix, factor, suffix, decimals) of a printed figure: ``US$1,310億`` → ("US$", 1e8, "億", 0)."""
    nums = list(_NUM.finditer(q.text))
    if not nums and q.value:
        return _style_cn(q)
    if not nums or q.value == 0:
        return None
    last = nums[-1]
    printed = float(last.group(0).replace(",", "").replace("，", ""))
    ref = q.high if q.high is not None else q.value
    if printed == 0 or ref is None or not math.isfinite(ref):
        return None
    factor = ref / printed
    k = round(math.log10(abs(factor))) if factor else 0
    if factor <= 0 or abs(factor / 10 ** k - 1) > 1e-6:
        return None  # a currency factor or a sign word: not a plain scale of the printed digits
    before = _CURRENCY_BEFORE.search(q.text[: nums[0].start()])
    prefix = before.group(0).strip() if before else ""  # a sign word or hedge before it is not part of the style
    prefix += " " if prefix[-1:].isalpha() else ""
    suffix = _strip_hedge(q.text[last.end():])
    decimals = len(last.group(0).split(".")[1]) if "." in last.group(0) else 0
    return prefix, float(10 ** k), suffix, decimals


# a figure in Chinese numerals (五○五七點四億元, 十九點五元): its scale characters after the last digit,
# then its unit; the digits after 點 say how many decimals it was printed to
_CN_FIGURE = re.compile(r"(?P<pre>[^零〇○一二兩两三四五六七八九十百千]*)(?P<num>[零〇○一二兩两三四五六七八九十百千]+(?:[點点](?P<dec>[零〇○一二三四五六七八九]+))?)"
                        r"(?P<scale>[萬万億亿兆]*)(?P<unit>[^零〇○一二兩两三四五六七八九十百千萬万億亿兆點点]*)$")
_CN_SCALE = {"萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12}


def _style_cn(q) -> Optional[tuple[str, float, str, int]]:
    m = _CN_FIGURE.fullmatch(q.text.strip())
    if m is None:
        return None
    factor = math.prod(_CN_SCALE[c] for c in m.group("scale"))
    return "", float(factor), m.group("scale") + _strip_hedge(m.group("unit")), len(m.group("dec") or "")


@lru_cache(maxsize=None)
def _after_hedges() -> tuple[str, ...]:
    from verifier import lexicon

    return tuple(sorted({surface for surface, where in lexicon.hedges() if where == "after"}, key=len, reverse=True))


def _strip_hedge(suffix: str) -> str:
    s = suffix.rstrip()
    for h in _after_hedges():
        if s.lower().endswith(h):
            s = s[: -len(h)].rstrip()
            break
    return s


def value(x: Optional[float], unit: str, like=None, decimals: Optional[int] = None) -> str:
    """A base-unit value written for a reader of the current language; ``like`` a printed quantity
    whose scale word and unit it takes (the article's own way of writing the figure)."""
    from verifier import numfmt

    if x is None:
        return "—"
    if isinstance(x, float) and not math.isfinite(x):
        return numfmt.number(x)
    if unit in ("percent", "percentage_point", "times", "ratio"):
        return _plain(x, unit, decimals)
    style = _style(like.quantity if hasattr(like, "quantity") else like) if like is not None else None
    if style and getattr(like, "unit", getattr(getattr(like, "quantity", None), "unit", unit)) == unit:
        prefix, factor, suffix, printed = style
        d = decimals if decimals is not None else min(printed + 2, 4)
        n = _num(round(x / factor, d))
        sign = "−" if n.startswith("-") else ""
        return f"{sign}{prefix}{n.lstrip('-')}{suffix}"
    return _scaled(x, unit, decimals)


def _num(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def _plain(x: float, unit: str, decimals: Optional[int]) -> str:
    d = 2 if decimals is None else decimals
    n = (_num(round(x, d)) if unit != "ratio" else f"{x:.4g}").replace("-", "−")
    return t(f"unit.{unit}", n=n)


def _scaled(x: float, unit: str, decimals: Optional[int]) -> str:
    """``2.7 trillion USD`` in English, ``2.7兆美元`` / ``2.7万亿美元`` in Chinese."""
    lang = _LANG.get()
    name = _unit_name(lang, unit)
    order, sep = _scales(lang)
    ax = abs(x)
    for factor, word in order:
        if ax >= factor:
            n = _num(round(x / factor, 4 if decimals is None else decimals))
            return sep.join(p for p in (n.replace("-", "−"), word, name) if p)
    n = _num(round(x, 4 if decimals is None else decimals))
    return sep.join(p for p in (n.replace("-", "−"), name) if p)


@lru_cache(maxsize=None)
def _scales(lang: str) -> tuple[tuple[tuple[float, str], ...], str]:
    """The language's scale words, largest first, with their factors, and what goes between the parts
    (read once per language: every figure a report writes goes through here)."""
    cat = catalogue(lang)
    return tuple((_FACTORS[k], cat[f"scale.{k}"]) for k in cat["scale.order"].split()), cat["scale.sep"]


def unit_name(unit: str) -> str:
    """``USD`` → ``USD`` / ``美元``; ``USD/share`` → ``USD/share`` / ``美元/股``; others as they are."""
    return _unit_name(_LANG.get(), unit)


@lru_cache(maxsize=4096)
def _unit_name(lang: str, unit: str) -> str:
    if unit == "dimensionless":
        return ""
    cat = catalogue(lang)
    return "/".join(cat.get(f"unit_name.{p}", p) for p in unit.split("/"))


def interval(lo: float, hi: float, unit: str, like=None) -> str:
    """``a – b`` in one style, or ``≥ a`` / ``≤ b`` for an open end."""
    if math.isinf(hi) and not math.isinf(lo):
        return t("range.at_least", a=value(lo, unit, like, decimals=_width_decimals(lo, hi, unit, like)))
    if math.isinf(lo) and not math.isinf(hi):
        return t("range.at_most", b=value(hi, unit, like))
    d = _width_decimals(lo, hi, unit, like)
    return t("range.interval", a=value(lo, unit, like, d), b=value(hi, unit, like, d))


def _width_decimals(lo: float, hi: float, unit: str, like) -> Optional[int]:
    """Enough decimals to tell the ends apart (a tenth of the width), in the style's scale."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return None
    style = _style(like.quantity if hasattr(like, "quantity") else like) if like is not None and unit not in ("percent", "percentage_point", "times", "ratio") else None
    factor = style[1] if style else (1.0 if unit in ("percent", "percentage_point", "times", "ratio") else _auto_factor(max(abs(lo), abs(hi))))
    width = (hi - lo) / factor
    return min(6, max(0, -math.floor(math.log10(width / 10))))


_FACTORS = {"trillion": 1e12, "billion": 1e9, "hundred_million": 1e8, "million": 1e6, "ten_thousand": 1e4}


def _auto_factor(x: float) -> float:
    return next((factor for factor, _ in _scales(_LANG.get())[0] if x >= factor), 1.0)


def pct(x: float, decimals: int = 1, signed: bool = True) -> str:
    """A computed percentage: ``+52.7%``; infinities as ``∞``."""
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞"
    s = f"{x:+.{decimals}f}" if signed else f"{x:.{decimals}f}"
    return t("unit.percent", n=s.replace("-", "−"))


def share(tail: float) -> str:
    """A share of roundings: ``under 0.1%``, ``2.4%``, ``35%``."""
    if tail <= 0:
        return t("word.none")
    if tail < 0.001:
        return t("word.under_tenth")
    return f"{tail:.1%}" if tail < 0.1 else f"{tail:.0%}"


def topic(entity_id: Optional[str], metric_id: Optional[str], subject: Optional[str] = None, period_label: Optional[str] = None,
          kind: Optional[str] = None) -> str:
    """What a figure measures, in the language's word order: ``Amazon revenue growth for Q4 2025`` /
    ``亞馬遜2025年第四季營收成長``; with no entity, English starts with ``The``."""
    parts = {
        "entity": entity(entity_id) or t("topic.no_entity"),
        "subject": subject or "",
        "metric": metric(metric_id) if metric_id else t("word.figure"),
        "kind": t(f"kind.{kind}") if kind and has(f"kind.{kind}") else "",
        "period": t("topic.period", period=period(period_label)) if period_label else "",
    }
    return t("topic.sep").join(parts[k] for k in t("topic.order").split() if parts[k])

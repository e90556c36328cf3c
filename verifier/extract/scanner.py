"""Find numeric mentions on the raw string and read the words around them.

Numbers are found with one compiled pattern on the text (full-width forms
folded character for character, so offsets hold), never through a tokenizer:
spaCy's Chinese tokenizer splits ``1.72萬億`` into characters (spaCy #9856).
Each hit is then widened by anchored look-ups to its right (scale word,
currency, percent, unit) and left (currency symbol, hedge, per-share wording).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from verifier import lexicon
from verifier.extract import numerals as N


@dataclass
class Raw:
    """A mention while it is being read; becomes a models.Quantity."""

    start: int
    end: int
    value: float
    step: float  # one unit of the last printed digit, after scaling
    source: str  # "arabic", "cn", "en", "frac", "mult"
    scale: float = 1.0
    scaled: bool = False
    currency: str | None = None
    currency_surface: str | None = None
    unit: str | None = None  # percent, percentage_point, times, ratio, or a pint unit
    kind: str = "number"
    hedge: str | None = None
    per_share: bool = False
    low: float | None = None
    high: float | None = None
    notes: list[str] = field(default_factory=list)


_CN_NUM_CHARS = "零〇一二兩两三四五六七八九十百千萬万億亿兆壹貳贰參叁肆伍陸陆柒捌玖拾佰仟廿"
_CN_DIGIT_CHARS = "〇一二兩两三四五六七八九十壹貳贰參叁肆伍陸陆柒捌玖拾廿"
_FINANCIAL_ONLY = "壹貳贰參叁肆伍陸陆柒捌玖拾佰仟"
_EN_WORDS = sorted(N.EN_NUMBER_WORDS, key=len, reverse=True)
_EN_FRAC = sorted(N.EN_FRACTIONS, key=len, reverse=True)
_MULT_WORDS = {
    "doubled": 2, "doubling": 2, "doubles": 2, "double": 2,
    "tripled": 3, "tripling": 3, "triples": 3, "triple": 3, "trebled": 3,
    "quadrupled": 4, "quadrupling": 4, "quadruple": 4,
    "halved": 0.5, "halving": 0.5, "halves": 0.5,
    "翻倍": 2, "翻番": 2, "翻一番": 2, "翻了一番": 2, "翻兩番": 4, "翻两番": 4,
    "翻了兩番": 4, "翻了两番": 4, "減半": 0.5, "减半": 0.5, "腰斬": 0.5, "腰斩": 0.5,
}


@lru_cache(maxsize=1)
def master() -> re.Pattern:
    en = "|".join(_EN_WORDS)
    frac = "|".join(_EN_FRAC)
    en_ones = "|".join(list(N.EN_ONES) + list(N.EN_TENS) + ["a", "an"])
    mult = lexicon.alternation(_MULT_WORDS)
    return re.compile(
        "|".join(
            [
                # 三分之一, 4分之1, 百分之二十四 (percent handled by the caller)
                rf"(?P<cnfrac>(?:[\d.]+|[{_CN_NUM_CHARS}]+)分之(?:[\d.]+|[{_CN_NUM_CHARS}点點]+))",
                # 1,286.4  .08  -5 (a minus only where it is not a hyphen inside a word)
                r"(?P<ar>(?:(?<![A-Za-z0-9_)\]])[-−])?(?<![A-Za-z0-9_.,/])(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?![\d]*[A-Za-z]*\.\d)|(?<![\w.])\.\d+)",
                # Chinese numerals: at least one digit character
                rf"(?P<cn>[{_CN_NUM_CHARS}]*[{_CN_DIGIT_CHARS}][{_CN_NUM_CHARS}]*(?:[点點][{_CN_NUM_CHARS}]+)?)",
                # two-thirds, one third, a quarter (as a fraction, not "first quarter")
                rf"(?P<enfrac>(?i:\b(?:{en_ones})[\s-]+(?:{frac})\b))",
                # multiples: doubled, tripled, 翻倍
                rf"(?P<mult>(?i:\b(?:{mult})\b)|翻倍|翻番|翻了?[一兩两]番|減半|减半|腰斬|腰斩)",
                # English number words: one hundred twenty-three
                rf"(?P<en>(?i:\b(?:{en})(?:(?:[\s-]+|\s+and\s+)(?:{en}))*\b))",
            ]
        )
    )


@lru_cache(maxsize=1)
def _right_patterns():
    sc = lexicon.scales()
    zh = lexicon.alternation(k for k, v in sc.items() if v[1] == "zh")
    en = lexicon.alternation(k for k, v in sc.items() if v[1] == "en")
    abbr = lexicon.alternation(k for k, v in sc.items() if v[1] in ("abbr", "money"))
    cur = lexicon.currencies()
    cur_suffix = lexicon.alternation(k for k, v in cur.items() if v[1] in ("suffix", "both"))
    us = lexicon.units()
    unit_cs = lexicon.alternation(k for k, v in us.items() if v[1])
    unit_ci = lexicon.alternation(k for k, v in us.items() if not v[1])
    return {
        # 兆 before 瓦/赫/位 is the SI prefix mega: leave it to the unit lexicon
        "zh_scale": re.compile(rf"(?:{zh})(?!瓦|赫|位|字)"),
        "en_scale": re.compile(rf"\s?(?i:{en})\b"),
        "abbr_scale": re.compile(rf"\s?(?:{abbr})(?![A-Za-z])"),
        "cur_suffix": re.compile(rf"\s?(?i:{cur_suffix})(?![A-Za-z])"),
        "pp": re.compile(
            r"\s?(?:(?i:percentage[\s-]points?|percent(?:age)?[\s-]pts?|pct\.?\s?pts?|ppts?|pp)(?![A-Za-z])|[個个]?百分[點点])"
        ),
        "bp": re.compile(r"\s?(?:(?i:basis[\s-]points?|bps|bp)(?![A-Za-z])|[個个]?基[點点])"),
        "pct": re.compile(r"\s?(?:%|(?i:per\s?cent|percentage|pct)(?![A-Za-z])(?!\s+points?))"),
        "cheng": re.compile(r"成(?![長长本員员功交立績绩果熟為为份分])"),
        "times": re.compile(r"(?:倍|\s?(?i:x(?![A-Za-z])|times\b|[\s-]fold\b))"),
        "unit_cs": re.compile(rf"\s?(?:{unit_cs})(?![A-Za-z])"),
        "unit_ci": re.compile(rf"\s?(?i:{unit_ci})(?![A-Za-z])"),
        "inch": re.compile(r"\s?in(?=\s+(?:thick|long|wide|tall|high|deep|diameter|across)\b)"),
        "per_share": re.compile(r"\s?(?i:(?:per|a|/)\s?(?:diluted\s+)?share)\b"),
        "more": re.compile(r"[多餘余](?=[萬万億亿兆千百美元人港歐欧日英台%])"),
    }


@lru_cache(maxsize=1)
def _left_patterns():
    cur = lexicon.currencies()
    prefix = lexicon.alternation(k for k, v in cur.items() if v[1] in ("prefix", "both"))
    before = lexicon.alternation(k for (k, pos) in lexicon.hedges() if pos == "before")
    return {
        "currency": re.compile(rf"(?i:(?:^|(?<=[^A-Za-z]))(?:{prefix}))\s?$"),
        "hedge": re.compile(rf"(?i:(?:^|(?<=[^A-Za-z]))(?:{before}))\s*$"),
        "per_share": re.compile(r"(?:每股|(?i:\bEPS\b|per[\s-]share|a share))[^，。,;；\n\d]{0,10}$"),
    }


@lru_cache(maxsize=1)
def _after_hedges():
    return {k: v for (k, pos), v in lexicon.hedges().items() if pos == "after"}


@lru_cache(maxsize=1)
def _after_hedge_re():
    return re.compile(rf"\s?(?i:{lexicon.alternation(_after_hedges())})(?![A-Za-z])")


def scan(t: str) -> list[Raw]:
    """Raw mentions in ``t`` (the folded text), in order, not yet merged into ranges."""
    out = []
    for m in master().finditer(t):
        kind = m.lastgroup
        raw = _READERS[kind](t, m)
        if raw is not None:
            out.append(raw)
    return out


# ------------------------------------------------------------------ readers


def _read_arabic(t: str, m: re.Match) -> Raw | None:
    s = m.group(0)
    try:
        value, step = N.parse_arabic(s)
    except ValueError:
        return None
    if "." not in s:
        step = _integer_step(s)
    raw = Raw(m.start(), m.end(), value, step, "arabic")
    _read_right(t, raw, allow_zh_scale=True)
    _read_left(t, raw)
    return raw


def _integer_step(s: str) -> float:
    """Trailing zeros may be rounding: ``2000`` is read to the hundred, keeping two significant digits."""
    digits = s.replace(",", "").lstrip("-−+")
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10 ** max(0, min(zeros, len(digits) - 2)))


def _read_cn(t: str, m: re.Match) -> Raw | None:
    s, start, end = m.group(0), m.start(), m.end()
    # 兆瓦/兆赫: 兆 is the SI prefix, leave it to the unit
    if s.endswith("兆") and t[end : end + 1] in ("瓦", "赫", "位", "字"):
        s, end = s[:-1], end - 1
    if s.endswith("千") and t[end : end + 1] in ("瓦", "米", "克"):
        s, end = s[:-1], end - 1
    if not s or not any(c in _CN_DIGIT_CHARS for c in s):
        return None
    if _is_stopword(t, start, end):
        return None
    try:
        value, step = N.parse_chinese(s)
    except (ValueError, KeyError):
        return None
    raw = Raw(start, end, value, step, "cn")
    raw.scaled = any(c in "萬万億亿兆" for c in s)
    _read_right(t, raw, allow_zh_scale=not raw.scaled)
    _read_left(t, raw)
    # a lone numeral character with nothing measured after it is prose (一家, 三人), not a figure
    if len(s) == 1 and raw.unit is None and raw.currency is None and s in _FINANCIAL_ONLY:
        return None  # 參考, 伍 as a name: financial numerals stand alone only in amounts
    return raw


@lru_cache(maxsize=1)
def _stopwords():
    return lexicon.words("cn_numeral_stopwords.txt")


def _is_stopword(t: str, start: int, end: int) -> bool:
    sw = _stopwords()
    for a in range(max(0, start - 3), start + 1):
        for b in range(end, min(len(t), end + 3) + 1):
            if b - a >= 2 and t[a:b] in sw and a <= start and b >= end - (end - start - 1):
                if a < end and b > start:
                    return True
    return False


def _read_cnfrac(t: str, m: re.Match) -> Raw | None:
    s = m.group(0)
    den_s, num_s = s.split("分之", 1)
    try:
        num = _any_number(num_s)
        if den_s == "百":
            raw = Raw(m.start(), m.end(), num, 1.0 if num == int(num) else 0.1, "frac", unit="percent", kind="percent")
        elif den_s == "千":
            raw = Raw(m.start(), m.end(), num / 10, 0.1, "frac", unit="percent", kind="percent")
        else:
            den = _any_number(den_s)
            if den == 0:
                return None
            raw = Raw(m.start(), m.end(), num / den, 0.0, "frac", unit="ratio", kind="fraction")
    except (ValueError, KeyError):
        return None
    _read_left(t, raw)
    return raw


def _any_number(s: str) -> float:
    if re.fullmatch(r"[\d.]+", s):
        return N.parse_arabic(s)[0]
    return N.parse_chinese(s)[0]


def _read_enfrac(t: str, m: re.Match) -> Raw | None:
    parts = re.split(r"[\s-]+", m.group(0).lower())
    num_w, den_w = parts[0], parts[-1]
    num = 1 if num_w in ("a", "an") else N.EN_ONES.get(num_w) or N.EN_TENS.get(num_w)
    if not num:
        return None
    den = N.EN_FRACTIONS[den_w]
    if num > 1 and not den_w.endswith("s") and den_w != "half":
        return None  # "two third" is not a fraction
    if num == 1 and den_w.endswith("s"):
        return None
    # "a quarter" followed by a period word is a period, handled elsewhere
    raw = Raw(m.start(), m.end(), num / den, 0.0, "frac", unit="ratio", kind="fraction")
    _read_left(t, raw)
    return raw


def _read_mult(t: str, m: re.Match) -> Raw | None:
    w = m.group(0)
    v = _MULT_WORDS.get(w.lower(), _MULT_WORDS.get(w))
    if v is None:
        return None
    raw = Raw(m.start(), m.end(), float(v), 0.0, "mult", unit="times", kind="multiple")
    _read_left(t, raw)
    return raw


def _read_en(t: str, m: re.Match) -> Raw | None:
    s = m.group(0)
    toks = re.split(r"[\s-]+", s.lower())
    # a scale word on its own ("million") or "hundred" alone is not a figure; "a million" is
    if all(w in N.EN_SCALES or w == "and" for w in toks):
        before = t[max(0, m.start() - 3) : m.start()].lower()
        if not re.search(r"\ban?\s$", before):
            return None
        start = m.start() - (2 if before.endswith("a ") else 3)
        s = t[start : m.end()]
    else:
        start = m.start()
    # trailing "and" is prose
    while s.lower().endswith(" and"):
        s = s[:-4]
    try:
        value, step = N.parse_english(s)
    except ValueError:
        return None
    raw = Raw(start, start + len(s), value, step, "en")
    raw.scaled = any(w in N.EN_SCALES and w != "hundred" for w in toks)
    _read_right(t, raw, allow_zh_scale=False)
    _read_left(t, raw)
    return raw


# ------------------------------------------------------------- context readers


def _read_right(t: str, raw: Raw, *, allow_zh_scale: bool) -> None:
    R = _right_patterns()
    pos = raw.end
    m = R["more"].match(t, pos)
    if m:
        raw.hedge = "more_than"
        pos = m.end()
    # a unit first: 千瓦 is kilowatt, not 千 × 瓦
    um = _match_unit(t, pos) if allow_zh_scale else None
    if um is None:
        if allow_zh_scale and (m := R["zh_scale"].match(t, pos)):
            _apply_scale(raw, lexicon.scales()[m.group(0)][0])
            pos = m.end()
        elif not raw.scaled and (m := R["en_scale"].match(t, pos)):
            _apply_scale(raw, lexicon.scales()[m.group(0).strip().lower()][0])
            pos = m.end()
        elif not raw.scaled and (m := R["abbr_scale"].match(t, pos)):
            word = m.group(0).strip()
            where = lexicon.scales()[word][1]
            glued = not m.group(0).startswith(" ")
            prefixed = _currency_prefix(t, raw.start) is not None
            if (where == "abbr" and (glued or prefixed)) or (where == "money" and prefixed):
                _apply_scale(raw, lexicon.scales()[word][0])
                pos = m.end()
    # what is measured; after a currency symbol ($5bn) nothing else is
    prefix = _currency_prefix(t, raw.start)
    if prefix is not None:
        # 新台幣9899億元: a named currency before may be echoed by 元 after
        if (m := R["cur_suffix"].match(t, pos)) and lexicon.currencies()[m.group(0).strip().lower()][0] in (
            "?",
            lexicon.currencies()[prefix[0].lower()][0],
        ):
            pos = m.end()
    elif m := R["cur_suffix"].match(t, pos):
        raw.currency_surface = m.group(0).strip()
        raw.currency = lexicon.currencies()[raw.currency_surface.lower()][0]
        raw.kind = "amount"
        pos = m.end()
        if ps := R["per_share"].match(t, pos):
            raw.per_share = True
            pos = ps.end()
    elif m := R["bp"].match(t, pos):
        raw.value, raw.step = raw.value / 100, raw.step / 100
        raw.unit, raw.kind = "percentage_point", "percentage_point"
        pos = m.end()
    elif m := R["pp"].match(t, pos):
        raw.unit, raw.kind = "percentage_point", "percentage_point"
        pos = m.end()
    elif m := R["pct"].match(t, pos):
        raw.unit, raw.kind = "percent", "percent"
        pos = m.end()
    elif raw.source in ("cn", "arabic") and (m := R["cheng"].match(t, pos)):
        raw.value, raw.step = raw.value * 10, raw.step * 10
        raw.unit, raw.kind = "percent", "percent"
        pos = m.end()
    elif m := R["times"].match(t, pos):
        raw.unit, raw.kind = "times", "multiple"
        pos = m.end()
    else:
        um = um or _match_unit(t, pos)
        if um is not None:
            raw.unit, raw.kind = um[0], "amount"
            pos = um[1]
    if m := _after_hedge_re().match(t, pos):
        word = m.group(0).strip().lower()
        # 多 and 餘 only directly after the figure (handled above); 以上/左右/or more here
        if word not in ("多", "餘", "余") and not (word == "plus" and raw.currency is None):
            raw.hedge = _after_hedges()[word]
            pos = m.end()
    raw.end = pos


def _match_unit(t: str, pos: int) -> tuple[str, int] | None:
    R = _right_patterns()
    us = lexicon.units()
    best = None
    for key in ("unit_cs", "unit_ci"):
        m = R[key].match(t, pos)
        if m and (best is None or m.end() > best[1]):
            surface = m.group(0).strip()
            unit = us.get(surface) or us.get(surface.lower())
            if unit:
                best = (unit[0], m.end())
    if best is None and (m := R["inch"].match(t, pos)):
        best = ("inch", m.end())
    return best


def _apply_scale(raw: Raw, factor: float) -> None:
    raw.scale *= factor
    raw.value *= factor
    raw.step *= factor
    raw.scaled = True


def _currency_prefix(t: str, start: int) -> tuple[str, int] | None:
    window = t[max(0, start - 6) : start]
    m = _left_patterns()["currency"].search(window)
    if not m:
        return None
    surface = m.group(0).strip()
    return surface, start - (len(window) - m.start())


def _read_left(t: str, raw: Raw) -> None:
    L = _left_patterns()
    cp = _currency_prefix(t, raw.start)
    if cp and raw.unit is None:
        surface, cstart = cp
        iso = lexicon.currencies()[surface.lower()][0]
        if raw.currency is None or raw.currency == "?" or raw.currency == iso:
            raw.currency, raw.currency_surface = iso, surface
            raw.kind = "amount"
            raw.start = cstart
            # $3m and $35.58B: an abbreviation read only after a currency
            if not raw.scaled:
                R = _right_patterns()
                if m := R["abbr_scale"].match(t, raw.end):
                    _apply_scale(raw, lexicon.scales()[m.group(0).strip()][0])
                    raw.end = m.end()
                    if ps := R["per_share"].match(t, raw.end):
                        raw.per_share = True
                        raw.end = ps.end()
            if ps := _right_patterns()["per_share"].match(t, raw.end):
                raw.per_share = True
                raw.end = ps.end()
    window = t[max(0, raw.start - 16) : raw.start]
    if raw.hedge is None and (m := L["hedge"].search(window)):
        raw.hedge = lexicon.hedges()[(m.group(0).strip().lower(), "before")]
    if raw.currency and not raw.per_share:
        if L["per_share"].search(t[max(0, raw.start - 24) : raw.start]):
            raw.per_share = True


_READERS = {
    "ar": _read_arabic,
    "cn": _read_cn,
    "cnfrac": _read_cnfrac,
    "enfrac": _read_enfrac,
    "mult": _read_mult,
    "en": _read_en,
}

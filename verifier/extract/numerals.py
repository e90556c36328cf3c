"""Numeral grammars: Arabic digits, Chinese numerals and English number words.

Pure functions from a printed numeral to ``(value, step)``: ``step`` is one
unit of the last printed digit (``3.2`` → 0.1, ``2000`` → 1, ``二百`` → 100
is *not* claimed: a spelled number is exact to its last spelled unit), which
the normaliser halves to get the rounding interval. They know nothing about
scale words, currencies or context; the scanner handles those.
"""

from __future__ import annotations

import re

# Full-width forms folded one character for one character, so offsets hold.
FULLWIDTH = str.maketrans(
    "０１２３４５６７８９％．＄－＋～，：／",
    "0123456789%.$-+~,:/",
)

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "貳": 2, "贰": 2, "兩": 2, "两": 2, "倆": 2, "俩": 2,
    "三": 3, "參": 3, "叁": 3, "叄": 3, "仨": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陸": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = (("兆", 1e12), ("萬億", 1e12), ("万亿", 1e12), ("億", 1e8), ("亿", 1e8), ("萬", 1e4), ("万", 1e4))
CN_POINT = "点點"
CN_SPECIAL = {"廿": 20, "卅": 30, "卌": 40}

_ARABIC = re.compile(r"[-+]?(?:\d+(?:,\d{3})*)?(?:\.\d+)?")


def parse_arabic(s: str) -> tuple[float, float]:
    """``1,286.4`` → (1286.4, 0.1). Grouping commas are dropped."""
    s = s.translate(FULLWIDTH).replace(",", "").replace("−", "-")
    if "." in s:
        decimals = len(s) - s.index(".") - 1
        return float(s), 10.0 ** -decimals
    return float(int(s)), 1.0


def _cn_section(s: str) -> tuple[float, float]:
    """A Chinese numeral below 萬 (may mix in Arabic digits: ``3千``)."""
    if not s:
        return 0.0, 1.0
    total = 0.0
    num: float | None = None
    last_unit = 0
    zero_after_unit = False
    digits_run = 0
    step = 1.0
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit() and ch.isascii():
            m = re.match(r"\d+(?:\.\d+)?", s[i:])
            v, step = parse_arabic(m.group(0))
            num = v
            i += len(m.group(0))
            continue
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            if d == 0 and ch in "零〇○":
                zero_after_unit = last_unit > 0
                if num is not None and digits_run:
                    num = num * 10
                    digits_run += 1
                elif num is None and last_unit == 0:
                    num = 0.0
                    digits_run = 1
            else:
                num = d if num is None or not digits_run else num * 10 + d
                digits_run += 1
        elif ch in CN_SPECIAL:
            total += CN_SPECIAL[ch]
            last_unit = 10
        elif ch in CN_SMALL_UNITS:
            u = CN_SMALL_UNITS[ch]
            total += (1 if num is None else num) * u
            step = u
            num = None
            digits_run = 0
            last_unit = u
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
        i += 1
    if num is not None:
        if last_unit >= 100 and not zero_after_unit and digits_run == 1:
            # 兩千六 = 2600: a trailing digit counts in the next lower unit
            total += num * last_unit / 10
            step = last_unit / 10
        else:
            total += num
            step = 1.0 if num == int(num) else step
    return total, step


def parse_chinese(s: str) -> tuple[float, float]:
    """``一千二百`` → 1200, ``1.2萬億`` → 1.2e12, ``三万五`` → 35000, ``三點五`` → 3.5."""
    s = s.translate(FULLWIDTH).replace(" ", "")
    neg = s.startswith(("負", "负", "-"))
    if neg:
        s = s[1:]
    if not s:
        raise ValueError("empty numeral")
    value, step = _cn_big(s)
    return (-value if neg else value), step


def _cn_big(s: str) -> tuple[float, float]:
    for unit, factor in CN_BIG_UNITS:
        idx = s.rfind(unit) if unit in ("億", "亿") else s.find(unit)
        if idx < 0:
            continue
        left, right = s[:idx], s[idx + len(unit) :]
        lv, lstep = _cn_big(left) if left else (1.0, 1.0)
        if not right:
            return lv * factor, lstep * factor
        rv, rstep = _cn_big(right)
        if _is_bare_digit(right):
            # 三万五 = 35000: a bare digit after a big unit is in the next unit down
            return lv * factor + rv * factor / 10, factor / 10
        return lv * factor + rv, rstep
    # decimals: 三點五, 1.5
    for p in CN_POINT:
        if p in s:
            ip, fp = s.split(p, 1)
            iv, _ = _cn_section(ip) if ip else (0.0, 1.0)
            frac = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in fp)
            if not frac.isdigit():
                raise ValueError(f"not a Chinese decimal: {s!r}")
            return iv + float("0." + frac), 10.0 ** -len(frac)
    return _cn_section(s)


def _is_bare_digit(s: str) -> bool:
    return len(s) == 1 and s in CN_DIGITS and CN_DIGITS[s] != 0


# ---------------------------------------------------------------- English words

EN_ONES = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
EN_DOZEN = {"dozen": 12, "dozens": 12, "score": 20}
EN_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1e6, "billionth": 1e9,
}

EN_NUMBER_WORDS = set(EN_ONES) | set(EN_TENS) | set(EN_SCALES) | set(EN_DOZEN)

_WORD_SPLIT = re.compile(r"[\s\-]+")


def parse_english(words: str) -> tuple[float, float]:
    """``one hundred twenty-three`` → 123; ``two and a half`` → 2.5; ``1.5 million`` → 1.5e6."""
    toks = [t for t in _WORD_SPLIT.split(words.lower().replace(",", " ")) if t]
    total = 0.0
    current = 0.0
    seen = False
    step = 1.0
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in ("and", "a", "an"):
            if t in ("a", "an") and i + 1 < len(toks) and toks[i + 1] in EN_SCALES:
                current = current or 1
                seen = True
            elif t == "and" and i + 2 < len(toks) and toks[i + 1] in ("a", "one") and toks[i + 2] in EN_FRACTIONS:
                current += 1 / EN_FRACTIONS[toks[i + 2]]
                i += 3
                continue
            i += 1
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", t):
            current += float(t)
            step = 10.0 ** -(len(t) - t.index(".") - 1) if "." in t else 1.0
        elif t in EN_ONES:
            current += EN_ONES[t]
        elif t in EN_TENS:
            current += EN_TENS[t]
        elif t in EN_DOZEN:
            current = (current or 1) * EN_DOZEN[t]
        elif t == "hundred":
            current = (current or 1) * 100
        elif t in EN_SCALES:
            total += (current or 1) * EN_SCALES[t]
            step = step * EN_SCALES[t]
            current = 0
        elif t in EN_FRACTIONS and seen:
            # "two thirds": the numerator already read
            current = current / EN_FRACTIONS[t]
        else:
            raise ValueError(f"not an English number: {words!r}")
        seen = True
        i += 1
    if not seen:
        raise ValueError(f"not an English number: {words!r}")
    if current and total:
        step = 1.0
    return total + current, step

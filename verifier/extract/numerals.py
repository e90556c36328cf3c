"""Numeral grammars: Arabic digits and Chinese numerals (English words: ``english``).

Pure functions from a printed numeral to ``(value, step)``: ``step`` is one
unit of the last printed digit (``3.2`` → 0.1, ``2000`` → 1; ``二百`` → 100,
a spelled number being exact to its last spelled unit), which the normaliser
halves to get the rounding interval. They know nothing about scale words,
currencies or context; the scanner handles those.

The Chinese grammar is strict about order (``七十百`` and ``十一十二`` are not
one numeral): the scanner backs off to the longest well-formed prefix, so a
run of numeral characters never becomes one wrong number.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from verifier.extract.text import fold_fullwidth

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0,
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
CN_BIG = {"兆": 1e12, "億": 1e8, "亿": 1e8, "萬": 1e4, "万": 1e4}
CN_BIG_UNITS = (("兆", 1e12), ("萬億", 1e12), ("万亿", 1e12), ("億", 1e8), ("亿", 1e8), ("萬", 1e4), ("万", 1e4))
CN_POINT = "点點"
# Hong Kong and Taiwan papers print a decimal point between Chinese digits as a middle dot
# (七四三七·三億, 卅九·二%); the scanner reads it as 點 only where the figure is measured
CN_DOT = "·・‧"
CN_SPECIAL = {"廿": 20, "卅": 30, "卌": 40}
# 两 counts things (两百, 两个) but is never a spoken digit after a unit or a point
LIANG = "两兩倆俩"
VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"


DECIMAL_COMMA = re.compile(r"-?\d{1,3},\d{1,2}")


def parse_arabic(s: str) -> tuple[float, float]:
    """``1,286.4`` → (1286.4, 0.1); ``2½`` → 2.5; ``1.3e6``. Grouping commas and spaces are dropped;
    a comma with one or two digits after it is a decimal comma (``2,52``: the scanner takes it so only
    before a scale word, as in ``$2,52-trillion``)."""
    s = fold_fullwidth(s)
    if DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")
    s = s.replace(",", "").replace(" ", "").replace("\u202f", "").replace("\u2009", "")
    s = s.replace("\u00a0", "")
    extra = 0.0
    if s and s[-1] in VULGAR:
        extra = unicodedata.numeric(s[-1])
        s = s[:-1]
        if not s or s in "-+":
            return (-extra if s == "-" else extra), 0.0
    if "e" in s.lower():
        v = float(s)
        mant = s.lower().split("e")[0]
        dec = len(mant) - mant.index(".") - 1 if "." in mant else 0
        return v, 10.0 ** (int(s.lower().split("e")[1]) - dec)
    if "." in s:
        decimals = len(s) - s.index(".") - 1
        v = float(s)
        return v + (extra if v >= 0 else -extra), 10.0 ** -decimals
    v = float(int(s))
    return v + (extra if not s.startswith("-") else -extra), (0.0 if extra else 1.0)


def _cn_section(s: str) -> tuple[float, float]:
    """A Chinese numeral below 萬, in the order 千 百 十 (may mix in Arabic digits: ``3千``, ``1百01``)."""
    if not s:
        raise ValueError("empty numeral")
    if len(s) > 1 and all(c in CN_DIGITS or c.isdigit() for c in s) and not any(c in LIANG for c in s[1:]):
        # digit by digit: 一七二零, 二〇二五 (the caller decides whether two digits may be read so)
        return float("".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in s)), 1.0
    total = 0.0
    pending: float | None = None
    pending_cn = False
    last_unit = 10**6
    zero = False
    step = 1.0
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isascii() and ch.isdigit():
            j = i
            while j < len(s) and (s[j].isdigit() and s[j].isascii() or s[j] in ".,"):  # 13萬5,270
                j += 1
            if pending is not None:
                raise ValueError(f"two numbers in a row: {s!r}")
            pending, step = parse_arabic(s[i:j])
            pending_cn = False
            i = j
            continue
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            if d == 0:
                if pending is not None:
                    raise ValueError(f"zero after a digit: {s!r}")
                zero = True
            else:
                if pending is not None or (ch in LIANG and last_unit < 10**6 and not _unit_next(s, i)):
                    raise ValueError(f"two digits in a row: {s!r}")
                pending, pending_cn = float(d), True
        elif ch in CN_SPECIAL:
            if i:
                raise ValueError(f"{ch} not first: {s!r}")
            total += CN_SPECIAL[ch]
            last_unit = 10
        elif ch in CN_SMALL_UNITS:
            u = CN_SMALL_UNITS[ch]
            if u >= last_unit:
                raise ValueError(f"units out of order: {s!r}")
            total += (1.0 if pending is None else pending) * u
            step = float(u)
            pending, last_unit, zero = None, u, False
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
        i += 1
    if pending is not None:
        if pending_cn and not zero and 100 <= last_unit < 10**6:
            # 兩千六 = 2600, 一百二 = 120: a lone digit after a unit counts in the next unit down
            total += pending * last_unit / 10
            step = last_unit / 10
        else:
            total += pending
            step = 1.0 if pending == int(pending) else step
    elif last_unit == 10**6 and zero:
        return 0.0, 1.0
    return total, step


def _unit_next(s: str, i: int) -> bool:
    return i + 1 < len(s) and (s[i + 1] in CN_SMALL_UNITS or s[i + 1] in CN_BIG)


def parse_chinese(s: str) -> tuple[float, float]:
    """``一千二百`` → 1200, ``1.2萬億`` → 1.2e12, ``三万五`` → 35000, ``三點五`` → 3.5, ``四万万`` → 4e8."""
    s = fold_fullwidth(s).replace(" ", "")
    neg = s.startswith(("負", "负", "-"))
    if neg:
        s = s[1:]
    if not s:
        raise ValueError("empty numeral")
    value, step = _cn_big(s)
    return (-value if neg else value), step


def _cn_big(s: str) -> tuple[float, float]:
    ok, a, b = _cn_big_read(s)
    if not ok:
        raise a(*b)
    return a, b


@lru_cache(maxsize=1 << 14)
def _cn_big_read(s: str) -> tuple:
    """``_cn_big``'s reading of ``s``, or the error it raised, kept: the longest-prefix search
    reads the same left-hand parts (``一二三萬`` of ``一二三萬億…``) once per prefix length."""
    try:
        return (True, *_cn_big_uncached(s))
    except (ValueError, KeyError) as exc:
        return False, type(exc), exc.args


def _cn_big_uncached(s: str) -> tuple[float, float]:
    for unit, factor in CN_BIG_UNITS:
        idx = s.rfind(unit) if unit in ("億", "亿") else s.find(unit)
        if idx < 0:
            continue
        left, right = s[:idx], s[idx + len(unit) :]
        if left and all(c in CN_BIG for c in left):
            raise ValueError(f"a scale with no number: {s!r}")
        lv, lstep = _cn_big(left) if left else (1.0, 1.0)
        if right and all(c in CN_BIG for c in right):
            # 四万万 = 4e8, 百万万 = 1e10: repeated scales multiply
            rf = 1.0
            for c in right:
                rf *= CN_BIG[c]
            return lv * factor * rf, lstep * factor * rf
        if not right:
            return lv * factor, lstep * factor
        if right in LIANG:
            raise ValueError(f"两 after a scale is a count, not a digit: {s!r}")
        if right[0] in CN_POINT:
            frac, fstep = _decimal(right[1:])
            return lv * factor + frac, fstep
        rv, rstep = _cn_big(right)
        if rv >= factor:
            raise ValueError(f"scales out of order: {s!r}")
        if _is_bare_digit(right):
            # 三万五 = 35000: a bare digit after a big unit is in the next unit down
            return lv * factor + rv * factor / 10, factor / 10
        return lv * factor + rv, rstep
    for p in CN_POINT:
        if p in s:
            ip, fp = s.split(p, 1)
            iv, _ = _cn_section(ip) if ip else (0.0, 1.0)
            frac, fstep = _decimal(fp)
            return iv + frac, fstep
    return _cn_section(s)


def _decimal(fp: str) -> tuple[float, float]:
    """Digits after 点: 三點一四 → .14; 两 is never a decimal digit."""
    frac = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS and c not in LIANG else c for c in fp)
    if not frac.isdigit() or not frac.isascii():
        raise ValueError(f"not a Chinese decimal: {fp!r}")
    return float("0." + frac), 10.0 ** -len(frac)


def _is_bare_digit(s: str) -> bool:
    return len(s) == 1 and s in CN_DIGITS and CN_DIGITS[s] != 0


def parse_chinese_prefix(s: str) -> tuple[float, float, int]:
    """The longest well-formed numeral at the start of ``s``: (value, step, length)."""
    for n in range(len(s), 0, -1):
        head = s[:n]
        if head[-1] in CN_POINT or head[-1] in "負负-":
            continue
        try:
            v, step = parse_chinese(head)
        except (ValueError, KeyError):
            continue
        return v, step, n
    raise ValueError(f"no numeral at the start of {s!r}")


def parse_english(words: str) -> tuple[float, float]:
    """``one hundred twenty-three`` → 123; ``two and a half`` → 2.5 (see ``english``)."""
    from verifier.extract.english import parse_words

    return parse_words(words)

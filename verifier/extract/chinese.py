"""Readers for Chinese numerals: a numeral run, Arabic digits with Chinese units, fractions.

Chinese writes numbers inside words (一切, 統一, 萬一), counts with neighbouring
digits (三四百 is "three or four hundred"), uses 兩 for a count but never as a
spoken digit (兩百點兩 is 200 and a separate 2), and has its own fractions
(三分之一, 萬分之三) and dozens (一打). These readers decide which runs of
numeral characters are figures; ``numerals`` parses them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.extract import numerals as N
from verifier.extract.context import finish, match_unit, right_patterns
from verifier.extract.raw import Raw

NUMC = "零〇○一二兩两倆俩三四五六七八九十百千萬万億亿兆壹貳贰參叁叄肆伍陸陆柒捌玖拾佰仟廿卅几幾"
DIG = "〇○零一二兩两倆俩三四五六七八九十壹貳贰參叁叄肆伍陸陆柒捌玖拾廿卅"
DEC = "零〇○一二三四五六七八九壹貳贰參叁叄肆伍陸陆柒捌玖"
UNITS = "十百千萬万億亿拾佰仟"
# financial numerals that are also common words (參加, 伍 the surname, 大陸, 拾起, 肆意)
_AMBIGUOUS_ALONE = "參伍陸陆拾肆佰仟"
_PAIR = re.compile("^([一二兩两三四五六七八九])([一二兩两三四五六七八九])(?![一二兩两三四五六七八九零〇○])")
# after 打 (a dozen: 一打雞蛋) these make a verb: 打開, 打算, 打擊
_NOT_DOZEN = "就他她我你它们們得起回完去来來给給开開算听聽造击擊破电電工球车車折进進出印扮扫掃拼压壓架仗败敗卡通入响響理包赢贏过過了着著到成上下中死伤傷人法者手气氣分赌賭交探捞撈假黑拐烊的烂爛碎动動消发發量断斷乱亂倒垮滚滾转轉牌猎獵鱼魚针針字火水油铁鐵桩樁底头頭一"


def read_mixed(t: str, m: re.Match, floor: int) -> Raw | None:
    try:
        value, step = N.parse_chinese(m.group(0))
    except (ValueError, KeyError):
        return None
    raw = Raw(m.start(), m.end(), value, step, "cn")
    raw.scaled = any(c in "萬万億亿" for c in m.group(0))
    return finish(t, raw, floor, allow_zh_scale=not raw.scaled)


_DOT_AS_POINT = str.maketrans({c: "點" for c in N.CN_DOT})
# the longest Chinese numeral read as one figure (九千九百九十九萬九千九百九十九億… runs to about 30):
# a longer run of numeral characters is read a figure at a time, never parsed whole
LONGEST = 40


def read_cn(t: str, m: re.Match, floor: int) -> Raw | list[Raw] | None:
    s, start = m.group(0)[:LONGEST], m.start()
    if start >= 2 and t[start - 1] in N.CN_DOT and t[start - 2] in DIG:
        return None  # the day of 九·一八: the dot was not a decimal point (below), so a date names an event
    dot = next((i for i, c in enumerate(s) if c in N.CN_DOT), None)
    if dot is None:
        return _read_run(t, m, floor, s, start)
    raw = _read_run(t, m, floor, s, start)
    if raw is not None and (raw.end <= start + dot or _dot_is_point(t, raw)):
        return raw
    return None


def _dot_is_point(t: str, raw: Raw) -> bool:
    """七四三七·三億, 卅九·二%, 一一○·四點: a middle dot is a decimal point in a measured figure
    or one past the days of a month; 九·一八, 一二·九 (dates naming events) stay two numerals."""
    return not raw.bare or raw.scaled or t[raw.end : raw.end + 1] in N.CN_POINT or raw.value >= 32


def _read_run(t: str, m: re.Match, floor: int, s: str, start: int) -> Raw | None:
    if s[-1] in "千兆" and len(s) > 1 and match_unit(t, start + len(s) - 1):
        s = s[:-1]  # 三千瓦, 五兆瓦: the prefix belongs to the unit
    cut = _stop_cut(t, start, start + len(s))
    if cut is None or s[0] in "几幾":
        return None
    s = s[: cut - start]
    if s in "零〇" and re.match(r"[\u4e00-\u9fff]", t[start + 1 : start + 2]) and t[start + 1] not in "成点點元度":
        return None  # 零售, 零件: a word, not zero
    if not s.strip("○"):
        return None  # ○○公司, ○月: a placeholder; the circle is a zero only among other digits (五○五七)
    hedge = None
    if "几" in s or "幾" in s:
        hedge = "more_than"  # 二十幾萬: twenty-odd ten-thousands
    if p := _PAIR.match(s):
        return _read_pair(t, m, floor, s, p)
    clean = s.replace("几", "").replace("幾", "").translate(_DOT_AS_POINT)
    try:
        value, step, n = N.parse_chinese_prefix(clean)
    except ValueError:
        return None
    n = len(s) if n == len(clean) else _position_in(s, n)
    raw = Raw(start, start + n, value, step, "cn", hedge=hedge)
    raw.scaled = any(c in "萬万億亿兆" for c in clean[:n])
    # 六八七億: a numeral ending in its scale word carries that scale, for a range's bare low end (六六七至六八七億)
    raw.scale = next((f for w, f in N.CN_BIG_UNITS if clean[:n].endswith(w)), raw.scale)
    after = t[raw.end + 1 : raw.end + 2]
    if t[raw.end : raw.end + 1] == "打" and (not after or after not in _NOT_DOZEN):
        raw.value, raw.step, raw.end = raw.value * 12, raw.step * 12, raw.end + 1  # 五十打: fifty dozen
    # after a numeral cut short (五十千) what is left is not a scale
    finish(t, raw, floor, allow_zh_scale=not raw.scaled and n == len(s))
    if len(s[:n]) == 1 and raw.bare and s[0] in _AMBIGUOUS_ALONE:
        return None
    return raw


def _position_in(s: str, n: int) -> int:
    """Length of ``s`` that holds its first ``n`` characters other than 几 (二十幾萬)."""
    seen = 0
    for i, c in enumerate(s):
        if seen == n:
            return i
        if c not in "几幾":
            seen += 1
    return len(s)


def _read_pair(t: str, m: re.Match, floor: int, s: str, p: re.Match) -> Raw | None:
    """三四百, 七八十, 一兩個: two neighbouring digits say "three or four hundred"."""
    d1, d2 = N.CN_DIGITS[p.group(1)], N.CN_DIGITS[p.group(2)]
    after = t[m.start() + 2 : m.start() + 3]
    near = abs(d1 - d2) == 1
    if p.group(2) in N.LIANG and not (near and (right_patterns()["measure"].match(after) or len(s) > 2)):
        # 二兩, 三兩黃金: taels, not "two or three"
        raw = Raw(m.start(), m.start() + 1, float(d1), 1.0, "cn")
        return finish(t, raw, floor)
    if not near:
        return None if after != "折" else _read_digits(t, m, floor, s[:2])
    rest = s[2:]
    try:
        lo, step = N.parse_chinese(str(min(d1, d2)) + rest) if rest else (float(min(d1, d2)), 1.0)
        hi, _ = N.parse_chinese(str(max(d1, d2)) + rest) if rest else (float(max(d1, d2)), 1.0)
    except (ValueError, KeyError):
        return None
    raw = Raw(m.start(), m.start() + len(s), (lo + hi) / 2, step, "cn", hedge="approx")
    raw.low, raw.high = lo, hi
    raw.scaled = any(c in "萬万億亿兆" for c in rest)
    finish(t, raw, floor, allow_zh_scale=not raw.scaled)
    if raw.scale != 1.0:
        raw.low, raw.high = lo * raw.scale, hi * raw.scale
    return raw


def _read_digits(t: str, m: re.Match, floor: int, s: str) -> Raw | None:
    """五五折, 三八折: digits read one by one before 折."""
    value = float("".join(str(N.CN_DIGITS[c]) for c in s))
    return finish(t, Raw(m.start(), m.start() + len(s), value, 1.0, "cn"), floor)


@lru_cache(maxsize=1)
def _stopwords():
    return lexicon.words("cn_numeral_stopwords.txt")


def _stop_cut(t: str, start: int, end: int) -> int | None:
    """Where a numeral run ends once stopwords are read (一切, 統一, 萬一, 一旦).

    None when a stopword holds the run's first character (the run is a word, not a
    number); otherwise the run is cut before a stopword that begins inside it and
    runs past its end (一千萬一旦 → 一千萬).
    """
    sw = _stopwords()
    for a in range(max(0, start - 3), start + 1):
        for b in range(max(start + 1, a + 2), min(len(t), a + 5) + 1):
            if t[a:b] in sw and not (t[b - 1] in "點点" and t[b : b + 1] and t[b] in DEC) and not _digits_go_on(t, a, b):
                return None  # but 一點○五兆: a point before a decimal digit is a decimal point
    for a in range(start + 1, end):
        for b in range(end + 1, min(len(t), a + 5) + 1):
            if t[a:b] in sw:
                return a
    return end


def _digits_go_on(t: str, a: int, b: int) -> bool:
    """一一○點, 兩兩○: a word of digits only (一一 "one by one") followed by more digits is a
    numeral read digit by digit."""
    return a >= 0 and all(c in DEC for c in t[a:b]) and t[b : b + 1] != "" and t[b] in DEC


def read_cnfrac(t: str, m: re.Match, floor: int) -> Raw | None:
    s = m.group(0)
    den_s, num_s = s.split("分之", 1)
    if (p := _PAIR.match(num_s)) and abs(N.CN_DIGITS[p.group(1)] - N.CN_DIGITS[p.group(2)]) == 1:
        return _fraction_pair(t, m, floor, den_s, num_s)
    try:
        num, nlen = _frac_part(num_s, prefix=True)
        den, _ = _frac_part(den_s, prefix=False)
    except (ValueError, KeyError):
        return None
    end = m.start() + len(den_s) + 2 + nlen
    body = den_s.lstrip("负負")
    if body and all(c in "百千萬万億亿佰仟" for c in body):
        # 百分之五 is 5%, 千分之五 0.5%, 萬分之三 0.03%: a per-hundred family
        raw = Raw(m.start(), end, num * 100 / den, 0.0, "frac", unit="percent", kind="percent")
    elif den == 0:
        return None
    else:
        raw = Raw(m.start(), end, num / den, 0.0, "frac", unit="ratio", kind="fraction")
    if raw.unit == "percent":
        # 百分之五 is printed to the unit, 百分之四點五 to the tenth: the last digit printed is the step
        digits = re.split(r"[點点.]", num_s[:nlen], maxsplit=1)
        places = len(digits[1]) if len(digits) == 2 else 0
        if num == int(num) or places:
            raw.step = 100 / den / 10**places
    return finish(t, raw, floor, measure=False)


def _fraction_pair(t: str, m: re.Match, floor: int, den_s: str, num_s: str) -> Raw | None:
    """百分之二三十: "twenty or thirty percent", a range."""
    try:
        lo, _ = N.parse_chinese(min(num_s[0], num_s[1], key=N.CN_DIGITS.get) + num_s[2:])
        hi, _ = N.parse_chinese(max(num_s[0], num_s[1], key=N.CN_DIGITS.get) + num_s[2:])
        den, _ = N.parse_chinese(den_s)
    except (ValueError, KeyError):
        return None
    if not (den_s and all(c in "百千萬万億亿佰仟" for c in den_s)):
        return None
    raw = Raw(m.start(), m.end(), (lo + hi) * 50 / den, 0.0, "frac", unit="percent", kind="percent", hedge="approx")
    raw.low, raw.high = lo * 100 / den, hi * 100 / den
    return finish(t, raw, floor, measure=False)


def _frac_part(s: str, *, prefix: bool) -> tuple[float, int]:
    neg = s[:1] in ("负", "負")
    body = s[1:] if neg else s
    if body[:1].isdigit():
        mm = re.match(r"[\d,]+(?:\.\d+)?", body)
        v = N.parse_arabic(mm.group(0))[0]
        n = mm.end()
        if body[n : n + 1] in ("k", "K"):
            v, n = v * 1000, n + 1
    else:
        v, _, n = N.parse_chinese_prefix(body) if prefix else (*N.parse_chinese(body), len(body))
    return (-v if neg else v), n + (1 if neg else 0)


def read_half(t: str, m: re.Match, floor: int) -> Raw | None:
    nxt = t[m.end() : m.end() + 1]
    if nxt == "百":  # 年過半百: fifty
        return Raw(m.start(), m.end() + 1, 50.0, 10.0, "cn")
    value = 5.0 if nxt == "成" else 50.0
    return Raw(m.start(), m.end() + 1, value, 5.0, "cn", unit="percent", kind="percent")


def read_bare_scale(t: str, m: re.Match, floor: int) -> Raw | None:
    """近千億元, 逾百家, 市值破兆: a scale word standing for one of it, after a bound."""
    factor = 1.0
    for c in m.group(0):
        factor *= N.CN_BIG.get(c) or N.CN_SMALL_UNITS[c]
    raw = Raw(m.start(), m.end(), factor, factor, "cn")
    raw.scaled = True
    finish(t, raw, floor, allow_zh_scale=False)
    if t[m.start() - 1] in "破上" and raw.hedge is None:
        raw.hedge = "more_than"  # 破兆: past a trillion; 上千人: a thousand and more
    return raw


def read_disc(t: str, m: re.Match, floor: int) -> Raw | None:
    raw = Raw(m.start(), m.end(), 50.0, 5.0, "cn", unit="percent", kind="percent")
    raw.notes.append("a discount (打對折): half the full price")
    return raw

"""The words around a number: what scales it, what it measures, how it is hedged.

``read_right`` widens a mention over its scale word (``億``, ``billion``),
then one measure (currency, percent, percentage point, multiple, unit) and
an after-hedge (``以上``, ``or more``); ``read_left`` over a currency symbol
or code, a hedge and per-share wording. All wording comes from the lexicons
in ``verifier/data``; the patterns are compiled once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.fold import fold, fold_script
from verifier.extract.raw import Raw
from verifier.extract.trie import trie_pattern
from verifier.normalise import TIME_UNITS

_OR_HYPHEN, _AT_MOST_ONE = r"[\s-]", r"\s?"  # what a space in a surface matches: one space or a hyphen, at most one space


# the words of the patterns are in data/wording_en.tsv and data/wording_zh.tsv, by the roles named here
def _en(role: str, space: str = r"\s+") -> str:
    return lexicon.alternation("en", role, space)


def _zh(role: str) -> str:
    return lexicon.alternation("zh", role)


def _chars(role: str) -> str:
    return lexicon.chars("zh", role)


_CJK_WORD = re.compile(r"[\u4e00-\u9fff](?<![钱錢])")
_COMPARED = re.compile(rf"(?i:\b(?:{_en('compared_over')})\s+over\s*$)")


@lru_cache(maxsize=1)
def currency_factors() -> dict[str, float]:
    """surface (lower-cased) → what one of it is worth (0.01 for cents, 1e6 for MUSD)."""
    return {r[0].lower(): float(r[3]) for r in lexicon.rows("currencies.tsv") if len(r) > 3 and r[3]}


@lru_cache(maxsize=1)
def _zh_scale_chars() -> dict[str, float]:
    return {k: v[0] for k, v in lexicon.scales().items() if v[1] == "zh" and len(k) == 1}


@lru_cache(maxsize=1)
def right_patterns():
    sc = lexicon.scales()
    en = trie_pattern(k for k, v in sc.items() if v[1] == "en")
    digit = trie_pattern(k for k, v in sc.items() if v[1] == "digit")
    abbr = trie_pattern(k for k, v in sc.items() if v[1] in ("abbr", "money"))
    cur = lexicon.currencies()
    suffix = [k for k, v in cur.items() if v[1] in ("suffix", "both")]
    words = trie_pattern(k for k in suffix if any(c.isalnum() for c in k))
    symbols = trie_pattern(k for k in suffix if not any(c.isalnum() for c in k))
    us = lexicon.units()
    unit_cs = trie_pattern(k for k, v in us.items() if v[1])
    unit_ci = trie_pattern(k for k, v in us.items() if not v[1])
    return {
        # stacked Chinese scales multiply (千億, 萬萬); 兆 before 瓦/赫/位 and 千 before a
        # unit that begins with it (千瓦, 千米) are SI prefixes, left to the unit lexicon
        "zh_scale": re.compile(r"(?:[百千](?![瓦米克卡比字])|[萬万億亿]|兆(?![瓦赫位字]))+"),
        # $2 billion, a $2-billion loss, and a scale wrapped onto the next line
        "en_scale": re.compile(rf"(?:[ \t]|[ \t]?\n(?![ \t]*\n)[ \t]*|-(?=[A-Za-z]))?(?i:{en})\b"),
        "digit_scale": re.compile(rf"[ \t]?(?i:{digit})\b"),
        "abbr_scale": re.compile(rf"[ \t]?(?:{abbr})(?![A-Za-z])"),
        # 164p: a minor unit glued to a whole figure (not 1080p, a screen)
        "cur_glued": re.compile(rf"(?<=\d)(?:{trie_pattern(k for k, v in cur.items() if v[1] == 'glued')})(?![A-Za-z\d])"),
        "cur_word": re.compile(rf"(?:[ \t]?|-)(?i:{words})(?![A-Za-z])"),
        # 人民币31.79分: a minor unit read only after a currency named before the figure
        "cur_echo": re.compile(rf"(?:{trie_pattern(k for k, v in cur.items() if v[1] == 'echo')})"),
        "cur_symbol": re.compile(rf"[ \t]?(?:{symbols})(?![ \t]?\.?\d)"),
        # a space in percentage_point and basis_point is one space or a hyphen, in percentage_point_abbr
        # and percent at most one space
        "pp": re.compile(
            rf"(?:[ \t]|-(?=[A-Za-z]))?(?:(?i:{_en('percentage_point', _OR_HYPHEN)}|{_en('percentage_point_abbr', _AT_MOST_ONE)})(?![A-Za-z])"
            rf"|{_zh('percentage_point')})"
        ),
        "bp": re.compile(rf"(?:[ \t]|-(?=[A-Za-z]))?(?:(?i:{_en('basis_point', _OR_HYPHEN)})(?![A-Za-z])|{_zh('basis_point')})"),
        # 1.38pc: British papers glue "pc" to the figure; "5 pc" with a space may be computers
        "pct": re.compile(
            rf"(?:[ \t]|-(?=[A-Za-z]))?(?:%|(?i:{_en('percent', _AT_MOST_ONE)})(?![A-Za-z])(?!\s+(?:{_en('point')})))"
            rf"|(?<=\d)(?:{_en('percent_glued')})(?![A-Za-z\d])"
        ),
        "cheng": re.compile(rf"成(?![{_chars('not_cheng_chars')}])"),
        # after 折 (a discount: 八折 = 80% of the price) these make another word: 折合, 折舊
        "discount": re.compile(rf"折(?![{_chars('not_discount_chars')}])"),
        # a quarter-point cut, a half-point move: a fraction of a percentage point (a space is a hyphen)
        "frac_point": re.compile(rf"-(?i:{_en('fraction_point', '-')})(?![A-Za-z])"),
        "times": re.compile(rf"(?:{_zh('times')}|[ \t]?(?i:x(?![A-Za-z\d])|(?:{_en('times')})\b|[\s-](?:{_en('fold')})\b))"),
        # a unit glued to more letters or digits is part of a code (24703L202, 5 L-202)
        "unit_cs": re.compile(rf"(?:[ \t]?|-(?=[A-Za-z]))(?:{unit_cs})(?![A-Za-z0-9]|-\d)"),
        "unit_ci": re.compile(rf"(?:[ \t]?|-)(?i:{unit_ci})(?![A-Za-z0-9]|-\d)"),
        "inch": re.compile(rf"[ \t]?in(?=\s+(?:{_en('inch_dimension')})\b)"),
        "per_unit": re.compile(rf"[ \t]?(?i:{_en('per_unit')})[ \t]+(?=[A-Za-z])|[ \t]?/[ \t]?(?=\S)"),
        "per_share": re.compile(
            rf"[ \t]?(?i:(?:{_en('share_each')})[ \t]?(?:(?:{_en('share_kind')})\s+)?(?:{_en('share')}))\b|[ \t]?(?:{_en('share_hyphened')})\b"
        ),
        "more": re.compile(r"[多餘余](?=[萬万億亿兆千百美元人港歐欧日英台%])"),
        "half": re.compile(rf"半(?![{_chars('not_half_chars')}])"),
        "cheng_digit": re.compile(r"[一二三四五六七八九](?![零〇一二兩两三四五六七八九十百千萬万億亿年月日号號个個])"),
        "exact": re.compile(r"整|正(?![\u4e00-\u9fff])"),
        "measure": re.compile(rf"[{_chars('measure_chars')}]"),
    }


@lru_cache(maxsize=1)
def left_patterns():
    cur = lexicon.currencies()
    prefix = trie_pattern(k for k, v in cur.items() if v[1] in ("prefix", "both"))
    return {
        "currency": re.compile(rf"(?i:(?:^|(?<=[^A-Za-z]))(?:{prefix}))[ \t]?$"),
        # a space in per_share_before is one space or a hyphen, in a_share_before one space
        "per_share": re.compile(
            rf"(?:{_zh('per_share')}|(?i:\b(?:{_en('eps')})\b|{_en('per_share_before', _OR_HYPHEN)}|{_en('a_share_before', ' ')}))[^，。,;；\n\d)）]{{0,10}}$"
        ),
    }


@lru_cache(maxsize=1)
def _after_hedges():
    return {k: v for (k, pos), v in lexicon.hedges().items() if pos == "after"}


@lru_cache(maxsize=1)
def _after_hedge_re():
    return re.compile(rf"[ \t]?(?i:{trie_pattern(_after_hedges())})(?![A-Za-z])")


# words read after a figure that are not in a lexicon: the patterns of right_patterns()
_FIXED_AFTER = (
    "%", "pc", "pts", "成", "折", "x", "in ",
    "per ", "a ", "an ", "/", "a share", "/share", "-a-share", "/ share", "多", "餘", "余", "半", "整", "正", "打", "point",
)


_AFTER_ROLES = (("zh", ("percentage_point", "basis_point", "times")),
                ("en", ("percent", "percentage_point", "percentage_point_abbr", "basis_point", "times", "fold")))


@lru_cache(maxsize=1)
def _right_prefixes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The first one, two and three characters (lower-cased) of every word that can be
    read after a figure. Most figures are followed by a word that is none of them
    (``5 people``, ``12 of``) and are done after one look-up."""
    words = list(lexicon.scales()) + list(lexicon.units()) + list(_after_hedges()) + list(_FIXED_AFTER)
    words += [k for k, v in lexicon.currencies().items() if v[1] in ("suffix", "both", "glued", "echo")]
    # the wording the right-hand patterns read (25个基点, 3倍, 5 percentage points): from the same data
    words += [w for lang, roles in _AFTER_ROLES for r in roles for w in lexicon.wording(lang)[r]]
    words = [fold_script(w).lower() for w in words if w]  # one script: the text is folded alike
    return (
        frozenset(w for w in words if len(w) == 1),
        frozenset(w for w in words if len(w) == 2),
        frozenset(w[:3] for w in words if len(w) >= 3),
    )


def _may_follow(t: str, pos: int) -> bool:
    """Can anything this module reads begin at ``pos`` (after one space or hyphen)?"""
    if t[pos : pos + 1] in (" ", "\t", "-", "\n"):
        pos += 1
    s = fold_script(t[pos : pos + 3]).lower()
    if not s:
        return False
    p1, p2, p3 = _right_prefixes()
    return s[:1] in p1 or s[:2] in p2 or s in p3


@lru_cache(maxsize=1)
def _prefix_ends() -> frozenset[str]:
    """Last characters of currency prefixes: a figure after anything else has none."""
    cur = {k[-1] for k, v in lexicon.currencies().items() if v[1] in ("prefix", "both")}
    return frozenset(cur | {c.upper() for c in cur} | {c.lower() for c in cur})


def _last_char(t: str, start: int) -> str:
    i = start - 1
    while i >= 0 and t[i] in " \t":
        i -= 1
    return t[i] if i >= 0 else ""


def apply_scale(raw: Raw, factor: float) -> None:
    raw.scale *= factor
    raw.value *= factor
    raw.step *= factor
    raw.scaled = True


def _zh_factor(s: str) -> float:
    f = 1.0
    for c in s:
        f *= _zh_scale_chars()[c]
    return f


def currency_prefix(t: str, start: int, floor: int = 0) -> tuple[str, int] | None:
    """A currency printed just before ``start`` and after ``floor``: (surface, its start)."""
    lo = max(floor, start - 8)
    if lo >= start or _last_char(t, start) not in _prefix_ends():
        return None
    window = t[lo:start]
    if not any(not c.isspace() for c in window):
        return None
    m = left_patterns()["currency"].search(window)
    if not m:
        return None
    return m.group(0).strip(), lo + m.start()


def match_unit(t: str, pos: int) -> tuple[str, int] | None:
    R = right_patterns()
    us = lexicon.units()
    best = None
    for key in ("unit_cs", "unit_ci"):
        m = R[key].match(t, pos)
        if m and (best is None or m.end() > best[1]):
            surface = m.group(0).lstrip(" \t\n-")
            unit = us.get(surface) or us.get(surface.lower())
            if unit:
                best = (unit[0], m.end())
    if best is None and (m := R["inch"].match(t, pos)):
        best = ("inch", m.end())
    return best


def _set_currency(raw: Raw, surface: str) -> None:
    key = surface.lower()
    raw.currency_surface = surface
    raw.currency = lexicon.currencies()[key][0]
    raw.kind = "amount"
    f = currency_factors().get(key)
    if f is not None and f != 1.0:
        raw.value, raw.step = raw.value * f, raw.step * f
        raw.subunit = f < 1


def read_right(t: str, raw: Raw, *, allow_zh_scale: bool, prefix: tuple[str, int] | None, measure: bool = True) -> None:
    """Widen ``raw`` over what follows it: scale, measure, after-hedge."""
    pos = raw.end
    n = len(t)
    if not _may_follow(t, pos):
        return
    R = right_patterns()
    if pos < n and measure and (m := R["more"].match(t, pos)):
        raw.hedge = "more_than"
        pos = m.end()
    nxt = t[pos : pos + 1]
    um = match_unit(t, pos) if allow_zh_scale and nxt and nxt in "千兆" else None
    if um is None and nxt and measure:
        if allow_zh_scale and (m := R["zh_scale"].match(t, pos)):
            apply_scale(raw, _zh_factor(m.group(0)))
            pos = m.end()
        elif not raw.scaled and (m := R["en_scale"].match(t, pos)):
            apply_scale(raw, lexicon.scales()[m.group(0).strip(" \t\n-").lower()][0])
            pos = m.end()
        elif not raw.scaled and raw.source == "arabic" and (m := R["digit_scale"].match(t, pos)):
            apply_scale(raw, lexicon.scales()[m.group(0).strip(" \t\n-").lower()][0])
            pos = m.end()
        elif not raw.scaled and (m := R["abbr_scale"].match(t, pos)):
            word = m.group(0).strip()
            where = lexicon.scales()[word][1]
            glued = not m.group(0)[0].isspace()
            if (where == "abbr" and (glued or prefix)) or (where == "money" and (prefix or (glued and _m_is_million(t, m.end())))):
                apply_scale(raw, lexicon.scales()[word][0])
                pos = m.end()
    if measure:
        pos = _read_measure(t, raw, pos, prefix)
    if pos < n and (m := _after_hedge_re().match(t, pos)):
        word = m.group(0).strip().lower()
        # 多 and 餘 only directly after the figure (handled above); 以上/左右/or more here
        if word not in ("多", "餘", "余") and not (word == "plus" and raw.currency is None):
            raw.hedge = _after_hedges()[word]
            pos = m.end()
    raw.end = pos


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z']*)")


def m_reading(t: str, pos: int) -> str | None:
    """What the word after a glued m says it is (m_nouns.tsv): "million", "metre", or None."""
    w = _NEXT_WORD.match(t, pos)
    if w is None:
        return None
    word = w.group(1)
    return lexicon.m_nouns().get(word) or lexicon.m_nouns().get(word.lower())


def glued_m(t: str, r: Raw) -> bool:
    """The figure's measure is a lower-case m glued to it: 40.6m, 88m."""
    return t[r.num_end : r.end] == "m"


def _m_is_million(t: str, pos: int) -> bool:
    """``220m iPhones``, ``1.2m barrels``: a counted word after a glued m makes it millions (m_nouns.tsv)."""
    if (reading := m_reading(t, pos)) is not None:
        return reading == "million"
    w = _NEXT_WORD.match(t, pos)
    return w is not None and len(word := w.group(1)) > 3 and word.endswith("s") and not word.endswith("ss")


# 720p, 1080p: lines of a screen, not pence
_SCREEN_LINES = frozenset({240, 360, 480, 576, 720, 1080, 1440, 2160, 4320})


def _read_measure(t: str, raw: Raw, pos: int, prefix) -> int:
    """One measure after the figure; returns the new end."""
    R = right_patterns()
    cur = lexicon.currencies()
    if pos >= len(t):
        return pos
    if prefix is not None:
        # 新台幣9899億元: a named currency before may be echoed by 元 after
        m = R["cur_word"].match(t, pos) or R["cur_echo"].match(t, pos)
        if m and cur[(word := m.group(0).lstrip(" \t\n-").lower())][0] in ("?", cur[prefix[0].lower()][0]):
            pos = m.end()
            if (f := currency_factors().get(word, 1.0)) != 1.0:  # 港幣19.58仙, 人民币31.79分: the minor unit
                raw.value, raw.step = raw.value * f, raw.step * f
                raw.subunit = f < 1
        return _after_money(t, raw, pos)
    if (m := R["cur_glued"].match(t, pos)) and raw.value not in _SCREEN_LINES:
        _set_currency(raw, m.group(0))
        return _after_money(t, raw, m.end())
    m = R["cur_word"].match(t, pos)
    if m and m.group(0).isascii() and t[m.end() : m.end() + 1].isdigit():
        m = None  # 3 USD50: the code glued to the next figure is its prefix
    elif m and m.group(0) == "角" and _CJK_WORD.match(t, m.end()):
        m = None  # 三角形, 五角大樓, 珠三角: a word, not ten cents
    m = m or R["cur_symbol"].match(t, pos)
    if m:
        _set_currency(raw, m.group(0).lstrip(" \t\n-"))
        pos = m.end()
        if not raw.scaled and (s := R["en_scale"].match(t, pos)):
            apply_scale(raw, lexicon.scales()[s.group(0).strip(" \t\n-").lower()][0])  # 75 USD million
            pos = s.end()
        return _after_money(t, raw, pos)
    if m := R["bp"].match(t, pos):
        raw.value, raw.step = raw.value / 100, raw.step / 100
        raw.unit, raw.kind = "percentage_point", "percentage_point"
        return m.end()
    if raw.kind == "fraction" and (m := R["frac_point"].match(t, pos)):
        raw.unit, raw.kind = "percentage_point", "percentage_point"
        return m.end()
    if m := R["pp"].match(t, pos):
        raw.unit, raw.kind = "percentage_point", "percentage_point"
        return m.end()
    if m := R["pct"].match(t, pos):
        raw.unit, raw.kind = "percent", "percent"
        return m.end()
    if raw.source in ("cn", "arabic") and (m := R["cheng"].match(t, pos)):
        raw.value, raw.step = raw.value * 10, raw.step * 10
        raw.unit, raw.kind = "percent", "percent"
        pos = m.end()
        if d := R["cheng_digit"].match(t, pos):  # 七成六 = 76%
            from verifier.extract.numerals import CN_DIGITS

            raw.value += CN_DIGITS[d.group(0)]
            raw.step = 1.0
            return d.end()
        if h := R["half"].match(t, pos):  # 三成半 = 35%
            raw.value += 5
            return h.end()
        return pos
    if raw.source in ("cn", "arabic") and not raw.scaled and (m := R["discount"].match(t, pos)):
        v = raw.value
        if 0 < v < 10 or (v == 10 and raw.source == "cn"):
            raw.value, raw.step = v * 10, raw.step * 10  # 八折 = 80%, 8.5折 = 85%
        elif not (10 <= v < 100 and v == int(v)):
            return pos
        raw.unit, raw.kind = "percent", "percent"
        raw.notes.append("a discount (折): the share of the full price paid")
        return m.end()
    if m := R["times"].match(t, pos):
        raw.unit, raw.kind = "times", "multiple"
        return m.end()
    um = match_unit(t, pos)
    if um is not None:
        raw.unit, raw.kind = um[0], "amount"
        pos = um[1]
        if h := R["half"].match(t, pos):  # 一吨半 = 1.5 t, 兩米半 = 2.5 m
            raw.value += 0.5 if raw.step >= 1 else 0
            raw.step = min(raw.step, 0.5)
            return h.end()
    return pos


def _after_money(t: str, raw: Raw, pos: int) -> int:
    R = right_patterns()
    if ps := R["per_share"].match(t, pos):
        raw.per_share = True
        return ps.end()
    if (pu := R["per_unit"].match(t, pos)) and (u := match_unit(t, pu.end())) and u[0] not in TIME_UNITS:
        raw.per_unit = u[0]  # $73.41 a barrel, $2,700 an ounce, 5 yuan per kilogram
        return u[1]
    if raw.currency_surface and raw.currency_surface in "元圓圆" and (e := R["exact"].match(t, pos)):
        return e.end()  # 壹拾壹元整: exactly eleven yuan
    return pos


@lru_cache(maxsize=1)
def _hedges_by_last_char() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for (surface, pos), hedge in lexicon.hedges().items():
        if pos == "before":
            out.setdefault(surface[-1], []).append((surface, hedge))
    for v in out.values():
        v.sort(key=lambda p: -len(p[0]))
    return out


@lru_cache(maxsize=1)
def _metric_words() -> tuple[str, ...]:
    """The metrics' Chinese names (metrics.tsv), folded."""
    from verifier import aliases

    return tuple(fold(a) for n in aliases.metrics().values() for a in n.aliases if not a.isascii())


@lru_cache(maxsize=None)
def _words_ending_in(ch: str) -> tuple[str, ...]:
    """Metric names that end in a one-character hedge: 出超, 入超 end in 超."""
    return tuple(w for w in _metric_words() if len(w) > 1 and w.endswith(fold(ch)))


def _hedge_before(t: str, start: int) -> str | None:
    """The hedge printed just before a figure (約, 超過, about, more than), if any."""
    window = t[max(0, start - 16) : start].rstrip().lower()
    if not window:
        return None
    for surface, hedge in _hedges_by_last_char().get(window[-1], ()):
        if window.endswith(surface):
            if (len(surface) == 1 and any(fold(window[-len(w):]) == w for w in _words_ending_in(surface))
                    and not any(fold(window[-1 - len(w):-1]) == w for w in _metric_words())):
                return None  # 出超1,020.3億美元: the 超 of a trade surplus; 支出超6300億: spending over
            i = len(window) - len(surface)
            if not surface[0].isascii() or i == 0 or not window[i - 1].isalpha():
                if surface == "over" and _COMPARED.search(t, max(0, start - 40), start):
                    return None  # a 12% increase over $638 billion: compared with, not more than
                return hedge
    return None


def read_left(t: str, raw: Raw, prefix: tuple[str, int] | None) -> None:
    """Widen ``raw`` over a currency before it, and read a hedge and per-share wording."""
    L = left_patterns()
    if prefix is not None and raw.unit is None:
        surface, cstart = prefix
        key = surface.lower()
        iso = lexicon.currencies()[key][0]
        if raw.currency is None or raw.currency == "?" or raw.currency == iso:
            raw.currency, raw.currency_surface = iso, surface
            raw.kind = "amount"
            raw.start = cstart
            f = currency_factors().get(key)
            if f is not None and f != 1.0:
                raw.value, raw.step = raw.value * f, raw.step * f
    if raw.hedge is None and raw.start and (h := _hedge_before(t, raw.start)):
        raw.hedge = h
    if raw.currency and not raw.per_share and not raw.scaled:  # $21.0 billion after "a share and": never per share
        if L["per_share"].search(t[max(0, raw.start - 24) : raw.start]):
            raw.per_share = True


def finish(t: str, raw: Raw, floor: int, *, allow_zh_scale: bool = True, measure: bool = True) -> Raw:
    """Read the context of a numeral just found: where it ends, then right and left of it."""
    raw.num_end = raw.end
    prefix = currency_prefix(t, raw.start, floor) if measure else None
    if measure:
        read_right(t, raw, allow_zh_scale=allow_zh_scale, prefix=prefix)
    else:
        read_right(t, raw, allow_zh_scale=False, prefix=None, measure=False)
    read_left(t, raw, prefix)
    return raw

"""Join neighbouring mentions that print one figure.

Each reader sees one numeral; some figures span several: a sign word
(``minus five``, ``負三十二``), digits grouped by spaces (``40 000``), a
number built of parts (``4 thousand 3 hundred and 21``), a ratio (``one in
five``), a mixed fraction (``三又三分之一``), money in two units (``3 dollars
50 cents``, ``50元6角3分``), a length in feet and inches, and a range that
shares one scale or unit (``1735-1785億美元``). Each join is one small rule,
tried in that order on the mentions left to right.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from verifier import fold, lexicon

from verifier.extract.context import glued_m
from verifier.extract.raw import Raw

_SIGN_WORD = re.compile(r"(?i:(?<!plus or )(?<!plus/)\b(?:minus|negative)(?:[ \t]+|-))$")
_SIGN_CN = re.compile(r"(?<![胜勝正抱自欺辜担擔肩背身])[负負]$")
_SPACE_GROUP = {" ", "\u202f", "\u2009", "\u00a0"}
_SUM_GAP = re.compile(r"(?i:[ \t]+|[ \t]+and[ \t]+)")
_RATIO_GAP = re.compile(r"(?i:[ \t]+(over|out[ \t]+of|in)[ \t]+)")
_END = re.compile(r"[ \t]*(?:[.,;:!?)\]]|$)")
_MONEY_GAP = re.compile(r"(?i:[ \t]*|[ \t]+and[ \t]+)|又|零")
_MINOR = {"角": 0.1, "毛": 0.1, "分": 0.01}
_CONNECTOR = re.compile(r"\s*-?\s*(?:-|–|—|~|至|到|(?i:to|and))\s*\+?")  # -1% to +1%: the high end signed
# "to $5.4 billion to $5.5 billion, up from $5.2 billion to $5.3 billion", "down from a previous range of
# $5.2 billion to $5.3 billion": a range revised from a range, not a move from one level to another
_RANGE_FOR_RANGE = re.compile(r"(?i:\brange\s+of\s*$|\d[^\d;]{0,14}\b(?:to|and)\s+[^\d;]{0,3}\d[^;]{0,30}\bfrom(?:\s+[^\s\d.;]+){0,4}\s*$)")
# "revised April's count up from 159,000 to 175,000 and May's from 223,000 to 244,000": a move from one
# level to another, then the next one's from … to: moves, not a range revised from a range
_MOVES_CHAINED = re.compile(r"(?i:\bfrom\s+[^\s\d]{0,3}\d[\d,.]*(?:\s+[a-z]+)?\s+to\s+[^\s\d]{0,3}\d[^;]{0,40}\bfrom(?:\s+[^\s\d.;]+){0,4}\s*$)")
_BETWEEN = re.compile(r"(?i:between\s+|介於|介于|在)\s*$")
# (a decimal point inside the words is a rate's, not a sentence's end: rose 15.10% from)
_MOVE_FROM = re.compile(
    r"(?i:\b(?:rose|rise|rising|fell|fall|falling|grew|grow|growing|increased?|decreased?|declined?|dropped|drop|climbed?|jumped?|surged?|slipped|slid|plunged?|soared?|raised?|lifted|lowered|cut|went|up|down|gained?|lost|jumped)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,40}\bfrom(?:\s+[^\s\d.;]+){0,4}\s*$)"
)


def merge(t: str, raws: list[Raw]) -> list[Raw]:
    _signs(t, raws)
    _loose_counts(t, raws)
    raws = _pairwise(t, raws, _space_group)
    raws = _pairwise(t, raws, _sum)
    raws = _pairwise(t, raws, _cn_stack)
    raws = _pairwise(t, raws, _ratio)
    raws = _pairwise(t, raws, _mixed_fraction)
    raws = _pairwise(t, raws, _money)
    raws = _minor_units(t, raws)
    raws = _pairwise(t, raws, _feet_inches)
    raws = _pairwise(t, raws, _range, chain=False)
    _list_measure(t, raws)
    return raws


_LIST_GAP = re.compile(r"[、和及与與]|(?i:[ \t]+and[ \t]+)")
_LIST_UNITS = frozenset({"percent", "percentage_point"})


def _list_measure(t: str, raws: list[Raw]) -> None:
    """``4.6、2.4個百分點``, ``3、5億元``, ``3 and 5 percentage points``: a list's measure is printed
    once, after its last item, and is every item's (right to left, so a longer list takes it too)."""
    for i in range(len(raws) - 2, -1, -1):
        a, b = raws[i], raws[i + 1]
        if not (a.bare and a.low is None and a.kind == "number" and a.hedge is None and not a.per_share):
            continue
        if b.bare or b.low is not None or not (b.unit in _LIST_UNITS or (b.currency and b.unit is None)):
            continue
        if _LIST_GAP.fullmatch(t, a.end, b.start) is None:
            continue
        if not a.scaled and b.scaled:
            a.value, a.step, a.scale, a.scaled = a.value * b.scale, a.step * b.scale, b.scale, True
        _copy_measure(b, a)
        a.notes = []


def _pairwise(t: str, raws: list[Raw], join, chain: bool = True) -> list[Raw]:
    """Join each mention to the one before when ``join`` says so; ``chain`` lets a joined one join again."""
    out: list[Raw] = []
    locked = False
    for r in raws:
        if out and not locked and (j := join(t, out[-1], r)) is not None:
            out[-1] = j
            locked = not chain
            continue
        out.append(r)
        locked = False
    return out


def _negate(r: Raw) -> None:
    r.value = -r.value
    if r.low is not None:
        r.low, r.high = -r.high, -r.low


def _signs(t: str, raws: list[Raw]) -> None:
    """``minus five``, ``negative one``, ``負三十二``: a sign printed as a word."""
    for r in raws:
        if r.value <= 0:
            continue
        before = t[max(0, r.start - 20) : r.start]
        if m := _SIGN_WORD.search(before) or _SIGN_CN.search(before):
            _negate(r)
            r.start -= len(m.group(0))
        elif _accounting_negative(t, r):
            _negate(r)
            r.start, r.end = r.start - 1, r.end + 1


# a table row (with or without its leading pipe: three bars on the line), tabs, or columns aligned by spaces
_TABULAR = re.compile(r"^[ \t]*\||\|[^|\n]*\|[^|\n]*\||\t|\S(?: {2,}|\t)\S.*\S(?: {2,}|\t)\S")


def _accounting_negative(t: str, r: Raw) -> bool:
    """``(12.3)``, ``(1%)`` as a whole cell of a table or a statement line: a negative.

    In prose a bracketed figure is an aside, so only a tabular line (a ``|`` row, tabs,
    or columns aligned by runs of spaces) reads it as a sign.
    """
    if t[r.start - 1 : r.start] != "(" or t[r.end : r.end + 1] != ")":
        return False
    cell = re.compile(r"(?:^|[|\t]|  )[ \t]*$")
    if not cell.search(t[t.rfind("\n", 0, r.start - 1) + 1 : r.start - 1]):
        return False
    line_start = t.rfind("\n", 0, r.start) + 1
    line_end = t.find("\n", r.end)
    return bool(_TABULAR.search(t[line_start : line_end if line_end >= 0 else len(t)]))


@lru_cache(maxsize=1)
def _count_words() -> tuple[re.Pattern, dict[str, tuple[float, str]]]:
    rows = {r[0].lower(): (float(r[1]), r[2]) for r in lexicon.rows("count_words.tsv")}
    alt = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(rows, key=len, reverse=True))
    return re.compile(rf"(?i:\b(?:{alt})[ \t]+)$"), rows


def _loose_counts(t: str, raws: list[Raw]) -> None:
    """``a couple hundred million``: a loose count before a bare scale word multiplies it."""
    P, rows = _count_words()
    scales = lexicon.scales()
    for r in raws:
        first = t[r.start : r.end].split(maxsplit=1)[0].lower() if r.end > r.start else ""
        if r.source != "en" or first not in scales or r.low is not None:
            continue
        if m := P.search(t[max(0, r.start - 24) : r.start]):
            count, hedge = rows[re.sub(r"\s+", " ", m.group(0).strip().lower())]
            r.value, r.step = r.value * count, r.step * count
            r.hedge = r.hedge or hedge
            r.start -= len(m.group(0))


def _plain(r: Raw, hedged: bool = False) -> bool:
    return r.bare and r.low is None and r.kind == "number" and (hedged or r.hedge is None)


def _space_group(t: str, a: Raw, b: Raw) -> Raw | None:
    """``40 000``, ``1 234 567.89``: thousands grouped by a space."""
    gap = t[a.end : b.start]
    if gap not in _SPACE_GROUP or a.source != "arabic" or b.source != "arabic":
        return None
    a_text, b_text = t[a.start : a.end], t[b.start : b.num_end]
    if a.end != a.num_end or a.scaled or not re.fullmatch(r"\d{1,3}(?: \d{3})*|\d{1,3}", a_text.replace("\u202f", " ").replace("\u2009", " ").replace("\u00a0", " ")):
        return None
    if not re.fullmatch(r"\d{3}(?:\.\d+)?", b_text) or b.scaled:
        return None
    if a.currency is not None or (a.start > 1 and t[a.start - 1] in _SPACE_GROUP and t[a.start - 2].isdigit()):
        return None
    digits = re.sub(r"\D", "", a_text) + b_text
    r = _copy_measure(b, Raw(a.start, b.end, float(digits), b.step, "arabic"))
    r.num_end = b.num_end
    return r


def _copy_measure(src: Raw, r: Raw) -> Raw:
    r.currency, r.currency_surface, r.unit, r.kind = src.currency, src.currency_surface, src.unit, src.kind
    r.hedge, r.per_share, r.subunit, r.notes = src.hedge, src.per_share, src.subunit, list(src.notes)
    return r


def _sum(t: str, a: Raw, b: Raw) -> Raw | None:
    """``4 thousand 3 hundred and 21``, ``6 crore and two hundred``: one number in parts."""
    if not (a.scaled and a.bare and a.low is None and a.scale >= 100 and a.kind == "number" and a.hedge is None):
        return None
    gap = t[a.end : b.start]
    if not _SUM_GAP.fullmatch(gap) or "\n" in gap or not (t[b.start].isdigit() or t[b.start].isalpha()):
        return None
    if b.kind == "fraction" and b.source == "en" and "and" in gap.lower() and a.scale >= 1000 and b.value < 1:
        r = Raw(a.start, b.end, a.value + b.value * a.scale, 0.0, a.source)  # 3 million and a half
        r.scale, r.scaled = a.scale, True
        return r
    if b.low is not None or b.value <= 0 or b.value >= a.scale or b.kind not in ("number", "amount"):
        return None
    joined = "and" in gap.lower()
    if not (b.scaled or (joined and (a.scale == 100 or b.source == "en"))):
        return None
    r = _copy_measure(b, Raw(a.start, b.end, a.value + b.value, b.step, a.source))
    r.scale, r.scaled = b.scale if b.scaled else a.scale, True
    return r


def _cn_stack(t: str, a: Raw, b: Raw) -> Raw | None:
    """``3兆3,065.62億元``, ``1兆2,000億``: a Chinese figure written in two scales is their sum."""
    if a.end != b.start or not (a.scaled and b.scaled) or a.scale < 1e8 or b.scale >= a.scale:
        return None
    if a.low is not None or b.low is not None or a.unit is not None or a.kind != "number" and a.currency is None:
        return None
    if b.value >= a.scale or b.value <= 0 or (a.currency and b.currency and b.currency not in ("?", a.currency)):
        return None
    if t[a.end - 1] not in "兆億亿萬万":
        return None  # the first part ends in its scale character: 2兆美元 3000億 is two figures
    r = _copy_measure(b, Raw(a.start, b.end, a.value + b.value, b.step, a.source))
    if a.currency:
        r.currency, r.currency_surface = a.currency, a.currency_surface
    r.hedge = a.hedge
    r.scale, r.scaled = b.scale, True
    return r


def _ratio(t: str, a: Raw, b: Raw) -> Raw | None:
    """``one in five``, ``two out of three``, ``1 over 3``."""
    m = _RATIO_GAP.fullmatch(t[a.end : b.start])
    if not m or b.value == 0:
        return None
    word = m.group(1).lower()
    # the hedge reader took the "over" of "1 over 3" for "more than"
    b_plain = _plain(b) or (word == "over" and b.hedge == "more_than" and _plain(b, hedged=True))
    if not (_plain(a, hedged=True) and b_plain) or (word != "over" and a.value > b.value):
        return None
    if word == "in" and not (a.value == int(a.value) and b.value == int(b.value) and 0 < a.value <= min(10, b.value) and b.value >= 2):
        return None
    if word == "over" and not _END.match(t, b.end):
        return None  # "2000 over 3 years" is a duration, not a ratio
    r = Raw(a.start, b.end, a.value / b.value, 0.0, "frac", unit="ratio", kind="fraction")
    r.hedge = a.hedge  # about one in five
    return r


def _mixed_fraction(t: str, a: Raw, b: Raw) -> Raw | None:
    """``三百五十又三分之一``, ``负一又二分之一``: a whole number and a fraction."""
    if t[a.end : b.start] != "又" or not _plain(a) or b.kind != "fraction" or a.value != int(a.value):
        return None
    value = a.value + (b.value if a.value >= 0 else -abs(b.value))
    return Raw(a.start, b.end, value, 0.0, "frac", kind="number")


def _money(t: str, a: Raw, b: Raw) -> Raw | None:
    """``3 dollars 50 cents``, ``两美元又三美分``, ``15 dollars 50``: money in a unit and its hundredth."""
    if a.currency is None or a.scaled or a.per_share or a.subunit or a.low is not None or a.value != int(a.value):
        return None
    gap = t[a.end : b.start]
    if not _MONEY_GAP.fullmatch(gap) or a.end == a.num_end:
        return None
    if b.subunit and b.currency in (a.currency, "?"):
        minor = b.value
    elif _plain(b) and b.value == int(b.value) and 0 < b.value < 100 and gap.strip(" \t") in ("", "and"):
        # 15 dollars 50, 17 USD 25: cents printed as two digits after the unit
        two_digits = b.source == "arabic" and b.end - b.start == 2
        if not (two_digits or (b.source == "en" and _END.match(t, b.end))):
            return None
        minor = b.value / 100
    else:
        return None
    r = _copy_measure(a, Raw(a.start, b.end, a.value + minor, 0.01, a.source))
    r.num_end = a.num_end
    return r


def _minor_units(t: str, raws: list[Raw]) -> list[Raw]:
    """``五元三毛``, ``50元6角三分``: 角/毛 and 分 after a yuan amount add tenths and hundredths."""
    out: list[Raw] = []
    for r in raws:
        a = out[-1] if out else None
        if (
            a is not None
            and a.currency is not None
            and (a.currency_surface or "") in ("元", "圓", "圆", "塊", "块", "角")
            and t[a.end : r.start] in ("", "零")
            and _plain(r)
            and 0 < r.value < 10
            and t[r.end : r.end + 1] in _MINOR
        ):
            unit = t[r.end]
            if unit == "分" and t[r.end + 1 : r.end + 2] in ("钟", "鐘", "之"):
                out.append(r)
                continue
            a.value += r.value * _MINOR[unit]
            a.step = _MINOR[unit]
            a.end = r.end + 1
            continue
        out.append(r)
    return out


def _feet_inches(t: str, a: Raw, b: Raw) -> Raw | None:
    """``5 feet 2 inches``, ``12 ft 2 in``, ``5 lb 3 oz``: one length or weight in two units."""
    pairs = {("foot", "inch"): 12, ("pound", "ounce"): 16}
    gap = t[a.end : b.start]
    if not _SUM_GAP.fullmatch(gap) or a.unit not in ("foot", "pound"):
        return None
    end = b.end
    unit = b.unit
    if unit is None and a.unit == "foot" and (m := re.match(r"[ \t]+in\b(?![ \t]+(?:the|a|an|which|what)\b)", t[b.end :])):
        unit, end = "inch", b.end + m.end()
    per = pairs.get((a.unit, unit))
    if per is None or b.low is not None or a.low is not None:
        return None
    r = _copy_measure(a, Raw(a.start, end, a.value + b.value / per, min(a.step, b.step / per), a.source))
    return r


def _measure(r: Raw):
    return (r.currency, r.unit)


@lru_cache(maxsize=1)
def _moved() -> re.Pattern:
    """A movement word (cues.tsv up/down) just before a figure: ``fell 3,500 to 249,250``."""
    rows = [(cue, surfaces) for cue, surfaces in lexicon.rows("cues.tsv") if cue in ("up", "down")]
    words = [w for _, surfaces in rows for w in surfaces.split("|") if w.isascii()]
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    zh = "|".join(sorted({fold.either_script(w) for _, surfaces in rows for w in surfaces.split("|")
                          if w and not w.isascii()}, key=len, reverse=True))
    # "an increase in the goods deficit of $2.1 billion to $63.1 billion": the move's noun, what moved, "of";
    # 上升6美分至27.35美元: the Chinese movement word glued to the figure
    # "falling by 2.48% or 41p to 1,609.2p": the move in percent, then "or" and the same move in money
    return re.compile(rf"(?i:\b(?:{alt})\b(?:[ \t]+(?:in|of)[ \t]+[^\d.;:]{{0,40}}?[ \t]+of)?(?:[ \t]+by)?"
                      rf"(?:[ \t]+[\d.,]+[ \t]?(?:%|percent|per[ \t]cent|pc),?[ \t]+or)?[ \t]+[^\d\s]{{0,3}}$)"
                      rf"|(?:{zh})(?:了)?\s*[^\d\s\u4e00-\u9fff]{{0,3}}$")


def _change_then_level(before: str, a: Raw, b: Raw) -> bool:
    """``rose 27% to 192 million`` and ``fell 3,500 to 249,250`` print a change, then the level it reached.

    A percent never shares a scale word with a count; two figures of one measure after a
    movement word are a range only when their ends are of one size (``rise 5 to 7``);
    two percents stay a range (``rise 1% to 5%``).
    """
    if not _moved().search(before):
        return False
    if a.unit == "percent" and b.unit != "percent":
        return True
    if a.currency and a.currency == b.currency and a.subunit != b.subunit:
        return True  # rose 6 cents to $27.35: a move in cents to a level in dollars
    same = (a.bare and b.bare) or (_measure(a) == _measure(b) and a.unit != "percent")
    if same and a.scaled == b.scaled:  # rose 3p to 164p, added $2 billion to $15 billion
        lo, hi = sorted((abs(a.value), abs(b.value)))
        return lo == 0 or hi / lo >= 5
    return False


def _range(t: str, a: Raw, b: Raw) -> Raw | None:
    """``1735-1785億美元``, ``$16.5 billion to $21.5 billion``, ``between 5% and 7%``."""
    gap = t[a.end : b.start]
    m = _CONNECTOR.fullmatch(gap)
    if not m or "\n" in gap or a.low is not None or b.low is not None:
        return None
    word = m.group(0).strip(" \t-+").lower() or "-"
    before = t[max(0, a.start - 60) : a.start]
    if word == "and" and not _BETWEEN.search(before):
        return None
    if word == "to" and _MOVE_FROM.search(before) and (not _RANGE_FOR_RANGE.search(before) or _MOVES_CHAINED.search(before)):
        return None
    if word in ("to", "至", "到") and _change_then_level(before, a, b):
        return None
    per_hundred = a.source == "frac" and a.kind == "percent"
    if per_hundred and b.bare and b.source == "cn" and word in ("至", "到", "-", "–", "—", "~"):
        # 百分之廿七點六至卅一點四: the per-hundred named once, on the low end
        b = replace(b, unit="percent", kind="percent")
    if a.currency not in (None, "?") and not a.scaled and b.unit == "meter" and glued_m(t, b):
        # £86-88m: the currency on the low end, the millions on the high end (not 88 metres)
        b = replace(b, unit=None, kind="number", value=b.value * 1e6, step=b.step * 1e6, scale=1e6, scaled=True)
    if (a.source in ("frac", "mult") and not per_hundred) or (b.source in ("frac", "mult") and b.kind != "percent") \
            or "fraction" in (a.kind, b.kind):
        return None
    if a.unit == "percent" and b.unit != "percent":
        return None  # 27% to 192 million: a rate and a level, never the two ends of one range
    # 新台幣4073.4億元至4157.1億元, 新台幣4073.4億至4157.1億: the currency named once, on the low end
    named_once = a.currency not in (None, "?") and b.currency in (None, "?") and b.unit is None and a.scaled and b.scaled
    if not a.bare and _measure(a) != _measure(b) and not b.bare and not named_once:
        return None
    if not a.bare and b.bare and not (b.scaled and not a.scaled) and not named_once:
        return None  # rose 1.2% to 5,432.10: a change and a level; $5-7 billion shares a scale
    low, step_a = a.value, a.step
    if not a.scaled and b.scaled:
        low, step_a = low * b.scale, step_a * b.scale
    elif a.scaled and not b.scaled and not a.bare:
        return None
    high = b.value
    if not b.scaled and a.scaled:
        high = high * a.scale
    if low > high:
        if word in ("-", "–", "—", "~", "and") or low < 0 <= high or a.bare or b.bare:
            return None  # 52 to 48 is a vote, not a range
        low, high = high, low  # from -18 °C to -34 °C
    if a.bare and b.bare and word in ("-", "–", "—") and not _BETWEEN.search(before):
        return None  # 3-4 with nothing measured: a score or an identifier, not a range
    r = Raw(a.start, b.end, (low + high) / 2, max(step_a, b.step), b.source)
    r.scale, r.scaled = b.scale if b.scaled else a.scale, a.scaled or b.scaled
    r.currency = a.currency if named_once else b.currency or a.currency
    r.currency_surface = b.currency_surface or a.currency_surface
    r.unit = b.unit or a.unit
    r.kind = b.kind if not b.bare else a.kind
    r.hedge = a.hedge or b.hedge
    r.per_share = a.per_share or b.per_share
    r.low, r.high = low, high
    r.notes = a.notes + b.notes
    return r

"""Find numeric mentions on the raw string, one compiled pattern for all of them.

Numbers are found on the text (full-width forms folded, spaces inside Chinese
figures squeezed, offsets mapped back by ``text.Folded``), never through a
tokenizer: spaCy's Chinese tokenizer splits ``1.72萬億`` into characters
(spaCy #9856). Each hit is read by a small reader for its kind (Arabic,
Chinese, mixed ``5萬4千``, fractions, English words, multiples), then widened
by ``context`` over its scale, measure and hedge.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from verifier import lexicon
from verifier.extract import english
from verifier.extract import numerals as N
from verifier.extract.chinese import (
    DEC,
    DIG,
    LONGEST,
    NUMC,
    UNITS,
    read_bare_scale,
    read_cn,
    read_cnfrac,
    read_disc,
    read_half,
    read_mixed,
)
from verifier.extract.context import finish, read_left, read_right
from verifier.extract.raw import Raw
from verifier.extract.trie import trie_pattern
from verifier.normalise import TIME_UNITS

_DATE_WORD = re.compile(r"(?i:\b(?:on|since|until|till|from|by|before|after|dated|through)\s+$)")
_IDIOMS = {"24/7", "9/11", "7/7", "3/11", "50/50", "4/20", "7/11"}
_COMPOUND = re.compile(r"-?[A-Za-z](?![A-Za-z])|-for-")
_MULT_WORDS = {
    "doubled": 2, "doubling": 2, "doubles": 2, "double": 2,
    "tripled": 3, "tripling": 3, "triples": 3, "triple": 3, "trebled": 3,
    "quadrupled": 4, "quadrupling": 4, "quadruple": 4,
    "halved": 0.5, "halving": 0.5,
    "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "sixfold": 6, "sevenfold": 7,
    "eightfold": 8, "ninefold": 9, "tenfold": 10, "twelvefold": 12, "twentyfold": 20, "hundredfold": 100,
    "翻倍": 2, "翻番": 2, "翻一番": 2, "翻了一番": 2, "翻兩番": 4, "翻两番": 4,
    "翻了兩番": 4, "翻了两番": 4, "減半": 0.5, "减半": 0.5, "腰斬": 0.5, "腰斩": 0.5,
}
# "double" is a multiple as a verb (profits could double), not as an adjective (a double-digit gain)
_VERB_BEFORE = re.compile(
    r"(?i:\b(?:will|would|could|can|may|might|to|than|nearly|almost|roughly|about|did|does|do|should|must|more or less)\s+$)"
)
# "a foot in the door", "a yard", "a ton of": idioms, not measurements
_NOT_A_UNIT = {"foot", "yard", "ton", "pound", "yen", "won", "bit", "second", "meter"}


@lru_cache(maxsize=1)
def _a_unit_words() -> str:
    words = [k for k, (u, cs) in lexicon.units().items() if not cs and k.isalpha() and len(k) > 3
             and not k.endswith("s") and u not in TIME_UNITS and k not in _NOT_A_UNIT]
    words += [k for k in lexicon.currencies() if k.isalpha() and not k.endswith("s") and len(k) > 3
              and k.islower() and k not in _NOT_A_UNIT]
    return trie_pattern(words)


@lru_cache(maxsize=1)
def glued_codes() -> tuple[str, ...]:
    """Currency codes printed glued to a figure: ISO codes (USD115, RMB277,261,000) and prefix letters (RM23.50, $US55)."""
    cur = lexicon.currencies()
    # ISO codes, and three-letter names printed the same way (RMB277,261,000, NTD1,500)
    isos = {k.upper() for k, v in cur.items() if len(k) == 3 and k.isalpha()
            and (k.upper() == v[0] or (v[1] in ("both", "prefix") and v[0] != "?"))}
    pre = {k.upper() for k, v in cur.items() if v[1] == "prefix" and v[0] != "?" and sum(ch.isalpha() for ch in k) >= 2 and k[-1].isalpha()}
    return tuple(sorted(isos | pre, key=lambda c: (-len(c), c)))


@lru_cache(maxsize=1)
def master() -> re.Pattern:
    iso_glued = "|".join(f"(?<={re.escape(c)})" for c in glued_codes())
    arnum = r"\d[\d,]*(?:\.\d+)?[kK]?"
    arnum_short = r"\d[\d,]{0,20}(?:\.\d+)?[kK]?"  # before 分之: a numerator is short
    nondig = "".join(c for c in NUMC if c not in DIG)  # the scales: 百千萬億兆 …
    cnnum = rf"[{NUMC}]+(?:[点點](?:[{DEC}]+|\d+))?"
    vulgar = N.VULGAR
    mult = trie_pattern(k for k in _MULT_WORDS if k.isascii())
    mult_first = "".join(sorted({c for k in _MULT_WORDS if k.isascii() for c in (k[0], k[0].upper())}))
    # every branch opens with a cheap look at one character, and the whole pattern with
    # their union: the engine then skips the prose between figures quickly
    first = rf"[-.\d{vulgar}{NUMC}负負半对對翻減减腰]"  # NUMC holds the bare scales too
    return re.compile(
        rf"(?:(?={first})|(?<![A-Za-z])(?=[A-Za-z]))(?:"
        + "|".join(
            [
                # 三分之一, 4分之1, 百分之二十四, 负3分之负一百五十七
                # (each run bounded: a long run of digits and commas or of 億 must not be rescanned from every start)
                rf"(?P<cnfrac>(?=[负負\d{NUMC}])[负負]?(?:{arnum_short}|[{NUMC}]{{1,12}})分之[负負]?(?:{arnum}|{cnnum}))",
                # Arabic digits with Chinese units between them: 5萬4千6百, 2千零30万, 3万4000
                rf"(?P<mixed>(?=\d)(?<![A-Za-z0-9_.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[{UNITS}]+零?(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|[{DIG}]+))+[{UNITS}]*)",
                # 1,286.4  .08  -5  2 1/2  3/4  1.3e6  2.48×10-5  2½  USD115
                rf"(?P<ar>(?=[-.\d{vulgar}])(?:(?<![A-Za-z0-9_)\]%％-])-(?=\.?\d))?"
                rf"(?:(?<![A-Za-z0-9_./])|(?<=\.\.)|{iso_glued})"
                r"(?:\d{1,3}[ \t]+\d{1,3}/\d{1,3}(?![/\d])|\d{1,3}/\d{1,4}(?![/\d])"
                r"|(?:\d{1,2}(?:,\d\d)+,\d{3}(?!\d|,\d)|\d{1,3}(?:,\d{3})+(?!\d|,\d)"
                r"|\d{1,3},\d{1,2}(?=[ \t-]?(?i:trillion|billion|million|thousand|bn|tn|mn)\b)|\d+)(?:\.\d+)?"
                rf"(?:[eE][-+]?\d+(?![A-Za-z\d])|[ \t]?[x×][ \t]?10(?:\^[-+]?|[-+])\d+(?![\d.])|\^[-+]?\d+(?![\d.]))?[{vulgar}]?"
                rf"|(?<!\.)\.\d+|(?<![A-Za-z0-9])[{vulgar}]))",
                # Chinese numerals: at least one digit character; a run no longer than a figure is
                # read (a longer one a figure at a time: matching the whole run from every figure in it is quadratic)
                rf"(?P<cn>(?=[{NUMC}])[{nondig}]{{0,6}}+[{DIG}][{NUMC}]{{0,{LONGEST}}}(?:[点點](?:[{DEC}]+|\d+)|[{N.CN_DOT}][{DEC}]+)?)",
                r"(?P<half>半(?=[成折]|百(?![分货貨姓家])))",
                # 近千億元, 破兆, 上百家: a scale with "one" understood, after a bound
                r"(?P<bare>(?=[百千萬万億亿兆])(?<=[近逾超約约破上])[百千萬万億亿兆]+)",
                r"(?P<disc>(?=[对對])(?<=打)[对對]折)",
                rf"(?P<mult>(?=[{mult_first}翻減减腰])(?:(?i:\b(?:{mult})\b)|翻倍|翻番|翻了?[一兩两]番|減半|减半|腰斬|腰斩))",
                rf"(?P<en>(?=[A-Za-z])(?<![A-Za-z]){english.RUN})",
                rf"(?P<aunit>(?=[Aa])(?i:\ban?)[ \t]+(?=(?i:{_a_unit_words()})\b(?!-)))",
            ]
        )
        + ")"
    )


def scan(t: str, closed: list[tuple[int, int]]) -> list[Raw]:
    """Raw mentions in ``t`` (the folded text), in order; numbers inside ``closed`` spans are skipped."""
    out: list[Raw] = []
    P = master()
    starts = [a for a, _ in closed]
    pos, floor = 0, 0
    while (m := P.search(t, pos)) is not None:
        if _inside(closed, starts, m.start()):
            pos = m.end()
            continue
        got = _READERS[m.lastgroup](t, m, floor)
        if not got:
            pos = m.end()
            continue
        for raw in got if isinstance(got, list) else [got]:
            if out and raw.start < out[-1].end:
                continue
            out.append(raw)
            floor = raw.end
        pos = max(out[-1].end if out else m.end(), m.start() + 1)
    return out


def _inside(closed, starts, i: int) -> bool:
    k = bisect.bisect_right(starts, i)
    for j in range(max(0, k - 8), k):
        a, b = closed[j]
        if a <= i < b:
            return True
    return False


# ------------------------------------------------------------------ readers


def _read_arabic(t: str, m: re.Match, floor: int) -> Raw | None:
    s = m.group(0)
    try:
        if "/" in s:
            return _read_slash(t, m, floor)
        value, step = _arabic_value(s)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    raw = finish(t, Raw(m.start(), m.end(), value, step, "arabic"), floor)
    if raw.bare and raw.end == raw.num_end and _COMPOUND.match(t, raw.end):
        return None  # 3-D, 10-K, 5G, 2-for-1: part of a name, not a figure
    return raw


def _arabic_value(s: str) -> tuple[float, float]:
    if "^" in s or "x10" in s.replace(" ", "") or "×10" in s.replace(" ", ""):
        m = re.fullmatch(r"(-?[\d.]+)\s*(?:[x×]\s*10(\^?)|(\^))([-+]?\d+)", s)
        if not m:
            raise ValueError(s)
        base = float(m.group(1))
        exp = int(m.group(4))
        if m.group(3):  # 2^5, 1.1^23: a power
            sign = -1 if base < 0 else 1
            return sign * abs(base) ** exp, 0.0
        return base * 10.0**exp, 10.0 ** (exp - _decimals(m.group(1)))
    value, step = N.parse_arabic(s)
    if "." not in s and "e" not in s.lower() and step and not N.DECIMAL_COMMA.fullmatch(s):
        step = _integer_step(s)
    return value, step


def _decimals(s: str) -> int:
    return len(s) - s.index(".") - 1 if "." in s else 0


def _integer_step(s: str) -> float:
    """Trailing zeros may be rounding: ``2000`` is read to the hundred, keeping two significant digits."""
    digits = s.replace(",", "").lstrip("-−+")
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10 ** max(0, min(zeros, len(digits) - 2)))


def _read_slash(t: str, m: re.Match, floor: int) -> Raw | None:
    """``3/4``, ``2 1/2``: a fraction, unless it is a date (on 3/5) or an idiom (24/7)."""
    s = m.group(0)
    neg = s.startswith("-")
    body = s.lstrip("-")
    whole, _, frac = body.rpartition(" ") if " " in body or "\t" in body else ("", "", body)
    a, b = frac.split("/")
    if frac in _IDIOMS or 1900 <= int(b) <= 2100 or int(b) == 0:
        return None
    if not whole and int(a) <= 12 and int(b) <= 31 and _DATE_WORD.search(t[max(0, m.start() - 12) : m.start()]):
        return None
    value = (int(whole.strip()) if whole.strip() else 0) + int(a) / int(b)
    raw = Raw(m.start(), m.end(), -value if neg else value, 0.0, "arabic", kind="fraction")
    return finish(t, raw, floor)


def _read_mult(t: str, m: re.Match, floor: int) -> Raw | None:
    w = m.group(0)
    v = _MULT_WORDS.get(w.lower(), _MULT_WORDS.get(w))
    if v is None:
        return None
    if w.lower() in ("double", "triple", "quadruple") and (
        t[m.end() : m.end() + 1] == "-" or not _VERB_BEFORE.search(t, max(0, m.start() - 20), m.start())
    ):
        return None
    raw = Raw(m.start(), m.end(), float(v), 0.0, "mult", unit="times", kind="multiple")
    read_left(t, raw, None)
    return raw


_COMPARED_ON = re.compile(r"-(?:on|over|to)-", re.I)


def _read_en(t: str, m: re.Match, floor: int) -> list[Raw]:
    base = m.start()
    out = []
    for seg in english.read_run(m.group(0), before=t[max(0, base - 24) : base]):
        if out and base + seg.start < out[-1].end:
            continue
        raw = Raw(base + seg.start, base + seg.end, seg.value, seg.step, "en")
        raw.scaled = seg.scaled
        if seg.kind == "fraction":
            raw.kind = "fraction"
            if _COMPARED_ON.match(t, raw.end):
                continue  # "on a quarter-on-quarter basis": a comparison's name, not a fraction
            if (of := _OF_A.match(t, raw.end)) and _measured_after(t, raw, of.end()):
                out.append(raw)  # two thirds of a mile, half a percentage point
                continue
            if seg.half_alone:
                continue
        out.append(finish(t, raw, floor if not out else out[-1].end, allow_zh_scale=False))
    return out


_OF_A = re.compile(r"(?i:[ \t]+(?:of[ \t]+)?an?(?=[ \t]))")


def _measured_after(t: str, raw: Raw, pos: int) -> bool:
    """Read a measure after ``of a``; keep it only when one is there."""
    step = raw.step or english.word_fraction_step(raw.value)
    probe = Raw(raw.start, pos, raw.value, step, "en")
    read_right(t, probe, allow_zh_scale=False, prefix=None)
    if probe.bare:
        return False
    raw.unit, raw.kind, raw.currency, raw.currency_surface = probe.unit, probe.kind, probe.currency, probe.currency_surface
    raw.value, raw.step, raw.end, raw.subunit = probe.value, probe.step, probe.end, probe.subunit
    read_left(t, raw, None)
    return True


def _read_aunit(t: str, m: re.Match, floor: int) -> Raw | None:
    """``a gallon``, ``a penny``: the article stands for one."""
    end = m.start() + len(m.group(0).rstrip())
    raw = finish(t, Raw(m.start(), end, 1.0, 1.0, "en"), floor, allow_zh_scale=False)
    return None if raw.bare else raw


_READERS = {
    "ar": _read_arabic,
    "mixed": read_mixed,
    "cn": read_cn,
    "cnfrac": read_cnfrac,
    "half": read_half,
    "bare": read_bare_scale,
    "disc": read_disc,
    "mult": _read_mult,
    "en": _read_en,
    "aunit": _read_aunit,
}

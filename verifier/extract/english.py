"""English number words: a small grammar over word tokens.

The scanner finds a run of number words (``one hundred and three and two
thirds``, ``half a dozen``, ``two point zero three``) with one pattern; this
module reads the run with a left-to-right grammar that knows where one
number ends and the next begins (``twenty twenty-fifths`` is 20/25, ``one
two`` is two numbers), so a run never becomes one wrong sum. Mixing digits
and words (``4 thousand 3 hundred and 21``, ``1 in 5``) and signs
(``minus five``) happen later, between mentions, in ``merge``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier import lexicon
from verifier.extract.trie import trie_pattern

ONES = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7, "crores": 1e7,
          "billion": 1e9, "trillion": 1e12}
DOZEN = {"dozen", "dozens", "doz", "dozs", "dz", "dzs"}
# ordinal words that name a fraction's denominator; "first" and "second" only
# inside a compound (twenty-first): alone they are an ordinal and a unit of time
ORD_ONES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9}
DENOMINATORS = {
    "half": 2, "halves": 2, "quarter": 4, "quarters": 4, "third": 3, "fourth": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1e3, "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12,
}
DENOMINATORS.update({k + "s": v for k, v in list(DENOMINATORS.items()) if not k.endswith(("f", "s"))})
DENOMINATORS["halves"] = 2
COMPOUND_ORD = {**ORD_ONES, **{k + "s": v for k, v in ORD_ONES.items()}}

_CORE = sorted(set(ONES) | set(TENS) | set(SCALES) | DOZEN | {"hundred"} | set(DENOMINATORS), key=len, reverse=True)
_FILL = ["and", "an", "a", "point", "of", "&"] + sorted(COMPOUND_ORD, key=len, reverse=True)
_SEP = r"(?:[ \t]*-[ \t]*|[ \t]+|,[ \t]+)"
RUN = (
    rf"(?i:\b(?:{trie_pattern(_FILL)}{_SEP})*{trie_pattern(_CORE)}"
    rf"(?:{_SEP}{trie_pattern(_CORE + _FILL)})*\b)"
)
_TOKEN = re.compile(r"[A-Za-z]+|&")
# "a year-and-a-half", "two hours and a quarter": a span of time, not a fraction (data/wording_en.tsv)
_SPAN_AND = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'time_span_noun')})[- ]and[- ]$)")
_BARE_HALF = re.compile(r"(?i:\b(?:than|about|nearly|almost|over|under|roughly|around|some|just|by|in|cut|of)\s+$)")


@dataclass
class Seg:
    """One number read from a run: character offsets relative to the run."""

    start: int
    end: int
    value: float
    step: float
    kind: str  # "number" or "fraction"
    scaled: bool = False
    half_alone: bool = False  # "half" with nothing to say it is a number, unless a measure follows


class _Run:
    def __init__(self, text: str):
        self.text = text
        self.toks = [(m.group(0).lower().replace("&", "and"), m.start(), m.end()) for m in _TOKEN.finditer(text)]

    def w(self, i: int) -> str:
        return self.toks[i][0] if i < len(self.toks) else ""

    def hyphen(self, i: int) -> bool:
        """Is token ``i`` joined to the one before by a hyphen?"""
        return 0 < i < len(self.toks) and "-" in self.text[self.toks[i - 1][2] : self.toks[i][1]]

    def comma(self, i: int) -> bool:
        """Is token ``i`` set off from the one before by a comma?"""
        return 0 < i < len(self.toks) and "," in self.text[self.toks[i - 1][2] : self.toks[i][1]]


@dataclass
class _Card:
    value: float
    end: int  # token index after the cardinal
    last: str  # class of the last token read
    scale: float | None  # the last scale word read
    step: float


def _cardinal(r: _Run, i: int, implied_one: bool = False) -> _Card | None:
    """Longest well-formed cardinal at token ``i`` (``one hundred and three``)."""
    total, hund, small = 0.0, 0.0, 0.0
    prev = "a" if implied_one else "start"
    scale: float | None = None
    j = i
    while j < len(r.toks):
        w = r.w(j)
        if r.comma(j) and (prev != "scale" or (w not in ONES and w not in TENS)):
            break  # three million, two hundred: a comma only between groups
        if w in ONES:
            v = ONES[w]
            if prev not in ("start", "tens", "hundred", "scale", "and") or (prev == "tens" and (v >= 10 or v == 0)):
                break
            if v == 0 and prev != "start":
                break
            small += v
            prev = "ones"
        elif w in TENS:
            if prev not in ("start", "hundred", "scale", "and"):
                break
            if r.w(j + 1) in COMPOUND_ORD and prev not in ("start", "and"):
                break  # one hundred thirty-fifths: the tens word opens the denominator
            small += TENS[w]
            prev = "tens"
        elif w == "hundred":
            leading = prev == "start" and r.w(j + 1) in SCALES  # hundred thousand dollars
            if hund or not (prev in ("a", "ones", "tens") or leading):
                break
            hund, small = (small or 1) * 100, 0.0
            prev = "hundred"
        elif w in SCALES:
            s = SCALES[w]
            if prev == "scale" and scale is not None and s > scale:
                total *= s  # three lakh crore
            elif prev in ("a", "ones", "tens", "hundred", "dozen") and (scale is None or s < scale):
                total += (hund + small or 1) * s
                hund = small = 0.0
            else:
                break
            scale = s
            prev = "scale"
        elif w in DOZEN:
            if prev not in ("a", "ones", "tens", "hundred"):
                break
            if prev == "hundred":
                hund *= 12
            else:
                small = (small or 1) * 12
            prev = "dozen"
        elif w == "and":
            if prev not in ("hundred", "scale", "tens") or not _small_follows(r, j + 1, prev):
                break
            prev = "and"
        else:
            break
        j += 1
    if prev in ("start", "a", "and"):
        if prev == "and":
            j -= 1
        else:
            return None
    value = total + hund + small
    step = 1.0 if small else (100.0 if hund else (scale or 1.0))
    return _Card(value, j, prev, scale, step)


def _small_follows(r: _Run, j: int, prev: str) -> bool:
    """``and`` joins a cardinal only to a smaller part that is not a fraction's numerator."""
    w = r.w(j)
    if w not in ONES and w not in TENS:
        return False
    if prev == "tens" and (w in TENS or ONES.get(w, 10) >= 10):
        return False
    k = j + 1
    if w in TENS and r.w(k) in ONES and 0 < ONES[r.w(k)] < 10:
        k += 1
    if r.w(k) == "point":
        return False
    d = _denominator(r, k)
    if d is None:
        return True
    # an improper fraction reads as one numerator (one hundred and thirty-two fifths = 132/5);
    # a proper one is added (one hundred and three quarters = 100.75)
    small = TENS.get(w, 0) + (ONES.get(r.w(k - 1), 0) if k - 1 > j else ONES.get(w, 0))
    return small >= d[0]


def _denominator(r: _Run, j: int, numerator: _Card | None = None) -> tuple[float, int] | None:
    w = r.w(j)
    if w in DENOMINATORS and w not in ("first", "second"):
        if r.w(j + 1) in ("quarter", "half") and w not in ("quarter", "half", "quarters"):
            return None  # "fourth quarter" is a period
        return DENOMINATORS[w], j + 1
    if w in TENS and r.w(j + 1) in COMPOUND_ORD:
        if r.hyphen(j + 1) or (numerator is not None and numerator.last in ("ones", "tens")):
            return TENS[w] + COMPOUND_ORD[r.w(j + 1)], j + 2
    return None


def _compound_denominator(r: _Run, j: int, c: _Card) -> tuple[float, int] | None:
    """``one one-hundred-fifth``: after a complete numerator, a cardinal that ends in an ordinal."""
    if c.last != "ones" or r.w(j) not in ONES:
        return None
    d = _cardinal(r, j)
    if d is None or d.last not in ("hundred", "scale"):
        return None
    k = d.end + (1 if r.w(d.end) == "and" else 0)
    if r.w(k) in COMPOUND_ORD and (c.value == 1 or _plural(r.w(k))):
        return d.value + COMPOUND_ORD[r.w(k)], k + 1
    return None


def _plural(w: str) -> bool:
    """Two thirds, not two third: a numerator above one takes a plural denominator."""
    return w.endswith("s")


def _decimals(r: _Run, j: int) -> tuple[str, int]:
    """Digits spoken after ``point``: ``zero three`` → "03", ``seventy-one`` → "71"."""
    out = ""
    while j < len(r.toks):
        w = r.w(j)
        if w in ONES:
            out += str(ONES[w])
        elif w in TENS:
            if r.w(j + 1) in ONES and 0 < ONES[r.w(j + 1)] < 10:
                out += str(TENS[w] + ONES[r.w(j + 1)])
                j += 1
            else:
                out += str(TENS[w])
        else:
            break
        j += 1
    return out, j


def word_fraction_step(value: float) -> float:
    """The rounding a fraction in words carries: ``half a percent`` is what a writer calls 0.53%.

    A writer who says ``half`` or ``a quarter`` has rounded to a simple fraction, so the value
    lies within a tenth of the whole (``half`` 0.45 to 0.55) or, for fine denominators, half of one
    part (``three hundredths`` 0.025 to 0.035)."""
    for d in range(1, 101):
        if abs(value * d - round(value * d)) < 1e-9:
            return min(0.1, 1 / (2 * d))
    return 0.0


def _fraction(r: _Run, i: int) -> tuple[float, int] | None:
    """``a half``, ``three quarters``, ``fifty-four hundredths`` at token ``i``."""
    if r.w(i) in ("a", "an"):
        d = _denominator(r, i + 1)
        return (1 / d[0], d[1]) if d else None
    c = _cardinal(r, i)
    if c is None:
        return None
    d = _denominator(r, c.end, c)
    return (c.value / d[0], d[1]) if d else None


def _scale_after(r: _Run, j: int) -> tuple[float, int] | None:
    """A scale word after a fraction, perhaps through ``of a``: ``two thirds of a million``."""
    k = j
    if r.w(k) == "of":
        k += 1
    if r.w(k) in ("a", "an"):
        k += 1
    if r.w(k) in SCALES:
        return SCALES[r.w(k)], k + 1
    if r.w(k) in DOZEN:
        return 12.0, k + 1
    return None


def _parse_at(r: _Run, i: int, before: str) -> tuple[Seg, int] | None:
    w = r.w(i)
    toks = r.toks
    if w in ("a", "an"):
        nxt = r.w(i + 1)
        if nxt in SCALES or nxt in DOZEN or nxt == "hundred":
            c = _cardinal(r, i + 1, implied_one=True)
            if c is None:
                return None
            return _finish_cardinal(r, i, c)
        d = _denominator(r, i + 1)
        if d is None or _SPAN_AND.search(before + r.text[: r.toks[i][1]]):
            return None
        value, j = 1 / d[0], d[1]
        if sc := _scale_after(r, j):
            return Seg(toks[i][1], toks[sc[1] - 1][2], value * sc[0], sc[0] * value, "number", True), sc[1]
        return Seg(toks[i][1], toks[j - 1][2], value, 0.0, "fraction"), j
    if w in ("half", "quarter"):
        f = 0.5 if w == "half" else 0.25
        if sc := _scale_after(r, i + 1):
            if r.w(i + 1) == "of" and w == "quarter":
                return None  # "quarter of" is a period word's company, not a number
            return Seg(toks[i][1], toks[sc[1] - 1][2], f * sc[0], f * sc[0], "number", True), sc[1]
        alone = not (w == "half" and (r.w(i + 1) == "of" or _BARE_HALF.search(before + r.text[: toks[i][1]])))
        return Seg(toks[i][1], toks[i][2], f, 0.0, "fraction", half_alone=alone), i + 1
    if w not in ONES and w not in TENS and not (w == "hundred" and r.w(i + 1) in SCALES):
        return None
    c = _cardinal(r, i)
    if c is None:
        return None
    return _finish_cardinal(r, i, c)


def _finish_cardinal(r: _Run, i: int, c: _Card) -> tuple[Seg, int]:
    toks = r.toks
    j = c.end
    start = toks[i][1]
    if r.comma(j):
        return Seg(start, toks[j - 1][2], c.value, c.step, "number", c.scale is not None), j
    if r.w(j) == "point":
        digits, k = _decimals(r, j + 1)
        if digits and c.last != "scale":
            value = c.value + float("0." + digits)
            return Seg(start, toks[k - 1][2], value, 10.0 ** -len(digits), "number"), k
    if d := _compound_denominator(r, j, c):
        value, k = c.value / d[0], d[1]
        return Seg(start, toks[k - 1][2], value, 0.0, "fraction"), k
    if (d := _denominator(r, j, c)) is not None and (c.value == 1 or _plural(r.w(d[1] - 1))):
        value, k = c.value / d[0], d[1]
        if sc := _scale_after(r, k):
            return Seg(start, toks[sc[1] - 1][2], value * sc[0], 0.0, "number", True), sc[1]
        return Seg(start, toks[k - 1][2], value, 0.0, "fraction"), k
    if r.w(j) == "and" and (f := _fraction(r, j + 1)) is not None:
        frac, k = f
        if (sc := _scale_after(r, k)) and r.w(k) != "of":
            s2, k = sc
            value = c.value + frac * s2 if (c.scale or 0) > s2 else (c.value + frac) * s2
        elif c.scale and c.last == "scale":
            value = c.value + frac * c.scale  # one million and a half
        else:
            value = c.value + frac
        return Seg(start, toks[k - 1][2], value, 0.0, "number", bool(c.scale)), k
    return Seg(start, toks[j - 1][2], c.value, c.step, "number", c.scale is not None), j


def read_run(text: str, before: str = "") -> list[Seg]:
    """Every number in a run of number words, in order; ``before`` is the text preceding the run."""
    r = _Run(text)
    out: list[Seg] = []
    i = 0
    while i < len(r.toks):
        got = _parse_at(r, i, before)
        if got is None:
            i += 1
            continue
        seg, i = got
        out.append(seg)
    return out


def parse_words(s: str) -> tuple[float, float]:
    """A whole string of number words → (value, step); ValueError unless it is one number."""
    segs = read_run(s)
    if len(segs) != 1 or segs[0].start != 0 or segs[0].end != len(s.rstrip()):
        raise ValueError(f"not an English number: {s!r}")
    return segs[0].value, segs[0].step

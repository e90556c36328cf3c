"""Round trips: a value written in each supported style parses back to itself."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from verifier.extract import extract
from verifier.extract.numerals import parse_arabic, parse_chinese, parse_english

DIGITS = "零一二三四五六七八九"
ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def to_chinese(n: int, digits: str = DIGITS) -> str:
    """Canonical Chinese numeral for 0 < n < 1e16."""
    if n == 0:
        return digits[0]
    parts = []
    for unit, size in (("萬億", 10**12), ("億", 10**8), ("萬", 10**4), ("", 1)):
        block, n = divmod(n, size)
        parts.append((block, unit))
    out, zero = "", False
    for block, unit in parts:
        if block == 0:
            zero = bool(out)
            continue
        if zero or (out and block < 1000):
            out += digits[0]
        out += _section(block, digits) + unit
        zero = False
    return out.replace("萬億", "兆") if False else out


def _section(n: int, digits: str) -> str:
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, size)
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
        out += digits[d] + unit
        zero = False
    return out


def to_english(n: int) -> str:
    def below_thousand(k):
        h, r = divmod(k, 100)
        words = [ONES[h], "hundred"] if h else []
        if r >= 20:
            words.append(TENS[r // 10] + (f"-{ONES[r % 10]}" if r % 10 else ""))
        elif r:
            words.append(ONES[r])
        return " ".join(words)

    out = []
    for word, size in (("billion", 10**9), ("million", 10**6), ("thousand", 1000), ("", 1)):
        k, n = divmod(n, size)
        if k:
            out.append((below_thousand(k) + " " + word).strip())
    return " ".join(out)


@given(st.integers(min_value=1, max_value=10**15))
def test_chinese_simplified_round_trip(n):
    assert parse_chinese(to_chinese(n))[0] == n


@given(st.integers(min_value=1, max_value=10**15))
def test_chinese_traditional_round_trip(n):
    assert parse_chinese(to_traditional(n))[0] == n


def to_traditional(n: int) -> str:
    """兩 where Traditional prose counts with it: before 百 and 千, and a lone 2 before 萬 or 億 (兩百, 兩萬);
    a units digit stays 二 (七十二, never 七十兩)."""
    s = to_chinese(n)
    s = re.sub("二(?=[百千])", "兩", s)
    return re.sub("(?<![零一二三四五六七八九十百千])二(?=[萬億])", "兩", s)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_english_words_round_trip(n):
    assert parse_english(to_english(n))[0] == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_grouped_digits_round_trip(d):
    s = f"{d:,.2f}"
    assert parse_arabic(s)[0] == float(d)


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("億美元", 1e8, "USD"), ("萬億美元", 1e12, "USD"), ("亿元", 1e8, "CNY"), ("萬歐元", 1e4, "EUR")]))
def test_scaled_money_in_a_sentence(whole, tenth, scale):
    word, factor, iso = scale
    text = f"公司營收為{whole}.{tenth}{word}，較去年增加。" if iso != "CNY" else f"公司营收为{whole}.{tenth}{word}，较去年增加。"
    qs = extract(text).quantities
    assert len(qs) == 1
    assert qs[0].unit == iso
    assert abs(qs[0].value - (whole + tenth / 10) * factor) <= 1e-6 * qs[0].value


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=99),
       st.sampled_from([("billion", 1e9), ("million", 1e6), ("trillion", 1e12), ("bn", 1e9)]))
def test_english_money_in_a_sentence(whole, cents, scale):
    word, factor = scale
    text = f"Revenue was ${whole}.{cents:02d} {word} last quarter."
    qs = extract(text).quantities
    assert [q.unit for q in qs] == ["USD"]
    assert abs(qs[0].value - (whole + cents / 100) * factor) <= 1e-6 * qs[0].value


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=99),
       st.sampled_from([("billion", 1e9), ("million", 1e6), ("trillion", 1e12)]),
       st.sampled_from(["a ${v} {w} loss", "a ${v}-{w} loss", "a loss of ${v}-{w}"]))
def test_english_money_as_a_compound_modifier(whole, cents, scale, form):
    """``a $2-billion loss`` is the same figure as ``a $2 billion loss``."""
    word, factor = scale
    text = form.format(v=f"{whole}.{cents:02d}", w=word)
    qs = extract(text).quantities
    assert [q.unit for q in qs] == ["USD"]
    assert abs(qs[0].value - (whole + cents / 100) * factor) <= 1e-6 * qs[0].value


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=0, max_value=99),
       st.sampled_from([("billion", 1e9), ("trillion", 1e12), ("bn", 1e9)]))
def test_decimal_comma_before_a_scale_word(whole, hundredths, scale):
    """``$2,52-trillion`` (South African and European style) is 2.52 trillion."""
    word, factor = scale
    frac = f"{hundredths:02d}".rstrip("0") or "0"
    qs = extract(f"Spending will total ${whole},{frac}-{word} in 2026.").quantities
    assert [q.unit for q in qs] == ["USD"]
    assert abs(qs[0].value - float(f"{whole}.{frac}") * factor) <= 1e-6 * qs[0].value


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=99), st.sampled_from(["%", "％", " percent", " per cent"]))
def test_percent_styles(n, sign):
    qs = extract(f"Sales rose {n}{sign} in the period.").quantities
    assert [(q.value, q.unit) for q in qs] == [(n, "percent")]


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=10, max_value=9999))
def test_arabic_with_chinese_scale_round_trip(wan, rest):
    # 3萬4000, 25万600: Arabic digits on both sides of a Chinese scale
    for unit in ("萬", "万"):
        assert parse_chinese(f"{wan}{unit}{rest}")[0] == wan * 10_000 + rest


@given(st.integers(min_value=1, max_value=10**9 - 1))
def test_british_english_words_round_trip(n):
    # "one hundred and twenty-three thousand four hundred and fifty-six"
    words = to_english(n)
    british = re.sub(r"hundred (?=\w)(?!thousand|million|billion)", "hundred and ", words)
    assert parse_english(british)[0] == n


@settings(max_examples=40)
@given(st.integers(min_value=2, max_value=99), st.sampled_from([("a half", 0.5), ("a quarter", 0.25), ("three quarters", 0.75)]))
def test_english_and_a_fraction(n, frac):
    word, value = frac
    qs = extract(f"The tank holds {to_english(n)} and {word} litres.", "en").quantities
    assert [(q.value, q.unit) for q in qs] == [(n + value, "liter")]


_PIECES = ["12", "３５５．８", "億", "萬", "美元", "元", "%", "％", " ", "\u3000", "一", "兩", "百", "千", "點", "五",
           "成", "折", "分之", "負", "年", "Q4", "$", "1,234", ".5", "-", "to", " million", "three", " and a half",
           "，", ",", "營收", "約", "about ", "x10^3", "1/2", "½", "a dozen", "打", "又", "角", "分"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_spans_index_the_text(pieces):
    """Whatever the mix of scripts, widths and spaces, every span is exactly what was printed."""
    text = "".join(pieces)
    x = extract(text)
    for q in x.quantities:
        assert text[q.start : q.end] == q.text
        assert q.start < q.end
        assert q.lo <= q.hi
    for p in x.periods:
        assert text[p.start : p.end] == p.text


@given(st.integers(min_value=1, max_value=399), st.integers(min_value=0, max_value=9), st.booleans())
@settings(max_examples=150, deadline=None)
def test_chinese_percent_keeps_its_printed_precision(whole, tenth, decimal):
    """百分之四點五 is printed to the tenth, as 4.5% is: both allow the same half of the last digit
    (whole numbers ending in zero left out: how far 100% is rounded is read differently)."""
    assume(decimal or whole % 10)
    cn = "百分之" + to_chinese(whole) + ("點" + DIGITS[tenth] if decimal else "")
    arabic = f"{whole}.{tenth}%" if decimal else f"{whole}%"
    (a,) = [q for q in extract("上升" + cn + "。").quantities if q.unit == "percent"]
    (b,) = [q for q in extract("上升" + arabic + "。").quantities if q.unit == "percent"]
    assert (a.value, a.precision) == (b.value, b.precision)

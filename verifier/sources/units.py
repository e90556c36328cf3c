"""Units and values as a data desk writes them in a source table.

A table says ``213.4`` with unit ``USD bn`` (or ``USD billion``, ``億美元``,
``CNY 亿``, ``USD per share``, ``%``) because that is how the figure was
published; claims carry base units (USD, not billions). ``parse_unit`` turns
the unit cell into a base unit and a factor, with the same lexicons the
extractor reads articles with (currencies.tsv, scales.tsv, units.tsv), so a
table and an article never disagree about what ``億`` or ``bn`` means.

``parse_value`` reads a value cell the way ``normalise`` reads an article's
figure: the printed digits give the precision (``213.4`` stands for
213.35–213.45), a hedge (``~131``, ``>630``) widens or bounds it, and
``173.5-178.5`` is a range.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from verifier import lexicon
from verifier.models import Figure
from verifier.normalise import LIMIT, interval, printed_precision

__all__ = ["Unit", "check_value", "parse_unit", "parse_value"]


class Unit(NamedTuple):
    base: str  # "USD", "USD/share", "percent", "percentage_point", "times", "dimensionless", a pint name
    factor: float  # multiply the printed number by this to reach base units


# Units that are not money: surface (lower-cased) → (base, factor).
_PLAIN = {
    "%": ("percent", 1.0),
    "percent": ("percent", 1.0),
    "per cent": ("percent", 1.0),
    "pct": ("percent", 1.0),
    "百分比": ("percent", 1.0),
    "pp": ("percentage_point", 1.0),
    "ppt": ("percentage_point", 1.0),
    "ppts": ("percentage_point", 1.0),
    "percentage point": ("percentage_point", 1.0),
    "percentage points": ("percentage_point", 1.0),
    "個百分點": ("percentage_point", 1.0),
    "个百分点": ("percentage_point", 1.0),
    "百分點": ("percentage_point", 1.0),
    "百分点": ("percentage_point", 1.0),
    "bp": ("percentage_point", 0.01),
    "bps": ("percentage_point", 0.01),
    "basis point": ("percentage_point", 0.01),
    "basis points": ("percentage_point", 0.01),
    "基點": ("percentage_point", 0.01),
    "基点": ("percentage_point", 0.01),
    "x": ("times", 1.0),
    "times": ("times", 1.0),
    "倍": ("times", 1.0),
    "ratio": ("ratio", 1.0),
    "count": ("dimensionless", 1.0),
    "number": ("dimensionless", 1.0),
    "people": ("dimensionless", 1.0),
    "units": ("dimensionless", 1.0),
}

# the words of the patterns are in data/wording_en.tsv and data/wording_zh.tsv, by the roles named here
def _en(role: str) -> str:
    return lexicon.alternation("en", role, r"\ ")  # a space in a surface is one space


def _zh(role: str) -> str:
    return lexicon.alternation("zh", role)


_PER_SHARE = re.compile(
    rf"\s*(?:(?:{_en('unit_share_each')})\s*(?:(?:{_en('share_kind')})\s+)?(?:{_en('share')})|/\s*(?:{_zh('share')})|(?:{_zh('per_share')}))\s*$"
    rf"|^\s*(?:{_zh('per_share')})\s*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _money_tokens() -> tuple[re.Pattern, dict[str, tuple[str, object]]]:
    """One pattern for every currency and scale surface, and what each means."""
    meaning: dict[str, tuple[str, object]] = {}
    for surface, (factor, _where) in lexicon.scales().items():
        meaning[surface if not surface.isascii() or len(surface) == 1 else surface.lower()] = ("scale", factor)
    for surface, (iso, _pos) in lexicon.currencies().items():
        meaning[surface] = ("currency", iso)
    for iso in {iso for iso, _ in lexicon.currencies().values() if iso != "?"}:
        meaning[iso.lower()] = ("currency", iso)
    surfaces = sorted(meaning, key=len, reverse=True)
    parts = []
    for s in surfaces:
        esc = re.escape(s)
        if s.isascii() and s[-1].isalpha():
            esc = rf"{esc}(?![A-Za-z])"
        parts.append(esc)
    return re.compile(r"\s*(" + "|".join(parts) + r")\s*", re.IGNORECASE), meaning


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Unit:
    """``"USD bn"`` → ``Unit("USD", 1e9)``; raises ValueError naming what was not understood."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise ValueError("the unit is empty")
    per_share = False
    m = _PER_SHARE.search(s)
    if m:
        per_share = True
        s = (s[: m.start()] + s[m.end() :]).strip()
    plain = _PLAIN.get(s.lower())
    if plain is not None and not per_share:
        return Unit(*plain)
    money = _money(s)
    if money is not None:
        iso, factor = money
        return Unit(f"{iso}/share" if per_share else iso, factor)
    if per_share:
        raise ValueError(f"unknown unit {text!r}: a per-share figure needs a currency, e.g. 'USD per share'")
    return Unit(_physical(s, text), 1.0)


def _money(s: str) -> tuple[str, float] | None:
    """Currency plus scale words in any order (``USD bn``, ``億美元``, ``CNY 亿``); None if no currency."""
    pattern, meaning = _money_tokens()
    pos, iso, factor = 0, None, 1.0
    while pos < len(s):
        m = pattern.match(s, pos)
        if not m or m.end() == pos:
            return None if iso is None else _raise_rest(s, pos)
        tok = m.group(1)
        kind, what = meaning.get(tok) or meaning.get(tok.lower()) or meaning.get(tok.upper()) or (None, None)
        if kind == "currency":
            if iso is not None:
                raise ValueError(f"unknown unit {s!r}: two currencies")
            if what == "?":
                raise ValueError(f"unknown unit {s!r}: {tok!r} is ambiguous; write the ISO code, e.g. CNY, TWD, JPY")
            iso = what
        elif kind == "scale":
            factor *= float(what)
        else:
            return None
        pos = m.end()
    if iso is None:
        return None
    return iso, factor


def _raise_rest(s: str, pos: int):
    raise ValueError(f"unknown unit {s!r}: {s[pos:].strip()!r} is not a scale word (bn, billion, 億, m, ...)")


def _physical(s: str, text: str) -> str:
    units = lexicon.units()
    hit = units.get(s) or units.get(s.lower())
    if hit is not None:
        return hit[0]
    from verifier.normalise import canonical_unit

    try:
        name = canonical_unit(s)
    except ValueError:
        name = ""
    if not name or name == "dimensionless":
        raise ValueError(
            f"unknown unit {text!r}; write e.g. 'USD billion', 'USD bn', '億美元', 'CNY 亿', 'percent', 'pp', "
            "'USD per share', 'count' or a physical unit such as 'GW'"
        )
    return name


# A number as printed in a cell: sign, digits with optional thousands commas, decimals.
_NUM = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+"  # ASCII digits (full-width ones are folded to them)
_RANGE = re.compile(rf"^({_NUM})\s*(?:-|–|—|~|{_en('range_to')}|{_zh('range_to')})\s*({_NUM})$", re.IGNORECASE)
_SINGLE = re.compile(rf"^({_NUM})$")
# a hedge opening a value cell: its signs, then its words (a sign first; >= is tried before >)
_HEDGES = [
    (re.compile(rf"^(?:{signs}{_en(role)}|{_zh(role)})\s*", re.I), hedge)
    for signs, role, hedge in (
        ("~|≈|", "cell_approx", "approx"), (">=|≥|", "cell_at_least", "at_least"), (">|", "cell_more_than", "more_than"),
        ("<=|≤|", "cell_at_most", "at_most"), ("<|", "cell_less_than", "less_than"), ("", "cell_nearly", "nearly"),
    )
]


def _within(text: str, v: float) -> None:
    if not abs(v) <= LIMIT:
        raise ValueError(f"value {text!r} in its unit is beyond the range verify computes with (magnitudes up to 1e100)")


def _number(s: str) -> tuple[float, float]:
    """The number and the step of its last printed digit."""
    s = s.replace(",", "")
    mant, _, exp = s.lower().partition("e")
    step = 10.0 ** -(len(mant) - mant.index(".") - 1) if "." in mant else 1.0
    if exp:
        try:
            step *= 10.0 ** int(exp)
        except OverflowError:
            step = math.inf
    v = float(s)
    if (v == 0 and any(c in "123456789" for c in mant)) or (v != 0 and not 1 / LIMIT <= abs(v) <= LIMIT) or step > LIMIT:
        raise ValueError(f"value {s!r} is beyond the range verify computes with (magnitudes 1e-100 to 1e100)")
    return v, step


def parse_value(text: str, factor: float = 1.0, percent: bool = False) -> Figure:
    """A value cell as a printed figure in base units (``factor`` from its unit); ValueError when it is not a number."""
    value, lo, hi, low, high, hedge, p = _cell(text, factor, percent)
    return Figure(value=value, lo=lo, hi=hi, low=low, high=high, hedge=hedge, precision=p)


def check_value(text: str, factor: float = 1.0, percent: bool = False) -> None:
    """ValueError when a value cell is not a number: the table check, which runs on every cell
    off the fast road, needs no figure built (a model costs more than the parsing)."""
    _cell(text, factor, percent)


def _cell(text: str, factor: float, percent: bool) -> tuple:
    """(value, lo, hi, low, high, hedge, precision) of a value cell, in base units."""
    s = unicodedata.normalize("NFKC", str(text)).strip().replace("−", "-").replace("\u2212", "-")
    hedge = None
    for pat, name in _HEDGES:
        m = pat.match(s)
        if m:
            hedge, s = name, s[m.end() :]
            break
    if s.endswith("+") and hedge is None:
        hedge, s = "more_than", s[:-1].strip()
    if s.endswith("%"):
        if not percent:
            raise ValueError(f"value {text!r} has a % sign but the unit is not a percentage")
        s = s[:-1].strip()
    m = _SINGLE.match(s)
    if m:
        v, step = _number(m.group(1))
        _within(text, v * factor)
        p = printed_precision(v, step) * factor
        lo, hi = interval(v * factor, p, hedge)
        return v * factor, lo, hi, None, None, hedge, p
    m = _RANGE.match(s)
    if m:
        (a, sa), (b, sb) = _number(m.group(1)), _number(m.group(2))
        _within(text, a * factor)
        _within(text, b * factor)
        if b < a:
            raise ValueError(f"value {text!r} is a range whose high end is below its low end")
        step = min(sa, sb)
        p = printed_precision(max(abs(a), abs(b)), step) * factor
        lo = interval(a * factor, p, hedge)[0]
        hi = interval(b * factor, p, hedge)[1]
        return (a + b) / 2 * factor, lo, hi, a * factor, b * factor, hedge, p
    raise ValueError(f"value {text!r} is not a number (write e.g. 213.4, 1,234.5, ~131, >630 or 173.5-178.5)")

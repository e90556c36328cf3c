"""Units through pint, and the interval a printed figure can stand for.

pint enters the project here and nowhere else: one registry per process,
created on first use with pint's on-disk cache, loaded with
``data/units.txt`` (currencies as dimensions of their own, percentage points,
shares). Extraction does not need it for money or percentages, so a plain
run on a financial article never pays for it.
"""

from __future__ import annotations

import math
from functools import lru_cache

from verifier import lexicon

# How far each hedge moves the interval around a printed value v with
# rounding half-width p. "about" allows a whole unit of the last digit or 5%,
# whichever is more; "nearly" up to 10% below.
APPROX_SHARE = 0.05
NEARLY_SHARE = 0.10


ROUND_FIGURE_SHARE = 0.05
# pint names of spans of time: "$50,000 a year" is a rate, "three years" a span, not a measure to check
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})


# Beyond this magnitude (or nonzero below its inverse) a figure is not computed
# with: any product or ratio of two figures then stays far inside the float range,
# so no check can overflow to infinity or NaN. No figure a newsroom prints is near it.
LIMIT = 1e100


def printed_precision(value: float, step: float, round_figure: bool = False) -> float:
    """Half a unit of the last printed digit; a one-digit scaled figure is a round figure.

    ``3.2兆`` stands for 3.15–3.25兆. ``5兆`` would by the same rule stand for
    4.5–5.5兆, but a writer with 4.6兆 in hand prints 4.6, so a figure with one
    significant digit and a scale word (``round_figure``) is read within 5% of
    itself instead. Without a scale word the rule stays: 7.4% is printed 7%.
    """
    half = abs(step) / 2
    if round_figure and step and abs(value) / abs(step) < 9.5:
        return min(half, ROUND_FIGURE_SHARE * abs(value))
    return half


def interval(value: float, precision: float, hedge: str | None) -> tuple[float, float]:
    """What ``value`` printed to ``precision`` under ``hedge`` allows."""
    p = abs(precision)
    v = value
    if hedge == "approx":
        # "about 5%" allows a whole unit of its last digit (4-6%), or 5% of the figure if more
        w = max(2 * p, APPROX_SHARE * abs(v))
        return v - w, v + w
    if hedge == "nearly":
        return v - max(2 * p, NEARLY_SHARE * abs(v)), v + p
    if hedge in ("more_than", "at_least"):
        return v - p, math.inf
    if hedge in ("less_than", "at_most"):
        return (0.0 if v >= 0 else -math.inf), v + p
    return v - p, v + p


@lru_cache(maxsize=1)
def ureg():
    """The process's pint registry (lazy; ~0.03 s with the cache, ~0.2 s without)."""
    import pint

    try:
        reg = pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # a read-only or broken cache folder must not stop a run
        reg = pint.UnitRegistry()
    reg.load_definitions(str(lexicon.data_path("units.txt")))
    return reg


def canonical_unit(unit: str) -> str:
    """pint's name for a unit string (``GW`` → ``gigawatt``); raises ValueError when unknown."""
    try:
        return str(ureg().parse_units(unit))
    except Exception as exc:
        raise ValueError(f"unknown unit {unit!r}") from exc


def convert(value: float, unit: str, to: str) -> float:
    """``value`` in ``unit`` expressed in ``to``; ValueError across dimensions (USD vs CNY)."""
    if unit == to:
        return value
    reg = ureg()
    try:
        return float(reg.Quantity(value, unit).to(to).magnitude)
    except Exception as exc:
        raise ValueError(f"cannot convert {unit} to {to}") from exc


def same_dimension(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        reg = ureg()
        return reg.parse_units(a).dimensionality == reg.parse_units(b).dimensionality
    except Exception:
        return False

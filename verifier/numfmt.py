"""How figures are written back to people: ``35.58 billion USD``, ``24%``.

Shared by the checks (messages) and the reports, so a figure reads the same
in a finding and in the report that shows it.
"""

from __future__ import annotations

import math

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number(x: float, digits: int = 10) -> str:
    if x is None:
        return "—"
    if isinstance(x, float) and math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x != x:
        return "not a number"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.{digits}g}" if abs(x) >= 1 else f"{x:.{digits}g}"


def _scale(x: float, unit: str) -> tuple[float, str]:
    """The factor and the words after a value: ``35.58e9 USD`` → (1e9, " billion USD")."""
    suffix = "" if unit == "dimensionless" else f" {unit}"
    for factor, word in _SCALES:
        if abs(x) >= factor:
            return factor, f" {word}{suffix}"
    return 1.0, suffix


def value(x: float | None, unit: str) -> str:
    """A value in base units, scaled for reading, with the digits a printed figure has (145.89, 1309.04)."""
    if x is None:
        return "—"
    if isinstance(x, float) and not math.isfinite(x):
        return number(x)
    if unit == "percent":
        return f"{number(round(x, 4))}%"
    if unit == "percentage_point":
        return f"{number(round(x, 4))} pp"
    if unit == "times":
        return f"{number(round(x, 4))}×"
    if unit == "ratio":
        return f"{x:.4g}"
    factor, words = _scale(x, unit)
    return f"{number(round(x / factor, 6))}{words}"


def interval(lo: float, hi: float, unit: str) -> str:
    """Both ends in one scale, to a tenth of the interval's width: 145.885 – 145.895, 35.4 – 35.76 billion."""
    if math.isnan(lo) or math.isnan(hi):
        return f"{value(lo, unit)} – {value(hi, unit)}"  # NaN: shown as such, never measured
    if math.isinf(hi):
        return f"≥ {value(lo, unit)}"
    if math.isinf(lo) or (lo == 0 and hi > 0 and unit != "percent"):
        return f"≤ {value(hi, unit)}"
    if unit in ("percent", "percentage_point", "times", "ratio") or hi <= lo:
        return f"{value(lo, unit)} – {value(hi, unit)}"
    factor, words = _scale(max(abs(lo), abs(hi)), unit)
    width = (hi - lo) / factor
    decimals = min(9, max(0, -math.floor(math.log10(width / 10))))
    ends = [f"{v / factor:,.{decimals}f}" for v in (lo, hi)]
    ends = [e.rstrip("0").rstrip(".") if "." in e else e for e in ends]
    return f"{ends[0]}{words} – {ends[1]}{words}"


def pct(x: float) -> str:
    return f"{x:.2f}%" if abs(x) < 10 else f"{x:.1f}%"

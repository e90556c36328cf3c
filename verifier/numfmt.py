"""How figures are written back to people: ``35.58 billion USD``, ``24%``.

Shared by the checks (messages) and the reports, so a figure reads the same
in a finding and in the report that shows it.
"""

from __future__ import annotations

import math

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number(x: float, digits: int = 4) -> str:
    if x is None:
        return "—"
    if isinstance(x, float) and math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.{digits}g}" if abs(x) >= 1 else f"{x:.{digits}g}"


def value(x: float | None, unit: str) -> str:
    """A value in base units, scaled for reading."""
    if x is None:
        return "—"
    if isinstance(x, float) and math.isinf(x):
        return number(x)
    if unit == "percent":
        return f"{number(round(x, 4))}%"
    if unit == "percentage_point":
        return f"{number(round(x, 4))} pp"
    if unit == "times":
        return f"{number(round(x, 4))}×"
    if unit == "ratio":
        return f"{x:.4g}"
    suffix = "" if unit == "dimensionless" else f" {unit}"
    for factor, word in _SCALES:
        if abs(x) >= factor:
            return f"{number(round(x / factor, 4))} {word}{suffix}"
    return f"{number(round(x, 4))}{suffix}"


def interval(lo: float, hi: float, unit: str) -> str:
    if math.isinf(hi):
        return f"≥ {value(lo, unit)}"
    if math.isinf(lo) or (lo == 0 and hi > 0 and unit != "percent"):
        return f"≤ {value(hi, unit)}"
    return f"{value(lo, unit)} – {value(hi, unit)}"


def pct(x: float) -> str:
    return f"{x:.2f}%" if abs(x) < 10 else f"{x:.1f}%"

"""Period labels for source tables, and the periods a change is measured from.

A table may write ``Q4 2025``, ``2025年Q4``, ``fourth quarter 2025``, ``4Q25``
or ``2025-Q4``; claims carry the label the extractor produces (``2025-Q4``,
``2025``, ``FY2026``, ``2025-H1``, ``2026-02``, ``2026-02-05``). So a table's
period goes through the same period finder as an article, and must be one
whole period with its year: ``第四季`` alone is an error in a table, where
there is no context to take the year from.

``base_period`` gives the period a ``yoy`` or ``qoq`` change is measured from
(``2025-Q4`` → ``2024-Q4`` / ``2025-Q3``), so ``年增14%`` can be checked from
the rows of both periods.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["base_period", "equivalent_periods", "normalise_period"]

_CANONICAL = re.compile(r"^(?:FY)?\d{4}(?:-Q[1-4]|-H[12]|-\d\d(?:-\d\d)?)?$|^\d{4}\.\.\d{4}$")
# Fiscal quarters: FY26 Q2, Q2 FY2026, FY2026-Q2 (Microsoft's fiscal year is not the calendar year)
_FISCAL_Q = re.compile(r"^(?:FY\s*'?(\d{2}|\d{4})\s*-?\s*Q([1-4])|Q([1-4])\s*FY\s*'?(\d{2}|\d{4}))$", re.IGNORECASE)


def _year(s: str) -> int:
    y = int(s)
    return y + 2000 if y < 100 else y


@lru_cache(maxsize=8192)
def normalise_period(text: str) -> str:
    """``"Q4 2025"`` → ``"2025-Q4"``; raises ValueError when it is not one period with a year."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if _CANONICAL.match(s):
        return s
    m = _FISCAL_Q.match(s)
    if m:
        y, q = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return f"FY{_year(y)}-Q{q}"
    s = re.sub(r"^(?:the|in|for)\s+", "", s, flags=re.IGNORECASE)
    from verifier.extract.periods import find_periods

    periods, _ = find_periods(s)
    if len(periods) == 1 and periods[0].start == 0 and periods[0].end == len(s) and periods[0].year:
        p = periods[0]
        if p.kind != "relative":
            return p.label
    raise ValueError(
        f"period {text!r} not understood; write one period with its year, "
        "e.g. 2025-Q4, Q4 2025, 2025年Q4, FY2026, 2026, 2025-H1, 2026-02 or 2026-02-05"
    )


def _parts(label: str) -> tuple[str, int, str]:
    """(``"FY"`` or ``""``, year, rest such as ``"-Q4"``)."""
    fy = "FY" if label.startswith("FY") else ""
    body = label[len(fy) :]
    return fy, int(body[:4]), body[4:]


def base_period(label: str, basis: str) -> str | None:
    """The period a ``yoy``/``qoq`` change of ``label`` is measured from, or None."""
    if not label or not _CANONICAL.match(label) or ".." in label:
        return None
    fy, year, rest = _parts(label)
    if basis == "yoy":
        return f"{fy}{year - 1}{rest}"
    if basis != "qoq":
        return None
    if rest.startswith("-Q"):
        q = int(rest[2])
        return f"{fy}{year}-Q{q - 1}" if q > 1 else f"{fy}{year - 1}-Q4"
    if rest.startswith("-H"):
        return f"{fy}{year}-H1" if rest == "-H2" else f"{fy}{year - 1}-H2"
    if re.fullmatch(r"-\d\d", rest):
        m = int(rest[1:])
        return f"{year}-{m - 1:02d}" if m > 1 else f"{year - 1}-12"
    return None


def equivalent_periods(label: str) -> tuple[str, ...]:
    """Labels that name the same span for a company whose fiscal year is the calendar year.

    ``FY2026`` and ``2026`` are the same year at Amazon, Alphabet and Meta, not
    at Microsoft; a match through this equivalence is reported as uncertain.
    """
    if re.fullmatch(r"FY\d{4}", label):
        return (label[2:],)
    if re.fullmatch(r"\d{4}", label):
        return (f"FY{label}",)
    return ()

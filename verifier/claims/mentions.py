"""Names, metrics and periods found in an article, and look-ups around a figure.

Mentions are kept sorted by offset so that "the last one before the figure
in its clause" is a bisection, not a scan.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from verifier import aliases
from verifier.models import Period


@dataclass
class Mention:
    start: int
    end: int
    value: str


_ASIDE = re.compile(r"[(（][^()（）\n]{1,120}[)）]")


def asides(text: str) -> list[tuple[int, int]]:
    """Bracketed asides, ``(其中中央本級收入增長25.1%)``: what they name is theirs alone."""
    return [m.span() for m in _ASIDE.finditer(text)]


class Index:
    """Mentions sorted by offset, for "the last one before" look-ups.

    With ``asides``, a mention inside brackets that closed before the figure is passed over: a
    figure after ``(其中中央…增長25.1%)`` is not about what the aside named."""

    def __init__(self, mentions: list[Mention], asides: list[tuple[int, int]] | None = None):
        self.m = sorted(mentions, key=lambda x: x.start)
        self.starts = [x.start for x in self.m]
        inside = {}
        for a, b in asides or ():
            i = bisect.bisect_left(self.starts, a)
            while i < len(self.m) and self.m[i].start < b:
                if self.m[i].end <= b:
                    inside[i] = b
                i += 1
        self.closes = inside  # mention index → where its aside closes

    def last_before(self, lo: int, hi: int) -> Mention | None:
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and self.m[i].start >= lo:
            if self.m[i].end <= hi and self.closes.get(i, hi + 1) > hi:
                return self.m[i]
            i -= 1
        return None

    def first_after(self, lo: int, hi: int) -> Mention | None:
        i = bisect.bisect_left(self.starts, lo)
        while i < len(self.m) and self.m[i].start < hi:
            if i not in self.closes:
                return self.m[i]
            i += 1  # "$7.31 billion ($7.79 per share)": the aside restates the figure, it does not name it
        return None

    def between(self, lo: int, hi: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, lo)
        out = []
        while i < len(self.m) and self.m[i].start < hi:
            out.append(self.m[i])
            i += 1
        return out


def main_entity(ents: list[Mention]) -> str | None:
    # names found in subject position count too, unless they are places or institutions
    counts = Counter(m.value for m in ents if aliases.kind_of(m.value) == "company").most_common(2)
    if not counts:
        return None
    # "the company" means the article's subject only when one company dominates it
    if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
        return None
    return counts[0][0]


_QUARTER_MONTHS = {("01", "03"): 1, ("04", "06"): 2, ("07", "09"): 3, ("10", "12"): 4}
_MONTH_SPAN = re.compile(r"(?:(\d{4})-|M)(\d\d)\.\.(?:\1-|M)(\d\d)")


def _as_quarter(p: Period) -> Period:
    """``7-9月``, ``2025年10-12月``: the three months of a quarter are that quarter."""
    m = _MONTH_SPAN.fullmatch(p.label) if p.kind == "month" else None
    q = _QUARTER_MONTHS.get((m.group(2), m.group(3))) if m else None
    if q is None:
        return p
    return p.model_copy(update={"kind": "quarter", "label": f"{m.group(1)}-Q{q}" if m.group(1) else f"Q{q}"})


def resolve_periods(periods: tuple[Period, ...]) -> list[Mention]:
    """Period labels with years filled in where the article implies them."""
    periods = tuple(_as_quarter(p) for p in periods)
    explicit_q = [p for p in periods if p.kind == "quarter" and p.year]
    latest_q = max((p.label for p in explicit_q), default=None)
    # "the fourth quarter" in an article that names Q4 2025 and Q4 2024: the latest, the one reported
    last_of_quarter: dict[str, str] = {}
    for p in explicit_q:
        last_of_quarter[p.label[-2:]] = max(p.label, last_of_quarter.get(p.label[-2:], ""))
    latest_year: dict[str, int] = {}
    for p in periods:
        if p.kind in ("half", "month") and p.year and ".." not in p.label:
            latest_year[p.kind] = max(p.year, latest_year.get(p.kind, 0))
    # "in July this year", "July last year": a month its own relative year follows is not the dated one's
    relative_at = {p.start for p in periods if p.label.startswith(("this-", "prev-", "next-"))}
    out = []
    for p in periods:
        label = p.label
        if p.kind == "quarter" and not p.year:
            q = int(label[-1])
            if f"Q{q}" in last_of_quarter:
                label = last_of_quarter[f"Q{q}"]
            elif latest_q:
                y, lq = int(latest_q[:4]), int(latest_q[-1])
                label = f"{y if q > lq else y + 1}-Q{q}"
        elif p.kind in ("half", "month") and not p.year:
            # 10月營收, 上半年营收: the year of the article's dated months (halves), else yearless (M10,
            # H1); a yearless span of months is a gloss (2025年Q4(10-12月)), not a period of its own
            if ".." in label:
                continue
            if (y := latest_year.get(p.kind)) and not any(p.end <= a <= p.end + 2 for a in relative_at):
                label = f"{y}-{label[1:]}" if p.kind == "month" else f"{y}-{label}"
        elif p.kind == "date" and not p.year:
            continue
        out.append(Mention(p.start, p.end, label))
    return out

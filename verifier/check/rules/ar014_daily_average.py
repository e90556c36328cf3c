"""A figure for one day must be its period's total divided by the period's days.

What it checks: a daily figure printed beside the total it averages, as statistics
releases and energy reports give them: ``發電量3640億千瓦時，日平均發電量117億千瓦時``
(October: 3640 ÷ 31 = 117.4), ``310 million barrels in March, or 10.0 million barrels a
day``. The days come from the total's period: a month's calendar days (February 28 or
29 when the year is not printed), a quarter's (from finance's 90 to its calendar days),
a half's, a year's (360 to its calendar days), the year so far.

Why it matters: the daily figure is worked out from the total, often from a draft's
total or over the wrong number of days; a slip in either shows as a daily figure the
total does not give.

Example: ``鋼材7307萬噸，日平均産量236萬噸`` for October passes (7307 ÷ 31 = 235.7);
the same with 日平均産量256萬噸 is flagged.

How to fix: divide the total by the days of its period again, or correct the total.
"""

from __future__ import annotations

import calendar
import re

from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule

_LABEL = re.compile(r"(?:(?P<y>\d{4})-)?(?:(?P<m>\d{2})|M(?P<bm>\d{2})|Q(?P<q>[1-4])|H(?P<h>[12]))$|(?P<year>\d{4})$|ytd-M(?P<ytd>\d{2})$")
_QUARTER = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
# the day counts of finance's convention (a quarter of 90 days, a year of 360): a profit "a day" is
# often worked out over them, so they bound a quarter's and a year's days from below; a month is
# always its calendar days (statistics releases divide by them)
QUARTER_CONVENTION, YEAR_CONVENTION = 90, 360


def days_in(label: str | None) -> tuple[int, int, int] | None:
    """The days of a period (its calendar days, a common year's when the year is not printed), and
    the fewest and most it can be counted as: a February or a span with one, year unknown; a
    quarter counted as 90 days, a year as 360."""
    m = _LABEL.match((label or "").split("@")[0])  # Q4@prev-year: the days of a quarter of some year
    if m is None:
        return None
    g = m.groupdict()
    if g["year"]:
        n = 366 if calendar.isleap(int(g["year"])) else 365
        return n, YEAR_CONVENTION, n
    year = int(g["y"]) if g["y"] else None
    month = g["m"] or g["bm"]
    months = ((int(month), int(month)) if month else _QUARTER[int(g["q"])] if g["q"]
              else (1, 6) if g["h"] == "1" else (7, 12) if g["h"] else (1, int(g["ytd"])))

    def total(leap: bool) -> int:
        return sum(calendar.monthrange(2024 if leap else 2023, k)[1] for k in range(months[0], months[1] + 1))

    days, most = (total(calendar.isleap(year)),) * 2 if year is not None else (total(False), total(True))
    fewest = min(days, QUARTER_CONVENTION) if g["q"] else days
    return days, fewest, most


@rule("AR014")
def check(ctx):
    for d, t in ctx.linked("per_day_of"):
        span = days_in(t.period or d.period)
        if span is None or t.quantity.value <= 0:
            continue
        days = arith.Operand(span[0], span[1], span[2], str(span[0]))
        j = arith.judge(lambda total, n: total / n, [arith.Operand.of(t), days], arith.iv(d))
        unit = d.quantity.unit
        days_, lo, hi = span
        shown = str(days_) if lo == hi else f"{lo}–{hi}" if days_ == lo else f"{days_} ({lo}–{hi})"
        line = msg.t("AR014.line", total=t.quantity.text, days=shown, daily=arith.val(j.point, unit, d))
        yield arith.judged(
            j, d, [t], line=line, holds=msg.t("AR014.holds"), breaks=msg.t("AR014.breaks"),
            advice=msg.t("AR014.advice"), fmt=lambda x, u=unit, c=d: arith.val(x, u, c),
            pairing=arith.linked(d, t), formula=msg.t("AR014.formula"), inputs={"total": t.id, "days": shown})

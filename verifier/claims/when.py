"""When a figure is about: its period, the base of a change, a CAGR's years.

Periods come from the extract stage; here they are attached to figures the
way a reader does: the figure's own clause, a relative period beside it
(``a year earlier``, ``去年同期``), a "last year" that opens the sentence, or
the period last named in the paragraph (a guess, marked as one).
"""

from __future__ import annotations

import re

from verifier import lexicon
from verifier.claims import cues
from verifier.claims.mentions import Index
from verifier.models import Quantity

# the words are in data/wording_en.tsv and data/wording_zh.tsv, by the roles named here
_W = lexicon.alternation
_START_YEAR = re.compile(rf"(?:{_W('zh', 'start_year')})\s*$|(?i:\b(?:{_W('en', 'start_year')})\s*$)")
_END_YEAR = re.compile(rf"(?:{_W('zh', 'end_year')})\s*$|(?i:\b(?:{_W('en', 'end_year')})\s*$)")


_BRACKET_OPEN = re.compile(r"[(（][ \t]*$")
_LABEL_COLON = re.compile(r"[ \t]*(?:年度|同期|全年)?[ \t]*[:：]")


def labels_prior(text: str, start: int, end: int) -> bool:
    """``(2019: RMB336.5 million)``, ``（二零一九年：…）``: a period opening a bracket before a colon
    labels the earlier period's figure set beside the one the sentence is about."""
    return bool(_BRACKET_OPEN.search(text, max(0, start - 3), start) and _LABEL_COLON.match(text, end))


def paragraph_period(text, sents, sent_ctx, si) -> str | None:
    """The period last named earlier in the same paragraph (a guess, marked as such)."""
    for j in range(si - 1, -1, -1):
        if "\n" in text[sents[j][1] - 1 : sents[j + 1][0]]:
            return None
        if sent_ctx[j].get("period"):
            return sent_ctx[j]["period"]
    return None


def last_period(text, sents, sent_ctx, si) -> str | None:
    """The period last named in any earlier sentence: a release's later paragraph goes on with it.
    A sentence that opens on 其中 names a part's period (其中，第三季度…), not the release's."""
    for j in range(si - 1, -1, -1):
        if sent_ctx[j].get("period") and cues.opens("split", text, sents[j]) is None:
            return sent_ctx[j]["period"]
    return None


def sequential_basis(basis: str | None, period: str | None) -> str | None:
    """环比, sequential: against the period before, a month for a month's figure, a quarter for a quarter's."""
    if basis in ("qoq", "mom") and period:
        if re.fullmatch(r"(?:\d{4}-)?M?(?:0[1-9]|1[0-2])", period):
            return "mom"
        if re.fullmatch(r"(?:\d{4}-)?Q[1-4]", period):
            return "qoq"
    return basis


def base_period_of(period: str | None, relative: str | None, basis: str | None) -> str | None:
    if not period:
        return None
    m = re.fullmatch(r"(\d{4})(-Q[1-4]|-H[12]|-(?:0[1-9]|1[0-2]))?", period)
    if relative == "prev-year-end":
        # 較上年末, "from the end of last year": a balance at December of the year before, whatever the period
        return f"{int(m.group(1)) - 1}-12" if m else ("M12@prev-year" if "@" not in period else None)
    if not m:
        # no year to count back from: name the base relative to the period (Q3@prev-year)
        if basis == "yoy" or relative == "prev-year":
            return f"{period}@prev-year" if "@" not in period and not period.startswith("prev") else None
        if basis == "qoq" and (q := re.fullmatch(r"Q([1-4])", period)):
            return f"Q{int(q.group(1)) - 1}" if q.group(1) != "1" else "Q4@prev-year"
        if basis == "mom" and (mo := re.fullmatch(r"M(0[1-9]|1[0-2])", period)):
            return f"M{int(mo.group(1)) - 1:02d}" if mo.group(1) != "01" else "M12@prev-year"
        return None
    year, sub = int(m.group(1)), m.group(2) or ""
    if basis == "yoy" or relative == "prev-year":
        return f"{year - 1}{sub}"
    if basis == "qoq" and sub.startswith("-Q"):
        qn = int(sub[-1])
        return f"{year}-Q{qn - 1}" if qn > 1 else f"{year - 1}-Q4"
    if basis == "mom" and sub[1:].isdigit():
        mn = int(sub[1:])
        return f"{year}-{mn - 1:02d}" if mn > 1 else f"{year - 1}-12"
    return None


FROM_BEFORE = re.compile(rf"(?:{_W('zh', 'compared_with')}|(?i:\b(?:{_W('en', 'compared_with')})\.?))\s*$")


def sentence_relative(R: Index, text: str, sent, q: Quantity, period: str | None) -> str | None:
    """去年第一季營收…、第二季…: a 'last year' opening the sentence dates its yearless periods,
    unless it names a comparison base (較去年同期)."""
    if period and period[:4].isdigit():
        return None
    m = R.last_before(sent[0], q.start)
    if m is None or m.value != "prev-year" or FROM_BEFORE.search(text, max(sent[0], m.start - 12), m.start):
        return None
    if any(ch.isdigit() for ch in text[sent[0] : m.start]):
        return None  # "up 10% from 474.6 billion a year ago and above forecasts for …": the base's, not the sentence's
    return m.value


def own_relative(R: Index, text: str, clause, q: Quantity) -> str | None:
    """A relative period attached to the figure itself, in its clause."""
    m = R.last_before(clause[0], q.start) or R.first_after(q.end, clause[1])
    if m is None:
        return None
    gap = text[m.end : q.start] if m.end <= q.start else text[q.end : m.start]
    if m.start >= q.end and any(ch in gap for ch in ";；"):
        return None  # "$4.8 billion; a quarter earlier, it was …": the next clause's period
    if m.start >= q.end and FROM_BEFORE.search(text, q.end, m.start):
        return None  # 淨利0.64億元與去年同期持平, 10億元較去年同期增長: the later period is a comparison base
    # "to 18.0% from 19.8% a year earlier": the relative period belongs to the nearer figure;
    # "rose 8 percent from a year earlier to $9.8 billion": the figure after "to" is the new level
    if m.end <= q.start and _TO_LEVEL.search(gap):
        return None
    if m.start >= q.end and _TO_LEVEL.search(text, max(clause[0], q.start - 12), _figure_start(text, q)) \
            and not FROM_BEFORE.search(text, max(clause[0], q.start - 16), _figure_start(text, q)):
        # "rose 22.5% to $35 billion from the year-earlier quarter": the base is a year back, not $35 billion
        # ("compared to 12.4% in the prior year quarter" is that quarter's figure)
        return None
    return m.value if len(gap) <= 12 and not any(ch.isdigit() for ch in gap) else None


_TO_LEVEL = re.compile(rf"(?:{lexicon.alternation('zh', 'to_level')}|(?i:\b(?:{lexicon.alternation('en', 'to_level')})))\s*$")


def _figure_start(text: str, q: Quantity) -> int:
    """Where the figure's words begin: before a currency sign or code printed ahead of the digits."""
    i = q.start
    while i > 0 and text[i - 1] in "$€£¥US":
        i -= 1
    return i


def cagr_years(text: str, P: Index, sent, period: str | None) -> tuple[str | None, str | None]:
    """(end year, start year) of a CAGR: 從2026年起…到2030年, from 2024 to 2028, 2024-2028;
    otherwise the earliest and latest years of its sentence."""
    start = end = None
    years = []
    for m in P.between(*sent):
        if ".." in m.value:
            a, b = m.value.split("..")
            return b, a
        if not re.fullmatch(r"\d{4}", m.value):
            continue
        years.append(m.value)
        before = text[max(sent[0], m.start - 8) : m.start]
        if _START_YEAR.search(before) and start is None:
            start = m.value
        elif _END_YEAR.search(before) and (end is None or m.value > end):
            end = m.value
    start = start or (min(years) if years else None)
    if end is None or (start and end <= start):
        end = max(years) if years and (not start or max(years) > start) else period
    return end, start

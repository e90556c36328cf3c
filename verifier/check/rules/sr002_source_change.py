"""A change must match the published change, or the change between published figures.

What it checks: a growth or fall (``年增14%``, ``up 24% year over year``,
``季增``), a change from a named base (``較2025年的1310億美元激增超過50%``), a
gap to the estimate (``超出市場預期50%以上``, ``下緣相差25%``), a percentage-
point change, a multiple or a CAGR is compared with a published change row
(column ``change``: yoy, qoq, cagr, vs-estimate, move) and with the change
computed from the level rows of both periods (Q4 2025 against Q4 2024 for
a yoy change in 2025-Q4) or from the figure and its estimate. For a range
of guidance the low end, midpoint and high end are each computed. Supported
when either agrees within the printed precision of every figure involved.

Why it matters: growth rates are the figures most often garbled in
rewriting (a 36% gap becomes "more than 50%", 13.6% growth becomes 16%),
and the article rarely prints both figures a reader would need to check.

Example: ``年增14%`` on Amazon's Q4 2025 revenue is supported by the
release's "increased 14%" and by 213.4 / 187.8 − 1 = 13.6%; ``超出市場預期
50%以上`` on the 2026 capex plan is contradicted: ~200 / 146.6 − 1 = 36%.

How to fix: recompute the change from the published figures, or quote the
change the source published, with its base period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from verifier import messages as msg
from verifier.check.registry import rule
from verifier.models import Claim, Figure, Part, Verdict
from verifier.rounding import Reached, agree, figure_of, nearest
from verifier.sources.figures import cite, in_units, pct, published, show
from verifier.sources.findings import judged
from verifier.sources.judge import pair_rows, published_change_rows, rows_at
from verifier.sources.match import Topic, bases_for, factor, most_precise
from verifier.sources.table import SourceRow
from verifier.sources.verdicts import RANK, Judgement, uncertain, unverifiable

CHANGE_KINDS = {"change", "percentage_point_change", "cagr", "multiple"}


def _change_word(how: str) -> str:
    """``yoy`` → ``year-over-year change`` / ``年增率``: the message catalogue's ``change.*``."""
    key = f"change.{how.replace('-', '_')}"
    return msg.t(key) if msg.has(key) else msg.t("change.other")


@rule("SR002")
def check(ctx):
    yield from judged(ctx, CHANGE_KINDS, judge_change)


@dataclass(frozen=True)
class Computed:
    """A change computed from two level rows: its interval, the arithmetic shown, the rows, the notes."""

    fig: Figure
    arithmetic: str
    rows: tuple[SourceRow, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """One way of checking the change (a published change row, or a change computed from levels)."""

    verdict: Verdict
    part: str
    claimed: Figure
    fig: Figure
    rows: tuple[SourceRow, ...]
    against: str  # "the published year-over-year change 14%, …" or "the computed change …"
    arithmetic: Optional[str]  # only when computed
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Published:
    """The claimed change against one published change row."""

    verdict: Verdict
    part: str
    row: SourceRow
    fig: Figure


def _published(claimed: Figure, r: SourceRow, magnitude: bool) -> Published:
    pub = r
    pub = pub.scaled(-1) if magnitude and pub.value < 0 else pub
    verdict, part = agree(claimed, pub)
    return Published(verdict, part, r, pub)


def _computed(c: Claim, t: Topic, how: str, subject: str) -> Optional[Computed]:
    """A change computed from two level rows (``subject`` basis now, the base then)."""
    pair = pair_rows(c, t, how, subject)
    if pair is None:
        return None
    years = _years(c, a_label=c.period, b_label=pair.base[0].period) if how == "cagr" else 0
    if how == "cagr" and not years:
        return None
    a, b = most_precise(list(pair.current)), most_precise(list(pair.base))
    k = factor(a.unit, b.unit)
    if k is None or b.lo <= 0:
        return None
    blo, bhi, bp = b.lo, b.hi, b.value
    kind = "pp" if c.kind == "percentage_point_change" else ("multiple" if c.kind == "multiple" else "growth")
    root = 1 / years if years else 1.0

    def calc(lo: float, hi: float, p: float) -> tuple[tuple[float, float], float]:
        lo, hi, p = lo * k, hi * k, p * k
        if kind == "pp":
            return (lo - bhi, hi - blo), p - bp
        if kind == "multiple":
            return (lo / bhi, hi / blo), p / bp
        if not years:
            return ((lo / bhi - 1) * 100, (hi / blo - 1) * 100), (p / bp - 1) * 100
        g = lambda x, y: ((max(x, 0.0) / y) ** root - 1) * 100  # noqa: E731 - CAGR over `years`
        return (g(lo, bhi), g(hi, blo)), g(p, bp)

    parts = {name: calc(iv[0], iv[1], p) for name, iv, p in a.parts()}
    form = {"pp": "SR002.line_pp", "multiple": "SR002.line_multiple"}.get(kind, "SR002.line_cagr" if years else "SR002.line_growth")
    unit = (lambda x: msg.value(x, "times", decimals=3)) if kind == "multiple" else (lambda x: msg.value(x, "percentage_point")) if kind == "pp" else pct
    like = c if a.unit == c.quantity.unit else None  # a level in the claim's own unit is written like it

    def level(name: str, p: float) -> str:
        v = in_units(p, like, a.unit)
        return v if not name else msg.t("source.part_value", part=msg.t(f"part.{name.replace(' ', '_')}"), value=v)

    lines = [
        msg.t(form, new=level(n, p) if n else published(a, like, 1.0 if like else None), base=published(b, like, 1.0 if like else None),
              n=years, result=unit(v[1]))
        for n, p, v in ((n, p, parts[n]) for n, _, p in a.parts())
    ]
    where = (msg.t("source.rows_same", file=a.file, a=a.row, b=b.row) if a.file == b.file
             else msg.t("source.rows_two", file_a=a.file, a=a.row, file_b=b.file, b=b.row))
    arithmetic = msg.join(lines) + msg.t("source.where", where=where)
    if "" in parts:
        (lo, hi), p = parts[""]
        fig = Reached(value=p, lo=lo, hi=hi)
    else:
        fig = Reached(value=parts["midpoint"][1], lo=parts["low end"][0][0], hi=parts["high end"][0][1],
                      low=parts["low end"][1], high=parts["high end"][1],
                      reached=tuple(Part(n, parts[n][0], parts[n][1]) for n in ("midpoint", "low end", "high end")))
    return Computed(fig, arithmetic, (a, b), pair.notes)


def _years(c: Claim, a_label: str | None, b_label: str | None) -> int:
    """Years between two year labels (``2030`` and ``2026`` → 4), for a CAGR; 0 when not years."""
    try:
        return int(str(a_label).removeprefix("FY")) - int(str(b_label).removeprefix("FY"))
    except (TypeError, ValueError):
        return 0


def _span(c: Claim) -> str | None:
    """The period a CAGR row is labelled with: ``2026..2030`` from the claim's base and period."""
    if c.base_period and c.period and _years(c, c.period, c.base_period) > 0:
        return f"{c.base_period.removeprefix('FY')}..{c.period.removeprefix('FY')}"
    return c.period


def _how(c: Claim) -> tuple[str, Optional[str]]:
    """What a change is measured against, and a note when that was assumed."""
    if c.kind == "cagr":
        return "cagr", None
    if c.change_basis:
        return c.change_basis, None
    if c.base_period:
        return "vs-base", None
    from verifier.aliases import metrics

    if c.kind == "price" or getattr(metrics().get(c.metric or ""), "kind", "") == "price":
        return "move", None
    return "yoy", msg.t("SR002.read_as_yoy")


def judge_change(c: Claim, t: Topic) -> Optional[Judgement]:
    how, read_as = _how(c)
    published_key = {"gap": "vs-estimate", "vs-base": None}.get(how, how)
    want = {"percentage_point_change": "percentage_point", "multiple": "times"}.get(c.kind, "percent")
    claimed = figure_of(c, signed=True)
    magnitude = how == "gap" and not c.direction
    if magnitude:
        claimed = claimed if claimed.value >= 0 else claimed.scaled(-1)
    candidates: list[Candidate] = []
    pub_rows = published_change_rows(t, published_key, want)
    subjects = [x for x in bases_for(c) if x != "estimate" or how not in ("vs-estimate", "gap")]
    period = _span(c) if how == "cagr" else c.period
    for b in subjects:
        hit, notes = rows_at(pub_rows, b, period, c.period_guessed)
        if hit:
            results = sorted((_published(claimed, r, magnitude) for r in hit),
                             key=lambda x: (RANK[x.verdict], abs(nearest(claimed, x.fig)[1] - claimed.value)))
            top = results[0]
            against = msg.t("SR002.against_published", what=_change_word(how), pub=published(top.row), cite=cite(top.row))
            if top.verdict == "contradicted" and len(results) > 1:
                against += msg.t("sep.list") + msg.t("source.also_lower", others=msg.join(
                    msg.t("source.also_item", pub=published(x.row), cite=cite(x.row)) for x in results[1:3]))
            candidates.append(Candidate(top.verdict, top.part, claimed, top.fig, tuple(x.row for x in results), against, None, tuple(notes)))
            break
    for subject in subjects:
        computed = None if how == "move" else _computed(c, t, how, subject)
        if computed:
            fig = computed.fig.scaled(-1) if magnitude and computed.fig.value < 0 else computed.fig
            v, part = agree(claimed, fig)
            label = msg.t("SR002.computed_gap" if how in ("vs-estimate", "gap") else "SR002.computed_change", arithmetic=computed.arithmetic)
            candidates.append(Candidate(v, part, claimed, fig, computed.rows, label, computed.arithmetic, computed.notes))
    if not candidates:
        related = [r for r in t.rows if (published_key and r.change == published_key) or (not r.change and how != "move")]
        what = msg.t("SR002.figures_to_check", what=t.name(None), change=_change_word(how))
        return unverifiable(c, t, related, what) if related else None
    best = min(candidates, key=lambda j: RANK[j.verdict])
    # a published change row decided: still show the arithmetic from the levels
    shown = best.arithmetic or next((j.arithmetic for j in sorted(candidates, key=lambda j: RANK[j.verdict]) if j.arithmetic), None)
    return _judgement(c, t, best, shown, read_as)


def _judgement(c: Claim, t: Topic, x: Candidate, arithmetic: Optional[str], read_as: Optional[str]) -> Judgement:
    at = msg.t("source.part", part=msg.t(f"part.{x.part.replace(' ', '_')}")) if x.part and x.part != "both ends" else ""
    said = show(c) + (msg.t("source.direction", direction=msg.t(f"direction.{c.direction}")) if c.direction else "")
    if x.verdict == "supported":
        text = msg.t("SR002.agrees", figure=said, against=x.against, at=at)
    elif x.verdict == "needs-review":
        text = msg.t("SR002.inside", figure=said, against=x.against)
    else:
        text = msg.t("SR002.contradicts", figure=said, against=x.against)
    show_ = (lambda v: msg.value(v, "percentage_point")) if c.kind == "percentage_point_change" else (
        (lambda v: msg.value(v, "times", decimals=3)) if c.kind == "multiple" else pct)
    tol = msg.join([msg.t("source.stands_for", figure=c.quantity.text, lo=show_(x.claimed.lo), hi=show_(x.claimed.hi)),
                    msg.t("SR002.allows", lo=show_(x.fig.lo), hi=show_(x.fig.hi))])
    return Judgement(x.verdict, text, x.rows, arithmetic, tol, uncertain(c, t, list(x.notes), x.rows, read_as),
                     advice=None if x.verdict == "supported" else msg.t("SR002.advice"))

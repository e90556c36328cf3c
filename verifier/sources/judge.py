"""Verdicts: a claim against the rows ``match`` selected for it.

* A level (``2134億美元``) against the rows of its period: supported when
  some row agrees within both printings, contradicted when none does. If it
  contradicts the actual figure but equals the analysts' estimate (or the
  other way round), it needs review: the article may have swapped them.
* A change (``年增14%``, ``超出市場預期50%以上``, ``下緣相差25%``) against a
  published change row, or computed from the level rows of both periods
  (Q4 2025 and Q4 2024), or from the figure and the estimate.
* A beat or miss against the published actual and estimate.

A claim whose entity and metric have rows, but none for its period, is
``unverifiable`` (info) and the message lists the periods the tables have;
a claim with no rows at all gets no finding, so a report is not flooded.
"""

from __future__ import annotations

from typing import Optional

from verifier.models import Claim, Comparator
from verifier.sources.figures import (
    Fig, Judgement, cite, compare, fig_of_claim, fig_of_row, in_row_units, nearest, num, pct, show, show_row,
)  # fmt: skip
from verifier.sources.match import Topic, at_period, bases_for, factor, most_precise
from verifier.sources.periods import base_period
from verifier.sources.table import SourceRow

__all__ = ["judge_change", "judge_comparison", "judge_level"]

_RANK = {"supported": 0, "needs-review": 1, "contradicted": 2}
_CHANGE_WORDS = {"yoy": "year-over-year change", "qoq": "quarter-over-quarter change", "cagr": "CAGR",
                 "vs-estimate": "gap to the estimate", "gap": "gap to the estimate", "move": "price move",
                 "vs-base": "change from its base period"}


def _uncertain(c: Claim, t: Topic, notes: list[str], rows: list[SourceRow]) -> list[str]:
    out = list(t.notes) + list(notes)
    if c.period_guessed and c.period:
        out.append(f"the claim's period {c.period} was guessed from context")
    for r in rows:
        out.extend(x for x in r.uncertain if x not in out)
    return out


def _tolerance(c: Claim, fig: Fig, r: SourceRow, k: float) -> str:
    show_ = (lambda x: in_row_units(x, r)) if k == 1.0 else num
    return (
        f"{c.quantity.text} stands for {show_(fig.lo)} to {show_(fig.hi)} (printed precision"
        f"{', hedge ' + c.quantity.hedge.replace('_', ' ') if c.quantity.hedge else ''}); "
        f"{show_row(r)} stands for {in_row_units(r.lo, r)} to {in_row_units(r.hi, r)}"
    )


def _unverifiable(c: Claim, t: Topic, rows: list[SourceRow], what: str) -> Judgement:
    periods = sorted({r.period for r in rows})
    listed = ", ".join(periods[:8]) + (", …" if len(periods) > 8 else "")
    if c.period:
        msg = f"No published {what} for {c.period} in the source tables; they have it for {listed}."
    else:
        msg = f"{show(c)} has no period, so the published {what} ({listed}) cannot be matched to it."
    return Judgement(
        "unverifiable", msg, uncertain=list(t.notes), extra={"periods": periods, "files": sorted({r.file for r in rows})},
        advice="Add the published figure with its source to a table under sources/, or state the period in the article.",
    )  # fmt: skip


def _decide(c: Claim, claimed: Fig, rows: list[SourceRow], midpoint: bool) -> list[tuple[str, str, SourceRow, Fig, float]]:
    out = []
    for r in rows:
        k = factor(r.unit, c.quantity.unit)
        pub = fig_of_row(r, k)
        verdict, part = compare(claimed, pub, midpoint_only=midpoint and pub.is_range)
        out.append((verdict, part, r, pub, k))
    return sorted(out, key=lambda x: (_RANK[x[0]], abs(nearest(claimed, x[3])[1] - claimed.point)))


def _level_at(c: Claim, t: Topic, rows: list[SourceRow], basis: str, notes: list[str]) -> Judgement:
    claimed = fig_of_claim(c, signed=False)
    midpoint = any(x.relation == "midpoint_of" for x in c.comparators)
    results = _decide(c, claimed, rows, midpoint)
    verdict, part, r, pub, k = results[0]
    what = t.name(c.period, basis)
    at = f" ({part})" if part and part != "both ends" else ""
    if verdict == "supported":
        msg = f"{show(c)} agrees with the published {what}: {show_row(r)}{at}, {cite(r)}."
    elif verdict == "needs-review":
        msg = f"{show(c)} lies inside the published {what} range {show_row(r)} but not at its midpoint or an end ({cite(r)})."
    else:
        others = "; ".join(f"{show_row(x[2])} ({cite(x[2])})" for x in results[1:3])
        msg = f"{show(c)} contradicts the published {what}: {show_row(r)}, {cite(r)}." + (f" Also published: {others}." if others else "")
    name, p = nearest(claimed, pub)
    diff = claimed.point - p
    arithmetic = (
        f"{c.quantity.text} = {in_row_units(claimed.point, r) if k == 1.0 else num(claimed.point)}; published "
        f"{name + ' ' if name else ''}{in_row_units(p, r) if k == 1.0 else num(p)}; difference "
        f"{in_row_units(diff, r) if k == 1.0 else num(diff)}" + (f" ({pct(diff / p * 100)})" if p else "")
    )
    return Judgement(
        verdict, msg, [x[2] for x in results], arithmetic, _tolerance(c, claimed, r, k),
        _uncertain(c, t, notes, [r]),
        advice=None if verdict == "supported" else f"Check the figure against {r.source}.",
    )  # fmt: skip


def judge_level(c: Claim, t: Topic) -> Optional[Judgement]:
    rows = [r for r in t.rows if not r.change and factor(r.unit, c.quantity.unit) is not None]
    if not rows:
        return None
    first = None
    for basis in bases_for(c):
        hit, notes = at_period([r for r in rows if r.basis == basis], c.period, c.period_guessed)
        if hit:
            first = _level_at(c, t, hit, basis, notes)
            break
    if first is None:
        return _other_basis_only(c, t, rows)
    if first.verdict != "contradicted":
        return first
    for basis in ("actual", "estimate", "guidance"):
        if basis == first.rows[0].basis:
            continue
        hit, notes = at_period([r for r in rows if r.basis == basis], c.period, c.period_guessed)
        alt = _level_at(c, t, hit, basis, notes) if hit else None
        if alt and alt.verdict == "supported":
            r0, r1 = first.rows[0], alt.rows[0]
            msg = (
                f"{show(c)} is not the published {r0.basis} {show_row(r0)} ({cite(r0)}) but equals the published "
                f"{r1.basis} {show_row(r1)} ({cite(r1)}); check the article presents it as the {r1.basis}."
            )
            return Judgement("needs-review", msg, [r1, r0], alt.arithmetic, alt.tolerance, alt.uncertain,
                             advice=f"Say it is the {r1.basis} (預期/estimate, 指引/guidance), or use the {r0.basis}.")
    return first


def _other_basis_only(c: Claim, t: Topic, rows: list[SourceRow]) -> Judgement:
    """No row of the kind the claim is; a row of another kind (an estimate for a plain figure) may still say something."""
    for basis in ("guidance", "estimate", "actual"):
        hit, notes = at_period([r for r in rows if r.basis == basis], c.period, c.period_guessed)
        if not hit:
            continue
        j = _level_at(c, t, hit, basis, notes)
        if j.verdict == "supported":
            j.verdict = "needs-review"
            j.message = f"{j.message[:-1]}; the tables have only the {basis} for {c.period}, so check the article presents it as such."
            j.advice = f"Say the figure is the {basis}, or cite the actual when it is published."
            return j
        j = _unverifiable(c, t, rows, t.name(None))
        j.message += f" (Only the {basis} is published for {c.period}: {show_row(hit[0])}, {cite(hit[0])}.)"
        return j
    return _unverifiable(c, t, rows, t.name(None))


# ---- changes -------------------------------------------------------------

def _computed(c: Claim, t: Topic, how: str, subject: str) -> Optional[tuple[Fig, str, list[SourceRow], list[str]]]:
    """A change computed from two level rows (``subject`` basis now, the base then): (figure, arithmetic, rows, notes)."""
    levels = [r for r in t.rows if not r.change]
    cur, notes = at_period([r for r in levels if r.basis == subject], c.period, c.period_guessed)
    if how in ("vs-estimate", "gap"):
        base, more = at_period([r for r in levels if r.basis == "estimate"], c.period, c.period_guessed)
    else:
        label = c.base_period or (base_period(c.period, how) if c.period else None)
        if not label:
            return None
        base, more = at_period([r for r in levels if r.basis == "actual"], label)
        if not base and subject != "actual":  # a forecast's base may itself be forecast (Gartner's 2025 and 2026)
            base, more = at_period([r for r in levels if r.basis == subject], label)
    if not cur or not base:
        return None
    years = _years(c, a_label=c.period, b_label=base[0].period) if how == "cagr" else 0
    if how == "cagr" and not years:
        return None
    a, b = most_precise(cur), most_precise(base)
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

    parts = {name: calc(iv[0], iv[1], p) for name, iv, p in fig_of_row(a).ends()}
    sign = "−" if kind == "pp" else "/"
    tail = "" if kind != "growth" else (f")^(1/{years}) − 1" if years else " − 1")
    head = "(" if years else ""
    unit = (lambda x: num(round(x, 3)) + "×") if kind == "multiple" else (lambda x: num(round(x, 2)) + " pp") if kind == "pp" else pct
    lines = [
        f"{head}{show_row(a) if not n else n + ' ' + in_row_units(p, a)} {sign} {show_row(b)}{tail} = {unit(v[1])}"
        for n, p, v in ((n, p, parts[n]) for n, _, p in fig_of_row(a).ends())
    ]
    where = f"{a.file} rows {a.row} and {b.row}" if a.file == b.file else f"{a.file} row {a.row}, {b.file} row {b.row}"
    arithmetic = "; ".join(lines) + f" ({where})"
    if "" in parts:
        (lo, hi), p = parts[""]
        fig = Fig(lo, hi, p)
    else:
        fig = Fig(parts["low end"][0][0], parts["high end"][0][1], parts["midpoint"][1],
                  parts["low end"][0], parts["midpoint"][0], parts["high end"][0])
    return fig, arithmetic, [a, b], notes + more


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
    return "yoy", "a change with no stated base read as year over year"


def judge_change(c: Claim, t: Topic) -> Optional[Judgement]:
    how, read_as = _how(c)
    published_key = {"gap": "vs-estimate", "vs-base": None}.get(how, how)
    want = {"percentage_point_change": "percentage_point", "multiple": "times"}.get(c.kind, "percent")
    claimed = fig_of_claim(c, signed=True)
    magnitude = how == "gap" and not c.direction
    if magnitude:
        claimed = claimed if claimed.point >= 0 else claimed.scaled(-1)
    candidates: list[Judgement] = []
    pub_rows = [r for r in t.rows if published_key and r.change == published_key and factor(r.unit, want) is not None]
    subjects = [x for x in bases_for(c) if x != "estimate" or how not in ("vs-estimate", "gap")]
    period = _span(c) if how == "cagr" else c.period
    for b in subjects:
        hit, notes = at_period([r for r in pub_rows if r.basis == b], period, c.period_guessed)
        if hit:
            results = []
            for r in hit:
                pub = fig_of_row(r)
                pub = pub.scaled(-1) if magnitude and pub.point < 0 else pub
                results.append((*compare(claimed, pub), r, pub))
            results.sort(key=lambda x: (_RANK[x[0]], abs(nearest(claimed, x[3])[1] - claimed.point)))
            v, part, r, pub = results[0]
            against = f"the published {_CHANGE_WORDS.get(how, how)} {show_row(r)}, {cite(r)}"
            if v == "contradicted" and len(results) > 1:
                against += "; also published: " + "; ".join(f"{show_row(x[2])} ({cite(x[2])})" for x in results[1:3])
            candidates.append(_change_judgement(c, t, v, part, claimed, pub, [x[2] for x in results], against, None, notes))
            break
    for subject in subjects:
        computed = None if how == "move" else _computed(c, t, how, subject)
        if computed:
            fig, arithmetic, rows, notes = computed
            fig = fig.scaled(-1) if magnitude and fig.point < 0 else fig
            v, part = compare(claimed, fig)
            label = "the computed gap to the estimate" if how in ("vs-estimate", "gap") else "the computed change"
            candidates.append(_change_judgement(c, t, v, part, claimed, fig, rows, f"{label} {arithmetic}", arithmetic, notes))
    if not candidates:
        related = [r for r in t.rows if (published_key and r.change == published_key) or (not r.change and how != "move")]
        what = f"{t.name(None)} figures to check this {_CHANGE_WORDS.get(how, how + ' change')}"
        return _unverifiable(c, t, related, what) if related else None
    best = min(candidates, key=lambda j: _RANK[j.verdict])
    if read_as:
        best.uncertain.append(read_as)
    if not best.arithmetic:  # a published change row decided: still show the arithmetic from the levels
        computed = sorted((j for j in candidates if j.arithmetic), key=lambda j: _RANK[j.verdict])
        best.arithmetic = computed[0].arithmetic if computed else None
    return best


def _change_judgement(c, t, verdict, part, claimed: Fig, fig: Fig, rows, against: str, arithmetic, notes) -> Judgement:
    at = f" ({part})" if part and part != "both ends" else ""
    said = show(c) + (f" ({c.direction})" if c.direction else "")
    if verdict == "supported":
        msg = f"{said} agrees with {against}{at}."
    elif verdict == "needs-review":
        msg = f"{said} lies inside {against} but not at its midpoint or an end."
    else:
        msg = f"{said} contradicts {against}."
    tol = f"{c.quantity.text} stands for {pct(claimed.lo)} to {pct(claimed.hi)}; the published or computed figure allows {pct(fig.lo)} to {pct(fig.hi)}"
    return Judgement(verdict, msg, list(rows), arithmetic, tol, _uncertain(c, t, notes, rows),
                     advice=None if verdict == "supported" else "Recompute the change from the published figures.")


# ---- beat / miss -----------------------------------------------------------

def judge_comparison(c: Claim, cm: Comparator, target: Claim, t: Topic) -> Optional[Judgement]:
    """``優於``/``beat`` or ``低於``/``missed``: decided by the published actual (or guidance) and estimate."""
    levels = [r for r in t.rows if not r.change and factor(r.unit, c.quantity.unit) is not None]
    subject, notes = [], []
    for b in [x for x in bases_for(c) if x != "estimate"]:
        subject, notes = at_period([r for r in levels if r.basis == b], c.period, c.period_guessed)
        if subject:
            break
    est, more = at_period([r for r in levels if r.basis == "estimate"], target.period or c.period, target.period_guessed)
    if not subject or not est or target.kind != "estimate":
        return None
    s = min(subject, key=lambda r: abs(r.value - c.quantity.value))
    e = min(est, key=lambda r: abs(r.value - target.quantity.value))
    S, E = fig_of_row(s, factor(s.unit, c.quantity.unit)), fig_of_row(e, factor(e.unit, c.quantity.unit))
    beat = cm.relation == "beat"
    above, below = S.lo > E.hi, S.hi < E.lo
    holds, broken = (above, below) if beat else (below, above)
    diff = S.point - E.point
    first = f"midpoint {in_row_units(S.point, s)}" if S.is_range else show_row(s)
    arithmetic = f"{first} − {show_row(e)} = {in_row_units(diff, s)}" + (f" ({pct(diff / E.point * 100)})" if E.point else "")
    said = f"'{cm.cue}' ({'above' if beat else 'below'})"
    where = f"the published {s.basis} {show_row(s)} ({cite(s)}) and the published estimate {show_row(e)} ({cite(e)})"
    if holds:
        verdict, msg = "supported", f"{said} agrees with {where}."
    elif broken:
        verdict, msg = "contradicted", f"{said} is contradicted by {where}: the {s.basis} is {'below' if beat else 'above'} the estimate."
    else:
        side = "above" if S.point > E.point else "below" if S.point < E.point else "level with"
        verdict = "needs-review"
        if S.is_range:
            msg = (f"{said}: the published estimate {show_row(e)} ({cite(e)}) lies inside the published {s.basis} "
                   f"{show_row(s)} ({cite(s)}), whose midpoint is {side} it.")
        else:
            msg = f"{said}: {where} are equal within the precision they were printed at."
    tol = f"{show_row(s)} stands for {in_row_units(S.lo, s)} to {in_row_units(S.hi, s)}; {show_row(e)} stands for {in_row_units(E.lo, e)} to {in_row_units(E.hi, e)}"
    return Judgement(verdict, msg, [s, e], arithmetic, tol, _uncertain(c, t, notes + more, [s, e]),
                     advice=None if verdict == "supported" else "Use wording that matches the published figures (beat / 優於, missed / 低於, in line / 符合).")

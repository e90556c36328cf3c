"""The rounding model: a printed figure is the half-open interval of its last digit, and a
stated figure is judged on the point computation, then on the rounding that could explain it."""

from __future__ import annotations

import math

from hypothesis import given, strategies as st

from verifier.check import arith
from verifier.check.arith import Operand


def fig(v: float, half: float) -> Operand:
    return Operand(v, v - half, v + half)


def test_point_computation_that_rounds_to_the_stated_figure_is_supported():
    j = arith.judge(arith.growth_f, [fig(230, 0.5), fig(200, 0.5)], (14.5, 15.5))
    assert j.verdict == "supported" and not j.by_rounding and math.isclose(j.point, 15.0)


def test_a_rate_only_a_corner_of_the_rounding_reaches_needs_review_and_says_how_likely():
    j = arith.judge(arith.growth_f, [fig(1.4, 0.05), fig(1.0, 0.05)], (29.5, 30.5))
    assert j.verdict == "needs-review"
    assert 0 < j.tail < arith.UNLIKELY
    assert math.isclose(j.corner[0], 1.35) and math.isclose(j.corner[1], 1.05, rel_tol=1e-6)


def test_a_rate_well_inside_the_rounding_is_supported_by_rounding():
    j = arith.judge(arith.growth_f, [fig(1.4, 0.05), fig(1.0, 0.05)], (34.5, 35.5))
    assert j.verdict == "supported" and j.by_rounding


def test_a_rate_no_rounding_reaches_is_contradicted():
    assert arith.judge(arith.growth_f, [fig(1.4, 0.05), fig(1.0, 0.05)], (24.5, 25.5)).verdict == "contradicted"


def test_intervals_that_only_touch_do_not_agree():
    assert not arith.overlaps((1.35, 1.45), (1.25, 1.35))
    assert arith.overlaps((1.35, 1.45), (1.3, 1.4))
    # a midpoint of ends taken as printed: 1.8 is not in [1.85, 1.95)
    ends = [Operand(1.6, 1.6, 1.6), Operand(2.0, 2.0, 2.0)]
    assert arith.judge(arith.midpoint_f, ends, (1.85, 1.95)).verdict == "contradicted"


def test_an_unbounded_hedge_is_judged_by_its_bound_alone():
    # "more than 50%" against 2000 / 1310: the bound is all there is
    j = arith.judge(arith.growth_f, [fig(2000, 0.5), fig(1310, 0.5)], (49.5, math.inf))
    assert j.verdict == "supported"


def test_many_parts_of_a_sum_are_judged_reproducibly():
    parts = [fig(v, 0.05) for v in (1.1, 2.2, 3.3, 4.4, 5.5)]
    a = arith.judge(arith.sum_f, parts, (16.45, 16.55))
    b = arith.judge(arith.sum_f, parts, (16.45, 16.55))
    assert a == b and a.verdict in ("supported", "needs-review")


@given(st.floats(1, 1e6), st.floats(1, 1e6), st.integers(0, 3), st.integers(0, 3))
def test_the_exact_growth_of_printed_figures_is_always_supported(new, base, dn, db):
    n, b = round(new, dn), round(base, db)
    if b <= 0 or n <= 0:
        return
    g = (n / b - 1) * 100
    stated = (round(g, 1) - 0.05, round(g, 1) + 0.05)
    j = arith.judge(arith.growth_f, [fig(n, 0.5 * 10 ** -dn), fig(b, 0.5 * 10 ** -db)], stated)
    assert j.verdict == "supported"


# The printed figure (models.Figure) an article's Quantity and a table's SourceRow both are.

def test_a_hedged_range_widens_outward_its_inner_sides_stay_at_the_printed_precision():
    from verifier.models import Figure

    rough = Figure(value=645, lo=598.5, hi=693.0, low=630, high=660, precision=0.5, hedge="approx")  # ~630-660
    assert [(p.name, p.interval, p.point) for p in rough.parts()] == [
        ("midpoint", (644.5, 645.5), 645), ("low end", (598.5, 630.5), 630), ("high end", (659.5, 693.0), 660)]
    over = Figure(value=645, lo=629.5, hi=math.inf, low=630, high=660, precision=0.5, hedge="more_than")  # >630-660
    assert over.part("high end").interval == (659.5, math.inf)  # not the whole line


def test_a_figure_turned_negative_is_a_range_the_right_way_round():
    from verifier.models import Figure

    fall = Figure(value=11, lo=9.5, hi=12.5, low=10, high=12, precision=0.5).scaled(-1)
    assert (fall.lo, fall.hi, fall.low, fall.high) == (-12.5, -9.5, -12, -10)
    assert fall.part("low end").interval == (-12.5, -11.5)


def test_a_single_figure_agrees_with_a_range_at_its_midpoint_or_an_end_and_else_needs_review():
    from verifier.models import Figure
    from verifier.rounding import agree

    guidance = Figure(value=176, lo=173.45, hi=178.55, low=173.5, high=178.5, precision=0.05)
    assert agree(Figure(value=176, lo=175.95, hi=176.05), guidance) == ("supported", "midpoint")
    assert agree(Figure(value=178.5, lo=178.45, hi=178.55), guidance) == ("supported", "high end")
    assert agree(Figure(value=177, lo=176.95, hi=177.05), guidance)[0] == "needs-review"
    assert agree(Figure(value=178.6, lo=178.55, hi=178.65), guidance)[0] == "contradicted"  # touches, does not agree


def test_above_and_below_are_half_open():
    assert arith.above((1.955, 1.965), (1.945, 1.955)) and arith.below((1.945, 1.955), (1.955, 1.965))
    assert not arith.above((1.95, 1.965), (1.945, 1.955))


def test_a_computed_range_turned_negative_keeps_its_parts_named_and_in_order():
    from verifier.models import Part
    from verifier.rounding import Reached

    fall = Reached(value=-11, lo=-12.2, hi=-9.8, low=-12, high=-10, reached=(
        Part("midpoint", (-11.1, -10.9), -11), Part("low end", (-12.2, -11.8), -12), Part("high end", (-10.2, -9.8), -10)))
    rise = fall.scaled(-1)
    assert [(p.name, p.interval, p.point) for p in rise.parts()] == [
        ("midpoint", (10.9, 11.1), 11), ("low end", (9.8, 10.2), 10), ("high end", (11.8, 12.2), 12)]

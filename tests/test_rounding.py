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

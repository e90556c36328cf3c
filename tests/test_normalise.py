"""Units through pint: every unit and currency the lexicons produce is known, and money never converts across currencies."""

from __future__ import annotations

import math

import pytest

from verifier import lexicon
from verifier.normalise import canonical_unit, convert, interval, printed_precision, same_dimension


def test_every_lexicon_unit_is_a_pint_unit():
    for surface, (unit, _) in lexicon.units().items():
        assert canonical_unit(unit), surface


def test_every_currency_code_is_a_pint_unit():
    codes = {iso for iso, _ in lexicon.currencies().values() if iso != "?"}
    for iso in codes:
        assert canonical_unit(iso) == iso


def test_currencies_are_dimensions_of_their_own():
    assert not same_dimension("USD", "CNY")
    with pytest.raises(ValueError):
        convert(1, "USD", "CNY")
    assert same_dimension("percentage_point", "pp") and not same_dimension("percent", "percentage_point")


def test_physical_units_convert():
    assert convert(1.2, "gigawatt", "megawatt") == pytest.approx(1200)
    assert convert(5, "square_kilometer", "square_meter") == pytest.approx(5e6)


def test_printed_precision_and_hedges():
    assert interval(3.2e12, printed_precision(3.2e12, 1e11), None) == (pytest.approx(3.15e12), pytest.approx(3.25e12))
    lo, hi = interval(5e12, printed_precision(5e12, 1e12, round_figure=True), None)  # 5兆: a round figure, within 5%
    assert (lo, hi) == (pytest.approx(4.75e12), pytest.approx(5.25e12))
    assert interval(7, printed_precision(7, 1), None) == (6.5, 7.5)  # 7%: 7.4% rounds to it
    assert interval(50, 0.5, "more_than") == (49.5, math.inf)
    assert interval(10, 0.5, "less_than") == (0.0, 10.5)
    lo, hi = interval(200, 0.5, "approx")
    assert lo == pytest.approx(190) and hi == pytest.approx(210)

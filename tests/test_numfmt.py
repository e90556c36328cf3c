"""How figures read back in messages and reports: the digits a writer printed, never fewer."""

from __future__ import annotations

import pytest

from verifier import numfmt


@pytest.mark.parametrize(
    "x, unit, shown",
    [
        (145.89, "USD", "145.89 USD"),
        (130.904e9, "CNY", "130.904 billion CNY"),
        (35.58e9, "USD", "35.58 billion USD"),
        (1.2e12, "USD", "1.2 trillion USD"),
        (24.0, "percent", "24%"),
        (0.4, "percentage_point", "0.4 pp"),
        (1200.0, "dimensionless", "1,200"),
    ],
)
def test_value_keeps_printed_digits(x, unit, shown):
    assert numfmt.value(x, unit) == shown


@pytest.mark.parametrize(
    "lo, hi, unit, shown",
    [
        # $145.89 printed to the cent: its ends differ in the third decimal
        (145.885, 145.895, "USD", "145.885 USD – 145.895 USD"),
        (3.15e12, 3.25e12, "USD", "3.15 trillion USD – 3.25 trillion USD"),
        # a computed interval is shown to a tenth of its width, not to float noise
        (35.4021e9, 35.7579e9, "USD", "35.4 billion USD – 35.76 billion USD"),
        (93.5, 94.5, "percent", "93.5% – 94.5%"),
        (2.0, float("inf"), "times", "≥ 2×"),
    ],
)
def test_interval_ends_are_distinguishable(lo, hi, unit, shown):
    assert numfmt.interval(lo, hi, unit) == shown


def test_value_keeps_every_printed_digit_of_a_long_figure():
    assert numfmt.value(44296.51, "dimensionless") == "44,296.51"

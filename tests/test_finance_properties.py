"""Properties of finance wording: a change then a level is two figures; a glued code is a currency."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.claims import is_claimable
from verifier.extract import extract

MOVES = st.sampled_from(["rose", "fell", "climbed", "dropped", "gained", "lost", "added", "shed"])


def _figures(text: str) -> list[tuple[str, float, float | None]]:
    return [(q.text, q.value, q.low) for q in extract(text, "en").quantities if is_claimable(q)]


@settings(max_examples=60, deadline=None)
@given(MOVES, st.integers(1, 9_999), st.integers(5, 200))
def test_change_then_level_is_two_figures(move, change, times):
    level = change * times + 7
    text = f"The index {move} {change:,} to {level:,} on the day."
    assert _figures(text) == [(f"{change:,}", change, None), (f"{level:,}", level, None)]


@settings(max_examples=60, deadline=None)
@given(MOVES, st.integers(1, 60), st.integers(1, 900))
def test_percent_then_count_is_two_figures(move, pct, millions):
    text = f"Users {move} {pct}% to {millions} million."
    got = _figures(text)
    assert [g[0] for g in got] == [f"{pct}%", f"{millions} million"]
    assert got[1][1] == millions * 1_000_000


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([("RM", "MYR"), ("$US", "USD"), ("US$", "USD"), ("HK$", "HKD"), ("NT$", "TWD"), ("S$", "SGD")]),
       st.integers(1, 99_999_999), st.integers(0, 99))
def test_glued_currency_code(code, units, cents):
    surface, iso = code
    figure = f"{surface}{units:,}.{cents:02d}"
    qs = [q for q in extract(f"It paid {figure} in cash.", "en").quantities if is_claimable(q)]
    assert [(q.text, q.unit) for q in qs] == [(figure, iso)]
    assert abs(qs[0].value - (units + cents / 100)) < 1e-6


@settings(max_examples=40, deadline=None)
@given(st.integers(1000, 9999), st.integers(1, 30))
def test_stock_code_in_brackets_is_no_quantity(code, pct):
    text = f"台積電({code})股價上漲{pct}%"
    assert [q.text for q in extract(text, "zh-hant").quantities if is_claimable(q)] == [f"{pct}%"]

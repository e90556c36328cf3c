"""The example that started the project: every money and percent figure is found with its value."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from verifier.pipeline import run

ARTICLE = Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt"
EXPECTED = yaml.safe_load((Path(__file__).parent / "fixtures" / "amazon_figures.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result():
    return run(ARTICLE)


def test_every_money_and_percent_figure(result):
    got = [c.quantity for c in result.claims if c.quantity.unit in ("USD", "USD/share", "percent")]
    assert [q.text for q in got] == [e["text"] for e in EXPECTED]
    for q, e in zip(got, EXPECTED):
        assert q.unit == e["unit"], q.text
        if "value" in e:
            assert q.value == pytest.approx(float(e["value"]), rel=1e-9), q.text
        else:
            assert (q.low, q.high) == (pytest.approx(float(e["low"])), pytest.approx(float(e["high"]))), q.text
        assert q.hedge == e.get("hedge"), q.text


def test_offsets_index_the_article(result):
    text = ARTICLE.read_text(encoding="utf-8")
    for c in result.claims:
        assert text[c.quantity.start : c.quantity.end] == c.quantity.text


def test_periods_are_not_quantities(result):
    texts = {c.quantity.text for c in result.claims}
    assert not texts & {"2026", "2025", "2027", "2030", "4", "10", "12"}
    labels = {p.label for p in result.extraction.periods}
    assert {"2025-Q4", "2026-02", "M10..M12", "2025-12"} <= labels

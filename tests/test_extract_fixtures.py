"""Extraction specification: every fixture sentence yields exactly the listed quantities."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_cases import yaml_cases
from verifier.claims import is_claimable
from verifier.extract import extract
from verifier.read import detect_language, url_masks

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.mark.parametrize("case", yaml_cases(FIXTURES))
def test_fixture(case):
    text = case["text"]
    x = extract(text, detect_language(text), url_masks(text))
    got = [q for q in x.quantities if is_claimable(q)]
    assert [q.text for q in got] == [e["text"] for e in case["expect"]], [q.text for q in got]
    for q, e in zip(got, case["expect"]):
        assert text[q.start : q.end] == q.text
        if "value" in e:
            assert q.value == pytest.approx(float(e["value"]), rel=1e-9)
        if "low" in e:
            assert (q.low, q.high) == (pytest.approx(float(e["low"])), pytest.approx(float(e["high"])))
        if "unit" in e:
            assert q.unit == e["unit"]
        assert q.hedge == e.get("hedge")
    for p in x.periods:
        assert text[p.start : p.end] == p.text
    if "periods" in case:
        assert [p.label for p in x.periods] == case["periods"]

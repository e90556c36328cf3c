"""The acceptance of the checks on the Amazon article, as an editor reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.pipeline import run

ARTICLE = Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt"


@pytest.fixture(scope="module")
def findings():
    r = run(ARTICLE)
    text = r.article.text
    return [(f.rule, f.verdict, tuple(text[s.start : s.end] for s in f.spans)) for f in r.findings]


def has(findings, rule, verdict, *figures):
    return any(r == rule and v == verdict and all(x in at for x in figures) for r, v, at in findings)


def test_eps_beat_is_contradicted(findings):
    assert has(findings, "AR007", "contradicted", "1.95美元", "1.97美元")


def test_cagr_is_contradicted_by_its_endpoints(findings):
    assert has(findings, "AR006", "contradicted", "35%", "2兆美元", "5兆美元")


def test_2027_market_against_the_cagr_path_and_data_center_demand(findings):
    assert has(findings, "AR006", "needs-review", "3兆美元", "35%", "2兆美元")
    assert has(findings, "CN002", "needs-review", "3兆美元", "1.2萬億美元")


def test_consistent_figures_are_supported(findings):
    assert has(findings, "AR001", "supported", "50%", "1310億美元")  # 激增超過50%
    assert has(findings, "AR003", "supported", "1760億美元", "1735-1785億美元")
    assert has(findings, "AR003", "supported", "190億美元", "165-215億美元")
    assert has(findings, "AR010", "supported", "25%", "165-215億美元", "220.4億美元")
    assert has(findings, "AR007", "supported", "355.8億美元", "349.3億美元")  # AWS beat
    assert has(findings, "AR007", "supported", "213.2億美元", "211.6億美元")  # advertising beat


def test_no_other_contradiction(findings):
    contradicted = {(r, at) for r, v, at in findings if v == "contradicted"}
    assert {r for r, _ in contradicted} == {"AR007", "AR006"}
    assert len(contradicted) == 2


def test_unsourced_forecasts_are_listed(findings):
    assert has(findings, "SC001", "unverifiable", "5%")  # 預測2027年AI貢獻全球GDP的5%

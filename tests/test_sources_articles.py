"""Whole articles through the pipeline with their own source tables.

These read the claims stage's entities, metrics and periods, so they check
that the two stages meet: the shipped Amazon article against the shipped
sources (the issue's acceptance), and small English and Chinese articles
against tables written for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.pipeline import run
from verifier.sources import load_sources

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def verdicts(result, code_prefix="SR"):
    """{(text as printed, rule): [verdicts]} for the source rules' findings."""
    out: dict = {}
    text = result.article.text
    for f in result.findings:
        if f.rule.startswith(code_prefix):
            s = f.spans[0]
            out.setdefault((text[s.start : s.end], f.rule), []).append(f.verdict)
    return out


@pytest.fixture(scope="module")
def amazon():
    index = load_sources([], ROOT)
    return run(ROOT / "verifier" / "examples" / "amazon-capex-zh-hant.txt", sources=index)


def test_amazon_growth_claims_are_supported_with_rows_named(amazon):
    got = verdicts(amazon)
    for text in ("14%", "24%", "23%", "11-15%"):
        assert set(got[(text, "SR002")]) == {"supported"}, (text, got.get((text, "SR002")))
    for f in amazon.findings:
        if f.rule == "SR002" and f.verdict == "supported":
            ev = f.evidence
            assert ev["source"]["file"] == "sources/amazon-q4-2025.csv" and ev["source"]["row"]
            assert ev["source"]["quote"] and ev["source"]["url"].startswith("https://")
            assert "amazon-q4-2025.csv第" in f.message  # the Traditional-Chinese article's messages are in its script


def test_amazon_contradictions_carry_the_published_figure_and_source(amazon):
    got = verdicts(amazon)
    assert got[("1.95美元", "SR003")] == ["contradicted"]  # EPS 1.95 "beat" a 1.97 estimate
    assert got[("50%以上", "SR002")] == ["contradicted"]  # ~200 vs 146.6 expected is ~36% above
    f = next(f for f in amazon.findings if f.rule == "SR002" and f.verdict == "contradicted" and "50%" in f.message)
    assert f.severity == "error" and "約36%" in f.message and "vocus.cc" in f.message
    assert "36.43%" in f.evidence["arithmetic"]


def test_amazon_figures_match_release_estimates_and_guidance(amazon):
    got = verdicts(amazon)
    for text in ("2134億美元", "355.8億美元", "2113.3億美元", "349.3億美元", "1735-1785億美元", "165-215億美元", "1760億美元", "220.4億美元"):
        assert set(got[(text, "SR001")]) == {"supported"}, (text, got.get((text, "SR001")))
    assert got[("2134億美元", "SR003")] == ["supported"]
    assert got[("165-215億美元", "SR003")] == ["supported"]
    assert got[("1735-1785億美元", "SR003")] == ["needs-review"]  # consensus 175.6 sits inside the range


def test_amazon_report_is_not_flooded_with_unverifiable(amazon):
    sr = [f for f in amazon.findings if f.rule.startswith("SR")]
    unverifiable = [f for f in sr if f.verdict == "unverifiable"]
    assert len(unverifiable) <= 5 and all(f.severity == "info" for f in unverifiable)
    # no finding on figures nobody published (the $5 trillion AI market)
    assert ("5兆美元", "SR001") not in verdicts(amazon)


@pytest.mark.parametrize(
    "article, table, expected",
    [
        (
            "en/meta.md", "en/sources.csv",
            {
                ("$59.89 billion", "SR001"): ["supported"],
                ("$59.89 billion", "SR003"): ["supported"],
                ("24%", "SR002"): ["supported"],
                ("$58.4 billion", "SR001"): ["supported"],
                ("$22.8 billion", "SR001"): ["contradicted"],
                ("$115 billion to $135 billion", "SR001"): ["supported"],
                ("$72.2 billion", "SR001"): ["supported"],
                ("94%", "SR002"): ["supported"],
            },
        ),
        (
            "zh/tsmc.txt", "zh/sources.yaml",
            {
                ("337.3亿美元", "SR001"): ["supported"],
                ("337.3亿美元", "SR003"): ["supported"],
                ("28%", "SR002"): ["contradicted"],
                ("330亿美元", "SR001"): ["supported"],
                ("62.3%", "SR001"): ["supported"],
                ("346亿至358亿美元", "SR001"): ["supported"],
            },
        ),
    ],
)
def test_articles_with_their_own_tables(tmp_path, article, table, expected):
    index = load_sources([str(FIXTURES / table)], tmp_path)
    got = verdicts(run(FIXTURES / article, sources=index))
    assert got == expected


def test_command_line_gate_with_sources(tmp_path, monkeypatch):
    """Exit 2 for an unusable table, 1 when a published figure contradicts, 0 when all hold."""
    import json

    from click.testing import CliRunner

    from verifier.cli import main

    monkeypatch.chdir(tmp_path)  # no ./sources here: only what --sources names
    zh = FIXTURES / "zh"
    bad = FIXTURES / "malformed" / "duplicate_key.csv"
    run_ = lambda *a: CliRunner().invoke(main, [str(x) for x in a])  # noqa: E731
    res = run_(zh / "tsmc.txt", "--sources", bad)
    assert res.exit_code == 2 and "duplicate_key.csv, row 4, column value" in res.output
    res = run_(zh / "tsmc.txt", "--sources", tmp_path / "missing.csv")
    assert res.exit_code == 2 and "does not exist" in res.output
    res = run_(zh / "tsmc.txt", "--sources", zh / "sources.yaml", "--format", "json")
    assert res.exit_code == 1  # 同比增长28% against the published 25.5%
    data = json.loads(res.stdout)
    bad_growth = [f for f in data["findings"] if f["rule"] == "SR002" and f["verdict"] == "contradicted"]
    assert bad_growth and bad_growth[0]["evidence"]["source"]["row"] == 9
    good = tmp_path / "good.txt"
    good.write_text("台积电2025年第四季度营收为337.3亿美元。\n", encoding="utf-8")
    assert run_(good, "--sources", zh / "sources.yaml").exit_code == 0


def test_the_figure_a_forecast_was_raised_from_is_not_held_to_the_published_one(tmp_path):
    """Alphabet raised its 2025 capex forecast to $91-93 billion "from $85 billion": the $85 billion
    is the earlier forecast, and the published 91.4 does not contradict it."""
    art = tmp_path / "alphabet.txt"
    art.write_text("Alphabet raised its 2025 capital spending forecast to between $91 billion and "
                   "$93 billion, from $85 billion.\n", encoding="utf-8")
    got = verdicts(run(art, sources=load_sources([], ROOT)))
    assert got[("$91 billion and $93 billion", "SR001")] == ["supported"]
    assert ("$85 billion", "SR001") not in got

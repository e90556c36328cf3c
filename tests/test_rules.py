"""Per-rule specification: each fixture sentence yields exactly the listed verdicts of that rule."""

from __future__ import annotations

from pathlib import Path

import functools

import pytest
import yaml

from fixture_cases import yaml_cases
from verifier.check import all_rules, get
from verifier.pipeline import analyse_text
from verifier.read import article_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
TABLES = Path(__file__).parent / "fixtures" / "sources"


@functools.lru_cache(maxsize=None)
def _index(table: str | None):
    if table is None:
        return None
    from verifier.sources import load_sources

    return load_sources([str(TABLES / table)], TABLES / "none")  # a folder with no sources/ of its own


def findings_of(code: str, case: dict) -> list:
    """The findings of rule ``code`` on a fixture case (with the source table it names, if any)."""
    result = analyse_text(article_from_text(case["text"], "fixture.txt"), sources=_index(case.get("sources")))
    return [f for f in result.findings if f.rule == code]


@pytest.mark.parametrize("code, case", yaml_cases(FIXTURES, with_stem=True))
def test_rule_fixture(code, case):
    got = findings_of(code, case)
    assert [f.verdict for f in got] == case["expect"], [f.message for f in got]
    if "severity" in case:  # where the pairing caps it: matched figures are at most a warning
        assert [f.severity for f in got] == case["severity"], [f.message for f in got]


def test_every_check_rule_has_a_fixture_file_that_makes_it_speak():
    for r in all_rules():
        cases = yaml.safe_load((FIXTURES / f"{r.code}.yaml").read_text(encoding="utf-8"))
        fails = [c for c in cases if set(c["expect"]) - {"supported"}]
        passes = [c for c in cases if not set(c["expect"]) - {"supported"}]
        assert fails and passes, f"{r.code}: its fixture file needs a case that fails and one that passes"


def test_codes_are_unique_and_names_kebab_case():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    for r in rules:
        assert r.name == r.name.lower() and " " not in r.name
        assert get(r.code) is r and get(r.name) is r


def test_findings_show_their_arithmetic():
    result = analyse_text(article_from_text("Revenue rose 25% to $230 million from $200 million."))
    f = next(f for f in result.findings if f.rule == "AR001")
    assert f.evidence["arithmetic"] and f.evidence["tolerance"] and f.evidence["formula"]
    assert f.severity == "error" and len(f.spans) == 3


def test_every_finding_says_how_its_figures_were_paired():
    text = ("Orbel reported third-quarter revenue of $1.4 billion. Later, Orbel said its third-quarter revenue "
            "of $1.3 billion was a record.\n\nRevenue rose 25% to $230 million from $200 million.")
    result = analyse_text(article_from_text(text))
    by_rule = {f.rule: f for f in result.findings if f.rule in ("AR001", "CN001")}
    assert by_rule["AR001"].pairing.how == "clause" and by_rule["AR001"].severity == "error"
    # two statements found apart are paired by entity, metric and period: a contradiction, but at most a warning
    conflict = by_rule["CN001"]
    assert conflict.pairing.how == "matched" and conflict.verdict == "contradicted" and conflict.severity == "warning"
    assert "severity_capped" in conflict.evidence


def test_guesses_are_named_and_only_a_pairing_by_the_wording_is_an_error():
    # the second sentence's revenue carries Orbel and the third quarter over from the first
    text = "Orbel reported third-quarter revenue of $1.4 billion.\n\nRevenue was $1.3 billion, it said later."
    result = analyse_text(article_from_text(text))
    for f in result.findings:
        if f.pairing and f.pairing.how == "matched":
            assert f.severity != "error"
    guessed = [g for f in result.findings if f.pairing for g in f.pairing.guessed]
    assert all(" of " in g for g in guessed)


def test_the_reports_show_the_pairing():
    import json

    from verifier.report.html import render_html
    from verifier.report.json_report import finding_dict
    from verifier.report.sarif import sarif_log
    from verifier.report.view import ArticleReport

    result = analyse_text(article_from_text("Revenue rose 25% to $230 million from $200 million."))
    f = next(f for f in result.findings if f.rule == "AR001")
    assert json.loads(json.dumps(finding_dict(f)))["pairing"] == {"how": "clause", "guessed": []}
    rep = ArticleReport(result)
    sarif = sarif_log([rep])
    props = [r["properties"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "AR001"]
    assert props[0]["pairing"]["how"] == "clause" and props[0]["pairing"]["description"]
    assert "Reading: stated together in one sentence" in render_html(rep)

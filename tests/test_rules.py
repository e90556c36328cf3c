"""Per-rule specification: each fixture sentence yields exactly the listed verdicts of that rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_cases import yaml_cases
from verifier.check import all_rules, get
from verifier.pipeline import analyse_text
from verifier.read import article_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


@pytest.mark.parametrize("code, case", yaml_cases(FIXTURES, with_stem=True))
def test_rule_fixture(code, case):
    result = analyse_text(article_from_text(case["text"], "fixture.txt"))
    got = [f.verdict for f in result.findings if f.rule == code]
    assert got == case["expect"], [f.message for f in result.findings if f.rule == code]


def test_every_rule_has_a_fixture_file_and_documentation():
    for r in all_rules():
        if r.code.startswith("SR"):
            continue  # source rules are specified in tests/test_sources_*.py
        assert (FIXTURES / f"{r.code}.yaml").exists(), r.code
        for part in ("Why it matters", "Example", "How to fix"):
            assert part in r.doc, (r.code, part)


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

"""Ledger-stage rules on their fixture cases (``tests/fixtures/ledger/<CODE>.yaml``), with snapshots.

Each case writes a ledger for one wording of an article, accepts every
entry, and checks the article as it reads now: the rule's findings must
name exactly the entries listed, and their message, evidence and advice
must match ``tests/golden/rules/<CODE>.yaml``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from fixture_cases import yaml_cases
from test_rule_snapshots import SNAPSHOTS, _plain
from verifier import ledger
from verifier.ledger_rules import LedgerContext, run_ledger_rules
from verifier.pipeline import analyse_text
from verifier.read import article_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


def findings_of(code: str, case: dict) -> list:
    before = analyse_text(article_from_text(case["was"], "story.txt"))
    text, _, _ = ledger.update(before, ledger.fingerprints(before), None, "story.txt")
    entries = [ledger.Entry(d["fingerprint"], d["rule"], "accepted", "Checked by the desk.", tuple(d["figures"]), d["message"])
               for d in yaml.safe_load(text)["findings"]]
    assert entries, "the `was` text must give the ledger something to hold"
    now = analyse_text(article_from_text(case["text"], "story.txt"))
    _, unused = ledger.match(ledger.fingerprints(now), entries)
    found = run_ledger_rules(LedgerContext("story.txt", "claims/story.yaml", tuple(unused)))
    return [f for f in found if f.rule == code]


@pytest.mark.parametrize("code, case", yaml_cases(FIXTURES, with_stem=True))
def test_ledger_rule_fixture(code, case):
    assert [list(f.entry.figures) for f in findings_of(code, case)] == case["expect"]


def snapshot(code: str) -> str:
    out = []
    for case in yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8")):
        found = [_plain({"severity": f.severity, "message": f.message, "advice": f.advice, "evidence": f.evidence})
                 for f in findings_of(code, case)]
        out.append({"was": case["was"], "text": case["text"], "findings": found})
    head = f"# {code}: findings on tests/fixtures/ledger/{code}.yaml, case by case (UPDATE_GOLDEN=1 to regenerate).\n"
    return head + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=110)


@pytest.mark.parametrize("code", sorted(p.stem for p in FIXTURES.glob("*.yaml")))
def test_ledger_rule_messages_match_their_snapshot(code):
    text, path = snapshot(code), SNAPSHOTS / f"{code}.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists() and text == path.read_text(encoding="utf-8"), f"{code}: rerun with UPDATE_GOLDEN=1 if intended"

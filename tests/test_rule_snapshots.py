"""Snapshots of what each rule says: message, evidence and advice, case by case of its fixture file.

``tests/golden/rules/<CODE>.yaml`` holds, for each case of
``tests/fixtures/rules/<CODE>.yaml``, the rule's findings as a reader gets
them, so a change of wording or of the arithmetic shown is a visible diff.
Regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_rule_snapshots.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from test_rules import FIXTURES, findings_of

SNAPSHOTS = Path(__file__).parent / "golden" / "rules"
REPO = Path(__file__).parents[1]


def _plain(x):
    """Evidence as YAML can hold it: tuples as lists, floats kept to the digit, paths relative to the checkout."""
    return json.loads(json.dumps(x, ensure_ascii=False).replace(json.dumps(str(REPO) + "/")[1:-1], ""))


def snapshot(code: str) -> str:
    cases = yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))
    out = []
    for case in cases:
        found = [
            _plain({"verdict": f.verdict, "severity": f.severity, "message": f.message, "advice": f.advice, "evidence": f.evidence})
            for f in findings_of(code, case)
        ]
        out.append({"text": case["text"], **({"sources": case["sources"]} if "sources" in case else {}), "findings": found})
    head = f"# {code}: findings on tests/fixtures/rules/{code}.yaml, case by case (UPDATE_GOLDEN=1 to regenerate).\n"
    return head + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=110)


@pytest.mark.parametrize("code", sorted(p.stem for p in FIXTURES.glob("*.yaml")))
def test_rule_messages_match_their_snapshot(code):
    text = snapshot(code)
    path = SNAPSHOTS / f"{code}.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing; run UPDATE_GOLDEN=1 pytest tests/test_rule_snapshots.py"
    assert text == path.read_text(encoding="utf-8"), f"{code}: messages differ from {path.name}; rerun with UPDATE_GOLDEN=1 if intended"


def test_every_fixture_file_has_a_snapshot_and_no_snapshot_is_orphaned():
    ledger = FIXTURES.parent / "ledger"
    assert {p.stem for p in SNAPSHOTS.glob("*.yaml")} == {p.stem for p in [*FIXTURES.glob("*.yaml"), *ledger.glob("*.yaml")]}


def test_every_rule_of_the_table_has_a_fixture_file():
    from verifier import codes

    # a batch rule's cases are folders of articles (tests/fixtures/cross), compared by its test file
    folder = {"check": FIXTURES, "ledger": FIXTURES.parent / "ledger"}
    assert [c.code for c in codes.CODES if c.stage != "batch" and not (folder[c.stage] / f"{c.code}.yaml").exists()] == []
    assert all((FIXTURES.parent / "cross").is_dir() for c in codes.CODES if c.stage == "batch")

"""The codes table: every rule declared once, all of them loaded whatever is imported first.

A rule is one unit: a line in ``verifier/codes.py``, a module whose
docstring is its documentation, and (for check rules) a fixture file. The
report layer and the config read the table; neither names a code.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from verifier import codes
from verifier.check import registry
from verifier.config import resolve_rules
from verifier.errors import UsageError

ROOT = Path(__file__).parents[1]
SECTIONS = ("What it checks", "Why it matters", "Example", "How to fix")
CODE = re.compile(r"\b[A-Z]{2}\d{3}\b")


def test_table_lists_each_code_once_with_a_known_stage_status_and_severity():
    seen = [c.code for c in codes.CODES]
    assert len(seen) == len(set(seen)) and len({c.name for c in codes.CODES}) == len(seen)
    for c in codes.CODES:
        assert CODE.fullmatch(c.code) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.name), c
        assert c.stage in codes.STAGES and c.status in codes.STATUSES and c.severity in ("error", "warning", "info"), c
        assert c.code.lower() in c.module.rsplit(".", 1)[-1], c  # module file named after its code
    assert {c.code[:2] for c in codes.CODES} >= {"AR", "CN", "SC", "SR", "LG"}
    for old, new in codes.REDIRECTS.items():
        assert codes.by_code(old) is None and codes.by_code(codes.redirect(old)), (old, new)


def test_every_rule_module_on_disk_is_in_the_table():
    on_disk = {p.stem for p in (ROOT / "verifier" / "check" / "rules").glob("[a-z][a-z][0-9]*.py")}
    on_disk |= {p.stem for p in (ROOT / "verifier" / "ledger_rules").glob("[a-z][a-z][0-9]*.py")}
    assert on_disk == {c.module.rsplit(".", 1)[-1] for c in codes.CODES}


@pytest.mark.parametrize("entry", codes.CODES, ids=lambda c: c.code)
def test_every_rule_is_documented_in_its_module(entry):
    r = registry.get(entry.code)
    assert r.module == entry.module and r.func.__module__ == entry.module
    doc = importlib.import_module(entry.module).__doc__ or ""
    at = [doc.find(s + ":") for s in SECTIONS]
    assert all(i > 0 for i in at), (entry.code, [s for s, i in zip(SECTIONS, at) if i < 0])
    assert at == sorted(at), f"{entry.code}: sections out of order"
    for part in re.split(r"\n\s*\n", doc.strip())[1:]:
        if part.startswith(SECTIONS):
            assert len(part.split(":", 1)[1].strip()) >= 30, f"{entry.code}: section too short: {part[:40]!r}"


def test_stages_are_separate():
    assert {r.code for r in registry.all_rules()} == {c.code for c in codes.CODES if c.stage == "check"}
    assert {r.code for r in registry.all_rules("ledger")} == {c.code for c in codes.CODES if c.stage == "ledger"}


def test_a_renamed_code_still_selects_its_rule_and_says_so(monkeypatch, capsys):
    monkeypatch.setitem(codes.REDIRECTS, "AR099", "AR001")
    monkeypatch.setitem(codes.REDIRECTS, "AR098", "AR099")  # renamed twice
    assert resolve_rules(["AR098"]) == {"AR001"}
    assert "AR098 was renamed AR001" in capsys.readouterr().err
    assert registry.get("AR099").code == "AR001"
    from verifier.report.rules_doc import explain_rule

    assert explain_rule("ar099").startswith("AR099 was renamed AR001.")
    with pytest.raises(UsageError):
        resolve_rules(["AR097"])


def test_a_preview_rule_is_chosen_only_by_its_own_code_or_name():
    from dataclasses import replace

    from verifier.config import apply
    from verifier.pipeline import analyse_text
    from verifier.read import article_from_text

    rules = [replace(r, status="preview") if r.code == "CN002" else r for r in registry.all_rules(stage=None)]
    with registry.replaced(rules):
        assert "CN002" not in resolve_rules(["ALL"]) and "CN002" not in resolve_rules(["CN"])
        assert resolve_rules(["scale-mismatch"]) == {"CN002"} and resolve_rules(["CN002"]) == {"CN002"}
        result = analyse_text(article_from_text("2027年全球AI市場將達3兆美元。2027年AI資料中心需求將達1.2萬億美元。"))
        assert "CN002" in {f.rule for f in result.findings}
        assert "CN002" not in {f.rule for f in apply(result, None, set(), {}).findings}  # not asked for: left out
        assert "CN002" in {f.rule for f in apply(result, {"CN002"}, set(), {}).findings}


def test_report_layer_and_config_name_no_code():
    files = [ROOT / "verifier" / "config.py", *sorted((ROOT / "verifier" / "report").glob("*.py"))]
    hits = [(f.name, m) for f in files for m in CODE.findall(f.read_text(encoding="utf-8"))]
    assert hits == []


AMAZON = ROOT / "verifier" / "examples" / "amazon-capex-zh-hant.txt"
RUN = """
import importlib, json, sys
from pathlib import Path
if sys.argv[1]:
    importlib.import_module(sys.argv[1])
from verifier.pipeline import run
from verifier.sources import load_sources
r = run(Path(sys.argv[2]), sources=load_sources([], Path(sys.argv[3])))
print(json.dumps(sorted([f.rule, f.verdict, f.message] for f in r.findings), ensure_ascii=False))
"""


def _amazon_findings(first: str) -> list:
    out = subprocess.run([sys.executable, "-c", RUN, first, str(AMAZON), str(ROOT)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


FIRST = [""] + [c.module for c in codes.CODES if c.stage == "check"] + ["verifier.check.registry", "verifier.ledger_rules"]


@pytest.fixture(scope="module")
def amazon_runs() -> dict:
    """The Amazon article's findings per module imported first ("": none), each in a fresh interpreter, two at a time."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(FIRST, pool.map(_amazon_findings, FIRST)))


def test_the_plain_run_checks_something(amazon_runs):
    assert {r for r, _, _ in amazon_runs[""]} >= {"AR001", "AR006", "AR007", "SR001", "SR002"}


@pytest.mark.parametrize("module", FIRST[1:])
def test_importing_one_rule_module_first_still_runs_every_rule(module, amazon_runs):
    assert amazon_runs[module] == amazon_runs[""]

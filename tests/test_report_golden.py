"""Golden files for the machine formats, and the schemas they must meet.

The result is hand-made (see test_report_fixtures), the rule table fixed,
paths relative and nothing time-dependent is written, so the files change
only when a format does. Regenerate with ``UPDATE_GOLDEN=1 pytest``.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from test_report_fixtures import GOLDEN, REPO, SHARED, golden_result
from verifier.check import registry
from verifier.ledger import Entry, fingerprints
from verifier.ledger_rules import LedgerContext, run_ledger_rules
from verifier.report import json_out, junit, sarif
from verifier.report.schema import dumps_schema, shipped
from verifier.report.view import ArticleReport, display_path

DOCS = {
    "AR001": ("change-rate", "error", "A change rate must match the two figures it runs between.\n\nWhat it checks: the rate.\n\nHow to fix: correct it."),
    "AR007": ("beat-miss", "error", "Beat, miss, above and below must agree with the figures they compare."),
    "SC001": ("unattributed-forecast", "info", "A forecast with no named source is listed for the editor."),
    "SR001": ("source-mismatch", "error", "A figure must match the source table row for it."),
}


@pytest.fixture
def golden_env(monkeypatch):
    rules = [registry.Rule(c, n, s, d.splitlines()[0], d, lambda ctx: (), module=f"verifier.check.rules.{c.lower()}")
             for c, (n, s, d) in DOCS.items()]
    monkeypatch.chdir(REPO)
    with registry.replaced([*rules, *registry.all_rules("ledger")]):
        yield


def report() -> ArticleReport:
    """The golden result with a ledger: f3 accepted, and one entry that matches nothing."""
    r = golden_result()
    fps = fingerprints(r)
    accepted = Entry(fps["f3"], "AR001", "accepted", "The 2024-Q4 figure is in the release; 24% is right.", ("24%",), line=12)
    stale = Entry("AR001:0123456789abcdef", "AR001", "dismissed", "Rounded in the source.", ("13%",), line=20)
    return ArticleReport(r, fingerprints=fps, reviews={"f3": accepted}, unused=[stale], ledger_path="claims/golden.yaml",
                         ledger_findings=run_ledger_rules(LedgerContext(display_path(r.article.path), "claims/golden.yaml", (stale,))))


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file; rerun with UPDATE_GOLDEN=1 if intended"


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def test_json_golden(golden_env):
    data = json.loads(json_out.dumps([report()]))
    data["article"].pop("sha256")
    check_golden("golden.json", _json(data))


def test_sarif_golden(golden_env):
    check_golden("golden.sarif", _json(json.loads(sarif.dumps([report()], rules_url="https://example.org/rules/{code}"))))


def test_junit_golden(golden_env):
    check_golden("golden.junit.xml", junit.dumps([report()]))


def test_json_report_meets_the_shipped_schema(golden_env):
    schema = json.loads(shipped())
    jsonschema.Draft202012Validator.check_schema(schema)
    one = json.loads(json_out.dumps([report()]))
    jsonschema.validate(one, schema, cls=jsonschema.Draft202012Validator)
    two = json.loads(json_out.dumps([report(), report()]))
    jsonschema.validate(two, schema, cls=jsonschema.Draft202012Validator)
    one["findings"][0]["verdict"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(one, schema, cls=jsonschema.Draft202012Validator)


def test_shipped_schema_is_the_generated_one():
    assert shipped() == dumps_schema(), "run: python -m verifier.report.schema > verifier/data/report.schema.json"


def sarif_schema():
    path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not path.exists():
        pytest.skip("../shared is not beside this checkout")
    return json.loads(path.read_text(encoding="utf-8"))


def test_sarif_meets_the_2_1_0_schema(golden_env):
    log = json.loads(sarif.dumps([report()], rules_url="https://example.org/rules/{code}"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)


def test_sarif_regions_and_fingerprints(golden_env):
    rep = report()
    run = json.loads(sarif.dumps([rep]))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    by_id = {r["properties"]["findingId"]: r for r in run["results"] if "findingId" in r.get("properties", {})}
    region = by_id["f2"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 13)  # code points, not UTF-8 bytes or UTF-16 units
    assert rep.text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "355.8億美元"
    assert region["snippet"]["text"] == "355.8億美元"
    assert by_id["f1"]["kind"] == "pass" and len(by_id["f1"]["relatedLocations"]) == 1
    assert by_id["f3"]["suppressions"][0]["status"] == "accepted"
    assert all(r["partialFingerprints"] for r in run["results"])
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "What it checks" in rules["AR001"]["help"]["text"] and "helpUri" not in rules["AR001"]
    assert "LG001" in rules


def test_junit_structure(golden_env):
    root = ET.fromstring(junit.dumps([report()], fail_on="warning"))
    suite = root.find("testsuite")
    assert suite.get("name") == "tests/fixtures/reports/golden.txt"
    cases = suite.findall("testcase")
    assert len(cases) == 5  # four findings and the unused ledger entry
    assert sum(c.find("failure") is not None for c in cases) == 2  # SR001 error and LG001 warning; AR001 is accepted
    assert sum(c.find("skipped") is not None for c in cases) == 1
    never = ET.fromstring(junit.dumps([report()], fail_on="never"))
    assert never.get("failures") == "0"


def test_junit_for_an_article_without_findings(golden_env):
    r = golden_result()
    r.findings = []
    root = ET.fromstring(junit.dumps([ArticleReport(r)]))
    (case,) = root.iter("testcase")
    assert case.get("name") == "no findings" and root.get("failures") == "0"

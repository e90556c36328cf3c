"""--format concise (one line per error and warning) and --format gitlab (Code Quality JSON), against golden files."""

from __future__ import annotations

import json
import os

from test_report_fixtures import GOLDEN, golden_report
from verifier.report.concise import render
from verifier.report.gitlab import dumps


def _golden(name: str, out: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{name} changed; rerun with UPDATE_GOLDEN=1 if on purpose"


def test_concise_matches_the_golden_file():
    out = render([golden_report()])
    _golden("golden.concise.txt", out)
    assert [line.split(": ", 1)[1].split("] ")[0] + "]" for line in out.splitlines()] == ["SR001 [error]", "AR001 [warning]"]


def test_gitlab_matches_the_golden_file():
    out = dumps([golden_report()])
    _golden("golden.gitlab.json", out)
    issues = json.loads(out)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [("SR001", "major", 2), ("AR001", "minor", 2)]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_leaves_out_what_the_ledger_reviewed():
    from verifier.ledger import Entry, fingerprints

    rep = golden_report()
    rep.reviews = {"f2": Entry(fingerprints(rep.result)["f2"], "SR001", "accepted", "Rounded.")}
    assert [i["check_name"] for i in json.loads(dumps([rep]))] == ["AR001"]

"""The pre-commit hook and the GitHub action call verify with options it accepts."""

from __future__ import annotations

import re

import yaml
from click.testing import CliRunner

from test_report_fixtures import REPO, fake_rules, in_tmp  # noqa: F401  (fixtures)
from verifier.cli import main


def test_pre_commit_hook_runs_the_gate(in_tmp, fake_rules):
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "verify" and hook["language"] == "python"
    assert re.search(hook["files"], "drafts/story.md") and not re.search(hook["files"], "sources/a.csv")
    for path in ("README.md", "docs/guide.md", "notes.txt"):
        assert not re.search(hook["files"], path), path  # not every Markdown file is an article
    assert re.search(hook["exclude"], "drafts/README.md") and not re.search(hook["exclude"], "drafts/story.md")
    (in_tmp / "a.md").write_text("Revenue was $10 billion.\n", encoding="utf-8")
    (in_tmp / "b.md").write_text("About 300 people came.\n", encoding="utf-8")
    assert CliRunner().invoke(main, hook["args"] + ["a.md", "b.md"]).exit_code == 1
    assert CliRunner().invoke(main, hook["args"] + ["b.md"]).exit_code == 0
    assert not (in_tmp / "reports").exists()


def test_action_passes_its_inputs_as_environment_and_runs_valid_options(in_tmp, fake_rules):
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    gate = next(s for s in action["runs"]["steps"] if s.get("id") == "gate")
    assert "${{" not in gate["run"]  # inputs reach the script through env, not pasted into it
    (in_tmp / "a.md").write_text("Revenue was $10 billion.\n", encoding="utf-8")
    args = ["--format", "github", "--output", "sarif=verify.sarif", "--output", "html=reports", "--fail-on", "error", "a.md"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1 and res.stdout.startswith("::error file=a.md,")
    assert (in_tmp / "verify.sarif").exists() and (in_tmp / "reports" / "a.html").exists()

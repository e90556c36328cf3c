"""The command-line contract: exit codes, one-line errors, the JSON report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import main
from verifier.report.view import display_path

EXAMPLE = Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_json_report_keeps_the_contract():
    res = invoke("--format", "json", "--fail-on", "never", EXAMPLE)
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["version"] == "1"
    assert data["article"]["language"] == "zh-Hant"
    text = EXAMPLE.read_text(encoding="utf-8")
    claim = next(c for c in data["claims"] if c["text"] == "355.8億美元")
    assert text[claim["start"] : claim["end"]] == "355.8億美元"
    assert claim["value"] == pytest.approx(35.58e9) and claim["unit"] == "USD"
    assert data["summary"]["claims"] == len(data["claims"])


def test_contract_checker_accepts_the_report(tmp_path):
    checker = Path(__file__).parents[2] / "shared" / "tools" / "check_contract.py"
    if not checker.exists():
        pytest.skip("../shared is not beside this checkout")
    out = invoke("--format", "json", "--fail-on", "never", EXAMPLE).stdout
    proc = subprocess.run([sys.executable, str(checker), str(EXAMPLE)], input=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_several_articles_give_a_list_of_reports(tmp_path):
    (tmp_path / "a.txt").write_text("Revenue rose 5% to $10 billion.", encoding="utf-8")
    (tmp_path / "b.md").write_text("營收年增24%", encoding="utf-8")
    data = json.loads(invoke("--format", "json", tmp_path).stdout)
    assert [Path(r["article"]["path"]).name for r in data["reports"]] == ["a.txt", "b.md"]


def test_figures_are_listed_only_when_asked():
    plain = invoke("--fail-on", "never", "--no-html", EXAMPLE).stdout
    listed = invoke("--fail-on", "never", "--no-html", "--figures", EXAMPLE).stdout
    assert "355.8億美元  → 355.8億美元" in listed and "355.8億美元  →" not in plain  # the article's language and scale
    english = invoke("--fail-on", "never", "--no-html", "--figures", "--lang", "en", EXAMPLE).stdout
    assert "355.8億美元  → 35.58 billion USD" in english


def test_errors_come_first_and_what_held_is_counted():
    res = invoke("--fail-on", "never", "--no-html", "--lang", "en", EXAMPLE)
    lines = res.stdout.splitlines()
    import re

    levels = re.findall(rf"^{re.escape(display_path(EXAMPLE))}:\d+:\d+: \w+ \[(\w+)\]", res.stdout, re.M)
    assert levels and levels == sorted(levels, key=["error", "warning"].index)
    assert "held" not in levels and "note" not in levels
    assert any("figures checked and consistent; -v to list them" in line for line in lines)
    assert "個數字經檢查一致；加 -v 列出" in invoke("--fail-on", "never", "--no-html", EXAMPLE).stdout  # the article's own script


def test_show_chooses_the_levels():
    res = invoke("--fail-on", "never", "--no-html", "--show", "supported", EXAMPLE)
    assert "[held]" in res.stdout and "[error]" not in res.stdout
    bad = invoke("--show", "loud", EXAMPLE)
    assert bad.exit_code == 2 and "--show loud" in bad.stderr


@pytest.mark.parametrize(
    "make, needle",
    [
        (lambda p: p / "missing.txt", "does not exist"),
        (lambda p: (p / "empty.txt").write_bytes(b"") and p / "empty.txt" or p / "empty.txt", "empty"),
        (lambda p: (p / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) and p / "bin.txt", "binary"),
        (lambda p: (p / "dir").mkdir() or p / "dir", "no articles"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, needle):
    res = invoke(make(tmp_path))
    assert res.exit_code == 2
    assert needle in res.stderr.lower()
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def test_no_path_is_a_usage_error():
    res = invoke()
    assert res.exit_code == 2 and "usage" in res.stderr.lower()


def test_article_is_never_written(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Revenue rose 5% to $10 billion.", encoding="utf-8")
    before = art.read_bytes()
    invoke(art)
    assert art.read_bytes() == before

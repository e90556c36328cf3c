"""No file name or article text can become a CI workflow command, in any output format.

GitHub Actions reads every line a step prints to standard output or standard
error; a line starting with ``::`` (after blanks) or ``##[`` is a command. The
articles here are named and written by an attacker: every output must keep such
lines inert, and show the control characters of file names as code points.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from verifier.cli import main
from verifier.report.view import defuse, display_path

NAMES = ["::error::x\x1b[31m\u202e.txt", "a\nb::warning::c.txt", "t\tab\r::notice::z.txt"]
BODY = (
    "Revenue was $5 billion in 2025.\n"
    "::error::from the article\n"
    "  ::warning file=a::indented\n"
    "##[error]old style\n"
    "Profit rose 50% from $2 billion to $4 billion, beating $5 billion.\n"
)
RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OUR_COMMAND = re.compile(r"::(error|warning|notice) file=[^\n]*::")


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in NAMES:
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    return tmp_path


def _run(*args):
    res = CliRunner().invoke(main, [*NAMES, "--fail-on", "never", *args])
    assert res.exit_code == 0, res.output
    return res


def _lines_that_are_commands(text: str, ours_allowed: bool) -> list[str]:
    bad = []
    for line in text.splitlines():
        s = line.lstrip(" \t\f\v")
        if s.startswith("##[") or (s.startswith("::") and not (ours_allowed and OUR_COMMAND.match(line))):
            bad.append(line)
    return bad


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "concise", "gitlab", "github"])
def test_no_output_line_is_a_workflow_command_and_no_control_character_is_raw(hostile, fmt):
    args = ["-f", fmt, "--no-html"] + (["-v", "--figures"] if fmt == "text" else [])
    res = _run(*args)
    assert res.stdout.strip()
    assert _lines_that_are_commands(res.stdout, ours_allowed=fmt == "github") == []
    assert _lines_that_are_commands(res.stderr, ours_allowed=False) == []
    assert not RAW_CONTROLS.search(res.stdout) and not RAW_CONTROLS.search(res.stderr)
    # a line break in a file name never splits a line of the report
    assert not any(line.startswith(("b::warning", "::notice::z")) for line in res.stdout.splitlines())


def test_the_github_format_escapes_control_characters_in_file():
    from verifier.report.github import command

    line = command("error", "m", file=display_path("a\x1b[31m\u202e\tb.txt"), line=1)
    assert line == "::error file=a<U+001B>[31m<U+202E><U+0009>b.txt,line=1::m"


@pytest.mark.parametrize("fmt", ["github", "concise", "junit"])
def test_each_hostile_file_is_named_with_its_controls_shown(hostile, fmt):
    import html

    out = html.unescape(_run("-f", fmt, "--no-html").stdout)
    assert "a<U+000A>b" in out and "t<U+0009>ab<U+000D>" in out and "x<U+001B>[31m" in out


def test_json_formats_keep_bidi_characters_as_escapes_not_raw():
    import json

    from verifier.report.json_report import strict_dumps

    data = {"text": "a\u202eb\x85c\u2066", "n": [1.5]}
    out = strict_dumps(data)
    assert not RAW_CONTROLS.search(out) and "\\u202e" in out
    assert json.loads(out) == data  # the escapes keep the text as it is


def test_the_html_report_keeps_article_lines_inert(hostile):
    _run("-f", "html")
    for html in (hostile / "reports").glob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "from the article" in text
        assert _lines_that_are_commands(text, ours_allowed=False) == []


def test_an_error_naming_a_hostile_file_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["gone\n::error::x.txt"])
    assert res.exit_code == 2
    assert len(res.stderr.strip().splitlines()) == 1 and res.stderr.startswith("verify: error: gone")


def test_defuse_changes_only_line_starts_that_would_be_commands():
    assert defuse("a :: b\n::x\n  ::y\n##[z\n#x\n") == "a :: b\n:\u200b:x\n  :\u200b:y\n#\u200b#[z\n#x\n"
    assert defuse("\x1b[1m::x") == "\x1b[1m:\u200b:x"

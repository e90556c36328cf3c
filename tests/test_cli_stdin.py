"""Standard input: `verify -`, `cat a.txt | verify`, --stdin-filename, and `-o -` for standard output."""

from __future__ import annotations

import json

from click.testing import CliRunner

from test_report_fixtures import in_tmp  # noqa: F401  (fixture)
from verifier.cli import main

ARTICLE = "Revenue rose 5% to $10 billion from $8 billion.\n"


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_dash_reads_standard_input(in_tmp):
    res = invoke("-", input=ARTICLE)
    assert res.exit_code == 1
    assert res.stdout.startswith("-:1:14: ") and "[error]" in res.stdout
    assert not (in_tmp / "reports").exists()  # an unnamed article gets no HTML report


def test_piped_input_with_no_path_is_read(in_tmp):
    res = invoke("--format", "json", input=ARTICLE)
    assert res.exit_code == 1 and json.loads(res.stdout)["article"]["path"] == "-"


def test_stdin_filename_names_the_article_for_reports_and_format(in_tmp):
    md = "```\nRevenue rose 5% to $10 billion from $8 billion.\n```\nProfit was $2 billion.\n"
    res = invoke("-", "--stdin-filename", "drafts/story.md", "--format", "json", "-o", "-", input=md)
    data = json.loads(res.stdout)
    assert data["article"]["path"] == "drafts/story.md"
    assert [c["text"] for c in data["claims"]] == ["$2 billion"]  # read as Markdown: the fenced block is not prose
    assert not (in_tmp / "-").exists()


def test_stdin_filename_gives_the_html_report_its_name(in_tmp):
    res = invoke("--stdin-filename", "story.txt", input=ARTICLE)
    assert res.exit_code == 1 and (in_tmp / "reports" / "story.html").exists()
    assert res.stdout.startswith("story.txt:1:14: ")


def test_empty_standard_input_is_one_line_and_exit_2(in_tmp):
    res = invoke("-", input="")
    assert res.exit_code == 2 and "standard input is empty" in res.stderr and len(res.stderr.splitlines()) == 1


def test_dash_output_writes_to_standard_output_not_a_file(in_tmp):
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    res = invoke("a.txt", "--format", "sarif", "-o", "-")
    assert json.loads(res.stdout)["version"] == "2.1.0" and not (in_tmp / "-").exists()

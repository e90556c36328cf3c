"""The CI gate: exit codes, rule selection, config files, outputs and sources.

Runs the real pipeline with the stand-in rules of test_report_fixtures
(USD amounts are errors, percentages warnings, bare counts notes).
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_report_fixtures import fake_rules, in_tmp  # noqa: F401  (fixtures)
from verifier.cli import main

ARTICLES = {
    "money.txt": "Revenue was $10 billion in 2025.\n",
    "pct.txt": "The margin rose 5% last year.\n",
    "count.txt": "About 300 people came.\n",
}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def articles(in_tmp, fake_rules):
    for name, text in ARTICLES.items():
        (in_tmp / name).write_text(text, encoding="utf-8")
    return in_tmp


def one_line_error(res, needle):
    assert res.exit_code == 2, res.output
    assert needle in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output


@pytest.mark.parametrize(
    "article, fail_on, code",
    [
        ("money.txt", None, 1), ("money.txt", "error", 1), ("money.txt", "warning", 1), ("money.txt", "never", 0),
        ("pct.txt", None, 0), ("pct.txt", "error", 0), ("pct.txt", "warning", 1), ("pct.txt", "never", 0),
        ("count.txt", "error", 0), ("count.txt", "warning", 0), ("count.txt", "never", 0),
    ],
)
def test_exit_code_for_each_fail_on_level(articles, article, fail_on, code):
    args = [article, "--no-html"] + (["--fail-on", fail_on] if fail_on else [])
    res = invoke(*args)
    assert res.exit_code == code, res.output


def test_several_articles_fail_when_any_does(articles):
    assert invoke("count.txt", "pct.txt", "money.txt", "--no-html").exit_code == 1
    assert invoke("count.txt", "pct.txt", "--no-html").exit_code == 0


@pytest.mark.parametrize(
    "opts, code",
    [
        (["--select", "ZZ002"], 0),
        (["--select", "percent-flag,ZZ001"], 1),
        (["--ignore", "money-flag"], 0),
        (["--ignore", "ZZ"], 0),
        (["--severity", "ZZ001=warning"], 0),
        (["--severity", "money-flag=warning", "--fail-on", "warning"], 1),
        (["--severity", "ZZ001=info", "--fail-on", "warning"], 0),
    ],
)
def test_select_ignore_and_severity(articles, opts, code):
    assert invoke("money.txt", "--no-html", *opts).exit_code == code


def test_severity_override_shows_in_the_report(articles):
    data = json.loads(invoke("money.txt", "-f", "json", "--severity", "ZZ001=warning").stdout)
    assert [f["severity"] for f in data["findings"]] == ["warning"]


@pytest.mark.parametrize(
    "opts, needle",
    [
        (["--select", "NOPE1"], "unknown rule 'NOPE1'"),
        (["--severity", "ZZ001"], "RULE=LEVEL"),
        (["--severity", "ZZ001=fatal"], "must be one of"),
        (["-f", "json", "-f", "sarif"], "standard output"),
        (["-f", "json", "-f", "sarif", "-o", "out"], "exactly one"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(articles, opts, needle):
    one_line_error(invoke("money.txt", *opts), needle)


def test_pyproject_settings_and_command_line_override(articles):
    (articles / "pyproject.toml").write_text('[tool.verify]\nfail-on = "warning"\nhtml = false\n', encoding="utf-8")
    assert invoke("pct.txt").exit_code == 1
    assert invoke("pct.txt", "--fail-on", "error").exit_code == 0
    assert not (articles / "reports").exists()


def test_verify_toml_wins_over_pyproject(articles):
    (articles / "pyproject.toml").write_text('[tool.verify]\nfail-on = "never"\n', encoding="utf-8")
    (articles / "verify.toml").write_text('ignore = ["ZZ002"]\nfail-on = "warning"\n[severity]\nZZ001 = "info"\n', encoding="utf-8")
    assert invoke("pct.txt", "--no-html").exit_code == 0  # ZZ002 ignored
    assert invoke("money.txt", "--no-html").exit_code == 0  # ZZ001 lowered to info
    assert invoke("pct.txt", "--no-html", "--ignore", "ZZ003").exit_code == 1  # command line replaces ignore


@pytest.mark.parametrize(
    "content, needle",
    [
        ('[tool.verify]\nfail-on = "sometimes"\n', "fail-on must be one of"),
        ('[tool.verify]\ncolour = true\n', "unknown setting 'colour'"),
        ('[tool.verify\n', "cannot read the settings"),
        ('[tool.verify]\nselect = ["XX9"]\n', "unknown rule 'XX9'"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(articles, content, needle):
    (articles / "pyproject.toml").write_text(content, encoding="utf-8")
    one_line_error(invoke("money.txt"), needle)


def test_list_checks_and_explain(fake_rules):
    res = invoke("--list-checks")
    assert res.exit_code == 0 and "ZZ001" in res.stdout and "money-flag" in res.stdout and "LG001" in res.stdout
    res = invoke("--explain", "money-flag")
    assert res.exit_code == 0 and "What it checks" in res.stdout
    one_line_error(invoke("--explain", "ZZ999"), "unknown rule")


def test_text_output_writes_the_html_report_and_says_where(articles):
    res = invoke("money.txt")
    assert "HTML report: reports/money.html" in res.stdout
    html = (articles / "reports" / "money.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "$10 billion" in html
    assert [p.name for p in (articles / "reports").iterdir()] == ["money.html"]  # no temporary files left
    assert "\x1b[" not in res.stdout  # no colour when not a terminal


def test_no_html_and_html_to_a_named_file(articles):
    invoke("money.txt", "--no-html")
    assert not (articles / "reports").exists()
    res = invoke("money.txt", "-f", "html", "-o", "out/page.html")
    assert (articles / "out" / "page.html").exists() and res.stdout == ""
    one_line_error(invoke("money.txt", "pct.txt", "-o", "html=one.html"), "give a folder")


def test_articles_sharing_a_stem_get_distinct_reports(articles):
    for d in ("a", "b"):
        (articles / d).mkdir()
        (articles / d / "story.txt").write_text(ARTICLES["money.txt"], encoding="utf-8")
    invoke("a", "b", "-f", "html")
    assert sorted(p.name for p in (articles / "reports").iterdir()) == ["a_story_txt.html", "b_story_txt.html"]


@pytest.mark.parametrize(
    "opts",
    [
        ["money.txt", "-f", "json", "-o", "money.txt"],
        ["money.txt", "page.html", "-o", "sarif=money.txt"],
        ["page.html", "-f", "html", "-o", "html=page.html"],
        ["page.html", "-f", "html", "-o", "html=."],
        ["money.txt", "--sources", "src.csv", "-o", "junit=src.csv"],
        ["money.txt", "--sources", ".", "-o", "junit=src.csv"],
        ["money.txt", "-o", "junit=sources/t.csv"],
    ],
)
def test_never_writes_over_an_input(articles, opts, monkeypatch):
    (articles / "page.html").write_text("Revenue was $10 billion.", encoding="utf-8")
    (articles / "src.csv").write_text("entity,metric,period,value,unit,source\n", encoding="utf-8")
    (articles / "sources").mkdir()
    (articles / "sources" / "t.csv").write_text("entity,metric,period,value,unit,source\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "verifier.sources", types.SimpleNamespace(load_sources=lambda paths, cwd, max_bytes=None: None))
    before = {p: p.read_bytes() for p in articles.rglob("*") if p.is_file()}
    res = invoke(*opts)
    one_line_error(res, "refusing to write")
    assert {p: p.read_bytes() for p in articles.rglob("*") if p.is_file()} == before
    assert not (articles / "reports").exists()


def test_formats_to_files_and_standard_output(articles):
    res = invoke("money.txt", "-f", "json", "-o", "sarif=out/v.sarif", "-o", "junit=out/junit.xml", "-f", "github")
    assert res.exit_code == 2  # json and github would share standard output
    res = invoke("money.txt", "-f", "json", "-o", "sarif=out/v.sarif", "-o", "junit=out/junit.xml")
    assert res.exit_code == 1
    assert json.loads(res.stdout)["findings"][0]["rule"] == "ZZ001"
    assert json.loads((articles / "out" / "v.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "<testsuites" in (articles / "out" / "junit.xml").read_text(encoding="utf-8")
    res = invoke("money.txt", "-f", "sarif", "-o", "bare.sarif")
    assert (articles / "bare.sarif").exists() and res.stdout == ""


def test_github_annotations(articles):
    res = invoke("money.txt", "pct.txt", "-f", "github")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("::error file=money.txt,line=1,col=13,endLine=1,endColumn=24,title=ZZ001 money-flag (contradicted)::")
    assert lines[1].startswith("::warning file=pct.txt,")
    assert "%0A" in lines[0]  # the arithmetic goes on a second line, escaped


def test_github_annotates_only_errors_and_warnings(articles):
    res = invoke("money.txt", "pct.txt", "count.txt", "-f", "github")
    assert [line.split(" ", 1)[0] for line in res.stdout.splitlines()] == ["::error", "::warning"]  # the count's note is left out


def test_github_escaping():
    from verifier.report.github import command

    line = command("error", "50% off\r\nnext", file="a,b:c.txt", line=3, title="R1 x: y, z")
    assert line == "::error file=a%2Cb%3Ac.txt,line=3,title=R1 x%3A y%2C z::50%25 off%0D%0Anext"
    assert command("notice", "bidi \u202e here") == "::notice::bidi <U+202E> here"


class FakeSources(types.ModuleType):
    def __init__(self):
        super().__init__("verifier.sources")
        self.calls = []

    def load_sources(self, paths, cwd, max_bytes=None):
        self.calls.append((list(paths), cwd))
        return {"index": True}


def test_sources_are_loaded_once_and_passed_to_every_article(articles, monkeypatch):
    fake = FakeSources()
    monkeypatch.setitem(sys.modules, "verifier.sources", fake)
    seen = []
    import verifier.pipeline as pipeline

    real = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda p, sources=None, lang=None, max_bytes=None: seen.append(sources) or real(p, sources=sources, lang=lang))
    res = invoke("money.txt", "pct.txt", "--sources", "a.csv", "--sources", "tables/", "--no-html")
    assert res.exit_code == 1, res.output
    assert fake.calls == [(["a.csv", "tables/"], Path.cwd())]
    assert seen == [{"index": True}] * 2


def test_sources_from_config(articles, monkeypatch):
    fake = FakeSources()
    monkeypatch.setitem(sys.modules, "verifier.sources", fake)
    (articles / "verify.toml").write_text('sources = ["sources/"]\n', encoding="utf-8")
    invoke("count.txt", "--no-html")
    assert fake.calls == [(["sources/"], Path.cwd())]


def test_a_bad_source_table_is_one_line_and_exit_2(articles, monkeypatch):
    from verifier.errors import SourceTableError

    def bad(paths, cwd, max_bytes=None):
        raise SourceTableError("sources/a.csv", row=3, column="value", problem="'abc' is not a number")

    monkeypatch.setitem(sys.modules, "verifier.sources", types.SimpleNamespace(load_sources=bad))
    one_line_error(invoke("money.txt", "--sources", "sources/a.csv"), "sources/a.csv, row 3, column value")


def test_without_the_sources_module(articles, monkeypatch):
    monkeypatch.setitem(sys.modules, "verifier.sources", None)  # import fails as if the module were missing
    assert invoke("money.txt", "--no-html").exit_code == 1
    one_line_error(invoke("money.txt", "--sources", "x.csv"), "--sources needs")


def test_a_bug_in_verify_exits_2_not_1(articles, monkeypatch):
    import verifier.pipeline as pipeline

    def boom(path, sources=None, lang=None, max_bytes=None):
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(pipeline, "run", boom)
    one_line_error(invoke("money.txt"), "internal error, a bug in verify: RuntimeError: something broke")


def test_real_json_report_meets_the_shipped_schema(in_tmp):
    import jsonschema

    from verifier.report.schema import shipped

    example = Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt"
    (in_tmp / "b.txt").write_text("Revenue rose 5% to $10 billion, beating the $9 billion estimate.\n", encoding="utf-8")
    res = invoke(example, "b.txt", "-f", "json", "--fail-on", "never")
    assert res.exit_code == 0, res.output
    jsonschema.validate(json.loads(res.stdout), json.loads(shipped()), cls=jsonschema.Draft202012Validator)


def test_given_sources_replace_the_working_folder_and_the_run_says_what_it_read(in_tmp):
    head = "entity,metric,period,value,unit,source\n"
    (in_tmp / "sources").mkdir()
    (in_tmp / "sources" / "old.csv").write_text(head + "Orbel,revenue,2025,9,USD bn,https://example.com/old\n", encoding="utf-8")
    given = in_tmp / "given.csv"
    given.write_text(head + "Orbel,revenue,2025,10,USD bn,https://example.com/new\n", encoding="utf-8")
    art = in_tmp / "a.txt"
    art.write_text("Orbel's revenue was $10 billion in 2025.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["--no-html", "--sources", str(given), str(art)])
    assert "source tables read: " in r.stderr and "given.csv (1 row)" in r.stderr and "old.csv" not in r.stderr
    r = CliRunner().invoke(main, ["--no-html", str(art)])
    assert "sources/old.csv" in r.stderr


def test_no_source_table_is_said_not_silent(in_tmp):
    art = in_tmp / "a.txt"
    art.write_text("Orbel's revenue was $10 billion in 2025.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["--no-html", str(art)])
    assert "no source table loaded" in r.stderr
    r = CliRunner().invoke(main, ["--no-html", "--ignore", "SR", str(art)])
    assert "no source table" not in r.stderr


def test_an_unreadable_file_in_a_folder_does_not_stop_the_batch(articles):
    (articles / "drafts").mkdir()
    (articles / "drafts" / "a.txt").write_text(ARTICLES["money.txt"], encoding="utf-8")
    (articles / "drafts" / "b.txt").write_bytes(b"")
    (articles / "drafts" / "c.txt").write_text(ARTICLES["pct.txt"], encoding="utf-8")
    res = invoke("drafts", "--no-html")
    assert res.exit_code == 2
    errors = [line for line in res.stderr.strip().splitlines() if line.startswith("verify: error")]
    assert errors == ["verify: error: drafts/b.txt is empty; add the article text or leave the file out"]
    assert "drafts/a.txt:1:13: ZZ001 [error]" in res.stdout and "drafts/c.txt:1:17: ZZ002 [warning]" in res.stdout
    data = json.loads(invoke("drafts", "-f", "json").stdout)
    assert [r["article"]["path"] for r in data["reports"]] == ["drafts/a.txt", "drafts/c.txt"]


def test_each_article_is_printed_as_it_is_checked(articles, monkeypatch):
    import verifier.pipeline as pipeline
    from verifier.report.terminal import TerminalReport

    order = []
    real_run, real_article = pipeline.run, TerminalReport.article
    monkeypatch.setattr(pipeline, "run", lambda p, sources=None, lang=None, max_bytes=None: order.append(("run", str(p))) or real_run(p, sources, lang))
    monkeypatch.setattr(TerminalReport, "article", lambda self, rep: order.append(("print", rep.path)) or real_article(self, rep))
    invoke("money.txt", "pct.txt", "--no-html")
    assert order == [("run", "money.txt"), ("print", "money.txt"), ("run", "pct.txt"), ("print", "pct.txt")]


def test_jobs_give_the_same_output_as_one_job(in_tmp):
    src = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))[:6]
    (in_tmp / "batch").mkdir()
    for i, p in enumerate(src * 2):
        (in_tmp / "batch" / f"{i:02d}-{p.name}").write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (in_tmp / "batch" / "05-empty.txt").write_bytes(b"")
    one = invoke("batch", "--no-html", "--jobs", "1", "--statistics")
    two = invoke("batch", "--no-html", "--jobs", "2", "--statistics")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and "Found " in one.stdout
    assert one.stderr == two.stderr
    j1, j2 = (json.loads(invoke("batch", "-f", "json", "--jobs", j).stdout) for j in ("1", "2"))
    assert j1 == j2 and len(j1["reports"]) == 12


def test_a_progress_bar_only_on_a_terminal(in_tmp):
    import os
    import pty
    import subprocess
    import sys

    src = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))[:4]
    (in_tmp / "batch").mkdir()
    for p in src:
        (in_tmp / "batch" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    cmd = [sys.executable, "-m", "verifier", "batch", "--no-html", "--fail-on", "never", "--jobs", "1"]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    main_fd, tty_fd = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=tty_fd, stderr=tty_fd, stdin=subprocess.DEVNULL, env=env, cwd=in_tmp)
    os.close(tty_fd)
    seen = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    assert b"checking" in seen and b"articles/s" in seen
    piped = subprocess.run(cmd, capture_output=True, env=env, cwd=in_tmp)
    assert b"checking" not in piped.stdout + piped.stderr and b"\x1b[" not in piped.stdout


def test_github_writes_a_job_summary(articles, monkeypatch):
    summary = articles / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    invoke("money.txt", "pct.txt", "-f", "github")
    text = summary.read_text(encoding="utf-8")
    assert "| `money.txt` | 1 | 1 | 0 | fails |" in text and "| `pct.txt` | 1 | 0 | 1 | passes |" in text
    assert "### Contradicted figures" in text and "`money.txt:1` **ZZ001** money-flag on $10 billion" in text

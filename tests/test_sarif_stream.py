"""A batch's SARIF and its terminal text to a file stream: each article's part is made when it is taken
and the report let go; the text is the whole batch's, byte for byte (issue 11 item 4, issue 12)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier import pipeline
from verifier.cli import main
from verifier.pipeline import run
from verifier.report import sarif, session as session_mod
from verifier.report.view import ArticleReport

CONFLICT = Path(__file__).parent / "fixtures" / "cross" / "conflict"
ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def _reports(paths) -> list[ArticleReport]:
    reps = []
    for p in paths:
        rep = ArticleReport(run(p))
        rep.ledger_path = None
        reps.append(rep)
    return reps


def test_the_streamed_sarif_is_the_whole_batch_sarif():
    reps = _reports(sorted(ARTICLES.glob("en-*.txt"))[:6])
    for k in (1, 2, 6):
        stream = sarif.BatchStream()
        for rep in reps[:k]:
            stream.add(sarif.article_piece(rep))
        text = "".join(stream.pieces("warning", "https://example.org/{code}"))
        assert text == sarif.dumps(reps[:k], "warning", "https://example.org/{code}"), k
        assert all(f.closed for f in stream.files)


@pytest.fixture
def held(monkeypatch) -> list:
    """(reports the session holds, the report that came) after each article is taken."""
    seen: list = []
    take = session_mod.Session.take
    monkeypatch.setattr(session_mod.Session, "take", lambda self, processed, live=False: (
        take(self, processed, live), seen.append((len(self.reports), processed[2]))))
    return seen


def test_a_sarif_batch_keeps_no_report_and_writes_the_whole_batch_text(tmp_path, monkeypatch, held):
    out = tmp_path / "batch.sarif"
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", "-o", f"sarif={out}", str(CONFLICT)])
    assert res.exit_code == 0, res.stderr
    assert held and all(n == 0 and rep is None for n, rep in held)  # no report waits for the end
    assert [p.name for p in tmp_path.iterdir()] == ["batch.sarif"]  # the temporary file was renamed over
    streamed = out.read_text(encoding="utf-8")
    held.clear()
    monkeypatch.setattr(session_mod.Session, "STREAMED", ("json",))  # SARIF from every report kept to the end, as before
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", "-o", f"sarif={out}", str(CONFLICT)])
    assert res.exit_code == 0 and held and all(n > 0 for n, _ in held[1:])
    assert out.read_text(encoding="utf-8") == streamed and len(json.loads(streamed)["runs"][0]["artifacts"]) == 3


def test_a_batch_that_stops_leaves_the_old_text_and_sarif_files_and_no_temporary_one(tmp_path, monkeypatch):
    arts = tmp_path / "arts"
    shutil.copytree(CONFLICT, arts)
    for name in ("batch.txt", "batch.sarif"):
        (tmp_path / name).write_text("old", encoding="utf-8")
    run_ = pipeline.run

    def checking(p, *args, **kwargs):
        if Path(p).name.startswith("wednesday"):
            raise RuntimeError("stop here")
        return run_(p, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run", checking)
    res = CliRunner().invoke(main, ["--no-html", "--jobs", "1", "-o", f"text={tmp_path / 'batch.txt'}", "-o",
                                    f"sarif={tmp_path / 'batch.sarif'}", str(arts)])
    assert res.exit_code == 2 and "stop here" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arts", "batch.sarif", "batch.txt"]
    assert all((tmp_path / n).read_text(encoding="utf-8") == "old" for n in ("batch.txt", "batch.sarif"))


def test_a_text_batch_to_a_file_is_what_standard_output_gets(tmp_path):
    out = tmp_path / "batch.txt"
    to_file = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", "-o", f"text={out}", str(CONFLICT)])
    to_stdout = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", str(CONFLICT)])
    assert to_file.exit_code == to_stdout.exit_code == 0
    assert out.read_text(encoding="utf-8") == to_stdout.stdout and "Across articles" in to_stdout.stdout

"""A batch's concise, GitHub, GitLab, JUnit and ClaimReview output streams: each article's part is
written when it is taken, before the next article is checked, and no article's report is held; the
text is what the whole batch gave when every report was kept to the end (issue: batch output)."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from verifier import pipeline
from verifier.cli import main
from verifier.pipeline import run
from verifier.report import batch_out, junit, session as session_mod

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
NAMES = ("en-datacenter-planted.txt", "en-microsoft-planted.txt", "en-tesla-planted.txt")  # each with an error
FORMATS = ("concise", "github", "gitlab", "junit", "claimreview")


@pytest.fixture
def batch(tmp_path, monkeypatch) -> Path:
    """The three articles in a folder, each with its ledger (all open), and the address ClaimReview needs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    arts = tmp_path / "arts"
    arts.mkdir()
    for name in NAMES:
        shutil.copy(ARTICLES / name, arts / name)
    (tmp_path / "verify.toml").write_text('url = "https://news.example/{stem}/"\n', encoding="utf-8")
    assert CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--update-ledger", "--jobs", "1", str(arts)]).exit_code == 0
    return arts


def accept_all(root: Path) -> None:
    """Every ledger finding accepted, so each article has ClaimReviews (and the others' formats, nothing unreviewed)."""
    for ledger in (root / "claims").glob("*.yaml"):
        data = yaml.safe_load(ledger.read_text(encoding="utf-8"))
        for e in data["findings"]:
            e["decision"], e["reason"] = "accepted", "checked"
        ledger.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def events(monkeypatch) -> list:
    """In order: ("check", name) per article checked, ("write", names in it) per part written (JUnit's to its spool),
    ("live", reports of the run not yet let go) after each article is taken."""
    seen: list = []
    reports: list = []
    names = [Path(n).stem for n in NAMES]
    run_, write, spool, add, take = pipeline.run, batch_out.Sink.write, junit.BatchStream.add, session_mod.Session.add, session_mod.Session.take

    def checking(p, *args, **kwargs):
        seen.append(("check", Path(p).stem))
        return run_(p, *args, **kwargs)

    def writing(self, text, ready=False):
        if not ready:
            seen.append(("write", tuple(n for n in names if n in text)))
        write(self, text, ready)

    def spooling(self, piece):
        seen.append(("write", tuple(n for n in names if n in piece[0])))
        spool(self, piece)

    def adding(self, path, r, active=None):
        rep = add(self, path, r, active)
        reports.append(weakref.ref(rep))
        return rep

    def taking(self, processed, live=False):
        take(self, processed, live)
        gc.collect()
        seen.append(("live", len(self.reports), processed[2] is None, sum(r() is not None for r in reports)))

    monkeypatch.setattr(pipeline, "run", checking)
    monkeypatch.setattr(batch_out.Sink, "write", writing)
    monkeypatch.setattr(junit.BatchStream, "add", spooling)
    monkeypatch.setattr(session_mod.Session, "add", adding)
    monkeypatch.setattr(session_mod.Session, "take", taking)
    return seen


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("to_file", [False, True])
def test_each_article_is_written_before_the_next_is_checked_and_let_go(batch, events, monkeypatch, fmt, to_file):
    if fmt == "claimreview":
        accept_all(batch.parent)
    out = batch.parent / f"batch.{fmt}"
    where = ["-o", f"{fmt}={out}"] if to_file else ["-f", fmt]
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", *where, str(batch)])
    assert res.exit_code == 0, res.stderr
    streamed = out.read_text(encoding="utf-8") if to_file else res.stdout
    a, b, c = (Path(n).stem for n in NAMES)
    checks = [i for i, e in enumerate(events) if e[0] == "check"]
    written = [(i, e[1]) for i, e in enumerate(events) if e[0] == "write" and e[1]]
    assert [e[1] for e in events if e[0] == "check"] == [a, b, c]
    assert written[0][1] == (a,) and written[0][0] < checks[1]  # the first article's part before the second is checked
    between = [names for i, names in written if checks[1] < i < checks[2]]
    assert between and set(between) == {(b,)}  # the second's, before the third is checked
    assert all(e[1:] == (0, True, 0) for e in events if e[0] == "live")  # no report held, none alive once taken
    # The same text as when every report was kept to the end and the batch rendered at once.
    monkeypatch.setattr(session_mod.Session, "STREAMED", ("json", "sarif"))
    again = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", *where, str(batch)])
    assert again.exit_code == 0 and any(e[0] == "live" and e[1] > 0 for e in events)
    assert (out.read_text(encoding="utf-8") if to_file else again.stdout) == streamed and all(n in streamed for n in (a, b, c))


def test_a_junit_batch_keeps_only_the_totals_of_the_suites_written(batch, monkeypatch):
    kept = []
    close = junit.BatchStream.close
    monkeypatch.setattr(junit.BatchStream, "close", lambda self: (kept.append(sorted(vars(self))), close(self)))
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", "-f", "junit", str(batch)])
    assert res.exit_code == 0 and res.stdout.count("<testsuite ") == 3
    assert kept == [["sink", "spool", "totals"]]


def test_a_batch_that_stops_leaves_the_old_files_and_no_temporary_one(batch, monkeypatch):
    def checking(p, *args, **kwargs):
        if Path(p).name == NAMES[-1]:
            raise RuntimeError("stop here")
        return run(p, *args, **kwargs)

    root = batch.parent
    for fmt in FORMATS:
        (root / f"batch.{fmt}").write_text("old", encoding="utf-8")
    monkeypatch.setattr(pipeline, "run", checking)
    outputs = [arg for fmt in FORMATS for arg in ("-o", f"{fmt}={root / f'batch.{fmt}'}")]
    res = CliRunner().invoke(main, ["--no-html", "--jobs", "1", *outputs, str(batch)])
    assert res.exit_code == 2 and "stop here" in res.stderr
    assert all((root / f"batch.{fmt}").read_text(encoding="utf-8") == "old" for fmt in FORMATS)
    assert sorted(p.name for p in root.iterdir()) == sorted(["arts", "claims", "verify.toml", *(f"batch.{f}" for f in FORMATS)])


def test_the_job_summary_of_a_streamed_batch_is_the_whole_batch_one(batch, monkeypatch, tmp_path):
    summaries = []
    for streamed in (session_mod.Session.STREAMED, ("json", "sarif")):
        monkeypatch.setattr(session_mod.Session, "STREAMED", streamed)
        page = tmp_path / f"summary{len(summaries)}.md"
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(page))
        res = CliRunner().invoke(main, ["--no-html", "--jobs", "1", "-f", "github", str(batch)])
        assert res.exit_code == 1, res.stderr
        summaries.append(page.read_text(encoding="utf-8"))
    assert summaries[0] == summaries[1] and "Contradicted figures" in summaries[0]


def test_a_claimreview_article_with_no_address_still_stops_the_run_at_the_end(batch, tmp_path):
    accept_all(tmp_path)
    (tmp_path / "verify.toml").unlink()
    out = tmp_path / "batch.claimreview"
    out.write_text("old", encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", "-o", f"claimreview={out}", str(batch)])
    assert res.exit_code == 2 and "has decided findings but no address" in res.stderr
    assert out.read_text(encoding="utf-8") == "old" and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_worker_processes_stream_the_same_text(batch, tmp_path):
    accept_all(tmp_path)
    texts = []
    for jobs in ("1", "2"):
        outputs = [arg for fmt in FORMATS for arg in ("-o", f"{fmt}={tmp_path / f'{jobs}.{fmt}'}")]
        res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", jobs, *outputs, str(batch)])
        assert res.exit_code == 0, res.stderr
        texts.append([(tmp_path / f"{jobs}.{fmt}").read_text(encoding="utf-8") for fmt in FORMATS])
    assert texts[0] == texts[1]

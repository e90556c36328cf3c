"""A batch's JSON streams: each article's report is written out when it is taken, before the next
article is checked, and let go; the text is the whole-batch ``dumps``'s (issue 11 item 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier import pipeline
from verifier.cli import main
from verifier.pipeline import run
from verifier.report import output, session as session_mod
from verifier.report.json_out import BatchStream, article_piece, dumps, single
from verifier.report.view import ArticleReport

CONFLICT = Path(__file__).parent / "fixtures" / "cross" / "conflict"


def _events(monkeypatch):
    """What happens, in order: ("check", name) per article checked, ("write", names in it) per piece written."""
    events = []
    names = sorted(p.name for p in CONFLICT.glob("*.txt"))

    def checking(p, *args, **kwargs):
        events.append(("check", Path(p).name))
        return run(p, *args, **kwargs)

    def writing(self, text):
        events.append(("write", tuple(n for n in names if n in text)))
        write(self, text)

    write = output.AtomicFile.write
    monkeypatch.setattr(pipeline, "run", checking)
    monkeypatch.setattr(output.AtomicFile, "write", writing)
    return events, names


def test_a_json_batch_writes_each_article_before_checking_the_next_and_keeps_no_report(tmp_path, monkeypatch):
    events, names = _events(monkeypatch)
    held = []
    take = session_mod.Session.take

    def spy(self, processed, live=False):
        take(self, processed, live)
        held.append((len(self.reports), processed[2]))

    monkeypatch.setattr(session_mod.Session, "take", spy)
    out = tmp_path / "batch.json"
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", "-f", "json", "-o", str(out), str(CONFLICT)])
    assert res.exit_code == 0, res.stderr
    a, b, c = names
    # the first is held until a second comes (a batch of one readable article is written whole), then each goes out at once
    assert events == [("check", a), ("check", b), ("write", (a,)), ("write", (b,)), ("check", c), ("write", (c,)),
                      ("write", (a, b, c))]  # the end: the brackets and cross_article, which names all three
    assert held and all(n == 0 and rep is None for n, rep in held)  # no report waits for the end
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(r["article"]["path"]).name for r in data["reports"]] == names and data["cross_article"]
    assert [p.name for p in tmp_path.iterdir()] == ["batch.json"]  # the temporary file was renamed over


def test_the_streamed_text_is_the_whole_batch_text():
    reps = []
    for p in sorted(CONFLICT.glob("*.txt")):
        rep = ArticleReport(run(p))
        rep.ledger_path = None
        reps.append(rep)
    cross = [{"rule": "CN003", "articles": [{"path": "x", "text": "a\nb"}], "evidence": {"n": [1.5, None]}}]
    for k in (1, 2, 3):
        written = []
        stream = BatchStream(lambda: written.append)
        for rep in reps[:k]:
            stream.add(article_piece(rep))
        rest = stream.close(cross)
        text = "".join(written) if rest is None else rest
        assert text == dumps(reps[:k], cross), k
        assert (rest is not None) == (k == 1) and (written == []) == (k == 1)
    assert single(article_piece(reps[0])) == dumps(reps[:1])


def test_a_batch_that_stops_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    arts = tmp_path / "arts"
    shutil.copytree(CONFLICT, arts)
    out = tmp_path / "batch.json"
    out.write_text("old", encoding="utf-8")

    def checking(p, *args, **kwargs):
        if Path(p).name.startswith("wednesday"):
            raise RuntimeError("stop here")
        return run(p, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run", checking)
    res = CliRunner().invoke(main, ["--no-html", "--jobs", "1", "-f", "json", "-o", str(out), str(arts)])
    assert res.exit_code == 2 and "stop here" in res.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arts", "batch.json"]

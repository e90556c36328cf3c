"""CN003 cross-article-conflict: one figure stated differently in two articles of a batch."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from verifier.check.across import cross_article
from verifier.check.registry import get
from verifier.cli import main
from verifier.pipeline import run
from verifier.read import collect_articles

CROSS = Path(__file__).parent / "fixtures" / "cross"


def batch(folder: str) -> list[dict]:
    paths = collect_articles([CROSS / folder])
    return cross_article([str(p) for p in paths], [run(p) for p in paths])


def test_articles_stating_one_revenue_differently_conflict():
    found = batch("conflict")
    pairs = {tuple(Path(a["path"]).name for a in f["articles"]): tuple(a["text"] for a in f["articles"]) for f in found}
    assert pairs == {
        ("monday-brief.txt", "tuesday-feature.txt"): ("$213.4 billion", "$231.4 billion"),
        ("monday-brief.txt", "wednesday-zh.txt"): ("$213.4 billion", "2500億美元"),
        ("tuesday-feature.txt", "wednesday-zh.txt"): ("$231.4 billion", "2500億美元"),
    }
    assert all(f["rule"] == "CN003" and f["severity"] == "error" and f["verdict"] == "contradicted" for f in found)
    first = found[0]
    assert "monday-brief.txt" in first["message"] and "tuesday-feature.txt" in first["message"]
    assert "transposition" in first["message"]
    assert first["evidence"]["key"] == {"entity": "Amazon", "metric": "revenue", "subject": None, "period": "2025-Q4", "unit": "USD"}
    assert [f["id"] for f in found] == ["x1", "x2", "x3"]


def test_consistent_rounded_hedged_or_bounded_figures_do_not_conflict():
    assert batch("consistent") == []


def test_other_periods_and_other_companies_do_not_conflict():
    assert batch("periods") == []


def test_one_article_alone_has_nothing_to_compare():
    p = CROSS / "conflict" / "monday-brief.txt"
    assert cross_article([str(p)], [run(p)]) == []


def test_the_rule_is_in_the_codes_table():
    r = get("CN003")
    assert r is not None and r.name == "cross-article-conflict" and "Why it matters" in r.doc


def test_json_and_summary_of_a_batch():
    res = CliRunner().invoke(main, ["--format", "json", "--fail-on", "never", str(CROSS / "conflict")])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"reports", "cross_article"} and len(data["cross_article"]) == 3
    assert CliRunner().invoke(main, ["--format", "json", str(CROSS / "conflict")]).exit_code == 1
    quiet = CliRunner().invoke(main, ["--format", "json", "--fail-on", "error", str(CROSS / "consistent")])
    assert json.loads(quiet.stdout)["cross_article"] == [] and quiet.exit_code == 0
    text = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", str(CROSS / "conflict")]).stdout
    assert "Across articles: 3 findings" in text and "CN003" in text
    zh = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--lang", "zh-Hant", str(CROSS / "conflict")]).stdout
    assert "跨文章：3 項發現" in zh  # the batch's heading in the language of its report


def test_select_ignore_and_severity_apply():
    folder = str(CROSS / "conflict")
    ignored = json.loads(CliRunner().invoke(main, ["--format", "json", "--ignore", "CN003", folder]).stdout)
    assert ignored["cross_article"] == []
    res = CliRunner().invoke(main, ["--format", "json", "--severity", "CN003=warning", "--select", "CN003", folder])
    assert {f["severity"] for f in json.loads(res.stdout)["cross_article"]} == {"warning"} and res.exit_code == 0


def test_articles_that_agree_are_one_reading(tmp_path):
    for i in range(5):
        (tmp_path / f"agree-{i}.txt").write_text("Amazon reported revenue of $213.4 billion for the fourth quarter of 2025.\n", "utf-8")
    (tmp_path / "slip.txt").write_text("Amazon's revenue for the fourth quarter of 2025 was $231.4 billion.\n", "utf-8")
    paths = collect_articles([tmp_path])
    found = cross_article([str(p) for p in paths], [run(p) for p in paths])
    assert len(found) == 1
    assert "(and 4 other articles)" in found[0]["message"] and "slip.txt" in found[0]["message"]
    assert [len(r["articles"]) for r in found[0]["evidence"]["readings"]] == [5, 1]


def test_a_batch_keeps_only_compact_cn003_records_and_at_most_a_bound_of_them_in_memory(tmp_path):
    """What a streamed batch holds of an article once reported: plain tuples for CN003, no result or report,
    and past the store's bound none of them in memory: they wait on disk, grouped by key at the end."""
    from verifier.check.across import Store, cross_of_entries, keyed_entries
    from verifier.check.rules.cn003_cross_article_conflict import Entry

    paths = collect_articles([CROSS / "conflict"])
    store = Store(bound=2)
    for p in paths:
        keyed = keyed_entries(str(p), run(p))
        assert keyed and all(type(e) is Entry for _, e in keyed)
        assert all(type(v) in (str, int, float, bool) for _, e in keyed for v in e)  # nothing that refers back to the claim
        store.add(keyed)
        assert len(store.held) < 2 + len(keyed)  # written out once the bound is reached
    folder = Path(store.folder)
    assert folder.is_dir() and len(store) >= len(paths)
    assert cross_of_entries(store, len(paths)) == batch("conflict")  # read back by key: the same findings
    assert not folder.exists() and store.held == []  # the store goes once it is read


def test_the_stores_order_is_a_dict_of_lists_order():
    """Keys in the order they first came, each key's entries in the order they were added, held or spilled."""
    from verifier.check.across import Store
    from verifier.check.rules.cn003_cross_article_conflict import Entry

    pairs = [((k, "revenue", None, "2025-Q4", "level", "USD", False), Entry(f"a{i}.txt", "c1", i, i + 1, "1", 1.0, 1.0, 1.0, False, "", "amount", "en"))
             for i, k in enumerate(["B", "A", "B", "C", "A", "B"])]
    expected: dict = {}
    for k, e in pairs:
        expected.setdefault(k, []).append(e)
    for bound in (100, 1, 4):
        store = Store(bound=bound)
        for pair in pairs:
            store.add([pair])
        assert list(store.groups()) == list(expected.items()), bound
        store.close()


def test_the_store_is_removed_after_a_run_and_after_a_stopped_run(tmp_path, monkeypatch):
    from verifier import pipeline
    from verifier.check import across

    made = []
    open_ = across.Store._open

    def opening(self):
        db = open_(self)
        made.append(Path(self.folder))
        return db

    monkeypatch.setattr(across.Store, "_open", opening)
    monkeypatch.setattr(across.Store, "BOUND", 1)
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", str(CROSS / "conflict")])
    assert res.exit_code == 0, res.stderr
    assert "Across articles" in res.stdout and made and not any(f.exists() for f in made)

    made.clear()
    run_ = pipeline.run

    def checking(p, *args, **kwargs):
        if Path(p).name.startswith("wednesday"):
            raise KeyboardInterrupt
        return run_(p, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run", checking)
    res = CliRunner().invoke(main, ["--no-html", "--jobs", "1", str(CROSS / "conflict")])
    assert res.exit_code != 0 and made and not any(f.exists() for f in made)


def test_text_batch_lets_each_report_go(tmp_path, monkeypatch):
    from verifier.report import session as session_mod

    seen = []
    take = session_mod.Session.take

    def spy(self, processed, live=False):
        take(self, processed, live)
        seen.append((len(self.reports), processed[2]))

    monkeypatch.setattr(session_mod.Session, "take", spy)
    res = CliRunner().invoke(main, ["--no-html", "--fail-on", "never", "--jobs", "1", str(CROSS / "conflict")])
    assert res.exit_code == 0, res.stderr
    assert seen and all(n == 0 and rep is None for n, rep in seen)

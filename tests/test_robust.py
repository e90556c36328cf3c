"""Hostile text never breaks verify: no internal error, no non-finite number, strict JSON out."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cli import main
from verifier.pipeline import analyse_text
from verifier.read import article_from_text
from verifier.report.json_report import dumps

HOSTILE = [
    "Sales rose from $0 in 2020 to $5 billion in 2025, a compound annual growth rate of 5%.",
    "銷售額從2020年的0美元增至2025年的50億美元，年複合成長率5%。",
    "-1USD從2026年複合成長率5%2030市值5美元",
    "預測1e308 thousand",
    "Revenue was 1e308 trillion.",
    "4-￥1e308",
    "1e308 MCHF近1",
    "銷量1e308 trillion USD陸美元",
    "Revenue was 1e400 dollars, up 1e-400% from 1e309.",
    "營收1" + "億" * 40 + "美元",
    "1" * 310 + "千",
    "Revenue was $" + "9" * 400 + " billion.",
    "每股收益为0美元 低于去年同期0.23美元",  # a zero per-share figure beside an amount (was a ZeroDivisionError)
    "Earnings were $0 a share, against $0.23 a year earlier.",
    "一二三四五六七八九萬億" * 1000,  # a numeral run past any figure's length (was a RecursionError)
]


def _reject(name):
    raise ValueError(f"non-strict JSON constant {name}")


def _finite_numbers(x):
    if isinstance(x, dict):
        return all(_finite_numbers(v) for v in x.values())
    if isinstance(x, list):
        return all(_finite_numbers(v) for v in x)
    return not isinstance(x, float) or math.isfinite(x)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_figures_exit_with_findings_and_strict_json(tmp_path, text):
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["--format", "json", "--fail-on", "error", str(article)])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout, parse_constant=_reject)
    assert _finite_numbers(data)


def test_a_figure_past_the_range_is_a_note_and_never_a_claim():
    result = analyse_text(article_from_text("Revenue was 1e308 trillion, and costs were $5 billion."))
    assert [c.quantity.text for c in result.claims] == ["$5 billion"]
    notes = [f for f in result.findings if f.rule == "EX001"]
    assert len(notes) == 1 and "1e308 trillion" in notes[0].message


def test_a_cagr_from_zero_is_unverifiable_not_computed():
    result = analyse_text(article_from_text(HOSTILE[0]))
    assert [f.verdict for f in result.findings if f.rule == "AR006"] == ["unverifiable"]


def test_lone_surrogates_are_accepted_and_offsets_hold():
    text = "abc \ud800 revenue was 1.5億美元 \udfff in 2025"
    result = analyse_text(article_from_text(text))
    assert [text[c.start : c.end] for c in result.claims] == [c.quantity.text for c in result.claims]
    assert any(c.quantity.text == "1.5億美元" for c in result.claims)


PIECES = st.sampled_from(
    ["1", "0", "-", "1e308", "1e400", "9" * 30, ".", ",", "%", "億", "萬", "兆", "千", "trillion", "billion", " ", "\n",
     "$", "¥", "￥", "USD", "美元", "元", "年", "2025", "from ", " to ", "複合成長率", "CAGR", "rose ", "約", "近", "|",
     "\u200b", "\u202e", "\ud800", "一", "二", "三", "十", "百", "e", "-1", "Q4", "增", "降",
     "万亿", "个百分点", "個百分點", "成", "同比增长", "年增", "(", ")", "（", "）", "–", "~", "\u200f", "\ufeff",
     "\n| a | b |\n|---|---|\n| ", " | ", "€", "£", "HK$", "pp", "per share", "Revenue ", "營收", "2025年Q4(10-12月)"]
)


TEXTS = st.one_of(st.text(max_size=80), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_pipeline_never_raises_on_any_text(text):
    result = analyse_text(article_from_text(text))
    for c in result.claims:
        q = c.quantity
        assert text[q.start : q.end] == q.text
        assert all(math.isfinite(v) for v in (q.value, q.precision) + tuple(x for x in (q.low, q.high) if x is not None))
    out = dumps([result])
    json.loads(out, parse_constant=_reject)
    assert dumps([analyse_text(article_from_text(text))]) == out  # deterministic


def _cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_in_one_line_before_reading(device):
    res = _cli(device, "--no-html")
    assert res.exit_code == 2 and "not a regular file" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_a_fifo_and_a_symlink_loop_say_what_they_are(tmp_path):
    import os

    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in _cli(fifo, "--no-html").stderr
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    res = _cli(loop, "--no-html")
    assert res.exit_code == 2 and "symbolic link" in res.stderr


@pytest.mark.parametrize("target", ["claims/story.yaml", "claims/other.yaml", "verify.toml", "pyproject.toml"])
def test_output_never_replaces_a_ledger_or_the_config(tmp_path, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    (tmp_path / "story.txt").write_text("Revenue rose 25% to $230 million from $200 million.", encoding="utf-8")
    kept = {"claims/story.yaml": "findings: []\n", "claims/other.yaml": "findings: []\n", "verify.toml": "", "pyproject.toml": "[project]\nname = 'x'\n"}
    for name, body in kept.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    res = _cli("story.txt", "--no-html", "-f", "json", "-o", target)
    assert res.exit_code == 2 and "refusing to write" in res.stderr
    assert all((tmp_path / n).read_text(encoding="utf-8") == b for n, b in kept.items())


def test_output_into_a_device_is_refused():
    res = _cli(Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt", "--no-html", "-f", "json", "-o", "/dev/null")
    assert res.exit_code == 2 and "not a regular file" in res.stderr


def _story(folder: Path) -> Path:
    art = folder / "story.txt"
    art.write_text("Revenue rose 15% to $230 million from $200 million.\n", encoding="utf-8")
    return art


def test_a_ledger_or_table_that_is_a_fifo_or_a_device_is_refused_before_reading(tmp_path, monkeypatch):
    import os

    monkeypatch.chdir(tmp_path)
    _story(tmp_path)
    (tmp_path / "claims").mkdir()
    os.mkfifo(tmp_path / "claims" / "story.yaml")  # opening it to read would wait for a writer for ever
    res = _cli("story.txt", "--no-html")
    assert res.exit_code == 2 and "the ledger is not a regular file" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    (tmp_path / "claims" / "story.yaml").unlink()
    os.mkfifo(tmp_path / "t.csv")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "z.csv").symlink_to("/dev/zero")
    for table in ("t.csv", "tables"):
        res = _cli("story.txt", "--no-html", "--sources", table)
        assert res.exit_code == 2 and "is not a regular file" in res.stderr, table
        assert res.stderr.strip().splitlines()[-1].startswith("verify: error:")


def test_max_size_refuses_a_larger_article_ledger_table_or_stdin_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _story(tmp_path)
    assert _cli("story.txt", "--no-html", "--max-size", "1KB").exit_code == 0
    res = _cli("story.txt", "--no-html", "--max-size", "20")
    assert res.exit_code == 2 and "past the 20 bytes a file may be (--max-size)" in res.stderr
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "story.yaml").write_text("article: story.txt\nfindings: []\n" + "#" * 2000 + "\n", encoding="utf-8")
    res = _cli("story.txt", "--no-html", "--max-size", "1K")
    assert res.exit_code == 2 and "claims/story.yaml: the ledger is 2" in res.stderr
    (tmp_path / "claims" / "story.yaml").unlink()
    (tmp_path / "t.csv").write_text("entity,metric,period,value,unit,source\n" + "Acme,revenue,2025,5,USD bn,x\n" * 100, encoding="utf-8")
    res = _cli("story.txt", "--no-html", "--max-size", "1K", "--sources", "t.csv")
    assert res.exit_code == 2 and "t.csv: is 2.9 KB, past the 1 KB" in res.stderr
    res = CliRunner().invoke(main, ["--no-html", "--max-size", "1K"], input="Revenue rose 5%. " * 100)
    assert res.exit_code == 2 and "standard input is more than the 1 KB" in res.stderr
    for bad in ("10x", "0", "-5", "MB"):
        res = _cli("story.txt", "--no-html", "--max-size", bad)
        assert res.exit_code == 2 and "--max-size" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_a_dangling_link_and_a_loop_are_told_apart(tmp_path):
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert "symbolic link to a file that does not exist" in _cli(dangling, "--no-html").stderr
    assert "loops back on itself" in _cli(loop, "--no-html").stderr
    assert "does not exist; check the path" in _cli(tmp_path / "never.txt", "--no-html").stderr


def test_an_unreadable_subfolder_is_reported_and_the_run_exits_2(tmp_path, monkeypatch):
    import os

    drafts = tmp_path / "drafts"
    (drafts / "locked").mkdir(parents=True)
    _story(drafts)
    _story(drafts / "locked")
    scandir = os.scandir

    def denied(path="."):  # chmod 000 does not stop root, so the listing is refused here
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    res = _cli(drafts, "--no-html", "-f", "json")
    assert res.exit_code == 2
    assert f"verify: error: {drafts / 'locked'} cannot be listed (Permission denied); its articles were not checked" in res.stderr
    assert [Path(r["article"]["path"]).name for r in [json.loads(res.stdout)]] == ["story.txt"]
    (drafts / "story.txt").unlink()
    res = _cli(drafts, "--no-html")  # nothing else to check: the one line says why
    assert res.exit_code == 2 and "cannot be listed" in res.stderr and len(res.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
@pytest.mark.parametrize("out", ["/dev/stdout", "json=/dev/stdout", "json=/dev/fd/1"])
def test_output_to_dev_stdout_is_standard_output_as_a_stream(tmp_path, out):
    import os

    was = os.path.islink("/dev/stdout"), os.path.realpath("/dev/stdout")
    res = _cli(_story(tmp_path), "--no-html", "-f", "json", "-o", out)
    assert res.exit_code == 0 and json.loads(res.stdout)["article"]["path"].endswith("story.txt")
    assert (os.path.islink("/dev/stdout"), os.path.realpath("/dev/stdout")) == was  # not replaced by a file


@pytest.mark.skipif(not Path("/dev/stderr").exists(), reason="needs /dev/stderr")
@pytest.mark.parametrize("out", ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2", "html=/dev/stdout"])
def test_output_into_dev_or_proc_is_refused_whatever_it_leads_to(tmp_path, out):
    res = _cli(_story(tmp_path), "--no-html", "-f", "html" if out.startswith("html") else "json", "-o", out)
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1
    assert "not a regular file" in res.stderr or "never written to standard output" in res.stderr

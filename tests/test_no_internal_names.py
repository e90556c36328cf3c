"""No internal identifier, sentinel or unrounded float reaches a reader.

The bundled example and every article of ``tests/fixtures/articles`` go
through every human-readable format (terminal text, concise, HTML, SARIF
message text, GitHub annotations, GitLab descriptions, JUnit, and the
message, advice and arithmetic of the JSON report), in each article's own
language and under ``--lang``. What a reader sees must hold no metric id
(``market_size``), no snake_case key, no period label or sentinel
(``2025-Q4``, ``Q3@prev-year``, ``@base``), no claim id (``c12``) and no
float past a few digits (``22.63616998``). Tools keep all of them in the
JSON fields made for tools.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import main

REPO = Path(__file__).parents[1]
ARTICLES = [REPO / "verifier" / "examples" / "amazon-capex-zh-hant.txt",
            *sorted(p for p in (REPO / "tests" / "fixtures" / "articles").iterdir() if p.suffix in (".txt", ".md"))]
METRICS = [line.split("\t")[0] for line in (REPO / "verifier" / "data" / "metrics.tsv").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]

LEAKS = {
    "metric id": re.compile(r"(?<![\w/.-])(?:" + "|".join(re.escape(m) for m in METRICS if "_" in m) + r")(?!\w)"),
    "snake_case key": re.compile(r"(?<![\w/.%-])[a-z]+_[a-z_]+(?![\w.(/])"),
    "period sentinel": re.compile(r"@(?:prev|base|next|this)|\bytd(?:-[QM]\d+)?\b|\bfirst-\d+m\b|\bprev-(?:month|quarter|year|day)|\d{4}\.\.\d{4}"),
    "period label": re.compile(r"(?<![\w/-])(?:FY)?\d{4}-[QH][1-4](?!\w)"),
    "claim id": re.compile(r"(?<![\w/#.-])c\d+(?![\w.])"),
    "unrounded float": re.compile(r"\d\.\d{7,}"),
}
# Addresses and file names are the reader's own references (a URL may hold anything).
_REFERENCES = re.compile(r"https?://\S+|\S+\.(?:csv|yaml|yml|json|txt|md|html)\b")


class _Visible(HTMLParser):
    """The text a browser shows: no scripts, styles or attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _readable(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        v = _Visible()
        v.feed(raw)
        return ["\n".join(v.parts)]
    if path.suffix == ".sarif":
        return [r["message"]["text"] for run in json.loads(raw)["runs"] for r in run["results"]]
    if path.suffix == ".gitlab":
        return [x["description"] for x in json.loads(raw)]
    if path.suffix == ".json":
        data = json.loads(raw)
        out = []
        for rep in data.get("reports", [data]):
            for f in rep["findings"]:
                ev = f.get("evidence") or {}
                out += [f["message"], f.get("advice") or ""] + [ev[k] for k in ("formula", "arithmetic", "tolerance") if isinstance(ev.get(k), str)]
        return out
    return [raw]


def leaks(paths) -> list[tuple[str, str, str]]:
    found = []
    for path in paths:
        for text in _readable(path):
            text = _REFERENCES.sub(" ", text)
            for name, rx in LEAKS.items():
                for m in rx.finditer(text):
                    found.append((path.name, name, text[max(0, m.start() - 50) : m.end() + 20].replace("\n", " ")))
    return found


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("readers")
    shutil.copytree(REPO / "sources", d / "sources")  # the source tables, so the SR rules speak too
    return d


@pytest.mark.parametrize("lang", [None, "en", "zh-Hant", "zh-Hans"])
def test_no_internal_name_in_any_human_readable_format(workdir, monkeypatch, lang):
    monkeypatch.chdir(workdir)
    out = workdir / (lang or "own")
    out.mkdir()
    formats = {"text": "out.txt", "concise": "out.concise", "sarif": "out.sarif", "github": "out.github",
               "gitlab": "out.gitlab", "junit": "out.junit", "json": "out.json"}
    args = [str(p) for p in ARTICLES] + ["--fail-on", "never", "--show", "all", "--figures", "--html"]
    args += [a for f, name in formats.items() for a in ("-o", f"{f}={out / name}")]
    args += ["--lang", lang] if lang else []
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    written = [out / name for name in formats.values()] + sorted((workdir / "reports").glob("*.html"))
    assert all(p.exists() and p.stat().st_size for p in written)
    assert leaks(written) == []


def test_the_leak_check_can_fail(tmp_path):
    sample = tmp_path / "sample.txt"
    sample.write_text("global AI market market_size for Q3@prev-year (2025-Q4), inputs c12, 22.63616998", encoding="utf-8")
    assert {name for _, name, _ in leaks([sample])} == set(LEAKS)

"""The HTML report speaks the article's language: its labels, the pairing phrases, in its script.

The page's own words come from ``verifier/data/ui/<lang>.yaml`` (section ``html``) and the
pairing phrases from ``verifier/data/pairing.tsv``, chosen like the rules' messages:
``--lang``, else the article's language. ``tests/golden/html/golden.<lang>.html`` holds the
golden report's page in each language (style and script left out; ``UPDATE_GOLDEN=1``
regenerates them).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from test_report_fixtures import REPO, golden_report
from verifier import lexicon
from verifier.cli import main
from verifier.messages import LANGS, _script_only
from verifier.models import Pairing
from verifier.pipeline import analyse_text
from verifier.read import article_from_text
from verifier.report.html import render_html
from verifier.report.sarif import sarif_log
from verifier.report.view import ArticleReport

GOLDEN = Path(__file__).parent / "golden" / "html"
UI = REPO / "verifier" / "data" / "ui"
# Written for these tests: a beat whose numbers are lower, growth stated with both figures.
HANT = "台積電第三季營收為7,597億元，年增40%，高於去年同期的5,467億元。台積電第三季每股盈餘為12.5元，優於市場預估的13.2元。"
HANS = "台积电第三季营收为7,597亿元，同比增长40%，高于去年同期的5,467亿元。台积电第三季每股收益为12.5元，优于市场预估的13.2元。"


def _html_words(lang: str) -> dict:
    def flat(d, prefix=""):
        for k, v in d.items():
            if isinstance(v, dict):
                yield from flat(v, f"{prefix}{k}.")
            else:
                yield f"{prefix}{k}", v

    return dict(flat(yaml.safe_load((UI / f"{lang}.yaml").read_text(encoding="utf-8"))))


def _page_text(page: str) -> str:
    """What a reader sees of the page's own words: the text outside the article and the findings' messages."""
    body = re.sub(r'<div class="article".*?</div>', "", page[page.index("<body>"):], flags=re.S)
    body = re.sub(r"<script>.*?</script>", "", body, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", body)


def _stable(page: str) -> str:
    """The page without its style and script (their own files) and their hashes."""
    page = re.sub(r"<style>.*?</style>", "<style>…</style>", page, flags=re.S)
    page = re.sub(r"<script>.*?</script>", "<script>…</script>", page, flags=re.S)
    return re.sub(r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-…'", page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_golden_page_in_each_language(lang):
    page = _stable(render_html(golden_report(), lang=lang))
    path = GOLDEN / f"golden.{lang}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    assert page == path.read_text(encoding="utf-8"), f"{path.name} differs; rerun with UPDATE_GOLDEN=1 if intended"


def test_every_language_has_every_word_of_the_page():
    keys = {lang: set(_html_words(lang)) for lang in LANGS}
    for lang in LANGS:
        assert keys[lang] == keys["en"], (lang, sorted(keys[lang] ^ keys["en"]))


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_the_chinese_words_are_in_their_own_script(lang):
    hant_only, hans_only = _script_only()
    other = hans_only if lang == "zh-Hant" else hant_only
    for key, value in _html_words(lang).items():
        assert not set(str(value)) & other, (lang, key, value)
    col = 1 + LANGS.index(lang)
    for row in lexicon.rows("pairing.tsv"):
        assert not set(row[col]) & other, (lang, row)


def test_pairing_phrases_have_every_language():
    rows = lexicon.rows("pairing.tsv")
    assert {r[0] for r in rows} >= {"clause", "linked", "matched", "source", "guessed", "with_guessed"}
    assert all(len(r) == 1 + len(LANGS) and all(r) for r in rows)


@pytest.mark.parametrize("text, lang", [(HANT, "zh-Hant"), (HANS, "zh-Hans")])
def test_a_chinese_article_gets_its_page_in_its_own_language_and_script(text, lang):
    result = analyse_text(article_from_text(text))
    assert result.article.language == lang and result.findings
    page = render_html(ArticleReport(result))
    words = _html_words(lang)
    seen = _page_text(page)
    for key in ("html.summary", "html.findings", "html.article", "html.figure", "html.filter_severity", "html.close", "html.card.printed"):
        assert words[key] in seen, key
    assert f'<html lang="{lang}"' in page
    english = _html_words("en")
    for key in ("html.summary", "html.findings", "html.close", "html.card.printed", "html.card.interval", "html.no_findings"):
        assert not re.search(rf"\b{re.escape(english[key])}\b", seen), key
    assert "Reading:" not in page and "Gate (" not in page and "line 1, column" not in page
    phrase = lexicon.pairing_phrases(lang)["clause"]
    assert f'<p class="pairing">{words["html.reading"].format(text=phrase)}' in page


def test_english_words_with_lang_en():
    result = analyse_text(article_from_text(HANT), lang="en")
    page = render_html(ArticleReport(result, lang="en"))
    assert '<html lang="en"' in page and '<div class="article" lang="zh-Hant">' in page
    assert "<h2 id=\"summary-h\">Summary</h2>" in page and "Reading: stated together in one sentence" in page
    assert "摘要" not in page and "判讀方式" not in page


def test_the_guesses_join_in_the_language_of_the_page():
    p = Pairing(how="matched", guessed=("甲", "乙"))
    assert lexicon.pairing_text(p) == "paired by entity, metric and period, not by the wording; read from context: 甲, 乙"
    assert lexicon.pairing_text(p, "zh-Hant") == "依主體、指標與期間配對，而非依文字；由上下文推定：甲、乙"


def test_the_cli_writes_the_page_and_sarif_in_the_article_language_unless_told(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(HANT, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["story.txt", "--fail-on", "never", "-f", "text", "-f", "sarif", "-o", "sarif=out.sarif"])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "reports" / "story.html").read_text(encoding="utf-8")
    assert "<h2 id=\"summary-h\">摘要</h2>" in page
    described = {r["properties"]["pairing"]["description"] for r in json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
                 if "pairing" in r["properties"]}
    assert described and all("同一句" in d or "配對" in d or "比較" in d or "連結" in d for d in described)
    res = runner.invoke(main, ["story.txt", "--fail-on", "never", "--lang", "en", "-f", "text", "-f", "sarif", "-o", "sarif=out.sarif"])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "reports" / "story.html").read_text(encoding="utf-8")
    assert "<h2 id=\"summary-h\">Summary</h2>" in page and "摘要" not in page
    described = {r["properties"]["pairing"]["description"] for r in json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
                 if "pairing" in r["properties"]}
    assert described and all(re.fullmatch(r"[ -~]+", d) for d in described)


def test_every_rule_has_its_name_in_every_language():
    from verifier.check.registry import all_rules

    for lang in LANGS:
        named = yaml.safe_load((UI / f"{lang}.yaml").read_text(encoding="utf-8"))["html"]["rule"]
        missing = [r.code for r in all_rules(stage=None) if not named.get(r.code)]
        assert not missing, (lang, missing)


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_names_rules_severities_and_the_language_in_its_words(lang):
    from verifier.check.registry import all_rules

    rep = golden_report()
    seen = _page_text(render_html(rep, lang=lang))
    words = _html_words(lang)
    for code in {f.rule for f in rep.result.findings}:
        assert f"{code} {words[f'html.rule.{code}']}" in seen, code
    # No rule's own (kebab-case) name, the fixture's made-up one, or a language code is shown.
    for name in [r.name for r in all_rules(stage=None) if "-" in r.name] + ["source-mismatch"]:
        assert name not in seen, name
    assert not re.search(r"\b(?:zh-Hant|zh-Hans)\b", seen) and words["html.language.en"] in seen
    for key in ("html.key", "html.legend.contradicted", "html.legend.none.text", "html.filter.all", "html.filter.custom",
                "html.card_filtered", "html.verdict.needs-review"):
        assert words[key] in seen.replace("&#x27;", "'"), key


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_a_chinese_page_has_no_english_word_of_its_own(lang):
    seen = _page_text(render_html(golden_report(), lang=lang))
    english = _html_words("en")
    for key in ("html.key", "html.filter.all", "html.legend.none.mark", "html.legend.active.text", "html.rule.SR001",
                "html.card_filtered"):
        assert english[key] not in seen.replace("&#x27;", "'"), key
    for leak in ("figures that held", "other note", "Showing", "Tick"):
        assert leak not in seen, leak

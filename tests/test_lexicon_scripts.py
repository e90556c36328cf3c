"""The lexicons read each Chinese word in both scripts, so a paraphrase in the other script reads the same;
the files matched on the folded text hold a word in one script only."""

from __future__ import annotations

import pytest

from lexicon_scripts import FILES, FOLDED, missing, redundant, variants

pytest.importorskip("opencc")


def test_opencc_gives_the_other_script():
    assert "营收" in variants("營收") and "營收" in variants("营收")
    assert variants("revenue") == []


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_chinese_surface_has_its_other_script_form(name):
    gaps = missing(name)
    assert not gaps, f"{name}: run `.venv/bin/python tests/lexicon_scripts.py --write`; missing: {gaps[:5]}"


@pytest.mark.parametrize("name", sorted(FOLDED))
def test_a_file_matched_folded_holds_a_word_once(name):
    twins = redundant(name)
    assert not twins, f"{name}: run `.venv/bin/python tests/lexicon_scripts.py --write`; redundant once folded: {twins[:5]}"


def test_a_paraphrase_in_the_other_script_gives_the_same_findings():
    import opencc

    from verifier.pipeline import analyse_text
    from verifier.read import article_from_text

    hant = "聯發科第三季營業利益為255.6億元，營收1420億元，營益率為21%。聯發科第三季每股純益15.9元，低於市場預估的16.2元。"
    hans = opencc.OpenCC("t2s").convert(hant)

    def findings(text):
        return [(f.rule, f.verdict) for f in analyse_text(article_from_text(text)).findings if f.rule != "SC001"]

    assert findings(hant) == findings(hans) and findings(hant)


def _article_findings(text, name):
    from verifier.pipeline import analyse_text
    from verifier.read import article_from_text

    return [(f.rule, f.verdict) for f in analyse_text(article_from_text(text, name)).findings if f.rule != "SC001"]


def _zh_articles():
    from pathlib import Path

    root = Path(__file__).parent / "fixtures" / "articles"
    return sorted(p for p in root.iterdir() if p.name.startswith("zh-") and p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("path", _zh_articles(), ids=lambda p: p.stem)
def test_each_chinese_fixture_article_reads_the_same_in_the_other_script(path):
    import opencc

    text = path.read_text(encoding="utf-8")
    other = opencc.OpenCC("t2s" if path.name.startswith("zh-hant") else "s2t").convert(text)
    assert _article_findings(other, path.name) == _article_findings(text, path.name)

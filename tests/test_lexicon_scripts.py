"""The lexicons hold each Chinese word in both scripts, so a paraphrase in the other script reads the same."""

from __future__ import annotations

import pytest

from lexicon_scripts import FILES, missing, variants

pytest.importorskip("opencc")


def test_opencc_gives_the_other_script():
    assert "营收" in variants("營收") and "營收" in variants("营收")
    assert variants("revenue") == []


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_chinese_surface_has_its_other_script_form(name):
    gaps = missing(name)
    assert not gaps, f"{name}: run `.venv/bin/python tests/lexicon_scripts.py --write`; missing: {gaps[:5]}"


def test_a_paraphrase_in_the_other_script_gives_the_same_findings():
    import opencc

    from verifier.pipeline import analyse_text
    from verifier.read import article_from_text

    hant = "聯發科第三季營業利益為255.6億元，營收1420億元，營益率為21%。聯發科第三季每股純益15.9元，低於市場預估的16.2元。"
    hans = opencc.OpenCC("t2s").convert(hant)

    def findings(text):
        return [(f.rule, f.verdict) for f in analyse_text(article_from_text(text)).findings if f.rule != "SC001"]

    assert findings(hant) == findings(hans) and findings(hant)

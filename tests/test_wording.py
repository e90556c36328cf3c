"""Wording that code reads inside patterns lives in data/wording_en.tsv and data/wording_zh.tsv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verifier import lexicon
from verifier.fold import either_script, fold

PACKAGE = Path(__file__).parents[1] / "verifier"
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_role_is_documented_and_read_by_code(language):
    header = lexicon.data_path(f"wording_{language}.tsv").read_text(encoding="utf-8")
    for role in lexicon.wording(language):
        assert re.search(rf"^#\s+{role}\s", header, re.M), f"wording_{language}.tsv: document the role {role}"
        assert re.search(rf"""['"]{role}['"]""", SOURCE), f"wording_{language}.tsv: no code reads the role {role}"


def test_a_chinese_surface_in_one_script_matches_both():
    for word, printed in (("以来", "以來"), ("执行长", "執行長"), ("該公司", "该公司"), ("同时", "同時")):
        assert re.fullmatch(either_script(word), printed) and re.fullmatch(either_script(word), word)
        assert re.fullmatch(either_script(printed), word)
    assert either_script("a.b") == re.escape("a.b")


def test_the_chinese_wording_is_written_in_one_script():
    for role, surfaces in lexicon.wording("zh").items():
        folded = [fold(s) for s in surfaces]
        assert len(set(folded)) == len(folded), f"wording_zh.tsv {role}: a surface repeats another once folded"


def test_wording_in_either_script_reads_the_same():
    from verifier.claims.build import _SINCE_AFTER
    from verifier.claims.names import _ZH_TITLES
    from verifier.claims.when import FROM_BEFORE

    assert _SINCE_AFTER.match("以來") and _SINCE_AFTER.match("以来")
    assert _ZH_TITLES.search("台積電董事長") and _ZH_TITLES.search("台积电董事长")
    assert FROM_BEFORE.search("較") and FROM_BEFORE.search("较") and FROM_BEFORE.search("compared with ")

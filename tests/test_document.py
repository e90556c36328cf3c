"""The Document the read stage builds once per article, and the folded view lexicons match on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import aliases, words
from verifier.claims import cues
from verifier.document import Document, document_of, reading
from verifier.fold import fold
from verifier.read import article_from_text

# Traditional and Simplified forms, full-width ASCII, ideographic space, a letter that grows when
# lowered (İ), characters beyond the BMP and a lone surrogate: the cases that could shift offsets
_PIECES = list("營营收後后臺台乾干發发薴苧苎云雲端資料中心數据比同环環年增季") + list("ＡＷＳａｗｓ０１２％，。（）") + [
    "\u3000", "İ", "ß", "A", "w", "s", "1", ".", " ", "\n", "|", "𠀋", "𪚥", "😀", "\ud800", "營收", "营收", "ＥＰＳ",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_the_folded_view_keeps_every_offset(text):
    folded = fold(text)
    assert len(folded) == len(text)
    # one character for one: folding a slice is slicing the fold
    for i in range(0, len(text), 3):
        for j in range(i, min(len(text), i + 7) + 1):
            assert fold(text[i:j]) == folded[i:j]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_every_lexicon_hit_slices_back_to_what_the_article_printed(text):
    doc = document_of(article_from_text(text))
    assert doc.folded == fold(text) and len(doc.folded) == len(doc.text)
    for by_cue in doc.words.cues.values():
        for h in by_cue.hits:
            assert doc.text[h.start() : h.end()] == h.text
            assert fold(h.text) == doc.folded[h.start() : h.end()]
    for start, end, _ in doc.words.entities + doc.words.metrics:
        assert 0 <= start < end <= len(text)


def test_full_width_and_case_fold_to_one_spelling():
    assert fold("ＡＷＳ營收ＥＰＳ") == "aws营收eps"
    assert fold("Ｑ４，年增２４％") == "q4,年增24%"
    assert fold("Meta", case=False) == "Meta"


def test_folding_twice_gives_what_folding_once_gave():
    s = "薴苧營業收入後臺乾"
    assert fold(fold(s)) == fold(s)


# The concepts issue 9 lists: Taiwan, Hong Kong and mainland wording in either script, one entry each.
CONCEPTS = [
    ("metric", "revenue", "營收 营收 營業收入 营业收入 收益"),
    ("metric", "operating_income", "營益 营业利润 經營溢利 经营溢利"),
    ("cue", "yoy", "年增 同比 按年 較去年同期 较去年同期"),
    ("cue", "qoq", "季增 环比 環比 按季"),
    ("cue", "mom", "月增 月減 月减"),
    ("cue", "up", "成長率 增长率 增速 增長率"),
    ("cue", "cagr", "年複合成長率 年复合增长率 年均增长 年均增長"),
    ("metric", "net_income", "純益 纯益 净利润 淨利潤 盈利 純利 纯利"),
    ("metric", "gross_margin", "毛利率"),
    ("metric", "eps", "每股純益 每股纯益 每股收益 EPS ＥＰＳ eps"),
    ("metric", "dividend", "派息 股息"),
    ("entity", "Hang Seng Index", "恒指 恒生指數 恒生指数"),
]


@pytest.mark.parametrize("kind,label,surfaces", CONCEPTS, ids=[c[1] for c in CONCEPTS])
def test_one_concept_is_read_in_every_wording_and_script(kind, label, surfaces):
    for surface in surfaces.split():
        w = words.scan(f"該公司{surface}為12億元")
        found = {"metric": [m[2] for m in w.metrics], "entity": [m[2] for m in w.entities]}.get(kind)
        if found is None:
            found = [k for k, v in w.cues.items() if v.hits]
        assert label in found, f"{surface!r} is not read as {label}"


@pytest.mark.parametrize("surface", ["資料中心", "數據中心", "数据中心"])
def test_data_centre_qualifies_a_metric_in_either_script(surface):
    from verifier.claims.naming import canonical_qualifier

    assert canonical_qualifier(surface) == "data-center"
    assert canonical_qualifier("雲端") == canonical_qualifier("云") == "cloud"


def test_a_source_table_header_resolves_in_either_script():
    assert aliases.metric_of("营业收入", fuzzy=False)[0] == aliases.metric_of("營業收入", fuzzy=False)[0] == "revenue"
    assert aliases.entity_of("亚马逊", fuzzy=False)[0] == aliases.entity_of("亞馬遜", fuzzy=False)[0] == "Amazon"


@pytest.mark.parametrize("text", ["营收同比增长10%", "營收環比增長10%", "营收环比增长10%"])
def test_a_one_character_cue_does_not_match_inside_a_longer_word(text):
    hits = words.scan(text).cues
    assert "from" not in hits or not hits["from"].hits  # 比 in 同比 / 环比 is not "compared with"
    assert ("yoy" in hits) != ("qoq" in hits)


def test_a_one_character_cue_still_matches_on_its_own():
    assert words.scan("营收比去年高10%").cues["from"].hits
    assert words.scan("據報道，營收12億元").cues["attribution"].hits


def test_a_one_character_cue_inside_a_plain_word_is_not_a_cue():
    c = words.scan("海外营收比例将近12%").cues
    assert "from" not in c or not c["from"].hits  # 比 in 比例 is not "compared with"
    assert "forecast" not in c or not c["forecast"].hits  # 将 in 将近 is "nearly"


def test_the_document_parses_markdown_tables_once():
    text = "| 項目 | 2025年Q4 | 年增 |\n|---|---|---|\n| 營收 | 355.8億美元 | 24% |\n"
    doc = document_of(article_from_text(text, "t.md"))
    assert doc.format == "markdown" and doc.tables is not None
    col = doc.tables.column_of(text.index("24%"))
    assert col is not None and col.changes
    assert document_of(article_from_text("營收355.8億美元。")).tables is None


def test_look_ups_by_text_reach_the_document_being_read_and_no_other():
    a = document_of(article_from_text("營收年增24%。"))
    b = document_of(article_from_text("营收同比增长24%。"))
    with reading(a):
        assert cues.index(a.text) is a.words.cues
        # another text is scanned afresh, never answered from the document being read
        assert cues.find("yoy", b.text, 0, len(b.text))[0].text == "同比增长"
    assert cues.index(a) is a.words.cues
    assert cues.find("yoy", a.text, 0, len(a.text))[0].text == "年增"


def test_claims_read_the_document_in_either_script():
    from verifier.claims import build_claims
    from verifier.extract import extract

    def claims(text):
        doc = document_of(article_from_text(text))
        assert isinstance(doc, Document)
        return [(c.kind, c.entity, c.metric, c.period, c.change_basis) for c in build_claims(doc, extract(text, doc.language))]

    hant = "亞馬遜2025年第四季營收2134億美元，按年增長14%；經營溢利250億美元。"
    hans = "亚马逊2025年第四季营收2134亿美元，按年增长14%；经营溢利250亿美元。"
    got = claims(hant)
    assert got == claims(hans)
    assert ("change", "Amazon", "revenue", "2025-Q4", "yoy") in got
    assert any(m == "operating_income" for _, _, m, _, _ in got)

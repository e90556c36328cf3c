"""Names the lexicon does not know are found in subject position, and only there."""

from __future__ import annotations

import pytest

from verifier.claims.names import find_unknown_names


@pytest.mark.parametrize(
    "text, names",
    [
        ("Rivian said third-quarter revenue rose 10%.", ["Rivian"]),
        ("Zentrix's revenue rose 5%.", ["Zentrix"]),
        ("The Walt Disney Co. reported a profit.", ["Walt Disney"]),
        ("In October, Lucid shares fell 3%.", ["Lucid"]),
        # people are not entities; the company a person speaks for is
        ("Zentrix CEO John Smith said revenue rose 6%.", ["Zentrix"]),
        ("Chief executive Jensen Huang said demand was strong.", []),
        # nor are words that open a sentence
        ("Analysts said revenue rose. Wall Street's estimate was $2 billion.", []),
        ("Gaming revenue was $3.3 billion. Adjusted earnings rose.", []),
    ],
)
def test_english(text, names):
    assert [n for _, _, n in find_unknown_names(text, "en", [], [], [])] == names


def test_a_known_name_is_left_to_the_lexicon():
    text = "Apple CEO Tim Cook said revenue rose 6%."
    assert find_unknown_names(text, "en", [(0, 5)], [], []) == []


@pytest.mark.parametrize(
    "text, periods, metrics, names",
    [
        # an organisation's ending, before a period
        ("小鵬汽車第三季營收年增20%", [4], [7], ["小鵬汽車"]),
        # what reports
        ("蔚來公布財報，營收年增10%", [], [7], ["蔚來"]),
        ("國家電網公布數據", [], [], ["國家電網"]),
        # a statistics agency reports figures that are not its own: their source, not their entity
        ("国家统计局公布数据", [], [], []),
        # qualifiers and verbs that open a clause
        ("第三季合併營收達9899億元", [0], [5], []),
        ("預計2027年營收成長", [2], [7], []),
        ("截至9月末，M2余额增长", [2], [], []),
        ("執行長魏哲家表示", [], [], []),
        # the company named before, or a comparison, opening the clause: no new name
        ("公司先前預估每股盈餘為3.95美元", [], [6], []),
        ("营收超越市场共识预估的7940万美元", [], [0], []),
        ("超越市場共識預估的7940萬美元", [], [], []),
        # a clause that opens with the day and runs into its metric names no one (it once crashed)
        ("微軟財報優於預期，週五股價上漲至55.09美元", [], [11], []),
        ("周五股价上涨至55.09美元", [], [2], []),
    ],
)
def test_chinese(text, periods, metrics, names):
    assert [n for _, _, n in find_unknown_names(text, "zh-Hant", [], periods, metrics)] == names

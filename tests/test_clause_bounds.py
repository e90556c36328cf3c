"""A clause looked up in the article's clause marks is the clause a scan from the sentence's start finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.document.sentences import clause_bounds, clause_marks

_PIECES = st.sampled_from(["營收", "增長", "，", ",", "、", "：", "(", ")", "（", "）", " ", "  ", "\u3000", "1", "23",
                           "456", "%", "億元", "revenue", " rose ", "1,234", "，123", "ab", "。"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40), st.data())
def test_bisected_clause_is_the_scanned_clause(pieces, data):
    text = "".join(pieces)
    marks = clause_marks(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    pos = data.draw(st.integers(a, b))
    assert clause_bounds(text, (a, b), pos, marks) == clause_bounds(text, (a, b), pos)


def test_one_long_sentence_of_figures_reads_each_clause():
    text = "，".join(f"項目{i}增長{i}%" for i in range(50))
    marks = clause_marks(text)
    pos = text.index("項目25")
    assert text[slice(*clause_bounds(text, (0, len(text)), pos, marks))] == "項目25增長25%"

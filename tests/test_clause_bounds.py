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


_MOVES = st.sampled_from(["rose 0.7% ", "after a ", "following ", "on top of ", "afterwards ", "0.4% gain", " in May", ", ",
                          ". ", "; ", "1", "after", "a", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(_MOVES, min_size=1, max_size=30), st.data())
def test_the_clause_before_a_prior_move_is_found_once_per_clause_as_a_search_from_the_figure_finds_it(pieces, data):
    from verifier.claims.build import _PRIOR_MOVE, _before_prior_move

    text = "".join(pieces)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    found: dict = {}
    for end in sorted(data.draw(st.lists(st.integers(a, b), max_size=5))):  # the clause's figures, in order
        m = _PRIOR_MOVE.search(text, end, b)
        assert _before_prior_move(text, (a, b), end, found) == ((a, b) if m is None else (a, m.start()))

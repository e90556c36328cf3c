"""The report layer's shortcuts give what the plain way gives.

A long article's HTML report is written in pieces and defused piece by piece;
the plain terminal text is read from the markup without building rich's styled
text; a finding that names no figure is placed by bisection. Each is checked
here against the straightforward computation it replaces.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from rich.errors import MarkupError
from rich.text import Text

from test_report_fixtures import golden_report
from verifier.models import Finding, Span
from verifier.pipeline import Result
from verifier.report.html import html_chunks, render_html
from verifier.report.terminal import plain
from verifier.report.view import ArticleReport, defuse, defuse_chunks

PIECES = st.sampled_from(["::", ":", "#", "##[", "\n", " ", "\t", "\x1b[1m", "\x1b", "[1", "1;", "m", "a", "é", "[", "]", "\\",
                          "x::y", "\n::warning"])
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(TEXTS, max_size=8))
def test_defusing_in_pieces_is_defusing_the_whole(pieces):
    assert "".join(defuse_chunks(pieces)) == defuse("".join(pieces))


MARKUP = st.lists(st.sampled_from(["[bold]", "[/bold]", "[dim]", "[/dim]", "\\[", "\\\\[", "[x", "]", "a", "\\", ":smile:",
                                   "\r", "\x07", "[/]", "[bold red]", "[/bold red]", "[5]", "字"]), max_size=20).map("".join)


@settings(max_examples=500, deadline=None)
@given(MARKUP)
def test_plain_text_of_markup_is_what_rich_gives_without_emoji_codes(markup):
    try:
        expected = Text.from_markup(markup, emoji=False).plain
    except MarkupError:
        return  # unbalanced tags: the reports never write them
    assert plain(markup) == expected


def test_an_emoji_code_in_an_article_is_printed_as_it_is():
    assert plain("[bold]a.txt:1:1:[/bold] revenue :smile: up 5%") == "a.txt:1:1: revenue :smile: up 5%"


def test_the_page_in_pieces_is_the_page():
    rep = golden_report()
    chunks = list(html_chunks(rep))
    assert len(chunks) > 3 and "".join(chunks) == render_html(rep)


def test_a_finding_naming_no_figure_goes_to_the_figures_holding_its_spans():
    rep = golden_report()
    r = rep.result
    loose = []
    for i, c in enumerate(r.claims[:12]):
        loose.append(Finding(id=f"x{i}", rule="AR001", severity="info", verdict="supported", message="m",
                             spans=(Span(start=c.start + (c.end - c.start) // 2, end=c.end),), claims=()))
    loose.append(Finding(id="xnone", rule="AR001", severity="info", verdict="supported", message="m",
                         spans=(Span(start=len(rep.text), end=len(rep.text)),), claims=()))
    rep2 = ArticleReport(Result(r.article, r.extraction, r.claims, list(r.findings) + loose))
    got = rep2.claim_findings()
    for f in loose:
        want = [c.id for c in r.claims if any(c.start <= s.start < c.end for s in f.spans)]
        assert [cid for cid, fs in got.items() if f in fs] == want

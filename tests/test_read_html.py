"""HTML articles: the text a reader sees, with positions in the HTML file.

An HTML page and the plain or Markdown text of the same article give the same
claims and findings; SARIF and GitHub annotations point at the line and
column of the HTML file; a page's own charset declaration decides its
encoding; a page with no article text is a one-line error.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import main
from verifier.errors import InputError
from verifier.pipeline import run
from verifier.read import collect_articles, read_article
from verifier.report.view import ArticleReport

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "verifier" / "examples" / "amazon-capex-zh-hant.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "html"


def page_from_text(text: str) -> str:
    """A saved web page holding a text article: boilerplate around it,
    character references inside it, long paragraphs wrapped across lines."""
    out = [
        '<!DOCTYPE html>\n<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n<title>2026 預算 100億</title>\n',
        "<script>var n = 2000, m = 35;</script>\n</head>\n<body>\n",
        '<nav><a href="/">首頁</a> <a href="/p/2">第2頁 共99篇</a></nav>\n<article>\n',
    ]
    in_list = False
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        esc = html.escape(line, quote=False).replace("%", "&#37;", 1)
        if line.startswith("- "):
            out.append("<ul>\n" if not in_list else "")
            in_list = True
            out.append(f"  <li>{esc[2:]}</li>\n")
            continue
        if in_list:
            out.append("</ul>\n")
            in_list = False
        mid = len(esc) // 2
        while mid < len(esc) and esc[mid] in "&#;0123456789amplgt":
            mid += 1
        body = esc if len(esc) < 80 else esc[:mid] + "\n    " + esc[mid:]
        tag = "h1" if i == 0 else "p"
        out.append(f"<{tag}>{body}</{tag}>\n")
    out.append("</ul>\n" if in_list else "")
    out.append("</article>\n<footer>© 2026 第3季 營收 1億</footer>\n</body>\n</html>\n")
    return "".join(out)


def claims(result):
    return [(c.quantity.text, c.quantity.value, c.kind, c.entity, c.metric, c.subject, c.period) for c in result.claims]


def findings(result):
    return [(f.rule, f.severity, f.verdict, f.message) for f in result.findings]


@pytest.fixture(scope="module")
def amazon_html(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "amazon.html"
    path.write_text(page_from_text(EXAMPLE.read_text("utf-8")), "utf-8")
    return path


def test_an_html_copy_gives_the_claims_and_findings_of_the_text(amazon_html):
    text, page = run(EXAMPLE), run(amazon_html)
    assert claims(page) == claims(text)
    assert findings(page) == findings(text)
    assert page.article.origin is not None and page.article.encoding == "utf-8"


def test_positions_point_into_the_html_file(amazon_html):
    result = run(amazon_html)
    rep = ArticleReport(result)
    lines = amazon_html.read_text("utf-8").split("\n")
    for c in result.claims:
        line, col = rep.position(c.quantity.start)
        source = lines[line - 1][col - 1 :]
        assert html.unescape(source).startswith(c.quantity.text), (c.quantity.text, line, col)


def test_boilerplate_is_left_out(amazon_html):
    text = run(amazon_html).article.text
    assert "第2頁" not in text and "var n" not in text and "第3季" not in text and "2026 預算" not in text


def test_a_line_break_between_chinese_characters_is_no_space(amazon_html):
    source = amazon_html.read_text("utf-8")
    text = read_article(amazon_html).text
    wrapped = [ln.strip()[:6] for ln in source.split("\n") if ln.startswith("    ")]
    assert wrapped and all(w in text for w in wrapped)
    assert "\n    " not in text


def test_an_html_table_is_read_like_a_markdown_table():
    page, md = run(FIXTURES / "quarterly-table.html"), run(FIXTURES / "quarterly-table.md")
    assert claims(page) == claims(md)
    assert findings(page) == findings(md)
    assert any(c.period == "2024-Q4" and c.quantity.text == "$640 million" for c in page.claims)
    assert "9.99" not in page.article.text and "Issue 42" not in page.article.text


@pytest.mark.parametrize(
    "head, codec",
    [
        ('<meta charset="big5">', "big5"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb2312"),
    ],
)
def test_the_pages_declaration_decides_its_encoding(tmp_path, head, codec):
    body = "台積電第四季營收年增20%。" if codec == "big5" else "小米第四季营收同比增长20%。"
    path = tmp_path / "a.html"
    path.write_bytes(f"<html><head>{head}</head><body><p>{body}</p></body></html>".encode(codec))
    article = read_article(path)
    assert article.text.strip() == body


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing 2026</title></head><body><nav>Home 1 2 3</nav><script>x=5</script></body></html>",
        "<html><body>   </body></html>",
    ],
)
def test_a_page_with_no_article_text_is_a_one_line_error(tmp_path, page):
    path = tmp_path / "empty.html"
    path.write_text(page, "utf-8")
    with pytest.raises(InputError, match="no article text"):
        read_article(path)
    res = CliRunner().invoke(main, ["--format", "json", str(path)])
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and "empty.html" in res.stderr


def test_a_folder_yields_its_html_articles(tmp_path):
    (tmp_path / "a.html").write_text("<p>Revenue rose 5%.</p>", "utf-8")
    (tmp_path / "b.css").write_text("p { margin: 5px }", "utf-8")
    assert [p.name for p in collect_articles([tmp_path])] == ["a.html"]


def test_sarif_and_github_point_at_the_html_line(amazon_html):
    res = CliRunner().invoke(main, ["--format", "sarif", "--fail-on", "never", str(amazon_html)])
    assert res.exit_code == 0, res.stderr
    log = json.loads(res.stdout)
    source = amazon_html.read_text("utf-8")
    lines = source.split("\n")
    assert log["runs"][0]["artifacts"][0]["mimeType"] == "text/html"
    results = [r for r in log["runs"][0]["results"] if r["locations"]]
    assert results
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        at = lines[region["startLine"] - 1][region["startColumn"] - 1 :]
        assert html.unescape(at).startswith(region["snippet"]["text"][:2])
        assert html.unescape(source[region["charOffset"] :]).startswith(region["snippet"]["text"][:2])
    gh = CliRunner().invoke(main, ["--format", "github", "--fail-on", "never", str(amazon_html)]).stdout
    first = results[0]["locations"][0]["physicalLocation"]["region"]
    assert f"line={first['startLine']}" in gh


CMS_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Widget Corp results</title></head>
<body>
<div class="site"><p>Breaking: 3 stories you missed</p>
<p><b>Misnested <i>bold</b> text</i> in the page header, 12 links</p>
<article class="post">
<header class="entry-header"><h2>Widget Corp results</h2>
<p class="byline">Posted 3 days ago &middot; 17 comments</p></header>
<div class="entry-content">
<p>Widget Corp said revenue rose 20% to $120 million in 2025,
from $100 million in 2024.</p>
<div class="share"><a href="#">Share 1.2k</a> <a href="#">Tweet 45</a></div>
<p hidden>Draft note: check the 30% figure</p>
<span class="screen-reader-text">Opens in 1 new window</span>
<div class="related"><h3>Related</h3><ul><li>Top 10 widget makers</li></ul></div>
<p>Its operating profit was $24 million, up 20% from $20 million.</p>
<template><div class="entry-content"><p>Template 99%</p></div></template>
</div>
</article></div>
</body></html>
"""


def test_a_cms_container_and_selected_boilerplate(tmp_path):
    """WordPress's .entry-content inside the <article>: the byline and comment count stay out,
    and so do share bars, related links, hidden and screen-reader text."""
    path = tmp_path / "post.html"
    path.write_text(CMS_PAGE, "utf-8")
    text = read_article(path).text
    assert text.startswith("Widget Corp said revenue rose 20% to $120 million in 2025, from $100 million in 2024.")
    for gone in ("3 stories", "12 links", "17 comments", "Share 1.2k", "30%", "1 new window", "Top 10", "Template 99%"):
        assert gone not in text, gone
    assert "Its operating profit was $24 million, up 20% from $20 million." in text
    result = run(path)
    assert {c.quantity.text for c in result.claims} >= {"20%", "$120 million", "$100 million", "$24 million", "$20 million"}
    rep = ArticleReport(result)
    lines = CMS_PAGE.split("\n")
    for c in result.claims:
        line, col = rep.position(c.quantity.start)
        assert html.unescape(lines[line - 1][col - 1 :]).startswith(c.quantity.text), (c.quantity.text, line, col)


def test_a_page_without_a_known_container_is_read_from_its_body(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text("<html><body><div class='share'>Share 7</div><p>Revenue rose 5% to $21 million.</p></body></html>", "utf-8")
    assert read_article(path).text == "Revenue rose 5% to $21 million.\n"

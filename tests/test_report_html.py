"""The HTML report as markup: self-contained, pinned by its CSP, everything escaped.

The browser tests (test_html_browser) check behaviour; these check the page
itself, so they run everywhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from test_report_fixtures import FIXTURES, _q, golden_report, ledger_report
from verifier.ledger import Entry, fingerprints
from verifier.models import Claim, Finding, Span
from verifier.pipeline import Result
from verifier.read import read_article
from verifier.report.html import esc, link, render_html
from verifier.report.view import ArticleReport

VECTOR = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"


def xss_report() -> ArticleReport:
    """The XSS article with hand-made claims, and findings whose every field carries a payload."""
    art = read_article(FIXTURES / "xss.md")
    t = art.text
    claims = [
        Claim(id="c1", quantity=_q(t, "$10 billion", 10e9, "USD", "amount"), kind="amount", entity=VECTOR, metric="revenue"),
        Claim(id="c2", quantity=_q(t, "5%", 5.0, "percent", "percent"), kind="change"),
        Claim(id="c3", quantity=_q(t, "$3 billion", 3e9, "USD", "amount", notes=(VECTOR,)), kind="amount"),
        Claim(id="c4", quantity=_q(t, "12%", 12.0, "percent", "percent"), kind="share"),
    ]
    source = {
        "file": f"sources/{VECTOR}.csv", "row": VECTOR, "source": f"Press release {VECTOR}",
        "quote": f"Revenue {VECTOR} \u202e$01 noillib\u202c </blockquote><script>window.__xss=1</script>",
        "url": JS_URL, "published": VECTOR, VECTOR: VECTOR,
    }
    findings = [
        Finding(id="f1", rule="SR001", name=f"source-{VECTOR}", severity="error", verdict="contradicted",
                message=f"Revenue {VECTOR} does not match", spans=(claims[0].quantity.span,), claims=("c1",),
                evidence={"arithmetic": VECTOR, "formula": VECTOR, "inputs": {VECTOR: [VECTOR, 1.5]}, "source": source, VECTOR: VECTOR},
                advice=VECTOR),
        Finding(id="f2", rule=f"X{VECTOR}", severity="warning", verdict="needs-review", message=VECTOR,
                spans=(claims[2].quantity.span,), claims=("c3",),
                evidence={"source": {"source": "Good link", "url": "https://example.org/a?b=1&c=\"2\""}}),
        Finding(id="f3", rule="SR002", severity="info", verdict="unverifiable", message="claimless " + VECTOR,
                spans=(claims[3].quantity.span,), claims=(), evidence={"url": JS_URL}),
    ]
    r = Result(article=art, extraction=None, claims=claims, findings=findings)
    fps = fingerprints(r)
    return ledger_report(r, [Entry("SR001:dead", "SR001", "dismissed", VECTOR, (VECTOR,))], f"claims/{VECTOR}.yaml",
                         fingerprints=fps, reviews={"f2": Entry(fps["f2"], "X", "accepted", VECTOR)})


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]


def parsed(page: str) -> Collect:
    c = Collect()
    c.feed(page)
    return c


def test_page_is_self_contained_and_pinned_by_its_csp():
    page = render_html(golden_report())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        (body,) = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    p = parsed(page)
    assert not [a for a in p.attrs if a[1] in ("src", "srcset") or (a[1] == "href" and not a[2].startswith(("#", "https://")))]
    assert p.tags.count("script") == 1 and p.tags.count("style") == 1
    assert '"Noto Sans CJK TC"' in page and "@media print" in page


def test_every_claim_is_one_focusable_highlight_coloured_by_its_worst_verdict():
    rep = golden_report()
    page = render_html(rep)
    spans = re.findall(r'<span class="claim ([^"]+)" id="(c\d+)" tabindex="0" role="button"', page)
    assert [i for _, i in spans] == [c.id for c in rep.result.claims]
    colours = {i: cls.split()[0] for cls, i in spans}
    assert colours == {"c1": "v-none", "c2": "v-supported", "c3": "v-supported", "c4": "v-contradicted", "c5": "v-needs-review", "c6": "v-unverifiable"}
    for c in rep.result.claims:
        assert f'id="card-{c.id}"' in page


def test_card_shows_value_interval_arithmetic_and_source_link():
    page = render_html(golden_report())
    card = re.search(r'<section class="card" id="card-c4".*?</section>', page, re.S).group(0)
    for needle in ("35.58 billion USD", "Interval", "35.4 billion USD – 35.76 billion USD", "SR001 source-mismatch", "off by 0.02 billion",
                   "printed precision", "sources/amazon.csv row 4", "2026-02-05", "AWS segment sales increased 24%"):
        assert needle in card, needle
    assert '<a href="https://ir.aboutamazon.com/news-release/2026/q4" rel="noopener noreferrer" target="_blank">' in card


def test_summary_lists_findings_in_article_order_and_links_them():
    page = render_html(golden_report())
    items = re.findall(r'<li data-finding-item="(f\d)"[^>]*data-claim="(c\d)"[^>]*><a href="#(c\d)"', page)
    assert [(f, c) for f, c, _ in items] == [("f1", "c2"), ("f2", "c4"), ("f3", "c5"), ("f4", "c6")]
    assert all(c == h for _, c, h in items)
    for label in ('value="error"', 'value="warning"', 'value="info"', 'name="rule" value="SR001"'):
        assert label in page


def test_xss_vectors_render_as_text():
    page = render_html(xss_report())
    p = parsed(page)
    assert p.tags.count("script") == 1  # ours
    assert not {"img", "svg", "iframe", "meta"} & set(p.tags[p.tags.index("body"):])
    assert not [a for a in p.attrs if a[1].startswith("on")]
    assert not [a for a in p.attrs if a[1] == "href" and not a[2].startswith(("#", "https://"))]
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "&amp;lt;script&amp;gt;" in page  # the article's own entities stay as printed
    assert "\u202e" not in page and "U+202E" in page and "U+2066" in page
    assert 'href="https://example.org/a?b=1&amp;c=&quot;2&quot;"' not in page  # quotes in a URL: text, not a link
    assert "javascript:window.__xss=1" in page  # shown, never linked


def test_link_only_for_http_urls():
    assert link("https://example.org/x").startswith('<a href="https://example.org/x" rel="noopener')
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "//evil.example", "https://a.example/\x00"):
        assert "<a" not in link(bad)
    assert esc("a\u202eb\u2066c") == 'a<span class="ctl" title="control character">U+202E</span>b<span class="ctl" title="control character">U+2066</span>c'


def test_a_finding_on_no_claim_gets_a_card_of_its_own():
    r = golden_report().result
    lede = Finding(id="f9", rule="ZZ009", severity="warning", verdict="needs-review", message="about the lede",
                   spans=(Span(start=0, end=6),), claims=())
    r.findings = r.findings + [lede]
    page = render_html(ArticleReport(r))
    assert '<section class="card" id="card-f9"' in page
    assert re.search(r'data-finding-item="f9"[^>]*data-claim=""[^>]*data-card="card-f9"><a href="#card-f9"', page)


def test_other_source_rows_are_listed_once_and_compactly():
    r = golden_report().result
    f2 = r.findings[1]
    main = f2.evidence["source"]
    other = {**main, "row": 9, "id": "F9", "figure": "35.6 USD bn", "entity": "AWS", "value": 35.6e9}
    r.findings[1] = f2.model_copy(update={"evidence": {**f2.evidence, "rows": [main, other]}})
    page = render_html(ArticleReport(r))
    block = re.search(r"<details><summary>rows: 1 more</summary>(.*?)</details>", page, re.S).group(1)
    assert "sources/amazon.csv row 9 (F9)" in block and "35.6 USD bn" in block and "<dt>entity</dt>" not in block
    from test_report_terminal import text

    out = text(ArticleReport(r), show_figures=False)
    assert "also: sources/amazon.csv row 9 (F9): 35.6 USD bn Amazon Q4 2025 results" in out

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


def _visible(page: str) -> str:
    """The text a reader sees: no markup, script or style (attributes are not text)."""
    body = re.sub(r"<(script|style)>.*?</\1>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


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


def test_every_claim_is_one_focusable_highlight_coloured_by_its_worst_shown_verdict():
    """The page opens on errors and warnings: a figure whose findings are all notes (it held, or
    could not be checked) is marked plain until the reader ticks info (test_html_browser)."""
    rep = golden_report()
    page = render_html(rep)
    spans = re.findall(r'<span class="claim ([^"]+)" id="(c\d+)" tabindex="0" role="button"[^>]*data-findings="([^"]*)"', page)
    assert [i for _, i, _ in spans] == [c.id for c in rep.result.claims]
    colours = {i: cls.split()[0] for cls, i, _ in spans}
    assert colours == {"c1": "v-none", "c2": "v-none", "c3": "v-none", "c4": "v-contradicted", "c5": "v-needs-review", "c6": "v-none"}
    assert {i: f for _, i, f in spans} == {"c1": "", "c2": "f1", "c3": "f1", "c4": "f2", "c5": "f3", "c6": "f4"}
    for c in rep.result.claims:
        assert f'id="card-{c.id}"' in page


def test_the_page_opens_on_errors_and_warnings_and_says_what_it_hides():
    page = render_html(golden_report())
    boxes = dict(re.findall(r'<input type="checkbox" name="severity" value="(\w+)" autocomplete="off"( checked)?>', page))
    assert boxes == {"error": " checked", "warning": " checked", "info": ""}
    items = dict(re.findall(r'<li data-finding-item="(f\d)" data-severity="\w+"[^>]*?( hidden)?><a', page))
    assert items == {"f1": " hidden", "f2": "", "f3": "", "f4": " hidden"}
    blocks = dict(re.findall(r'<div class="finding [^"]+" data-finding="(f\d)"[^>]*?( hidden)?>', page))
    assert blocks == {"f1": " hidden", "f2": "", "f3": "", "f4": " hidden"}
    # c2 and c3 held (f1, supported); f4 is the other note. Only the opening line shows.
    states = re.findall(r'<span data-filter-state="(\w+)"( hidden)?>([^<]*)</span>', page)
    assert states == [("open", "", "Showing errors and warnings; 2 figures that held and 1 other note hidden. "
                                    "Tick “info” under Severity to show them."),
                      ("all", " hidden", "Showing every finding."), ("custom", " hidden", "Showing the findings the filters select.")]
    # A card whose every finding is hidden says so; one with a shown finding does not.
    assert re.search(r'id="card-c6".*?<p class="hint filtered">', page, re.S)
    assert re.search(r'id="card-c4".*?<p class="hint filtered" hidden>', page, re.S)


def test_nothing_hidden_is_said_too():
    r = golden_report().result
    r.findings = [f for f in r.findings if f.severity != "info"]
    page = render_html(ArticleReport(r))
    assert '<span data-filter-state="open">Showing errors and warnings; nothing is hidden.</span>' in page
    assert '<p class="hint" id="none-shown" hidden>' in page
    r.findings = [f for f in golden_report().result.findings if f.severity == "info"]
    page = render_html(ArticleReport(r))
    assert "2 figures that held and 1 other note hidden" in page
    assert '<p class="hint" id="none-shown">No finding to show with these filters.</p>' in page


def test_the_key_names_every_colour_and_mark_the_article_shows():
    page = render_html(golden_report())
    key = re.search(r'<div class="legend" role="group" aria-labelledby="legend-h">.*?</div>', page, re.S).group(0)
    shown = re.findall(r'<li data-key="([\w-]+)"><span class="([^"]+)">', key)
    assert shown == [("contradicted", "swatch v-contradicted"), ("needs-review", "swatch v-needs-review"),
                     ("unverifiable", "swatch v-unverifiable"), ("supported", "swatch v-supported"),
                     ("none", "swatch v-none"), ("active", "swatch v-none active")]
    classes = {c for cls in re.findall(r'<span class="claim ([^"]+)"', page) for c in cls.split()}
    # Every class a figure can take, at open or after a filter, has its sample in the key.
    assert classes <= {c for _, cls in shown for c in cls.split()}
    assert ">supported</span> the figure checks out" in key and "the figure disagrees with another figure or a source" in key


def test_the_key_has_the_reviewed_mark_and_the_control_badge_when_the_page_has_them():
    page = render_html(xss_report())  # its article has reordering controls; its f2, all of c3's findings, is accepted
    keys = re.findall(r'<li data-key="([\w-]+)">', page)
    assert "control" in keys and "reviewed" in keys and '<span class="claim v-needs-review reviewed"' in page
    assert '<li data-key="control"><span class="ctl">U+202E</span>' in page
    golden = re.findall(r'<li data-key="([\w-]+)">', render_html(golden_report()))
    assert "control" not in golden and "reviewed" not in golden
    fps = golden_report().fingerprints
    rep = golden_report(reviews={"f2": Entry(fps["f2"], "SR001", "accepted", "checked with the desk")})
    page = render_html(rep)
    assert '<span class="claim v-contradicted reviewed"' in page
    assert '<li data-key="reviewed"><span class="swatch v-none reviewed">dashed</span>' in page
    assert "Ledger: accepted: checked with the desk" in page
    hant = render_html(rep, lang="zh-Hant")
    assert "帳本：已接受：checked with the desk" in hant and "accepted" not in _visible(hant)


def test_card_shows_value_interval_arithmetic_and_source_link():
    page = render_html(golden_report())
    card = re.search(r'<section class="card" id="card-c4".*?</section>', page, re.S).group(0)
    for needle in ("35.58 billion USD", "Interval", "35.4 billion USD – 35.76 billion USD", "SR001 figure against its source", "off by 0.02 billion",
                   "printed precision", "sources/amazon.csv row 4", "2026-02-05", "AWS segment sales increased 24%"):
        assert needle in card, needle
    assert '<a href="https://ir.aboutamazon.com/news-release/2026/q4" rel="noopener noreferrer" target="_blank">' in card


def test_the_side_panel_starts_with_the_findings_errors_first_and_links_them():
    page = render_html(golden_report())
    panel = re.search(r'<aside id="cards"[^>]*><section id="findings-panel".*?</section>', page, re.S).group(0)
    items = re.findall(r'<li data-finding-item="(f\d)"[^>]*data-claim="(c\d)"[^>]*><a href="#(c\d)"', panel)
    assert [(f, c) for f, c, _ in items] == [("f2", "c4"), ("f3", "c5"), ("f1", "c2"), ("f4", "c6")]
    assert all(c == h for _, c, h in items)
    assert "SR001 figure against its source · line 2, column 13 · contradicted — 355.8億美元 is 35.58 billion USD" in panel
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
    ctl = 'title="invisible or reordering control character"'
    assert esc("a\u202eb\u2066c") == f'a<span class="ctl" {ctl}>U+202E</span>b<span class="ctl" {ctl}>U+2066</span>c'


def test_the_control_badge_says_what_it_is_in_the_page_language():
    for lang, title in (("en", "invisible or reordering control character"), ("zh-Hant", "不可見或改變文字方向的控制字元"),
                        ("zh-Hans", "不可见或改变文字方向的控制字符")):
        page = render_html(xss_report(), lang=lang)
        titles = set(re.findall(r'<span class="ctl" title="([^"]*)">U\+', page))
        assert titles == {title}, lang


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

"""The HTML report in headless Chromium: it works, it is keyboard usable, and payloads stay text.

Uses Debian's ``chromium`` through Playwright's Python package (never
``playwright install``); ``.ci/run`` installs both. Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_report_fixtures import REPO, golden_report
from test_report_html import xss_report
from verifier.cli import main
from verifier.report.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
EXAMPLE = REPO / "verifier" / "examples" / "amazon-capex-zh-hant.txt"


def _missing(why: str):
    if os.environ.get("CI"):
        pytest.fail(f"{why}; .ci/run should have installed it")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    if not CHROMIUM.exists():
        _missing("/usr/bin/chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened on a report file, recording console errors, page errors and dialogs."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors, self.dialogs = [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def visible_cards(self):
        return self.page.eval_on_selector_all(".card", "cs => cs.filter(c => !c.hidden).map(c => c.id)")


@pytest.fixture
def page(browser, tmp_path):
    opened = []

    def open_(html: str, name: str = "report.html") -> Page:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        p = Page(browser, path)
        opened.append(p)
        return p

    yield open_
    for p in opened:
        p.page.close()


def screenshot(p: Page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_real_report_one_highlight_per_claim_and_a_click_opens_its_card(browser, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, [str(EXAMPLE), "-f", "json", "-o", "html=reports/", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    claims = json.loads(res.stdout)["claims"]
    p = Page(browser, tmp_path / "reports" / "amazon-capex-zh-hant.html")
    try:
        ids = p.page.eval_on_selector_all(".claim", "cs => cs.map(c => c.id)")
        assert ids == [c["id"] for c in claims]
        texts = p.page.eval_on_selector_all(".claim", "cs => cs.map(c => c.textContent)")
        assert texts == [c["text"] for c in claims]
        target = p.page.locator(".claim:not(.v-none)").first
        cid = target.get_attribute("id")
        target.click()
        assert p.visible_cards() == [f"card-{cid}"]
        assert target.get_attribute("aria-expanded") == "true"
        screenshot(p, "amazon-capex-zh-hant.png")
        assert p.errors == [] and p.dialogs == []
    finally:
        p.page.close()


def test_cjk_font_is_available_to_the_report(browser, page):
    if not shutil.which("fc-list") or "Noto Sans CJK" not in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        _missing("fonts-noto-cjk is not installed")
    p = page(render_html(golden_report()))
    assert p.page.evaluate("document.fonts.check('16px \"Noto Sans CJK TC\"', '亞馬遜')")


def test_keyboard_enter_opens_escape_closes_and_returns_focus(page):
    p = page(render_html(golden_report()))
    pg = p.page
    pg.focus("#c4")
    pg.keyboard.press("Enter")
    assert p.visible_cards() == ["card-c4"]
    assert pg.evaluate("document.activeElement.id") == "card-c4"
    pg.keyboard.press("Escape")
    assert p.visible_cards() == []
    assert pg.evaluate("document.activeElement.id") == "c4"
    pg.keyboard.press("n")  # next flagged figure
    assert pg.evaluate("document.activeElement.id") == "c5"
    pg.keyboard.press("Space")
    assert p.visible_cards() == ["card-c5"]
    assert p.errors == []


def test_tab_reaches_every_claim(page):
    p = page(render_html(golden_report()))
    order = p.page.eval_on_selector_all("[tabindex='0']", "es => es.map(e => e.id)")
    assert order == ["c1", "c2", "c3", "c4", "c5", "c6"]


def test_summary_link_opens_the_card_and_focuses_the_claim(page):
    p = page(render_html(golden_report()))
    p.page.click("li[data-finding-item='f2'] a")
    assert p.visible_cards() == ["card-c4"]
    assert p.page.evaluate("document.activeElement.id") == "c4"


def test_filters_hide_findings_and_recolour_claims(page):
    p = page(render_html(golden_report()))
    pg = p.page
    pg.uncheck("input[name='severity'][value='error']")
    assert pg.is_hidden("li[data-finding-item='f2']") and pg.is_visible("li[data-finding-item='f3']")
    assert "v-none" in pg.get_attribute("#c4", "class")
    pg.uncheck("input[name='rule'][value='AR001']")
    assert pg.is_hidden("li[data-finding-item='f3']")
    pg.check("input[name='severity'][value='error']")
    assert "v-contradicted" in pg.get_attribute("#c4", "class")
    assert p.errors == []


def test_print_shows_every_card(page):
    p = page(render_html(golden_report()))
    p.page.emulate_media(media="print")
    shown = p.page.eval_on_selector_all(".card", "cs => cs.filter(c => getComputedStyle(c).display !== 'none').length")
    assert shown == 6
    assert p.page.is_hidden("fieldset")


def test_xss_payloads_stay_text_and_nothing_runs(page):
    p = page(render_html(xss_report()), "xss.html")
    pg = p.page
    for el in pg.query_selector_all(".claim"):
        el.click()
    pg.click("li[data-finding-item='f3'] a")
    pg.mouse.move(10, 10)
    pg.wait_for_timeout(200)
    assert pg.evaluate("window.__xss") is None
    assert p.dialogs == []
    assert pg.evaluate("document.scripts.length") == 1
    assert pg.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length") == 0
    assert pg.evaluate("document.querySelectorAll('img, svg, iframe, body meta').length") == 0
    assert pg.evaluate("[...document.links].every(a => a.protocol === 'https:' || a.getAttribute('href').startsWith('#'))")
    article = pg.inner_text(".article")
    assert "<script>window.__xss=1</script>" in article and 'onerror="window.__xss=1"' in article
    assert "U+202E" in article
    assert pg.is_visible("header h1")  # the article's <style>body{display:none}</style> did not apply
    screenshot(p, "xss.png")
    assert p.errors == []


def test_a_finding_on_no_claim_opens_its_own_card(page):
    from verifier.models import Finding, Span
    from verifier.report.view import ArticleReport

    r = golden_report().result
    r.findings = r.findings + [Finding(id="f9", rule="ZZ009", severity="warning", verdict="needs-review",
                                       message="about the lede", spans=(Span(start=0, end=6),), claims=())]
    p = page(render_html(ArticleReport(r)))
    p.page.click("li[data-finding-item='f9'] a")
    assert p.visible_cards() == ["card-f9"]
    assert p.page.evaluate("document.activeElement.id") == "card-f9"
    assert p.errors == []


@pytest.mark.parametrize("lang, close, legend", [("zh-Hant", "關閉", "嚴重程度"), ("zh-Hans", "关闭", "严重程度"), ("en", "Close", "Severity")])
def test_the_page_speaks_its_language_and_still_works(page, lang, close, legend):
    p = page(render_html(golden_report(), lang=lang), f"golden.{lang}.html")
    pg = p.page
    assert pg.evaluate("document.documentElement.lang") == lang
    assert pg.inner_text("#summary fieldset legend") == legend
    pg.click("#c4")
    assert p.visible_cards() == ["card-c4"]
    assert pg.inner_text("#card-c4 button.close") == close
    pg.uncheck("input[name='severity'][value='error']")
    assert pg.is_hidden("li[data-finding-item='f2']")
    pg.click("#card-c4 button.close")
    assert p.visible_cards() == []
    screenshot(p, f"golden.{lang}.png")
    assert p.errors == []

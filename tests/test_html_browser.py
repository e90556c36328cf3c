"""The HTML report in headless Chromium: it works, it is keyboard usable, and payloads stay text.

Uses Debian's ``chromium`` through Playwright's Python package (never
``playwright install``); ``.ci/run`` installs it with the CJK and colour-emoji
fonts. Screenshots are kept as artifacts in ``test-artifacts/screenshots/``
(``VERIFY_SCREENSHOTS`` names another folder), one per page state tested.
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
ARTIFACTS = Path(os.environ.get("VERIFY_SCREENSHOTS") or REPO / "test-artifacts" / "screenshots")
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
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_real_report_one_highlight_per_claim_and_a_click_opens_its_card(browser, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, [str(EXAMPLE), "-f", "json", "-o", "html=reports/", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    claims = report["claims"]
    p = Page(browser, tmp_path / "reports" / "amazon-capex-zh-hant.html")
    try:
        # It opens on the errors and warnings, each listed in the side panel, and says what it hides.
        shown = p.page.eval_on_selector_all("[data-finding-item]", "ls => ls.filter(l => !l.hidden).map(l => l.dataset.severity)")
        wanted = [f["severity"] for f in report["findings"] if f["severity"] != "info"]
        assert sorted(shown, key=["error", "warning"].index) == shown and sorted(shown) == sorted(wanted) and shown
        assert p.page.is_visible("#findings-panel") and p.visible_cards() == []
        state = p.page.inner_text("#findings-panel .filter-state")
        assert state.startswith("顯示錯誤與警告；已隱藏") and "個經查核成立的數字" in state
        screenshot(p, "amazon-capex-zh-hant.open.png")
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


def _fonts(pg, selector: str) -> dict[str, int]:
    """The fonts Chromium drew an element's own text with, and how many glyphs from each (what the
    page gets, where document.fonts.check answers true even for a font the system lacks)."""
    cdp = pg.context.new_cdp_session(pg)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {f["familyName"]: f["glyphCount"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def test_cjk_font_is_available_to_the_report(browser, page):
    _has_fonts("Noto Sans CJK")
    p = page(render_html(golden_report()))
    used = _fonts(p.page, ".article")
    assert any(name.startswith("Noto Sans CJK") for name in used), used


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


def _shown_items(pg):
    return pg.eval_on_selector_all("[data-finding-item]", "ls => ls.filter(l => l.offsetParent !== null).map(l => l.dataset.findingItem)")


def _colours(pg):
    return pg.eval_on_selector_all(".claim", "cs => Object.fromEntries(cs.map(c => [c.id, [...c.classList].find(k => k.startsWith('v-'))]))")


def test_the_page_opens_on_errors_and_warnings_and_ticking_info_shows_the_rest(page):
    p = page(render_html(golden_report()), "filter.html")
    pg = p.page
    assert pg.is_checked("input[name='severity'][value='error']") and pg.is_checked("input[name='severity'][value='warning']")
    assert not pg.is_checked("input[name='severity'][value='info']")
    assert _shown_items(pg) == ["f2", "f3"]
    assert _colours(pg) == {"c1": "v-none", "c2": "v-none", "c3": "v-none", "c4": "v-contradicted", "c5": "v-needs-review", "c6": "v-none"}
    assert pg.inner_text(".filter-state") == ("Showing errors and warnings; 2 figures that held and 1 other note hidden. "
                                              "Tick “info” under Severity to show them.")
    pg.click("#c2")  # a figure that held: its card says its finding is filtered out
    assert pg.is_visible("#card-c2 .filtered") and pg.is_hidden("#card-c2 [data-finding='f1']")
    pg.click("#card-c2 button.close")
    screenshot(p, "filter.open.png")

    pg.check("input[name='severity'][value='info']")
    assert _shown_items(pg) == ["f2", "f3", "f1", "f4"]
    assert _colours(pg) == {"c1": "v-none", "c2": "v-supported", "c3": "v-supported", "c4": "v-contradicted",
                            "c5": "v-needs-review", "c6": "v-unverifiable"}
    assert pg.inner_text(".filter-state") == "Showing every finding."
    pg.click("#c2")
    assert pg.is_hidden("#card-c2 .filtered") and pg.is_visible("#card-c2 [data-finding='f1']")
    pg.click("#card-c2 button.close")
    screenshot(p, "filter.info-ticked.png")

    pg.uncheck("input[name='severity'][value='error']")
    assert pg.inner_text(".filter-state") == "Showing the findings the filters select."
    pg.uncheck("input[name='severity'][value='warning']")
    pg.uncheck("input[name='severity'][value='info']")
    assert _shown_items(pg) == [] and pg.is_visible("#none-shown")
    pg.check("input[name='severity'][value='error']")
    pg.check("input[name='severity'][value='warning']")
    assert pg.inner_text(".filter-state").startswith("Showing errors and warnings; 2 figures that held")
    assert _shown_items(pg) == ["f2", "f3"] and pg.is_hidden("#none-shown")
    assert p.errors == []


def test_a_reload_opens_on_errors_and_warnings_again(page):
    p = page(render_html(golden_report()))
    p.page.check("input[name='severity'][value='info']")
    p.page.reload()
    p.page.wait_for_load_state("load")
    assert not p.page.is_checked("input[name='severity'][value='info']") and _shown_items(p.page) == ["f2", "f3"]


def test_the_side_panel_starts_with_the_findings_and_comes_back_to_them(page):
    p = page(render_html(golden_report()), "panel.html")
    pg = p.page
    assert p.visible_cards() == [] and pg.is_visible("#findings-panel")
    assert pg.eval_on_selector_all("#cards > #findings-panel ol.findings > li", "ls => ls.length") == 4
    assert "SR001 figure against its source · line 2, column 13 · contradicted" in pg.inner_text("#findings-panel li[data-finding-item='f2']")
    screenshot(p, "panel.open.png")
    pg.click("#findings-panel li[data-finding-item='f3'] a")
    assert p.visible_cards() == ["card-c5"] and pg.is_hidden("#findings-panel")
    pg.keyboard.press("Escape")
    assert p.visible_cards() == [] and pg.is_visible("#findings-panel")
    assert pg.evaluate("document.activeElement.id") == "c5"
    assert p.errors == []


KEY = {
    "en": ("Key", ["contradicted", "needs review", "unverifiable", "supported", "dotted", "outlined"]),
    "zh-Hant": ("圖例", ["矛盾", "待審閱", "無法查證", "成立", "點線", "外框"]),
    "zh-Hans": ("图例", ["矛盾", "待审阅", "无法核实", "成立", "点线", "外框"]),
}


@pytest.mark.parametrize("lang", list(KEY))
def test_the_key_shows_each_colour_and_mark_as_the_article_draws_it(page, lang):
    p = page(render_html(golden_report(), lang=lang), f"key.{lang}.html")
    pg = p.page
    heading, marks = KEY[lang]
    assert pg.is_visible(".legend") and pg.inner_text(".legend h3") == heading
    assert pg.eval_on_selector_all(".legend li > span", "ss => ss.map(s => s.textContent)") == marks
    pg.check("input[name='severity'][value='info']")  # every verdict's colour on a figure
    pg.click("#c1")
    style = ("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderBottomColor, s.borderBottomStyle, "
             "s.outlineStyle, s.outlineColor]; }")
    for claim, key in (("#c4", "contradicted"), ("#c5", "needs-review"), ("#c6", "unverifiable"), ("#c2", "supported"),
                       ("#c1", "active")):
        assert pg.eval_on_selector(claim, style) == pg.eval_on_selector(f".legend [data-key='{key}'] > span", style), (claim, key)
    pg.keyboard.press("Escape")
    pg.evaluate("document.activeElement.blur()")  # the focus ring is the browser's own, not the page's mark
    assert pg.eval_on_selector("#c1", style) == pg.eval_on_selector(".legend [data-key='none'] > span", style)
    pg.uncheck("input[name='severity'][value='info']")
    screenshot(p, f"key.{lang}.png")
    assert p.errors == []


def test_the_key_shows_the_reviewed_mark_and_the_control_badge_as_drawn(page):
    p = page(render_html(xss_report()), "key.marks.html")
    pg = p.page
    border = "e => getComputedStyle(e).borderBottomStyle"
    assert pg.eval_on_selector("#c3", border) == pg.eval_on_selector(".legend [data-key='reviewed'] > span", border) == "dashed"
    ctl = "e => { const s = getComputedStyle(e); return [s.color, s.borderStyle, s.unicodeBidi]; }"
    assert pg.eval_on_selector(".article .ctl", ctl) == pg.eval_on_selector(".legend [data-key='control'] > span", ctl)


def _has_fonts(*names: str):
    if not shutil.which("fc-list"):
        _missing("fontconfig is not installed")
    listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    for name in names:
        if name not in listed:
            _missing(f"the font {name} is not installed")


# Coloured pixels of a character drawn in an element's own font: a colour emoji has many, a
# missing glyph's box or a black-and-white fallback none. (document.fonts.check cannot tell:
# it answers true for a font the system does not have.)
_COLOURED = """([el, ch]) => {
  const c = document.createElement('canvas'); c.width = c.height = 48;
  const x = c.getContext('2d'); const s = getComputedStyle(el);
  x.font = '40px ' + s.fontFamily; x.textBaseline = 'top'; x.fillText(ch, 2, 2);
  const d = x.getImageData(0, 0, 48, 48).data; let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 128 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) { n++; }
  }
  return n;
}"""


def test_emoji_in_the_article_render_in_colour(browser, tmp_path, monkeypatch):
    _has_fonts("Noto Color Emoji")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, [str(EXAMPLE), "-f", "json", "-o", "html=reports/", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    p = Page(browser, tmp_path / "reports" / "amazon-capex-zh-hant.html")
    try:
        article = p.page.query_selector(".article")
        text = article.text_content()
        emoji = [ch for ch in ("\U0001F4A1", "\U0001F4CA", "\U0001F6E0\uFE0F", "\u26A0\uFE0F") if ch in text]
        assert len(emoji) == 4  # the example's bullets (two of them with the variation selector that asks for colour)
        for ch in emoji:
            assert p.page.evaluate(_COLOURED, [article, ch]) > 50, f"U+{ord(ch[0]):04X}"
        assert p.page.evaluate(_COLOURED, [article, "亞"]) == 0  # a CJK glyph is drawn in one colour
        assert _fonts(p.page, ".article").get("Noto Color Emoji") == len(emoji)
    finally:
        p.page.close()


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
    pg.keyboard.press("Escape")  # back to the list of findings
    pg.check("input[name='severity'][value='info']")  # f3 is a note: hidden as the page opens
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

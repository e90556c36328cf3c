"""The message catalogue: one file per language, every key in each, each in its own script.

A Chinese article gets its messages in its script, an English one in English,
and ``--lang`` chooses; figures are written in the article's own units and
scale, never beside the table's (``2,000億美元``, not ``~200 USD bn``).
``tests/golden/messages/<lang>.yaml`` holds every rule fixture's messages in
each language (``UPDATE_GOLDEN=1`` regenerates them).
"""

from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

import pytest
import yaml

from verifier import messages
from verifier.check import Context, run_checks
from verifier.claims import build_claims
from verifier.extract import extract
from verifier.pipeline import analyse_text
from verifier.read import article_from_text

from test_rules import FIXTURES, _index

DATA = Path(messages.__file__).parent / "data" / "messages"
GOLDEN = Path(__file__).parent / "golden" / "messages"
REPO = Path(__file__).parents[1]


def fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_one_catalogue_per_language_and_every_key_in_each():
    assert sorted(p.stem for p in DATA.glob("*.yaml")) == sorted(messages.LANGS)
    keys = {lang: set(messages.catalogue(lang)) for lang in messages.LANGS}
    for lang in messages.LANGS:
        assert keys[lang] == keys["en"], (lang, sorted(keys[lang] ^ keys["en"]))


def test_every_template_is_a_format_string_of_named_parts():
    # which parts a rule gives is checked by rendering every rule fixture in every language (the goldens below)
    for lang in messages.LANGS:
        for key, template in messages.catalogue(lang).items():
            assert all(re.fullmatch(r"[a-z_0-9]+", f) for f in fields(template)), (lang, key, template)
            assert not re.search(r"\{\s*\}", template), (lang, key, template)


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    # literal keys in the code: a typo would be a KeyError at the first article that needs it
    used = set()
    for path in (REPO / "verifier").rglob("*.py"):
        used |= set(re.findall(r'msg\.t\("([A-Za-z0-9_]+\.[A-Za-z0-9_.]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(messages.catalogue("en")), sorted(used - set(messages.catalogue("en")))


def test_every_metric_and_unit_has_a_name_in_every_language():
    from verifier.aliases import metrics

    for lang in messages.LANGS:
        with messages.language(lang):
            for m in metrics():
                assert messages.has(f"metric.{m}"), (lang, m)
                assert "_" not in messages.metric(m)


def test_each_chinese_catalogue_is_in_its_own_script():
    trad_only, simp_only = messages._script_only()
    for lang, other in (("zh-Hant", simp_only), ("zh-Hans", trad_only)):
        for key, template in messages.catalogue(lang).items():
            assert not set(template) & other, (lang, key, template)
    opencc = pytest.importorskip("opencc")
    to_simplified = opencc.OpenCC("t2s")
    for key, template in messages.catalogue("zh-Hans").items():
        assert to_simplified.convert(template) == template, (key, template)


@pytest.mark.parametrize("label, en, hant, hans", [
    ("2025-Q4", "Q4 2025", "2025年第4季", "2025年第4季度"),
    ("Q3@prev-year", "Q3 of the previous year", "去年第3季", "去年第3季度"),
    ("2026@base", "2026 (the base period)", "2026年的基期", "2026年的基期"),
    ("ytd-Q3", "the first three quarters", "前三季", "前三个季度"),
    ("FY2026-H1", "H1 of FY2026", "2026財年上半年", "2026财年上半年"),
    ("2026-02-05", "2026-02-05", "2026年2月5日", "2026年2月5日"),
    ("2025..2027", "2025–2027", "2025至2027年", "2025至2027年"),
    ("prev-year", "the previous year", "去年", "去年"),
    ("ytd-M10", "January–October", "1至10月", "1至10月"),
    ("first-8m", "the first 8 months", "首8個月", "首8个月"),
    ("M11@prev-month", "the month before November", "11月的前一個月", "11月的前一个月"),
    ("prev-year-end", "the end of the previous year", "去年底", "去年底"),
])
def test_period_labels_become_words(label, en, hant, hans):
    for lang, want in (("en", en), ("zh-Hant", hant), ("zh-Hans", hans)):
        with messages.language(lang):
            assert messages.period(label) == want


def test_a_computed_figure_takes_the_scale_and_unit_of_the_printed_one():
    def q(text, lang):
        return next(x for x in extract(text, lang).quantities)

    with messages.language("zh-Hant"):
        assert messages.value(2.7e12, "USD", q("2兆美元", "zh-Hant")) == "2.7兆美元"
        assert messages.value(1.466e11, "USD", q("1310億美元", "zh-Hant")) == "1,466億美元"
        assert messages.value(2.7e12, "USD") == "2.7兆美元"  # no printed figure: the language's own scale
    with messages.language("zh-Hans"):
        assert messages.value(2.7e12, "CNY") == "2.7万亿元"
    with messages.language("en"):
        assert messages.value(1.31e11, "USD", q("$200 billion", "en")) == "$131 billion"
        assert messages.value(2.7e12, "USD") == "2.7 trillion USD"


def _findings(text: str, lang=None, sources=None):
    article = article_from_text(text, "t.txt")
    return analyse_text(article, sources=sources, lang=lang).findings


GROWTH_HANT = "亞馬遜2026年資本支出將達2000億美元，較2025年的1310億美元激增超過80%。"
GROWTH_HANS = "亚马逊2026年资本支出将达2000亿美元，较2025年的1310亿美元激增超过80%。"
GROWTH_EN = "Amazon's capital spending will reach $200 billion in 2026, up more than 80% from $131 billion in 2025."


def test_the_article_language_chooses_the_messages_and_lang_overrides_it():
    hant = next(f for f in _findings(GROWTH_HANT) if f.rule == "AR001")
    hans = next(f for f in _findings(GROWTH_HANS) if f.rule == "AR001")
    en = next(f for f in _findings(GROWTH_EN) if f.rule == "AR001")
    assert hant.message.startswith("2000億美元 ÷ 1310億美元 − 1 = +52.7%，文中為") and "與其起訖數字不符" in hant.message
    assert "与其起讫数字不符" in hans.message and "與" not in hans.message
    assert en.message.startswith("$200 billion ÷ $131 billion − 1 = +52.7%, printed") and "does not match" in en.message
    assert hant.advice and re.search(r"[\u4e00-\u9fff]", hant.advice) and re.fullmatch(r"[ -~]+", en.advice)
    # --lang en on the Chinese article: English words, the article's own figures
    forced = next(f for f in _findings(GROWTH_HANT, lang="en") if f.rule == "AR001")
    assert forced.message.startswith("2000億美元 ÷ 1310億美元 − 1 = +52.7%, printed") and forced.verdict == hant.verdict
    forced = next(f for f in _findings(GROWTH_EN, lang="zh-Hans") if f.rule == "AR001")
    assert "与其起讫数字不符" in forced.message and "$131 billion" in forced.message


def test_a_source_figure_is_written_in_the_article_units_never_beside_the_table_s():
    from verifier.sources import load_sources

    tables = REPO / "sources"
    index = load_sources([str(tables / "amazon-q4-2025.csv")], tables)
    found = _findings("亞馬遜預計2026年資本支出約2000億美元，高出市場預期50%以上。", sources=index)
    texts = [f.message + " " + str(f.evidence.get("arithmetic") or "") + " " + str(f.evidence.get("tolerance") or "") for f in found]
    assert any("億美元" in t for t in texts)
    assert not any(re.search(r"USD bn|billion USD|USD per share", t) for t in texts), texts


def test_lang_on_the_command_line_keeps_the_json_contract(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from verifier.cli import main

    monkeypatch.chdir(tmp_path)
    art = tmp_path / "growth.txt"
    art.write_text(GROWTH_EN, encoding="utf-8")
    out = {}
    for lang in ("en", "zh-Hant", "zh-Hans"):
        res = CliRunner().invoke(main, [str(art), "--format", "json", "--lang", lang, "--fail-on", "never"])
        assert res.exit_code == 0, res.output
        out[lang] = json.loads(res.stdout)
    machine = [{k: v for k, v in f.items() if k not in ("message", "advice", "evidence")} for f in out["en"]["findings"]]
    for lang in ("zh-Hant", "zh-Hans"):
        assert [{k: v for k, v in f.items() if k not in ("message", "advice", "evidence")} for f in out[lang]["findings"]] == machine
        assert out[lang]["article"]["language"] == "en"  # the article's language, not the messages'
    ar001 = [f for f in out["zh-Hant"]["findings"] if f["rule"] == "AR001"]
    assert ar001 and "與其起訖數字不符" in ar001[0]["message"]


# --- golden: every rule fixture's messages in every language -----------------


def _plain(x):
    return json.loads(json.dumps(x, ensure_ascii=False).replace(json.dumps(str(REPO) + "/")[1:-1], ""))


def golden(lang: str) -> str:
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        code = path.stem
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            result = analyse_text(article_from_text(case["text"], "fixture.txt"), sources=_index(case.get("sources")), lang=lang)
            said = []
            for f in result.findings:
                if f.rule != code:
                    continue
                ev = f.evidence or {}
                said.append(_plain({"message": f.message, "advice": f.advice,
                                    **{k: ev[k] for k in ("formula", "arithmetic", "tolerance") if isinstance(ev.get(k), str)}}))
            if said:
                out.append({"rule": code, "text": case["text"], "findings": said})
    head = f"# Every rule fixture's messages in {lang} (tests/test_messages.py; UPDATE_GOLDEN=1 to regenerate).\n"
    return head + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=110)


@pytest.mark.parametrize("lang", messages.LANGS)
def test_each_language_s_messages_match_their_golden_file(lang):
    text = golden(lang)
    path = GOLDEN / f"{lang}.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing; run UPDATE_GOLDEN=1 pytest tests/test_messages.py"
    assert text == path.read_text(encoding="utf-8"), f"{lang}: messages differ from {path.name}; rerun with UPDATE_GOLDEN=1 if intended"


def test_the_golden_files_are_each_in_their_language():
    for lang in ("zh-Hant", "zh-Hans"):
        docs = yaml.safe_load((GOLDEN / f"{lang}.yaml").read_text(encoding="utf-8"))
        for case in docs:
            for f in case["findings"]:
                # the words around the figures are Chinese; an English sentence would be a missed key
                assert not re.search(r"\b(?:does|matches|printed|figures?|the)\b", f["message"]), (lang, f["message"])


# --- terminal goldens: real articles, each language -------------------------

TERMINAL = {
    "amazon-zh-Hant": ("verifier/examples/amazon-capex-zh-hant.txt", None),
    "amazon-en": ("verifier/examples/amazon-capex-zh-hant.txt", "en"),
    "amazon-zh-Hans": ("verifier/examples/amazon-capex-zh-hant.txt", "zh-Hans"),
    "en-microsoft-planted": ("tests/fixtures/articles/en-microsoft-planted.txt", None),
    "zh-hans-moutai-planted": ("tests/fixtures/articles/zh-hans-moutai-planted.txt", None),
    "zh-hant-tsmc-planted": ("tests/fixtures/articles/zh-hant-tsmc-planted.txt", None),
}


@pytest.mark.parametrize("name", sorted(TERMINAL))
def test_terminal_output_in_each_language_matches_its_golden_file(name, monkeypatch):
    from click.testing import CliRunner

    from verifier.cli import main

    path, lang = TERMINAL[name]
    monkeypatch.chdir(REPO)  # the bundled sources/ table, and paths as a user in the checkout types them
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    res = CliRunner().invoke(main, [path, "--fail-on", "never", "--no-html", "--show", "all"] + (["--lang", lang] if lang else []))
    assert res.exit_code == 0, res.output
    golden_file = Path(__file__).parent / "golden" / "terminal" / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden_file.parent.mkdir(parents=True, exist_ok=True)
        golden_file.write_text(res.stdout, encoding="utf-8")
    assert golden_file.exists(), f"{golden_file} missing; run UPDATE_GOLDEN=1 pytest tests/test_messages.py"
    assert res.stdout == golden_file.read_text(encoding="utf-8"), f"{name}: terminal output differs; UPDATE_GOLDEN=1 if intended"

"""Matching and verdicts on hand-built claims, independent of the claims stage.

Each test builds the Claim an article sentence should yield and a small
table, then asks the SR rules what they make of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.check import Context, all_rules
from verifier.models import Article, Claim, Comparator, Quantity
from verifier.normalise import interval
from verifier.sources import load_sources

TABLE = """entity,metric,period,value,unit,basis,change,source,published,quote,note
Amazon,net sales,Q4 2025,213.4,USD bn,,,https://example.com/release,2026-02-05,Net sales increased 14% to $213.4 billion,
Amazon,net sales,Q4 2024,187.8,USD bn,,,https://example.com/release,2026-02-05,compared with $187.8 billion,
Amazon,net sales,Q4 2025,14,%,,yoy,https://example.com/release,2026-02-05,Net sales increased 14%,
Amazon,revenue,2025-Q4,211.33,USD bn,estimate,,https://example.com/lseg,,analysts' estimate of $211.33 billion,LSEG
Amazon,eps,2025-Q4,1.95,USD per share,,,https://example.com/release,2026-02-05,$1.95 per diluted share,
Amazon,每股盈餘預期,2025年Q4,1.97,美元/股,,,https://example.com/factset,,市場預期的1.97美元,FactSet
Amazon,revenue,2026-Q1,173.5-178.5,USD bn,guidance,,https://example.com/release,2026-02-05,between $173.5 billion and $178.5 billion,
Amazon,revenue,2025-Q1,155.7,USD bn,,,https://example.com/q1,2025-05-01,$155.7 billion,
Amazon,operating income,2026-Q1,16.5-21.5,USD bn,guidance,,https://example.com/release,2026-02-05,$16.5 billion to $21.5 billion,
Amazon,operating income,2026-Q1,22.04,USD bn,estimate,,https://example.com/lseg,2026-02-05,analysts' $22.04 billion estimate,LSEG
Amazon,capex,2026,~200,USD bn,guidance,,https://example.com/release,2026-02-05,about $200 billion,
Amazon,capex,2026,146.6,USD bn,estimate,,https://example.com/factset,,1466億美元,FactSet
Amazon,capex,2025,131,USD bn,,,https://example.com/reuters,2026-02-06,$131 billion in 2025,
Amazon,share price,2026-02-05,-11.20,percent,,move,https://example.com/yahoo,2026-02-06,重挫11.20%,after hours
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    d = tmp_path_factory.mktemp("src")
    (d / "amazon.csv").write_text(TABLE, encoding="utf-8")
    return load_sources([str(d / "amazon.csv")], d)


def q(text, value, unit="USD", *, precision, low=None, high=None, hedge=None, start=0):
    lo, hi = interval(value, precision, hedge)
    if low is not None:
        lo, hi = interval(low, precision, hedge)[0], interval(high, precision, hedge)[1]
    return Quantity(start=start, end=start + len(text), text=text, value=value, unit=unit, kind="amount",
                    low=low, high=high, lo=lo, hi=hi, precision=precision, hedge=hedge)


def claim(cid, quantity, kind="amount", **fields):
    return Claim(id=cid, quantity=quantity, kind=kind, **{"entity": "Amazon", "metric": "revenue", "period": "2025-Q4", **fields})


def findings(index, *claims, code=None):
    """The SR rules' findings (the other rules are specified elsewhere)."""
    art = Article(path="a.txt", text="x" * 200, sha256="0", encoding="utf-8", language="zh-Hant")
    ctx = Context(article=art, claims=list(claims), sources=index)
    out = []
    for r in all_rules():
        if r.code.startswith("SR") and (code is None or r.code == code):
            out += [f.model_copy(update={"rule": r.code}) for f in r.func(ctx)]
    return out


def one(index, *claims, code):
    fs = findings(index, *claims, code=code)
    assert len(fs) == 1, [f.message for f in fs]
    return fs[0]


def test_amount_supported_names_file_row_source_quote(index):
    f = one(index, claim("c1", q("2134億美元", 213.4e9, precision=0.05e9)), code="SR001")
    assert (f.verdict, f.severity) == ("supported", "info")
    src = f.evidence["source"]
    assert src["file"].endswith("amazon.csv") and src["row"] == 2 and src["url"] == "https://example.com/release"
    assert src["quote"].startswith("Net sales increased") and src["published"] == "2026-02-05"
    # the published figure in the article's own units and scale, never the table's "213.4 USD bn" beside 億美元
    assert "2,134億美元" in f.message and "USD bn" not in f.message and "row 2" in f.message
    assert f.evidence["arithmetic"] and f.evidence["tolerance"]


def test_amount_contradicted_shows_the_published_figure(index):
    f = one(index, claim("c1", q("$231.4 billion", 231.4e9, precision=0.05e9)), code="SR001")
    assert (f.verdict, f.severity) == ("contradicted", "error")
    assert "$213.4 billion" in f.message and "example.com" in f.message
    assert f.advice


def test_estimate_claim_is_checked_against_estimate_rows(index):
    f = one(index, claim("c1", q("2113.3億美元", 211.33e9, precision=0.005e9), kind="estimate"), code="SR001")
    assert f.verdict == "supported" and f.evidence["source"]["basis"] == "estimate"


def test_figure_equal_to_the_estimate_where_the_actual_was_meant_needs_review(index):
    f = one(index, claim("c1", q("1.97美元", 1.97, "USD/share", precision=0.005), metric="eps"), code="SR001")
    assert (f.verdict, f.severity) == ("needs-review", "warning")
    assert "1.95" in f.message and "1.97" in f.message


def test_growth_from_published_row_and_from_both_periods(index):
    c = claim("c1", q("14%", 14.0, "percent", precision=0.5), kind="change", change_basis="yoy", direction="up", base_period="2024-Q4")
    f = one(index, c, code="SR002")
    assert f.verdict == "supported" and "row 4" in f.message
    assert "213.4 billion USD ÷ 187.8 billion USD − 1 = 13.63%" in f.evidence["arithmetic"]
    bad = claim("c2", q("16%", 16.0, "percent", precision=0.5), kind="change", change_basis="yoy", direction="up")
    f = one(index, bad, code="SR002")
    assert f.verdict == "contradicted" and "14%" in f.message


def test_growth_without_a_published_growth_row_is_computed(index):
    c = claim("c1", q("11-15%", 13.0, "percent", precision=0.5, low=11.0, high=15.0), kind="change",
              change_basis="yoy", direction="up", period="2026-Q1", forecast=True)
    f = one(index, c, code="SR002")
    assert f.verdict == "supported"
    assert "low end 173.5 billion USD ÷ 155.7 billion USD − 1 = 11.43%" in f.evidence["arithmetic"]
    assert "high end 178.5 billion USD ÷ 155.7 billion USD − 1 = 14.64%" in f.evidence["arithmetic"]


def test_gap_to_the_estimate(index):
    over = claim("c1", q("50%以上", 50.0, "percent", precision=0.5, hedge="at_least"), kind="change",
                 change_basis="vs-estimate", direction="up", metric="capex", period="2026", forecast=True)
    f = one(index, over, code="SR002")
    assert f.verdict == "contradicted" and "36.43%" in f.evidence["arithmetic"]
    low = claim("c2", q("25%", 25.0, "percent", precision=0.5), kind="change", change_basis="gap",
                metric="operating_income", period="2026-Q1")
    f = one(index, low, code="SR002")
    assert f.verdict == "supported" and "low end" in f.message


def test_guidance_range_and_its_midpoint(index):
    rng = claim("c1", q("1735-1785億美元", 176e9, precision=0.05e9, low=173.5e9, high=178.5e9), kind="range",
                period="2026-Q1", forecast=True)
    assert one(index, rng, code="SR001").verdict == "supported"
    wrong = claim("c2", q("1735-1885億美元", 181e9, precision=0.05e9, low=173.5e9, high=188.5e9), kind="range",
                  period="2026-Q1", forecast=True)
    assert one(index, wrong, code="SR001").verdict == "contradicted"
    mid = claim("c3", q("1760億美元", 176e9, precision=0.05e9), period="2026-Q1", forecast=True,
                comparators=(Comparator(relation="midpoint_of", target="c1", cue="中值"),))
    f = one(index, mid, code="SR001")
    assert f.verdict == "supported" and "(midpoint)" in f.message
    inside = claim("c4", q("1770億美元", 177e9, precision=0.05e9), period="2026-Q1", forecast=True)
    assert one(index, inside, code="SR001").verdict == "needs-review"


def test_beat_and_miss_are_decided_by_published_actual_and_estimate(index):
    eps = claim("c1", q("1.95美元", 1.95, "USD/share", precision=0.005), metric="eps",
                comparators=(Comparator(relation="beat", target="c2", cue="優於"),))
    est = claim("c2", q("1.97美元", 1.97, "USD/share", precision=0.005, start=50), kind="estimate", metric="eps")
    f = one(index, eps, est, code="SR003")
    assert (f.verdict, f.severity) == ("contradicted", "error")
    assert len(f.spans) == 2 and f.claims == ("c1", "c2")
    assert [r["row"] for r in f.evidence["rows"]] == [6, 7]
    oi = claim("c3", q("165-215億美元", 19e9, precision=0.05e9, low=16.5e9, high=21.5e9), kind="range",
               metric="operating_income", period="2026-Q1", forecast=True,
               comparators=(Comparator(relation="miss", target="c4", cue="低於"),))
    oi_est = claim("c4", q("220.4億美元", 22.04e9, precision=0.005e9, start=60), kind="estimate",
                   metric="operating_income", period="2026-Q1")
    assert one(index, oi, oi_est, code="SR003").verdict == "supported"


def test_cagr_from_a_published_row_or_from_both_years(tmp_path):
    t = tmp_path / "ai.csv"
    t.write_text(
        "entity,metric,period,value,unit,basis,change,source\n"
        'global AI market,spending,2025,"1,757,152",USD m,estimate,,https://example.com/gartner\n'
        'global AI market,spending,2027,"3,336,690",USD m,estimate,,https://example.com/gartner\n'
        "global AI market,spending,2024-2028,29.0,percent,estimate,cagr,https://example.com/idc\n",
        encoding="utf-8",
    )
    idx = load_sources([str(t)], tmp_path)

    def cagr(cid, value, base, period):
        return Claim(id=cid, quantity=q(f"{value}%", value, "percent", precision=0.5), kind="cagr", entity="global AI market",
                     metric="spending", period=period, base_period=base, change_basis="cagr", direction="up", forecast=True)

    f = one(idx, cagr("c1", 38.0, "2025", "2027"), code="SR002")
    assert f.verdict == "supported" and "^(1/2) − 1 = 37.8%" in f.evidence["arithmetic"]
    assert one(idx, cagr("c2", 29.0, "2024", "2028"), code="SR002").verdict == "supported"
    assert one(idx, cagr("c3", 35.0, "2024", "2028"), code="SR002").verdict == "contradicted"


def test_uncertain_matches_say_so_and_soften_a_contradiction(index):
    c = claim("c1", q("$231.4 billion", 231.4e9, precision=0.05e9), entity="Amazon.com Inc", period_guessed=True)
    f = one(index, c, code="SR001")
    assert (f.verdict, f.severity) == ("contradicted", "warning")
    assert "guessed from context" in f.message and "fuzzy" in f.message
    assert any("fuzzy" in u for u in f.evidence["uncertain"])


def test_fiscal_year_read_as_calendar_year_is_uncertain(index):
    c = claim("c1", q("2000億美元", 200e9, precision=0.05e9), metric="capex", period="FY2026")
    f = one(index, c, code="SR001")
    assert f.verdict == "supported" and "fiscal year read as the calendar year" in f.message


def test_price_move_on_a_day_inside_a_guessed_quarter(index):
    c = claim("c1", q("11.09%", 11.09, "percent", precision=0.005), kind="change", metric="share_price",
              period="2026-Q1", period_guessed=True, direction="down")
    f = one(index, c, code="SR002")
    assert (f.verdict, f.severity) == ("contradicted", "warning") and "−11.2%" in f.message


def test_unverifiable_only_when_entity_and_metric_have_rows(index):
    other_period = claim("c1", q("1800億美元", 180e9, precision=0.05e9), period="2023-Q4")
    f = one(index, other_period, code="SR001")
    assert (f.verdict, f.severity) == ("unverifiable", "info")
    assert "Q4 2024" in f.message and "Q4 2025" in f.message and "2024-Q4" not in f.message
    unknown = claim("c2", q("5兆美元", 5e12, precision=0.25e12), entity="global AI market", metric="market_size", period="2030")
    no_entity = claim("c3", q("35%", 35.0, "percent", precision=0.5), kind="share", entity=None, metric=None)
    assert findings(index, unknown, no_entity) == []


def test_no_sources_no_findings():
    c = claim("c1", q("2134億美元", 213.4e9, precision=0.05e9))
    assert findings(None, c) == []


def test_english_and_chinese_names_meet(index, tmp_path):
    t = tmp_path / "aws.yaml"
    t.write_text(
        "- {entity: 亞馬遜雲端服務, metric: 營收, period: 2025年第四季, value: 355.8, unit: 億美元, source: 'https://example.com/zh'}\n",
        encoding="utf-8",
    )
    idx = load_sources([str(t)], tmp_path)
    en = Claim(id="c1", quantity=q("$35.58 billion", 35.58e9, precision=0.005e9), kind="amount",
               entity="Amazon Web Services", metric="net sales", period="2025-Q4")
    f = one(idx, en, code="SR001")
    assert f.verdict == "supported" and f.evidence["source"]["entity"] == "AWS"


def test_evidence_is_json_serialisable(index):
    import json

    f = one(index, claim("c1", q("2134億美元", 213.4e9, precision=0.05e9)), code="SR001")
    assert json.loads(json.dumps(f.evidence))["source"]["row"] == 2


def test_rule_docs_follow_the_house_format():
    from verifier.check import all_rules

    sr = [r for r in all_rules() if r.code.startswith("SR")]
    assert [r.code for r in sr] == ["SR001", "SR002", "SR003"]
    for r in sr:
        for part in ("What it checks", "Why it matters", "Example", "How to fix"):
            assert part in r.doc, (r.code, part)


def test_shipped_table_is_found_from_the_project_root():
    root = Path(__file__).parent.parent
    assert load_sources([], root) is not None


def test_a_qualified_metric_cell_keeps_its_qualifier():
    from verifier.sources.resolve import resolve_metric

    assert resolve_metric("services revenue")[0] == "revenue:services"
    assert resolve_metric("data center segment revenue")[0] != "revenue"
    assert resolve_metric("境外收入")[0] == resolve_metric("境外營收")[0] == "revenue:overseas"
    assert resolve_metric("net sales")[0] == "revenue"
    assert resolve_metric("revnue")[0] == "revenue"  # a misspelt whole cell is still close


# One interval arithmetic (verifier.rounding): a claim and a row agree when their half-open
# intervals share some width, never because they touch, and never by float noise.

def test_a_figure_one_last_digit_off_the_published_one_is_contradicted(index):
    """2135億美元 is [213.45, 213.55) billion, the release's 213.4 is [213.35, 213.45): they only touch."""
    f = one(index, claim("c1", q("2135億美元", 213.5e9, precision=0.05e9)), code="SR001")
    assert f.verdict == "contradicted" and "2,134億美元" in f.message


def test_a_change_one_point_off_the_published_change_is_contradicted(index):
    """13% against the release's 14% (and 13.6% from the two quarters): not one figure."""
    c = claim("c1", q("13%", 13.0, "percent", precision=0.5), kind="change", change_basis="yoy", direction="up", base_period="2024-Q4")
    f = one(index, c, code="SR002")
    assert f.verdict == "contradicted" and "14%" in f.message


@pytest.mark.parametrize("actual, estimate", [("1.96", "1.95"), ("1.13", "1.12"), ("2.01", "2.00")])
def test_a_one_cent_beat_of_the_published_estimate_is_a_beat_whatever_the_floats(tmp_path, actual, estimate):
    """Whether 1.13 [1.125, 1.135) is above 1.12 [1.115, 1.125) was decided by float rounding of 1.125."""
    (tmp_path / "acme.csv").write_text(
        "entity,metric,period,value,unit,basis,source\n"
        f"Acme,eps,2025-Q4,{actual},USD per share,,https://example.com/release\n"
        f"Acme,eps,2025-Q4,{estimate},USD per share,estimate,https://example.com/consensus\n",
        encoding="utf-8",
    )
    idx = load_sources([str(tmp_path / "acme.csv")], tmp_path)
    a = claim("a", q(f"${actual}", float(actual), "USD/share", precision=0.005), entity="Acme", metric="eps",
              comparators=(Comparator(relation="beat", target="e", cue="beat"),))
    e = claim("e", q(f"${estimate}", float(estimate), "USD/share", precision=0.005, start=20), kind="estimate", entity="Acme", metric="eps")
    f = one(idx, a, e, code="SR003")
    assert f.verdict == "supported"


@pytest.mark.parametrize("period, against", [("2026-Q1", "computed change"), ("2025-Q4", "published year-over-year change")])
def test_a_fall_given_as_a_range_meets_the_published_fall_end_for_end(tmp_path, period, against):
    """``fell 10-12%`` is −12 to −10: its low end is the 12% fall, as the table's low end is."""
    (tmp_path / "acme.csv").write_text(
        "entity,metric,period,value,unit,basis,change,source\n"
        "Acme,revenue,2025-Q1,100.0,USD bn,,,https://example.com/q1\n"
        "Acme,revenue,2026-Q1,88.0-90.0,USD bn,guidance,,https://example.com/outlook\n"
        "Acme,revenue,2025-Q4,-12 to -10,percent,,yoy,https://example.com/q4\n",
        encoding="utf-8",
    )
    idx = load_sources([str(tmp_path / "acme.csv")], tmp_path)
    c = claim("c1", q("10-12%", 11.0, "percent", precision=0.5, low=10.0, high=12.0), kind="change", entity="Acme",
              change_basis="yoy", direction="down", period=period, forecast=period == "2026-Q1")
    f = one(idx, c, code="SR002")
    assert f.verdict == "supported" and against in f.message
    wrong = claim("c2", q("13-15%", 14.0, "percent", precision=0.5, low=13.0, high=15.0), kind="change", entity="Acme",
                  change_basis="yoy", direction="down", period=period, forecast=period == "2026-Q1")
    assert one(idx, wrong, code="SR002").verdict == "contradicted"

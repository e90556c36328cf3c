"""The claims/ ledger: fingerprints from content, decisions that quiet the gate, unused entries."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from test_report_fixtures import fake_rules, golden_result, in_tmp  # noqa: F401  (fixtures)
from verifier.cli import main
from verifier.ledger import fingerprints
from verifier.models import Span

ARTICLE = "Revenue was $10 billion in 2025, the company said.\n\nThe margin rose 5% last year.\n"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def entries(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]


def decide(path, rule, decision, reason):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for e in data["findings"]:
        if e["rule"] == rule:
            e["decision"], e["reason"] = decision, reason
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_round_trip(in_tmp, fake_rules):
    art = in_tmp / "story.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    ledger = in_tmp / "claims" / "story.yaml"
    assert invoke(art, "--no-html").exit_code == 1

    # update: one open entry per finding; open entries still fail the gate
    res = invoke(art, "--no-html", "--update-ledger")
    assert res.exit_code == 1 and "claims/story.yaml: 2 entries, 2 new, 0 dropped" in res.stderr
    assert [(e["rule"], e["figures"], e["decision"]) for e in entries(ledger)] == [
        ("ZZ001", ["$10 billion"], "open"),
        ("ZZ002", ["5%"], "open"),
    ]
    assert ledger.read_text(encoding="utf-8").startswith("# verify ledger for story.txt")

    # accept: the gate passes at error, the finding stays visible
    decide(ledger, "ZZ001", "accepted", "Matches the annual report, page 4.")
    res = invoke(art, "--no-html")
    assert res.exit_code == 0, res.output
    assert "accepted: Matches the annual report, page 4." in res.stdout
    assert invoke(art, "--no-html", "--fail-on", "warning").exit_code == 1  # ZZ002 is still open
    data = json.loads(invoke(art, "-f", "json").stdout)
    assert data["findings"][0]["review"] == {"decision": "accepted", "reason": "Matches the annual report, page 4."}
    assert data["ledger"] == {"path": "claims/story.yaml", "unused": []}

    # edit the article elsewhere: the fingerprint still matches
    art.write_text("A new opening paragraph, with more words.\n\n" + ARTICLE.replace("The margin rose 5%", "Margins grew 5%"), encoding="utf-8")
    assert invoke(art, "--no-html").exit_code == 0

    # an update keeps the decision and reason
    invoke(art, "--no-html", "--update-ledger")
    kept = {e["rule"]: e for e in entries(ledger)}
    assert kept["ZZ001"]["decision"] == "accepted" and kept["ZZ001"]["reason"] == "Matches the annual report, page 4."

    # remove the figure: the entry is reported unused (LG001, a warning)
    art.write_text("A new opening paragraph, with more words.\n\nMargins grew 5% last year.\n", encoding="utf-8")
    res = invoke(art, "--no-html")
    assert res.exit_code == 0
    assert "claims/story.yaml:9:1: LG001 [warning] Ledger entry for ZZ001" in res.stdout and "$10 billion" in res.stdout
    assert invoke(art, "--no-html", "--fail-on", "warning", "--ignore", "ZZ002").exit_code == 1
    assert invoke(art, "--no-html", "--fail-on", "warning", "--ignore", "ZZ002,LG001").exit_code == 0
    assert invoke(art, "--no-html", "--ignore", "ZZ002", "--severity", "unused-ledger-entry=error").exit_code == 1  # like any rule
    data = json.loads(invoke(art, "-f", "json").stdout)
    assert [u["figures"] for u in data["ledger"]["unused"]] == [["$10 billion"]]
    sarif = json.loads(invoke(art, "-f", "sarif").stdout)
    assert "LG001" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "::warning file=claims/story.yaml" in invoke(art, "-f", "github").stdout

    # and an update drops it
    res = invoke(art, "--no-html", "--update-ledger")
    assert "1 dropped" in res.stderr and [e["rule"] for e in entries(ledger)] == ["ZZ002"]


def test_reviewed_findings_stay_in_the_html_report(in_tmp, fake_rules):
    art = in_tmp / "story.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    invoke(art, "--no-html", "--update-ledger")
    decide(in_tmp / "claims" / "story.yaml", "ZZ001", "dismissed", "The rule misread <b>this</b>.")
    invoke(art, "-f", "html")
    html = (in_tmp / "reports" / "story.html").read_text(encoding="utf-8")
    assert "Ledger: dismissed: The rule misread &lt;b&gt;this&lt;/b&gt;." in html
    assert "Gate (fail on error): passes" in html


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
) + "findings: *i\n"


def test_a_confirmed_finding_is_reviewed_and_shown_as_such(in_tmp, fake_rules):
    """confirmed: the finding is right, the figure wrong as printed; a human decided it, so the gate passes."""
    art = in_tmp / "story.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    invoke(art, "--no-html", "--update-ledger")
    ledger = in_tmp / "claims" / "story.yaml"
    decide(ledger, "ZZ001", "confirmed", "The filing says $9 billion; correction sent.")
    decide(ledger, "ZZ002", "dismissed", "Not a margin.")
    res = invoke(art, "--no-html", "--fail-on", "warning")
    assert res.exit_code == 0, res.output
    assert "confirmed: The filing says $9 billion; correction sent." in res.stdout
    data = json.loads(invoke(art, "-f", "json").stdout)
    assert data["findings"][0]["review"]["decision"] == "confirmed"
    sarif = json.loads(invoke(art, "-f", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["justification"].startswith("confirmed in claims/story.yaml")


@pytest.mark.parametrize(
    "body, needle",
    [
        ("findings:\n- fingerprint: ZZ001:abc\n  decision: maybe\n", "decision 'maybe' must be one of"),
        ("findings:\n- fingerprint: ZZ001:abc\n  decision: accepted\n", "needs a reason"),
        ("findings:\n- fingerprint: ZZ001:abc\n  decision: confirmed\n", "needs a reason"),
        ("findings:\n- rule: ZZ001\n", "needs a fingerprint"),
        ("findings: {a: 1}\n", "must be a list"),
        ("findings: [\n", "cannot read the ledger"),
        ("- fingerprint: ZZ001:abc\n", "not a list"),
        ("just a sentence\n", "not a str"),
        (BILLION_LAUGHS, "expands to more than"),
        ("[" * 100 + "]" * 100 + "\n", "nests deeper than"),
        ("[" * 20000 + "]" * 20000 + "\n", "cannot read the ledger"),
    ],
)
def test_a_bad_ledger_is_one_line_and_exit_2(in_tmp, fake_rules, body, needle):
    (in_tmp / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (in_tmp / "claims").mkdir()
    (in_tmp / "claims" / "story.yaml").write_text(body, encoding="utf-8")
    res = invoke("story.txt", "--no-html")
    assert res.exit_code == 2 and needle in res.stderr and "claims/story.yaml" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_update_ledger_never_writes_over_an_input(in_tmp, fake_rules):
    (in_tmp / "claims").mkdir()
    art = in_tmp / "claims" / "story.yaml"
    art.write_text(ARTICLE, encoding="utf-8")
    res = invoke(art, "--no-html", "--update-ledger")
    assert res.exit_code == 2 and "refusing to write" in res.stderr
    assert art.read_text(encoding="utf-8") == ARTICLE


# --- fingerprints -----------------------------------------------------------


def _shifted(result, prefix):
    """The same result with the article text prefixed and every offset moved."""
    from dataclasses import replace

    n = len(prefix)
    art = result.article.model_copy(update={"text": prefix + result.article.text})
    claims = [c.model_copy(update={"quantity": c.quantity.model_copy(update={"start": c.start + n, "end": c.end + n})}) for c in result.claims]
    findings = [f.model_copy(update={"spans": tuple(Span(start=s.start + n, end=s.end + n) for s in f.spans)}) for f in result.findings]
    return replace(result, article=art, claims=claims, findings=findings)


def test_fingerprints_ignore_offsets_and_edits_elsewhere():
    r = golden_result()
    assert fingerprints(r) == fingerprints(_shifted(r, "A whole new lede.\n\n"))
    fps = fingerprints(r)
    assert len(set(fps.values())) == len(fps)
    assert all(fp.startswith(f.rule + ":") for f, fp in zip(r.findings, fps.values()))


def test_fingerprints_change_with_the_figure_or_its_words():
    r = golden_result()
    before = fingerprints(r)["f2"]
    text = r.article.text
    for new in (text.replace("355.8億美元", "355.9億美元"), text.replace("AWS營收355.8", "AWS收入355.8")):
        from dataclasses import replace

        art = r.article.model_copy(update={"text": new})
        assert fingerprints(replace(r, article=art))["f2"] != before


def test_repeated_findings_get_numbered_fingerprints():
    from dataclasses import replace

    r = golden_result()
    f = r.findings[3]
    twin = f.model_copy(update={"id": "f5"})
    fps = fingerprints(replace(r, findings=r.findings + [twin]))
    assert fps["f5"] == fps["f4"] + ":2"


def test_rules_left_out_keep_their_entries(in_tmp, fake_rules):
    art = in_tmp / "story.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    ledger = in_tmp / "claims" / "story.yaml"
    invoke(art, "--no-html", "--update-ledger")
    decide(ledger, "ZZ001", "accepted", "Checked.")
    res = invoke(art, "--no-html", "--select", "ZZ002", "--fail-on", "warning")
    assert "LG001" not in res.stdout  # ZZ001 did not run, so its entry is not stale
    res = invoke(art, "--no-html", "--select", "ZZ002", "--update-ledger")
    assert "0 dropped" in res.stderr
    assert {e["rule"]: e["decision"] for e in entries(ledger)} == {"ZZ001": "accepted", "ZZ002": "open"}


def test_supported_findings_need_no_ledger_entry(in_tmp, monkeypatch):
    from verifier.check import registry
    from test_report_fixtures import FAKE_RULES

    ok = registry.Rule("ZZ004", "all-good", "info", "fine", "fine", lambda ctx: (
        f.model_copy(update={"verdict": "supported", "severity": "info"}) for f in FAKE_RULES["ZZ001"].func(ctx)))
    (in_tmp / "story.txt").write_text(ARTICLE, encoding="utf-8")
    with registry.replaced([FAKE_RULES["ZZ001"], ok]):
        invoke("story.txt", "--no-html", "--update-ledger")
    assert [e["rule"] for e in entries(in_tmp / "claims" / "story.yaml")] == ["ZZ001"]


def test_a_ledger_naming_a_renamed_code_still_works_and_says_so(in_tmp, monkeypatch):
    """ZZ009 became ZZ001: the editor's decision written under ZZ009 still quiets the gate, and is rewritten."""
    from dataclasses import replace

    from test_report_fixtures import FAKE_RULES
    from verifier import codes
    from verifier.check import registry

    ledger_rules = registry.all_rules("ledger")
    money = FAKE_RULES["ZZ001"]

    def old_func(ctx):
        return (f.model_copy(update={"rule": "ZZ009"}) for f in money.func(ctx))

    (in_tmp / "story.txt").write_text(ARTICLE, encoding="utf-8")
    ledger = in_tmp / "claims" / "story.yaml"
    with registry.replaced([replace(money, code="ZZ009", func=old_func), *ledger_rules]):
        invoke("story.txt", "--no-html", "--update-ledger")
    decide(ledger, "ZZ009", "accepted", "Checked against the release.")

    monkeypatch.setitem(codes.REDIRECTS, "ZZ009", "ZZ001")
    with registry.replaced([money, *ledger_rules]):
        res = invoke("story.txt", "--no-html")
        assert res.exit_code == 0, res.output  # the accepted finding no longer fails the gate
        assert "names ZZ009, now ZZ001" in res.stderr and "unused-ledger-entry" not in res.stdout
        res = invoke("story.txt", "--no-html", "--select", "ZZ009")  # an old code in --select too
        assert res.exit_code == 0 and "rule ZZ009 was renamed ZZ001" in res.stderr
        invoke("story.txt", "--no-html", "--update-ledger")
    assert [(e["rule"], e["decision"]) for e in entries(ledger)] == [("ZZ001", "accepted")]
    assert entries(ledger)[0]["fingerprint"].startswith("ZZ001:")

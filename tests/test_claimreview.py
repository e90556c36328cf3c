"""``--format claimreview``: schema.org ClaimReview JSON-LD for the findings an editor decided.

Only decided findings are published: ``confirmed`` (the figure is wrong as
printed) and ``accepted`` (right as printed), rated on the scale of
verifier/data/claimreview_ratings.tsv, with the ledger's reason as the review
body; ``dismissed`` and ``open`` ones are not. The article's address comes
from its front matter or HTML head, else the ``url`` setting. The output is
checked against the schema.org vocabulary: pyld expands it with a local copy
of the terms (no network) and nothing is dropped, every property is one the
vocabulary allows on its node's type, and compacting gives it back unchanged.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pyld import jsonld

from verifier.cli import main
from verifier.ledger import load
from verifier.report.claimreview import rating

SCHEMA = Path(__file__).parent / "fixtures" / "schemaorg"
CONTEXT = json.loads((SCHEMA / "context.jsonld").read_text("utf-8"))
VOCAB = json.loads((SCHEMA / "vocabulary.json").read_text("utf-8"))
S = "http://schema.org/"

BODY = """\
# Widget Corp's year

Widget Corp reported revenue of $120 million for 2025, up 20% from $110 million in 2024.

Its operating profit rose 50% to $30 million from $20 million a year earlier.

Widget Corp's net income rose 30% to $12 million from $11 million.

Its order book grew 40% to $70 million from $60 million.
"""
FRONT = "---\ntitle: Widget Corp's year\nurl: https://news.example/2026/widget-corp-year\nauthor: A. Reporter\ndate: 2026-03-02\n---\n\n"


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": "1775001600", **(env or {})})


def decide(ledger: Path, decisions: dict[str, tuple[str, str]]):
    """decisions: first figure of an entry -> (decision, reason)."""
    data = yaml.safe_load(ledger.read_text("utf-8"))
    for e in data["findings"]:
        if e["figures"][0] in decisions:
            e["decision"], e["reason"] = decisions[e["figures"][0]]
    ledger.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture
def decided(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    art = tmp_path / "story.md"
    art.write_text(FRONT + BODY, "utf-8")
    assert invoke(art, "--no-html", "--update-ledger", "--fail-on", "never").exit_code == 0
    ledger = tmp_path / "claims" / "story.yaml"
    assert [e.figures[0] for e in load(ledger)] == ["$120 million", "30%", "40%"]
    decide(ledger, {
        "$120 million": ("confirmed", "The annual report gives $100 million for 2024; the 20% stands, the base was misprinted."),
        "30%": ("accepted", "Net income is rounded in the text; the filing's figures give 30%."),
        "40%": ("dismissed", "The order book figures are at different dates; no growth was claimed between them."),
    })
    return art


def reviews_of(art, *extra):
    res = invoke("--format", "claimreview", "--fail-on", "never", art, *extra)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_decided_findings_become_claim_reviews(decided):
    out = reviews_of(decided)
    assert [r["reviewRating"]["alternateName"] for r in out] == ["False", "True"]  # the dismissed one is left out
    first, second = out
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "Widget Corp reported revenue of $120 million for 2025, up 20% from $110 million in 2024."
    assert first["reviewBody"].startswith("The annual report gives $100 million")
    assert first["reviewRating"] | {"description": None} == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 4, "worstRating": 1, "alternateName": "False", "description": None}
    assert "9.1%" in first["reviewRating"]["description"]  # the arithmetic that was confirmed
    assert second["reviewRating"]["ratingValue"] == 4
    claim = first["itemReviewed"]
    assert claim == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "url": "https://news.example/2026/widget-corp-year", "headline": "Widget Corp's year"},
        "author": {"@type": "Person", "name": "A. Reporter"},
        "datePublished": "2026-03-02",
    }
    assert first["datePublished"] == "2026-04-01" and first["inLanguage"] == "en"
    assert first["identifier"].startswith("AR001:")
    assert "author" not in first  # no reviewer setting


def test_open_findings_are_not_published(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    art = tmp_path / "story.md"
    art.write_text(FRONT + BODY, "utf-8")
    invoke(art, "--no-html", "--update-ledger", "--fail-on", "never")
    assert reviews_of(art) == []


def test_settings_give_the_address_and_the_reviewer(decided):
    decided.write_text(BODY, "utf-8")  # no front matter: the address comes from the setting
    Path("verify.toml").write_text('url = "https://news.example/stories/{stem}/"\nreviewer = "Example News Fact Desk"\n', "utf-8")
    out = reviews_of(decided)
    assert {r["itemReviewed"]["appearance"]["url"] for r in out} == {"https://news.example/stories/story/"}
    assert all(r["author"] == {"@type": "Organization", "name": "Example News Fact Desk"} for r in out)
    assert "datePublished" not in out[0]["itemReviewed"]


def test_no_address_is_a_one_line_usage_error(decided):
    decided.write_text(BODY, "utf-8")
    res = invoke("--format", "claimreview", decided)
    assert res.exit_code == 2
    (error,) = [ln for ln in res.stderr.splitlines() if ln.startswith("verify: error")]
    assert "story.md" in error and "url" in error and "Traceback" not in res.output


def test_a_bad_url_template_is_a_one_line_error(decided):
    Path("verify.toml").write_text('url = "https://news.example/{slug}/"\n', "utf-8")
    res = invoke("--format", "claimreview", decided)
    assert res.exit_code == 2 and "{stem}" in res.stderr


def test_an_html_page_gives_its_canonical_address(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "story.html"
    paras = "".join(f"<p>{p}</p>\n" for p in BODY.split("\n\n")[1:])
    page.write_text(
        '<html><head><meta charset="utf-8"><title>Widget Corp</title>'
        '<link rel="canonical" href="https://news.example/w"><meta name="author" content="A. Reporter"></head>'
        f"<body><article>{paras}</article></body></html>", "utf-8")
    invoke(page, "--no-html", "--update-ledger", "--fail-on", "never")
    decide(tmp_path / "claims" / "story.yaml", {"$120 million": ("confirmed", "Base misprinted.")})
    (review,) = reviews_of(page)
    assert review["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "url": "https://news.example/w", "headline": "Widget Corp"}
    assert review["claimReviewed"].startswith("Widget Corp reported revenue of $120 million")


def test_the_scale_is_the_documented_one():
    assert rating("confirmed", "contradicted")["ratingValue"] == 1
    assert rating("confirmed", "needs-review")["alternateName"] == "Misleading"
    assert rating("confirmed", "unverifiable")["alternateName"] == "Unproven"
    assert {rating("accepted", v)["ratingValue"] for v in ("contradicted", "needs-review", "unverifiable")} == {4}
    assert rating("dismissed", "contradicted") is None and rating("open", "contradicted") is None


# --- against the schema.org vocabulary ------------------------------------------


def loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError", code="loading document failed")


def _ancestors(t: str) -> set[str]:
    out = {t}
    for p in VOCAB["types"].get(t, []):
        out |= _ancestors(p)
    return out


def _check_node(node: dict, where: str = "$"):
    """Every property of an expanded node is a schema.org property its type may carry."""
    types = [t.removeprefix(S) for t in node.get("@type", [])]
    assert all(t in VOCAB["types"] for t in types), (where, types)
    allowed = set().union(*(_ancestors(t) for t in types)) if types else {"Thing"}
    for key, values in node.items():
        if key.startswith("@"):
            continue
        assert key.startswith(S), (where, key)
        prop = key.removeprefix(S)
        assert prop in VOCAB["properties"], (where, prop)
        assert allowed & set(VOCAB["properties"][prop]), f"{where}: {prop} is not a property of {types}"
        for v in values:
            if isinstance(v, dict) and "@value" not in v and "@id" not in v:
                _check_node(v, f"{where}.{prop}")


def test_pyld_expands_every_review_without_loss(decided):
    Path("verify.toml").write_text('reviewer = "Example News Fact Desk"\n', "utf-8")
    out = reviews_of(decided)
    assert out
    for doc in out:
        expanded = jsonld.expand(copy.deepcopy(doc), {"documentLoader": loader})
        assert len(expanded) == 1
        _check_node(expanded[0])
        # nothing was dropped: compacting with schema.org's context gives the document back
        assert jsonld.compact(expanded, "https://schema.org", {"documentLoader": loader}) == doc


def test_a_term_schema_org_lacks_would_be_seen(decided):
    """The check above can fail: a misspelt property is dropped by the expansion."""
    doc = reviews_of(decided)[0]
    doc["claimReview"] = doc.pop("claimReviewed")
    expanded = jsonld.expand(copy.deepcopy(doc), {"documentLoader": loader})
    assert jsonld.compact(expanded, "https://schema.org", {"documentLoader": loader}) != doc
    doc["reviewRating"]["itemReviewed"] = doc.pop("itemReviewed")  # a real property, on the wrong type
    with pytest.raises(AssertionError, match="not a property"):
        _check_node(jsonld.expand(copy.deepcopy(doc), {"documentLoader": loader})[0])

"""A paraphrase of the same fact in another word order, script or language gives the same finding."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from verifier.pipeline import analyse_text
from verifier.read import article_from_text

GROUPS = yaml.safe_load((Path(__file__).parent / "fixtures" / "paraphrases" / "relations.yaml").read_text(encoding="utf-8"))
CASES = [(g["name"], v, [tuple(e) for e in g["expect"]]) for g in GROUPS for v in g["variants"]]


@pytest.mark.parametrize("name, text, expect", CASES, ids=[f"{c[0]}: {c[1][:30]}" for c in CASES])
def test_every_wording_of_a_fact_gives_its_finding(name, text, expect):
    got = [(f.rule, f.verdict) for f in analyse_text(article_from_text(text)).findings if f.rule != "SC001"]
    assert got == expect, [f.message for f in analyse_text(article_from_text(text)).findings]

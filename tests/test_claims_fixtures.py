"""Claims specification: each figure of a fixture text is read with the listed entity, metric,
period and kind. Fields a case leaves out are not checked; the figures a case lists under
``absent`` are printed but are no claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_cases import yaml_cases
from verifier.pipeline import analyse_text
from verifier.read import article_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
FIELDS = ("entity", "metric", "subject", "period", "kind", "direction")


@pytest.mark.parametrize("case", yaml_cases(FIXTURES))
def test_claims(case):
    claims = analyse_text(article_from_text(case["text"])).claims
    got = {c.quantity.text: c for c in claims}
    for text in case.get("absent", ()):
        assert text not in got, f"{text!r} read as a claim"
    for want in case.get("claims", ()):
        c = got.get(want["text"])
        assert c is not None, f"no claim {want['text']!r}; got {list(got)}"
        for field in FIELDS:
            if field in want:
                assert getattr(c, field) == want[field], f"{want['text']}: {field}"

"""Claims specification: each figure of a fixture text is read with the listed entity, metric,
period and kind. Fields a case leaves out are not checked."""

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
    for want in case["claims"]:
        c = got.get(want["text"])
        assert c is not None, f"no claim {want['text']!r}; got {list(got)}"
        for field in FIELDS:
            if field in want:
                assert getattr(c, field) == want[field], f"{want['text']}: {field}"

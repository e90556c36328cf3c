"""One article through the stages: read → extract → claims → check.

The command line, the benchmarks and the tests all call ``run``, so what a
user sees and what is measured are the same code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from verifier.models import Article, Claim, Extraction, Finding


@dataclass
class Result:
    article: Article
    extraction: Extraction
    claims: list[Claim]
    findings: list[Finding] = field(default_factory=list)


def analyse_text(article: Article, masks=(), sources=None, lang: str | None = None) -> Result:
    """Extract, build claims and run every check; ``sources`` is a loaded source index or None;
    ``lang`` the language of the messages (None: the article's own)."""
    from verifier.check import Context, run_checks
    from verifier.claims import build_claims
    from verifier.extract import extract

    extraction = extract(article.text, article.language, masks)
    claims = build_claims(article, extraction)
    findings = run_checks(Context(article=article, claims=claims, sources=sources, extraction=extraction, lang=lang))
    return Result(article=article, extraction=extraction, claims=claims, findings=findings)


def run(path: str | Path, sources=None, lang: str | None = None) -> Result:
    from verifier.read import prose_masks, read_article

    article = read_article(path)
    return analyse_text(article, prose_masks(path, article.text), sources, lang)

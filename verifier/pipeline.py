"""One article through the stages: read → extract → claims → check.

The command line, the benchmarks and the tests all call ``run``, so what a
user sees and what is measured are the same code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from verifier.document import Document, document_of, reading
from verifier.models import Article, Claim, Extraction, Finding


@dataclass
class Result:
    article: Article
    extraction: Extraction
    claims: list[Claim]
    findings: list[Finding] = field(default_factory=list)


def analyse_text(article: Article | Document, masks=(), sources=None, lang: str | None = None) -> Result:
    """Read the article into its Document (unless given one), extract, build claims and run
    every check; ``sources`` is a loaded source index or None; ``lang`` the language of the
    messages (None: the article's own)."""
    from verifier.check import Context, run_checks
    from verifier.claims import build_claims
    from verifier.extract import extract

    doc = article if isinstance(article, Document) else document_of(article, masks)
    with reading(doc):
        extraction = extract(doc.text, doc.language, list(doc.masks))
        claims = build_claims(doc, extraction)
        findings = run_checks(Context(article=doc.article, claims=claims, sources=sources, extraction=extraction, lang=lang,
                                           tables=doc.tables))
    return Result(article=doc.article, extraction=extraction, claims=claims, findings=findings)


def run(path: str | Path, sources=None, lang: str | None = None, max_bytes: int | None = None) -> Result:
    """The article at ``path`` checked; ``max_bytes``: the largest file read (``--max-size``)."""
    from verifier.read import read_article

    return analyse_text(document_of(read_article(path, max_bytes)), sources=sources, lang=lang)

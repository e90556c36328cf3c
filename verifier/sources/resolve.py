"""A table's entity and metric cells → the canonical names claims use.

Both go through the lexicons the claims stage uses (``entities.tsv``,
``metrics.tsv``), so ``營收`` in a table meets ``revenue`` in an article.
A metric cell may also say what kind of figure the row is ("revenue
estimate", "net sales YoY growth", "營收預估"): those words
(``source_qualifiers.tsv``) are taken off and returned as basis and change.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.aliases import entity_of, metric_of

__all__ = ["resolve_entity", "resolve_metric"]


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    meaning = {r[0].lower(): (r[1], r[2]) for r in lexicon.rows("source_qualifiers.tsv")}
    parts = []
    for s in sorted(meaning, key=len, reverse=True):
        esc = re.escape(s)
        parts.append(rf"(?<![A-Za-z]){esc}(?![A-Za-z])" if s.isascii() else esc)
    return re.compile("|".join(parts), re.IGNORECASE), meaning


@lru_cache(maxsize=65536)
def resolve_metric(text: str) -> tuple[str, float, str, str]:
    """(canonical metric, score, basis from wording, change from wording).

    Fuzzy matching is allowed here (a score below 100 is reported as an
    uncertain match): a table has few distinct metric spellings.
    """
    pattern, meaning = _qualifiers()
    basis = change = ""
    for m in pattern.finditer(text):
        field_, value = meaning[m.group(0).lower()]
        if field_ == "basis":
            basis = basis or value
        else:
            change = change or value
    rest = re.sub(r"\s+", " ", pattern.sub(" ", text)).strip(" -_,;:()（）") if basis or change else text
    canon, score = metric_of(rest, fuzzy=False) if rest else (None, 0.0)
    if canon is None and rest:
        canon, score = _qualified(rest)
    if canon is None and rest:
        canon, score = _misspelt(rest)
    if canon is None:
        canon, score = re.sub(r"\W+", "_", rest.lower()).strip("_") or text, 100.0
    return canon, score, basis, change


@lru_cache(maxsize=1)
def _alias_pattern() -> re.Pattern:
    from verifier.aliases import metric_index

    parts = []
    for a in sorted(metric_index(), key=len, reverse=True):
        esc = re.escape(a)
        parts.append(rf"(?<![A-Za-z]){esc}(?![A-Za-z])" if a.isascii() else esc)
    return re.compile("|".join(parts), re.IGNORECASE)


def _qualified(text: str) -> tuple[str | None, float]:
    """``services revenue``, ``data center segment revenue``, ``境外收入``: a metric with words that
    narrow it keeps them (``revenue:services``), so a segment's row never answers for the total."""
    from verifier.aliases import metric_index
    from verifier.claims.naming import canonical_qualifier, qualified_metric

    from verifier.fold import fold

    m = _alias_pattern().search(fold(text))  # aliases are held folded; the fold keeps offsets
    if m is None:
        return None, 0.0
    words = (text[: m.start()] + " " + text[m.end() :]).strip(" -_,;:()（）的")
    canon = metric_index()[m.group(0)]
    return qualified_metric(canon, canonical_qualifier(words) if words else None), 100.0


def _misspelt(text: str) -> tuple[str | None, float]:
    """A misspelt metric (``revnue``): the whole cell close to one alias, never a part of it."""
    from rapidfuzz import fuzz, process

    from verifier.aliases import FUZZY_CUTOFF, metric_index
    from verifier.fold import fold

    hit = process.extractOne(fold(text), list(metric_index()), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return (metric_index()[hit[0]], float(hit[1])) if hit else (None, 0.0)


@lru_cache(maxsize=65536)
def resolve_entity(text: str, aliases: str = "") -> str:
    """Canonical entity from the lexicon, by the name or one of its aliases (``a|b``), exactly; else the name as written.

    No fuzzy matching here: a table may name twenty thousand companies, and a
    claim's entity is matched to the names the tables use at query time
    (``SourceIndex.resolve_entity``), once per name an article mentions.
    """
    for name in (text, *(a.strip() for a in aliases.split("|") if a.strip())):
        canon, _ = entity_of(name, fuzzy=False)
        if canon:
            return canon
    return " ".join(text.split())

"""Entity and metric names across English and Chinese, from data files.

Claims find the names in an article with the other word lists in one pass
(``verifier/words.py``, on the folded text); source tables resolve their own spellings through the same lexicons, with
rapidfuzz for near spellings (``Amazon Web Service``, ``營業收入淨額``), so
``營收`` in an article meets ``net sales`` in a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from verifier import lexicon
from verifier.fold import fold

__all__ = ["Name", "entities", "entity_of", "kind_of", "metric_index", "metric_of", "metrics"]

FUZZY_CUTOFF = 88


@dataclass(frozen=True)
class Name:
    canonical: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def entities() -> dict[str, Name]:
    out = {}
    for canonical, kind, parent, aliases in lexicon.rows("entities.tsv"):
        out[canonical] = Name(canonical, kind, None if parent == "-" else parent, tuple(aliases.split("|")))
    return out


@lru_cache(maxsize=1)
def metrics() -> dict[str, Name]:
    out = {}
    for canonical, kind, aliases in lexicon.rows("metrics.tsv"):
        out[canonical] = Name(canonical, kind, None, tuple(aliases.split("|")))
    return out


def _index(names: dict[str, Name]) -> dict[str, str]:
    """Folded spelling (width, case, script) → canonical, so one alias serves both scripts."""
    idx = {}
    for n in names.values():
        idx[fold(n.canonical)] = n.canonical
        for a in n.aliases:
            idx.setdefault(fold(a), n.canonical)
    return idx


@lru_cache(maxsize=1)
def _entity_index():
    return _index(entities())


@lru_cache(maxsize=1)
def metric_index() -> dict[str, str]:
    """Every metric alias, folded, to its canonical name."""
    return _index(metrics())


def kind_of(entity: str | None) -> str | None:
    """company, segment, market or group; a composed segment name (Meta Advertising) is a segment,
    a name found in subject position that the lexicon does not know (claims/names.py) a company,
    unless ``non_companies.tsv`` lists it as a place or an institution."""
    if entity is None:
        return None
    n = entities().get(entity)
    if n:
        return n.kind
    if any(entity.startswith(c + " ") for c in entities()):
        return "segment"
    return non_companies().get(entity, "company")


@lru_cache(maxsize=1)
def non_companies() -> dict[str, str]:
    """Places and public institutions that stand as subjects (China's exports, the Fed cut rates)."""
    return {name: kind for name, kind in lexicon.rows("non_companies.tsv")}


def _resolve(surface: str, index: dict[str, str], fuzzy: bool) -> tuple[str | None, float]:
    key = fold(" ".join(surface.split()))
    if key in index:
        return index[key], 100.0
    if not fuzzy or not key:
        return None, 0.0
    from rapidfuzz import fuzz, process

    hit = process.extractOne(key, list(index), scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF)
    if hit is None:
        return None, 0.0
    return index[hit[0]], float(hit[1])


def entity_of(surface: str, fuzzy: bool = True) -> tuple[str | None, float]:
    """Canonical entity for a spelling, with a score (100 exact, lower when fuzzy)."""
    return _resolve(surface, _entity_index(), fuzzy)


def metric_of(surface: str, fuzzy: bool = True) -> tuple[str | None, float]:
    """Canonical metric for a spelling, with a score (100 exact, lower when fuzzy)."""
    return _resolve(surface, metric_index(), fuzzy)

"""A run over several articles: what is judged across them, not within one.

The per-article pipeline knows one article; a batch also compares articles
with each other (CN003). The command line and the Dask runner both call
``cross_article`` on the results, so a cluster's run reports what a local one does.
"""

from __future__ import annotations

from typing import Optional

from verifier.check.rules import cn003_cross_article_conflict as cn003

__all__ = ["cross_article", "apply_levels"]


def apply_levels(found: list[dict], select: Optional[set[str]], ignore: set[str], severity: dict[str, str]) -> list[dict]:
    """--select/--ignore/--severity for cross-article findings, as config.apply does per article."""
    if (select is not None and cn003.CODE not in select) or cn003.CODE in ignore:
        return []
    level = severity.get(cn003.CODE)
    return [dict(f, severity=level) if level and f["verdict"] != "supported" else f for f in found]


def cross_article(paths: list[str], results: list, select=None, ignore=frozenset(), severity=None) -> list[dict]:
    """CN003 over a batch; one article alone has nothing to compare with."""
    if len(paths) < 2:
        return []
    return apply_levels(cn003.across(zip(paths, results)), select, set(ignore), severity or {})

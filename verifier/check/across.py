"""A run over several articles: what is judged across them, not within one.

The per-article pipeline knows one article; a batch also compares articles
with each other (CN003). Each article gives keyed records (``keyed_entries``)
where it was checked; a local run groups them here (``cross_of_entries``), a
Dask run shuffles them by key across the cluster (``verifier.dask_run``); both
number and level the conflicts the same way (``cross_of_conflicts``), so a
cluster's run reports what a local one does.
"""

from __future__ import annotations

from typing import Optional

from verifier.check.rules import cn003_cross_article_conflict as cn003

__all__ = ["Gathered", "cross_article", "cross_of_conflicts", "cross_of_entries", "apply_levels", "keyed_entries"]


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


def keyed_entries(path: str, result) -> list:
    """What one article gives the comparison: plain data, computed where the article was checked."""
    return cn003.keyed(path, result)


class Gathered:
    """CN003's records of a streamed batch, grouped by key as each article is taken.

    All a batch keeps of an article once it is reported: its compact entries
    (``cn003.Entry``, plain tuples), under one key object per (entity, metric,
    period, ...) however many articles state it, never a result or a report."""

    __slots__ = ("groups",)

    def __init__(self) -> None:
        self.groups: dict[tuple, list] = {}

    def add(self, keyed) -> None:
        groups = self.groups
        for k, e in keyed:
            g = groups.get(k)
            if g is None:
                groups[k] = [e]
            else:
                g.append(e)

    def __len__(self) -> int:
        return sum(map(len, self.groups.values()))


def cross_of_entries(entries, n_articles: int, select=None, ignore=frozenset(), severity=None) -> list[dict]:
    """CN003 over the entries of every article of a streamed batch: a ``Gathered``, or (key, entry) pairs."""
    if n_articles < 2:
        return []
    if not isinstance(entries, Gathered):
        entries, pairs = Gathered(), entries
        entries.add(pairs)
    groups = entries.groups
    return cross_of_conflicts([f for k, es in groups.items() for f in cn003.conflicts(k, es)], n_articles, select, ignore, severity)


def cross_of_conflicts(found: list[dict], n_articles: int, select=None, ignore=frozenset(), severity=None) -> list[dict]:
    """CN003's conflicts of every key, found here or by a cluster's shuffle: numbered, then the run's levels."""
    if n_articles < 2:
        return []
    return apply_levels(cn003.number(found), select, set(ignore), severity or {})

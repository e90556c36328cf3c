"""A run over several articles: what is judged across them, not within one.

The per-article pipeline knows one article; a batch also compares articles
with each other (CN003). Each article gives keyed records (``keyed_entries``)
where it was checked; a local run keeps them on disk and groups them here
(``Store``, ``cross_of_entries``), a
Dask run shuffles them by key across the cluster (``verifier.dask_run``); both
number and level the conflicts the same way (``cross_of_conflicts``), so a
cluster's run reports what a local one does.
"""

from __future__ import annotations

import itertools
import os
import pickle
import shutil
from typing import Iterator, Optional

from verifier.check.rules import cn003_cross_article_conflict as cn003

__all__ = ["Store", "cross_article", "cross_of_conflicts", "cross_of_entries", "apply_levels", "keyed_entries"]


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


class Store:
    """CN003's records of a streamed batch, kept on disk and grouped by key at the end.

    A batch compares every article with every other, so each comparable figure's record
    (``cn003.Entry``, plain tuples) waits until the last article is in; held in memory they
    were the one part of a long batch that grew with it (some 4 KB an article). Here at most
    ``bound`` of them are held: past that they go, pickled, into an SQLite file (the standard
    library's) in a temporary folder of their own, which ``groups`` reads back ordered by key,
    one key's records at a time. A batch too small to fill the bound never touches the disk.
    ``close`` removes the folder; it runs when the records are read, when a run stops
    (``Session.discard``), and at the latest when the interpreter exits.
    """

    BOUND = 2048  # records held before they are written out: some 1 MB

    def __init__(self, bound: Optional[int] = None) -> None:
        self.bound = bound or self.BOUND
        self.held: list[tuple[str, bytes]] = []  # (the key's repr, the pickled (key, entry))
        self.count = 0
        self.folder: Optional[str] = None
        self._db = None
        self._finalizer = None

    def __reduce__(self):
        """What travels in a session to a worker: an empty store, never the run's records or its file."""
        return (type(self), (self.bound,))

    @staticmethod
    def rows(keyed) -> list[tuple[str, bytes]]:
        """(key, entry) pairs as the store keeps them: the key's repr (one per key: its fields are str,
        None and bool) and the pickled pair."""
        dumps, top = pickle.dumps, pickle.HIGHEST_PROTOCOL
        return [(repr(k), dumps((k, tuple(e)), top)) for k, e in keyed]

    def add(self, keyed) -> None:
        self.add_rows(self.rows(keyed))

    def add_rows(self, rows: list[tuple[str, bytes]]) -> None:
        self.held += rows
        self.count += len(rows)
        if len(self.held) >= self.bound:
            self._spill()

    def __len__(self) -> int:
        return self.count

    def _open(self):
        import sqlite3
        import weakref

        from verifier import tempfiles

        self.folder = tempfiles.make_folder("cn003")  # a killed run's folder is removed by the next
        self._db = db = sqlite3.connect(os.path.join(self.folder, "records.sqlite"))
        self._finalizer = weakref.finalize(self, _remove, db, self.folder, os.getpid())
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                         "CREATE TABLE records (key TEXT NOT NULL, record BLOB NOT NULL);")
        return db

    def _spill(self) -> None:
        db = self._db or self._open()
        with db:
            db.executemany("INSERT INTO records VALUES (?, ?)", self.held)
        self.held = []

    def groups(self) -> Iterator[tuple[tuple, list]]:
        """``(key, entries)`` per key, keys in the order they first came and each key's entries in the
        order they were added (the order a dict of lists gives, so findings tie-break as they did)."""
        if self._db is None:
            first = {}
            for k, _ in self.held:
                first.setdefault(k, len(first))
            rows = sorted(self.held, key=lambda r: first[r[0]])  # stable: within a key, the order they came in
        else:
            self._spill()
            # each key's first row, looked up by key (a join on the bare subquery scanned every row per key)
            self._db.executescript("CREATE TEMP TABLE firsts (key TEXT PRIMARY KEY, first INTEGER) WITHOUT ROWID;"
                                   "INSERT INTO firsts SELECT key, MIN(rowid) FROM records GROUP BY key;")
            rows = self._db.execute("SELECT r.key, r.record FROM records AS r JOIN firsts AS f ON f.key = r.key "
                                    "ORDER BY f.first, r.rowid")
        loads = pickle.loads
        for _, group in itertools.groupby(rows, key=lambda r: r[0]):
            by_key: dict[tuple, list] = {}  # one repr is one key (str, None and bool fields)
            for _, record in group:
                k, e = loads(record)
                by_key.setdefault(k, []).append(cn003.Entry(*e))
            yield from by_key.items()

    def close(self) -> None:
        """The records and their folder go; the store is empty after."""
        self.held, self.count = [], 0
        if self._finalizer is not None:
            self._finalizer()
        self._db = self._finalizer = self.folder = None


def _remove(db, folder: str, owner: int) -> None:
    db.close()
    if os.getpid() == owner:  # a forked worker that inherited the store leaves the parent's file alone
        shutil.rmtree(folder, ignore_errors=True)


def cross_of_entries(entries, n_articles: int, select=None, ignore=frozenset(), severity=None) -> list[dict]:
    """CN003 over the entries of every article of a streamed batch: a ``Store`` (read once, then
    closed), or (key, entry) pairs."""
    if not isinstance(entries, Store):
        entries, pairs = Store(), entries
        entries.add(pairs)
    try:
        if n_articles < 2:
            return []
        found = [f for k, es in entries.groups() for f in cn003.conflicts(k, es)]
    finally:
        entries.close()
    return cross_of_conflicts(found, n_articles, select, ignore, severity)


def cross_of_conflicts(found: list[dict], n_articles: int, select=None, ignore=frozenset(), severity=None) -> list[dict]:
    """CN003's conflicts of every key, found here or by a cluster's shuffle: numbered, then the run's levels."""
    if n_articles < 2:
        return []
    return apply_levels(cn003.number(found), select, set(ignore), severity or {})

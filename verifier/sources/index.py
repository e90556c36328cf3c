"""All loaded tables behind one lookup, and ``load_sources`` for the CLI.

The index answers one question fast: which rows state ``metric`` for
``entity``? Each table finds an (entity, metric)'s rows by its codes for the
two names (``Table.topic``), so a claim touches only its own handful of rows
however large the tables are.
A claim's entity or metric that no table spells the same way is tried
through the alias lexicons and then rapidfuzz; such a match is reported as
uncertain.

Big tables are cached (``cache.py``) so a newsroom's million-row table is
parsed once per change, not once per article.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from verifier.aliases import FUZZY_CUTOFF, entity_of, metric_of
from verifier.errors import SourceTableError
from verifier.sources.table import SourceRow, Table, check_across

__all__ = ["SourceIndex", "load_sources", "load_table"]

SUFFIXES = (".csv", ".yaml", ".yml")


class SourceIndex:
    def __init__(self, tables: list[Table]):
        self.tables = list(tables)
        self._rows: dict[tuple[str, str], list[SourceRow]] = {}
        self._resolved: dict[tuple[str, str | None], tuple[str | None, float]] = {}  # a fuzzy search over 20,000 names costs ~10 ms
        for k, t in enumerate(self.tables):
            for earlier in self.tables[:k]:
                check_across(earlier, t)

    def __len__(self) -> int:
        return sum(len(t) for t in self.tables)

    def __repr__(self) -> str:
        return f"SourceIndex({len(self.tables)} tables, {len(self)} rows)"

    @property
    def files(self) -> list[str]:
        return [t.path for t in self.tables]

    @cached_property
    def _names(self) -> tuple[dict[str, str], dict[str, str]]:
        """casefolded → canonical, for entities and metrics in any table."""
        ents, mets = {}, {}
        for t in self.tables:
            for e in t.entities:
                ents.setdefault(e.casefold(), e)
            for m in t.metrics:
                mets.setdefault(m.casefold(), m)
        return ents, mets

    def resolve_entity(self, name: str | None) -> tuple[str | None, float]:
        key = ("e", name)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(name, self._names[0], entity_of)
        return self._resolved[key]

    def resolve_metric(self, name: str | None) -> tuple[str | None, float]:
        key = ("m", name)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(name, self._names[1], metric_of)
        return self._resolved[key]

    @staticmethod
    def _resolve(name, known: dict[str, str], lexicon_of) -> tuple[str | None, float]:
        """A claim's name as the tables spell it: exact, then through the lexicon, then fuzzy."""
        if not name:
            return None, 0.0
        hit = known.get(name.casefold())
        if hit:
            return hit, 100.0
        canon, score = lexicon_of(name, fuzzy=False)
        if canon and canon.casefold() in known:
            return known[canon.casefold()], score
        from rapidfuzz import fuzz, process

        # a qualified metric (revenue:services) is only ever near another with the same qualifier
        base, _, qual = name.casefold().partition(":")
        candidates = [k for k in known if k.partition(":")[2] == qual]
        best = process.extractOne(base if qual else name.casefold(), [k.partition(":")[0] for k in candidates] if qual else candidates,
                                  scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF)
        if best is not None and qual:
            return known[candidates[best[2]]], float(best[1])
        if best is None:
            return None, 0.0
        return known[best[0]], float(best[1])

    def rows(self, entity: str, metric: str) -> list[SourceRow]:
        """Every row stating ``metric`` for ``entity`` (names as the tables resolve them).

        Rows become models only here, once per (entity, metric) per index:
        an article asks about a few topics many times.
        """
        key = (entity, metric)
        hit = self._rows.get(key)
        if hit is None:
            hit = self._rows[key] = [t.row(i) for t in self.tables for i in t.group(*key)]
        return list(hit)


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _tables_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.is_dir() and p.suffix.lower() in SUFFIXES)  # a FIFO is refused, not skipped


def load_table(path: Path, name: str | None = None, max_bytes: int | None = None) -> Table:
    """One table, from the cache when the file has not changed; refused before a byte is read
    (the cache hashes it) when it is not a regular file of at most ``max_bytes``."""
    from verifier.read import MAX_TABLE_BYTES, file_problem
    from verifier.sources import cache
    from verifier.sources.read import Irregular, open_table
    from verifier.sources.table import build_table

    name = name or str(path)
    problem = file_problem(path, max_bytes or MAX_TABLE_BYTES, "a CSV or YAML table")
    if problem is not None:
        raise SourceTableError(name, problem=problem)
    path = path.resolve()  # rows are read back from this file later, whatever the working folder then
    hit = cache.get(path)
    if hit is not None:
        hit.path = name
        return hit
    try:
        table = build_table(open_table(path, name))
    except Irregular:  # blank lines, cells spanning lines, ragged rows: read row by row
        table = build_table(open_table(path, name, regular=False))
    cache.put(path, table)
    return table


def load_sources(paths: list[str], cwd: Path, max_bytes: int | None = None) -> SourceIndex | None:
    """Every ``--sources`` path (file or folder); ``cwd/sources`` only when none is given.

    A table the user named replaces the default folder rather than joining it, so a run
    with ``--sources`` reads exactly what it was told to.

    Returns None when no table was found; raises SourceTableError for a table
    that cannot be used and for a given path that does not exist.
    """
    cwd = Path(cwd)
    files: list[Path] = []
    default = cwd / "sources"
    if not paths and default.is_dir():
        files += _tables_in(default)
    for p in paths or ():
        path = Path(p)
        if not path.exists() and not path.is_absolute() and (cwd / p).exists():
            path = cwd / p  # relative to the working folder the caller named
        if not path.exists():
            raise SourceTableError(str(p), problem="does not exist; --sources takes a CSV or YAML table or a folder of them")
        if path.is_dir():
            found = _tables_in(path)
            if not found:
                raise SourceTableError(str(p), problem="holds no .csv, .yaml or .yml tables")
            files += found
        elif path.suffix.lower() not in SUFFIXES:
            raise SourceTableError(str(p), problem="is not a source table; use a .csv, .yaml or .yml file")
        else:
            files.append(path)
    unique, seen = [], set()
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        return None
    return SourceIndex([load_table(f, _display(f, cwd), max_bytes) for f in unique])

"""One validated source table: what the index needs per row, and rows on demand.

Validation runs chunk by chunk and column by column with pydantic
(``TypeAdapter(list[...])`` validates fifty thousand cells in Rust in a few
milliseconds), and the lexicon work (entity and metric aliases, units,
periods) runs once per distinct cell, because tables repeat themselves.
What stays in memory per row is a few small integers in arrays (period,
basis, change, line) and the row's place in its (entity, metric) group; a
row becomes a ``SourceRow`` model only when a claim asks for its topic.

Two rows that agree on entity, metric, period, basis, change, unit, source
and note state the same figure; if their values disagree beyond the
precision each was printed at, the table is unusable and the error names
both rows.
"""

from __future__ import annotations

import gc
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby, repeat
from pathlib import Path
from typing import Optional

from verifier.errors import SourceTableError
from verifier.models import Figure, frozen
from verifier.rounding import overlaps
from verifier.sources import checks
from verifier.sources.read import Chunk, TableFile, read_row
from verifier.sources.resolve import resolve_entity, resolve_metric
from verifier.sources.units import parse_unit, parse_value

__all__ = ["BASES", "CHANGES", "SourceRow", "Table", "build_table", "check_across"]

BASES = ("actual", "estimate", "guidance")
CHANGES = ("", "yoy", "qoq", "cagr", "vs-estimate", "move")
_BASIS_WORDS = {"": None, "actual": 0, "reported": 0, "estimate": 1, "consensus": 1, "guidance": 2, "forecast": 2}
_CHANGE_WORDS = {"": None, "level": 0, "yoy": 1, "qoq": 2, "cagr": 3, "vs-estimate": 4, "move": 5}


@frozen
class SourceRow(Figure):
    """One published figure, in base units, with where it was published."""

    file: str
    row: int
    id: Optional[str] = None
    entity: str
    entity_text: str
    metric: str
    metric_text: str
    metric_score: float = 100.0
    period: str
    basis: str  # actual | estimate | guidance
    change: str  # "" for a level, or yoy | qoq | cagr | vs-estimate | move
    printed: str  # the value cell as written
    unit_text: str
    unit: str  # base unit
    source: str
    published: Optional[str] = None
    quote: Optional[str] = None
    note: Optional[str] = None

    @property
    def uncertain(self) -> list[str]:
        if self.metric_score < 100:
            from verifier import messages as msg

            return [msg.t("source.fuzzy_table_metric", text=self.metric_text, metric=msg.metric(self.metric), score=f"{self.metric_score:.0f}")]
        return []


@dataclass
class Table:
    """A validated table: per-row codes, topic groups, and the cells on demand."""

    path: str  # as the user wrote it
    lines: array  # line of each row
    periods: list[str]  # period labels; period_code indexes it
    period_code: array
    basis_code: array  # index into BASES
    change_code: array  # index into CHANGES
    order: array  # row indices, grouped by topic
    spans: dict[tuple[str, str], tuple[int, int]]  # (entity, metric) → slice of order
    file: Optional[Path] = None  # a CSV read back by line; None: cells in memory
    header: list[str] = field(default_factory=list)
    line_index: Optional[tuple[array, array]] = None
    cells: Optional[dict[str, list[str]]] = None

    def __len__(self) -> int:
        return len(self.lines)

    def group(self, entity: str, metric: str) -> array:
        a, b = self.spans.get((entity, metric), (0, 0))
        return self.order[a:b]

    def period(self, i: int) -> str:
        return self.periods[self.period_code[i]]

    def row_cells(self, i: int) -> dict[str, str]:
        if self.cells is not None:
            return {c: col[i] for c, col in self.cells.items()}
        return read_row(self.file, self.header, self.line_index, self.lines[i])

    def key(self, i: int, cells: dict | None = None) -> tuple:
        c = cells or self.row_cells(i)
        entity = resolve_entity(c["entity"].strip(), c.get("aliases", ""))
        metric = resolve_metric(c["metric"].strip())[0]
        unit = parse_unit(c["unit"].strip()).base
        return (entity, metric, self.period(i), self.basis_code[i], self.change_code[i], unit, c["source"].strip(), c.get("note", "").strip())

    def value(self, i: int, cells: dict | None = None) -> Figure:
        c = cells or self.row_cells(i)
        unit = parse_unit(c["unit"].strip())
        return parse_value(c["value"], unit.factor, unit.base == "percent")

    def row(self, i: int) -> SourceRow:
        c = {k: v.strip() for k, v in self.row_cells(i).items()}
        unit, v = parse_unit(c["unit"]), self.value(i, c)
        metric, score, _, _ = resolve_metric(c["metric"])
        return SourceRow(
            file=self.path, row=self.lines[i], id=c.get("id") or None,
            entity=resolve_entity(c["entity"], c.get("aliases", "")), entity_text=c["entity"],
            metric=metric, metric_text=c["metric"], metric_score=score,
            period=self.period(i), basis=BASES[self.basis_code[i]], change=CHANGES[self.change_code[i]],
            printed=c["value"], unit_text=c["unit"], unit=unit.base,
            **dict(v),
            source=c["source"], published=c.get("published") or None, quote=c.get("quote") or None, note=c.get("note") or None,
        )  # fmt: skip


class _Builder:
    """Validates chunk after chunk, keeping the per-row codes and what the groups need."""

    def __init__(self, tf: TableFile):
        self.tf = tf
        self.memory = tf.path is None
        self.cells: dict[str, list[str]] = {c: [] for c in tf.columns}
        self.lines, self.period_code = array("i"), array("I")
        self.basis_code, self.change_code = array("B"), array("B")
        self.ent: list[str] = []
        self.met: list[str] = []
        self.hashes = array("q")
        self.units: dict = {}
        self.bases: dict[str, str] = {}  # unit cell → base unit
        self.periods: dict[str, int] = {}
        self.labels: dict[str, int] = {}
        self.metrics: dict = {}
        self.canon: dict[str, str] = {}  # metric cell → canonical metric
        self.entities: dict = {}
        self.words: dict = {}

    def fail(self, chunk: Chunk, i: int, column, problem: str):
        raise SourceTableError(self.tf.name, row=chunk.lines[i], column=column, problem=problem)

    def add(self, chunk: Chunk) -> None:
        cols, n = chunk.columns, len(chunk.lines)
        checks.required(self, chunk, "source")
        checks.distinct(self, chunk, "unit", self.units, parse_unit)
        self.bases.update((u, unit.base) for u, unit in self.units.items())
        checks.values(self, chunk)
        checks.distinct(self, chunk, "period", self.periods, self._period_code)
        if "published" in cols:
            checks.distinct(self, chunk, "published", {}, checks.published)
        checks.distinct(self, chunk, "metric", self.metrics, resolve_metric)
        checks.distinct(self, chunk, "entity", self.entities, resolve_entity)
        self.canon.update((m, v[0]) for m, v in self.metrics.items())
        ent = list(map(self.entities.__getitem__, cols["entity"]))
        met = list(map(self.canon.__getitem__, cols["metric"]))
        aliases = cols.get("aliases")
        if aliases is not None and set(aliases) != {""}:  # a row's own aliases may name a known entity
            for i, a in enumerate(aliases):
                if a.strip():
                    ent[i] = resolve_entity(cols["entity"][i].strip(), a)
        basis = checks.codes(self, chunk, "basis", _BASIS_WORDS, self.metrics, 2, BASES)
        change = checks.codes(self, chunk, "change", _CHANGE_WORDS, self.metrics, 3, CHANGES)
        pcode = array("I", map(self.periods.__getitem__, cols["period"]))
        units = list(map(self.bases.__getitem__, cols["unit"]))
        note = cols.get("note") or repeat("", n)
        self.hashes.extend(map(hash, zip(ent, met, pcode, basis, change, units, cols["source"], note)))
        self.ent += ent
        self.met += met
        self.lines += chunk.lines
        self.period_code += pcode
        self.basis_code += basis
        self.change_code += change
        if self.memory:
            for c in self.cells:
                self.cells[c] += cols[c]

    def _period_code(self, cell: str) -> int:
        from verifier.sources.periods import normalise_period

        return self.labels.setdefault(normalise_period(cell), len(self.labels))

    def finish(self) -> Table:
        runs: dict[tuple[str, str], list[tuple[int, int]]] = {}
        pos = 0
        for key, run in groupby(zip(self.ent, self.met)):
            size = sum(1 for _ in run)
            runs.setdefault(key, []).append((pos, pos + size))
            pos += size
        order, spans = array("i"), {}
        for key, parts in runs.items():
            start = len(order)
            for a, b in parts:
                order.extend(range(a, b))
            spans[key] = (start, len(order))
        tf = self.tf
        table = Table(
            tf.name, self.lines, list(self.labels), self.period_code, self.basis_code, self.change_code, order, spans,
            tf.path, tf.header, tf.line_index, self.cells if self.memory else None,
        )  # fmt: skip
        self.check_duplicates(table)
        return table

    def check_duplicates(self, table: Table) -> None:
        """Rows with one key must state one figure (within printed precision)."""
        if len(set(self.hashes)) == len(self.hashes):
            return
        counts = Counter(self.hashes)
        seen: dict[tuple, int] = {}
        for i, h in enumerate(self.hashes):
            if counts[h] > 1:
                j = seen.setdefault(table.key(i), i)
                if j != i:
                    _compare(table, j, table, i)


def build_table(tf: TableFile) -> Table:
    """Validate and index a table. The cyclic garbage collector is paused meanwhile:
    a million short-lived row lists would trigger it thousands of times, for nothing
    (they hold no cycles), and cost a third of the load."""
    was = gc.isenabled()
    gc.disable()
    try:
        builder = _Builder(tf)
        for chunk in tf.chunks:
            builder.add(chunk)
        return builder.finish()
    finally:
        if was:
            gc.enable()


def check_across(earlier: Table, later: Table) -> None:
    """The duplicate check between two tables; an error is reported on the later one."""
    flip = len(later.spans) < len(earlier.spans)
    small, big = (later, earlier) if flip else (earlier, later)
    for gk in small.spans:
        theirs = big.group(*gk)
        if not theirs:
            continue
        keys = {big.key(j): j for j in theirs}
        for i in small.group(*gk):
            j = keys.get(small.key(i))
            if j is not None:
                _compare(earlier, j if flip else i, later, i if flip else j)


def _compare(ta: Table, j: int, tb: Table, i: int) -> None:
    ca, cb = ta.row_cells(j), tb.row_cells(i)
    a, b = ta.value(j, ca), tb.value(i, cb)
    if overlaps(a.interval, b.interval):
        return
    where = f"row {ta.lines[j]}" if ta is tb else f"{ta.path} row {ta.lines[j]}"
    raise SourceTableError(
        tb.path, row=tb.lines[i], column="value",
        problem=f"duplicate key with different values: {cb['value'].strip()} {cb['unit'].strip()} here, "
        f"{ca['value'].strip()} {ca['unit'].strip()} in {where} (same entity, metric, period, basis, source and note)",
    )  # fmt: skip


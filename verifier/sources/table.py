"""One validated source table: what the index needs per row, and rows on demand.

Validation runs chunk by chunk and column by column with pydantic
(``TypeAdapter(list[...])`` validates fifty thousand cells in Rust in a few
milliseconds), and the lexicon work (entity and metric aliases, units,
periods) runs once per distinct cell, because tables repeat themselves.
What stays in memory per row is a few small integers in arrays (period,
basis, change, and the row's place in its topic's group; the line only when
rows do not follow one another line by line); a topic (entity, metric) is a
pair of codes into the table's name lists and a start in the group order,
so twenty thousand companies cost a megabyte rather than thirty. A row
becomes a ``SourceRow`` model only when a claim asks for its topic.

Two rows that agree on entity, metric, period, basis, change, unit, source
and note state the same figure; if their values disagree beyond the
precision each was printed at, the table is unusable and the error names
both rows.
"""

from __future__ import annotations

import gc
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby, repeat
from pathlib import Path
from typing import Iterator, Optional, Union

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
    lines: Union[array, range]  # line of each row (a range when row i is on line first + i)
    periods: list[str]  # period labels; period_code indexes it
    period_code: array
    basis_code: array  # index into BASES
    change_code: array  # index into CHANGES
    order: array  # row indices, grouped by topic
    entities: list[str]  # canonical entity names, in the order of their first row
    metrics: list[str]  # canonical metrics, likewise
    topic_entity: array  # per topic (in the order of its first row): index into entities
    topic_metric: array  # per topic: index into metrics
    starts: array  # topic k's rows are order[starts[k]:starts[k + 1]]
    file: Optional[Path] = None  # a CSV read back by line; None: cells in memory
    header: list[str] = field(default_factory=list)
    line_index: Optional[tuple[array, array]] = None
    cells: Optional[dict[str, list[str]]] = None

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def _lookup(self) -> tuple[dict[str, int], dict[str, int], array, array]:
        """Name → code for entities and metrics, and the topics' keys sorted with their topic numbers,
        built on the first lookup (a dict of tuples would hold ~300 bytes per topic)."""
        ents = {e: k for k, e in enumerate(self.entities)}
        mets = {m: k for k, m in enumerate(self.metrics)}
        width = len(self.metrics)
        keys = [e * width + m for e, m in zip(self.topic_entity, self.topic_metric)]
        by_key = sorted(range(len(keys)), key=keys.__getitem__)
        return ents, mets, array("q", map(keys.__getitem__, by_key)), array("i", by_key)

    def topic(self, entity: str, metric: str) -> Optional[int]:
        ents, mets, keys, numbers = self._lookup
        e, m = ents.get(entity), mets.get(metric)
        if e is None or m is None:
            return None
        key = e * len(self.metrics) + m
        j = bisect_left(keys, key)
        return numbers[j] if j < len(keys) and keys[j] == key else None

    def topics(self) -> Iterator[tuple[str, str]]:
        """Every (entity, metric) of the table, in the order of its first row."""
        return zip(map(self.entities.__getitem__, self.topic_entity), map(self.metrics.__getitem__, self.topic_metric))

    def group(self, entity: str, metric: str) -> array:
        k = self.topic(entity, metric)
        if k is None:
            return self.order[:0]
        return self.order[self.starts[k] : self.starts[k + 1]]

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
        self.ent, self.met = array("i"), array("i")  # per row: entity and metric codes
        self.ent_codes: dict[str, int] = {}  # canonical name → code, in the order of first rows
        self.met_codes: dict[str, int] = {}
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
        self.ent += _encode(ent, self.ent_codes)
        self.met += _encode(met, self.met_codes)
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
        """Rows grouped by topic, in the order of each topic's first row, rows in file order within it."""
        number: dict[int, int] = {}  # entity code << 32 | metric code → topic number
        run_topic, run_start, run_size = array("i"), array("i"), array("i")
        topic_entity, topic_metric = array("i"), array("i")
        pos = 0
        for (e, m), run in groupby(zip(self.ent, self.met)):
            k = number.setdefault(e << 32 | m, len(number))
            if k == len(topic_entity):
                topic_entity.append(e)
                topic_metric.append(m)
            size = sum(1 for _ in run)
            run_topic.append(k)
            run_start.append(pos)
            run_size.append(size)
            pos += size
        del number
        sizes = array("i", bytes(4 * len(topic_entity)))
        for k, size in zip(run_topic, run_size):
            sizes[k] += size
        starts, total = array("i", [0]), 0
        for size in sizes:
            total += size
            starts.append(total)
        cursor, order = array("i", starts), array("i", bytes(4 * pos))
        for k, a, size in zip(run_topic, run_start, run_size):
            c = cursor[k]
            order[c : c + size] = array("i", range(a, a + size))
            cursor[k] = c + size
        tf = self.tf
        lines = self.lines
        if lines and lines[-1] - lines[0] == len(lines) - 1:  # lines only grow: row i is on line first + i
            lines = range(lines[0], lines[0] + len(lines))
        period_code = self.period_code if len(self.labels) > 1 << 16 else array("H", self.period_code)
        table = Table(
            tf.name, lines, list(self.labels), period_code, self.basis_code, self.change_code, order,
            list(self.ent_codes), list(self.met_codes), topic_entity, topic_metric, starts,
            tf.path, tf.header, tf.line_index, self.cells if self.memory else None,
        )  # fmt: skip
        self.check_duplicates(table)
        return table

    def check_duplicates(self, table: Table) -> None:
        """Rows with one key must state one figure (within printed precision).

        Rows with one key share a topic, so hashes are compared topic by topic
        (a set of a million hashes would cost a hundred megabytes for a moment).
        """
        hashes = array("q", map(self.hashes.__getitem__, table.order))
        starts = table.starts
        suspects = []
        for k in range(len(starts) - 1):
            a, b = starts[k], starts[k + 1]
            if b - a > 1:
                group = hashes[a:b]
                if len(set(group)) < b - a:
                    counts = Counter(group)
                    suspects += (table.order[a + x] for x, h in enumerate(group) if counts[h] > 1)
        seen: dict[tuple, int] = {}
        for i in sorted(suspects):
            j = seen.setdefault(table.key(i), i)
            if j != i:
                _compare(table, j, table, i)


def _encode(names: list[str], codes: dict[str, int]) -> array:
    """Per-row codes for ``names``, a new name taking the next code."""
    for name in dict.fromkeys(names):
        codes.setdefault(name, len(codes))
    return array("i", map(codes.__getitem__, names))


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
    flip = len(later.topic_entity) < len(earlier.topic_entity)
    small, big = (later, earlier) if flip else (earlier, later)
    for gk in small.topics():
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


"""One validated source table: columns of cells, resolved names, an index.

Validation runs column by column with pydantic (``TypeAdapter(list[...])``
validates a million cells in Rust in a tenth of a second), and the
lexicon work (entity and metric aliases, units, periods) runs once per
distinct cell rather than once per row, because tables repeat themselves.
A row becomes a ``SourceRow`` model only when a claim matches it.

Two rows that agree on entity, metric, period, basis, change, unit, source
and note state the same figure; if their values disagree beyond the
precision each was printed at, the table is unusable and the error names
both rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import repeat
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, FiniteFloat, StringConstraints, TypeAdapter, ValidationError

from verifier import lexicon
from verifier.aliases import entity_of, metric_of
from verifier.errors import SourceTableError
from verifier.sources.periods import normalise_period
from verifier.sources.read import REQUIRED, RawTable
from verifier.sources.units import Unit, Value, parse_unit, parse_value

__all__ = ["BASES", "CHANGES", "SourceRow", "Table", "build_table", "check_across", "check_duplicates"]

BASES = {"": "", "actual": "actual", "reported": "actual", "estimate": "estimate", "consensus": "estimate", "guidance": "guidance", "forecast": "guidance"}
CHANGES = {"": "", "level": "", "yoy": "yoy", "qoq": "qoq", "cagr": "cagr", "vs-estimate": "vs-estimate", "move": "move"}

_NonEmpty = TypeAdapter(list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]])
_Numbers = TypeAdapter(list[FiniteFloat])
_Date = TypeAdapter(Optional[date])


class SourceRow(BaseModel):
    """One published figure, in base units, with where it was published."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int
    id: Optional[str] = None
    entity: str
    entity_text: str
    entity_score: float = 100.0
    metric: str
    metric_text: str
    metric_score: float = 100.0
    period: str
    basis: str  # actual | estimate | guidance
    change: str  # "" for a level, or yoy | qoq | cagr
    printed: str  # the value cell as written
    unit_text: str
    unit: str  # base unit
    value: float
    lo: float
    hi: float
    low: Optional[float] = None
    high: Optional[float] = None
    hedge: Optional[str] = None
    precision: float = 0.0  # half a unit of the last printed digit, in base units
    source: str
    published: Optional[str] = None
    quote: Optional[str] = None
    note: Optional[str] = None

    @property
    def uncertain(self) -> list[str]:
        out = []
        if self.entity_score < 100:
            out.append(f"table entity {self.entity_text!r} read as {self.entity} (fuzzy, score {self.entity_score:.0f})")
        if self.metric_score < 100:
            out.append(f"table metric {self.metric_text!r} read as {self.metric} (fuzzy, score {self.metric_score:.0f})")
        return out


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    rows = lexicon.rows("source_qualifiers.tsv")
    meaning = {r[0].lower(): (r[1], r[2]) for r in rows}
    parts = []
    for s in sorted(meaning, key=len, reverse=True):
        esc = re.escape(s)
        parts.append(rf"(?<![A-Za-z]){esc}(?![A-Za-z])" if s.isascii() else esc)
    return re.compile("|".join(parts), re.IGNORECASE), meaning


@lru_cache(maxsize=65536)
def resolve_metric(text: str) -> tuple[str, float, str, str]:
    """(canonical metric, score, basis from wording, change from wording)."""
    pattern, meaning = _qualifiers()
    basis = change = ""
    rest = text
    for m in pattern.finditer(text):
        field_, value = meaning[m.group(0).lower()]
        if field_ == "basis":
            basis = basis or value
        else:
            change = change or value
    if basis or change:
        rest = re.sub(r"\s+", " ", pattern.sub(" ", text)).strip(" -_,;:()（）")
    canon, score = metric_of(rest) if rest else (None, 0.0)
    if canon is None:
        canon, score = re.sub(r"\W+", "_", rest.lower()).strip("_") or text, 100.0
    return canon, score, basis, change


@lru_cache(maxsize=65536)
def resolve_entity(text: str, aliases: str = "") -> tuple[str, float]:
    """Canonical entity; aliases (``a|b``) are tried exactly when the name itself is not known."""
    canon, score = entity_of(text, fuzzy=False)
    if canon:
        return canon, score
    for alias in filter(None, (a.strip() for a in aliases.split("|"))):
        canon, score = entity_of(alias, fuzzy=False)
        if canon:
            return canon, score
    canon, score = entity_of(text)
    if canon:
        return canon, score
    return " ".join(text.split()), 100.0


@dataclass
class Table:
    """A validated table; row ``i`` is materialised by ``row(i)``."""

    raw: RawTable
    entity: list[str]  # canonical, per row
    metric: list[str]
    period: list[str]
    basis: list[str]
    change: list[str]
    groups: dict[tuple[str, str], list[int]]  # (entity, metric) → row indices
    entity_scores: dict[str, float] = field(default_factory=dict)  # surface → score when below 100
    metric_scores: dict[str, float] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.raw.path

    def __len__(self) -> int:
        return len(self.raw)

    def cell(self, column: str, i: int) -> str:
        col = self.raw.columns.get(column)
        return col[i].strip() if col is not None else ""

    def key(self, i: int) -> tuple:
        unit = parse_unit(self.cell("unit", i)).base
        return (self.entity[i], self.metric[i], self.period[i], self.basis[i], self.change[i], unit, self.cell("source", i), self.cell("note", i))

    def value(self, i: int) -> Value:
        unit = parse_unit(self.cell("unit", i))
        return parse_value(self.cell("value", i), unit.factor, unit.base == "percent")

    def row(self, i: int) -> SourceRow:
        unit, v = parse_unit(self.cell("unit", i)), self.value(i)
        et, mt = self.cell("entity", i), self.cell("metric", i)
        return SourceRow(
            file=self.path, row=self.raw.lines[i], id=self.cell("id", i) or None,
            entity=self.entity[i], entity_text=et, entity_score=self.entity_scores.get(et, 100.0),
            metric=self.metric[i], metric_text=mt, metric_score=self.metric_scores.get(mt, 100.0),
            period=self.period[i], basis=self.basis[i] or "actual", change=self.change[i],
            printed=self.cell("value", i), unit_text=self.cell("unit", i), unit=unit.base,
            value=v.value, lo=v.lo, hi=v.hi, low=v.low, high=v.high, hedge=v.hedge, precision=v.precision,
            source=self.cell("source", i), published=self.cell("published", i) or None,
            quote=self.cell("quote", i) or None, note=self.cell("note", i) or None,
        )  # fmt: skip


def _fail(raw: RawTable, i: int, column: str, problem: str):
    raise SourceTableError(raw.path, row=raw.lines[i], column=column, problem=problem)


def _distinct(raw: RawTable, column: str, parse) -> dict[str, object]:
    """``parse`` every distinct cell of a column once; the first failing row is the error."""
    out = {}
    col = raw.columns[column]
    for cell in set(col):
        try:
            out[cell] = parse(cell.strip())
        except ValueError as exc:
            _fail(raw, col.index(cell), column, str(exc))
    return out


def build_table(raw: RawTable) -> Table:
    cols, n = raw.columns, len(raw)
    for c in REQUIRED:
        try:
            _NonEmpty.validate_python(cols[c])
        except ValidationError as exc:
            _fail(raw, exc.errors()[0]["loc"][0], c, f"empty {c} cell; every row needs {', '.join(REQUIRED)}")
    units: dict = _distinct(raw, "unit", parse_unit)
    _check_values(raw, units)
    periods = _distinct(raw, "period", normalise_period)
    if "published" in cols:
        _distinct(raw, "published", _published)
    metrics = {m: resolve_metric(m.strip()) for m in set(cols["metric"])}
    aliases = cols.get("aliases") or [""] * n
    entities = {p: resolve_entity(p[0].strip(), p[1]) for p in set(zip(cols["entity"], aliases))}
    basis = _qualifier_column(raw, "basis", BASES, [metrics[m][2] for m in cols["metric"]])
    change = _qualifier_column(raw, "change", CHANGES, [metrics[m][3] for m in cols["metric"]])
    ent = [entities[p][0] for p in zip(cols["entity"], aliases)]
    met = [metrics[m][0] for m in cols["metric"]]
    groups: dict[tuple[str, str], list[int]] = {}
    for i, k in enumerate(zip(ent, met)):
        g = groups.get(k)
        if g is None:
            groups[k] = [i]
        else:
            g.append(i)
    table = Table(
        raw, ent, met, list(map(periods.__getitem__, cols["period"])), basis, change, groups,
        {p[0].strip(): s for p, (_, s) in entities.items() if s < 100},
        {m.strip(): v[1] for m, v in metrics.items() if v[1] < 100},
    )  # fmt: skip
    check_duplicates(table)
    return table


def _published(cell: str) -> Optional[date]:
    if not cell:
        return None
    try:
        return _Date.validate_python(cell)
    except ValidationError:
        raise ValueError(f"published {cell!r} is not a date; write YYYY-MM-DD or leave it empty") from None


def _check_values(raw: RawTable, units: dict[str, Unit]) -> None:
    col = raw.columns["value"]
    try:
        _Numbers.validate_python(col)
        return
    except ValidationError as exc:
        bad = sorted({e["loc"][0] for e in exc.errors()})
    ucol = raw.columns["unit"]
    for i in bad:  # thousands separators, hedges and ranges take the slower road
        u = units[ucol[i]]
        try:
            parse_value(col[i], u.factor, u.base == "percent")
        except ValueError as e:
            _fail(raw, i, "value", str(e))


def _qualifier_column(raw: RawTable, name: str, allowed: dict[str, str], from_metric: list[str]) -> list[str]:
    col = raw.columns.get(name)
    if col is None:
        return from_metric
    known = {}
    for cell in set(col):
        key = cell.strip().lower()
        if key not in allowed:
            _fail(raw, col.index(cell), name, f"{name} {cell!r} is not one of {', '.join(k for k in allowed if k)}")
        known[cell] = allowed[key]
    return [known[c] or m for c, m in zip(col, from_metric)]


def check_duplicates(table: Table) -> None:
    """Rows with one key must state one figure (within printed precision)."""
    seen: dict[tuple, int] = {}
    for i in _duplicate_candidates(table):
        j = seen.setdefault(table.key(i), i)
        if j != i:
            _compare(table, j, table, i)


def check_across(earlier: Table, later: Table) -> None:
    """The same check between two tables; an error is reported on the later one."""
    flip = len(later.groups) < len(earlier.groups)
    small, big = (later, earlier) if flip else (earlier, later)
    for gk, rows in small.groups.items():
        theirs = big.groups.get(gk)
        if not theirs:
            continue
        keys = {big.key(j): j for j in theirs}
        for i in rows:
            j = keys.get(small.key(i))
            if j is not None:
                _compare(earlier, i if not flip else j, later, j if not flip else i)


def _duplicate_candidates(table: Table) -> list[int]:
    """Rows whose cheap key collides with another row's; usually none."""
    cols = table.raw.columns
    keys = list(zip(table.entity, table.metric, table.period, table.basis, table.change, cols["source"], cols.get("note") or repeat("")))
    first = dict(zip(keys, range(len(keys))))
    if len(first) == len(keys):
        return []
    counts: dict = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return [i for i, k in enumerate(keys) if counts[k] > 1]


def _compare(ta: Table, j: int, tb: Table, i: int) -> None:
    a, b = ta.value(j), tb.value(i)
    if a.lo <= b.hi and b.lo <= a.hi:
        return
    where = f"row {ta.raw.lines[j]}" if ta is tb else f"{ta.path} row {ta.raw.lines[j]}"
    _fail(
        tb.raw, i, "value",
        f"duplicate key with different values: {tb.cell('value', i)} {tb.cell('unit', i)} here, "
        f"{ta.cell('value', j)} {ta.cell('unit', j)} in {where} (same entity, metric, period, basis, source and note)",
    )  # fmt: skip

"""Reading a CSV or YAML source table into columns of cells.

Cells stay strings here; ``table`` validates them. Columns rather than row
objects because a table may hold a million rows: a list of strings per
column costs a pointer a cell, a dict or model per row costs a kilobyte.

Row numbers are line numbers in the file (a CSV header is row 1, like a
spreadsheet; a YAML entry is the line its ``-`` starts on), so every error
points where the data desk will look.
"""

from __future__ import annotations

import csv
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

from verifier.errors import SourceTableError

__all__ = ["COLUMNS", "OPTIONAL", "REQUIRED", "RawTable", "read_table"]

REQUIRED = ("entity", "metric", "period", "value", "unit", "source")
OPTIONAL = ("published", "quote", "note", "aliases", "basis", "change", "id")
COLUMNS = REQUIRED + OPTIONAL
# Columns whose cells repeat down a table: interned, so a million rows share a few strings.
_REPEATING = {"entity", "metric", "period", "unit", "source", "published", "note", "aliases", "basis", "change"}
_CHUNK = 65536


@dataclass
class RawTable:
    path: str
    columns: dict[str, list[str]]  # every column of COLUMNS present in the file
    lines: array  # line number of each row

    def __len__(self) -> int:
        return len(self.lines)


def read_table(path: Path, name: str | None = None) -> RawTable:
    """Read ``path``; errors name it as ``name`` (the path as the user wrote it)."""
    file = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceTableError(file, problem=f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise SourceTableError(file, problem="is empty; a source table needs the columns " + ", ".join(REQUIRED))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceTableError(file, problem=f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    del data
    if path.suffix.lower() in (".yaml", ".yml"):
        return _read_yaml(file, text)
    return _read_csv(file, text)


def _header(file: str, names: list[str], row: int) -> list[str]:
    cols = [n.strip().lower() for n in names]
    for need in REQUIRED:
        if need not in cols:
            raise SourceTableError(file, row=row, column=need, problem=f"missing column {need!r}; a source table needs " + ", ".join(REQUIRED))
    seen = set()
    for i, c in enumerate(cols):
        if c in seen and c in COLUMNS:
            raise SourceTableError(file, row=row, column=c, problem=f"column {c!r} appears twice")
        seen.add(c)
    return cols


def _read_csv(file: str, text: str) -> RawTable:
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
        while not any(h.strip() for h in header):
            header = next(reader)
    except StopIteration:
        raise SourceTableError(file, problem="is empty") from None
    except csv.Error as exc:
        raise SourceTableError(file, row=reader.line_num, problem=f"is not valid CSV: {exc}") from None
    cols = _header(file, header, reader.line_num)
    n = len(cols)
    keep = [(i, c) for i, c in enumerate(cols) if c in COLUMNS]
    columns: dict[str, list[str]] = {c: [] for _, c in keep}
    lines = array("i")
    rows: list[list[str]] = []

    def flush():
        transposed = list(zip(*rows))
        for i, c in keep:
            columns[c].extend(map(sys.intern, transposed[i]) if c in _REPEATING else transposed[i])
        rows.clear()

    prev = reader.line_num
    try:
        for r in reader:
            start, prev = prev + 1, reader.line_num
            if len(r) != n:
                if not any(x.strip() for x in r):
                    continue  # a blank line
                if len(r) > n:
                    raise SourceTableError(file, row=start, column=n + 1, problem=f"has {len(r)} cells but the header has {n}")
                r = r + [""] * (n - len(r))
            rows.append(r)
            lines.append(start)
            if len(rows) == _CHUNK:
                flush()
    except csv.Error as exc:
        raise SourceTableError(file, row=reader.line_num, problem=f"is not valid CSV: {exc}") from None
    if rows:
        flush()
    if not lines:
        raise SourceTableError(file, problem="has a header but no rows")
    return RawTable(file, columns, lines)


def _read_yaml(file: str, text: str) -> RawTable:
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_cls)
        data = loader_cls("").construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceTableError(file, row=mark.line + 1 if mark else None, problem=f"is not valid YAML: {problem}{where}") from None
    if data is None:
        raise SourceTableError(file, problem="is empty; a source table needs the columns " + ", ".join(REQUIRED))
    defaults: dict = {}
    items_node = node
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        defaults = data.get("defaults") or {}
        if not isinstance(defaults, dict):
            raise SourceTableError(file, column="defaults", problem="'defaults' must be a mapping of column to value")
        items_node = next(v for k, v in node.value if k.value == "rows")
        data = data["rows"]
    if not isinstance(data, list):
        raise SourceTableError(file, problem="is not a list of rows; write a YAML list of mappings (or 'rows:' with one)")
    if not data:
        raise SourceTableError(file, problem="has no rows")
    columns: dict[str, list[str]] = {c: [] for c in COLUMNS}
    present: set[str] = set()
    lines = array("i")
    for item, item_node in zip(data, items_node.value):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise SourceTableError(file, row=line, problem="is not a mapping of column to value")
        row = {str(k).strip().lower(): v for k, v in {**defaults, **item}.items()}
        for need in REQUIRED:
            if need not in row:
                raise SourceTableError(file, row=line, column=need, problem=f"missing column {need!r}")
        for c in COLUMNS:
            v = row.get(c)
            if c in row:
                present.add(c)
            columns[c].append(_cell(v))
        lines.append(line)
    return RawTable(file, {c: v for c, v in columns.items() if c in present}, lines)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (list, tuple)):
        return "|".join(_cell(x) for x in v)
    return sys.intern(str(v)) if len(str(v)) < 64 else str(v)

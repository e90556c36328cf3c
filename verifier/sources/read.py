"""Reading a CSV or YAML source table as chunks of columns, and rows back by line.

A table may hold a million rows, so a CSV is read in chunks of rows that
the csv module parses and ``operator.itemgetter`` turns into columns in C;
``table`` validates each chunk and keeps only what the index needs (names,
periods, kinds). A row's other cells (value, source, quote) are read back
from the file by its line's byte offset when a claim needs that row, so a
million quotes never sit in memory. A YAML table (small by nature) and a CSV
whose cells span lines keep their cells in memory instead.

Row numbers are line numbers in the file (a CSV header is row 1, like a
spreadsheet; a YAML entry is the line its ``-`` starts on), so every error
points where the data desk will look.
"""

from __future__ import annotations

import csv
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Iterator, Optional

from verifier.errors import SourceTableError

__all__ = ["COLUMNS", "OPTIONAL", "REQUIRED", "Chunk", "Irregular", "TableFile", "open_table", "read_row"]

REQUIRED = ("entity", "metric", "period", "value", "unit", "source")
OPTIONAL = ("published", "quote", "note", "aliases", "basis", "change", "id")
COLUMNS = REQUIRED + OPTIONAL
_CHUNK = 2048  # rows per chunk: small enough to stay in the CPU's cache, large enough for C loops


@dataclass
class Chunk:
    lines: array  # line number of each row
    columns: dict[str, list[str]]  # the COLUMNS the table has


@dataclass
class TableFile:
    """What ``table.build_table`` reads: chunks, and how to find a row again."""

    name: str  # the path as the user wrote it, for messages
    columns: list[str]  # the COLUMNS present
    chunks: Iterator[Chunk]
    path: Optional[Path] = None  # a CSV whose rows are read back from disk; None: cells stay in memory
    header: list[str] = field(default_factory=list)  # the CSV's column names in file order
    line_index: Optional[tuple[array, array]] = None  # sparse (line, byte offset) pairs, see _line_index


class Irregular(Exception):
    """A CSV needs the row-by-row reader (blank lines, cells spanning lines, short or long rows)."""


def open_table(path: Path, name: str | None = None, *, regular: bool = True) -> TableFile:
    """Open ``path``; errors name it as ``name`` (the path as the user wrote it)."""
    file = name or str(path)
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            return _yaml(file, path.read_bytes().decode("utf-8-sig"))
        if regular and not _cr_only(path):
            return _csv_fast(file, path)
        with open(path, encoding="utf-8-sig", newline="") as f:
            return _csv_slow(file, f)
    except UnicodeDecodeError as exc:
        raise SourceTableError(file, problem=f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise SourceTableError(file, problem=f"cannot be read ({exc.strerror or exc})") from None


def _empty(file: str) -> SourceTableError:
    return SourceTableError(file, problem="is empty; a source table needs the columns " + ", ".join(REQUIRED))


def _header(file: str, reader) -> list[str]:
    try:
        names = next(reader)
        while not any(h.strip() for h in names):
            names = next(reader)
    except StopIteration:
        raise _empty(file) from None
    except csv.Error as exc:
        raise SourceTableError(file, row=reader.line_num, problem=f"is not valid CSV: {exc}") from None
    row = reader.line_num
    cols = [n.strip().lower() for n in names]
    for need in REQUIRED:
        if need not in cols:
            raise SourceTableError(file, row=row, column=need, problem=f"missing column {need!r}; a source table needs " + ", ".join(REQUIRED))
    for c in COLUMNS:
        if cols.count(c) > 1:
            raise SourceTableError(file, row=row, column=c, problem=f"column {c!r} appears twice")
    return cols


_STEP = 1 << 16


def _cr_only(path: Path) -> bool:
    """Old Mac line endings: the fast road finds rows again by newline, so these take the slow one."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    return b"\r" in head and b"\n" not in head


def _line_index(path: Path) -> tuple[array, array]:
    """Every ~64 KiB, the line that starts there and its byte offset: (lines, offsets).

    A sparse index: building it counts newlines in C and costs a few
    milliseconds per hundred megabytes; finding a line reads one stretch.
    """
    lines, offsets = array("i", [1]), array("q", [0])
    line, base = 1, 0
    with open(path, "rb") as f:
        while block := f.read(1 << 24):
            pos = 0
            while True:
                nxt = block.find(b"\n", pos + _STEP)
                if nxt == -1:
                    line += block.count(b"\n", pos)
                    break
                line += block.count(b"\n", pos, nxt + 1)
                pos = nxt + 1
                lines.append(line)
                offsets.append(base + pos)
            base += len(block)
    return lines, offsets


def _csv_fast(file: str, path: Path) -> TableFile:
    f = open(path, encoding="utf-8-sig", newline="")
    reader = csv.reader(f)
    try:
        cols = _header(file, reader)
    except BaseException:
        f.close()
        raise
    first = reader.line_num
    # id and quote are only shown, never checked: read back with the row, never held per row
    keep = [(c, itemgetter(i)) for i, c in enumerate(cols) if c in COLUMNS and c not in ("id", "quote")]

    def chunks() -> Iterator[Chunk]:
        n, seen = len(cols), 0
        with f:
            while True:
                prev = reader.line_num
                try:
                    rows = list(islice(reader, _CHUNK))
                except csv.Error:
                    raise Irregular from None
                if not rows:
                    break
                if reader.line_num - prev != len(rows) or min(map(len, rows)) != n or max(map(len, rows)) != n:
                    raise Irregular
                seen += len(rows)
                yield Chunk(array("i", range(prev + 1, prev + 1 + len(rows))), {c: list(map(get, rows)) for c, get in keep})
        if not seen:
            raise SourceTableError(file, problem="has a header but no rows")

    if first != 1:
        f.close()
        raise Irregular  # blank lines above the header
    return TableFile(file, [c for c, _ in keep], chunks(), path, cols, _line_index(path))


def _csv_slow(file: str, f) -> TableFile:
    """Row by row with exact line numbers: blank lines, cells spanning lines, short rows."""
    reader = csv.reader(f)
    cols = _header(file, reader)
    n = len(cols)
    keep = [(c, itemgetter(i)) for i, c in enumerate(cols) if c in COLUMNS]
    rows, lines = [], array("i")
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
    except csv.Error as exc:
        raise SourceTableError(file, row=reader.line_num, problem=f"is not valid CSV: {exc}") from None
    if not rows:
        raise SourceTableError(file, problem="has a header but no rows")
    chunk = Chunk(lines, {c: list(map(get, rows)) for c, get in keep})
    return TableFile(file, [c for c, _ in keep], iter([chunk]))


def read_row(path: Path, header: list[str], line_index: tuple[array, array], line: int) -> dict[str, str]:
    """The cells of the row on ``line`` of a regular CSV (one line per row), read back from disk."""
    lines, offsets = line_index
    k = bisect_right(lines, line) - 1
    skip = line - lines[k]
    with open(path, "rb") as f:
        f.seek(offsets[k])
        data = f.read(2 * _STEP)
        while data.count(b"\n") <= skip:
            more = f.read(2 * _STEP)
            if not more:
                break
            data += more
    pos = 0
    for _ in range(skip):
        pos = data.index(b"\n", pos) + 1
    end = data.find(b"\n", pos)
    text = data[pos : None if end == -1 else end].decode("utf-8-sig" if offsets[k] + pos == 0 else "utf-8")
    cells = next(csv.reader([text]))
    return {c: v for c, v in zip(header, cells) if c in COLUMNS}


def _yaml(file: str, text: str) -> TableFile:
    import yaml

    from verifier.yamlread import YamlLimit, compose, loader

    loader_cls = loader()
    try:
        node = compose(text)
        data = loader_cls("").construct_document(node) if node is not None else None
    except YamlLimit as exc:
        raise SourceTableError(file, problem=f"is refused: the YAML {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceTableError(file, row=mark.line + 1 if mark else None, problem=f"is not valid YAML: {problem}{where}") from None
    if data is None:
        raise _empty(file)
    defaults: dict = {}
    items_node = node
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        defaults = data.get("defaults") or {}
        if not isinstance(defaults, dict):
            raise SourceTableError(file, column="defaults", problem="'defaults' must be a mapping of column to value")
        defaults = {**defaults, **_as_printed(defaults, next((v for k, v in node.value if k.value == "defaults"), None))}
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
        row = {str(k).strip().lower(): v for k, v in {**defaults, **item, **_as_printed(item, item_node)}.items()}
        for need in REQUIRED:
            if need not in row:
                raise SourceTableError(file, row=line, column=need, problem=f"missing column {need!r}")
        present.update(c for c in row if c in columns)
        if isinstance(row["value"], (list, dict)):
            row["value"] = str(row["value"])  # one number, not a list of them: refused by the value check
        for c in COLUMNS:
            columns[c].append(_cell(row.get(c)))
        lines.append(line)
    kept = {c: v for c, v in columns.items() if c in present}
    return TableFile(file, list(kept), iter([Chunk(lines, kept)]))


_NUMERIC_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _as_printed(data: dict, node) -> dict:
    """The numbers of a row as written, not as YAML read them: ``213.40`` keeps its precision, and
    ``1_000``, ``0x10`` or ``1:30`` (YAML 1.1 integers) reach the cell check as the text it refuses."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    out = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and value.tag in _NUMERIC_TAGS:
            if key.value in data:
                out[key.value] = value.value
    return out


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (list, tuple)):
        return "|".join(_cell(x) for x in v)
    return str(v)

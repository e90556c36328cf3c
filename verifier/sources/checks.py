"""Cell checks for one chunk of a table, each failing with the row and column.

Each check works on a whole column (pydantic in Rust) or on the distinct
cells of a column (lexicon work once per spelling); only the failing cell
is looked up row by row, to name it.
"""

from __future__ import annotations

from array import array
from datetime import date
from typing import Annotated, Optional

from pydantic import StringConstraints, TypeAdapter, ValidationError

from verifier.sources.read import REQUIRED, Chunk
from verifier.sources.units import check_value

__all__ = ["codes", "distinct", "published", "required", "values"]

_NonEmpty = TypeAdapter(list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]])
# The fast road takes only plain decimals short enough to stay inside the range verify
# computes with, in ASCII digits; anything else (exponents, 1_000, 5., grouping, hedges, other
# scripts' digits) is read by check_value.
_Numbers = TypeAdapter(list[Annotated[str, StringConstraints(pattern=r"^\s*[-+]?(?:[0-9]{1,40}(?:\.[0-9]{1,40})?|\.[0-9]{1,40})\s*$")]])
_Date = TypeAdapter(Optional[date])


def required(b, chunk: Chunk, column: str) -> None:
    """Every cell of a required column is filled (pydantic strips and counts in Rust)."""
    col = chunk.columns[column]
    try:
        _NonEmpty.validate_python(col)
    except ValidationError as exc:
        b.fail(chunk, exc.errors()[0]["loc"][0], column, f"empty {column} cell; every row needs {', '.join(REQUIRED)}")


def distinct(b, chunk: Chunk, column: str, known: dict, parse) -> None:
    """``parse`` every cell of ``column`` not seen before; a ValueError names its first row.

    A required column's blank cell is reported here too, from the distinct
    cells, without another pass over the rows.
    """
    col = chunk.columns[column]
    for cell in set(col) - known.keys():
        if column in REQUIRED and not cell.strip():
            b.fail(chunk, col.index(cell), column, f"empty {column} cell; every row needs {', '.join(REQUIRED)}")
        try:
            known[cell] = parse(cell.strip())
        except ValueError as exc:
            b.fail(chunk, col.index(cell), column, str(exc))


def values(b, chunk: Chunk) -> None:
    """Values are numbers; thousands separators, hedges and ranges take the slower road."""
    col = chunk.columns["value"]
    try:
        _Numbers.validate_python(col)
        return
    except ValidationError as exc:
        bad = sorted({e["loc"][0] for e in exc.errors()})
    units = chunk.columns["unit"]
    for i in bad:
        if not col[i].strip():
            b.fail(chunk, i, "value", f"empty value cell; every row needs {', '.join(REQUIRED)}")
        u = b.units[units[i]]
        try:
            check_value(col[i], u.factor, u.base == "percent")
        except ValueError as e:
            b.fail(chunk, i, "value", str(e))


def published(cell: str) -> Optional[date]:
    if not cell:
        return None
    try:
        return _Date.validate_python(cell)
    except ValidationError:
        raise ValueError(f"published {cell!r} is not a date; write YYYY-MM-DD or leave it empty") from None


def codes(b, chunk: Chunk, column: str, words: dict, metrics: dict, slot: int, values_: tuple) -> array:
    """Per-row code of a basis or change: the column's word, else the metric cell's qualifier, else the default."""
    n = len(chunk.lines)
    from_metric = {m: values_.index(v[slot]) if v[slot] else 0 for m, v in metrics.items()}
    mcol = chunk.columns["metric"]
    col = chunk.columns.get(column)
    qualified = any(from_metric.values())
    if col is None:
        return array("B", map(from_metric.__getitem__, mcol)) if qualified else array("B", bytes(n))
    code = {}
    for cell in set(col):
        key = cell.strip().lower()
        if key not in words:
            allowed = ", ".join(k for k in words if k)
            b.fail(chunk, col.index(cell), column, f"{column} {cell!r} is not one of {allowed}")
        code[cell] = words[key]
    if not qualified or None not in code.values():  # the column decides every row
        return array("B", map({c: v or 0 for c, v in code.items()}.__getitem__, col))
    return array("B", (from_metric[m] if code[c] is None else code[c] for c, m in zip(col, mcol)))

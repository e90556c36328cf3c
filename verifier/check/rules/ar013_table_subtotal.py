"""A subtotal row of a table must be the sum of the rows it totals, in every column.

What it checks: the rows of a financial table read down a column, as an income
statement or a results summary lays them out: EBITDA, (depreciation), EBIT;
EBIT, (finance costs), profit before tax; revenue, (cost of sales), gross
profit; interim and final dividend, full-year dividend; a total above its
parts. A row is read as the sum of the two to five rows just above (or just
below) it only when the table itself says so: the sum holds, within rounding,
in at least two of its columns and fails in at most one. Deductions count with
their printed sign (a cost in brackets or after a minus), a dash is nil, and a
column of changes (``YoY``, ``比較``) is left out. In the column where the sum
fails, the subtotal is flagged: an error when at least three other columns
confirm the reading, else a warning.

Why it matters: a results table is typed or copied a column at a time, and a
figure from the wrong year or a slipped digit shows as the one year in which
the statement does not add up.

Example: ``息稅前營業利潤 | 1,938 | 1,690`` under ``EBITDA | 3,401 | 3,074`` and
``折舊及攤銷 | (1,463) | (1,384)`` passes (3,401 − 1,463 = 1,938); the same
table with 1,583 for a year where 3,011 − 1,428 = 1,583 is printed as 1,538 is
flagged in that year's column.

How to fix: recompute the subtotal from the rows above it, or correct the row
copied from another year or table.
"""

from __future__ import annotations

from functools import lru_cache

from verifier import lexicon
from verifier import messages as msg
from verifier.check import arith
from verifier.check.registry import rule
from verifier.check.rules.parts_sums import sum_line

_SPAN = range(2, 6)  # how many rows a subtotal may total
_DIGITS = 50  # a confirming total is at least this many of its last digit
_FIRM = 3  # other columns where the sum holds before a failing column is an error


@lru_cache(maxsize=1)
def _nil() -> frozenset[str]:
    return lexicon.words("table_nil.txt")


@rule("AR013")
def check(ctx):
    tables = ctx.tables
    if tables is None:
        return
    text = ctx.article.text
    for t, body in enumerate(tables.grid):
        grid = _figures(ctx, tables, text, t, body)
        if grid is None:
            continue
        for s in range(len(body)):
            # the fewest rows the table bears out as this row's sum, above it first
            rows, found = next(((rows, found) for rows in _spans(s, len(body)) if (found := _read(grid, s, rows))), ([], []))
            yield from found
            while rows and rows[0] > s:
                # a total over its breakdowns, one after another (by region, then by kind of sale)
                rows, found = next(((r, f) for r in _below(rows[-1] + 1, len(body)) if (f := _read(grid, s, r))), ([], []))
                yield from found


def _figures(ctx, tables, text, t, body):
    """{(row, col): claim or 0.0 for a nil cell} for the table's numeric cells, or None when
    fewer than two columns hold figures. A cell is numeric when one figure fills it."""
    grid: dict[tuple[int, int], object] = {}
    for c in ctx.claims:
        cell = tables.cell_at(c.quantity.start)
        if cell is None or cell.table != t or cell.col == 0 or cell.column.changes or c.kind not in ("amount", "count", "number"):
            continue
        if text[cell.start : cell.end].strip().strip("()") != c.quantity.text.strip("()"):
            continue  # words in the cell beside the figure: not a plain statement cell
        key = (cell.row, cell.col)
        grid[key] = None if key in grid else c  # two figures in one cell: not read
    for r, row in enumerate(body):
        for k, (a, b) in enumerate(row[1:], start=1):
            if text[a:b].strip().lower() in _nil():
                grid[(r, k)] = 0.0
    grid = {k: v for k, v in grid.items() if v is not None}
    return grid if len({k for _, k in grid}) >= 2 else None


def _spans(s: int, n: int):
    """The row groups a subtotal at row s may total: the rows just above, then just below."""
    for k in _SPAN:
        if s - k >= 0:
            yield list(range(s - k, s))
    yield from _below(s + 1, n)


def _below(start: int, n: int):
    """The row groups starting at row ``start``, fewest rows first."""
    for k in _SPAN:
        if start + k <= n:
            yield list(range(start, start + k))


def _read(grid, s, rows):
    """The findings for subtotal row s of ``rows``, or [] when the table does not bear the reading."""
    cols = sorted({k for (r, k) in grid if r == s})
    judged = []
    for k in cols:
        total = grid.get((s, k))
        parts = [grid.get((r, k)) for r in rows]
        if not _claim(total) or any(p is None for p in parts) or not any(_claim(p) for p in parts):
            continue
        figures = [p for p in parts if _claim(p)]
        if len(figures) < 2:
            continue  # one row and nils: a row equal to another (basic and diluted EPS), not a sum
        if any(p.quantity.unit != total.quantity.unit for p in figures):
            return []
        ops = [arith.Operand.of(p) for p in figures]
        judged.append((k, total, figures, arith.judge(arith.sum_f, ops, arith.iv(total))))
    # a column confirms the reading when its sum holds and the total is far above the rounding
    # (a 1 and a 2 above a 3 may add up by chance; 3,401 − 1,463 = 1,938 does not)
    holds = [x for x in judged if x[3].verdict == "supported" and abs(x[1].quantity.value) >= _DIGITS * x[1].quantity.precision]
    if len(holds) < 2 or len(judged) - len(holds) > 1:
        return []
    out = []
    for k, total, figures, j in judged:
        confirmed = len(holds) - any(x[0] == k for x in holds)
        unit = total.quantity.unit
        line = sum_line(figures, j.point, total, [-1 if p.quantity.value < 0 else 1 for p in figures])
        f = arith.judged(
            j, total, figures, line=line, holds=msg.t("AR013.holds", n=confirmed),
            breaks=msg.t("AR013.breaks", n=confirmed), advice=msg.t("AR013.advice"),
            fmt=lambda x, u=unit, c=total: arith.val(x, u, c), pairing="table",
            severity="error" if confirmed >= _FIRM else "warning",
            formula=msg.t("AR013.formula"), inputs={"rows": [p.id for p in figures]})
        out.append(f)
    return out


def _claim(x) -> bool:
    return x is not None and not isinstance(x, float)


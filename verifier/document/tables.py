"""Markdown tables: a cell is read with its column's header.

Under ``| Segment | Q4 2025 | Q4 2024 | Change |``, the row ``| AWS | $35.6B |
$28.8B | +24% |`` says $35.6B is the figure for 2025-Q4, $28.8B for 2024-Q4 and
+24% the change between them: the row's label names what the figures measure
(the claims stage reads it as it reads any words before a figure), the header
names the period or says the column holds changes.

Each table keeps its rows (``Tables.grid``), so a rule can read down a column:
an income statement's subtotal row against the rows above it. A web page's
table saved as text often drops the leading pipe (``收入 | 25,995 | 24,937 |``);
such rows are read when at least three lines in a row have the same cells.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from verifier import lexicon

_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")
# a row saved without its leading pipe: words, then at least two more cells, ending on a pipe
_LOOSE = re.compile(r"[ \t]*[^|\s][^|\n]*(?:(?<!\\)\|[^|\n]*){2,}\|[ \t]*$")
_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$")
# a column of changes: Change, YoY, % chg, Growth, 年增, 增減, 變動 (data/wording_*.tsv change_header)
_CHANGE_HEADER = re.compile(rf"(?i:{lexicon.alternation('en', 'change_header')})|{lexicon.alternation('zh', 'change_header')}")


_FIGURE = re.compile(r"[-+−(（]?[$€£¥]?\d[\d,.]*%?[)）]?")  # a cell that is one figure


@dataclass(frozen=True)
class Column:
    header: tuple[int, int]  # the header cell's span in the text
    changes: bool  # the header says the column holds changes
    group: tuple[int, int] | None = None  # a header row's cell above it spanning several columns (4月 | 1—4月)


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    table: int  # index into ``Tables.grid``
    row: int  # body row, from 0
    col: int  # column, from 0 (the rows' label is column 0)
    column: Column  # its header


class Tables:
    """The body cells of an article's Markdown tables, looked up by offset."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.cells: list[Cell] = []
        self.grid: list[list[list[tuple[int, int]]]] = []  # table → body row → cell spans
        lines = _lines(text)
        i = 0
        while i + 1 < len(lines):
            (hs, he), (rs, re_) = lines[i], lines[i + 1]
            ruled = _ROW.match(text, hs, he) and _RULE.match(text, rs, re_)
            # GitHub's pipe table may leave out the rows' leading pipe, rule line and all (指标 | 2024年 |)
            ruled_loose = not ruled and _LOOSE.match(text, hs, he) and _RULE.match(text, rs, re_)
            loose = ruled_loose or (not ruled and _loose(text, lines, i))
            if not ruled and not loose and not _unruled(text, lines, i):
                i += 1
                continue
            row_of = _loose_cells if loose else _cells
            is_row = (lambda a, b: bool(_LOOSE.match(text, a, b))) if loose else (lambda a, b: bool(_ROW.match(text, a, b)))
            heads = [row_of(text, hs, he)]
            i += 2 if ruled or ruled_loose else 1
            rows: list[list[tuple[int, int]]] = []
            while i < len(lines) and is_row(*lines[i]):
                rows.append(row_of(text, *lines[i]))
                i += 1
            while len(rows) > 1 and not any(_FIGURE.fullmatch(text[a:b].strip()) for a, b in rows[0]):
                # a title row, then the real header (指标 | 本月 | 比去年同月增长(%)): the last row
                # without a figure before the body heads the columns
                heads.append(rows.pop(0))
            columns = _columns(text, heads, rows, bool(ruled), hs if len(heads) == 1 else heads[-1][0][0])
            body: list[list[tuple[int, int]]] = []
            for cells in rows:
                row = cells[: len(columns)]
                for k, (a, b) in enumerate(row):
                    self.starts.append(a)
                    self.cells.append(Cell(a, b, len(self.grid), len(body), k, columns[k]))
                body.append(row)
            self.grid.append(body)

    def cell_at(self, pos: int) -> Cell | None:
        """The body cell holding ``pos``, with its table, row, column and header."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k >= 0 and self.cells[k].start <= pos < self.cells[k].end:
            return self.cells[k]
        return None

    def column_of(self, pos: int) -> Column | None:
        cell = self.cell_at(pos)
        return cell.column if cell else None


def _columns(text: str, heads, rows, ruled: bool, line_start: int) -> list[Column]:
    """The columns the header rows give: the last row heads them; a row above it with fewer cells
    names groups of as many columns each (指标 | 4月 | 1—4月 over 绝对量 | 同比增长 | 绝对量 | 同比增长)."""
    spans = list(heads[-1])
    n = len(spans)
    if not ruled and not text[spans[-1][0] : spans[-1][1]].strip() \
            and any(len(r) >= n and text[r[n - 1][0] : r[n - 1][1]].strip() for r in rows):
        # | 2025/06 - 中期 | 與去年中期 比較 | … | |: the header leaves out the rows' label column and
        # ends on an empty cell where the rows have a figure, so each header stands one cell right of its place
        spans = [(line_start, line_start)] + spans[:-1]
    columns = [Column((a, b), bool(_CHANGE_HEADER.search(text, a, b))) for a, b in spans]
    if len(heads) < 2:
        return columns
    groups = [(a, b) for a, b in heads[-2][1:] if text[a:b].strip()]
    n = sum(1 for a, b in spans[1:] if text[a:b].strip())
    if not groups or len(groups) >= n or n % len(groups):
        return columns
    width = n // len(groups)
    return columns[:1] + [Column(col.header, col.changes, groups[min(k // width, len(groups) - 1)])
                          for k, col in enumerate(columns[1:])]


def _loose(text: str, lines, i: int) -> bool:
    """A table whose rows have no leading pipe (``label | 2024 | 2023 |``): the header and at least
    two rows after it with as many cells, and no such row just above (it would be a body row)."""
    if i > 0 and _LOOSE.match(text, *lines[i - 1]):
        return False
    if not _LOOSE.match(text, *lines[i]) or _ROW.match(text, *lines[i]):
        return False
    n = len(_loose_cells(text, *lines[i]))
    body = lines[i + 1 : i + 3]
    return n >= 3 and len(body) == 2 and all(
        _LOOSE.match(text, *ln) and not _ROW.match(text, *ln) and len(_loose_cells(text, *ln)) == n for ln in body)


def _loose_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a row with no leading pipe: the line's start stands for the missing one."""
    bar = start + _first_bar(text, start, end)
    return [(start, bar)] + _cells(text, bar, end)


def _first_bar(text: str, start: int, end: int) -> int:
    m = re.search(r"(?<!\\)\|", text[start:end])
    return m.start() if m else end - start


def _unruled(text: str, lines, i: int) -> bool:
    """A pipe table saved without its rule line (a web page's table as text): the header row, then
    at least two rows of as many cells, the header's first cell words, not a figure, and not itself
    the body row of a table above."""
    if i > 0 and _ROW.match(text, *lines[i - 1]):
        return False
    head = _cells(text, *lines[i])
    if len(head) < 3 or re.search(r"\d", text[head[0][0] : head[0][1]]) and not re.search(r"[^\W\d_]", text[head[0][0] : head[0][1]]):
        return False
    body = lines[i + 1 : i + 3]
    return len(body) == 2 and all(_ROW.match(text, *ln) and len(_cells(text, *ln)) == len(head) for ln in body)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans between the pipes of one row (escaped pipes \\| stay inside a cell)."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", text[start:end])]
    return [(start + a + 1, start + b) for a, b in zip(bars, bars[1:])]

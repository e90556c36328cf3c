"""Every Chinese word of the lexicons in both scripts: the other script's form beside each.

A concept is one entry (one row, or one cell of ``|``-separated surfaces) that holds its
Traditional and Simplified forms together, so Taiwan, Hong Kong and mainland copy are read
alike. OpenCC (``opencc``, a test dependency) gives each surface's other-script form;
``tests/test_lexicon_scripts.py`` fails when one is missing, and

    .venv/bin/python tests/lexicon_scripts.py --write

adds them (the surfaces in the same cell; a row-per-surface file gets a row beside it).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "verifier" / "data"
_CJK = re.compile(r"[\u4e00-\u9fff]")

# file → (column of the surfaces, whether a cell holds several surfaces separated by "|")
FILES = {
    "metrics.tsv": (2, True),
    "cues.tsv": (1, True),
    "entities.tsv": (3, True),
    "period_lists.tsv": (3, True),
    "qualifiers.tsv": (0, False),
    "periods.tsv": (0, False),
    "name_words.tsv": (0, False),
    "hedges.tsv": (0, False),
    "non_companies.tsv": (0, False),
}


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def variants(surface: str) -> list[str]:
    """The surface's other-script forms (none for Latin words or where OpenCC changes nothing)."""
    if not _CJK.search(surface) or surface.startswith("="):
        return []
    out = []
    for conv in _converters():
        v = conv.convert(surface)
        if v != surface and v not in out:
            out.append(v)
    return out


def missing(name: str) -> list[tuple[int, str, str]]:
    """(line number, surface, its missing other-script form) of a data file."""
    col, multi = FILES[name]
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    present: set[str] = set()
    rows = []
    for i, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) <= col or "zh_stop" in cells:  # a set of characters, not a word
            continue
        rows.append((i, cells))
        present.update(cells[col].split("|") if multi else [cells[col]])
    out = []
    for i, cells in rows:
        surfaces = cells[col].split("|") if multi else [cells[col]]
        for s in surfaces:
            for v in variants(s):
                if (v not in surfaces) if multi else (v not in present):
                    out.append((i, s, v))
    return out


def write(name: str) -> int:
    col, multi = FILES[name]
    path = DATA / name
    lines = path.read_text(encoding="utf-8").splitlines()
    gaps = missing(name)
    added: dict[int, list[str]] = {}
    for i, _, v in gaps:
        added.setdefault(i, [])
        if v not in added[i]:
            added[i].append(v)
    out = []
    for i, line in enumerate(lines):
        if i in added and multi:
            cells = line.split("\t")
            cells[col] = "|".join(cells[col].split("|") + added[i])
            out.append("\t".join(cells))
            continue
        out.append(line)
        if i in added:
            cells = line.split("\t")
            for v in added[i]:
                out.append("\t".join(cells[:col] + [v] + cells[col + 1 :]))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return sum(len(v) for v in added.values())


if __name__ == "__main__":
    for name in FILES:
        if "--write" in sys.argv:
            print(f"{name}: {write(name)} added")
        else:
            for i, s, v in missing(name):
                print(f"{name}:{i + 1}: {s} lacks {v}")

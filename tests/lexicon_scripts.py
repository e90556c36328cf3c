"""Every Chinese word of the lexicons readable in both scripts, and written once where it can be.

A concept is one entry (one row, or one cell of ``|``-separated surfaces), so Taiwan, Hong
Kong and mainland copy are read alike. The files the claims stage matches on the folded text
(``FOLDED``: ``verifier/fold.py`` folds Traditional to Simplified, one character for one) need
a surface in one script only; a second surface is needed where OpenCC's phrase conversion
gives a form the character fold does not reach. The files still matched on the text as
printed need both scripts' forms. OpenCC (``opencc``) gives each surface's other-script form;
``tests/test_lexicon_scripts.py`` fails when one is missing or a folded file repeats itself, and

    .venv/bin/python tests/lexicon_scripts.py --write

adds what is missing and drops what folding makes redundant (the surfaces in the same cell;
a row-per-surface file gets a row beside it).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "verifier" / "data"
_CJK = re.compile(r"[\u4e00-\u9fff]")

# the files matched on the folded text (verifier/words.py, verifier/aliases.py, claims/naming.py)
FOLDED = frozenset({"metrics.tsv", "cues.tsv", "entities.tsv", "qualifiers.tsv"})

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


def _fold(s: str) -> str:
    from verifier.fold import fold

    return fold(s, case=False)


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
    folded = name in FOLDED
    out = []
    for i, cells in rows:
        surfaces = cells[col].split("|") if multi else [cells[col]]
        have = set(surfaces if multi else present)
        if folded:
            have = {_fold(s) for s in have}
        for s in surfaces:
            for v in variants(s):
                if (_fold(v) if folded else v) not in have:
                    out.append((i, s, v))
    return out


def redundant(name: str) -> list[tuple[int, str]]:
    """(line number, surface) of a folded file's Chinese surfaces that fold to one already in
    their entry (a cell), or, in a row-per-surface file, whose row folds to an earlier row."""
    if name not in FOLDED:
        return []
    col, multi = FILES[name]
    out = []
    rows_seen: set[tuple] = set()
    for i, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines()):
        cells = line.split("\t")
        if not line.strip() or line.startswith("#") or len(cells) <= col or "zh_stop" in cells:
            continue
        if not multi:
            key = (_fold(cells[col]), *cells[:col], *cells[col + 1 :])
            if _CJK.search(cells[col]) and key in rows_seen:
                out.append((i, cells[col]))
            rows_seen.add(key)
            continue
        seen: set[str] = set()
        for s in cells[col].split("|"):
            key = _fold(s)
            if _CJK.search(s) and key in seen:
                out.append((i, s))
            seen.add(key)
    return out


def write(name: str) -> int:
    col, multi = FILES[name]
    path = DATA / name
    lines = path.read_text(encoding="utf-8").splitlines()
    gaps = missing(name)
    drop: dict[int, set[str]] = {}
    for i, s in redundant(name):
        drop.setdefault(i, set()).add(s)
    for i, surfaces in drop.items():
        if not multi:
            lines[i] = None  # the row repeats an earlier one once folded
            continue
        cells = lines[i].split("\t")
        kept, seen = [], set()
        for s in cells[col].split("|"):
            if s in surfaces and _fold(s) in seen:
                continue
            kept.append(s)
            seen.add(_fold(s))
        cells[col] = "|".join(kept)
        lines[i] = "\t".join(cells)
    added: dict[int, list[str]] = {}
    for i, _, v in gaps:
        added.setdefault(i, [])
        if v not in added[i]:
            added[i].append(v)
    out = []
    for i, line in enumerate(lines):
        if line is None:
            continue
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
    return sum(len(v) for v in added.values()), sum(len(v) for v in drop.values())


if __name__ == "__main__":
    for name in FILES:
        if "--write" in sys.argv:
            n_added, n_dropped = write(name)
            print(f"{name}: {n_added} added, {n_dropped} dropped as redundant once folded")
        else:
            for i, s, v in missing(name):
                print(f"{name}:{i + 1}: {s} lacks {v}")
            for i, s in redundant(name):
                print(f"{name}:{i + 1}: {s} is redundant once folded")

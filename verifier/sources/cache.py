"""A cache of validated tables, so a big table is parsed once per change.

Parsing and validating a million-row CSV takes seconds; reading back the
validated columns takes a fraction of that. An entry is keyed by the file's
resolved path, size, modification time and a BLAKE2 digest of its bytes,
plus a fingerprint of verify's version and the lexicons that resolved its
names, so an edited table or lexicon never serves stale rows.

The cache folder may be shared, restored by CI from another run, or written
by someone else, so an entry is data that cannot run code: a stamp line,
checked before anything else is read, then JSON for the lists and mappings
and the raw bytes of the integer arrays (never pickle), read straight into
arrays without a copy of the whole entry. An entry that does not hold
together (lengths, codes, offsets out of range, a topic twice, rows read back
from another file, bytes missing or left over) is a miss.

Small tables (under ``MIN_BYTES``) are not cached: parsing them is faster
than the file system round trip. A cache that cannot be read or written is
ignored; it never stops a run. ``VERIFY_CACHE_DIR`` moves it (``off``
disables it).
"""

from __future__ import annotations

import hashlib
import os
import json
from array import array
from functools import lru_cache
from pathlib import Path

from verifier import __version__, lexicon, tempfiles

__all__ = ["cache_dir", "get", "put"]

MIN_BYTES = 1 << 20
FORMAT = 4  # bump when Table's layout changes
MAGIC = b"verify-source-cache\n"
# array → the type codes it may have (index_* are the CSV's sparse line index)
_ARRAYS = {
    "lines": "i", "period_code": "IH", "basis_code": "B", "change_code": "B", "order": "i",
    "topic_entity": "i", "topic_metric": "i", "starts": "i", "index_lines": "i", "index_offsets": "q",
}  # fmt: skip
_LEXICONS = ("entities.tsv", "metrics.tsv", "source_qualifiers.tsv", "scales.tsv", "currencies.tsv", "units.tsv", "periods.tsv", "units.txt")


def cache_dir() -> Path | None:
    env = os.environ.get("VERIFY_CACHE_DIR")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "verify" / "sources"


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    h = hashlib.blake2b(f"{FORMAT}:{__version__}".encode(), digest_size=16)
    for name in _LEXICONS:
        try:
            h.update(lexicon.data_path(name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()


def _entry(path: Path) -> tuple[Path, str] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        st = path.stat()
        if st.st_size < MIN_BYTES:
            return None
        h = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as f:
            while chunk := f.read(1 << 22):
                h.update(chunk)
    except OSError:
        return None
    where = hashlib.blake2b(str(path.resolve()).encode(), digest_size=10).hexdigest()
    stamp = f"{st.st_size}:{st.st_mtime_ns}:{h.hexdigest()}:{_fingerprint()}"
    return folder / f"{where}.table", stamp


def get(path: Path):
    """The cached Table for ``path``, or None; the stamp is compared before the entry is parsed."""
    entry = _entry(path)
    if entry is None or not entry[0].is_file():  # a FIFO planted there would hang the read
        return None
    try:
        with open(entry[0], "rb") as f:
            if f.readline() != MAGIC or f.readline() != entry[1].encode() + b"\n":
                return None
            return _decode(f, path)
    except Exception:  # a truncated, foreign or tampered file is a miss, never an error
        return None


def put(path: Path, table) -> None:
    entry = _entry(path)
    if entry is None:
        return
    file, stamp = entry
    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfiles.create(file)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + stamp.encode() + b"\n")
            _encode(table, f)
        os.replace(tmp, file)
    except Exception:  # a full disk or read-only home: run uncached
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _encode(table, f) -> None:
    """The JSON part, then each array's bytes written straight from the array (no copy of the whole)."""
    arrays = {name: getattr(table, name) for name in _ARRAYS if isinstance(getattr(table, name, None), array)}
    if table.line_index is not None:
        arrays["index_lines"], arrays["index_offsets"] = table.line_index
    lines = table.lines
    meta = {
        "path": table.path,
        "file": None if table.file is None else str(table.file),
        "header": table.header,
        "periods": table.periods,
        "entities": table.entities,
        "metrics": table.metrics,
        "lines": [lines.start, len(lines)] if isinstance(lines, range) else None,
        "cells": table.cells,
        "arrays": [[name, a.typecode, len(a)] for name, a in arrays.items()],
    }
    body = json.dumps(meta, ensure_ascii=False).encode()
    f.write(len(body).to_bytes(8, "little") + body)
    for a in arrays.values():
        a.tofile(f)


def _strings(xs) -> bool:
    return isinstance(xs, list) and all(isinstance(x, str) for x in xs)


def _within(a, size: int) -> bool:
    """Every code of ``a`` indexes a list of ``size``."""
    return not a or (min(a) >= 0 and max(a) < size)


def _decode(f, path: Path):
    """A Table read from an open entry, or ValueError when its parts do not fit together."""
    from verifier.sources.table import BASES, CHANGES, Table

    left = os.fstat(f.fileno()).st_size - f.tell()
    n = int.from_bytes(f.read(8), "little")
    if n > left:
        raise ValueError("truncated")
    meta = json.loads(f.read(n).decode())
    left -= 8 + n
    arrays = {}
    for name, code, length in meta["arrays"]:
        if len(code) != 1 or code not in _ARRAYS.get(name, ""):
            raise ValueError("array type")
        a = array(code)
        if not isinstance(length, int) or not 0 <= length * a.itemsize <= left:
            raise ValueError("truncated")
        a.fromfile(f, length)
        arrays[name], left = a, left - length * a.itemsize
    if left:
        raise ValueError("trailing bytes")
    first = meta["lines"]
    if first is None:
        lines = arrays["lines"]
    elif isinstance(first, list) and len(first) == 2 and all(type(x) is int and x >= 0 for x in first) and "lines" not in arrays:
        lines = range(first[0], first[0] + first[1])
    else:
        raise ValueError("lines")
    rows = len(lines)
    file = meta["file"]
    if file is not None and Path(file) != path:
        raise ValueError("rows would be read from another file")
    periods, cells, header, entities, metrics = meta["periods"], meta["cells"], meta["header"], meta["entities"], meta["metrics"]
    starts, te, tm = arrays["starts"], arrays["topic_entity"], arrays["topic_metric"]
    ok = (
        all(len(arrays[k]) == rows for k in ("period_code", "basis_code", "change_code", "order"))
        and _strings(periods) and _strings(header) and _strings(entities) and _strings(metrics)
        and _within(arrays["period_code"], len(periods))
        and _within(arrays["basis_code"], len(BASES)) and _within(arrays["change_code"], len(CHANGES))
        and _within(arrays["order"], rows)
        and len(te) == len(tm) == len(starts) - 1 and _within(te, len(entities)) and _within(tm, len(metrics))
        and starts[0] == 0 and starts[-1] == rows and all(a <= b for a, b in zip(starts, starts[1:]))
        and (file is not None or (isinstance(cells, dict) and all(isinstance(v, list) and len(v) == rows for v in cells.values())))
    )
    index = None
    if file is not None:
        if "index_lines" not in arrays or len(arrays["index_lines"]) != len(arrays["index_offsets"]) or not arrays["index_lines"]:
            raise ValueError("line index")
        index = (arrays["index_lines"], arrays["index_offsets"])
    if not ok:
        raise ValueError("inconsistent entry")
    table = Table(meta["path"], lines, periods, arrays["period_code"], arrays["basis_code"], arrays["change_code"],
                  arrays["order"], entities, metrics, te, tm, starts, None if file is None else Path(file), header, index, cells)
    keys = table._lookup[2]
    if any(a >= b for a, b in zip(keys, keys[1:])):
        raise ValueError("a topic listed twice")
    return table

"""A cache of validated tables, so a big table is parsed once per change.

Parsing and validating a million-row CSV takes seconds; reading back the
validated columns takes a fraction of that. An entry is keyed by the file's
resolved path, size, modification time and a BLAKE2 digest of its bytes,
plus a fingerprint of verify's version and the lexicons that resolved its
names, so an edited table or lexicon never serves stale rows.

The cache folder may be shared, restored by CI from another run, or written
by someone else, so an entry is data that cannot run code: a stamp line,
checked before anything else is read, then JSON for the lists and mappings
and the raw bytes of the integer arrays (never pickle). An entry that does not
hold together (lengths, codes, offsets out of range, rows read back from
another file) is a miss.

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
import tempfile
from functools import lru_cache
from pathlib import Path

from verifier import __version__, lexicon

__all__ = ["cache_dir", "get", "put"]

MIN_BYTES = 1 << 20
FORMAT = 3  # bump when Table's layout changes
MAGIC = b"verify-source-cache\n"
_ARRAYS = {"lines": "i", "period_code": "I", "basis_code": "B", "change_code": "B", "order": "i"}
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
    if entry is None or not entry[0].exists():
        return None
    try:
        with open(entry[0], "rb") as f:
            if f.readline() != MAGIC or f.readline() != entry[1].encode() + b"\n":
                return None
            return _decode(f.read(), path)
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
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + stamp.encode() + b"\n" + _encode(table))
        os.replace(tmp, file)
    except Exception:  # a full disk or read-only home: run uncached
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _encode(table) -> bytes:
    arrays = {name: getattr(table, name) for name in _ARRAYS}
    if table.line_index is not None:
        arrays["index_lines"], arrays["index_offsets"] = table.line_index
    meta = {
        "path": table.path,
        "file": None if table.file is None else str(table.file),
        "header": table.header,
        "periods": table.periods,
        "spans": [[e, m, a, b] for (e, m), (a, b) in table.spans.items()],
        "cells": table.cells,
        "arrays": [[name, a.typecode, len(a)] for name, a in arrays.items()],
    }
    body = json.dumps(meta, ensure_ascii=False).encode()
    return len(body).to_bytes(8, "little") + body + b"".join(a.tobytes() for a in arrays.values())


def _decode(data: bytes, path: Path):
    """A Table from an entry, or ValueError when its parts do not fit together."""
    from verifier.sources.table import BASES, CHANGES, Table

    n = int.from_bytes(data[:8], "little")
    meta = json.loads(data[8 : 8 + n].decode())
    arrays, pos = {}, 8 + n
    for name, code, length in meta["arrays"]:
        a = array(code)
        if name in _ARRAYS and code != _ARRAYS[name] or code not in "iIBq":
            raise ValueError("array type")
        size = a.itemsize * length
        a.frombytes(data[pos : pos + size])
        if len(a) != length:
            raise ValueError("truncated")
        arrays[name], pos = a, pos + size
    rows = len(arrays["lines"])
    file = meta["file"]
    if file is not None and Path(file) != path:
        raise ValueError("rows would be read from another file")
    spans = {(e, m): (a, b) for e, m, a, b in meta["spans"]}
    periods, cells, header = meta["periods"], meta["cells"], meta["header"]
    ok = (
        all(len(arrays[k]) == rows for k in ("period_code", "basis_code", "change_code", "order"))
        and all(isinstance(p, str) for p in periods) and all(isinstance(h, str) for h in header)
        and max(arrays["period_code"], default=0) < max(len(periods), 1)
        and max(arrays["basis_code"], default=0) < len(BASES) and max(arrays["change_code"], default=0) < len(CHANGES)
        and all(0 <= i < rows for i in arrays["order"])
        and all(isinstance(a, int) and isinstance(b, int) and 0 <= a <= b <= rows for a, b in spans.values())
        and (file is not None or (isinstance(cells, dict) and all(isinstance(v, list) and len(v) == rows for v in cells.values())))
    )
    index = None
    if file is not None:
        if "index_lines" not in arrays or len(arrays["index_lines"]) != len(arrays["index_offsets"]) or not arrays["index_lines"]:
            raise ValueError("line index")
        index = (arrays["index_lines"], arrays["index_offsets"])
    if not ok:
        raise ValueError("inconsistent entry")
    return Table(meta["path"], arrays["lines"], periods, arrays["period_code"], arrays["basis_code"], arrays["change_code"],
                 arrays["order"], spans, None if file is None else Path(file), header, index, cells)

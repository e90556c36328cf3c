"""A pickle cache of validated tables, so a big table is parsed once per change.

Parsing and validating a million-row CSV takes seconds; unpickling the
validated columns takes a fraction of that. An entry is keyed by the file's
resolved path, size, modification time and a BLAKE2 digest of its bytes,
plus a fingerprint of verify's version and the lexicons that resolved its
names, so an edited table or lexicon never serves stale rows.

Small tables (under ``MIN_BYTES``) are not cached: parsing them is faster
than the file system round trip. A cache that cannot be read or written is
ignored; it never stops a run. ``VERIFY_CACHE_DIR`` moves it (``off``
disables it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from verifier import __version__, lexicon

__all__ = ["cache_dir", "get", "put"]

MIN_BYTES = 1 << 20
FORMAT = 2  # bump when Table's layout changes
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
    return folder / f"{where}.pickle", stamp


def get(path: Path):
    """The cached Table for ``path``, or None."""
    entry = _entry(path)
    if entry is None or not entry[0].exists():
        return None
    try:
        with open(entry[0], "rb") as f:
            stamp, table = pickle.load(f)
    except Exception:  # a truncated or foreign file is a miss, never an error
        return None
    return table if stamp == entry[1] else None


def put(path: Path, table) -> None:
    entry = _entry(path)
    if entry is None:
        return
    file, stamp = entry
    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((stamp, table), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
    except Exception:  # a full disk or read-only home: run uncached
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)

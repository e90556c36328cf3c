"""The folded view of a text: one character for one, so an offset into it is an offset into the text.

Lexicons are matched on this view, so one entry covers every way a concept is printed:
full-width forms become half-width (``ＡＷＳ`` → ``AWS``), letters lower-case, and
Traditional characters their Simplified form (``營收`` and ``营收`` both read ``营收``), with
OpenCC's character table (``t2s.json``). OpenCC converts phrases too, and a phrase may change
length; the view must not, so each character is converted on its own and one that would
become more or fewer than one character is kept as printed.

Loading OpenCC costs a tenth of a second, most of a short article's run; its answer for
the Basic Multilingual Plane's ideographs is kept as a small table in the user's cache
(``~/.cache/verify/fold``, under ``VERIFY_CACHE_DIR`` when set, never with ``off``),
named for the installed OpenCC's dictionaries, so a later run reads the table instead.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from verifier import tempfiles

__all__ = ["either_script", "fold", "fold_script"]

# full-width ASCII (U+FF01..U+FF5E) to ASCII, and the ideographic space to a space
_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

_BMP_HAN = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_ASTRAL_HAN = re.compile("[\U00020000-\U0003134f]")

# character → its Simplified form: a memo of a pure function of one character (never
# per-article state: the same character always folds the same way). The BMP's ideographs
# are learnt all at once; the rare ones beyond it as they are met.
_SCRIPT: dict[int, str] = {}


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


def _convert(chars: list[str]) -> dict[int, str]:
    """OpenCC's form of each character, where it is another single character."""
    # one line per character: OpenCC's phrase table cannot join two of them
    out = _t2s().convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # never seen; convert one by one rather than guess the alignment
        out = [_t2s().convert(c) for c in chars]
    table = {ord(c): s for c, s in zip(chars, out) if len(s) == 1 and s != c}
    # folding twice must give what folding once gave (薴 → 苧 → 苎): follow each chain to its end
    for k, v in table.items():
        seen = {k}
        while ord(v) in table and ord(v) not in seen:
            seen.add(ord(v))
            v = table[ord(v)]
        table[k] = v
    return table


def _cache_file() -> Path | None:
    """Where the table is kept: named for the installed OpenCC's dictionaries (their sizes and
    times), found without importing it (importing it is the cost the table saves)."""
    env = os.environ.get("VERIFY_CACHE_DIR")
    if env == "off":
        return None
    from importlib.util import find_spec

    spec = find_spec("opencc")
    if spec is None or not spec.origin:
        return None
    pkg = Path(spec.origin).parent
    dicts = sorted(pkg.glob("clib/share/opencc/TSCharacters*.ocd2")) or [Path(spec.origin)]
    try:
        stamp = "-".join(f"{f.stat().st_size}.{f.stat().st_mtime_ns}" for f in dicts)
    except OSError:
        return None
    import hashlib

    key = hashlib.blake2b(f"{pkg}:{stamp}".encode(), digest_size=8).hexdigest()
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "verify"
    return base / "fold" / f"t2s-{key}.txt"


@lru_cache(maxsize=1)
def _bmp() -> None:
    """Fill the memo for the BMP ideographs, from the cache file or from OpenCC."""
    path = _cache_file()
    if path is not None:
        try:
            # two lines of equal length: the characters, and their Simplified forms
            src, dst = path.read_text(encoding="utf-8").split("\n")[:2]
            if len(src) != len(dst):
                raise ValueError("table lines differ in length")
            _SCRIPT.update(zip(map(ord, src), dst))
            return
        except (OSError, ValueError, UnicodeError):
            pass
    table = _convert([chr(c) for a, b in _BMP_HAN for c in range(a, b)])
    _SCRIPT.update(table)
    if path is not None:
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfiles.create(path)  # named so a run killed while writing it leaves nothing for long
            keys = sorted(table)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write("".join(map(chr, keys)) + "\n" + "".join(table[k] for k in keys) + "\n")
            os.replace(tmp, path)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)  # a cache that cannot be written never stops a run


def fold_script(text: str) -> str:
    """Traditional characters to Simplified, one for one."""
    if not _HAN.search(text):
        return text
    _bmp()
    astral = {c for c in _ASTRAL_HAN.findall(text) if ord(c) not in _SCRIPT}
    if astral:
        new = sorted(astral)
        _SCRIPT.update({ord(c): c for c in new})
        _SCRIPT.update(_convert(new))
    return text.translate(_SCRIPT)


def fold(text: str, case: bool = True) -> str:
    """Width, case (unless ``case=False``) and script folded; ``len(fold(t)) == len(t)``.

    Lone surrogates become U+FFFD (the Rust automaton takes only valid Unicode).
    """
    out = text.translate(_WIDTH)
    if case:
        low = out.lower()
        # str.lower is right unless a letter grows (İ → i̇): then lower letters one by one
        out = low if len(low) == len(out) else "".join(c if len(c.lower()) != 1 else c.lower() for c in out)
    out = fold_script(out)
    if "\ud800" <= max(out, default="\0"):
        out = _SURROGATE.sub("\ufffd", out)
    return out


@lru_cache(maxsize=1)
def _forms() -> dict[str, frozenset[str]]:
    """Simplified character → every character that folds to it, itself included."""
    _bmp()
    out: dict[str, set[str]] = {}
    for k, v in list(_SCRIPT.items()):
        out.setdefault(v, {v}).add(chr(k))
    return {k: frozenset(v) for k, v in out.items()}


def either_script(word: str) -> str:
    """A regular expression for ``word`` printed in either script, for text matched as printed:
    each Chinese character with every form that folds as it does (``以来`` → ``以[来來]``), so a
    data file holds a word in one script."""
    import re as _re

    out = []
    for c in word:
        if not _HAN.match(c):
            out.append(_re.escape(c))
            continue
        forms = _forms().get(fold_script(c), frozenset({c})) | {c}
        out.append(_re.escape(c) if len(forms) == 1 else "[" + "".join(sorted(forms)) + "]")
    return "".join(out)

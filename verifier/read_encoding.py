"""Bytes that are not clean UTF-8: which encoding, how sure, and what was wrong.

Three cases, in this order:

- Mostly UTF-8 with stray bytes (a pasted Windows quote, a Latin-1 ``é`` in a
  UTF-8 file): when UTF-8 explains at least as many non-ASCII characters as
  there are bytes it cannot read, the file is UTF-8 and the stray bytes are
  named (byte value, line, column) and shown as U+FFFD, one character each so
  offsets hold. A detector would call such a file cp850 or cp1251 and turn
  every ``€`` into mojibake.
- Chinese legacy encodings (GB18030/GBK, Big5), which the detector tells
  apart well; they are taken only when the text they give has Chinese in it.
- Anything else single-byte is Western text in Windows-1252 (the printable
  superset of Latin-1, so ``£`` stays ``£``), Latin-1 for the five bytes
  1252 leaves undefined. The detector's guesses among single-byte code pages
  (cp1250, cp932, UTF-16 without a mark) turn ``£5bn`` into ``Ł5bn`` on short
  texts; articles verify reads are English or Chinese.

Confidence is the detector's (1 − its "chaos" ratio) for what was chosen, or
UTF-8's share of the non-ASCII characters for mostly-UTF-8 text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

__all__ = ["Decoded", "decode_legacy"]

_CHINESE = ("gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "hz")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_STRAY = re.compile("[\udc80-\udcff]")
_SHOWN = 5  # stray bytes named in the one-line note; the rest are counted


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float
    note: Optional[str] = None  # one line for the user, or None


def decode_legacy(data: bytes) -> Optional[Decoded]:
    """``data`` failed strict UTF-8: the best reading, or None when no encoding gives text."""
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    import charset_normalizer  # only non-UTF-8 files pay for the import

    matches = list(charset_normalizer.from_bytes(data))
    by_name = {m.encoding: m for m in matches}
    for m in matches:
        if m.encoding in _CHINESE:
            text = _try(data, m.encoding)
            if text is not None and _CJK.search(text):
                return Decoded(text, m.encoding, _confidence(m))
    for name in ("cp1252", "latin_1"):
        text = _try(data, name)
        if text is not None:
            m = by_name.get(name) or by_name.get("iso8859_1" if name == "latin_1" else name)
            conf = _confidence(m) if m is not None else 0.5
            return Decoded(text, name, conf, f"not UTF-8; read as {name} (Western European), confidence {conf:.2f}")
    return None


def _mostly_utf8(data: bytes) -> Optional[Decoded]:
    text = data.decode("utf-8", "surrogateescape")
    stray = [(m.start(), ord(m.group()) - 0xDC00) for m in _STRAY.finditer(text)]
    good = sum(1 for ch in text if ord(ch) > 0x7F) - len(stray)
    if not stray or good < len(stray):
        return None
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    from bisect import bisect_right

    def where(i: int) -> str:
        n = bisect_right(line_starts, i)
        return f"line {n}, column {i - line_starts[n - 1] + 1}"

    named = "; ".join(f"0x{b:02X} at {where(i)}" for i, b in stray[:_SHOWN])
    more = f"; and {len(stray) - _SHOWN} more" if len(stray) > _SHOWN else ""
    n = len(stray)
    conf = good / (good + n)
    note = (f"read as UTF-8 (confidence {conf:.2f}); {n} byte{'s are' if n > 1 else ' is'} not UTF-8 "
            f"and show{'' if n > 1 else 's'} as U+FFFD: {named}{more}")
    return Decoded(_STRAY.sub("\ufffd", text), "utf-8", conf, note)


def _try(data: bytes, name: str) -> Optional[str]:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _confidence(match) -> float:
    return round(max(0.0, 1.0 - float(match.percent_chaos) / 100.0), 2)

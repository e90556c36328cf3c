"""The text the scanner reads, and the way back to the article's offsets.

Two normalisations make one set of patterns serve every typing habit:

* full-width forms fold to ASCII one character for one (``１２３％`` →
  ``123%``), so offsets do not move. A full-width comma folds only between
  full-width digits (``１１１，１１１``): after ASCII digits it is the Chinese
  list comma (``$20，300美圆`` is two prices).
* horizontal spaces touching a Chinese character are squeezed out
  (``營收 355.8 億美元``, ``一 百 五 十``): Chinese prose has no spaces inside
  a figure, so a space there is typesetting, not a boundary. Spaces between
  two Latin words or two digit groups stay.

``Folded.span`` maps a span of the squeezed text back to the article.
"""

from __future__ import annotations

import bisect
import re

FULLWIDTH = str.maketrans(
    "０１２３４５６７８９％．＄－＋～：／"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ−",
    "0123456789%.$-+~:/"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz-",
)
_FW_ANY = re.compile("[" + re.escape("".join(chr(c) for c in FULLWIDTH)) + "]")


# the small full stop some Hong Kong wires print as a decimal point (27﹒3億元), between digits
_SMALL_STOP = re.compile("(?<=[0-9０-９])\ufe52(?=[0-9０-９])")


def fold_fullwidth(t: str) -> str:
    """Full-width digits, signs and letters to ASCII, one for one; most texts have none, so look first."""
    t = t.translate(FULLWIDTH) if _FW_ANY.search(t) else t
    return _SMALL_STOP.sub(".", t) if "\ufe52" in t else t

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_FW_COMMA = re.compile("(?<=[０-９])，(?=[０-９])")
# a run of horizontal space with a Chinese character on one side and a
# Chinese character or a digit on the other
_SQUEEZE = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+(?=[{_CJK}\d.])|(?<=[\d.%])[ \t\u3000\u00a0]+(?=[{_CJK}])")
_HAS_CJK = re.compile(rf"[{_CJK}]")


class Folded:
    """The scanner's view of a text: ``s``, and ``span()`` to map its offsets back."""

    __slots__ = ("s", "_cuts", "_shift")

    def __init__(self, text: str):
        t = _FW_COMMA.sub(",", text) if "，" in text else text
        t = fold_fullwidth(t)
        self._cuts: list[int] = []  # positions in s after which characters were removed
        self._shift: list[int] = []  # characters removed up to and including that cut
        if _HAS_CJK.search(t) is None:
            self.s = t
            return
        parts, last, removed = [], 0, 0
        for m in _SQUEEZE.finditer(t):
            parts.append(t[last : m.start()])
            removed += m.end() - m.start()
            self._cuts.append(m.start() - (removed - (m.end() - m.start())))
            self._shift.append(removed)
            last = m.end()
        parts.append(t[last:])
        self.s = "".join(parts)

    def pos(self, i: int) -> int:
        """Article offset of position ``i`` of ``s`` (a start: after any squeezed space)."""
        if not self._cuts:
            return i
        k = bisect.bisect_right(self._cuts, i) - 1
        return i + (self._shift[k] if k >= 0 else 0)

    def end(self, i: int) -> int:
        """Article offset of an end position ``i`` of ``s`` (before any squeezed space)."""
        return self.pos(i - 1) + 1 if i > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.pos(start), self.end(end)

    def inverse(self, a: int) -> int:
        """Position in ``s`` of article offset ``a`` (for masks given in article offsets)."""
        if not self._cuts:
            return a
        lo, hi = 0, len(self.s)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.pos(mid) < a:
                lo = mid + 1
            else:
                hi = mid
        return lo

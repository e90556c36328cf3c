"""Every word list the claims stage reads, found in one pass over the article.

Entity and metric names (``aliases``), cue words (``data/cues.tsv``) and named
publishers (``data/sources_named.txt``) share one automaton. The hits are
computed once per article text and kept until the next text, so the many
look-ups per figure that follow ("a ``beat`` cue between these offsets?")
are bisections, not scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from verifier import aliases, lexicon
from verifier.lexmatch import Hits, Lexicon


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    items = []
    for n in aliases.entities().values():
        for a in (n.canonical, *n.aliases):
            # names written with a capital are matched as written (Meta, not meta-analysis);
            # lower-case aliases (advertising, global AI market) in any case
            items.append((a, ("entity", n.canonical), a[:1].isupper()))
    items += [(alias, ("metric", canonical)) for alias, canonical in aliases.metric_index().items()]
    for cue, surfaces in lexicon.rows("cues.tsv"):
        items += [(s.replace("\\", ""), ("cue", cue)) for s in surfaces.split("|")]
    items += [(r[0], ("cue", "named_source")) for r in lexicon.rows("sources_named.txt")]
    return Lexicon(items)


@dataclass
class Words:
    entities: list[tuple[int, int, str]]  # (start, end, canonical), one name per stretch of text
    metrics: list[tuple[int, int, str]]
    cues: dict[str, Hits]


_last: list = [None, None]


def of(text: str) -> Words:
    """The words of ``text``, computed once per article text."""
    if _last[0] is not text:
        by_kind: dict[str, dict] = {"entity": {}, "metric": {}, "cue": {}}
        for (kind, label), hits in _lexicon().scan(text).items():
            by_kind[kind][label] = hits
        _last[1] = Words(_names(by_kind["entity"]), _names(by_kind["metric"]), _cues(by_kind["cue"]))
        _last[0] = text
    return _last[1]


def _names(by_label: dict[str, list]) -> list[tuple[int, int, str]]:
    """Leftmost-longest across labels: one name per stretch of text."""
    hits = sorted((h for hits in by_label.values() for h in hits), key=lambda h: (h.start(), -h.end()))
    out, last_end = [], -1
    for h in hits:
        if h.start() >= last_end:
            out.append((h.start(), h.end(), h.label))
            last_end = h.end()
    return out


def _cues(by_label: dict[str, list]) -> dict[str, Hits]:
    """Cue hits by cue; a one-character cue that ends a longer cue word is not a cue of its own
    (比 in 同比 and 环比, 增 in 年增): the longer word says what the text means. One that opens it
    keeps its meaning too (較 in 較去年同期 is still "compared with")."""
    spans = sorted((h.start(), h.end()) for hits in by_label.values() for h in hits if h.end() - h.start() > 1)
    import bisect

    starts = [a for a, _ in spans]

    def inside(h) -> bool:
        i = bisect.bisect_right(starts, h.start())
        return any(a < h.start() and h.end() <= b for a, b in spans[max(0, i - 8) : i])

    return {k: Hits([h for h in v if h.end() - h.start() > 1 or not inside(h)]) for k, v in by_label.items()}

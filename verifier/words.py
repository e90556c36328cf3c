"""Every word list the claims stage reads, found in one pass over the article's folded text.

Entity and metric names (``aliases``), cue words (``data/cues.tsv``) and named
publishers (``data/sources_named.txt``) share one automaton, matched on the folded
view (``verifier/fold.py``) so one entry covers both Chinese scripts. The read stage
scans once per article into its ``Document``, so the many look-ups per figure that
follow ("a ``beat`` cue between these offsets?") are bisections, not scans.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache

from verifier import aliases, lexicon
from verifier.lexmatch import EMPTY, Hits, Lexicon


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


def scan(text: str, folded: str | None = None) -> Words:
    """The words of ``text`` (``folded`` is its folded view, when the caller has it)."""
    by_kind: dict[str, dict] = {"entity": {}, "metric": {}, "cue": {}}
    for (kind, label), hits in _lexicon().scan(text, folded).items():
        by_kind[kind][label] = hits
    words = [h for by_label in by_kind.values() for hits in by_label.values() for h in hits]
    cues = _cues(by_kind["cue"], words)
    return Words(_names(by_kind["entity"]), _not_targets(text, _names(by_kind["metric"]), cues), cues)


@lru_cache(maxsize=1)
def _target_lead() -> re.Pattern:
    return re.compile(rf"(?:{lexicon.alternation('zh', 'target_lead')})\s*$")


def target_at(text: str, cues: dict[str, Hits], pos: int):
    """The budget or plan word ending right before ``pos`` after its lead (完成年初預算數|60999萬元), if one does."""
    h = cues.get("budget_target", EMPTY).last(max(0, pos - 12), pos)
    return h if h is not None and not text[h.end() : pos].strip() and _led(text, h) else None


def _led(text: str, h) -> bool:
    """The budget or plan word follows its lead (完成, 為): it names a target."""
    return _target_lead().search(text, max(0, h.start() - 3), h.start()) is not None


def _not_targets(text: str, metrics: list, cues: dict[str, Hits]) -> list:
    """完成年初預算數60999萬元: the budget word names the target the figure before is measured against,
    not spending (data/cues.tsv budget_target after wording target_lead)."""
    targets = [h for h in cues.get("budget_target", EMPTY).within(0, len(text)) if _led(text, h)]
    if not targets:
        return metrics
    spans = [(h.start(), h.end()) for h in targets]
    return [m for m in metrics if not any(a <= m[0] and m[1] <= b for a, b in spans)]


def _names(by_label: dict[str, list]) -> list[tuple[int, int, str]]:
    """Leftmost-longest across labels: one name per stretch of text."""
    hits = sorted((h for hits in by_label.values() for h in hits), key=lambda h: (h.start(), -h.end()))
    out, last_end = [], -1
    for h in hits:
        if h.start() >= last_end:
            out.append((h.start(), h.end(), h.label))
            last_end = h.end()
    return out


def _cues(by_label: dict[str, list], words: list) -> dict[str, Hits]:
    """Cue hits by cue; a one-character cue inside a longer word of any lexicon is not a cue
    of its own (比 in 同比 and 环比, 增 in 年增, 比 in the name 比亞迪): the longer word says what
    the text means. One that opens a longer cue keeps its meaning too (較 in 較去年同期 is still
    "compared with"); one that opens a name, a metric or a plain word (cues.tsv ``plain``: 将 in
    将近, nearly) is part of it. A longer cue is read as a cue unless a plain word holds it
    (合併 in 合併營收 names consolidated revenue, not a sum)."""
    import bisect

    cue_spans = {(h.start(), h.end()) for label, hits in by_label.items() if label != "plain" for h in hits}
    spans = sorted((h.start(), h.end(), (h.start(), h.end()) in cue_spans) for h in words if h.end() - h.start() > 1)
    starts = [a for a, _, _ in spans]
    plain = by_label.get("plain", [])
    plain_starts = sorted((h.start(), h.end()) for h in plain)

    def inside(h) -> bool:
        i = bisect.bisect_right(starts, h.start())
        return any((a < h.start() or not cue) and h.end() <= b for a, b, cue in spans[max(0, i - 8) : i])

    def in_plain(h) -> bool:
        """A longer cue inside a plain word (合併 in 合併營收, consolidated revenue, not a sum)."""
        i = bisect.bisect_right(plain_starts, (h.start(), 1 << 62))
        return any(a <= h.start() and h.end() <= b and (a, b) != (h.start(), h.end()) for a, b in plain_starts[max(0, i - 4) : i])

    def keep(h) -> bool:
        return not in_plain(h) if h.end() - h.start() > 1 else not inside(h)

    return {k: Hits([h for h in v if keep(h)]) for k, v in by_label.items()}

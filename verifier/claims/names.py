"""Names the entity lexicon does not know, found where a subject stands.

An article about two companies the lexicon has never heard of (``Rivian said
… Lucid said …``, ``蔚來…營收年增10%，小鵬汽車…營收年增20%``) must not have the
second company's figures read as the first one's: that turns two true figures
into a "conflict". So a name in subject position is taken as an entity:

- English: a run of capitalised words before a verb a company is the subject
  of (``said``, ``reported``, ``shares``) or before a possessive ``'s``;
- Chinese: the characters that open a clause, up to a period, a metric or a
  reporting verb (``小鵬汽車第三季營收``, ``蔚來公布``).

Titles mark people (``CEO Tim Cook said``, ``執行長魏哲家表示``), who are not
entities here. The words are in ``data/name_words.tsv``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from verifier import lexicon
from verifier.extract.trie import trie_pattern
from verifier.fold import fold

# titles and verbs of saying: data/wording_en.tsv and data/wording_zh.tsv
_TITLES = re.compile(rf"(?i:\b(?:{lexicon.alternation('en', 'person_title')})\b\.?)[\s,]*$")
_ATTRIBUTION_BEFORE = re.compile(r"[,，]\s*the\s+$")
_SAYS = re.compile(rf"(?:'s|’s)?\s+(?:{lexicon.alternation('en', 'says_after_name')})\b")
_ZH_TITLES = re.compile(lexicon.alternation("zh", "person_title"))
# characters, folded (data/wording_zh.tsv): a conjunction opening a clause; what opens a verb or
# preposition phrase, never a name (已於, 截至, 預計, 經調整, 低於, 進入); what is never in a name
_ZH_OPENERS, _ZH_NOT_FIRST, _ZH_BAD = (
    frozenset(fold("".join(lexicon.wording("zh")[role]))) for role in ("opener_chars", "not_first_chars", "not_name_chars")
)
# where a clause opens: after its punctuation, or after a space between Chinese words (a headline)
_DAY_AFTER = re.compile(rf"(?:\d{{1,2}}(?:{lexicon.alternation('zh', 'day')})|{lexicon.alternation('zh', 'relative_day')})$")
_ITEM_MARK = "%％-–—]】"
_NAME_CUT = re.compile(r"[ \t\u3000：:]")  # what may stand before the space that opens a Chinese clause
_ZH_CLAUSE = re.compile(r"[，,；;：:。！？!?\n「『（( \u3000][ \t\u3000]*")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for word, role in lexicon.rows("name_words.tsv"):
        out.setdefault(role, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _zh_verbs() -> re.Pattern:
    return re.compile(trie_pattern(_words()["zh_verb"]))


@lru_cache(maxsize=1)
def _en_pattern() -> re.Pattern:
    token = r"(?:[A-Z][A-Za-z0-9&\-]*[A-Za-z0-9]|[A-Z])"
    verbs = trie_pattern(_words()["verb"])
    suffix = r"(?:\s+(?:Inc|Corp|Co|Ltd|Group|Holdings|plc)\.?)?,?"
    return re.compile(
        rf"(?<![A-Za-z0-9'’.-])({token}(?:\s+(?:{token}|&|of|for))*?){suffix}(?=(?:'s|’s)\b|\s+(?:{verbs})\b)"
    )


@lru_cache(maxsize=1)
def _en_suffixed() -> re.Pattern:
    """"Zylo Corp., the widget maker, said": a legal suffix makes a name without a verb after it."""
    token = r"(?:[A-Z][A-Za-z0-9&\-]*[A-Za-z0-9]|[A-Z])"
    suffix = trie_pattern(_words()["legal_suffix"])
    return re.compile(rf"(?<![A-Za-z0-9'’.-])({token}(?:\s+(?:{token}|&|of|for))*?)\s+(?:{suffix})\b\.?(?=[\s,;:)]|$)")


def find_unknown_names(text: str, language: str, known: list[tuple[int, int]], periods: list[int],
                       metrics: list[int]) -> list[tuple[int, int, str]]:
    """(start, end, name) for names in subject position that no known name covers.

    ``known`` are the spans of lexicon names; ``periods`` and ``metrics`` the
    starts of those mentions, where a Chinese subject ends.
    """
    index = _Spans(known)
    found = _english(text, index) if language == "en" else _chinese(text, index, periods, metrics)
    taken = _Spans([(a, b) for a, b, _ in found] + list(known))
    return found + [n for n in _coded(text) if not _overlaps(n[0], n[1], taken)]


# 招商銀行(600036), 騰訊控股（00700）, Acme Corp. (NASDAQ: ACME): a name its stock code follows is a company
_CODED = re.compile(r"([\u4e00-\u9fff]{2,10})\s*[(（]\s*\d{4,6}(?:\.[A-Z]{2})?\s*[)）]"
                    r"|\b([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})\s*\((?:NYSE|NASDAQ|Nasdaq|NYSEAMERICAN|TSX|LSE)\s*:\s*[A-Z.]{1,6}\)")


def _coded(text: str) -> list[tuple[int, int, str]]:
    """Names before a stock code; a Chinese run starts after the last lead word in it (其中, 和, 、)."""
    lead = sorted(_words().get("zh_coded_lead", ()), key=len, reverse=True)
    out = []
    for m in _CODED.finditer(text):
        g = 1 if m.group(1) else 2
        a, name = m.start(g), m.group(g)
        if g == 1:
            cut = max((name.rfind(w) + len(w) for w in lead if w in name), default=0)
            a, name = a + cut, name[cut:]
        if len(name) >= 2:
            out.append((a, a + len(name), name))
    return out


class _Spans:
    """Spans sorted by start with the running maximum of their ends, so asking whether
    any overlaps [a, b) is one bisection, not a pass over every span in the article."""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end, top = [], float("-inf")
        for _, e in ordered:
            top = max(top, e)
            self.max_end.append(top)


def _overlaps(a: int, b: int, spans: _Spans) -> bool:
    i = bisect.bisect_left(spans.starts, b)  # spans starting before b
    return i > 0 and spans.max_end[i - 1] > a


@lru_cache(maxsize=1)
def _agency_before() -> re.Pattern:
    """A public body's head word, "of", and capitalised words up to the name found: ``Ministry of Trade and``."""
    heads = "|".join(sorted(_words()["agency"], key=len, reverse=True))
    return re.compile(rf"\b(?:{heads})\s+of\s+(?:(?:[A-Z][\w-]*|and|&|the),?\s+)*$")


def _english(text: str, known) -> list[tuple[int, int, str]]:
    not_name = _words()["not_name"]
    out = []
    matches = sorted([*_en_pattern().finditer(text), *_en_suffixed().finditer(text)], key=lambda m: m.start())
    for m in matches:
        if out and m.start() < out[-1][1]:
            continue  # one name found by both patterns
        tokens = [(t.start() + m.start(1), t.end() + m.start(1), t.group()) for t in re.finditer(r"\S+", m.group(1))]
        while tokens and (tokens[0][2] in not_name or tokens[0][2] in ("&", "of", "for")):
            tokens = tokens[1:]  # "Shares of Zylo Holdings": the name after the opening words
        titled = next((k for k, t in enumerate(tokens) if _TITLES.match(t[2])), None)
        if titled is not None:
            # "Zentrix CEO John Smith said": the person speaks for the company named before the title
            tokens = tokens[:titled]
        words = [t[2] for t in tokens]
        if not words or all(w in not_name or w in ("&", "of", "for") or w in _words()["legal_suffix"] for w in words) \
                or words[-1] in ("&", "of", "for"):
            continue
        start, end = tokens[0][0], tokens[-1][1]
        if _TITLES.search(text, max(0, start - 30), start) or _overlaps(start, end, known):
            continue
        if _ATTRIBUTION_BEFORE.search(text, max(0, start - 8), start) and _SAYS.match(text, end):
            continue  # "…, the Commerce Department said": an institution reporting the figure, not its subject
        if len(words) == 1 and len(words[0]) == 1:
            continue
        agency = _words()["agency"]
        if words[0] in agency or _agency_before().search(text, max(0, start - 60), start) or words[-1] in agency \
                or any(w in agency and nxt == "of" for w, nxt in zip(words, words[1:])):
            # "Singapore's Ministry of Trade and Industry said", "the General Administration of Customs",
            # "the Census Bureau": a public body reporting, not a company
            continue
        # "Zylo Corp netted …": the suffix is the name's, not a word before the metric
        span_end = len(text[:m.end()].rstrip(",")) if end == m.end(1) else end
        out.append((start, span_end, text[start:end]))
    return out


_ZH_NOT_NAME_START = re.compile(rf"(?:{lexicon.alternation('zh', 'company_word')}|{lexicon.alternation('zh', 'not_name_start')})")


def _chinese(text: str, known, periods: list[int], metrics: list[int]) -> list[tuple[int, int, str]]:
    """A clause opener up to a period, metric or reporting verb, if it reads as an organisation:
    it ends like one (汽車, 集團, 統計局) or it is what reports (蔚來公布, 小鵬表示)."""
    w = _words()
    suffixes = tuple(w["zh_suffix"])
    verb_at = {v.start() for v in _zh_verbs().finditer(text)}
    stops = sorted(set(periods) | set(metrics) | verb_at)
    metric_at = set(metrics)
    out = []
    for s in [0] + [m.end() for m in _ZH_CLAUSE.finditer(text)]:
        if s in metric_at:
            continue  # 毛利率預估…: a clause that opens with a metric names no one
        i = bisect.bisect_left(stops, s + 2)
        if i == len(stops) or stops[i] > s + 9 or not ("\u4e00" <= text[s : s + 1] <= "\u9fff"):
            continue
        if s and text[s - 1] in " \u3000" and not ("\u4e00" <= text[s - 2 : s - 1] <= "\u9fff" or text[s - 2 : s - 1] in _ITEM_MARK):
            continue  # a space opens a clause only between Chinese words, or after a list dash or citation (… [2] - 天天基金)
        end = stops[i]
        reports = end in verb_at
        name = _NAME_CUT.split(text[s:end], 1)[0]  # - 天天基金 前三季度…, 華泰證券：淨利潤…: a list item's name
        end, reports = s + len(name), reports and s + len(name) == end
        if (day := _DAY_AFTER.search(name)) is not None:
            name, end = name[: day.start()], s + day.start()  # 國家統計局13日公布: the day it reported, not its name
        if not name:
            continue  # 周五股價上漲: the day opens the clause, and nothing before the metric names anyone
        if fold(name[0]) in _ZH_OPENERS and len(name) > 3:
            name, s = name[1:], s + 1
        if len(name) < 2 or fold(name[0]) in _ZH_NOT_FIRST or not _ZH_BAD.isdisjoint(fold(name)):
            continue
        if _ZH_NOT_NAME_START.match(name):
            continue  # 公司先前預估, 超越市場共識預估: the company named before, a comparison — no new name
        if not (reports or (name.endswith(suffixes) and name not in suffixes)):
            continue
        if fold(name).endswith(tuple(fold(a) for a in w["zh_agency"])):
            continue  # 國家統計局公布…: the agency that publishes the figures is their source, not whose they are
        if (name in w["zh_not"]
                or _ZH_TITLES.search(name) or not all("\u4e00" <= c <= "\u9fff" or c.isalnum() for c in name)
                or _overlaps(s, end, known)):
            continue
        out.append((s, end, name))
    return out

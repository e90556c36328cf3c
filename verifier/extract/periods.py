"""Dates, years, quarters and periods; and numbers that are not quantities.

Runs before the quantity scanner: every span found here (a period, an
ordinal, a list or section number, a clock time) is closed to it, so
``2025年Q4(10-12月)`` yields periods and no quantities, and ``第一`` is an
ordinal rather than the number one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier import lexicon
from verifier.extract.trie import trie_pattern
from verifier.models import Period

CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
CN_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:19|20)\d\d"
# 二零二五年, 二〇二四年: a year written digit by digit in Chinese numerals (Hong Kong results announcements)
_CN_YEAR = r"(?:一九|二[零〇○])[零〇○一二三四五六七八九]{2}"
_CN_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "○": "0"}
ROC_OFFSET = 1911


def _roc_year() -> str:
    """A Taiwan (Minguo) year, 112年 = 2023: three digits from 100, only where a month, a quarter or
    the words of data/wording_zh.tsv ``roc_year_next`` follow (第, 上半年, 同期, 全年 …), or 年度, so 100年歷史
    (a hundred years) stays a span of time."""
    nxt = lexicon.alternation("zh", "roc_year_next")
    # written digit by digit in Chinese numerals (一一四年外銷訂單, a statistics office's style): any words
    # after it but those of a span of time (data/wording_zh.tsv roc_year_not_next: 一百年來, 一一四年歷史)
    spelled = rf"(?<![一二三四五六七八九十百千零〇○])一[零〇○一二三四][零〇○一二三四五六七八九](?=\s*年(?!{lexicon.alternation('zh', 'roc_year_not_next')}))"
    # 年度 is a fiscal year in itself: 99年度, 113年度 (a budget's years), two digits from 80
    return (rf"(?<!\d)1[0-4]\d(?=\s*年(?:度)?\s*(?:Q[1-4]|{nxt}|[0-9一二三四五六七八九十]{{1,3}}\s*月))"
            rf"|(?<!\d)(?:1[0-4]\d|[89]\d)(?=\s*年度)|{spelled}")


_ABBREVIATED = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


_FIRST_MONTHS = {3: ("quarter", "Q1"), 6: ("half", "H1"), 9: ("relative", "ytd-Q3")}


def _first_months(n: int) -> tuple[str, str]:
    """(kind, label) of 首N個月 (Hong Kong and Macau wording, beside 首季 and 上半年): the first quarter,
    the half, the three quarters so far; other spans by their month count."""
    return _FIRST_MONTHS.get(n) or ("relative", f"first-{n}m")


def _month_num(s: str) -> int:
    if s.isdigit():
        return int(s)
    from verifier.extract.numerals import parse_chinese

    return int(parse_chinese(s)[0])


@lru_cache(maxsize=1)
def _patterns():
    names = {r[0]: (r[1], r[2]) for r in lexicon.rows("periods.tsv")}
    months = trie_pattern(k for k, v in names.items() if v[0] == "month")
    others = trie_pattern(k for k, v in names.items() if v[0] != "month")
    named_first = "".join(sorted({c for k, v in names.items() if v[0] != "month" and not k[0].isascii() for c in k[0]}))
    named_latin = "".join(sorted({c for k, v in names.items() if v[0] != "month" and k[0].isascii() for c in (k[0].lower(), k[0].upper())}))
    # each branch opens with a look at one character and the whole with their union,
    # so the engine skips the prose between dates quickly
    P = re.compile(
        rf"(?:(?=[\d十一二三四五六七八九今昨明前首頭头止截{named_first}])|(?<![A-Za-z])(?=[A-Za-z]))(?:"
        + "|".join(
            [
                # 2025年Q4, 2025年第四季(度), 2026年2月(4日), 2026年上半年, 2026年
                rf"(?=[12一二]|[89]\d\s*年度)(?P<cy>{_YEAR}|{_CN_YEAR}|{_roc_year()})\s*年(?:度)?\s*(?:(?:Q(?P<cyq>[1-4]))|第(?P<cyq2>[一二三四1-4])季(?:度)?|(?P<cyh>[上下])半年|(?P<cym>{CN_MONTH})\s*月(?:份)?(?:\s*(?P<cyd>[0-3]?\d|[一二三]?十?[一二三四五六七八九]?)\s*[日號号])?)?",
                # 截至6月底止中期, 截至6月30日止六個月: a Hong Kong interim is the first half
                rf"(?=截)截至\s*(?:6|六)\s*月(?:底|末|30\s*日|三十日)?\s*止?\s*(?:的)?\s*(?P<interim>中期|上半年|半年|(?:6|六)\s*[個个]\s*月)",
                # 10-12月: a range of months
                rf"(?=[\d十一二三四五六七八九])(?P<mr1>{CN_MONTH})\s*(?:月(?:份)?\s*)?[-–—―－~～至到]\s*(?P<mr2>{CN_MONTH})\s*月(?:份)?",
                # 2月4日, 12月
                rf"(?=[\d十一二三四五六七八九])(?<![\d.連连])(?P<cm>{CN_MONTH})\s*月(?:份)?(?:\s*(?P<cd>[0-3]?\d|[一二三]?十?[一二三四五六七八九]?)\s*[日號号])?(?![\u4e00-\u9fff]?[元億亿萬万])",
                # 前10月, 前十月, 前10个月: the months of the year so far (前一個月 is "a month ago", so two or more)
                rf"(?=前)前\s*(?P<ytdm>1[0-2]|[2-9]|十[一二]?|[二兩两三四五六七八九])\s*(?:[個个]\s*)?月(?:份)?",
                # 首9個月, 頭五個月, 截至5月底止兩個月: the first months of a (fiscal) year, not the calendar's
                rf"(?=[首頭头止])[首頭头止]\s*(?P<fym>1[0-2]|[1-9]|十[一二]?|[一二兩两三四五六七八九])\s*[個个]\s*月",
                # 今(10)日, 昨（9）日: Taiwanese wire style for "today, the 10th"
                r"(?=[今昨明前])(?P<rel>[今昨明前])[(（](?P<relday>[0-3]?\d)[)）][日天]",
                # ISO and slash dates
                rf"(?=[12])(?P<iso>{_YEAR})-(?P<isom>[01]\d)-(?P<isod>[0-3]\d)",
                # 2025/06, a table header's period end (2025/06 - 中期, 2024/10 | 11.12 |): year and month
                rf"(?=[12])(?<![\d/.,])(?P<ym>{_YEAR})/(?P<ymm>1[0-2]|0?[1-9])(?![\d/.,])",
                r"(?=\d)(?<![\d/])(?P<sl1>[01]?\d)/(?P<sl2>[0-3]?\d)/(?P<sly>(?:19|20)?\d\d)(?![\d/])",
                # FY2026, FY26, fiscal 2026, fiscal year 2026
                # (FY2022-23, Q4 2022-23: a fiscal year over two calendar years, named by both)
                rf"(?=[Ff])(?i:\b(?:FY|fiscal(?:\s+year)?)\s*'?(?P<fy>{_YEAR}|\d\d)(?:[-/](?P<fy2>\d\d))?\b)",
                # Q4 2025, Q4'25, 4Q25, Q4 FY26, 1H26, H1 2026
                rf"(?=[Qq1-4])(?i:\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:FY)?\s*'?(?P<qy>{_YEAR}|\d\d)(?:[-/]\d\d(?![\d%]|[.,]\d))?\b)?)",
                rf"(?=[Hh12])(?i:\b(?:H(?P<h>[12])|(?P<h2>[12])H)(?:\s*'?(?P<hy>{_YEAR}|\d\d)\b)?)",
                # Feb. 4, 2026 / February 2026 / Feb 4
                rf"(?<![A-Za-z])(?=[ADFJMNOSadfjmnos])(?i:(?P<mon>{months})(?![a-z])\.?(?:\s*[-–]\s*(?P<mon2>{months})(?![a-z])\.?)?(?:\s+(?P<mday>[0-3]?\d)(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<my>{_YEAR}))?)",
                # the 4th of May style days
                rf"(?=\d)(?i:\b(?P<dday>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmon>{months})\b\.?(?:,?\s+(?P<dy>{_YEAR}))?)",
                # fourth quarter (of 2025), 第四季, 上半年, a year earlier
                rf"(?:(?=[{named_first}])|(?<![A-Za-z])(?=[{named_latin}]))(?i:(?P<named>{others})(?:\s*(?:of|in)?\s*(?P<ny>{_YEAR}))?)",
                # year ranges 2024-2028, 2024–28
                rf"(?=[12])(?<![\d.,])(?P<yr1>{_YEAR})\s*[-–~至到/]\s*(?P<yr2>{_YEAR}|\d\d)(?![\d%]|[.,]\d)",
                # a bare year: 2027, 2025's, in 2027 (never followed by a scale, unit or percent)
                rf"(?=[12])(?<![\d.,$€£¥])(?P<year>{_YEAR})(?:'s)?(?![\d%]|[.,]\d|\s*(?:[萬万億亿兆千百%元倍]|美元|{lexicon.alternation('zh', 'counter')}|(?i:million|billion|trillion|percent|bn|tn)\b))",
            ]
        )
        + ")"
    )
    return P, names


_CN_NUM = "零〇一二两兩三四五六七八九十"
# Spans that hold numbers but no quantity. Each pattern opens by consuming one
# character from a literal or a class, never with a look-around: Python's re then
# skips ahead to the candidates at C speed instead of trying every position
# (three to four times faster on Chinese text); a look-behind right after the first
# character stands in for a word boundary before it.
_BLOCKS = tuple(
    re.compile(p)
    for p in (
        rf"第\s*[\d{_CN_NUM}百千]+",  # 第一, 第4 (ordinals)
        # clock times: 下午三點, 3點半, 三點五十分 (a decimal is never followed by 分 or 半)
        rf"(?:上午|下午|晚上|早上|凌晨|中午|傍晚|清晨|時間|时间)[{_CN_NUM}\d]{{1,3}}[点點](?:[{_CN_NUM}\d]{{1,3}}分|半|[钟鐘]|整)?",
        rf"[{_CN_NUM}\d][{_CN_NUM}\d]{{0,2}}[点點](?:[{_CN_NUM}\d]{{1,3}}分|半|[钟鐘]|整)",
        r"\d(?<!\d\d)(?:"  # each of these begins a run of digits
        + "|".join(
            [
                r"(?<!\w\d)\d*(?i:st|nd|rd|th)\b",  # 1st, 22nd
                r"(?<![\d.]\d)\d?:\d\d(?::\d\d)?(?:\s*(?i:am|pm|a\.m\.|p\.m\.))?",  # 10:30
                r"(?<!\w\d)\d?\s*(?i:a\.m\.|p\.m\.|am\b|pm\b)",  # 9 a.m.
                r"(?<![\d.]\d)\d?\.[0-5]\d\s*(?i:a\.m\.|p\.m\.|am\b|pm\b)",  # 10.45pm
                r"(?<![\d.]\d)\d{4,}(?:-\d+)+",  # phone numbers and ids
                r"(?<![\d.]\d)\d{2,}(?:-\d{3,}){2,}",  # 212-555-0100, 1111-2222-4444
                r"(?<!\w\d)\d*(?:\.\d+){2,}\b",  # version numbers and IP addresses
                r"\d{0,2}\s?\(\d+\)\s?\d+",  # phone numbers: 1 (212) 5550100
            ]
        )
        + ")",
        r"\+\d{1,3}(?:\s?\(\d+\)\s?\d+|(?:[-\s]\d{2,5}){2,})",  # +1-222-2222, +44 (20) 7946
        r"#\s*\d+",  # #1
        # H100, GPT-4, COVID-19; No. 1
        r"[A-Za-z](?<![A-Za-z][A-Za-z])(?:[A-Za-z]*[-‐]?\d+[A-Za-z0-9]*|(?<=[Nn])(?i:o\.|umber)\s*\d+)",
        r"(?m:^[ \t]*(?:\d+(?:\.\d+)*[.)、]|\(\d+\)|\d+(?:\.\d+)+)(?=[ \t]))",  # list/section numbers
        r"(?m:^[ \t]*[(（]?\d{1,2}[)）]?[、．])",  # 1、 (2)、: Chinese list numbers need no space
        r"(?m:^[ \t]*(?:\d{1,2}\.|[(（]\d{1,2}[)）])(?=[\u4e00-\u9fff]))",  # 2.零售業： (1)營業額：, glued to the heading
    )
)


@lru_cache(maxsize=1)
def _id_ok() -> re.Pattern:
    """Letters glued to digits that are not a name: FY26, Q4, H1, and a currency code (USD115)."""
    from verifier.extract.scanner import glued_codes

    isos = sorted({v[0] for k, v in lexicon.currencies().items() if len(v[0]) == 3 and v[0].isalpha()})
    codes = sorted(set(isos) | {k for k in (re.sub(r"[^A-Z]", "", c) for c in glued_codes()) if len(k) >= 2}, key=len, reverse=True)
    return re.compile(rf"^(?:(?i:FY|Q|H|minus-|negative-)|{'|'.join(codes)})\d")


def _quarter_span() -> str:
    by: dict[str, list[str]] = {}
    for word, position in lexicon.rows("quarter_spans.tsv"):
        by.setdefault(position, []).append(re.escape(word).replace(r"\ ", r"[ \t]+"))
    before, after, count = ("|".join(sorted(by[k], key=len, reverse=True)) for k in ("before", "after", "count"))
    n = rf"(?:{count}|\d{{1,2}})"
    return (rf"(?i:\b(?:{before})[ \t]+(?:{n}[ \t-]+)?quarters?\b"
            rf"|\b{n}[ \t-]+quarters?[ \t]+(?:{after})\b)")


@lru_cache(maxsize=1)
def _name_blocks() -> tuple[re.Pattern, ...]:
    """Numbers that belong to a name (number_names.tsv), a stock code or a citation marker."""
    by_role: dict[str, list[str]] = {}
    for surface, role in lexicon.rows("number_names.tsv"):
        by_role.setdefault(role, []).append(re.escape(surface))

    def alt(role):
        return "|".join(sorted(by_role.get(role, []), key=len, reverse=True))

    code = r"\d{3,6}"
    return tuple(
        re.compile(p)
        for p in (
            # iPhone 16, Windows 95, S&P 500, Russell 2000 (a name, then its number)
            rf"(?<![\w&])(?:{alt('before')}|{alt('index')})[ \t]?\d+[A-Za-z]*\b(?![.,]\d|%|[ \t]+(?i:hundred|thousand|million|billion|trillion|bn|mn|percent)\b)",
            # 台灣50指數, 滬深300成分股: the number of a Chinese index's name
            rf"(?:{alt('zh_index')})\d{{2,4}}(?=指[數数]|ETF|成[分份])",
            # 737 Max, 15 Pro: a model number before a model word
            rf"(?<![\w.,$€£¥])\d+[ \t-](?:{alt('after')})\b",
            # 3奈米, 5nm process: a chip process's name (a Chinese unit always, an English one before a node word)
            rf"(?<![\dA-Za-z.,])\d{{1,2}}(?:\.\d)?[ \t-]?(?:{alt('node')})"
            rf"(?:(?<=[\u4e00-\u9fff])|(?=[ \t-](?:{alt('node_word')})\b))",
            # TSE:7203, HKEX: 700; 2330-TW, 0700.HK, 600519.SS
            rf"(?<![\w])(?:{alt('exchange')})[ \t]?:[ \t]?\d{{1,6}}\b(?![.,]\d)",  # not "Nasdaq: 5,106.59", a level
            r"[(（][A-Z]{2,6}[ \t]?:[ \t]?\d{1,6}(?=[)）;,])",  # (NGB:4411): any ticker in brackets
            rf"(?:{alt('code_label')})[ \t]*[:：]?[ \t]*\d{{1,6}}\b(?![.,]\d)",  # 股票編號: 00700
            rf"(?<![\w.,])\d{{1,6}}[-.](?:{alt('market')})\b(?![-.]\w)",
            # 台積電(2330), 騰訊（00700）, Tencent (0700): a code in brackets after a name
            rf"[(（](?:(?<=[\u4e00-\u9fffA-Za-z][(（])|(?<=[\u4e00-\u9fffA-Za-z][ \t][(（])){code}(?:[-.][A-Z]{{1,3}})?[)）]",
            # 寧德時代300750: an A-share code glued to a Chinese name, six digits
            r"(?<=[\u4e00-\u9fff])[036]\d{5}(?![\d.,%％]|[ \t]*[\u4e00-\u9fff]?[元萬万億亿千百張张台]|[ \t]*股(?![价價份]))",
            # the first three quarters, three quarters in a row: fiscal quarters, not 3/4
            _quarter_span(),
            # citation markers: [1], [3][4], [12, 13]
            r"(?:\[\d{1,3}(?:[,，–-][ \t]?\d{1,3})*\])+",
            # Monday (16), 週一(16日): the day of the month after a weekday
            rf"(?:{alt('day')})(?P<n>[ \t]?[(（](?:[1-9]|[12]\d|3[01])[日号號]?[)）])",
            # ended 89-89, 比分3:1: a score after its cue word, never a range or a ratio
            rf"(?i:(?<!\w)(?:{alt('score')})(?![a-z]))[^.;\d]{{0,30}}?"
            r"(?P<n>(?<![\d.,])\d{1,3}[ \t]?[-–:][ \t]?\d{1,3}(?![\d%.,]|[ \t]*(?:%|percent|[萬万億亿])))",
            # 5日, 16号: a day of the month without its month (not 5日內, a span of days)
            r"(?<![\d.])(?:[1-9]|[12]\d|3[01])[日号號](?![内內間间均以來来元圓圆本幣币])",
        )
    )


def find_periods(t: str) -> tuple[list[Period], list[tuple[int, int]]]:
    """Periods in ``t`` (full-width folded) and the spans closed to the quantity scanner."""
    P, names = _patterns()
    periods: list[Period] = []
    blocks: list[tuple[int, int]] = []
    for m in P.finditer(t):
        p = _period(m, names)
        if p is not None:
            periods.append(p)
            blocks.append((m.start(), m.end()))
    for pattern in _BLOCKS:
        for m in pattern.finditer(t):
            if not _id_ok().match(m.group(0)):
                blocks.append((m.start(), m.end()))
    names = [m.span("n" if "n" in m.re.groupindex else 0) for p in _name_blocks() for m in p.finditer(t)]
    blocks.extend(names)
    # a year inside a name is no period: the Russell 2000
    periods = [p for p in periods if p.kind != "year" or not any(a <= p.start < b for a, b in names)]
    return periods, blocks


def _y(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    return y + 2000 if y < 100 else y


# a preposition right before a capitalised May or Mar makes it the month (data/wording_en.tsv)
_MONTH_PREP = re.compile(rf"\b(?i:{lexicon.alternation('en', 'month_preposition')})\s+$")


def _period(m: re.Match, names) -> Period | None:
    g = m.groupdict()
    text = m.group(0)
    s, e = m.start(), m.end()

    def P(kind, label, year=None):
        return Period(start=s, end=e, text=text, kind=kind, label=label, year=year)

    if g["cy"]:
        y = int("".join(_CN_DIGIT.get(ch, ch) for ch in g["cy"]))
        y = y + ROC_OFFSET if y < 1000 else y  # 112年 is 2023
        q = g["cyq"] or g["cyq2"]
        if q:
            return P("quarter", f"{y}-Q{CN_Q[q]}", y)
        if g["cyh"]:
            return P("half", f"{y}-H{1 if g['cyh'] == '上' else 2}", y)
        if g["cym"]:
            mo = _month_num(g["cym"])
            if g["cyd"]:
                return P("date", f"{y}-{mo:02d}-{_month_num(g['cyd']):02d}", y)
            return P("month", f"{y}-{mo:02d}", y)
        return P("year", str(y), y)
    if g["interim"]:
        return P("half", "H1")
    if g["mr1"]:
        a, b = _month_num(g["mr1"]), _month_num(g["mr2"])
        if a == 1 and b > 1:
            return P("relative", f"ytd-M{b:02d}")  # 1-8月, 1—10月份: the year so far, as 前8月
        return P("month", f"M{a:02d}..M{b:02d}")
    if g["cm"]:
        mo = _month_num(g["cm"])
        if g["cd"]:
            return P("date", f"M{mo:02d}-{_month_num(g['cd']):02d}")
        return P("month", f"M{mo:02d}")
    if g["fym"]:
        # 首三個月 is 首季, the first six months the half, the first nine the three quarters so far
        return P(*_first_months(_month_num(g["fym"])))
    if g["ytdm"]:
        return P("relative", f"ytd-M{_month_num(g['ytdm']):02d}")
    if g["rel"]:
        return P("date", f"D{int(g['relday']):02d}")
    if g["iso"]:
        return P("date", f"{g['iso']}-{g['isom']}-{g['isod']}", int(g["iso"]))
    if g["ym"]:
        return P("month", f"{g['ym']}-{int(g['ymm']):02d}", int(g["ym"]))
    if g["sl1"]:
        # month first as in US usage, unless the first number cannot be a month (17/5/2018)
        a, b, y = int(g["sl1"]), int(g["sl2"]), _y(g["sly"])
        mo, d = (b, a) if a > 12 >= b else (a, b)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        return P("date", f"{y}-{mo:02d}-{d:02d}", y)
    if g["fy"]:
        y = _y(g["fy"])
        if g["fy2"] and y is not None and int(g["fy2"]) == (y + 1) % 100:
            y += 1  # FY2022-23 is the fiscal year ending in 2023: FY23
        return P("fiscal_year", f"FY{y}", y)
    if g["q"] or g["q2"]:
        q = g["q"] or g["q2"]
        y = _y(g["qy"])
        return P("quarter", f"{y}-Q{q}" if y else f"Q{q}", y)
    if g["h"] or g["h2"]:
        h = g["h"] or g["h2"]
        y = _y(g["hy"])
        return P("half", f"{y}-H{h}" if y else f"H{h}", y)
    if g["mon"]:
        mon = g["mon"].lower()
        if mon in ("may", "mar") and not (g["mday"] or g["my"]) and not (
                g["mon"][0].isupper() and _MONTH_PREP.search(m.string, max(0, s - 12), s)):
            return None  # "may" the verb, "mar" the verb; "in May", "since May" the month
        if text.endswith(".") and mon not in _ABBREVIATED:
            text, e = text[:-1], e - 1  # "since July." ends a sentence; "Sept." is abbreviated
        mo = int(names[mon][1])
        y = _y(g["my"])
        if g["mon2"]:  # the April-June period
            mo2 = int(names[g["mon2"].lower()][1])
            return P("month", f"M{mo:02d}..M{mo2:02d}" if not y else f"{y}-{mo:02d}..{y}-{mo2:02d}", y)
        if g["mday"]:
            return P("date", f"{y}-{mo:02d}-{int(g['mday']):02d}" if y else f"M{mo:02d}-{int(g['mday']):02d}", y)
        return P("month", f"{y}-{mo:02d}" if y else f"M{mo:02d}", y)
    if g["dday"]:
        mo = int(names[g["dmon"].lower()][1])
        y = _y(g["dy"])
        return P("date", f"{y}-{mo:02d}-{int(g['dday']):02d}" if y else f"M{mo:02d}-{int(g['dday']):02d}", y)
    if g["named"]:
        kind, label = names[g["named"].lower()]
        y = _y(g["ny"])
        if kind == "quarter":
            return P("quarter", f"{y}-Q{label}" if y else f"Q{label}", y)
        if kind == "half":
            return P("half", f"{y}-H{label}" if y else f"H{label}", y)
        return P("relative", label, y)
    if g["yr1"]:
        y1 = int(g["yr1"])
        y2 = _y(g["yr2"]) if len(g["yr2"]) == 2 else int(g["yr2"])
        if y2 is None or y2 <= y1:
            return None
        return P("year", f"{y1}..{y2}", y1)
    if g["year"]:
        y = int(g["year"])
        return P("year", str(y), y)
    return None

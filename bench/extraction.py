"""Score the extractor on other projects' test suites, and time it.

Run ``.venv/bin/python bench/extraction.py`` (or ``make bench``). The suites
live in ``../shared/benchmarks`` beside the repository (``--benchmarks DIR``
elsewhere); each folder's README there gives the record format.

What counts as found: an expected result is found when some extracted
quantity has a span overlapping the expected span and the same value
(relative tolerance 1e-6), and the same ISO currency where the suite gives
one. A year the suites expect as a number counts when a period carrying that
year overlaps it (2026, 5/17/2018). Values compare in the printed unit's
terms: Recognizers-Text writes ``$ 75 million`` as 75000000 and we store base
units, which agree; a figure in cents or pence is compared in cents. A
percentage compares the percent number and must be extracted as a percent, or
as percentage points where the text says so (``2.4个百分点``: Recognizers-Text
has no type for those). A range counts for either end and for its midpoint
(quantulum3 expects midpoints). cn2an inputs are whole numerals: one quantity
must span the input (a trailing 整/正 aside) with the value; its ``direct``
mode (digit strings with leading zeros) is skipped, and its error cases are
reported apart, as how many we do not read as one numeral.

Texts are read as ``verify`` reads a plain-text article (URLs masked).
Scores are printed over all records and over the records a suite does not
flag ``NotSupported`` for python, so they compare with what the upstream
Python port is tested on. ``extra`` counts extracted quantities overlapping
no expected result: a rough false-positive count (suites do not list every
number they contain, so it is an upper bound).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCHMARKS = REPO.parent / "shared" / "benchmarks"
sys.path.insert(0, str(REPO))

from verifier.extract import extract  # noqa: E402
from verifier.read import detect_language, url_masks  # noqa: E402

REL_TOL = 1e-6
SUBUNITS = {"cent": 100, "pence": 100, "penny": 100, "sen": 100, "fen": 100}

RT_SUITES = [
    ("rt en currency", "NumberWithUnit/English/CurrencyModel.json"),
    ("rt zh currency", "NumberWithUnit/Chinese/CurrencyModel.json"),
    ("rt en percent", "Number/English/PercentModel.json"),
    ("rt zh percent", "Number/Chinese/PercentModel.json"),
    ("rt en number", "Number/English/NumberModel.json"),
    ("rt zh number", "Number/Chinese/NumberModel.json"),
    ("rt en dimension", "NumberWithUnit/English/DimensionModel.json"),
    ("rt zh dimension", "NumberWithUnit/Chinese/DimensionModel.json"),
]


@dataclass
class Expect:
    start: int
    end: int  # exclusive
    value: float
    text: str
    percent: bool = False
    iso: str | None = None
    per: float = 1.0  # printed-unit factor: 100 for a figure in cents


@dataclass
class Case:
    text: str
    expect: list[Expect]
    supported: bool = True  # not flagged NotSupported for python
    whole: bool = False  # cn2an: the input must be read as one numeral


@dataclass
class Score:
    found: int = 0
    total: int = 0
    found_py: int = 0
    total_py: int = 0
    extra: int = 0
    skipped: int = 0
    dated: int = 0  # found as a year, month or day inside a period
    misses: list = field(default_factory=list)

    def pct(self, py: bool = False) -> str:
        f, t = (self.found_py, self.total_py) if py else (self.found, self.total)
        return f"{100 * f / t:5.1f}%" if t else "   n/a"


# ------------------------------------------------------------------ loaders


def _number(s: str) -> float | None:
    try:
        return float(s.rstrip("%"))
    except (AttributeError, TypeError, ValueError):
        return None


def load_recognizers(path: Path) -> tuple[list[Case], int]:
    """Records of one Recognizers-Text spec file; results without a value are counted, not scored."""
    cases, skipped = [], 0
    for rec in json.loads(path.read_text(encoding="utf-8")):
        supported = "python" not in (rec.get("NotSupported") or "").lower()
        exp = []
        for r in rec["Results"]:
            res = r.get("Resolution") or {}
            value = _number(res.get("value"))
            if value is None:
                skipped += 1  # a currency name alone ("dollar", "人民币"), or a range
                continue
            unit = (res.get("unit") or "").lower()
            exp.append(
                Expect(
                    start=r["Start"],
                    end=r["End"] + 1,  # Recognizers-Text End is inclusive
                    value=value,
                    text=r["Text"],
                    percent=r["TypeName"] == "percentage",
                    iso=res.get("isoCurrency"),
                    per=SUBUNITS.get(unit, 1.0),
                )
            )
        cases.append(Case(rec["Input"], exp, supported))
    return cases, skipped


def load_quantulum(path: Path) -> tuple[list[Case], int]:
    cases, skipped = [], 0
    for rec in json.loads(path.read_text(encoding="utf-8")):
        text, exp, cursor = rec["req"], [], 0
        for r in rec["res"]:
            i = text.find(r["surface"], cursor)
            if i < 0:
                i = text.find(r["surface"])
            if i < 0:
                skipped += 1
                continue
            cursor = i + len(r["surface"])
            unit = r.get("unit", "")
            exp.append(
                Expect(
                    i, i + len(r["surface"]), float(r["value"]), r["surface"],
                    percent=unit == "percentage", per=SUBUNITS.get(unit.split()[0] if unit else "", 1.0),
                )
            )
        cases.append(Case(text, exp))
    return cases, skipped


def load_cn2an(path: Path) -> tuple[list[Case], list[Case], int]:
    """Value cases (strict, normal, smart) and error cases; ``direct`` mode is skipped."""
    values, errors, skipped = [], [], 0
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec["task"] != "cn2an":
            continue
        if rec["mode"] == "direct":
            skipped += 1
            continue
        s = rec["input"]
        if "expected_error" in rec:
            errors.append(Case(s, [Expect(0, len(s), math.nan, s)], whole=True))
        else:
            values.append(Case(s, [Expect(0, len(s), float(rec["expected"]), s)], whole=True))
    return values, errors, skipped


# ------------------------------------------------------------------ scoring


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def _values(q) -> list[float]:
    out = [q.value]
    if q.low is not None:
        out += [q.low, q.high]
    return out


def _matches(q, e: Expect) -> bool:
    if not (q.start < e.end and q.end > e.start):
        return False
    if e.percent and q.unit not in ("percent", "percentage_point"):
        return False
    if e.iso and q.unit.split("/")[0] != e.iso:
        return False
    factor = e.per if e.per != 1.0 and q.unit.split("/")[0].isupper() else 1.0
    return any(_close(v * factor, e.value) for v in _values(q))


def _date_matches(p, e: Expect) -> bool:
    """A year, month or day the suite expects as a number, found inside a date or period.

    The design keeps dates out of the quantities (2026, 5/17/2018, １９９１年１月１６日
    are periods), so a number the suite expects there counts when the period
    covering it carries that value as its year, month or day.
    """
    if not (p.start < e.end and p.end > e.start):
        return False
    parts = [p.year] if p.year is not None else []
    if p.kind in ("date", "month"):
        parts += [int(x) for x in p.label.split("-")[1:3] if x.isdigit()]
    return any(_close(v, e.value) for v in parts)


def _whole(q, e: Expect, text: str) -> bool:
    """cn2an: one quantity spans the numeral (a trailing 整/正 may stay outside) with the value."""
    core = text.strip().rstrip("整正")
    first = len(text) - len(text.lstrip())
    return q.start <= first and q.end >= first + len(core) and any(_close(v, e.value) for v in _values(q))


def score(cases: list[Case], name: str) -> Score:
    sc = Score()
    for case in cases:
        x = extract(case.text, detect_language(case.text), url_masks(case.text))
        for e in case.expect:
            if case.whole:
                ok = any(_whole(q, e, case.text) for q in x.quantities)
            else:
                ok = any(_matches(q, e) for q in x.quantities)
                if not ok and any(_date_matches(p, e) for p in x.periods):
                    ok = True
                    sc.dated += 1
            sc.total += 1
            sc.found += ok
            if case.supported:
                sc.total_py += 1
                sc.found_py += ok
            if not ok:
                got = [(q.text, q.value, q.unit) for q in x.quantities if q.start < e.end and q.end > e.start]
                sc.misses.append((case.text, e.text, e.value, got))
        for q in x.quantities:
            if not any(q.start < e.end and q.end > e.start for e in case.expect):
                sc.extra += 1
    return sc


def score_errors(cases: list[Case]) -> tuple[int, int]:
    """cn2an inputs that must not parse: how many we do not read as one whole numeral."""
    rejected = 0
    for case in cases:
        x = extract(case.text, "zh-Hans")
        core = case.text.strip()
        whole = any(q.start == 0 and q.end >= len(core) for q in x.quantities) if core else False
        rejected += not whole
    return rejected, len(cases)


# ------------------------------------------------------------------ speed


def _english_text(bench: Path, target: int) -> str:
    parts = []
    for _, rel in RT_SUITES:
        if "English" in rel:
            parts += [r["Input"] for r in json.loads((bench / "recognizers-text" / "Specs" / rel).read_text("utf-8"))]
    parts += [r["req"] for r in json.loads((bench / "quantulum3" / "quantities.json").read_text("utf-8"))]
    block = "\n".join(p.strip() for p in parts) + "\n"
    return _repeat(block, target)


def _repeat(block: str, target: int) -> str:
    return block * max(1, round(target / len(block)))


def _rate(fn, text: str, runs: int = 3) -> float:
    """Characters per second of ``fn(text)``, warm, the best of ``runs`` (other work on the
    machine only ever slows a run down)."""
    fn(text[:2000])  # warm: lexicons and patterns compiled
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return len(text) / best


def _article(text: str):
    from verifier.read import article_from_text

    return article_from_text(text, "bench.txt")


def _chunks(text: str, size: int = 3000) -> list[str]:
    """Article-sized pieces, cut at line ends."""
    out, cur, n = [], [], 0
    for line in text.splitlines(keepends=True):
        cur.append(line)
        n += len(line)
        if n >= size:
            out.append("".join(cur))
            cur, n = [], 0
    if cur:
        out.append("".join(cur))
    return out


def _per_article_rate(articles: list[str]) -> float:
    from verifier.pipeline import analyse_text

    # each article its own string object, as when reading files: nothing cached per text carries over
    arts = [_article(a[:-1] + a[-1:]) for a in articles]
    analyse_text(arts[0])
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        for a in arts:
            analyse_text(a)
        best = min(best, time.perf_counter() - t0)
    return sum(len(a) for a in articles) / best


def speed(bench: Path, size: int, runs: int, blob: bool) -> list[tuple[str, str]]:
    """Warm throughput of extract() and of the whole pipeline, and the cold time of ``verify``."""
    from verifier.pipeline import analyse_text

    amazon = (REPO / "verifier" / "examples" / "amazon-capex-zh-hant.txt").read_text(encoding="utf-8")
    zh = _repeat(amazon + "\n", size)
    en = _english_text(bench, size)
    rows = []
    for label, text, arts in (
        ("Amazon zh-Hant", zh, [amazon] * max(1, round(size / len(amazon)))),
        ("English suites", en, _chunks(en)),
    ):
        lang = detect_language(text[:20000])
        r1 = _rate(lambda s: extract(s, lang), text)
        rows.append((f"warm extract(), {label}, one text of {len(text) / 1e6:.2f} MB", f"{r1 / 1e6:.2f} M chars/s"))
        r2 = _per_article_rate(arts)
        rows.append((f"warm analyse_text(), {label}, {len(arts)} articles", f"{r2 / 1e6:.2f} M chars/s"))
        if blob:
            r3 = _rate(lambda s: analyse_text(_article(s)), text, runs=1)
            rows.append((f"warm analyse_text(), {label}, one article of {len(text) / 1e6:.2f} MB", f"{r3 / 1e6:.3f} M chars/s"))
    verify = REPO / ".venv" / "bin" / "verify"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [str(verify), str(REPO / "verifier" / "examples" / "amazon-capex-zh-hant.txt"), "--fail-on", "never"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )
        times.append(time.perf_counter() - t0)
    rows.append((f"cold verify on the Amazon article (median of {runs})", f"{statistics.median(times):.3f} s"))
    return rows


# ------------------------------------------------------------------ main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARKS, help="folder of the shared benchmarks")
    ap.add_argument("--suite", action="append", help="only suites whose name contains this (repeatable)")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="print up to N misses per suite")
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput and cold-start timings")
    ap.add_argument("--size", type=int, default=1_000_000, help="characters of text for the throughput runs")
    ap.add_argument("--blob", action="store_true", help="also time analyse_text() on the whole text as one article")
    args = ap.parse_args(argv)
    bench: Path = args.benchmarks
    if not (bench / "recognizers-text").is_dir():
        print(f"bench: benchmarks folder not found at {bench}; pass --benchmarks DIR", file=sys.stderr)
        return 2

    suites: list[tuple[str, list[Case], int]] = []
    for name, rel in RT_SUITES:
        cases, skipped = load_recognizers(bench / "recognizers-text" / "Specs" / rel)
        suites.append((name, cases, skipped))
    q_cases, q_skipped = load_quantulum(bench / "quantulum3" / "quantities.json")
    suites.append(("quantulum3 quantities", q_cases, q_skipped))
    cn_values, cn_errors, cn_skipped = load_cn2an(bench / "cn2an" / "cn2an_test_cases.json")
    suites.append(("cn2an values", cn_values, cn_skipped))
    if args.suite:
        suites = [s for s in suites if any(k in s[0] for k in args.suite)]

    print(f"{'suite':24} {'records':>7} {'expected':>8} {'found':>7} {'py-subset':>9} {'extra':>6} {'skipped':>7} {'dated':>6}")
    for name, cases, skipped in suites:
        sc = score(cases, name)
        print(
            f"{name:24} {len(cases):7d} {sc.total:8d} {sc.pct():>7} {sc.pct(py=True):>9} {sc.extra:6d} {skipped:7d} {sc.dated:6d}"
        )
        for text, etext, evalue, got in sc.misses[: args.misses]:
            print(f"    miss {etext!r} = {evalue:g} in {text[:90]!r}; overlapping: {got}")
    if not args.suite or any("cn2an" in k for k in args.suite):
        rejected, n = score_errors(cn_errors)
        print(f"{'cn2an error cases':24} {n:7d} {'':8} {'':7} {'':9}   rejected as one numeral: {rejected}/{n}")
    print("skipped: results without a numeric value (a currency name alone), cn2an direct mode")

    if not args.no_speed:
        print()
        for label, value in speed(bench, args.size, runs=5, blob=args.blob):
            print(f"{label:66} {value:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

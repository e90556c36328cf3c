"""Source tables at scale: load, index and match a million-row table.

Run ``.venv/bin/python bench/sources.py`` (``--rows N`` for another size).
It writes a generated table once (to ``--data``, by default a folder under
the system's temp directory, reused across runs), then measures, each in a
fresh process so the figures do not leak into one another:

* ``cold``: read, validate and index the table with an empty cache (this
  includes writing the cache), then match every claim of the Amazon article;
* ``warm``: the same with the cache from the cold run, which is what a
  newsroom's second and later runs see.

Matching means what ``verify`` does: the pipeline runs on
``verifier/examples/amazon-capex-zh-hant.txt`` with the index, and the SR
rules look up every claim. Time is wall-clock (``time.perf_counter``); peak
memory is the process's maximum resident set (``resource.getrusage``),
which includes the interpreter and the extraction pipeline. Targets: 5 s
and 1 GB for the cold run.

The generated table mixes the shipped Amazon rows (so the article's claims
find their figures among a million others) with 20,000 made-up companies ×
5 metrics × 10 periods, and made-up history (2000–2019 quarters) for the
companies in the entity lexicon, so the article's own topics have hundreds
of rows each. Periods, units and metrics are written in the various forms a
data desk uses (``Q4 2015``, ``2015年Q4``, ``USD m``, ``億美元``, ``營收``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ARTICLE = REPO / "verifier" / "examples" / "amazon-capex-zh-hant.txt"
SHIPPED = REPO / "sources" / "amazon-q4-2025.csv"
GENERATOR = 2  # bump when the generated table changes
COLUMNS = ["id", "entity", "metric", "period", "value", "unit", "basis", "change", "source", "published", "quote", "note"]
METRICS = ["net sales", "operating income", "淨利", "資本支出", "market cap"]  # five distinct metrics, in several spellings
UNITS = [("USD m", 1e3), ("USD bn", 1.0), ("億美元", 10.0)]


def _periods(year: int, q: int) -> str:
    return random.choice([f"{year}-Q{q}", f"Q{q} {year}", f"{year}年Q{q}", f"{q}Q{year % 100:02d}"])


def generate(path: Path, rows: int) -> None:
    """Write ``rows`` rows: the shipped table, lexicon entities' history, then made-up companies."""
    from verifier.aliases import entities

    random.seed(20260205)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    n = 0
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        with open(SHIPPED, encoding="utf-8") as src:
            for r in csv.DictReader(src):
                w.writerow([r.get(c, "") for c in COLUMNS])
                n += 1
        for name in entities():  # history before any shipped period, so no row conflicts with a shipped one
            for metric in ("revenue", "operating_income", "capex"):
                for year in range(2000, 2020):
                    for q in range(1, 5):
                        v = round(random.uniform(1, 100), 2)
                        w.writerow([f"H{n}", name, metric, _periods(year, q), v, "USD bn", "", "", f"https://example.com/{name}/{year}", f"{year + 1}-02-01", f"{metric} was ${v} billion", "generated"])
                        n += 1
        company, k = 0, 0
        while n < rows:
            name = f"Company {company:05d}"
            for metric in METRICS:
                for year in range(2016, 2026):
                    if n >= rows:
                        break
                    unit, scale = UNITS[k % 3]
                    v = round(random.uniform(0.5, 500) * scale, 1)
                    basis = "estimate" if k % 7 == 0 else ""
                    w.writerow([f"G{n}", name, metric, str(year), v, unit, basis, "", f"https://example.com/c{company}/{year}",
                                f"{year + 1}-0{1 + k % 9}-1{k % 10}", f"{name} reported {metric} of {v} {unit} in {year}", ""])
                    n += 1
                    k += 1
            company += 1
    os.replace(tmp, path)


def measure(table: Path, cache: Path) -> dict:
    """Load, index and match in this process; called in a child process per phase."""
    os.environ["VERIFY_CACHE_DIR"] = str(cache)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    from verifier.sources import load_sources

    index = load_sources([str(table)], table.parent)
    t1 = time.perf_counter()
    from verifier.pipeline import run

    result = run(ARTICLE, sources=index)
    t2 = time.perf_counter()
    from verifier.sources.match import topic

    matched = sum(1 for c in result.claims if topic(index, c) is not None)
    sr = [f for f in result.findings if f.rule.startswith("SR")]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss  # KiB on Linux
    return {
        "cpu_s": round(usage.ru_utime + usage.ru_stime - cpu0, 3),
        "rows": len(index), "load_s": round(t1 - t0, 3), "match_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3),
        "peak_mb": round(peak / 1024, 1), "claims": len(result.claims), "claims_with_rows": matched,
        "sr_findings": len(sr), "contradicted": sum(f.verdict == "contradicted" for f in sr),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "verify-bench-sources")
    ap.add_argument("--phase", choices=["cold", "warm"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    table = args.data / f"generated-{args.rows}-v{GENERATOR}.csv"
    cache = args.data / "cache"
    if args.phase:
        print(json.dumps(measure(table, cache)))
        return 0
    if not table.exists():
        t = time.perf_counter()
        generate(table, args.rows)
        print(f"generated {table} ({table.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    shutil.rmtree(cache, ignore_errors=True)
    print(f"{'phase':6} {'rows':>9} {'load s':>7} {'match s':>8} {'total s':>8} {'cpu s':>6} {'peak MB':>8}  claims (with rows)  SR findings")
    ok = True
    for phase in ("cold", "warm"):
        out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--data", str(args.data), "--phase", phase],
                             capture_output=True, text=True, check=True)
        m = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{phase:6} {m['rows']:>9,} {m['load_s']:>7.2f} {m['match_s']:>8.2f} {m['total_s']:>8.2f} {m['cpu_s']:>6.2f} {m['peak_mb']:>8.0f}"
              f"  {m['claims']} ({m['claims_with_rows']}){'':>10} {m['sr_findings']} ({m['contradicted']} contradicted)")
        ok &= m["total_s"] <= 5 and m["peak_mb"] <= 1024
    print("target ≤ 5 s and ≤ 1 GB:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

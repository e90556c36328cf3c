"""Scaling with article size: time and peak memory per stage at 1x, 10x, 100x.

The Amazon example repeated N times goes through read → extract → claims →
check → ledger (fingerprints) → report (terminal, JSON, SARIF, GitHub, HTML),
each size in a fresh process so peak memory (ru_maxrss) is its own. Prints CPU
seconds per stage (on a shared machine wall time measures the neighbours;
the wall total is printed too), peak MB, and the growth factor per doubling of
the input, (t_big / t_small) ** (1 / log2(size ratio)); linear is 2.0, the
issue's target is at most 2.2. 1411 copies are 10 MB.
Each size runs ``--repeat`` times and the least CPU time per stage is kept:
neighbours on a shared machine only ever add time.
Run: .venv/bin/python bench/scaling.py [--times 1,10,100,1411] [--repeat 3] [--timeout 600]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt"

CHILD = r"""
import io, json, resource, sys, time
from verifier.read import article_from_text
from verifier.document import document_of, reading
from verifier.extract import extract
from verifier.claims import build_claims
from verifier.check import Context, run_checks
from verifier.pipeline import Result
from verifier.report import github, json_report, sarif, terminal
from verifier.report.html import render_html
from verifier.report.view import ArticleReport
text = open(sys.argv[1], encoding="utf-8").read() * int(sys.argv[2])
t = {}
wall = time.perf_counter()
a = time.process_time(); art = article_from_text(text); doc = document_of(art); t["read"] = time.process_time() - a
with reading(doc):  # as verifier.pipeline runs the stages: the Document is the one being read
    a = time.process_time(); ex = extract(art.text, art.language); t["extract"] = time.process_time() - a
    a = time.process_time(); cl = build_claims(doc, ex); t["claims"] = time.process_time() - a
    a = time.process_time(); fs = run_checks(Context(article=art, claims=cl, extraction=ex)); t["check"] = time.process_time() - a
a = time.process_time(); rep = ArticleReport(Result(art, ex, cl, fs)); t["ledger"] = time.process_time() - a
a = time.process_time()
terminal.render([rep], file=io.StringIO())
json_report.dumps([rep.result]); sarif.dumps([rep]); github.render([rep]); render_html(rep)
t["report"] = time.process_time() - a
t["wall"] = time.perf_counter() - wall
t["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(t))
"""

STAGES = ("read", "extract", "claims", "check", "ledger", "report")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--times", default="1,10,100")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    size = EXAMPLE.stat().st_size
    rows = []
    print(f"{'copies':>6} {'MB':>6} " + " ".join(f"{s:>8}" for s in STAGES) + f" {'wall':>8} {'peak MB':>8}")
    for n in (int(x) for x in args.times.split(",")):
        runs = []
        for _ in range(args.repeat):
            try:
                out = subprocess.run([sys.executable, "-c", CHILD, str(EXAMPLE), str(n)], capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                break
            if out.returncode:
                print(f"{n:>6} failed: {out.stderr.strip().splitlines()[-1]}")
                return
            runs.append(json.loads(out.stdout))
        if not runs:
            print(f"{n:>6} {n * size / 1e6:6.2f}  did not finish in {args.timeout:.0f} s")
            break
        t = {k: min(r[k] for r in runs) for k in runs[0]}
        rows.append((n, t))
        print(f"{n:>6} {n * size / 1e6:6.2f} " + " ".join(f"{t[s]:8.2f}" for s in STAGES) + f" {t['wall']:8.1f} {t['peak_mb']:8.0f}")
    print("\ngrowth per doubling (linear = 2.0, target <= 2.2)")
    for (n1, a), (n2, b) in zip(rows, rows[1:]):
        k = math.log2(n2 / n1)
        parts = [f"{s} {(max(b[s], 1e-3) / max(a[s], 1e-3)) ** (1 / k):.2f}" for s in STAGES]
        print(f"{n1}x -> {n2}x: " + ", ".join(parts))


if __name__ == "__main__":
    main()

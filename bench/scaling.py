"""Scaling with article size: time and peak memory per stage at 1x, 10x, 100x.

The Amazon example repeated N times goes through read → extract → claims →
check → ledger (fingerprints) → report (terminal, JSON, SARIF, GitHub, HTML),
each size in a fresh process so peak memory (ru_maxrss) is its own; the HTML page
is written a piece at a time to a null file, as the command line streams it. Prints CPU
seconds per stage (on a shared machine wall time measures the neighbours;
the wall total is printed too), peak MB, and the growth factor per doubling of
the input, (t_big / t_small) ** (1 / log2(size ratio)); linear is 2.0, the
issue's target is at most 2.2. 1411 copies are 10 MB.
Each size runs ``--repeat`` times and the least CPU time per stage is kept:
neighbours on a shared machine only ever add time.

Besides the article, hostile shapes (``--shapes``; all by default): one piece repeated
on one line to the size of that many copies of the article (100x is 0.7 MB), e.g. a line
of digits and commas, where every few characters are a figure and a claim, or a run of
Chinese numerals, which the scanner reads a figure at a time.
Run: .venv/bin/python bench/scaling.py [--times 1,10,100,1411] [--shapes amazon,digits] [--repeat 3] [--timeout 600]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "verifier" / "examples" / "amazon-capex-zh-hant.txt"

# name: the piece repeated (None: the example article itself)
SHAPES = {
    "amazon": None,
    "digits": "1,234, 5,678, 9, ",  # a figure every six characters
    "commas": "1,234,",  # one run of digits and commas
    "cn-run": "一二三四五六七八九萬億",  # one run of Chinese numerals
    "yi": "億",  # a run of scales with no digit
    "range-yi": "1-2億 ",
    "percent": "1% ",
    "dash": "1-",
}

CHILD = r"""
import io, json, os, resource, sys, time
from verifier.read import article_from_text
from verifier.document import document_of, reading
from verifier.extract import extract
from verifier.claims import build_claims
from verifier.check import Context, run_checks
from verifier.pipeline import Result
from verifier.report import github, json_report, sarif, terminal
from verifier.report.html import html_chunks
from verifier.report.view import ArticleReport
text = open(sys.argv[1], encoding="utf-8").read() * int(sys.argv[2])
t = {"figures": 0}
wall = time.perf_counter()
a = time.process_time(); art = article_from_text(text); doc = document_of(art); t["read"] = time.process_time() - a
with reading(doc):  # as verifier.pipeline runs the stages: the Document is the one being read
    a = time.process_time(); ex = extract(art.text, art.language); t["extract"] = time.process_time() - a
    a = time.process_time(); cl = build_claims(doc, ex); t["claims"] = time.process_time() - a; t["figures"] = len(cl)
    a = time.process_time(); fs = run_checks(Context(article=art, claims=cl, extraction=ex)); t["check"] = time.process_time() - a
a = time.process_time(); rep = ArticleReport(Result(art, ex, cl, fs)); t["ledger"] = time.process_time() - a
a = time.process_time()
terminal.render([rep], file=io.StringIO())
json_report.dumps([rep.result]); sarif.dumps([rep]); github.render([rep])
with open(os.devnull, "w", encoding="utf-8") as sink:  # as the command line writes the page: a piece at a time
    for piece in html_chunks(rep):
        sink.write(piece)
t["report"] = time.process_time() - a
t["wall"] = time.perf_counter() - wall
t["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(t))
"""

STAGES = ("read", "extract", "claims", "check", "ledger", "report")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--times", default="1,10,100")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    size = EXAMPLE.stat().st_size
    tmp = Path(tempfile.mkdtemp())
    base = _run(EXAMPLE, 0, args)  # an empty article: the interpreter, the libraries and the lexicons
    if base is None:
        return
    print(f"an empty article peaks at {base['peak_mb']:.0f} MB (memory growth below is of the peak above it)")
    worst = {}
    for shape in args.shapes.split(","):
        piece = SHAPES[shape]
        path = EXAMPLE
        if piece is not None:
            path = tmp / f"{shape}.txt"
            path.write_text(piece, encoding="utf-8")
        unit = path.stat().st_size
        print(f"\n{shape}: " + ("the example article" if piece is None else f"{piece!r} repeated") + " (copies of the article's size)")
        rows = scale(path, [max(1, round(int(n) * size / unit)) for n in args.times.split(",")], unit, args)
        for k, v in growth(rows, unit, base["peak_mb"]).items():
            worst[shape, k] = v
    if worst:
        (shape, stage), g = max(worst.items(), key=lambda kv: kv[1])
        print(f"\nworst growth per doubling: {g:.2f} ({shape}, {stage}); target <= 2.2")


def scale(path: Path, copies: list[int], unit: int, args) -> list[tuple[int, dict]]:
    """Each number of copies of ``path`` through the stages, in a fresh process; prints a row per size."""
    rows = []
    print(f"{'MB':>6} {'figures':>8} " + " ".join(f"{s:>8}" for s in STAGES) + f" {'wall':>8} {'peak MB':>8}")
    for n in copies:
        t = _run(path, n, args)
        if t is None:
            break
        rows.append((n, t))
        print(f"{n * unit / 1e6:6.2f} {t['figures']:>8} " + " ".join(f"{t[s]:8.2f}" for s in STAGES) + f" {t['wall']:8.1f} {t['peak_mb']:8.0f}")
    return rows


def _run(path: Path, n: int, args) -> dict | None:
    """``n`` copies of ``path`` through the stages in a fresh process, ``--repeat`` times: the least
    CPU time per stage (neighbours only ever add time); None, said, when it failed or timed out."""
    runs = []
    for _ in range(args.repeat):
        try:
            out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(n)], capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"{n} copies of {path.name} did not finish in {args.timeout:.0f} s")
            return None
        if out.returncode:
            print(f"{n} copies of {path.name} failed: {out.stderr.strip().splitlines()[-1]}")
            return None
        runs.append(json.loads(out.stdout))
    return {k: min(r[k] for r in runs) for k in runs[0]}


def growth(rows: list[tuple[int, dict]], unit: int, base: float) -> dict[str, float]:
    """Prints and returns the growth per doubling of each stage's time and of the peak memory
    above ``base`` (an empty article's), worst over the consecutive sizes."""
    print("growth per doubling (linear = 2.0, target <= 2.2)")
    worst: dict[str, float] = {}
    for (n1, a), (n2, b) in zip(rows, rows[1:]):
        k = math.log2(n2 / n1)
        g = {s: (max(b[s], 1e-2) / max(a[s], 1e-2)) ** (1 / k) for s in STAGES}
        g["memory"] = (max(b["peak_mb"] - base, 1) / max(a["peak_mb"] - base, 1)) ** (1 / k)
        print(f"  {n1 * unit / 1e6:.2f} -> {n2 * unit / 1e6:.2f} MB: " + ", ".join(f"{s} {v:.2f}" for s, v in g.items()))
        for s, v in g.items():
            worst[s] = max(worst.get(s, 0), v)
    return worst


if __name__ == "__main__":
    main()

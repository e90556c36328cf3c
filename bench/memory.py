"""Memory of a batch run as the batch grows: peak RSS of ``verify DIR`` at N articles.

    .venv/bin/python bench/memory.py [--sizes 250,1000,2000,4000] [--jobs 1,2] [--format text,json,sarif]

Copies the fixture articles (tests/fixtures/articles/*.txt, our own words)
round-robin into a temporary folder of N articles and runs
``verify DIR --no-html --fail-on never --jobs J [--format F]`` on it, each run
in a fresh helper process (running this checkout's code) so that its ``getrusage(RUSAGE_CHILDREN)`` is that
run's alone. Printed per run:

* ``max-proc MB``: the largest ``ru_maxrss`` of any process of the run (the
  parent or one worker; the kernel's own peak, not sampled);
* ``tree RSS MB`` and ``tree PSS MB``: the peak over the run of the sum over
  the process tree (parent and workers), sampled every 50 ms with psutil when
  it is installed. RSS counts the pages forked workers share with the parent
  once per process; PSS divides them among the sharers, so it is the tree's
  real footprint;
* wall seconds, and the peak per article (tree PSS, else max-proc, over N), and
  the growth per article against the smallest N (KB per added article), which
  is what a flat batch keeps near zero.

The figures are printed, not asserted: issue 11 asks for memory that stays
flat as the batch grows (at 1,000 articles it was 854 MB, every result kept
until the end).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))

# The helper: runs verify, samples its process tree, reports the run's rusage of children.
HELPER = r"""
import json, resource, subprocess, sys, threading, time
cmd, out_path = json.loads(sys.argv[1]), sys.argv[2]
try:
    import psutil
except ImportError:
    psutil = None
peak = {"rss": 0, "pss": 0}
t = time.perf_counter()
with open(out_path, "wb") as out:
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample():
        top = psutil.Process(proc.pid)
        while not done.is_set():
            rss = pss = 0
            try:
                procs = [top] + top.children(recursive=True)
            except psutil.Error:
                break
            for p in procs:
                try:
                    m = p.memory_full_info()
                except psutil.Error:
                    continue
                rss += m.rss
                pss += getattr(m, "pss", m.rss)
            peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True) if psutil else None
    if th:
        th.start()
    rc = proc.wait()
    done.set()
    if th:
        th.join()
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_mb": ru.ru_maxrss / 1024, "tree_rss_mb": peak["rss"] / 2**20,
                  "tree_pss_mb": peak["pss"] / 2**20, "sampled": psutil is not None}))
"""


def folder_of(root: Path, n: int) -> Path:
    folder = root / f"articles-{n}"
    folder.mkdir()
    for i in range(n):
        src = ARTICLES[i % len(ARTICLES)]
        shutil.copy(src, folder / f"{i:05d}-{src.name}")
    return folder


def run(folder: Path, jobs: int, fmt: str, out_path: Path) -> dict:
    cmd = [sys.executable, "-m", "verifier", str(folder), "--no-html", "--fail-on", "never", "--jobs", str(jobs), "--format", fmt]
    # this checkout's verify, whatever the interpreter has installed (the run's folder is a temporary one)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", HELPER, json.dumps(cmd), str(out_path)], capture_output=True, text=True,
                          cwd=folder.parent, check=True, env=env)
    r = json.loads(done.stdout)
    if r["rc"] not in (0, 1):
        raise SystemExit(f"verify exited {r['rc']} on {folder}")
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="250,1000,2000,4000")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--format", default="text,json,sarif", help="comma-separated formats, one run each")
    args = ap.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    formats = args.format.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = {n: folder_of(root, n) for n in sizes}
        print(f"{'format':>6} {'jobs':>4} {'N':>6} {'wall s':>7} {'max-proc MB':>11} {'tree RSS MB':>11} {'tree PSS MB':>11} "
              f"{'KB/article':>10} {'KB/added':>9} {'output':>10}", flush=True)
        for fmt in formats:
            for j in jobs:
                first = None
                for n in sizes:
                    out_path = root / f"out-{fmt}-{j}-{n}"
                    r = run(folders[n], j, fmt, out_path)
                    peak = r["tree_pss_mb"] if r["sampled"] else r["maxrss_mb"]
                    per = peak * 1024 / n
                    added = "" if first is None else f"{(peak - first[1]) * 1024 / (n - first[0]):9.1f}"
                    first = first or (n, peak)
                    tree = (f"{r['tree_rss_mb']:11.0f} {r['tree_pss_mb']:11.0f}" if r["sampled"] else f"{'-':>11} {'-':>11}")
                    print(f"{fmt:>6} {j:>4} {n:>6} {r['wall']:7.1f} {r['maxrss_mb']:11.0f} {tree} {per:10.1f} {added:>9} "
                          f"{out_path.stat().st_size:>10,}", flush=True)
        print("KB/article: the peak (tree PSS when sampled, else max-proc) over N; KB/added: its growth per article past the smallest N")


if __name__ == "__main__":
    main()

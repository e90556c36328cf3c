"""Batch throughput: --jobs 1 against --jobs N on a folder of articles; the outputs must be identical.

    python bench/batch.py [N_ARTICLES] [JOBS] [--repeat R]

Copies the fixture articles (our own words) round-robin into a temporary
folder, runs ``verify DIR --no-html --fail-on never`` both ways, alternating,
R times, and prints for each the wall seconds (best, median, worst), articles
per second, CPU seconds (verify and its workers) and whether the outputs
match. The speed-up is best against best: on a machine shared with other work
the neighbours only ever add time; the spread says how much they did. The
target (issue 11) is at least 1.7x with --jobs 2 on two cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))


def run(folder: Path, jobs: int) -> tuple[float, float, bytes]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "verifier", str(folder), "--no-html", "--fail-on", "never", "--jobs", str(jobs)],
                         capture_output=True, cwd=folder.parent, check=True).stdout
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("jobs", nargs="?", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n, jobs = args.n, args.jobs
    walls: dict[int, list[float]] = {1: [], jobs: []}
    cpus: dict[int, list[float]] = {1: [], jobs: []}
    outs: dict[int, set[bytes]] = {1: set(), jobs: set()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(n):
            src = ARTICLES[i % len(ARTICLES)]
            shutil.copy(src, folder / f"{i:05d}-{src.name}")
        for _ in range(args.repeat):
            for j in (1, jobs):
                wall, cpu, out = run(folder, j)
                walls[j].append(wall)
                cpus[j].append(cpu)
                outs[j].add(out)
    print(f"articles: {n}, cores: {len(os.sched_getaffinity(0))}, runs each: {args.repeat}, load average: {os.getloadavg()[0]:.1f}")
    for j in (1, jobs):
        w = sorted(walls[j])
        print(f"--jobs {j}: wall best {w[0]:.1f} s, median {statistics.median(w):.1f} s, worst {w[-1]:.1f} s; "
              f"{n / w[0]:.1f} articles/s at best; CPU {min(cpus[j]):.1f} s")
    print(f"speed-up (best against best): {min(walls[1]) / min(walls[jobs]):.2f}x; "
          f"median against median: {statistics.median(walls[1]) / statistics.median(walls[jobs]):.2f}x")
    same = len(outs[1] | outs[jobs]) == 1
    print(f"identical output: {same} ({len(next(iter(outs[1]))):,} bytes)")


if __name__ == "__main__":
    main()

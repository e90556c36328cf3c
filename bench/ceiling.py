"""What two processes at once can reach on this machine: the ceiling under any 2-way speed-up.

    python bench/ceiling.py [N_ARTICLES] [--repeat R]

Runs ``verify DIR --jobs 1 --no-html --fail-on never`` on N fixture articles
alone, then two such runs at once (each on its own copy), and compares the
CPU seconds and wall-clock time of one run alone with each of the two at
once. Two cores that do not slow each other give two runs in the time of
one; a virtual machine's cores, sharing caches, memory bandwidth and a host
with other tenants, need more CPU for the same instructions when both are
busy. ``2 * alone / together`` is then the most any split of the work into
two processes can reach here, before it pays anything of its own (a parent,
a scheduler, pickling): the ``--jobs 2`` (bench/batch.py) and Dask
(bench/archive.py) figures are to be read against it. Each run also records
the CPU seconds other processes used meanwhile (``/proc/stat``); a ceiling
measured while neighbours ran is lower than the machine's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))


def busy_s() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def runs(folders: list[Path]) -> tuple[list[tuple[float, float]], float]:
    """(wall, CPU) of ``verify --jobs 1`` on each folder, all started at once; and the others' CPU meanwhile."""
    busy0 = busy_s()
    cmd = [sys.executable, "-m", "verifier", "--no-html", "--fail-on", "never", "--jobs", "1"]
    started = time.perf_counter()
    procs = {subprocess.Popen([*cmd, str(f)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=f.parent).pid: f for f in folders}
    out = {}
    while procs:
        pid, status, usage = os.wait4(-1, 0)
        if pid in procs:
            if status != 0:
                sys.exit(f"verify failed on {procs[pid]}")
            out[procs.pop(pid)] = (time.perf_counter() - started, usage.ru_utime + usage.ru_stime)
    mine = sum(cpu for _, cpu in out.values())
    return [out[f] for f in folders], max(0.0, busy_s() - busy0 - mine)


def measure(n: int, repeat: int, say=print) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folders = []
        for k in range(2):
            folder = Path(tmp) / f"copy{k}" / "articles"
            folder.mkdir(parents=True)
            for i in range(n):
                src = ARTICLES[i % len(ARTICLES)]
                shutil.copy(src, folder / f"{i:05d}-{src.name}")
            folders.append(folder)
        alone, together = [], []
        for i in range(repeat):
            (a,), others_a = runs(folders[:1])
            pair, others_t = runs(folders)
            alone.append((*a, others_a))
            together.append((max(w for w, _ in pair), sum(c for _, c in pair) / 2, others_t))
            say(f"  ceiling run {i + 1}: alone {a[0]:.1f} s wall, {a[1]:.1f} s CPU (others {others_a:.1f} s); "
                f"two at once {together[-1][0]:.1f} s wall, {together[-1][1]:.1f} s CPU each (others {others_t:.1f} s)")
    cpu_ratio = statistics.median(c for _, c, _ in alone) / statistics.median(c for _, c, _ in together)
    wall_ratio = min(w for w, _, _ in alone) / min(w for w, _, _ in together)
    return {"cpu": 2 * cpu_ratio, "wall": 2 * wall_ratio, "others": max(o for *_, o in alone + together)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    c = measure(args.n, args.repeat)
    print(f"two processes at once on {len(os.sched_getaffinity(0))} cores, {args.n} articles each: at most {c['cpu']:.2f}x from CPU per article "
          f"(median), {c['wall']:.2f}x from wall-clock time (best); others used up to {c['others']:.1f} s of CPU during a run")


if __name__ == "__main__":
    main()

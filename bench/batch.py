"""Batch throughput: --jobs 1 against --jobs N on a folder of articles; the outputs must be identical.

    python bench/batch.py [N_ARTICLES] [JOBS]

Copies the fixture articles (our own words) round-robin into a temporary
folder, runs ``verify DIR --no-html --fail-on never`` both ways and prints
seconds, articles per second, the speed-up and whether the outputs match.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))


def run(folder: Path, jobs: int) -> tuple[float, bytes]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "verifier", str(folder), "--no-html", "--fail-on", "never", "--jobs", str(jobs)],
                         capture_output=True, cwd=folder.parent, check=True).stdout
    return time.perf_counter() - t, out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(n):
            src = ARTICLES[i % len(ARTICLES)]
            shutil.copy(src, folder / f"{i:05d}-{src.name}")
        one, out1 = run(folder, 1)
        many, outn = run(folder, jobs)
    print(f"articles: {n}")
    print(f"--jobs 1: {one:.1f} s, {n / one:.1f} articles/s")
    print(f"--jobs {jobs}: {many:.1f} s, {n / many:.1f} articles/s")
    print(f"speed-up: {one / many:.2f}x")
    print(f"identical output: {out1 == outn} ({len(out1):,} bytes)")


if __name__ == "__main__":
    main()

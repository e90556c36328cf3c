"""Fuzz the pipeline on demand: many more examples than the test suite runs.

Same property as tests/test_robust.py (no exception, offsets slice back,
values finite, strict JSON), over arbitrary text and over pieces of figures
(digits, scales, currencies, bidi and zero-width characters, Markdown bars).
Run: .venv/bin/python bench/fuzz.py [--examples 100000] [--every 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=10_000)
    ap.add_argument("--every", type=int, default=5_000, help="print progress every N examples")
    args = ap.parse_args()
    from hypothesis import HealthCheck, given, settings

    import test_robust as t

    inner = t.test_the_pipeline_never_raises_on_any_text.hypothesis.inner_test
    strategy = t.TEXTS
    start = time.perf_counter()
    done = 0

    def prop(text):
        nonlocal done
        inner(text)
        done += 1
        if done % args.every == 0:
            print(f"{done:,} examples, {time.perf_counter() - start:.0f} s", flush=True)

    run = settings(max_examples=args.examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))(given(strategy)(prop))
    run()
    print(f"{args.examples:,} examples asked, {done:,} run, no failure, {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()

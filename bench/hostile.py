"""Hostile and large inputs: ledger load time by size, YAML bombs, hostile figures.

Prints figures; targets (issue 10): a 16,000-entry ledger well under a second,
growth per doubling at most 2.2, every bomb refused within a second.
Times are CPU seconds, best of three. Run: .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from verifier import ledger
from verifier.errors import VerifyError


def _ledger(n: int) -> str:
    items = [{"fingerprint": f"AR001:{i:016x}", "rule": "AR001", "figures": ["5%"], "message": "m",
              "decision": "open", "reason": ""} for i in range(n)]
    return ledger.dump("story.txt", items)


def _time(fn) -> tuple[float, str]:
    """CPU seconds (other work on a shared machine does not count), best of three, and the outcome."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        try:
            fn()
            outcome = "read"
        except VerifyError as exc:
            outcome = "refused: " + exc.message[:70]
        best = min(best, time.process_time() - t)
    return best, outcome


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    print("ledger entries   load s (CPU, best of 3)   growth per doubling")
    prev = None
    for n in (2000, 4000, 8000, 16000):
        p = tmp / f"l{n}.yaml"
        p.write_text(_ledger(n), encoding="utf-8")
        s, _ = _time(lambda: ledger.load(p))
        print(f"{n:>14,}   {s:6.3f}                  {'' if prev is None else f'{s / prev:.2f}'}")
        prev = s
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "findings: *i\n"
    bombs = {"billion laughs (%d bytes)" % len(laughs): laughs, "20,000 nested brackets": "[" * 20000 + "]" * 20000}
    print("\nYAML bomb as a ledger            s        outcome")
    for name, body in bombs.items():
        p = tmp / "bomb.yaml"
        p.write_text(body, encoding="utf-8")
        s, outcome = _time(lambda: ledger.load(p))
        print(f"{name:<30} {s:6.3f}   {outcome}")
    from verifier.sources import load_sources

    print("\nYAML bomb as a source table     s        outcome")
    for name, body in bombs.items():
        p = tmp / "bomb.yaml"
        p.write_text(body.replace("findings:", "rows:"), encoding="utf-8")
        s, outcome = _time(lambda: load_sources([str(p)], tmp))
        print(f"{name:<30} {s:6.3f}   {outcome}")


if __name__ == "__main__":
    main()

"""An archive run: N generated articles, one process vs a local Dask cluster.

Run ``.venv/bin/python bench/archive.py`` (``--articles N[,N...]``,
``--workers W``, ``--repeat R``). It writes N short articles (made-up
wording and figures about the companies in the entity lexicon, English and
Chinese, a tenth of them HTML) to a folder under the system's temp
directory, then checks them, each run in a fresh process so no run inherits
another's warm caches or memory:

* ``local``: one process, the loop ``verify`` runs without ``--dask``;
* ``dask``: ``verifier.dask_run.run_articles`` on the LocalCluster that
  ``verify --dask local`` starts (W single-threaded worker processes);

and CN003 across the whole archive for both. The two kinds alternate, R
times each. Per run it prints wall-clock time with the cluster's start and
without it, throughput, the CPU seconds of each process (the client, which
also hosts the scheduler and the nannies, and each worker) and peak memory
(``ru_maxrss``) per process. The runs' JSON reports must be identical.

On a machine other jobs share, wall-clock time measures the neighbours as
much as verify. Worse for this comparison, Linux's autogroup scheduling
(``/proc/sys/kernel/sched_autogroup_enabled``) shares the CPU between
sessions, not processes: while other sessions keep both cores busy, this
benchmark's session gets about one core whether it runs one process or a
client and two workers, so the cluster cannot show a speed-up in wall-clock
time at all (it shows its overhead instead). So the summary also gives the CPU-bound estimate of the
speed-up on an idle machine of ``os.cpu_count()`` cores: the local run's CPU
seconds over the cluster run's critical path, the larger of its busiest
worker's CPU seconds and all its processes' CPU seconds spread over the
cores, plus the cluster's start. Target: at least 1.7x with 2 workers on 2
cores, and peak memory per worker flat as N grows (results travel back to
the client).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COMPANIES = ["Amazon", "Microsoft", "Alphabet", "Meta", "Nvidia", "Apple", "Tesla", "Walmart"]
ZH = {"Amazon": "亞馬遜", "Microsoft": "微軟", "Apple": "蘋果", "Tesla": "特斯拉"}
EN = [
    "{c} reported revenue of ${v:.1f} billion for the {qn} quarter of {y}, up {g}% from a year earlier.",
    "{c} said operating income rose {g}% to ${o:.1f} billion in the {qn} quarter of {y}.",
    "Analysts had expected {c} to post revenue of ${e:.1f} billion; the company beat that estimate.",
]
QN = ["first", "second", "third", "fourth"]


def write_archive(folder: Path, n: int) -> list[Path]:
    rnd = random.Random(12)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        c = rnd.choice(COMPANIES)
        q, y = rnd.randrange(4), rnd.choice([2023, 2024, 2025])
        # one value per company and quarter, as an archive should print it; one article in 500 slips
        key = random.Random(f"{c}{q}{y}")
        v, g = key.uniform(20, 200), key.randrange(3, 30)
        if rnd.random() < 0.002:
            v *= 1.3
        fig = dict(c=c, qn=QN[q], y=y, v=v, g=g, o=v * 0.2, e=v * 0.98)
        if c in ZH and i % 3 == 0:
            body = f"{ZH[c]}{y}年第{'一二三四'[q]}季營收{v * 10:.0f}億美元,年增{fig['g']}%。\n"
        else:
            body = "\n\n".join(t.format(**fig) for t in EN) + "\n"
        if i % 10 == 0:
            p = folder / f"a{i:06}.html"
            paras = "".join(f"<p>{para}</p>\n" for para in body.split("\n\n"))
            p.write_text(f"<html><head><meta charset='utf-8'><title>{i}</title></head><body><nav>Home 1 2 3</nav><article>\n{paras}</article></body></html>\n", "utf-8")
        else:
            p = folder / f"a{i:06}.txt"
            p.write_text(body, "utf-8")
        paths.append(p)
    return paths


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_stats() -> tuple[float, float]:
    return cpu_s(), peak_mb()


def dumps(results, cross) -> str:
    from verifier.report.json_report import report_dict

    return json.dumps({"reports": [report_dict(r) for r in results], "cross": cross}, ensure_ascii=False)


def one_run(kind: str, folder: Path, workers: int) -> dict:
    """One measured run in this (fresh) process."""
    from verifier.check.across import cross_article

    paths = sorted(folder.iterdir())
    levels = (None, set(), {})
    out = {"kind": kind, "articles": len(paths)}
    c0, t0 = cpu_s(), time.perf_counter()
    if kind == "local":
        from verifier.cli import _load_sources
        from verifier.config import apply
        from verifier.pipeline import run

        index = _load_sources([])  # ./sources when there is one, as the workers load it
        results = [apply(run(p, sources=index), *levels) for p in paths]
        cross = cross_article([str(p) for p in paths], results)
        out.update(wall=time.perf_counter() - t0, start=0.0, cpu={"client": cpu_s() - c0}, peak={"client": peak_mb()})
    else:
        from verifier import dask_run

        client, cluster = dask_run._client("local", n_workers=workers)
        try:
            start = time.perf_counter() - t0
            w0, c0 = client.run(worker_stats), cpu_s()
            results = dask_run.run_articles("local", paths, [], levels, client=client)
            cross = cross_article([str(p) for p in paths], results)
            wall = time.perf_counter() - t0
            w1 = client.run(worker_stats)
        finally:
            client.close()
            cluster.close()
        out.update(wall=wall, start=start, cpu={"client": cpu_s() - c0, **{f"worker {i}": w1[a][0] - w0[a][0] for i, a in enumerate(sorted(w1))}},
                   peak={"client": peak_mb(), **{f"worker {i}": w1[a][1] for i, a in enumerate(sorted(w1))}})
    out["claims"] = sum(len(r.claims) for r in results)
    out["cross"] = len(cross)
    out["sha256"] = hashlib.sha256(dumps(results, cross).encode("utf-8")).hexdigest()
    return out


def spread(xs: list[float]) -> str:
    xs = sorted(xs)
    return f"{statistics.median(xs):6.1f} (min {xs[0]:.1f}, max {xs[-1]:.1f})" if len(xs) > 1 else f"{xs[0]:6.1f}"


def _autogroup() -> str:
    try:
        return "on" if Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1" else "off"
    except OSError:
        return "unknown"


def estimate(local: dict, dask: dict, cores: int) -> float:
    """Speed-up on an idle machine from CPU seconds: local CPU over the cluster's critical path."""
    workers = [v for k, v in dask["cpu"].items() if k.startswith("worker")]
    path = max(max(workers), sum(dask["cpu"].values()) / cores)
    return local["cpu"]["client"] / (path + dask["start"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", default="10000", help="archive sizes, comma-separated")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "verify-bench-archive"))
    ap.add_argument("--one", choices=["local", "dask"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    if args.one:
        print(json.dumps(one_run(args.one, Path(args.data) / str(sizes[0]), args.workers)))
        return
    cores = os.cpu_count() or 1
    ok = True
    for n in sizes:
        write_archive(Path(args.data) / str(n), n)
        runs: dict[str, list[dict]] = {"local": [], "dask": []}
        for i in range(args.repeat):
            for kind in (("local", "dask") if i % 2 == 0 else ("dask", "local")):
                load = os.getloadavg()[0]
                cmd = [sys.executable, __file__, "--one", kind, "--articles", str(n), "--workers", str(args.workers), "--data", args.data]
                done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
                if done.returncode != 0:
                    sys.exit(f"{kind} run failed:\n{done.stderr[-2000:]}")
                r = json.loads(done.stdout.strip().splitlines()[-1])
                r["load"] = load
                runs[kind].append(r)
                extra = f" (start {r['start']:.1f} s, without it {r['wall'] - r['start']:.1f} s)" if kind == "dask" else ""
                cpu = ", ".join(f"{k} {v:.1f}" for k, v in r["cpu"].items())
                peak = ", ".join(f"{k} {v:.0f}" for k, v in r["peak"].items())
                print(f"  {n} articles, {kind:5} run {i + 1}: {r['wall']:6.1f} s{extra}; CPU s: {cpu}; peak MB: {peak}; load {load:.1f}", flush=True)
        lo, da = runs["local"], runs["dask"]
        same = len({r["sha256"] for r in lo + da}) == 1
        ok &= same
        print(f"articles: {n} ({lo[0]['claims']} claims, {lo[0]['cross']} cross-article findings); {args.repeat} runs each, median (min, max)")
        print(f"local, 1 process:   wall {spread([r['wall'] for r in lo])} s   {n / statistics.median(r['wall'] for r in lo):6.1f} articles/s")
        print(f"dask, {args.workers} workers:    wall {spread([r['wall'] for r in da])} s   {n / statistics.median(r['wall'] for r in da):6.1f} articles/s, "
              f"cluster start {spread([r['start'] for r in da])} s")
        print(f"speed-up, wall:                {spread([l['wall'] / d['wall'] for l, d in zip(lo, da)])}x   without the start {spread([l['wall'] / (d['wall'] - d['start']) for l, d in zip(lo, da)])}x")
        print(f"speed-up, CPU-bound estimate:  {spread([estimate(l, d, cores) for l, d in zip(lo, da)])}x on {cores} idle cores")
        print(f"CPU s, local:  {spread([r['cpu']['client'] for r in lo])}")
        for key in da[0]["cpu"]:
            print(f"CPU s, dask {key}: {spread([r['cpu'][key] for r in da])}   peak {spread([r['peak'][key] for r in da])} MB")
        print(f"load average at the runs: {spread([r['load'] for r in lo + da])} on {cores} cores; autogroup scheduling {_autogroup()}")
        print(f"reports identical: {same}", flush=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

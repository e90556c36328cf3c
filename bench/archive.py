"""An archive run: N generated articles, one process vs a local Dask cluster.

Run ``.venv/bin/python bench/archive.py`` (``--articles N``, ``--workers W``).
It writes N short articles (made-up wording and figures about the companies
in the entity lexicon, English and Chinese, a tenth of them HTML) to a
folder under the system's temp directory, then checks them:

* ``local``: one process, the loop ``verify`` runs without ``--dask``;
* ``dask``: ``verifier.dask_run.run_articles`` on a LocalCluster of W
  single-threaded worker processes;

and CN003 across the whole archive for both. Time is wall-clock and includes
the cluster's start; throughput is articles per second. Peak memory is each
process's maximum resident set (``resource.getrusage``): for the cluster,
per worker. The two runs' JSON reports are compared and must be identical.
Target: the cluster of 2 at least 1.7x the one process on 2 cores, and peak
memory per worker flat as N grows (results travel back to the client).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dumps(results) -> str:
    from verifier.report.json_report import report_dict

    return json.dumps([report_dict(r) for r in results], ensure_ascii=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "verify-bench-archive"))
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from verifier.check.across import cross_article
    from verifier.config import apply
    from verifier.dask_run import run_articles
    from verifier.pipeline import run

    paths = write_archive(Path(args.data) / str(args.articles), args.articles)
    levels = (None, set(), {})

    t = time.perf_counter()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        start = time.perf_counter() - t
        remote = run_articles("local", paths, [], levels, client=client)
        cross_d = cross_article([str(p) for p in paths], remote)
        dt_d = time.perf_counter() - t
        workers = client.run(peak_mb)
    t = time.perf_counter()
    from verifier.cli import _load_sources

    index = _load_sources([])  # ./sources when there is one, as the workers load it
    local = [apply(run(p, sources=index), *levels) for p in paths]
    cross_l = cross_article([str(p) for p in paths], local)
    dt_l = time.perf_counter() - t

    n = len(paths)
    print(f"articles: {n} ({sum(len(r.claims) for r in local)} claims, {len(cross_l)} cross-article findings)")
    print(f"local, 1 process: {dt_l:7.1f} s  {n / dt_l:7.1f} articles/s  peak {peak_mb():.0f} MB (client, after both runs)")
    print(f"dask, {args.workers} workers:   {dt_d:7.1f} s  {n / dt_d:7.1f} articles/s  speed-up {dt_l / dt_d:.2f}x (cluster start {start:.1f} s)")
    for addr, mb in sorted(workers.items()):
        print(f"  worker {addr}: peak {mb:.0f} MB")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other processes skew the speed-up)")
    same = dumps(local) == dumps(remote) and cross_l == cross_d
    print(f"reports identical: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""An archive run: N generated articles, one process vs a local Dask cluster.

    .venv/bin/python bench/archive.py [--articles N[,N...]] [--workers W] [--repeat R] [--format text|json]

It writes N short articles (made-up wording and figures about the companies
in the entity lexicon, English and Chinese, a tenth of them HTML) to a folder
under the system's temp directory, then runs the command line on it, each run
in a fresh process so no run inherits another's warm caches or memory:

* ``local``: ``verify DIR --jobs 1 --no-html --fail-on never`` (one process);
* ``dask``: the same with ``--dask local`` (W single-threaded worker
  processes, forked warm), as a user runs it: the cluster starts in a thread
  of its own while the command line reads the articles, ledgers and tables,
  and its start is in the wall-clock time. The run is watched, not changed
  (``_dask_local``): the workers' figures are read just before it closes its
  cluster. ``--connect`` measures the other way in: the cluster started
  first, then ``verify --dask ADDRESS`` on it, so its start (about 1.8 s,
  most of it the fork server's warm-up) does not overlap the reading.

The two kinds alternate, R times each. Per run it prints the wall-clock time
of the whole process (interpreter start to exit), throughput, the cluster's
start, the CPU seconds of each process (the client, which also hosts the
scheduler and the nannies, and each worker), peak memory (``ru_maxrss``) per
process, and the CPU seconds other processes used while it ran (read from
``/proc/stat``): on a shared machine the neighbours' work is the noise, and
with Linux's autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``)
a busy neighbour session leaves this one about one core whatever it runs,
so a run the neighbours disturbed says nothing about a speed-up. The summary
gives the speed-up best against best (neighbours only ever add time), median
against median, and over the quiet runs only. The runs' outputs (the terminal
report with the cross-article findings, or the JSON report) must be
byte-identical. Targets (issue 12): at least 1.7x with 2 workers on 2 cores,
and peak memory per worker flat as N grows.
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


def busy_s() -> float:
    """CPU seconds every process of the machine has used since boot (user, system, interrupts)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def verify(folder: Path, options: list[str]) -> tuple[int, bytes]:
    """The command line, in this process, its standard output kept."""
    import contextlib
    import io

    from verifier.cli import main

    out = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out):
        try:
            main([str(folder), "--no-html", "--fail-on", "never", *options])
        except SystemExit as exc:
            code = exc.code or 0
    return code, out.getvalue().encode("utf-8")


def tree_cpu() -> dict[int, tuple[str, float]]:
    """pid -> (command line, CPU seconds) of this process's live descendants (a cluster's fork server and workers)."""
    import psutil

    out = {}
    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
            out[proc.pid] = (" ".join(proc.cmdline())[:200], t.user + t.system)
        except psutil.Error:
            continue
    return out


def _dask_local(folder: Path, options: list[str], workers: int, t0: float) -> tuple[int, bytes, dict]:
    """``verify --dask local``, as a user runs it: the cluster starts in a thread of its own while the
    command line reads the articles, ledgers and tables (``dask_run.Connection``). The run is watched,
    not changed: the cluster is made with ``workers`` workers, its start is timed, and the workers'
    figures are read just before the run closes it."""
    from verifier import dask_run

    seen: dict = {}
    make, close = dask_run.local_cluster, dask_run.ArchiveRun.close

    def local_cluster(n_workers=None):
        cluster = make(n_workers or workers)
        seen["start"] = time.perf_counter() - t0
        return cluster

    def read_then_close(run):
        if run._owned and "stats" not in seen:
            seen["stats"] = run.client.run(worker_stats, nanny=False)
            seen["pids"] = run.client.run(os.getpid)
            seen["tree"] = tree_cpu()
        close(run)

    dask_run.local_cluster, dask_run.ArchiveRun.close = local_cluster, read_then_close
    try:
        code, stdout = verify(folder, [*options, "--dask", "local"])
    finally:
        dask_run.local_cluster, dask_run.ArchiveRun.close = make, close
    return code, stdout, seen


def _cluster_cpu(stats: dict, pids: dict, tree: dict) -> dict:
    names = {pids[a]: f"worker {i}" for i, a in enumerate(sorted(pids))}
    cpu = {"client": cpu_s()}
    for pid, (cmd, sec) in tree.items():
        key = names.get(pid) or ("fork server" if "forkserver" in cmd else "other helpers")
        cpu[key] = cpu.get(key, 0.0) + sec
    return {"cpu": cpu, "peak": {"client": peak_mb(), **{names[pids[a]]: stats[a][1] for a in stats}}}


def one_run(kind: str, folder: Path, workers: int, fmt: str, connect: bool = False) -> dict:
    """One measured run in this (fresh) process."""
    options = ["--format", fmt]
    out = {"kind": kind, "articles": sum(1 for _ in folder.iterdir())}
    busy0, t0 = busy_s(), time.perf_counter()
    if kind == "local":
        code, stdout = verify(folder, [*options, "--jobs", "1"])
        out.update(start=0.0, cpu={"client": cpu_s()}, peak={"client": peak_mb()})
    elif connect:
        from distributed import Client

        from verifier.dask_run import local_cluster

        cluster = local_cluster(workers)
        try:
            out["start"] = time.perf_counter() - t0
            code, stdout = verify(folder, [*options, "--dask", cluster.scheduler_address])
            with Client(cluster) as client:
                stats = client.run(worker_stats, nanny=False)
                pids = client.run(os.getpid)
            tree = tree_cpu()  # the workers' CPU from their fork on, the fork server's (its warm-up), helpers'
        finally:
            cluster.close()
        out.update(_cluster_cpu(stats, pids, tree))
    else:
        code, stdout, seen = _dask_local(folder, options, workers, t0)
        out.update(start=seen["start"], **_cluster_cpu(seen["stats"], seen["pids"], seen["tree"]))
    out["run"] = time.perf_counter() - t0
    out["others"] = max(0.0, busy_s() - busy0 - sum(out["cpu"].values()))
    out["exit"] = code
    out["bytes"] = len(stdout)
    out["sha256"] = hashlib.sha256(stdout).hexdigest()
    return out


def spread(xs: list[float]) -> str:
    xs = sorted(xs)
    return f"{statistics.median(xs):6.1f} (min {xs[0]:.1f}, max {xs[-1]:.1f})" if len(xs) > 1 else f"{xs[0]:6.1f}"


def _autogroup() -> str:
    try:
        return "on" if Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1" else "off"
    except OSError:
        return "unknown"


def quiet(r: dict) -> bool:
    """Other processes used under a twentieth of one core while the run went on."""
    return r["others"] < 0.05 * r["wall"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", default="10000", help="archive sizes, comma-separated")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ceiling", type=int, default=0, metavar="N",
                    help="first measure what two processes at once reach here, on N articles each (bench/ceiling.py)")
    ap.add_argument("--format", default="text", choices=["text", "json"])
    ap.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "verify-bench-archive"))
    ap.add_argument("--connect", action="store_true",
                    help="start the cluster first, then run verify --dask ADDRESS on it (its start not overlapping the reading)")
    ap.add_argument("--one", choices=["local", "dask"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    if args.one:
        print(json.dumps(one_run(args.one, Path(args.data) / str(sizes[0]), args.workers, args.format, args.connect)))
        return
    cores = len(os.sched_getaffinity(0))
    ok = True
    if args.ceiling:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from ceiling import measure

        c = measure(args.ceiling, 2)
        print(f"this machine's ceiling for two processes at once: {c['cpu']:.2f}x from CPU per article, {c['wall']:.2f}x from "
              f"wall-clock time (others used up to {c['others']:.1f} s of CPU meanwhile; bench/ceiling.py)", flush=True)
    for n in sizes:
        write_archive(Path(args.data) / str(n), n)
        runs: dict[str, list[dict]] = {"local": [], "dask": []}
        for i in range(args.repeat):
            for kind in (("local", "dask") if i % 2 == 0 else ("dask", "local")):
                load = os.getloadavg()[0]
                cmd = [sys.executable, __file__, "--one", kind, "--articles", str(n), "--workers", str(args.workers),
                       "--data", args.data, "--format", args.format, *(["--connect"] if args.connect else [])]
                t = time.perf_counter()
                done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
                wall = time.perf_counter() - t
                if done.returncode != 0:
                    sys.exit(f"{kind} run failed:\n{done.stderr[-2000:]}")
                r = json.loads(done.stdout.strip().splitlines()[-1])
                r.update(load=load, wall=wall)
                runs[kind].append(r)
                extra = f" (cluster {'start' if args.connect else 'up after'} {r['start']:.1f} s)" if kind == "dask" else ""
                cpu = ", ".join(f"{k} {v:.1f}" for k, v in r["cpu"].items())
                peak = ", ".join(f"{k} {v:.0f}" for k, v in r["peak"].items())
                print(f"  {n} articles, {kind:5} run {i + 1}: {wall:6.1f} s{extra}; CPU s: {cpu}; peak MB: {peak}; "
                      f"others' CPU {r['others']:.1f} s; load {load:.1f}", flush=True)
        lo, da = runs["local"], runs["dask"]
        same = len({r["sha256"] for r in lo + da}) == 1 and len({r["exit"] for r in lo + da}) == 1
        ok &= same
        best_l, best_d = min(r["wall"] for r in lo), min(r["wall"] for r in da)
        print(f"articles: {n}, {args.format} report of {lo[0]['bytes']:,} bytes; {args.repeat} runs each, median (min, max)")
        print(f"local, 1 process:   wall {spread([r['wall'] for r in lo])} s   {n / best_l:6.1f} articles/s at best")
        print(f"dask, {args.workers} workers:    wall {spread([r['wall'] for r in da])} s   {n / best_d:6.1f} articles/s at best, "
              f"cluster {'start' if args.connect else 'up after'} {spread([r['start'] for r in da])} s")
        print(f"speed-up: best against best {best_l / best_d:.2f}x; median against median "
              f"{statistics.median(r['wall'] for r in lo) / statistics.median(r['wall'] for r in da):.2f}x")
        ql, qd = [r for r in lo if quiet(r)], [r for r in da if quiet(r)]
        if ql and qd:
            print(f"speed-up over the quiet runs ({len(ql)} local, {len(qd)} dask): "
                  f"{statistics.median(r['wall'] for r in ql) / statistics.median(r['wall'] for r in qd):.2f}x (median), "
                  f"{min(r['wall'] for r in ql) / min(r['wall'] for r in qd):.2f}x (best)")
        else:
            print("speed-up over the quiet runs: no quiet run of each kind (other processes used the cores)")
        print(f"CPU s, local:  {spread([r['cpu']['client'] for r in lo])}   peak {spread([r['peak']['client'] for r in lo])} MB")
        for key in da[0]["cpu"]:
            peak = f"   peak {spread([r['peak'][key] for r in da])} MB" if key in da[0]["peak"] else ""
            print(f"CPU s, dask {key}: {spread([r['cpu'].get(key, 0.0) for r in da])}{peak}")
        print(f"others' CPU s during the runs: {spread([r['others'] for r in lo + da])}; load average {spread([r['load'] for r in lo + da])} "
              f"on {cores} cores; autogroup scheduling {_autogroup()}")
        print(f"outputs identical: {same}", flush=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

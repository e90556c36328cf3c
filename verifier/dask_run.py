"""Archive runs on a Dask cluster: ``verify --dask ADDRESS|local DIR...``.

Articles go to the cluster in batches; each worker loads the source tables
once (``_sources`` is a per-process cache keyed by the paths, holding tables,
never an article's state) and checks its batches with the same ``run`` as a
local run. Results come back as they finish and are put back in the order of
the article list, so reports, ledger matching and the exit code are the local
run's, byte for byte. A worker that dies mid-run loses no article: the
scheduler gives its unfinished batches to other workers, and the run says so
on standard error.

What a run costs beyond the checking, measured with ``bench/archive.py`` on 2
cores, where the client and scheduler share the cores with the workers:

* every task is a round trip through scheduler and client, so a batch is
  sized from the archive, eight per worker (``batch_for``), not a fixed 16:
  on 3,000 articles, batches of 16 cost the client 4.5 s and the workers
  16.2 s of CPU, batches of 128 2.6 s and 12.8 s;
* a result travels without its extraction, which no report reads;
* a local cluster's workers are forked from a server that imported and
  warmed the pipeline once (``verifier/dask_preload.py``) instead of each
  spawning an interpreter that imports dask and loads every lexicon again
  (about a second of CPU per worker);
* its housekeeping (the workers' statistical profiler, event-loop ticks,
  system and memory monitors) runs less often (``LOCAL_CONFIG``).

What is left is the client's share: it hosts the scheduler and unpickles
every result (pydantic models, about 0.2 ms an article).

``dask.distributed`` is an optional extra (``pip install 'verify[dask]'``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from functools import lru_cache
from pathlib import Path

from verifier.errors import UsageError

__all__ = ["run_articles", "BATCH"]

BATCH = 16  # the smallest batch: below it scheduling costs more than checking
MAX_BATCH = 256  # the largest: a batch takes about a second on one worker
TASKS_PER_WORKER = 8  # enough tasks that the workers finish together and results stream


def batch_for(n_articles: int, n_workers: int) -> int:
    """Articles per task: a few tasks per worker, between BATCH and MAX_BATCH."""
    return max(BATCH, min(MAX_BATCH, -(-n_articles // (max(1, n_workers) * TASKS_PER_WORKER))))


# A local cluster's housekeeping, slowed: idle, its processes used 0.48 s (client, scheduler and
# nannies) and 0.22 s (each worker) of CPU every 10 s at the defaults, 0.10 s and 0.04 s with these,
# CPU the checking needs on a machine whose cores the cluster shares with its client.
LOCAL_CONFIG = {
    "distributed.worker.multiprocessing-method": "forkserver",  # workers forked warm (dask_preload)
    "distributed.worker.profile.enabled": False,  # a stack sample of the checking thread every 10 ms
    "distributed.admin.tick.interval": "500ms",  # event-loop health check, 20 ms
    "distributed.admin.system-monitor.interval": "5s",  # psutil readings, 500 ms
    "distributed.worker.memory.monitor-interval": "1s",  # 100 ms
    "distributed.scheduler.work-stealing-interval": "500ms",  # 100 ms; batches last about a second
}


def _client(address: str, n_workers: int | None = None):
    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError:
        raise UsageError("--dask needs the dask extra: pip install 'verify[dask]'") from None
    if address == "local":
        import dask

        from distributed.utils import get_mp_context

        with dask.config.set(LOCAL_CONFIG):
            get_mp_context().set_forkserver_preload(["verifier.dask_preload"])  # after distributed sets its own list
            cluster = LocalCluster(n_workers=n_workers or min(2, os.cpu_count() or 1), threads_per_worker=1, processes=True, dashboard_address=None)
            return Client(cluster), cluster
    try:
        return Client(address, timeout="10s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--dask {address}: cannot reach a Dask scheduler there ({' '.join(str(exc).split())[:120]}); check the address or use --dask local") from None


@lru_cache(maxsize=4)
def _sources(source_paths: tuple[str, ...], cwd: str):
    from verifier.cli import _load_sources

    with contextlib.chdir(cwd):
        return _load_sources(list(source_paths))


def _check(batch: list[tuple[int, str]], source_paths: tuple[str, ...], cwd: str, levels, lang=None) -> list[tuple[int, object]]:
    """One task on a worker: a batch of (index, path) to (index, Result); ``lang`` the messages' language."""
    from verifier.config import apply
    from verifier.pipeline import run

    index = _sources(source_paths, cwd)
    select, ignore, overrides = levels
    with contextlib.chdir(cwd):
        return [(i, dataclasses.replace(apply(run(p, sources=index, lang=lang), select, ignore, overrides), extraction=None)) for i, p in batch]


def run_articles(address: str, articles: list[Path], source_paths: list[str], levels, batch_size: int | None = None, client=None,
                 lang=None) -> list:
    """Results for ``articles`` in their order, checked on the cluster at ``address``."""
    owned = None
    if client is None:
        client, cluster = _client(address)
        owned = (client, cluster)
    try:
        from distributed import as_completed

        workers = set(client.scheduler_info()["workers"])
        items = [(i, str(p)) for i, p in enumerate(articles)]
        batch_size = batch_size or batch_for(len(items), len(workers))
        batches = [items[k : k + batch_size] for k in range(0, len(items), batch_size)]
        cwd = str(Path.cwd())
        futures = [client.submit(_check, b, tuple(source_paths), cwd, levels, lang, pure=False) for b in batches]
        results: list = [None] * len(articles)
        for fut, done in as_completed(futures, with_results=True):  # gathered in the background as they finish
            for i, r in done:
                results[i] = r
            fut.release()  # a finished batch's results leave the worker's memory now, not at the end
        del futures
        lost = workers - set(client.scheduler_info()["workers"])
        if lost:
            print(f"verify: dask: {len(lost)} worker{'s' if len(lost) != 1 else ''} left during the run ({', '.join(sorted(lost))}); their articles were checked again on the others", file=sys.stderr)
        return results
    finally:
        if owned:
            owned[0].close()
            if owned[1] is not None:
                owned[1].close()

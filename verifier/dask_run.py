"""Archive runs on a Dask cluster: ``verify --dask ADDRESS|local DIR...``.

Articles go to the cluster in batches; each worker loads the source tables
once (``_sources`` is a per-process cache keyed by the paths, holding tables,
never an article's state) and checks its batches with the same ``run`` as a
local run. Results come back as they finish and are put back in the order of
the article list, so reports, ledger matching and the exit code are the local
run's, byte for byte. A worker that dies mid-run loses no article: the
scheduler gives its unfinished batches to other workers, and the run says so
on standard error.

``dask.distributed`` is an optional extra (``pip install 'verify[dask]'``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import lru_cache
from pathlib import Path

from verifier.errors import UsageError

__all__ = ["run_articles", "BATCH"]

BATCH = 16  # articles per task: enough to hide scheduling overhead, few enough to balance


def _client(address: str):
    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError:
        raise UsageError("--dask needs the dask extra: pip install 'verify[dask]'") from None
    if address == "local":
        cluster = LocalCluster(n_workers=min(2, os.cpu_count() or 1), threads_per_worker=1, processes=True, dashboard_address=None)
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
        return [(i, apply(run(p, sources=index, lang=lang), select, ignore, overrides)) for i, p in batch]


def run_articles(address: str, articles: list[Path], source_paths: list[str], levels, batch_size: int = BATCH, client=None,
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
        batches = [items[k : k + batch_size] for k in range(0, len(items), batch_size)]
        cwd = str(Path.cwd())
        pending = as_completed(client.submit(_check, b, tuple(source_paths), cwd, levels, lang, pure=False) for b in batches)
        results: list = [None] * len(articles)
        for fut in pending:
            for i, r in fut.result():
                results[i] = r
            fut.release()  # a finished batch's results leave the worker's memory now, not at the end
        lost = workers - set(client.scheduler_info()["workers"])
        if lost:
            print(f"verify: dask: {len(lost)} worker{'s' if len(lost) != 1 else ''} left during the run ({', '.join(sorted(lost))}); their articles were checked again on the others", file=sys.stderr)
        return results
    finally:
        if owned:
            owned[0].close()
            if owned[1] is not None:
                owned[1].close()

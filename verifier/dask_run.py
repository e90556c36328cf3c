"""Archive runs on a Dask cluster: ``verify --dask ADDRESS|local DIR...``.

Articles go to the cluster in batches. A worker does for each article what a
``--jobs`` worker does (``Session.process``): it checks it with the same
``run``, matches its ledger, writes its HTML report and renders its text, so
what travels back is the compact processed tuple (the rendered text and
counts; the full report only when a whole-batch format such as JSON needs
it), and the client only prints. Each worker loads the source tables once
(``_sources``, a per-process cache of tables keyed by their paths, never an
article's state). Results come back as they finish and are streamed in the
order of the article list, so reports, ledger matching and the exit code are
the local run's, byte for byte. An article that cannot be read is one line
and the others go on, as locally.

Cross-article conflicts (CN003) run as a hash shuffle by key: each batch
sorts its articles' keyed records ((entity, metric, subject, period, ...) →
figure) into ``parts`` buckets by a stable hash of the key, on the worker
that checked it; the reduce task of bucket ``r`` takes bucket ``r`` of every
batch, so each key's records meet on one worker, which compares them; the
client receives only the conflicts; a reduce task keeps its records in a
``check.across.Store`` (on disk past a bound), as a local run does. The buckets grow in number with the
archive (``parts_for``), so no reduce task holds more than the records of
about 5,000 articles; until then a batch keeps its buckets pickled. (``dask.bag``'s task shuffle did the same with a task per
pair of partitions, some 1,700 tasks for 10,000 articles whose scheduling
cost the client more than the comparison.)

A worker that dies mid-run loses no article: its unfinished batches, and the
records it held for the shuffle, are computed again on the others from their
lineage, and the run says so on standard error.

What a run costs beyond the checking, measured with ``bench/archive.py``:

* every task is a round trip through scheduler and client, so a batch is
  sized from the archive, eight per worker (``batch_for``);
* a local cluster's workers are forked from a server that imported and
  warmed the pipeline once (``verifier/dask_preload.py``);
* its housekeeping runs less often (``LOCAL_CONFIG``).

``dask.distributed`` is an optional extra (``pip install 'verify[dask]'``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from verifier.errors import UsageError

__all__ = ["ArchiveRun", "Job", "BATCH", "batch_for", "batches", "Connection", "local_cluster", "parts_for"]

BATCH = 16  # the smallest batch: below it scheduling costs more than checking
MAX_BATCH = 256  # the largest: a batch takes about a second on one worker
TASKS_PER_WORKER = 8  # enough tasks that the workers finish together and results stream


ARTICLES_PER_PART = 5_000  # cross-article records of at most about this many articles meet in one reduce task


def batch_for(n_articles: int, n_workers: int) -> int:
    """Articles per task: a few tasks per worker, between BATCH and MAX_BATCH."""
    return max(BATCH, min(MAX_BATCH, -(-n_articles // (max(1, n_workers) * TASKS_PER_WORKER))))


def batches(n_articles: int, n_workers: int, size: Optional[int] = None) -> list[tuple[int, int]]:
    """``(first, count)`` per task, in order: ``batch_for``'s size, tapering over the last ones.

    Tasks go to the workers in order as they free up, so the run ends when the last batch does:
    with even batches of 256 (about a second each), one worker waited half a batch on average
    for the other at the end. The last batches are each half what remains per worker, down to
    BATCH, so the workers finish within a small batch of each other. A ``size`` given is kept.
    """
    full = size or batch_for(n_articles, n_workers)
    out, first = [], 0
    while first < n_articles:
        left = n_articles - first
        count = full if size else max(min(full, BATCH), min(full, -(-left // (2 * max(1, n_workers)))))
        out.append((first, min(count, left)))
        first += count
    return out


def parts_for(n_articles: int, n_workers: int) -> int:
    """Buckets of the CN003 shuffle: one per worker at least, more as the archive grows."""
    return max(1, n_workers, -(-n_articles // ARTICLES_PER_PART))


def bucket(key: tuple, parts: int) -> int:
    """The same bucket for a key in every process (``hash`` of a str is salted per process)."""
    return zlib.crc32(repr(key).encode("utf-8")) % parts


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


def _distributed():
    try:
        import distributed
    except ModuleNotFoundError:
        raise UsageError("--dask needs the dask extra: pip install 'verify[dask]'") from None
    return distributed


def _require_distributed() -> None:
    """The one-line error without the extra, found without importing it (0.7 s of CPU)."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise UsageError("--dask needs the dask extra: pip install 'verify[dask]'")


PRELOAD = ["verifier.dask_preload"]


def start_fork_server() -> None:
    """Start the fork server a local cluster's workers are forked from, now, and return at once.

    Its warm-up (``dask_preload``: importing dask.distributed and the pipeline, checking the warm-up
    articles; about 1.6 s of CPU) is the longest step of a local cluster's start, and it runs in a
    process of its own. Left to the cluster, it begins only when the first nanny starts its worker,
    after this process has imported dask.distributed and started the scheduler; started first, it
    overlaps both and the reading of the articles, and the workers are up about a second sooner.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()  # a server already running (with its preload) is kept


def local_cluster(n_workers: Optional[int] = None):
    """The cluster ``--dask local`` starts: single-threaded worker processes, forked warm."""
    distributed = _distributed()
    import dask

    from distributed.utils import get_mp_context

    with dask.config.set(LOCAL_CONFIG):
        get_mp_context().set_forkserver_preload(PRELOAD)  # after distributed sets its own list
        return distributed.LocalCluster(n_workers=n_workers or min(2, os.cpu_count() or 1), threads_per_worker=1,
                                        processes=True, dashboard_address=":0")  # the HTTP endpoints on a free port


def _client(address: str, n_workers: Optional[int] = None):
    distributed = _distributed()
    if address == "local":
        cluster = local_cluster(n_workers)
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(address, timeout="10s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--dask {address}: cannot reach a Dask scheduler there ({' '.join(str(exc).split())[:120]}); check the address or use --dask local") from None


class Connection:
    """The connection to the scheduler, or the local cluster's start, made in a thread of its own.

    The command line opens it first and reads its articles, ledgers and tables meanwhile: a local
    cluster's start (its fork server's warm-up) takes a core for a couple of seconds that the client
    would otherwise wait out. A run ``take``s it and closes it; ``close`` closes it when none did.
    """

    def __init__(self, address: str):
        from concurrent.futures import ThreadPoolExecutor

        _require_distributed()  # without the extra, the one-line error now, not from the thread
        if address == "local":
            start_fork_server()
        pool = ThreadPoolExecutor(1, thread_name_prefix="verify-dask-connect")
        self._future = pool.submit(_client, address)
        pool.shutdown(wait=False)
        self.taken = False

    def take(self) -> tuple:
        """``(client, cluster)``, once connected; a connection that failed raises its error here."""
        self.taken = True
        return self._future.result()

    def close(self) -> None:
        if self.taken:
            return
        self.taken = True
        try:
            client, cluster = self._future.result()
        except Exception:  # it failed to connect: nothing to close, and the run's own error is what counts
            return
        client.close()
        if cluster is not None:
            cluster.close()


@lru_cache(maxsize=4)
def _sources(source_paths: tuple[str, ...], cwd: str, max_bytes: Optional[int] = None):
    from verifier.cli import _load_sources

    with contextlib.chdir(cwd):
        return _load_sources(list(source_paths), max_bytes)


@dataclasses.dataclass(frozen=True)
class Job:
    """What every task of a run shares: the folder it runs in, the tables, the rules, the language."""

    cwd: str
    source_paths: tuple[str, ...] = ()
    levels: tuple = (None, frozenset(), {})  # select, ignore, severity overrides
    lang: Optional[str] = None
    update_ledger: bool = False
    stdin: Optional[tuple] = None  # (path, Article) when standard input is among the articles
    max_bytes: Optional[int] = None  # --max-size

    def check(self, p: Path):
        """The article's result as the local run computes it (``cli.check`` then ``config.apply``)."""
        from verifier.config import apply
        from verifier.pipeline import analyse_text, run

        index = _sources(self.source_paths, self.cwd, self.max_bytes)
        if self.stdin is not None and p == self.stdin[0]:
            from verifier.read import prose_masks

            piped = self.stdin[1]
            result = analyse_text(piped, prose_masks(p, piped.text), index, self.lang)
        else:
            result = run(p, sources=index, lang=self.lang, max_bytes=self.max_bytes)
        return apply(result, *self.levels)


def _check(shard: bytes, first: int, job: Job, parts: int) -> tuple[bytes, tuple[bytes, ...]]:
    """One task on a worker: ``(index, processed, error)`` per article of the shard (``first`` the
    index of its first in the run), and the batch's cross-article records in ``parts`` buckets,
    which stay on the worker until the reduce tasks take them.

    The shard comes and the results go as pickles made here and on the client (``_dumps``): what
    dask holds and moves is then a few byte strings per task, which it neither unpickles on the
    scheduler nor walks to size (``sizeof``) nor pickles again object by object on its event loop,
    a thread that otherwise takes the GIL from the checking."""
    from verifier.errors import InputError

    shard = pickle.loads(shard)
    done: list = []
    buckets: list[list] = [[] for _ in range(parts)]
    with contextlib.chdir(job.cwd):
        for i, p in enumerate(shard.articles, first):
            try:
                processed = shard.process(p, job.check(p), shard.active, job.update_ledger)
            except InputError as exc:
                done.append((i, None, exc.message))
                continue
            for record in processed[4]:
                buckets[bucket(record[0], parts)].append(record)
            done.append((i, processed[:4] + ([],) + processed[5:], None))
    # The buckets wait as pickles until the reduce tasks take them: a tenth of the memory of the
    # live records (about 0.6 KB an article against 6), which wait on the workers for the whole run.
    # (Pickled a record at a time, as the reduce task's store keeps them, they took twice the bytes.)
    return _dumps(done), tuple(_dumps(b) for b in buckets)


def _dumps(obj) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _bucket(result: tuple, r: int) -> bytes:
    return result[1][r]


def _conflicts(*buckets: bytes) -> list[dict]:
    """One bucket of every batch, so every record of its keys: CN003's findings for them. The records
    go through a ``Store``, as a local run's do: past its bound they wait on the worker's disk, not
    unpickled in its memory, and are read back one key at a time."""
    from verifier.check.across import Store
    from verifier.check.rules import cn003_cross_article_conflict as cn003

    store = Store()
    try:
        for records in buckets:
            store.add(pickle.loads(records))
        return [f for key, entries in store.groups() for f in cn003.conflicts(key, entries)]
    finally:
        store.close()


class ArchiveRun:
    """A run on a cluster: iterate for ``(path, processed, error)`` per article in order, as
    ``batch.checked`` yields, then ``conflicts()`` for what the shuffle found across articles."""

    def __init__(self, address: str, articles: list[Path], session, job: Job, *, batch_size: Optional[int] = None, client=None,
                 connecting=None):
        """``client``: one the caller keeps; else ``connecting`` (a ``Connection``) or a new connection to ``address``."""
        self.articles, self.session, self.job, self.batch_size = list(articles), session, job, batch_size
        self._owned = client is None
        if client is not None:
            self.client, self._cluster = client, None
        else:
            self.client, self._cluster = connecting.take() if connecting is not None else _client(address)
        self._cross = None

    def __enter__(self) -> "ArchiveRun":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._owned:
            self.client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._owned = False

    def __iter__(self) -> Iterator[tuple]:
        from distributed import as_completed

        client = self.client
        workers = set(client.scheduler_info()["workers"])
        n = len(self.articles)
        parts = parts_for(n, len(workers)) if self.session.many else 0
        # a few graphs, not a submit per task: the scheduler unpacks each submission on its own
        spans = batches(n, len(workers), self.batch_size)
        firsts = [k for k, _ in spans]
        from distributed.protocol.pickle import dumps  # pickle, or cloudpickle for what pickle cannot name

        shards = [dumps(self.session.shard(self.articles[k : k + c]), protocol=pickle.HIGHEST_PROTOCOL) for k, c in spans]
        checked = client.map(_check, shards, firsts, job=self.job, parts=parts, pure=False)
        del shards
        self._cross = [client.submit(_conflicts, *client.map(_bucket, checked, r=r, pure=False), pure=False) for r in range(parts)]
        ready: dict[int, tuple] = {}
        upto = 0
        # Gathered in the background as they finish, buckets and all (a batch's buckets are a fifth of its
        # bytes; a task of its own to leave them behind cost the scheduler and the workers more).
        for fut, (part, _) in as_completed(checked, with_results=True):
            fut.release()  # the batch leaves the worker's memory once its buckets are taken, not at the end
            for i, processed, error in pickle.loads(part):
                ready[i] = (processed, error)
            while upto in ready:
                processed, error = ready.pop(upto)
                yield self.articles[upto], processed, error
                upto += 1
        del checked
        lost = workers - set(client.scheduler_info()["workers"])
        if lost:
            print(f"verify: dask: {len(lost)} worker{'s' if len(lost) != 1 else ''} left during the run ({', '.join(sorted(lost))}); "
                  "the articles they held were checked again on the others", file=sys.stderr)

    def conflicts(self) -> list[dict]:
        """The cross-article findings of the run, unnumbered (after the articles are all in)."""
        found = [f for part in self.client.gather(self._cross or []) for f in part]
        self._cross = None
        return found
